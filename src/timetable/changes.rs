//! One-off changes of a class's day: cancellations, substitutions (kept in step with the
//! `SUBSTITUTIONS` index), moved lessons (a cancellation here and an added lesson there, saved
//! together, each note naming the other) and added lessons.
//!
//! [`add_change`] checks the rules and writes inside the caller's transaction, for the pages
//! and the demo alike; the `_as` functions are what the pages call, with the permission first.

use std::collections::HashMap;

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::calendar::ClassCalendar;
use super::model::{Change, ChangeKind, LessonState, Planned};
use super::model::{SUBSTITUTIONS, TIMETABLE_CHANGES};
use super::service::{EditError, Problems, audit_edit};
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::journal::model::{ATTENDANCE, LESSONS, MARKS};
use crate::state::AppState;
use crate::store::ids::{ChangeId, ClassId, GroupId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::Teaching;
use crate::structure::service::teaching_of_class;
use crate::web::i18n::{Arg, Lang};

pub use super::change_form::{ChangeForm, Kind, Request, lesson_value};
use crate::auth::accounts;

/// Whether a lesson has anything written in the journal: its record (topic, homework,
/// assignments) beyond what a lesson plan filled in, a mark or an attendance entry.
pub fn has_journal_data(
    tx: &impl Reader,
    teaching: TeachingId,
    date: NaiveDate,
    number: u8,
) -> Result<bool, StoreError> {
    // What a lesson plan filled in is not the teacher's: it moves with the timetable.
    if LESSONS.get(tx, &(teaching, date, number))?.is_some_and(|l| l.written()) {
        return Ok(true);
    }
    let mut found = false;
    MARKS.scan_prefix(tx, &(teaching, date, number), Order::Asc, |_, _| {
        found = true;
        false
    })?;
    if !found {
        ATTENDANCE.scan_prefix(tx, &(teaching, date, number), Order::Asc, |_, _| {
            found = true;
            false
        })?;
    }
    Ok(found)
}

/// Whether lesson `number` is free for a lesson of `group` (none: the whole class): no held
/// whole-class lesson there, nothing at all for a whole-class lesson, no lesson of the same group.
pub fn number_free(
    day: &[Planned],
    number: u8,
    group: Option<GroupId>,
    group_of: &HashMap<TeachingId, Option<GroupId>>,
) -> bool {
    day.iter().filter(|p| p.number == number && p.held()).all(|p| {
        let other = group_of.get(&p.teaching).copied().flatten();
        match (group, other) {
            (_, None) | (None, _) => false,
            (Some(a), Some(b)) => a != b,
        }
    })
}

fn insert(
    tx: &WriteTransaction,
    class: ClassId,
    date: NaiveDate,
    change: &Change,
) -> Result<ChangeId, StoreError> {
    let id = ChangeId::next(tx)?;
    TIMETABLE_CHANGES.insert(tx, &(class, date, id), change)?;
    if let ChangeKind::Substituted { teacher } = change.kind {
        SUBSTITUTIONS.insert(tx, &(teacher, date, class, id), &())?;
    }
    Ok(id)
}

fn joined(generated: String, note: &str) -> String {
    if note.trim().is_empty() { generated } else { format!("{generated}; {}", note.trim()) }
}

/// Checks and stores a change of `class`'s lessons on `date`; returns the new changes (two for
/// a move). The lesson changed must be held that day; a target day must be a study day with
/// the lesson number free; a substitute must be an active teacher other than the lesson's own;
/// nothing in a closed period or year; a lesson with journal data is never cancelled or moved
/// away. `lang` writes the notes that link the two halves of a move.
#[allow(clippy::too_many_arguments)]
pub fn add_change(
    tx: &WriteTransaction,
    by: UserId,
    now: i64,
    lang: Lang,
    class_id: ClassId,
    date: NaiveDate,
    request: Request,
    note: String,
) -> Result<Vec<ChangeId>, EditError> {
    let mut p = Problems::default();
    let to = match &request {
        Request::Move { to, .. } => *to,
        _ => date,
    };
    let Some(cal) = ClassCalendar::load(tx, class_id, date.min(to), date.max(to))? else {
        p.add("class", "tt-choose-class");
        return Err(p.into());
    };
    if cal.year.closed {
        p.add("date", "tt-year-closed");
        return Err(p.into());
    }
    let closed = |d: NaiveDate| cal.period_of(d).is_some_and(|(_, per)| per.closed);
    let offers: HashMap<TeachingId, Teaching> = teaching_of_class(tx, class_id)?.into_iter().collect();
    let group_of: HashMap<TeachingId, Option<GroupId>> =
        offers.iter().map(|(id, t)| (*id, t.group)).collect();
    let day = cal.day(date);
    let source = |number: u8, teaching: TeachingId, p: &mut Problems| -> Option<Planned> {
        if closed(date) {
            p.add("date", "tt-period-closed");
            return None;
        }
        let found = day.iter().find(|l| l.number == number && l.teaching == teaching && l.held()).cloned();
        if found.is_none() {
            p.add("lesson", "tt-lesson-not-held");
        }
        found
    };
    let target = |d: NaiveDate,
                  number: u8,
                  teaching: TeachingId,
                  fields: (&'static str, &'static str),
                  p: &mut Problems| {
        if closed(d) {
            p.add(fields.0, "tt-period-closed");
        } else if !cal.is_study_day(d) {
            p.add(fields.0, "tt-not-study-day");
        } else {
            let lessons = cal.day(d);
            if !number_free(&lessons, number, group_of.get(&teaching).copied().flatten(), &group_of) {
                p.add(fields.1, "tt-number-busy");
            } else if lessons.iter().any(|l| l.number == number && l.teaching == teaching) {
                // The same lesson, cancelled there: an added lesson would not bring it back.
                p.add(fields.1, "tt-number-cancelled-here");
            }
        }
    };
    let change = |number: u8, teaching: TeachingId, kind: ChangeKind, room: Option<String>, note: String| {
        Change { number, teaching, kind, room, note, by, at: now }
    };
    let date_text = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
    let mut ids = Vec::new();
    match request {
        Request::Cancel { number, teaching } => {
            if source(number, teaching, &mut p).is_some() && has_journal_data(tx, teaching, date, number)? {
                p.add("lesson", "tt-lesson-has-journal");
            }
            std::mem::take(&mut p).into_result()?;
            ids.push(insert(
                tx,
                class_id,
                date,
                &change(number, teaching, ChangeKind::Cancelled, None, note),
            )?);
        }
        Request::Substitute { number, teaching, teacher, room } => {
            if let Some(l) = source(number, teaching, &mut p)
                && matches!(l.state, LessonState::Substituted(_))
            {
                p.add("lesson", "tt-lesson-already-substituted");
            }
            match accounts::get(tx, teacher)? {
                Some(u) if u.has(Role::Teacher) && !u.disabled => {
                    if offers.get(&teaching).is_some_and(|t| t.teacher == teacher) {
                        p.add("teacher", "tt-substitute-own-teacher");
                    }
                }
                _ => p.add("teacher", "tt-substitute-not-teacher"),
            }
            std::mem::take(&mut p).into_result()?;
            let kind = ChangeKind::Substituted { teacher };
            ids.push(insert(tx, class_id, date, &change(number, teaching, kind, room, note))?);
        }
        Request::Move { number, teaching, to, to_number, room } => {
            let lesson = source(number, teaching, &mut p);
            if lesson.is_some() && has_journal_data(tx, teaching, date, number)? {
                p.add("lesson", "tt-lesson-has-journal");
            }
            target(to, to_number, teaching, ("to_date", "to_number"), &mut p);
            std::mem::take(&mut p).into_result()?;
            let away = lang.t_args(
                "tt-note-moved-to",
                &[("date", Arg::Str(date_text(to))), ("number", Arg::Num(i64::from(to_number)))],
            );
            let here = lang.t_args(
                "tt-note-moved-from",
                &[("date", Arg::Str(date_text(date))), ("number", Arg::Num(i64::from(number)))],
            );
            let room = room.or(lesson.map(|l| l.room)).filter(|r| !r.is_empty());
            let cancel = change(number, teaching, ChangeKind::Cancelled, None, joined(away, &note));
            ids.push(insert(tx, class_id, date, &cancel)?);
            let added = change(to_number, teaching, ChangeKind::Added, room, joined(here, &note));
            ids.push(insert(tx, class_id, to, &added)?);
        }
        Request::Add { teaching, number, room } => {
            if !offers.contains_key(&teaching) {
                p.add("teaching", "tt-teaching-not-of-class");
            } else {
                target(date, number, teaching, ("date", "number"), &mut p);
            }
            std::mem::take(&mut p).into_result()?;
            ids.push(insert(tx, class_id, date, &change(number, teaching, ChangeKind::Added, room, note))?);
        }
    }
    Ok(ids)
}

/// POST /timetable/changes: returns the day, for the page to show.
pub async fn add_change_as(
    state: &AppState,
    actor: Actor,
    lang: Lang,
    form: ChangeForm,
) -> Result<NaiveDate, EditError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::TimetableEdit, Target::School)?;
            let (class, date, request, note) = form.parse()?;
            let detail = format!("{date}: {request:?}");
            let ids = add_change(tx, actor.id, actor.now, lang, class, date, request, note)?;
            // The lesson plans of the class move with their lessons.
            crate::plans::bind::relay_class(tx, class, actor.today)?;
            audit_edit(tx, &actor, format!("class:{class}"), format!("{detail} -> {ids:?}"))?;
            Ok(date)
        })
        .await
}

/// Removes a change (and its substitution entry). Refused in a closed period or year, and for
/// an added lesson that already has journal data.
pub fn delete_change(
    tx: &WriteTransaction,
    class: ClassId,
    date: NaiveDate,
    id: ChangeId,
) -> Result<Change, AppError> {
    let change = TIMETABLE_CHANGES.get(tx, &(class, date, id))?.ok_or(AppError::NotFound)?;
    let cal = ClassCalendar::load(tx, class, date, date)?.ok_or(AppError::NotFound)?;
    if cal.year.closed {
        return Err(AppError::BadRequest("tt-year-closed"));
    }
    if cal.period_of(date).is_some_and(|(_, p)| p.closed) {
        return Err(AppError::BadRequest("tt-period-closed"));
    }
    if change.kind == ChangeKind::Added && has_journal_data(tx, change.teaching, date, change.number)? {
        return Err(AppError::BadRequest("tt-lesson-has-journal"));
    }
    TIMETABLE_CHANGES.remove(tx, &(class, date, id))?;
    if let ChangeKind::Substituted { teacher } = change.kind {
        SUBSTITUTIONS.remove(tx, &(teacher, date, class, id))?;
    }
    Ok(change)
}

/// POST /timetable/changes/{class}/{date}/{id}/delete.
pub async fn delete_change_as(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    date: NaiveDate,
    id: ChangeId,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::TimetableEdit, Target::School)?;
            let change = delete_change(tx, class, date, id)?;
            crate::plans::bind::relay_class(tx, class, actor.today)?;
            audit_edit(
                tx,
                &actor,
                format!("class:{class}"),
                format!("{date}: change {id} deleted: {:?}", change.kind),
            )?;
            Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_free_unless_a_held_lesson_takes_the_class_or_the_group() {
        let planned =
            |number, t, state| Planned { number, teaching: TeachingId(t), room: String::new(), state };
        let groups: HashMap<TeachingId, Option<GroupId>> =
            [(TeachingId(1), None), (TeachingId(2), Some(GroupId(1))), (TeachingId(3), Some(GroupId(2)))]
                .into_iter()
                .collect();
        let day = vec![
            planned(1, 1, LessonState::Regular),
            planned(2, 2, LessonState::Regular),
            planned(3, 1, LessonState::Cancelled),
        ];
        assert!(!number_free(&day, 1, None, &groups), "a whole-class lesson");
        assert!(!number_free(&day, 1, Some(GroupId(2)), &groups), "a whole-class lesson takes every group");
        assert!(!number_free(&day, 2, None, &groups), "a group has a lesson");
        assert!(!number_free(&day, 2, Some(GroupId(1)), &groups), "the same group");
        assert!(number_free(&day, 2, Some(GroupId(2)), &groups), "the other group is free");
        assert!(number_free(&day, 3, None, &groups), "a cancelled lesson frees its number");
        assert!(number_free(&day, 4, None, &groups));
    }
}
