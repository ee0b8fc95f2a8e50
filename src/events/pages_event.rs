//! What one event's page and the event form show, each read in one transaction with `permit`
//! inside: the event with its participants and the parents' answers, and the form's lists.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::model::{EVENT_REPLIES, EVENTS};
use super::model::{Event, Reply};
use super::pages::Names;
use super::queries::{includes_student, invites_parents_of, of_class};
use super::rules::{self, may_answer};
use super::service::{class_and_year, staff, students_of_day};
use crate::auth::accounts;
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::people::service::{children_of, class_of};
use crate::state::AppState;
use crate::store::ids::{ClassId, EventId, UserId};
use crate::store::{Order, Reader, StoreError};

/// The answers of one student's parents.
#[derive(Clone, Debug)]
pub struct FamilyAnswers {
    pub student: String,
    /// Each parent with their answer, if any.
    pub parents: Vec<(String, Option<Reply>)>,
}

impl FamilyAnswers {
    /// Someone comes; nobody comes; nobody has answered.
    pub fn state(&self) -> Option<bool> {
        let answers: Vec<&Reply> = self.parents.iter().filter_map(|(_, r)| r.as_ref()).collect();
        if answers.is_empty() {
            None
        } else {
            Some(answers.iter().any(|r| r.answer == super::model::Answer::Yes))
        }
    }
}

/// A parent's child invited to the event, with the parent's answer.
#[derive(Clone, Debug)]
pub struct ChildInvite {
    pub student: UserId,
    pub name: String,
    pub reply: Option<Reply>,
    pub can_answer: bool,
}

/// One event with what the reader may see of it.
#[derive(Clone, Debug)]
pub struct EventPage {
    pub id: EventId,
    pub event: Event,
    pub class_name: String,
    pub responsible: String,
    pub created_by: String,
    pub updated_by: Option<String>,
    /// Staff who see the class's events: participants and answers are shown.
    pub staff_view: bool,
    pub can_edit: bool,
    /// The students taking part (staff only).
    pub students: Vec<String>,
    /// Per student taking part, their parents' answers (staff only, when parents are invited).
    pub answers: Vec<FamilyAnswers>,
    /// A parent's children invited.
    pub invites: Vec<ChildInvite>,
    /// Other events of the class at the same time.
    pub overlaps: Vec<(EventId, String)>,
}

/// Whether the actor sees `e` as a participant: a student taking part, the parent of one, or
/// the person responsible.
fn participates(tx: &impl Reader, actor: &Actor, e: &Event) -> Result<bool, StoreError> {
    if e.responsible == Some(actor.id) {
        return Ok(true);
    }
    let mut candidates = vec![actor.id];
    candidates.extend(children_of(tx, actor.id)?);
    for s in candidates {
        if includes_student(e, s)
            && class_of(tx, s, e.date)? == Some(e.class)
            && allows(tx, actor, Action::DiaryView, Target::Student(s))?
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// GET /events/{id} — one event: staff who may see the class's events see its participants and
/// the parents' answers; a participant sees the event, a parent answers for their children.
pub async fn event(state: &AppState, actor: Actor, id: EventId) -> Result<EventPage, AppError> {
    state.store.read(move |tx| event_in(tx, &actor, id)).await
}

pub fn event_in(tx: &impl Reader, actor: &Actor, id: EventId) -> Result<EventPage, AppError> {
    let e = EVENTS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let class = Target::Class(e.class);
    let staff_view = allows(tx, actor, Action::EventsView, class)?;
    if !staff_view && !participates(tx, actor, &e)? {
        permit(tx, actor, Action::EventsView, class)?;
    }
    let can_edit = allows(tx, actor, Action::EventsEdit, class)?;
    let mut names = Names::default();
    let list = students_of_day(tx, e.class, e.date)?;
    let taking_part = rules::students_taking_part(&e, &list);
    let mut students = Vec::new();
    let mut answers = Vec::new();
    if staff_view {
        let mut replies: HashMap<UserId, Reply> = HashMap::new();
        EVENT_REPLIES.scan_prefix(tx, &id, Order::Asc, |(_, parent), r| {
            replies.insert(parent, r);
            true
        })?;
        for &s in &taking_part {
            let name = names.full(tx, s)?;
            students.push(name.clone());
            if invites_parents_of(&e, s) {
                let mut parents = Vec::new();
                for (p, _) in crate::people::service::guardians_of(tx, s)? {
                    let reply = replies.get(&p).cloned();
                    parents.push((names.full(tx, p)?, reply));
                }
                answers.push(FamilyAnswers { student: name, parents });
            }
        }
    }
    let mut invites = Vec::new();
    if actor.roles.contains(&Role::Parent) {
        for child in children_of(tx, actor.id)? {
            if taking_part.contains(&child) && invites_parents_of(&e, child) {
                let reply = EVENT_REPLIES.get(tx, &(id, actor.id))?;
                let can_answer = may_answer(&e, actor.today)
                    && allows(tx, actor, Action::EventsReply, Target::Student(child))?;
                invites.push(ChildInvite { student: child, name: names.full(tx, child)?, reply, can_answer });
            }
        }
    }
    let mut overlaps = Vec::new();
    for (other, o) in of_class(tx, e.class, e.date, e.date)? {
        if other != id && rules::overlap(&e, &o) {
            overlaps.push((other, o.title));
        }
    }
    Ok(EventPage {
        id,
        class_name: names.class(tx, e.class)?,
        responsible: match e.responsible {
            Some(u) => names.full(tx, u)?,
            None => e.responsible_name.clone(),
        },
        created_by: names.user(tx, e.created_by)?,
        updated_by: match e.updated_by {
            Some(u) => Some(names.user(tx, u)?),
            None => None,
        },
        staff_view,
        can_edit,
        students,
        answers,
        invites,
        overlaps,
        event: e,
    })
}

/// What the event form offers.
#[derive(Clone, Debug)]
pub struct FormPage {
    pub class: ClassId,
    pub class_name: String,
    /// The event being changed; none for a new one.
    pub event: Option<EventId>,
    /// The class list on the event's day.
    pub students: Vec<(UserId, String)>,
    /// Who may be named responsible.
    pub staff: Vec<(UserId, String)>,
}

/// GET /classes/{class}/events/new and /events/{id}/edit — asks `events.edit` on the class.
pub async fn form(
    state: &AppState,
    actor: Actor,
    class: Option<ClassId>,
    event: Option<EventId>,
    day: NaiveDate,
) -> Result<(FormPage, Option<Event>), AppError> {
    state
        .store
        .read(move |tx| {
            let stored = match event {
                Some(id) => Some(EVENTS.get(tx, &id)?.ok_or(AppError::NotFound)?),
                None => None,
            };
            let class = match (&stored, class) {
                (Some(e), _) => e.class,
                (None, Some(c)) => c,
                (None, None) => return Err(AppError::NotFound),
            };
            permit(tx, &actor, Action::EventsEdit, Target::Class(class))?;
            let (c, _) = class_and_year(tx, class)?;
            let mut students = Vec::new();
            for s in students_of_day(tx, class, day)? {
                students.push((s, accounts::get(tx, s)?.map(|u| u.full_name()).unwrap_or_default()));
            }
            let staff = staff(tx)?.into_iter().map(|(id, u)| (id, u.full_name())).collect();
            Ok((FormPage { class, class_name: c.name(), event, students, staff }, stored))
        })
        .await
}
