//! «Заполнение журнала и своевременность выставления отметок»: for each journal (teaching
//! assignment) of a class the actor may see — a teacher their own, the class chief every one of
//! their class, the administration all — the lessons the timetable held over the days chosen,
//! how many have a topic, homework and attendance entries, the marks given and per student, the
//! share of marks first set on the lesson's day or the next school day (a later correction
//! keeps a mark on time), and the last entry (corrections included).
//! Worst first: the fewest topics, then the least timely marks.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use chrono_tz::Tz;
use redb::ReadTransaction;

use super::attendance::visible_teaching;
use super::filters::Scope;
use super::model::Block;
use super::quality::subject_label;
use super::roster::{held_lessons, local_day, percent, school_tz};
use super::table::{Cell, Table};
use crate::auth::accounts;
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::journal::model::MarkValue;
use crate::journal::model::{ATTENDANCE, LESSONS, MARKS};
use crate::store::ids::TeachingId;
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::Teaching;
use crate::timetable::calendar::{ClassCalendar, students_taught};
use crate::web::i18n::Lang;

/// How far ahead the next school day is looked for (past any holiday).
const NEXT_DAY_SEARCH: u64 = 21;

/// What one journal holds over the days of the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filling {
    pub held: u32,
    pub with_topic: u32,
    pub with_homework: u32,
    pub with_attendance: u32,
    pub marks: u32,
    /// Marks first set by the end of the next school day after their lesson (corrections later
    /// do not count against them).
    pub timely: u32,
    pub students: u32,
    /// The unix time of the last mark, attendance entry or lesson record.
    pub last: Option<i64>,
}

impl Filling {
    pub fn topic_pct(&self) -> Option<f64> {
        percent(self.with_topic, self.held)
    }

    pub fn timely_pct(&self) -> Option<f64> {
        percent(self.timely, self.marks)
    }

    pub fn per_student(&self) -> Option<f64> {
        (self.students > 0).then(|| f64::from(self.marks) / f64::from(self.students))
    }

    fn merge(&mut self, o: &Filling) {
        self.held += o.held;
        self.with_topic += o.with_topic;
        self.with_homework += o.with_homework;
        self.with_attendance += o.with_attendance;
        self.marks += o.marks;
        self.timely += o.timely;
        self.students += o.students;
        self.last = self.last.max(o.last);
    }

    /// The order of the report: the least filled first.
    fn badness(&self) -> (u64, u64) {
        let key = |v: Option<f64>| v.map_or(u64::MAX / 2, |x| (x * 100.0) as u64);
        (key(self.topic_pct()), key(self.timely_pct()))
    }
}

/// Whether a mark written on `written` is on time for a lesson on `lesson`: the same day or by
/// the next school day (`next`).
pub fn on_time(lesson: NaiveDate, next: NaiveDate, written: NaiveDate) -> bool {
    written <= next.max(lesson)
}

/// The first school day of the class after `day`.
fn next_school_day(cal: &ClassCalendar, day: NaiveDate) -> NaiveDate {
    day.iter_days()
        .skip(1)
        .take(NEXT_DAY_SEARCH as usize)
        .find(|d| cal.is_study_day(*d))
        .unwrap_or_else(|| day.succ_opt().unwrap_or(day))
}

fn filling_of(
    tx: &impl Reader,
    cal: &ClassCalendar,
    tz: Tz,
    tid: TeachingId,
    t: &Teaching,
    lessons: &[(NaiveDate, u8)],
    s: &Scope,
) -> Result<Filling, StoreError> {
    let mut f = Filling { held: lessons.len() as u32, ..Filling::default() };
    let Some(after) = s.to.succ_opt() else { return Ok(f) };
    let held: HashSet<(NaiveDate, u8)> = lessons.iter().copied().collect();
    let mut last: Option<i64> = None;
    LESSONS.scan_between(tx, &(tid, s.from), &(tid, after), Order::Asc, |(_, d, n), l| {
        if held.contains(&(d, n)) {
            f.with_topic += u32::from(!l.topic.trim().is_empty());
            f.with_homework += u32::from(!l.homework.trim().is_empty() || !l.files.is_empty());
        }
        if l.updated_at > 0 {
            last = last.max(Some(l.updated_at));
        }
        true
    })?;
    let mut marked: HashSet<(NaiveDate, u8)> = HashSet::new();
    ATTENDANCE.scan_between(tx, &(tid, s.from), &(tid, after), Order::Asc, |(_, d, n, _), a| {
        if held.contains(&(d, n)) {
            marked.insert((d, n));
        }
        last = last.max(Some(a.at));
        true
    })?;
    f.with_attendance = marked.len() as u32;
    let mut next: HashMap<NaiveDate, NaiveDate> = HashMap::new();
    let mut marks = Vec::new();
    MARKS.scan_between(tx, &(tid, s.from), &(tid, after), Order::Asc, |(_, d, _, _, _), m| {
        marks.push((d, m.value, m.first_set(), m.at));
        true
    })?;
    for (d, value, first, at) in marks {
        last = last.max(Some(at));
        if value == MarkValue::Duty {
            continue;
        }
        f.marks += 1;
        let next_day = *next.entry(d).or_insert_with(|| next_school_day(cal, d));
        // On time counts from the mark's first entry in its cell: a later correction does not
        // make a mark given on time late.
        if local_day(tz, first).is_some_and(|w| on_time(d, next_day, w)) {
            f.timely += 1;
        }
    }
    f.students = students_taught(tx, t, s.to)?.len() as u32;
    f.last = last.filter(|at| *at > 0);
    Ok(f)
}

fn cells(f: &Filling, tz: Tz) -> Vec<Cell> {
    vec![
        Cell::Int(f.held),
        Cell::Int(f.with_topic),
        Cell::num(f.topic_pct(), 1),
        Cell::Int(f.with_homework),
        Cell::Int(f.with_attendance),
        Cell::Int(f.marks),
        Cell::num(f.per_student(), 1),
        Cell::num(f.timely_pct(), 1),
        f.last.and_then(|at| local_day(tz, at)).map_or(Cell::Empty, Cell::Date),
    ]
}

/// The report.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let Some((class, c)) = &s.class else {
        return Ok(vec![Block::Note(lang.t("rstaff-no-class"))]);
    };
    let (visible, _) = visible_teaching(tx, actor, *class)?;
    if visible.is_empty() {
        return Ok(vec![Block::Note(lang.t("rstaff-no-subjects"))]);
    }
    let tz = school_tz(tx)?;
    let cal = ClassCalendar::load(tx, *class, s.from, s.to)?.ok_or(AppError::NotFound)?;
    let held = held_lessons(&cal, s.from, s.to);
    let mut rows = Vec::new();
    for (tid, t) in &visible {
        let lessons = held.get(tid).map(Vec::as_slice).unwrap_or(&[]);
        let f = filling_of(tx, &cal, tz, *tid, t, lessons, s)?;
        let teacher = accounts::get(tx, t.teacher)?.map(|u| u.short_name()).unwrap_or_default();
        rows.push((subject_label(tx, t)?, teacher, f));
    }
    rows.sort_by(|a, b| a.2.badness().cmp(&b.2.badness()).then(a.0.cmp(&b.0)));

    let mut table = Table::new(c.name());
    table.col(lang.t("rstaff-subject"), 28.0).col(lang.t("rstaff-teacher"), 20.0);
    table.col_hint(lang.t("rstaff-fill-held"), 9.0, lang.t("rstaff-fill-held-hint"));
    table.col(lang.t("rstaff-fill-topic"), 9.0);
    table.col_hint(lang.t("rstaff-fill-topic-pct"), 9.0, lang.t("rstaff-fill-topic-pct-hint"));
    table.col(lang.t("rstaff-fill-homework"), 9.0);
    table.col_hint(lang.t("rstaff-fill-attendance"), 11.0, lang.t("rstaff-fill-attendance-hint"));
    table.col(lang.t("rstaff-fill-marks"), 9.0);
    table.col(lang.t("rstaff-fill-per-student"), 10.0);
    table.col_hint(lang.t("rstaff-fill-timely"), 11.0, lang.t("rstaff-fill-timely-hint"));
    table.col(lang.t("rstaff-fill-last"), 12.0);
    let mut total = Filling::default();
    for (subject, teacher, f) in &rows {
        total.merge(f);
        let mut row = vec![Cell::text(subject), Cell::text(teacher)];
        row.extend(cells(f, tz));
        table.row(row);
    }
    if rows.len() > 1 {
        let mut row = vec![Cell::Text(lang.t("rstaff-total")), Cell::Empty];
        row.extend(cells(&total, tz));
        table.total(row);
    }
    Ok(vec![Block::Table(table), Block::Note(lang.t("rstaff-fill-note"))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_mark_is_on_time_by_the_next_school_day() {
        // Friday's lesson; the next school day is Monday.
        let (fri, mon) = (d(11, 27), d(11, 30));
        assert!(on_time(fri, mon, fri));
        assert!(on_time(fri, mon, d(11, 29)), "over the weekend");
        assert!(on_time(fri, mon, mon));
        assert!(!on_time(fri, mon, d(12, 1)));
        // Written ahead (a planned test) is on time too.
        assert!(on_time(fri, mon, d(11, 26)));
    }

    #[test]
    fn the_least_filled_journal_comes_first() {
        let full = Filling { held: 10, with_topic: 10, marks: 4, timely: 4, ..Filling::default() };
        let late = Filling { held: 10, with_topic: 10, marks: 4, timely: 1, ..Filling::default() };
        let empty = Filling { held: 10, with_topic: 2, marks: 4, timely: 4, ..Filling::default() };
        let mut v = [&full, &late, &empty];
        v.sort_by_key(|f| f.badness());
        assert_eq!(v, [&empty, &late, &full]);
        assert_eq!(empty.topic_pct(), Some(20.0));
        assert_eq!(late.timely_pct(), Some(25.0));
        let nothing = Filling::default();
        assert_eq!((nothing.topic_pct(), nothing.per_student()), (None, None));
    }
}
