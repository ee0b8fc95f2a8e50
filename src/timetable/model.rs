//! The timetable: bells per shift, weekly versions per class, one-off changes.
//!
//! A class's week is stored as versions, each valid from a date until the next version starts,
//! so a new timetable from a later date never rewrites the lessons before it. Dated lessons are
//! not stored: they are derived for any day from the version in force, the periods, holidays
//! and the changes of that day ([`super::calendar`]).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::store::ids::{ChangeId, ClassId, TeachingId, UserId};
use crate::store::table::{AnyTable, Tbl};

/// The most lessons a day can have (numbers 0–9: some schools have a «нулевой урок»).
pub const MAX_LESSONS: u8 = 9;
/// Weekdays a timetable covers: Monday (1) to Saturday (6).
pub const WEEKDAYS: std::ops::RangeInclusive<u8> = 1..=6;

/// The bell schedule of a shift (смена): when each lesson number starts and ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bells {
    /// `(number, start, end)` in order of number.
    pub lessons: Vec<Bell>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bell {
    pub number: u8,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Bells {
    pub fn of(&self, number: u8) -> Option<Bell> {
        self.lessons.iter().copied().find(|b| b.number == number)
    }

    /// The usual Russian schedule: 45-minute lessons from `first` with breaks of 10, 20, 20, 10…
    pub fn standard(first: NaiveTime, count: u8) -> Bells {
        let breaks = [10, 20, 20, 10, 10, 10, 10, 10, 10];
        let mut start = first;
        let mut lessons = Vec::new();
        for n in 1..=count {
            let end = start + chrono::Duration::minutes(45);
            lessons.push(Bell { number: n, start, end });
            start = end + chrono::Duration::minutes(breaks[(n - 1) as usize % breaks.len()]);
        }
        Bells { lessons }
    }
}

/// One version of a class's weekly timetable, in force from its key's date until the next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// The shift whose bells apply (1 or 2).
    pub shift: u8,
    pub slots: Vec<Slot>,
    pub saved_by: Option<UserId>,
    #[serde(default)]
    pub saved_at: i64,
}

/// A weekly lesson: on `weekday` (1 = Monday), lesson `number`, this teaching assignment (which
/// names the class or group, the subject and the teacher), in `room`. A class split into
/// groups has two slots with the same weekday and number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub weekday: u8,
    pub number: u8,
    pub teaching: TeachingId,
    #[serde(default)]
    pub room: String,
}

/// What a one-off change does to one lesson of one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The lesson does not take place (отмена). A moved lesson is a cancellation here and an
    /// added lesson there, saved together.
    Cancelled,
    /// Another teacher gives the lesson (замена); it stays in the assignment's journal and the
    /// substitute may write in it for that lesson.
    Substituted { teacher: UserId },
    /// A lesson that the weekly timetable does not have (перенос, дополнительный урок).
    Added,
}

/// A one-off change of a class's timetable on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub number: u8,
    pub teaching: TeachingId,
    pub kind: ChangeKind,
    /// Another room for this lesson.
    #[serde(default)]
    pub room: Option<String>,
    /// Why, or where the lesson moved: «перенос на 12.11, 3 урок».
    #[serde(default)]
    pub note: String,
    pub by: UserId,
    pub at: i64,
}

/// How a derived lesson stands after the day's changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonState {
    Regular,
    Substituted(UserId),
    Added,
    Cancelled,
}

/// A lesson of a class on a day, derived from the timetable.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub number: u8,
    pub teaching: TeachingId,
    pub room: String,
    pub state: LessonState,
}

impl Planned {
    /// Whether the lesson takes place.
    pub fn held(&self) -> bool {
        self.state != LessonState::Cancelled
    }
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `shift -> Bells`: when each lesson of a shift starts and ends.
pub const BELLS: Tbl<u8, Bells> = Tbl::new("bells-1");
/// `(ClassId, first day) -> Week`: versions of a class's weekly timetable; each is in force
/// from its day until the next version's.
pub const TIMETABLE: Tbl<(ClassId, NaiveDate), Week> = Tbl::new("timetable-1");
/// `(ClassId, day, ChangeId) -> Change`: cancellations, substitutions, added lessons.
pub const TIMETABLE_CHANGES: Tbl<(ClassId, NaiveDate, ChangeId), Change> = Tbl::new("timetable-changes-1");
/// `(substitute UserId, day, ClassId, ChangeId) -> ()`: the lessons a teacher gives as a
/// substitute (kept with `TIMETABLE_CHANGES`).
pub const SUBSTITUTIONS: Tbl<(UserId, NaiveDate, ClassId, ChangeId), ()> = Tbl::new("substitutions-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&BELLS, &TIMETABLE, &TIMETABLE_CHANGES, &SUBSTITUTIONS];

/// Part of migration `0005-timetable-and-journal`: the bells of the first shift, from 8:30.
pub fn default_bells(tx: &redb::WriteTransaction) -> Result<(), crate::store::StoreError> {
    if BELLS.get(tx, &1)?.is_none() {
        let first = NaiveTime::from_hms_opt(8, 30, 0).expect("valid time");
        BELLS.insert(tx, &1, &Bells::standard(first, 7))?;
    }
    Ok(())
}
