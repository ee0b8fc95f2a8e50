//! The list of journals a viewer may open, and a journal's change log.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::model::JOURNAL_LOG;
use super::model::LogEntry;
use super::queries::{self, Head, short_name};
use crate::auth::accounts;
use crate::auth::permission::{Action, Actor, Target, allows, may_at_school, may_somewhere, permit};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, LogId, PeriodId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{Class, Period, Teaching};
use crate::structure::model::{GROUPS, PERIODS, SUBJECTS, TEACHING, TEACHING_BY_TEACHER};
use crate::structure::service::{chief_classes, classes_of, current_year_id, teaching_of_class};
use crate::timetable::model::{SUBSTITUTIONS, TIMETABLE_CHANGES};

/// A journal in a list: its subject (and group), its teacher.
#[derive(Clone, Debug)]
pub struct JournalLink {
    pub id: TeachingId,
    pub subject: String,
    pub group: Option<String>,
    pub teacher: String,
}

/// The journals of one class.
#[derive(Clone, Debug)]
pub struct ClassJournals {
    pub id: ClassId,
    pub name: String,
    pub journals: Vec<JournalLink>,
}

/// A lesson the viewer gives as a substitute.
#[derive(Clone, Debug)]
pub struct SubLesson {
    pub day: NaiveDate,
    pub number: u8,
    pub class: String,
    pub journal: JournalLink,
}

#[derive(Default)]
pub struct JournalList {
    /// The viewer's own teaching, by class.
    pub mine: Vec<ClassJournals>,
    /// Lessons they substitute this week.
    pub substitutions: Vec<SubLesson>,
    /// The journals of the classes they lead (read-only).
    pub chief: Vec<ClassJournals>,
    /// For those who see every journal: the classes to pick from, and the one picked.
    pub classes: Option<Vec<(ClassId, Class)>>,
    pub picked: Option<ClassJournals>,
}

fn link(tx: &impl Reader, id: TeachingId, t: &Teaching) -> Result<JournalLink, StoreError> {
    let subject = SUBJECTS.get(tx, &t.subject)?.map(|s| s.name).unwrap_or_default();
    let group = match t.group {
        Some(g) => GROUPS.get(tx, &g)?.map(|g| g.name),
        None => None,
    };
    let teacher = accounts::get(tx, t.teacher)?.map(|u| u.short_name()).unwrap_or_default();
    Ok(JournalLink { id, subject, group, teacher })
}

/// The journals of a class that `permit` lets the actor open.
fn class_journals(
    tx: &impl Reader,
    actor: &Actor,
    id: ClassId,
    class: &Class,
) -> Result<ClassJournals, StoreError> {
    let mut journals = Vec::new();
    for (tid, t) in teaching_of_class(tx, id)? {
        if allows(tx, actor, Action::JournalView, Target::Teaching(tid))? {
            journals.push(link(tx, tid, &t)?);
        }
    }
    journals.sort_by(|a, b| (&a.subject, &a.group).cmp(&(&b.subject, &b.group)));
    Ok(ClassJournals { id, name: class.name(), journals })
}

/// The viewer's journals; `class` picks a class for those who see the whole school.
pub async fn journals(
    state: &AppState,
    actor: Actor,
    class: Option<ClassId>,
) -> Result<JournalList, AppError> {
    state
        .store
        .read(move |tx| {
            if !may_somewhere(&actor.roles, Action::JournalView) {
                permit(tx, &actor, Action::JournalView, Target::School)?;
            }
            let Some(year) = current_year_id(tx)? else { return Ok(JournalList::default()) };
            let classes = classes_of(tx, year)?;
            let mut out = JournalList::default();

            let mut mine: BTreeMap<ClassId, Vec<JournalLink>> = BTreeMap::new();
            let mut ids = Vec::new();
            TEACHING_BY_TEACHER.scan_prefix(tx, &actor.id, Order::Asc, |(_, t), ()| {
                ids.push(t);
                true
            })?;
            for tid in ids {
                if let Some(t) = TEACHING.get(tx, &tid)?
                    && t.year == year
                    && allows(tx, &actor, Action::JournalView, Target::Teaching(tid))?
                {
                    mine.entry(t.class).or_default().push(link(tx, tid, &t)?);
                }
            }
            for (id, class) in &classes {
                if let Some(mut journals) = mine.remove(id) {
                    journals.sort_by(|a, b| (&a.subject, &a.group).cmp(&(&b.subject, &b.group)));
                    out.mine.push(ClassJournals { id: *id, name: class.name(), journals });
                }
            }

            let monday =
                actor.today - chrono::Duration::days(i64::from(actor.today.weekday().num_days_from_monday()));
            let next = monday + chrono::Duration::days(7);
            let mut subs = Vec::new();
            SUBSTITUTIONS.scan_between(tx, &(actor.id, monday), &(actor.id, next), Order::Asc, |k, ()| {
                subs.push((k.1, k.2, k.3));
                true
            })?;
            for (day, class, change) in subs {
                let Some(c) = TIMETABLE_CHANGES.get(tx, &(class, day, change))? else { continue };
                let Some(t) = TEACHING.get(tx, &c.teaching)? else { continue };
                let name =
                    classes.iter().find(|(id, _)| *id == class).map(|(_, c)| c.name()).unwrap_or_default();
                out.substitutions.push(SubLesson {
                    day,
                    number: c.number,
                    class: name,
                    journal: link(tx, c.teaching, &t)?,
                });
            }

            for (id, class) in chief_classes(tx, year, actor.id)? {
                out.chief.push(class_journals(tx, &actor, id, &class)?);
            }
            if may_at_school(&actor.roles, Action::JournalView) {
                if let Some(cid) = class
                    && let Some((_, c)) = classes.iter().find(|(id, _)| *id == cid)
                {
                    out.picked = Some(class_journals(tx, &actor, cid, c)?);
                }
                out.classes = Some(classes);
            }
            Ok(out)
        })
        .await
}

/// One page of a journal's change log, newest first.
pub struct LogPage {
    pub head: Head,
    pub entries: Vec<(LogId, LogEntry)>,
    /// Short names of the people in the entries (authors and students).
    pub names: HashMap<UserId, String>,
    pub periods: HashMap<PeriodId, Period>,
    /// Where the next (older) page starts.
    pub next: Option<LogId>,
}

/// Entries per page.
pub const LOG_PAGE: usize = 200;

/// The change log of `id`, entries older than `before` (the newest when `None`).
pub async fn log(
    state: &AppState,
    actor: Actor,
    id: TeachingId,
    before: Option<LogId>,
) -> Result<LogPage, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::JournalView, Target::Teaching(id))?;
            let head = queries::head(tx, id)?;
            let mut entries = Vec::with_capacity(LOG_PAGE + 1);
            let end = before.unwrap_or(LogId(u64::MAX));
            JOURNAL_LOG.scan_between(tx, &(id, LogId(0)), &(id, end), Order::Desc, |(_, lid), e| {
                entries.push((lid, e));
                entries.len() <= LOG_PAGE
            })?;
            let next = if entries.len() > LOG_PAGE {
                entries.truncate(LOG_PAGE);
                entries.last().map(|(lid, _)| *lid)
            } else {
                None
            };
            let mut names = HashMap::new();
            let mut periods = HashMap::new();
            for (_, e) in &entries {
                for who in [e.by, e.student] {
                    if let std::collections::hash_map::Entry::Vacant(v) = names.entry(who) {
                        let u = accounts::get(tx, who)?;
                        v.insert(
                            u.map(|u| {
                                if who == e.student {
                                    short_name(&u.surname, &u.first_name)
                                } else {
                                    u.short_name()
                                }
                            })
                            .unwrap_or_default(),
                        );
                    }
                }
                if let super::model::LogField::Final(0, pid) = e.field
                    && let std::collections::hash_map::Entry::Vacant(v) = periods.entry(PeriodId(pid))
                    && let Some(p) = PERIODS.get(tx, &PeriodId(pid))?
                {
                    v.insert(p);
                }
            }
            Ok(LogPage { head, entries, names, periods, next })
        })
        .await
}
