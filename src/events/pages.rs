//! What the lists of events show, each read in one transaction with `permit` inside: the
//! events a user may see (by week), a class's events. One event and the form: `pages_event.rs`.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::model::Event;
use super::queries::{for_staff, for_student, of_class};
use super::rules::overlapping;
use super::service::class_and_year;
use crate::auth::accounts;
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::people::service::children_of;
use crate::state::AppState;
use crate::store::ids::{ClassId, EventId, UserId};
use crate::store::{Reader, StoreError};
use crate::structure::model::CLASSES;
use crate::structure::service::{classes_of, current_year_id};

/// How many weeks a list shows at once.
pub const WEEKS: i64 = 5;

/// The Monday of the week of `day`.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// Names read once per page.
#[derive(Default)]
pub(super) struct Names {
    users: HashMap<UserId, String>,
    classes: HashMap<ClassId, String>,
}

impl Names {
    pub(super) fn user(&mut self, tx: &impl Reader, id: UserId) -> Result<String, StoreError> {
        if let Some(n) = self.users.get(&id) {
            return Ok(n.clone());
        }
        let n = accounts::get(tx, id)?.map(|u| u.short_name()).unwrap_or_default();
        self.users.insert(id, n.clone());
        Ok(n)
    }

    pub(super) fn full(&self, tx: &impl Reader, id: UserId) -> Result<String, StoreError> {
        Ok(accounts::get(tx, id)?.map(|u| u.full_name()).unwrap_or_default())
    }

    pub(super) fn class(&mut self, tx: &impl Reader, id: ClassId) -> Result<String, StoreError> {
        if let Some(n) = self.classes.get(&id) {
            return Ok(n.clone());
        }
        let n = CLASSES.get(tx, &id)?.map(|c| c.name()).unwrap_or_default();
        self.classes.insert(id, n.clone());
        Ok(n)
    }

    /// The responsible person as the pages show them.
    pub(super) fn responsible(&mut self, tx: &impl Reader, e: &Event) -> Result<String, StoreError> {
        match e.responsible {
            Some(u) => self.user(tx, u),
            None => Ok(e.responsible_name.clone()),
        }
    }
}

/// One event in a list.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: EventId,
    pub event: Event,
    pub class_name: String,
    pub responsible: String,
    /// Another event of the class takes place at the same time.
    pub overlaps: bool,
    /// For a parent: whose event it is.
    pub children: Vec<String>,
}

/// A list of events by week.
#[derive(Clone, Debug)]
pub struct ListPage {
    /// The class of a class's page (`/classes/{class}/events`).
    pub class: Option<(ClassId, String)>,
    /// The classes the filter of `/events` offers; empty when there is none.
    pub classes: Vec<(ClassId, String)>,
    /// The class chosen in the filter.
    pub chosen: Option<ClassId>,
    /// Where a new event may be made.
    pub can_create: Option<ClassId>,
    pub from: NaiveDate,
    pub weeks: Vec<(NaiveDate, Vec<Row>)>,
    pub today: NaiveDate,
}

fn rows(
    tx: &impl Reader,
    names: &mut Names,
    found: Vec<(EventId, Event, Option<UserId>)>,
) -> Result<Vec<Row>, StoreError> {
    // Overlaps are looked for among all events of each class on the days shown.
    let mut by_class: HashMap<ClassId, Vec<(EventId, Event)>> = HashMap::new();
    for (id, e, _) in &found {
        let list = by_class.entry(e.class).or_default();
        if !list.iter().any(|(i, _)| i == id) {
            list.push((*id, e.clone()));
        }
    }
    let mut flagged = std::collections::HashSet::new();
    for (class, shown) in by_class {
        let (Some(first), Some(last)) =
            (shown.iter().map(|(_, e)| e.date).min(), shown.iter().map(|(_, e)| e.date).max())
        else {
            continue;
        };
        flagged.extend(overlapping(&of_class(tx, class, first, last)?));
    }
    let mut out: Vec<Row> = Vec::new();
    for (id, e, child) in found {
        let child = match child {
            Some(c) => Some(names.user(tx, c)?),
            None => None,
        };
        if let Some(row) = out.iter_mut().find(|r| r.id == id) {
            row.children.extend(child);
            continue;
        }
        out.push(Row {
            id,
            class_name: names.class(tx, e.class)?,
            responsible: names.responsible(tx, &e)?,
            overlaps: flagged.contains(&id),
            children: child.into_iter().collect(),
            event: e,
        });
    }
    out.sort_by_key(|r| (r.event.date, r.event.start, r.class_name.clone(), r.id));
    Ok(out)
}

fn by_week(from: NaiveDate, rows: Vec<Row>) -> Vec<(NaiveDate, Vec<Row>)> {
    let mut weeks: Vec<(NaiveDate, Vec<Row>)> =
        (0..WEEKS).map(|w| (from + Duration::weeks(w), Vec::new())).collect();
    for r in rows {
        let monday = monday_of(r.event.date);
        if let Some((_, list)) = weeks.iter_mut().find(|(m, _)| *m == monday) {
            list.push(r);
        }
    }
    weeks
}

/// The classes of the current year whose events the actor may see.
fn visible_classes(tx: &impl Reader, actor: &Actor) -> Result<Vec<(ClassId, String)>, StoreError> {
    let Some(year) = current_year_id(tx)? else { return Ok(Vec::new()) };
    let mut classes = classes_of(tx, year)?;
    classes.sort_by(|a, b| (a.1.grade, &a.1.letter).cmp(&(b.1.grade, &b.1.letter)));
    let mut out = Vec::new();
    for (id, c) in classes {
        if allows(tx, actor, Action::EventsView, Target::Class(id))? {
            out.push((id, c.name()));
        }
    }
    Ok(out)
}

/// The events of a student's family side: a student's own, a parent's children's.
fn family_events(
    tx: &impl Reader,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(EventId, Event, Option<UserId>)>, StoreError> {
    let mut out = Vec::new();
    if actor.roles.contains(&Role::Student)
        && allows(tx, actor, Action::DiaryView, Target::Student(actor.id))?
    {
        out.extend(for_student(tx, actor.id, from, to)?.into_iter().map(|(id, e)| (id, e, None)));
    }
    if actor.roles.contains(&Role::Parent) {
        for child in children_of(tx, actor.id)? {
            if allows(tx, actor, Action::DiaryView, Target::Student(child))? {
                out.extend(for_student(tx, child, from, to)?.into_iter().map(|(id, e)| (id, e, Some(child))));
            }
        }
    }
    Ok(out)
}

/// GET /events?class=&from= — the events the actor may see: the whole school's (or one
/// class's) for the administration, a teacher's classes as class chief and the events they
/// are responsible for, a student's own and a parent's children's.
pub async fn list(
    state: &AppState,
    actor: Actor,
    class: Option<ClassId>,
    from: NaiveDate,
) -> Result<ListPage, AppError> {
    state
        .store
        .read(move |tx| {
            let from = monday_of(from);
            let to = from + Duration::weeks(WEEKS) - Duration::days(1);
            let classes = visible_classes(tx, &actor)?;
            let mut names = Names::default();
            let found: Vec<(EventId, Event, Option<UserId>)> = if let Some(c) = class {
                permit(tx, &actor, Action::EventsView, Target::Class(c))?;
                of_class(tx, c, from, to)?.into_iter().map(|(id, e)| (id, e, None)).collect()
            } else {
                let mut found = Vec::new();
                if allows(tx, &actor, Action::EventsView, Target::School)? {
                    for (c, _) in &classes {
                        found.extend(of_class(tx, *c, from, to)?.into_iter().map(|(id, e)| (id, e, None)));
                    }
                } else if actor.roles.iter().any(|r| r.is_staff()) {
                    found.extend(for_staff(tx, actor.id, from, to)?.into_iter().map(|(id, e)| (id, e, None)));
                }
                found.extend(family_events(tx, &actor, from, to)?);
                found
            };
            let can_create = match class {
                Some(c) if allows(tx, &actor, Action::EventsEdit, Target::Class(c))? => Some(c),
                _ => None,
            };
            let rows = rows(tx, &mut names, found)?;
            Ok(ListPage {
                class: None,
                classes,
                chosen: class,
                can_create,
                from,
                weeks: by_week(from, rows),
                today: actor.today,
            })
        })
        .await
}

/// GET /classes/{class}/events?from= — a class's events by week, overlaps flagged.
pub async fn of_class_page(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    from: NaiveDate,
) -> Result<ListPage, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::EventsView, Target::Class(class))?;
            let (c, _) = class_and_year(tx, class)?;
            let from = monday_of(from);
            let to = from + Duration::weeks(WEEKS) - Duration::days(1);
            let mut names = Names::default();
            let found = of_class(tx, class, from, to)?.into_iter().map(|(id, e)| (id, e, None)).collect();
            let rows = rows(tx, &mut names, found)?;
            let can_create = allows(tx, &actor, Action::EventsEdit, Target::Class(class))?.then_some(class);
            Ok(ListPage {
                class: Some((class, c.name())),
                classes: Vec::new(),
                chosen: None,
                can_create,
                from,
                weeks: by_week(from, rows),
                today: actor.today,
            })
        })
        .await
}
