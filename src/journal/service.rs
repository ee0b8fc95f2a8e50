//! The journal's write rules: one transaction per request, `permit` first, then the rules
//! (closed year, closed period, the lesson exists, the student is taught, the value parses,
//! nobody changed the cell meanwhile), then the data through `records.rs`. A refusal returns
//! `Err`, so nothing of it is written.

use std::collections::HashMap;

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::cell::{self, CellValue};
use super::model::{Assignment, Attendance, Lesson, LessonKey, Mark};
use super::queries::{self, CellData, Head, Totals, WorkTypes, first_column};
use super::records::{self, MarkKey};
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::StoreError;
use crate::store::ids::{PeriodId, TeachingId, UserId};
use crate::structure::model::Period;
use crate::timetable::calendar::{ClassCalendar, students_taught};

/// Why a write was not done.
#[derive(Debug)]
pub enum WriteError {
    /// Not found, forbidden, storage: the usual error pages.
    App(AppError),
    /// A rule said no; the catalog key of the message shown in place.
    Refused(&'static str),
    /// The cell changed since the user saw it: what it holds now.
    Conflict(Box<Now>),
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        WriteError::App(e.into())
    }
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> Self {
        WriteError::App(e)
    }
}

/// A cell as it stands, with the names of who changed it.
#[derive(Debug)]
pub struct Now {
    pub cell: CellData,
    pub names: HashMap<UserId, String>,
}

/// A lesson that may be written into: every rule before the data has passed.
pub struct OpenLesson {
    pub head: Head,
    pub key: LessonKey,
    pub stored: Option<Lesson>,
    pub period: Option<(PeriodId, Period)>,
    pub calendar: ClassCalendar,
}

/// Asks `journal.edit` on the lesson, then: the year is open, the lesson's period is open, the
/// lesson takes place (by the timetable) or has been written about already.
pub fn open_lesson(tx: &WriteTransaction, actor: &Actor, key: LessonKey) -> Result<OpenLesson, WriteError> {
    permit(tx, actor, Action::JournalEdit, Target::Lesson(key.teaching, key.date, key.number))?;
    let head = queries::head(tx, key.teaching)?;
    if head.year.closed {
        return Err(WriteError::Refused("journal-year-closed"));
    }
    let calendar = ClassCalendar::load(tx, head.class_id, key.date, key.date)?.ok_or(AppError::NotFound)?;
    let period = calendar.period_of(key.date).map(|(id, p)| (id, p.clone()));
    if period.as_ref().is_some_and(|(_, p)| p.closed) {
        return Err(WriteError::Refused("journal-period-closed"));
    }
    let stored = records::lesson(tx, key)?;
    if stored.is_none() && !calendar.has_lesson(key.teaching, key.date, key.number) {
        return Err(WriteError::Refused("journal-no-lesson"));
    }
    Ok(OpenLesson { head, key, stored, period, calendar })
}

/// Checks `journal.edit` on the journal without naming a lesson: what a write that names no
/// valid lesson is asked first, so that a stranger gets 403 whatever they sent.
pub fn check_journal_edit(
    tx: &impl crate::store::Reader,
    actor: &Actor,
    id: TeachingId,
) -> Result<(), AppError> {
    permit(tx, actor, Action::JournalEdit, Target::Teaching(id))
}

/// The fields of a cell write, as posted.
#[derive(Clone, Debug, Default)]
pub struct CellForm {
    /// The lesson's slug, «2026-11-02.3».
    pub lesson: String,
    pub student: String,
    /// The assignment number (the column within the lesson).
    pub a: String,
    pub value: String,
    /// The cell as the user saw it.
    pub was: String,
}

/// What a saved cell shows, and the student's new totals.
pub struct CellReply {
    pub student: UserId,
    pub cell: CellData,
    pub totals: Option<(PeriodId, Totals)>,
    pub names: HashMap<UserId, String>,
    pub finals_editable: bool,
}

/// What a cell write changed: enough to build the reply after the commit.
struct Written {
    student: UserId,
    mark_key: MarkKey,
    first: bool,
    head: Head,
    period: Option<(PeriodId, Period)>,
}

/// Writes one cell of the grid. The write transaction holds only the rules and the data (it
/// is shared with other teachers' cells, `Store::write_grouped`); the reply — the cell and the
/// student's new totals — is read from a snapshot after the commit.
pub async fn write_cell(
    state: &AppState,
    actor: Actor,
    id: TeachingId,
    form: CellForm,
) -> Result<CellReply, WriteError> {
    let rounding = state.school().rounding;
    let reader = actor.clone();
    let w = state
        .store
        .write_grouped(move |tx| {
            let Some(key) = LessonKey::parse_slug(id, form.lesson.trim()) else {
                check_journal_edit(tx, &actor, id)?;
                return Err(WriteError::Refused("journal-no-lesson"));
            };
            let open = open_lesson(tx, &actor, key)?;
            let student: UserId =
                form.student.trim().parse().map_err(|_| WriteError::Refused("journal-not-taught"))?;
            if !students_taught(tx, &open.head.teaching, key.date)?.contains(&student) {
                return Err(WriteError::Refused("journal-not-taught"));
            }
            let a: u8 = match form.a.trim() {
                "" => 0,
                s => s.parse().map_err(|_| WriteError::Refused("journal-no-column"))?,
            };
            let columns = open.stored.as_ref().map(|l| l.assignments.as_slice()).unwrap_or(&[]);
            let first = first_column(open.stored.as_ref());
            if !(columns.iter().any(|c| c.no == a) || (columns.is_empty() && a == 0)) {
                return Err(WriteError::Refused("journal-no-column"));
            }
            let typed = cell::parse(&form.value, a == first)?;

            let mark_key = MarkKey { lesson: key, student, assignment: a };
            let old_att = if a == first { records::attendance(tx, key, student)? } else { None };
            let old_mark = records::mark(tx, mark_key)?;
            let stored = CellValue {
                code: old_att.as_ref().map(|x| x.code),
                mark: old_mark.as_ref().map(|m| m.value),
            };
            if !cell::same_cell(&stored.label(), &form.was) {
                let now = CellData::of(old_att.as_ref(), old_mark.as_ref());
                let names = queries::names_of(tx, now.who.map(|w| w.0))?;
                return Err(WriteError::Conflict(Box::new(Now { cell: now, names })));
            }

            let at = actor.now;
            let subject = open.head.teaching.subject;
            if a == first && stored.code != typed.code {
                let new = typed.code.map(|code| Attendance { code, subject, by: actor.id, at });
                records::put_attendance(tx, key, student, new.as_ref(), actor.id, at)?;
            }
            if stored.mark != typed.mark {
                let new = match typed.mark {
                    Some(value) => {
                        let asg = assignment_for_mark(tx, &open, a, actor.id, at)?;
                        Some(Mark {
                            value,
                            weight: asg.weight,
                            subject,
                            work_type: asg.work_type,
                            comment: old_mark.as_ref().map(|m| m.comment.clone()).unwrap_or_default(),
                            by: actor.id,
                            at,
                            first_at: at,
                        })
                    }
                    None => None,
                };
                records::put_mark(tx, mark_key, new.as_ref(), actor.id, at)?;
            }
            Ok(Written { student, mark_key, first: a == first, head: open.head, period: open.period })
        })
        .await?;

    state
        .store
        .read(move |tx| {
            let key = w.mark_key.lesson;
            let att = if w.first { records::attendance(tx, key, w.student)? } else { None };
            let cell = CellData::of(att.as_ref(), records::mark(tx, w.mark_key)?.as_ref());
            let totals = match &w.period {
                Some((pid, p)) => {
                    Some((*pid, queries::student_totals(tx, &w.head, w.student, *pid, p, rounding)?))
                }
                None => None,
            };
            let mut who: Vec<UserId> = cell.who.map(|x| x.0).into_iter().collect();
            who.extend(totals.as_ref().and_then(|(_, t)| t.final_mark.as_ref()).map(|f| f.by));
            let names = queries::names_of(tx, who)?;
            let finals_editable = allows(tx, &reader, Action::FinalsEdit, Target::Finals(id))?;
            Ok(CellReply { student: w.student, cell, totals, names, finals_editable })
        })
        .await
}

impl From<&'static str> for WriteError {
    fn from(key: &'static str) -> Self {
        WriteError::Refused(key)
    }
}

/// The assignment a new mark belongs to; a lesson with none gets its first one now, of the
/// school's first assignment type with that type's weight.
fn assignment_for_mark(
    tx: &WriteTransaction,
    open: &OpenLesson,
    a: u8,
    by: UserId,
    at: i64,
) -> Result<Assignment, WriteError> {
    if let Some(asg) = open.stored.as_ref().and_then(|l| l.assignments.iter().find(|x| x.no == a)) {
        return Ok(asg.clone());
    }
    let asg = WorkTypes::load(tx)?.implicit().ok_or(WriteError::Refused("journal-no-work-types"))?;
    let mut lesson = open.stored.clone().unwrap_or_default();
    lesson.assignments.push(asg.clone());
    lesson.updated_by = Some(by);
    lesson.updated_at = at;
    records::save_lesson(tx, open.key, &lesson)?;
    Ok(asg)
}

/// The next lesson of the journal after `key`'s day, within eight weeks: the default due day
/// of homework.
pub fn next_lesson(
    tx: &impl crate::store::Reader,
    head: &Head,
    key: LessonKey,
) -> Result<Option<NaiveDate>, StoreError> {
    let Some(from) = key.date.succ_opt() else { return Ok(None) };
    let to = from + chrono::Duration::days(56);
    Ok(match ClassCalendar::load(tx, head.class_id, from, to)? {
        Some(cal) => cal.lessons_of(key.teaching, from, to).first().map(|(d, _)| *d),
        None => None,
    })
}
