//! The rules of a class's weekly versions (save, delete), as functions inside the caller's
//! transaction so that the pages and the demo share them, and the form errors every timetable
//! edit shares. The week as typed is in `week_form.rs`, clash detection in `clash.rs`, bells in
//! `bells.rs`, one-off changes in `changes.rs`.
//!
//! The functions ending in `_as` are what the pages call: `permit` first (so a refused role
//! never learns what its form lacked), then the form, then the rule, then the audit entry. The
//! others check the rules and write, without a permission check.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveTime};
use redb::WriteTransaction;

use super::bells::bells;
use super::model::Week;
use super::model::{BELLS, TIMETABLE};
use super::week_form::check_slots;
use crate::audit;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, TeachingId, UserId};
use crate::store::{Order, StoreError};
use crate::structure::model::Teaching;
use crate::structure::model::{CLASSES, YEARS};
use crate::structure::service::teaching_of_class;
use crate::web::i18n::Arg;

pub use super::clash::{Busy, busy_elsewhere, clashes, same_time};
pub use super::week_form::{
    NewWeek, PARTS, Part, WeekForm, cell_field, check_cell, room_field, teaching_field,
};
use crate::auth::accounts;

/// The longest room name accepted.
pub const MAX_ROOM: usize = 32;
/// The longest note of a change.
pub const MAX_NOTE: usize = 200;

/// One message about one field of a form: a catalog key with its arguments.
#[derive(Clone, Debug)]
pub struct Problem {
    pub field: String,
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// Everything wrong with a submitted form, by field (a field may have several messages).
#[derive(Clone, Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, key: &'static str) {
        self.add_args(field, key, Vec::new());
    }

    pub fn add_args(&mut self, field: impl Into<String>, key: &'static str, args: Vec<(&'static str, Arg)>) {
        self.0.push(Problem { field: field.into(), key, args });
    }

    /// The messages of one field.
    pub fn of<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.0.iter().filter(move |p| p.field == field)
    }

    pub fn has(&self, field: &str) -> bool {
        self.of(field).next().is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), EditError> {
        if self.is_empty() { Ok(()) } else { Err(EditError::Invalid(self)) }
    }
}

/// Why a timetable edit did not happen: refused input (the form comes back with 422), or any
/// other error (denied, not found, the store).
#[derive(Debug)]
pub enum EditError {
    App(AppError),
    Invalid(Problems),
}

impl From<AppError> for EditError {
    fn from(e: AppError) -> Self {
        EditError::App(e)
    }
}

impl From<StoreError> for EditError {
    fn from(e: StoreError) -> Self {
        EditError::App(e.into())
    }
}

impl From<Problems> for EditError {
    fn from(p: Problems) -> Self {
        EditError::Invalid(p)
    }
}

/// Parses a date as a date input sends it (`2026-11-28`) or as people type it (`28.11.2026`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y")).ok()
}

/// Parses a time of day: `08:30`, `8:30`, `08.30`, `08:30:00`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim().replace('.', ":");
    NaiveTime::parse_from_str(&s, "%H:%M").or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M:%S")).ok()
}

pub(super) fn audit_edit(
    tx: &WriteTransaction,
    actor: &Actor,
    object: String,
    detail: String,
) -> Result<(), StoreError> {
    audit::change(tx, actor.id, actor.now, Action::TimetableEdit.key(), object, detail).map(|_| ())
}

/// Checks and stores a version of `class`'s week from `new.from`, replacing a version of exactly
/// that day. The first version of a class may start on any day of its year; later ones today
/// or later, so the past never changes. Every assignment must be the class's, every cell
/// possible, and no teacher in two places at once.
pub fn save_version(
    tx: &WriteTransaction,
    by: UserId,
    now: i64,
    today: NaiveDate,
    class_id: ClassId,
    new: NewWeek,
) -> Result<(), EditError> {
    let class = CLASSES.get(tx, &class_id)?.ok_or(AppError::NotFound)?;
    let year = YEARS.get(tx, &class.year)?.ok_or(AppError::NotFound)?;
    let mut problems = Problems::default();
    let mut versions = Vec::new();
    TIMETABLE.scan_prefix(tx, &class_id, Order::Asc, |(_, d), _| {
        versions.push(d);
        true
    })?;
    if year.closed {
        problems.add("from", "tt-year-closed");
    } else if !year.contains(new.from) {
        problems.add("from", "tt-from-outside-year");
    } else if !versions.is_empty() && new.from < today {
        problems.add("from", "tt-from-past");
    }
    if !BELLS.contains(tx, &new.shift)? {
        problems.add("shift", "tt-shift-no-bells");
    }
    let offers: HashMap<TeachingId, Teaching> = teaching_of_class(tx, class_id)?.into_iter().collect();
    for s in &new.slots {
        if !offers.contains_key(&s.teaching) {
            problems.add(cell_field(s.weekday, s.number), "tt-teaching-not-of-class");
        }
        if s.room.chars().count() > MAX_ROOM {
            problems.add(cell_field(s.weekday, s.number), "tt-room-too-long");
        }
    }
    check_slots(&new.slots, &offers, &mut problems);

    let until = versions.iter().copied().find(|d| *d > new.from);
    let teachers: BTreeSet<UserId> =
        new.slots.iter().filter_map(|s| offers.get(&s.teaching)).map(|t| t.teacher).collect();
    let busy = busy_elsewhere(tx, class_id, class.year, new.from, until, &teachers)?;
    let all_bells = bells(tx)?;
    let teacher_of = |t: TeachingId| offers.get(&t).map(|t| t.teacher);
    let mut named = BTreeSet::new();
    for (i, b) in clashes(&new.slots, new.shift, teacher_of, &busy, &all_bells) {
        let s = &new.slots[i];
        // Two groups of one teacher in a cell clash once (the cell says the rest).
        if !named.insert((s.weekday, s.number, b.teacher, b.class)) {
            continue;
        }
        let teacher = accounts::get(tx, b.teacher)?.map(|u| u.short_name()).unwrap_or_default();
        let other = CLASSES.get(tx, &b.class)?.map(|c| c.name()).unwrap_or_default();
        let mut args = vec![
            ("teacher", Arg::Str(teacher)),
            ("class", Arg::Str(other)),
            ("day", Arg::Num(i64::from(b.weekday))),
            ("number", Arg::Num(i64::from(b.number))),
        ];
        let key = if b.since > new.from {
            args.push(("date", Arg::Str(b.since.format("%d.%m.%Y").to_string())));
            "tt-clash-later"
        } else {
            "tt-clash"
        };
        problems.add_args(cell_field(s.weekday, s.number), key, args);
    }
    problems.into_result()?;

    let mut slots = new.slots;
    slots.sort_by_key(|s| (s.weekday, s.number, s.teaching));
    let week = Week { shift: new.shift, slots, saved_by: Some(by), saved_at: now };
    TIMETABLE.insert(tx, &(class_id, new.from), &week)?;
    Ok(())
}

/// POST /timetable/classes/{class}/versions.
pub async fn save_version_as(
    state: &AppState,
    actor: Actor,
    class_id: ClassId,
    form: WeekForm,
) -> Result<NaiveDate, EditError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::TimetableEdit, Target::School)?;
            if !CLASSES.contains(tx, &class_id)? {
                return Err(AppError::NotFound.into());
            }
            let offers: HashMap<TeachingId, Teaching> =
                teaching_of_class(tx, class_id)?.into_iter().collect();
            let new = form.parse(&offers)?;
            let (from, count) = (new.from, new.slots.len());
            save_version(tx, actor.id, actor.now, actor.today, class_id, new)?;
            // The lesson plans of the class move with their lessons.
            crate::plans::bind::relay_class(tx, class_id, actor.today)?;
            audit_edit(
                tx,
                &actor,
                format!("class:{class_id}"),
                format!("timetable from {from}, {count} lessons"),
            )?;
            Ok(from)
        })
        .await
}

/// Deletes a version that has not started yet (its day is after today).
pub fn delete_version(
    tx: &WriteTransaction,
    today: NaiveDate,
    class_id: ClassId,
    from: NaiveDate,
) -> Result<(), AppError> {
    if !TIMETABLE.contains(tx, &(class_id, from))? {
        return Err(AppError::NotFound);
    }
    if from <= today {
        return Err(AppError::BadRequest("tt-version-not-future"));
    }
    TIMETABLE.remove(tx, &(class_id, from))?;
    Ok(())
}

/// POST /timetable/classes/{class}/versions/{date}/delete.
pub async fn delete_version_as(
    state: &AppState,
    actor: Actor,
    class_id: ClassId,
    from: NaiveDate,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::TimetableEdit, Target::School)?;
            delete_version(tx, actor.today, class_id, from)?;
            crate::plans::bind::relay_class(tx, class_id, actor.today)?;
            audit_edit(tx, &actor, format!("class:{class_id}"), format!("timetable from {from} deleted"))?;
            Ok(())
        })
        .await
}
