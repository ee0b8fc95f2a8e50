//! What the journal grid shows, read in one snapshot with the permission asked in it.
//!
//! One calendar load for the period, one range scan each of `LESSONS`, `MARKS`, `ATTENDANCE`
//! for the period, one read per student (name, period mark): no reads per cell.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::cell::CellValue;
use super::model::{ATTENDANCE, FINAL_MARKS, LESSONS, MARKS};
use super::model::{Assignment, Attendance, Code, FinalKind, FinalMark, Lesson, LessonKey, Mark};
use super::rules::{Rounding, Tally};
use crate::auth::permission::{Action, Actor, Target, allows, may_at_school, permit};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{PeriodId, TeachingId, UserId, WorkTypeId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::WORK_TYPES;
use crate::structure::model::{Period, WorkType};
use crate::timetable::calendar::{ClassCalendar, students_taught};

pub use super::head::{Head, class_periods, head, names_of, pick_period, short_name};
use crate::auth::accounts;

/// Assignment types by id, and the default one: the first that is not archived.
pub struct WorkTypes {
    pub all: BTreeMap<WorkTypeId, WorkType>,
}

impl WorkTypes {
    pub fn load(tx: &impl Reader) -> Result<WorkTypes, StoreError> {
        Ok(WorkTypes { all: WORK_TYPES.all(tx)?.into_iter().collect() })
    }

    pub fn default_type(&self) -> Option<(WorkTypeId, &WorkType)> {
        self.all.iter().find(|(_, w)| !w.archived).map(|(id, w)| (*id, w))
    }

    /// The assignment a lesson with none shows: the default type with its weight.
    pub fn implicit(&self) -> Option<Assignment> {
        self.default_type().map(|(id, w)| Assignment {
            no: 0,
            work_type: id,
            weight: w.weight.max(1),
            name: String::new(),
        })
    }

    pub fn abbr(&self, id: WorkTypeId) -> (&str, &str) {
        self.all.get(&id).map(|w| (w.abbr.as_str(), w.name.as_str())).unwrap_or(("?", ""))
    }
}

/// The assignments a lesson shows as columns: its own, or the implicit one.
pub fn shown_assignments(lesson: Option<&Lesson>, types: &WorkTypes) -> Vec<Assignment> {
    match lesson {
        Some(l) if !l.assignments.is_empty() => l.assignments.clone(),
        _ => types.implicit().into_iter().collect(),
    }
}

/// The number of the lesson's first column (the one that takes attendance).
pub fn first_column(lesson: Option<&Lesson>) -> u8 {
    lesson.and_then(|l| l.assignments.iter().map(|a| a.no).min()).unwrap_or(0)
}

/// One column of the grid: an assignment of a lesson.
#[derive(Clone, Debug)]
pub struct Column {
    pub lesson: LessonKey,
    pub a: u8,
    /// The lesson's first column: shows attendance, opens the lesson panel.
    pub first: bool,
    pub abbr: String,
    pub type_name: String,
    pub weight: u8,
    pub name: String,
    pub topic: String,
    pub editable: bool,
    /// The timetable no longer has this lesson; it is shown for the data it holds.
    pub orphan: bool,
}

/// A cell's content and who changed it last.
#[derive(Clone, Debug, Default)]
pub struct CellData {
    pub value: CellValue,
    pub comment: String,
    pub who: Option<(UserId, i64)>,
}

impl CellData {
    pub fn of(att: Option<&Attendance>, mark: Option<&Mark>) -> CellData {
        let who =
            [att.map(|a| (a.by, a.at)), mark.map(|m| (m.by, m.at))].into_iter().flatten().max_by_key(|w| w.1);
        CellData {
            value: CellValue { code: att.map(|a| a.code), mark: mark.map(|m| m.value) },
            comment: mark.map(|m| m.comment.clone()).unwrap_or_default(),
            who,
        }
    }
}

/// A student's figures for the period: averages, absences by code, the period mark.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub tally: Tally,
    /// Counts in the order of [`Code::ALL`].
    pub codes: [u32; 6],
    pub final_mark: Option<FinalMark>,
    pub suggestion: Option<u8>,
}

impl Totals {
    pub fn add_code(&mut self, code: Code) {
        if let Some(i) = Code::ALL.iter().position(|c| *c == code) {
            self.codes[i] += 1;
        }
    }

    /// The codes that occur, with their counts.
    pub fn absences(&self) -> impl Iterator<Item = (Code, u32)> + '_ {
        Code::ALL.into_iter().zip(self.codes).filter(|(_, n)| *n > 0)
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    pub id: UserId,
    /// «Иванов И.».
    pub short: String,
    pub full: String,
    /// Not taught any more (withdrawn, moved), shown for the data they have.
    pub withdrawn: bool,
    pub cells: Vec<CellData>,
    pub totals: Totals,
}

/// The grid of one journal over one period.
pub struct Grid {
    pub head: Head,
    pub periods: Vec<(PeriodId, Period)>,
    pub period_id: PeriodId,
    pub period: Period,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Short names of those who changed cells.
    pub names: HashMap<UserId, String>,
    /// Why nothing may be written here, when so (a catalog key).
    pub locked: Option<&'static str>,
    pub can_edit: bool,
    pub finals_editable: bool,
    pub today: NaiveDate,
}

/// Reads the grid of `id` over the period `wanted` (or the default one).
pub async fn grid(
    state: &AppState,
    actor: Actor,
    id: TeachingId,
    wanted: Option<PeriodId>,
    around: Option<NaiveDate>,
) -> Result<Option<Grid>, AppError> {
    let rounding = state.school().rounding;
    state.store.read(move |tx| read_grid(tx, &actor, id, wanted, around, rounding)).await
}

fn read_grid(
    tx: &impl Reader,
    actor: &Actor,
    id: TeachingId,
    wanted: Option<PeriodId>,
    around: Option<NaiveDate>,
    rounding: Rounding,
) -> Result<Option<Grid>, AppError> {
    permit(tx, actor, Action::JournalView, Target::Teaching(id))?;
    let head = head(tx, id)?;
    let today = actor.today;
    let periods = class_periods(tx, &head)?;
    let Some((period_id, period)) = pick_period(&periods, wanted, around.unwrap_or(today)) else {
        return Ok(None);
    };
    let (from, to) = (period.start, period.end);
    let after = to.succ_opt().unwrap_or(to);
    let cal = ClassCalendar::load(tx, head.class_id, from, to)?.ok_or(AppError::NotFound)?;
    let types = WorkTypes::load(tx)?;

    // Lessons: derived ∪ stored ∪ those that hold data.
    let mut lessons: BTreeMap<(NaiveDate, u8), (bool, Option<Lesson>)> = BTreeMap::new();
    for (day, p) in cal.lessons_of(id, from, to) {
        lessons.insert((day, p.number), (true, None));
    }
    LESSONS.scan_between(tx, &(id, from), &(id, after), Order::Asc, |(_, d, n), l| {
        lessons.entry((d, n)).or_insert((false, None)).1 = Some(l);
        true
    })?;
    let mut marks: Vec<((NaiveDate, u8, UserId, u8), Mark)> = Vec::new();
    MARKS.scan_between(tx, &(id, from), &(id, after), Order::Asc, |(_, d, n, s, a), m| {
        marks.push(((d, n, s, a), m));
        true
    })?;
    let mut attendance: Vec<((NaiveDate, u8, UserId), Attendance)> = Vec::new();
    ATTENDANCE.scan_between(tx, &(id, from), &(id, after), Order::Asc, |(_, d, n, s), a| {
        attendance.push(((d, n, s), a));
        true
    })?;
    for ((d, n, ..), _) in &marks {
        lessons.entry((*d, *n)).or_insert((false, None));
    }
    for ((d, n, _), _) in &attendance {
        lessons.entry((*d, *n)).or_insert((false, None));
    }

    // Who may write: nobody in a closed year or period; otherwise lesson by lesson.
    let locked = if head.year.closed {
        Some("journal-year-closed")
    } else if period.closed {
        Some("journal-period-closed")
    } else {
        None
    };
    let may_write = locked.is_none() && allows(tx, actor, Action::JournalEdit, Target::Teaching(id))?;
    let finals_editable = !head.year.closed
        && allows(tx, actor, Action::FinalsEdit, Target::Finals(id))?
        && (!period.closed || may_at_school(&actor.roles, Action::FinalsEdit));

    // Columns, with extra ones for marks of assignments the lesson no longer lists.
    let mut used: BTreeMap<(NaiveDate, u8), BTreeSet<u8>> = BTreeMap::new();
    for ((d, n, _, a), _) in &marks {
        used.entry((*d, *n)).or_default().insert(*a);
    }
    let mut columns = Vec::new();
    let mut index: HashMap<(NaiveDate, u8, u8), usize> = HashMap::new();
    let mut first_of: HashMap<(NaiveDate, u8), usize> = HashMap::new();
    for (&(day, number), (held, stored)) in &lessons {
        let key = LessonKey { teaching: id, date: day, number };
        let exists = *held || stored.is_some();
        let editable =
            may_write && exists && allows(tx, actor, Action::JournalEdit, Target::Lesson(id, day, number))?;
        let mut shown = shown_assignments(stored.as_ref(), &types);
        if shown.is_empty() {
            shown.push(Assignment { no: 0, work_type: WorkTypeId(0), weight: 1, name: String::new() });
        }
        for &a in used.get(&(day, number)).into_iter().flatten() {
            if !shown.iter().any(|s| s.no == a) {
                shown.push(Assignment { no: a, work_type: WorkTypeId(0), weight: 1, name: String::new() });
            }
        }
        shown.sort_by_key(|s| s.no);
        let topic = stored.as_ref().map(|l| l.topic.clone()).unwrap_or_default();
        first_of.insert((day, number), columns.len());
        for (i, asg) in shown.into_iter().enumerate() {
            let (abbr, type_name) = types.abbr(asg.work_type);
            index.insert((day, number, asg.no), columns.len());
            columns.push(Column {
                lesson: key,
                a: asg.no,
                first: i == 0,
                abbr: abbr.to_string(),
                type_name: type_name.to_string(),
                weight: asg.weight,
                name: asg.name,
                topic: topic.clone(),
                editable,
                orphan: !exists,
            });
        }
    }

    // Rows: the students taught on the last day shown, then anyone else with data.
    let roll_day = today.min(to);
    let taught = students_taught(tx, &head.teaching, roll_day)?;
    let mut ids: Vec<(UserId, bool)> = taught.iter().map(|s| (*s, false)).collect();
    let mut extra: BTreeSet<UserId> = BTreeSet::new();
    extra.extend(marks.iter().map(|((_, _, s, _), _)| *s));
    extra.extend(attendance.iter().map(|((_, _, s), _)| *s));
    for s in extra {
        if !taught.contains(&s) {
            ids.push((s, true));
        }
    }
    let (kind, pid) = FinalKind::Period(period_id).key();
    let mut rows = Vec::with_capacity(ids.len());
    for (sid, withdrawn) in ids {
        let Some(u) = accounts::get(tx, sid)? else { continue };
        let final_mark = FINAL_MARKS.get(tx, &(sid, head.teaching.subject, kind, pid))?;
        rows.push(Row {
            id: sid,
            short: short_name(&u.surname, &u.first_name),
            full: u.full_name(),
            withdrawn,
            cells: vec![CellData::default(); columns.len()],
            totals: Totals { final_mark, ..Totals::default() },
        });
    }
    rows.sort_by_key(|r| (r.withdrawn, r.full.to_lowercase()));
    let row_of: HashMap<UserId, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();

    let mut who: BTreeSet<UserId> = BTreeSet::new();
    for ((d, n, s), att) in &attendance {
        let (Some(&r), Some(&c)) = (row_of.get(s), first_of.get(&(*d, *n))) else { continue };
        let row = &mut rows[r];
        row.totals.add_code(att.code);
        let cell = &mut row.cells[c];
        cell.value.code = Some(att.code);
        if cell.who.is_none_or(|w| w.1 < att.at) {
            cell.who = Some((att.by, att.at));
        }
        who.insert(att.by);
    }
    for ((d, n, s, a), mark) in &marks {
        let (Some(&r), Some(&c)) = (row_of.get(s), index.get(&(*d, *n, *a))) else { continue };
        let row = &mut rows[r];
        row.totals.tally.add(mark.value, mark.weight);
        let cell = &mut row.cells[c];
        cell.value.mark = Some(mark.value);
        cell.comment.clone_from(&mark.comment);
        if cell.who.is_none_or(|w| w.1 < mark.at) {
            cell.who = Some((mark.by, mark.at));
        }
        who.insert(mark.by);
    }
    for row in &mut rows {
        row.totals.suggestion = row.totals.tally.suggestion(rounding);
        if let Some(f) = &row.totals.final_mark {
            who.insert(f.by);
        }
    }
    let names = names_of(tx, who)?;
    let can_edit = columns.iter().any(|c| c.editable);
    Ok(Some(Grid {
        head,
        periods,
        period_id,
        period,
        columns,
        rows,
        names,
        locked,
        can_edit,
        finals_editable,
        today,
    }))
}

/// A student's totals in one journal over one period, from the student's own copies of the
/// marks and attendance (the write path's answer to a changed cell).
pub fn student_totals(
    tx: &impl Reader,
    head: &Head,
    student: UserId,
    period_id: PeriodId,
    period: &Period,
    rounding: Rounding,
) -> Result<Totals, StoreError> {
    use super::model::{STUDENT_ATTENDANCE, STUDENT_MARKS};
    let after = period.end.succ_opt().unwrap_or(period.end);
    let mut t = Totals::default();
    STUDENT_MARKS.scan_between(tx, &(student, period.start), &(student, after), Order::Asc, |k, m| {
        if k.2 == head.id {
            t.tally.add(m.value, m.weight);
        }
        true
    })?;
    STUDENT_ATTENDANCE.scan_between(
        tx,
        &(student, period.start),
        &(student, after),
        Order::Asc,
        |k, a| {
            if k.3 == head.id {
                t.add_code(a.code);
            }
            true
        },
    )?;
    let (kind, pid) = FinalKind::Period(period_id).key();
    t.final_mark = FINAL_MARKS.get(tx, &(student, head.teaching.subject, kind, pid))?;
    t.suggestion = t.tally.suggestion(rounding);
    Ok(t)
}
