//! «Посещаемость класса за период»: for each student the lessons marked with each attendance
//! code, the lessons missed (ОТ, УП, Б, НП), of them without a good reason (ОТ, НП), and the
//! share of the student's lessons missed — their lessons being those the timetable held in the
//! subjects they follow, on the days they were in the class. A subject teacher counts the
//! lessons of their subjects only; the class chief and the administration every subject.

use super::filters::sees_teaching;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use redb::ReadTransaction;

use super::chart::{Chart, Series};
use super::filters::Scope;
use super::model::Block;
use super::quality::subject_label;
use super::roster::{self, Member, held_lessons, percent};
use super::table::{Cell, Table};
use crate::auth::permission::Actor;
use crate::diary::rules::monday_of;
use crate::error::AppError;
use crate::journal::model::ATTENDANCE;
use crate::journal::model::Code;
use crate::store::ids::{ClassId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::Teaching;
use crate::structure::service::teaching_of_class;
use crate::timetable::calendar::{ClassCalendar, student_teachings};
use crate::web::i18n::{Arg, Lang};

/// Lessons counted by attendance code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Absences {
    /// In the order of [`Code::ALL`].
    pub by_code: [u32; 6],
}

impl Absences {
    fn index(code: Code) -> usize {
        Code::ALL.iter().position(|c| *c == code).unwrap_or(0)
    }

    pub fn add(&mut self, code: Code) {
        self.by_code[Self::index(code)] += 1;
    }

    pub fn get(&self, code: Code) -> u32 {
        self.by_code[Self::index(code)]
    }

    /// Lessons missed: ОТ, УП, Б, НП (a late arrival or an exemption is not an absence).
    pub fn missed(&self) -> u32 {
        Code::ALL.iter().filter(|c| c.is_absence()).map(|c| self.get(*c)).sum()
    }

    /// Lessons missed without a good reason: НП, and ОТ while no reason is known.
    pub fn unexcused(&self) -> u32 {
        self.get(Code::Absent) + self.get(Code::Unexcused)
    }

    pub fn merge(&mut self, o: &Absences) {
        for (a, b) in self.by_code.iter_mut().zip(o.by_code) {
            *a += b;
        }
    }
}

/// The attendance of a class over `from..=to` in some of its teaching assignments, counted on
/// the lessons the timetable held.
pub struct ClassAttendance {
    /// By student.
    pub students: HashMap<UserId, Absences>,
    /// By the Monday of the week.
    pub weeks: BTreeMap<NaiveDate, Absences>,
    /// The held lessons of each teaching assignment counted.
    pub held: HashMap<TeachingId, Vec<(NaiveDate, u8)>>,
}

/// Counts the attendance entries of `teachings` (of the class of `cal`) on held lessons of
/// `from..=to`.
pub fn class_attendance(
    tx: &impl Reader,
    cal: &ClassCalendar,
    teachings: &[(TeachingId, Teaching)],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ClassAttendance, StoreError> {
    let mut held = held_lessons(cal, from, to);
    held.retain(|t, _| teachings.iter().any(|(id, _)| id == t));
    let mut out = ClassAttendance { students: HashMap::new(), weeks: BTreeMap::new(), held };
    let Some(after) = to.succ_opt() else { return Ok(out) };
    for (tid, _) in teachings {
        let lessons: HashSet<(NaiveDate, u8)> =
            out.held.get(tid).map(|l| l.iter().copied().collect()).unwrap_or_default();
        let mut entries = Vec::new();
        ATTENDANCE.scan_between(tx, &(*tid, from), &(*tid, after), Order::Asc, |(_, day, n, s), a| {
            if lessons.contains(&(day, n)) {
                entries.push((day, s, a.code));
            }
            true
        })?;
        for (day, s, code) in entries {
            out.students.entry(s).or_default().add(code);
            out.weeks.entry(monday_of(day)).or_default().add(code);
        }
    }
    Ok(out)
}

/// The lessons held for `m` in the subjects of `visible` they follow, on their days in the class.
pub fn lessons_for(
    tx: &impl Reader,
    class: ClassId,
    m: &Member,
    visible: &[(TeachingId, Teaching)],
    att: &ClassAttendance,
) -> Result<u32, StoreError> {
    let mut n = 0;
    for (tid, _) in student_teachings(tx, class, m.id)? {
        if !visible.iter().any(|(id, _)| *id == tid) {
            continue;
        }
        let lessons = att.held.get(&tid).map(Vec::as_slice).unwrap_or(&[]);
        n += lessons.iter().filter(|(day, _)| m.in_class(class, *day)).count() as u32;
    }
    Ok(n)
}

/// The teaching assignments of `class` the actor may see in reports.
pub fn visible_teaching(
    tx: &impl Reader,
    actor: &Actor,
    class: ClassId,
) -> Result<(Vec<(TeachingId, Teaching)>, usize), StoreError> {
    let all = teaching_of_class(tx, class)?;
    let total = all.len();
    let mut out = Vec::new();
    for (tid, t) in all {
        if sees_teaching(tx, actor, tid)? {
            out.push((tid, t));
        }
    }
    Ok((out, total))
}

fn columns(lang: Lang, table: &mut Table) {
    table.col(lang.t("rstaff-student"), 32.0);
    for code in Code::ALL {
        let hint = lang.t(&format!("rstaff-code-{}", code_slug(code)));
        table.col_hint(code.label(), 6.0, hint);
    }
    table.col_hint(lang.t("rstaff-missed"), 10.0, lang.t("rstaff-missed-hint"));
    table.col_hint(lang.t("rstaff-unexcused"), 10.0, lang.t("rstaff-unexcused-hint"));
    table.col_hint(lang.t("rstaff-lessons"), 10.0, lang.t("rstaff-lessons-hint"));
    table.col_hint(lang.t("rstaff-missed-pct"), 10.0, lang.t("rstaff-missed-pct-hint"));
}

/// The suffix of a code's catalog key.
pub fn code_slug(code: Code) -> &'static str {
    match code {
        Code::Absent => "absent",
        Code::Excused => "excused",
        Code::Ill => "ill",
        Code::Unexcused => "unexcused",
        Code::Late => "late",
        Code::Exempt => "exempt",
    }
}

fn cells(label: String, a: &Absences, lessons: u32) -> Vec<Cell> {
    let mut out = vec![Cell::Text(label)];
    out.extend(Code::ALL.iter().map(|c| Cell::Int(a.get(*c))));
    out.push(Cell::Int(a.missed()));
    out.push(Cell::Int(a.unexcused()));
    out.push(Cell::Int(lessons));
    out.push(Cell::num(percent(a.missed(), lessons), 1));
    out
}

/// Absences by week, split by code.
fn weeks_chart(lang: Lang, att: &ClassAttendance, from: NaiveDate, to: NaiveDate) -> Chart {
    let mut weeks = Vec::new();
    let mut w = monday_of(from);
    while w <= to {
        weeks.push(w);
        w += chrono::Duration::days(7);
    }
    let series = Code::ALL
        .into_iter()
        .filter(|c| c.is_absence())
        .map(|code| Series {
            name: code.label().to_string(),
            values: weeks
                .iter()
                .map(|w| Some(f64::from(att.weeks.get(w).map_or(0, |a| a.get(code)))))
                .collect(),
        })
        .collect();
    Chart::Stacked {
        title: lang.t("rstaff-att-chart"),
        unit: lang.t("rstaff-unit-lessons"),
        x: weeks.iter().map(|w| w.format("%d.%m").to_string()).collect(),
        series,
    }
}

/// The report.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let Some((class, c)) = &s.class else {
        return Ok(vec![Block::Note(lang.t("rstaff-no-class"))]);
    };
    let (visible, total) = visible_teaching(tx, actor, *class)?;
    if visible.is_empty() {
        return Ok(vec![Block::Note(lang.t("rstaff-no-subjects"))]);
    }
    let cal = ClassCalendar::load(tx, *class, s.from, s.to)?.ok_or(AppError::NotFound)?;
    let att = class_attendance(tx, &cal, &visible, s.from, s.to)?;
    let members = roster::members(tx, *class, s.from, s.to)?;

    let mut table = Table::new(c.name());
    columns(lang, &mut table);
    let mut sum = Absences::default();
    let mut sum_lessons = 0;
    for m in &members {
        let a = att.students.get(&m.id).copied().unwrap_or_default();
        let lessons = lessons_for(tx, *class, m, &visible, &att)?;
        sum.merge(&a);
        sum_lessons += lessons;
        table.row(cells(m.user.full_name(), &a, lessons));
    }
    table.total(cells(lang.t("rstaff-total"), &sum, sum_lessons));

    let mut blocks = Vec::new();
    if visible.len() < total {
        let mut names = Vec::new();
        for (_, t) in &visible {
            names.push(subject_label(tx, t)?);
        }
        names.sort();
        names.dedup();
        blocks.push(Block::Note(
            lang.t_args("rstaff-att-limited", &[("subjects", Arg::Str(names.join(", ")))]),
        ));
    }
    if members.is_empty() {
        blocks.push(Block::Note(lang.t("rstaff-no-students")));
    }
    blocks.push(Block::Table(table));
    blocks.push(Block::Note(lang.t("rstaff-att-note")));
    blocks.push(Block::Chart(weeks_chart(lang, &att, s.from, s.to)));
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absences_count_missed_and_unexcused_lessons_by_the_codes() {
        let mut a = Absences::default();
        for code in
            [Code::Absent, Code::Ill, Code::Ill, Code::Unexcused, Code::Excused, Code::Late, Code::Exempt]
        {
            a.add(code);
        }
        assert_eq!(a.get(Code::Ill), 2);
        assert_eq!(a.missed(), 5, "ОТ + 2 Б + НП + УП; ОП and ОСВ are not absences");
        assert_eq!(a.unexcused(), 2, "ОТ + НП");
        let mut b = Absences::default();
        b.add(Code::Absent);
        b.merge(&a);
        assert_eq!((b.missed(), b.unexcused(), b.get(Code::Late)), (6, 3, 1));
        assert_eq!(percent(b.missed(), 24), Some(25.0));
    }
}
