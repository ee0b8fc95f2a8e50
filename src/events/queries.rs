//! Who sees which events: the reads the diary, the calendar feed and the event pages share.
//! These do not check permissions; their callers do (`events.view` on the class, or the
//! diary's and the feed's own checks).

use chrono::NaiveDate;

use super::model::Event;
use super::model::{CLASS_EVENTS, EVENTS};
use crate::people::model::class_on;
use crate::people::service::{children_of, movements};
use crate::store::ids::{ClassId, EventId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::CLASSES;

/// The events of `class` from `from` to `to` (both included), by date and time.
pub fn of_class(
    tx: &impl Reader,
    class: ClassId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(EventId, Event)>, StoreError> {
    let mut ids = Vec::new();
    let Some(after) = to.succ_opt() else { return Ok(Vec::new()) };
    CLASS_EVENTS.scan_between(tx, &(class, from), &(class, after), Order::Asc, |(_, _, id), ()| {
        ids.push(id);
        true
    })?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(e) = EVENTS.get(tx, &id)? {
            out.push((id, e));
        }
    }
    out.sort_by_key(|(id, e)| (e.date, e.start, *id));
    Ok(out)
}

/// Whether `student` takes part in `e`.
pub fn includes_student(e: &Event, student: UserId) -> bool {
    e.participants.whole_class || e.participants.students.contains(&student)
}

/// Whether the parents of `student` are invited to `e`.
pub fn invites_parents_of(e: &Event, student: UserId) -> bool {
    includes_student(e, student)
        && (e.participants.parents || e.kind == super::model::EventKind::ParentMeeting)
}

/// The classes `student` is in on some day from `from` to `to`.
fn classes_between(
    tx: &impl Reader,
    student: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ClassId>, StoreError> {
    let moves = movements(tx, student)?;
    let mut days: Vec<NaiveDate> = moves.iter().map(|m| m.date).filter(|d| *d > from && *d <= to).collect();
    days.push(from);
    let mut out: Vec<ClassId> = days.into_iter().filter_map(|d| class_on(&moves, d)).collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// The events `student` takes part in, from `from` to `to`.
pub fn for_student(
    tx: &impl Reader,
    student: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(EventId, Event)>, StoreError> {
    let moves = movements(tx, student)?;
    let mut out = Vec::new();
    for class in classes_between(tx, student, from, to)? {
        for (id, e) in of_class(tx, class, from, to)? {
            // Only while the student is in that class.
            if class_on(&moves, e.date) == Some(class) && includes_student(&e, student) {
                out.push((id, e));
            }
        }
    }
    out.sort_by_key(|(id, e)| (e.date, e.start, *id));
    Ok(out)
}

/// The events a parent is invited to (their children's, where parents take part), with the
/// child each is for.
pub fn for_parent(
    tx: &impl Reader,
    parent: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(EventId, Event, UserId)>, StoreError> {
    let mut out = Vec::new();
    for child in children_of(tx, parent)? {
        for (id, e) in for_student(tx, child, from, to)? {
            if invites_parents_of(&e, child) {
                out.push((id, e, child));
            }
        }
    }
    out.sort_by_key(|(id, e, _)| (e.date, e.start, *id));
    out.dedup_by_key(|(id, _, _)| *id);
    Ok(out)
}

/// The events of the classes `teacher` leads as class chief, and those they are responsible
/// for in other classes.
pub fn for_staff(
    tx: &impl Reader,
    teacher: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(EventId, Event)>, StoreError> {
    let mut classes = Vec::new();
    CLASSES.scan_range(tx, None, None, Order::Asc, |id, c| {
        if c.chiefs.contains(&teacher) {
            classes.push(id);
        }
        true
    })?;
    let mut out = Vec::new();
    for class in classes {
        out.extend(of_class(tx, class, from, to)?);
    }
    // Events elsewhere that name them responsible.
    let Some(after) = to.succ_opt() else { return Ok(out) };
    let mut others = Vec::new();
    CLASS_EVENTS.scan_range(tx, None, None, Order::Asc, |(_, date, id), ()| {
        if date >= from && date < after {
            others.push(id);
        }
        true
    })?;
    for id in others {
        if out.iter().any(|(o, _)| *o == id) {
            continue;
        }
        if let Some(e) = EVENTS.get(tx, &id)?.filter(|e| e.responsible == Some(teacher)) {
            out.push((id, e));
        }
    }
    out.sort_by_key(|(id, e)| (e.date, e.start, *id));
    Ok(out)
}
