//! The journal's storage primitives. Marks and attendance live in two tables each (by lesson
//! for the journal, by student for the diary); these functions write both, and the change log,
//! in the caller's transaction, so the copies never disagree. Rules and permissions are the
//! callers' business (`service.rs`); nothing here checks them.

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::model::{
    ATTENDANCE, FINAL_MARKS, HOMEWORK_DUE, JOURNAL_LOG, LESSONS, MARKS, STUDENT_ATTENDANCE, STUDENT_MARKS,
};
use super::model::{Attendance, FinalKind, FinalMark, Lesson, LessonKey, LogEntry, LogField, Mark};
use crate::store::ids::{LogId, SubjectId, TeachingId, UserId};
use crate::store::{Reader, StoreError};

/// One mark's place: a lesson, a student, an assignment of the lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkKey {
    pub lesson: LessonKey,
    pub student: UserId,
    pub assignment: u8,
}

impl MarkKey {
    fn journal(&self) -> (TeachingId, NaiveDate, u8, UserId, u8) {
        let l = self.lesson;
        (l.teaching, l.date, l.number, self.student, self.assignment)
    }

    fn by_student(&self) -> (UserId, NaiveDate, TeachingId, u8, u8) {
        let l = self.lesson;
        (self.student, l.date, l.teaching, l.number, self.assignment)
    }
}

pub fn lesson(tx: &impl Reader, key: LessonKey) -> Result<Option<Lesson>, StoreError> {
    LESSONS.get(tx, &(key.teaching, key.date, key.number))
}

/// Stores what is written about a lesson, keeping the homework-by-due-day index in step.
pub fn save_lesson(tx: &WriteTransaction, key: LessonKey, lesson: &Lesson) -> Result<(), StoreError> {
    let k = (key.teaching, key.date, key.number);
    if let Some(due) = LESSONS.get(tx, &k)?.and_then(|old| old.due) {
        HOMEWORK_DUE.remove(tx, &(key.teaching, due, key.date, key.number))?;
    }
    if let Some(due) = lesson.due.filter(|_| !lesson.homework.trim().is_empty() || !lesson.files.is_empty()) {
        HOMEWORK_DUE.insert(tx, &(key.teaching, due, key.date, key.number), &())?;
    }
    LESSONS.insert(tx, &k, lesson)
}

/// Removes a lesson's record (and its homework from the by-due-day index).
pub fn remove_lesson(tx: &WriteTransaction, key: LessonKey) -> Result<(), StoreError> {
    let k = (key.teaching, key.date, key.number);
    if let Some(due) = LESSONS.get(tx, &k)?.and_then(|old| old.due) {
        HOMEWORK_DUE.remove(tx, &(key.teaching, due, key.date, key.number))?;
    }
    LESSONS.remove(tx, &k)?;
    Ok(())
}

pub fn mark(tx: &impl Reader, key: MarkKey) -> Result<Option<Mark>, StoreError> {
    MARKS.get(tx, &key.journal())
}

/// Sets or clears a mark; logs the change when the value differs. Returns the old mark.
///
/// The stored mark's `first_at` is the cell's: kept from the mark already there (a
/// correction, a duty replaced by a mark, a new weight or comment), else the new mark's own
/// (its `at` when unset) — a cell cleared and set again starts anew.
pub fn put_mark(
    tx: &WriteTransaction,
    key: MarkKey,
    new: Option<&Mark>,
    by: UserId,
    at: i64,
) -> Result<Option<Mark>, StoreError> {
    let old = MARKS.get(tx, &key.journal())?;
    match new {
        Some(m) => {
            let m = Mark { first_at: first_set(old.as_ref(), m), ..m.clone() };
            MARKS.insert(tx, &key.journal(), &m)?;
            STUDENT_MARKS.insert(tx, &key.by_student(), &m)?;
        }
        None => {
            MARKS.remove(tx, &key.journal())?;
            STUDENT_MARKS.remove(tx, &key.by_student())?;
        }
    }
    let (was, now) = (label(old.as_ref().map(|m| m.value.label())), label(new.map(|m| m.value.label())));
    if was != now {
        log(
            tx,
            key.lesson.teaching,
            LogEntry {
                at,
                by,
                student: key.student,
                date: key.lesson.date,
                number: key.lesson.number,
                field: LogField::Mark(key.assignment),
                old: was,
                new: now,
            },
        )?;
    }
    Ok(old)
}

pub fn attendance(
    tx: &impl Reader,
    lesson: LessonKey,
    student: UserId,
) -> Result<Option<Attendance>, StoreError> {
    ATTENDANCE.get(tx, &(lesson.teaching, lesson.date, lesson.number, student))
}

/// Sets or clears a student's attendance at a lesson; logs a changed code. Returns the old one.
pub fn put_attendance(
    tx: &WriteTransaction,
    lesson: LessonKey,
    student: UserId,
    new: Option<&Attendance>,
    by: UserId,
    at: i64,
) -> Result<Option<Attendance>, StoreError> {
    let jk = (lesson.teaching, lesson.date, lesson.number, student);
    let sk = (student, lesson.date, lesson.number, lesson.teaching);
    let old = ATTENDANCE.get(tx, &jk)?;
    match new {
        Some(a) => {
            ATTENDANCE.insert(tx, &jk, a)?;
            STUDENT_ATTENDANCE.insert(tx, &sk, a)?;
        }
        None => {
            ATTENDANCE.remove(tx, &jk)?;
            STUDENT_ATTENDANCE.remove(tx, &sk)?;
        }
    }
    let (was, now) = (label(old.as_ref().map(|a| a.code.label())), label(new.map(|a| a.code.label())));
    if was != now {
        log(
            tx,
            lesson.teaching,
            LogEntry {
                at,
                by,
                student,
                date: lesson.date,
                number: lesson.number,
                field: LogField::Attendance,
                old: was,
                new: now,
            },
        )?;
    }
    Ok(old)
}

pub fn final_mark(
    tx: &impl Reader,
    student: UserId,
    subject: SubjectId,
    kind: FinalKind,
) -> Result<Option<FinalMark>, StoreError> {
    let (k, id) = kind.key();
    FINAL_MARKS.get(tx, &(student, subject, k, id))
}

/// Sets or clears a final mark, logged in the journal of `teaching`. Returns the old one.
#[allow(clippy::too_many_arguments)]
pub fn put_final(
    tx: &WriteTransaction,
    student: UserId,
    subject: SubjectId,
    kind: FinalKind,
    teaching: TeachingId,
    new: Option<&FinalMark>,
    by: UserId,
    at: i64,
    today: NaiveDate,
) -> Result<Option<FinalMark>, StoreError> {
    let (k, id) = kind.key();
    let key = (student, subject, k, id);
    let old = FINAL_MARKS.get(tx, &key)?;
    match new {
        Some(m) => FINAL_MARKS.insert(tx, &key, m)?,
        None => {
            FINAL_MARKS.remove(tx, &key)?;
        }
    }
    let (was, now) = (label(old.as_ref().map(|m| m.value.label())), label(new.map(|m| m.value.label())));
    if was != now {
        log(
            tx,
            teaching,
            LogEntry {
                at,
                by,
                student,
                date: today,
                number: 0,
                field: LogField::Final(k, id),
                old: was,
                new: now,
            },
        )?;
    }
    Ok(old)
}

/// Appends to a journal's change log.
pub fn log(tx: &WriteTransaction, teaching: TeachingId, entry: LogEntry) -> Result<LogId, StoreError> {
    let id = LogId::next(tx)?;
    JOURNAL_LOG.insert(tx, &(teaching, id), &entry)?;
    Ok(id)
}

fn label(value: Option<&str>) -> String {
    value.unwrap_or("").to_string()
}

/// When the mark `new` written over `old` was first set in its cell.
fn first_set(old: Option<&Mark>, new: &Mark) -> i64 {
    match old {
        Some(o) => o.first_set(),
        None => new.first_set(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::model::MarkValue;
    use crate::store::ids::WorkTypeId;

    fn mark(value: u8, at: i64, first_at: i64) -> Mark {
        Mark {
            value: MarkValue::Num(value),
            weight: 1,
            subject: SubjectId(1),
            work_type: WorkTypeId(1),
            comment: String::new(),
            by: UserId(1),
            at,
            first_at,
        }
    }

    #[test]
    fn a_correction_keeps_when_the_cell_was_first_set() {
        // A 4 set at 100, corrected to a 5 at 900: still first set at 100.
        assert_eq!(first_set(Some(&mark(4, 100, 100)), &mark(5, 900, 900)), 100);
        // An old record without the field counts from its last change.
        assert_eq!(first_set(Some(&mark(4, 300, 0)), &mark(5, 900, 900)), 300);
        // A new cell (or one cleared before) starts with the new mark.
        assert_eq!(first_set(None, &mark(5, 900, 900)), 900);
        assert_eq!(first_set(None, &mark(5, 900, 0)), 900);
    }
}
