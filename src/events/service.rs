//! Writing class events: create, change, call off (and back on), delete, and parents' answers.
//!
//! The `_as` functions are what the pages call: one write transaction, `permit` first (so a
//! refused role never learns what its form lacked), then the form, then the data, the notices
//! to the participants and the audit entry — all or nothing. [`store_new`] and [`recipients`]
//! work inside the caller's transaction without a permission check (the demo uses them).

use std::collections::HashMap;

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::model::{Answer, Event, Reply};
use super::model::{CLASS_EVENTS, EVENT_REPLIES, EVENTS};
use super::queries::invites_parents_of;
use super::rules::{self, Bounds, Checked, EventForm, MAX_REPLY_NOTE, Recipients, resolve};
use crate::audit;
use crate::auth::accounts;
use crate::auth::model::User;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::notify::model::{Notice, arg};
use crate::notify::service::send;
use crate::people::service::{class_of, guardians_of, students_of};
use crate::state::AppState;
use crate::store::ids::{ClassId, EventId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, YEARS};
use crate::structure::model::{Class, Year};
use crate::web::form::{FieldErrors, Pairs};

/// The class and its year; a closed year is read-only.
pub fn class_and_year(tx: &impl Reader, class: ClassId) -> Result<(Class, Year), AppError> {
    let c = CLASSES.get(tx, &class)?.ok_or(AppError::NotFound)?;
    let y = YEARS.get(tx, &c.year)?.ok_or(AppError::NotFound)?;
    Ok((c, y))
}

fn open_year(tx: &impl Reader, class: ClassId) -> Result<(Class, Year), AppError> {
    let (c, y) = class_and_year(tx, class)?;
    if y.closed {
        return Err(AppError::BadRequest("events-error-year-closed"));
    }
    Ok((c, y))
}

/// The class list on `day`, by name.
pub fn students_of_day(tx: &impl Reader, class: ClassId, day: NaiveDate) -> Result<Vec<UserId>, StoreError> {
    let mut keyed = Vec::new();
    for s in students_of(tx, class, day)? {
        let u = accounts::get(tx, s)?;
        let key = u.map(|u| (u.surname, u.first_name, u.patronymic)).unwrap_or_default();
        keyed.push((key, s));
    }
    keyed.sort();
    Ok(keyed.into_iter().map(|(_, s)| s).collect())
}

/// The active staff accounts that may be named responsible, by name.
pub fn staff(tx: &impl Reader) -> Result<Vec<(UserId, User)>, StoreError> {
    let mut out = Vec::new();
    accounts::each(tx, |id, u| {
        if !u.disabled && u.roles.iter().any(|r| r.is_staff()) {
            out.push((id, u));
        }
        true
    })?;
    out.sort_by(|a, b| (&a.1.surname, &a.1.first_name).cmp(&(&b.1.surname, &b.1.first_name)));
    Ok(out)
}

/// The day whose class list a form is checked against: its date, or `today` when unreadable.
pub fn list_day(form: &EventForm, today: NaiveDate) -> NaiveDate {
    crate::timetable::service::parse_date(&form.date).unwrap_or(today)
}

/// Checks the form against the class's year, its list on the event's day and the staff.
fn check_form(
    tx: &impl Reader,
    class: ClassId,
    form: &EventForm,
    today: NaiveDate,
) -> Result<Checked, AppError> {
    let (_, year) = open_year(tx, class)?;
    let students = students_of_day(tx, class, list_day(form, today))?;
    let staff: Vec<UserId> = staff(tx)?.into_iter().map(|(id, _)| id).collect();
    let bounds = Bounds { first_day: year.start, last_day: year.end, students: &students, staff: &staff };
    Ok(rules::check(form, &bounds)?)
}

/// A new event of `class` from checked fields.
pub fn new_event(class: ClassId, c: Checked, by: UserId, now: i64) -> Event {
    let mut e = Event {
        class,
        kind: c.kind,
        title: String::new(),
        date: c.date,
        start: None,
        end: None,
        place: String::new(),
        responsible: None,
        responsible_name: String::new(),
        participants: Default::default(),
        notes: String::new(),
        cancelled: false,
        created_by: by,
        updated_by: None,
        updated_at: now,
    };
    apply(&mut e, c);
    e
}

fn apply(e: &mut Event, c: Checked) {
    e.kind = c.kind;
    e.title = c.title;
    e.date = c.date;
    e.start = c.start;
    e.end = c.end;
    e.place = c.place;
    e.responsible = c.responsible;
    e.responsible_name = c.responsible_name;
    e.participants = c.participants;
    e.notes = c.notes;
}

/// Stores a new event with its index entry; returns its id.
pub fn store_new(tx: &WriteTransaction, e: &Event) -> Result<EventId, StoreError> {
    let id = EventId::next(tx)?;
    EVENTS.insert(tx, &id, e)?;
    CLASS_EVENTS.insert(tx, &(e.class, e.date, id), &())?;
    Ok(id)
}

/// Who `e` concerns: the class list on its day, the parents when invited, the responsible.
pub fn recipients(tx: &impl Reader, e: &Event) -> Result<Recipients, StoreError> {
    let list = students_of(tx, e.class, e.date)?;
    let mut parents = HashMap::new();
    if e.participants.parents || e.kind == super::model::EventKind::ParentMeeting {
        for s in rules::students_taking_part(e, &list) {
            parents.insert(s, guardians_of(tx, s)?.into_iter().map(|(p, _)| p).collect::<Vec<_>>());
        }
    }
    Ok(resolve(e, &list, &parents))
}

/// Who tells, and when.
#[derive(Clone, Copy)]
struct By {
    id: UserId,
    at: i64,
}

impl From<&Actor> for By {
    fn from(a: &Actor) -> By {
        By { id: a.id, at: a.now }
    }
}

/// Tells `to` about `e` with the message `key` (and what changed, for a change).
fn tell(
    tx: &WriteTransaction,
    to: &[UserId],
    key: &str,
    id: Option<EventId>,
    e: &Event,
    changed: &[&str],
    by: By,
) -> Result<(), StoreError> {
    if to.is_empty() {
        return Ok(());
    }
    let class = CLASSES.get(tx, &e.class)?.map(|c| c.name()).unwrap_or_default();
    let mut args = vec![
        ("title".to_string(), arg::text(&e.title)),
        ("class".to_string(), arg::text(&class)),
        ("date".to_string(), arg::date(e.date, e.start)),
        ("kind".to_string(), arg::key(&format!("event-kind-{}", e.kind.slug()))),
    ];
    if !changed.is_empty() {
        let keys: Vec<String> = changed.iter().map(|c| format!("events-change-{c}")).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        args.push(("changes".to_string(), arg::keys(&keys)));
    }
    let notice = Notice {
        at: by.at,
        key: key.to_string(),
        args,
        link: id.map(|id| format!("/events/{id}")).unwrap_or_default(),
        by: Some(by.id),
        read: false,
    };
    send(tx, to, notice)
}

/// Tells everyone `e` concerns but `by` that it has been created (the demo's coming events).
pub fn announce(tx: &WriteTransaction, id: EventId, e: &Event, by: UserId) -> Result<(), StoreError> {
    let to = recipients(tx, e)?.all_but(by);
    tell(tx, &to, "notice-event-new", Some(id), e, &[], By { id: by, at: e.updated_at })
}

fn audit_edit(tx: &WriteTransaction, actor: &Actor, id: EventId, detail: String) -> Result<(), StoreError> {
    audit::change(tx, actor.id, actor.now, Action::EventsEdit.key(), format!("event:{id}"), detail)
        .map(|_| ())
}

/// Loads an event and asks `events.edit` on its class.
fn editable(tx: &impl Reader, actor: &Actor, id: EventId) -> Result<Event, AppError> {
    let e = EVENTS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    permit(tx, actor, Action::EventsEdit, Target::Class(e.class))?;
    open_year(tx, e.class)?;
    Ok(e)
}

/// POST /classes/{class}/events — a new event; its participants are told.
pub async fn create_as(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    form: EventForm,
) -> Result<EventId, AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::EventsEdit, Target::Class(class))?;
            let checked = check_form(tx, class, &form, actor.today)?;
            let e = new_event(class, checked, actor.id, actor.now);
            let id = store_new(tx, &e)?;
            let to = recipients(tx, &e)?.all_but(actor.id);
            tell(tx, &to, "notice-event-new", Some(id), &e, &[], (&actor).into())?;
            audit_edit(tx, &actor, id, format!("created for class:{class} on {}", e.date))?;
            Ok(id)
        })
        .await
}

/// POST /events/{id} — changes an event. When its day, time or place change, everyone it
/// concerned or now concerns is told what changed; students newly taking part are invited.
pub async fn update_as(
    state: &AppState,
    actor: Actor,
    id: EventId,
    form: EventForm,
) -> Result<Event, AppError> {
    state
        .store
        .write(move |tx| {
            let old = editable(tx, &actor, id)?;
            let checked = check_form(tx, old.class, &form, actor.today)?;
            let mut e = old.clone();
            apply(&mut e, checked);
            e.updated_by = Some(actor.id);
            e.updated_at = actor.now;
            if e.date != old.date {
                CLASS_EVENTS.remove(tx, &(old.class, old.date, id))?;
                CLASS_EVENTS.insert(tx, &(e.class, e.date, id), &())?;
            }
            EVENTS.insert(tx, &id, &e)?;
            let before = recipients(tx, &old)?.all_but(actor.id);
            let after = recipients(tx, &e)?.all_but(actor.id);
            let changed = rules::changes(&old, &e);
            if !changed.is_empty() && !e.cancelled {
                let mut to = before.clone();
                to.extend(after.iter().filter(|u| !before.contains(u)));
                tell(tx, &to, "notice-event-changed", Some(id), &e, &changed, (&actor).into())?;
            } else if !e.cancelled {
                let new: Vec<UserId> = after.into_iter().filter(|u| !before.contains(u)).collect();
                tell(tx, &new, "notice-event-new", Some(id), &e, &[], (&actor).into())?;
            }
            audit_edit(tx, &actor, id, format!("changed: {}", changed.join(", ")))?;
            Ok(e)
        })
        .await
}

/// POST /events/{id}/cancel and /restore — calls an event off (kept, shown struck through) or
/// on again; the participants are told.
pub async fn set_cancelled_as(
    state: &AppState,
    actor: Actor,
    id: EventId,
    cancelled: bool,
) -> Result<Event, AppError> {
    state
        .store
        .write(move |tx| {
            let mut e = editable(tx, &actor, id)?;
            if e.cancelled == cancelled {
                return Ok(e);
            }
            e.cancelled = cancelled;
            e.updated_by = Some(actor.id);
            e.updated_at = actor.now;
            EVENTS.insert(tx, &id, &e)?;
            let to = recipients(tx, &e)?.all_but(actor.id);
            let key = if cancelled { "notice-event-cancelled" } else { "notice-event-restored" };
            tell(tx, &to, key, Some(id), &e, &[], (&actor).into())?;
            audit_edit(tx, &actor, id, if cancelled { "called off".into() } else { "back on".into() })?;
            Ok(e)
        })
        .await
}

/// POST /events/{id}/delete — removes an event and its answers; the participants are told.
pub async fn delete_as(state: &AppState, actor: Actor, id: EventId) -> Result<ClassId, AppError> {
    state
        .store
        .write(move |tx| {
            let e = editable(tx, &actor, id)?;
            let to = recipients(tx, &e)?.all_but(actor.id);
            EVENTS.remove(tx, &id)?;
            CLASS_EVENTS.remove(tx, &(e.class, e.date, id))?;
            let mut answered = Vec::new();
            EVENT_REPLIES.scan_prefix(tx, &id, Order::Asc, |key, _| {
                answered.push(key);
                true
            })?;
            for key in answered {
                EVENT_REPLIES.remove(tx, &key)?;
            }
            if !e.cancelled && e.date >= actor.today {
                tell(tx, &to, "notice-event-deleted", None, &e, &[], (&actor).into())?;
            }
            audit_edit(tx, &actor, id, format!("deleted «{}» of {}", e.title, e.date))?;
            Ok(e.class)
        })
        .await
}

/// A parent's answer as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplyForm {
    pub event: String,
    pub answer: String,
    pub note: String,
}

impl ReplyForm {
    pub fn from_pairs(f: &Pairs) -> ReplyForm {
        ReplyForm {
            event: f.get("event").trim().to_string(),
            answer: f.get("answer").trim().to_string(),
            note: f.get("note").trim().to_string(),
        }
    }
}

/// The event a reply form names; 400 when it names none.
pub fn replied_event(form: &ReplyForm) -> Result<EventId, AppError> {
    form.event.parse().map_err(|_| AppError::BadRequest("events-error-no-event"))
}

/// POST /diary/{student}/reply — a parent answers an invitation for their child: yes or no
/// with a note, changeable until the event's day. Asks `events.reply` on the child first.
pub async fn reply_as(
    state: &AppState,
    actor: Actor,
    student: UserId,
    form: ReplyForm,
) -> Result<EventId, AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::EventsReply, Target::Student(student))?;
            let id = replied_event(&form)?;
            let e = EVENTS.get(tx, &id)?.ok_or(AppError::BadRequest("events-error-no-event"))?;
            if class_of(tx, student, e.date)? != Some(e.class) || !invites_parents_of(&e, student) {
                return Err(AppError::BadRequest("events-error-not-invited"));
            }
            if !rules::may_answer(&e, actor.today) {
                return Err(AppError::BadRequest("events-error-reply-closed"));
            }
            let mut errors = FieldErrors::default();
            let answer = Answer::from_slug(&form.answer);
            if answer.is_none() {
                errors.add("answer", "events-error-answer");
            }
            if form.note.chars().count() > MAX_REPLY_NOTE {
                errors.add("note", "events-error-too-long");
            }
            errors.into_result()?;
            let reply = Reply {
                answer: answer.expect("checked above"),
                note: form.note.clone(),
                at: actor.now,
                student: Some(student),
            };
            EVENT_REPLIES.insert(tx, &(id, actor.id), &reply)?;
            Ok(id)
        })
        .await
}
