//! «Качество знаний и успеваемость»: for each teaching assignment the students counted, their
//! period marks by value, % успеваемости, % качества, СОУ and the average (formulas in
//! `formulas.rs`), summed up by class, parallel, school, subject or teacher.

use redb::ReadTransaction;

use super::chart::{Bar, Chart, Series};
use super::filters::{Scope, matching_period, sees_teaching};
use super::formulas::Counts;
use super::model::Block;
use super::table::{Cell, Table};
use crate::auth::accounts;
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::journal::model::FinalKind;
use crate::journal::records;
use crate::people::service::students_of;
use crate::store::Reader;
use crate::store::StoreError;
use crate::store::ids::{ClassId, PeriodId, TeachingId, UserId};
use crate::structure::model::{Class, Teaching};
use crate::structure::model::{GROUPS, SUBJECTS};
use crate::structure::service::{classes_of, teaching_of_class};
use crate::timetable::calendar::students_taught;
use crate::web::i18n::Lang;

/// The period marks of a teaching assignment's students, counted.
pub fn teaching_counts(
    tx: &impl Reader,
    t: &Teaching,
    period: PeriodId,
    end: chrono::NaiveDate,
) -> Result<Counts, StoreError> {
    counts_of(tx, t, period, &students_taught(tx, t, end)?)
}

/// The period marks of `students` in the subject of `t`, counted.
fn counts_of(
    tx: &impl Reader,
    t: &Teaching,
    period: PeriodId,
    students: &[UserId],
) -> Result<Counts, StoreError> {
    let mut counts = Counts::default();
    for s in students {
        let mark = records::final_mark(tx, *s, t.subject, FinalKind::Period(period))?;
        counts.add(mark.map(|m| m.value));
    }
    Ok(counts)
}

/// «Математика (группа 1)».
pub fn subject_label(tx: &impl Reader, t: &Teaching) -> Result<String, StoreError> {
    let mut subject = SUBJECTS.get(tx, &t.subject)?.map(|s| s.name).unwrap_or_default();
    if let Some(g) = t.group.and_then(|g| GROUPS.get(tx, &g).ok().flatten()) {
        subject = format!("{subject} ({})", g.name);
    }
    Ok(subject)
}

/// The headers of the count columns, in the order of [`count_cells`].
pub fn count_columns(lang: Lang, table: &mut Table) {
    table.col_hint("N", 6.0, lang.t("reports-n-hint"));
    for h in ["5", "4", "3", "2"] {
        table.col(h, 5.0);
    }
    for k in ["reports-col-pass", "reports-col-fail", "reports-col-na", "reports-col-exempt"] {
        table.col(lang.t(k), 6.0);
    }
    table.col_hint(lang.t("reports-success"), 10.0, lang.t("reports-success-hint"));
    table.col_hint(lang.t("reports-quality"), 10.0, lang.t("reports-quality-hint"));
    table.col_hint(lang.t("reports-sou"), 10.0, lang.t("reports-sou-hint"));
    table.col_hint(lang.t("reports-average"), 10.0, lang.t("reports-average-hint"));
}

/// N, the marks, зач, незач, н/а, осв, then the four figures.
pub fn count_cells(c: &Counts) -> Vec<Cell> {
    vec![
        Cell::Int(c.n()),
        Cell::Int(c.n5),
        Cell::Int(c.n4),
        Cell::Int(c.n3),
        Cell::Int(c.n2),
        Cell::Int(c.pass),
        Cell::Int(c.fail),
        Cell::Int(c.na),
        Cell::Int(c.exempt),
        Cell::num(c.success(), 1),
        Cell::num(c.quality(), 1),
        Cell::num(c.sou(), 1),
        Cell::num(c.average(), 2),
    ]
}

/// How the period marks fall: 5, 4, 3, 2, н/а.
pub fn distribution(lang: Lang, c: &Counts) -> Chart {
    let bar =
        |label: &str, n: u32, tone: &str| Bar { label: label.into(), value: f64::from(n), tone: tone.into() };
    Chart::Bars {
        title: lang.t("reports-chart-distribution"),
        unit: lang.t("reports-unit-students"),
        bars: vec![
            bar("5", c.n5, "m5"),
            bar("4", c.n4, "m4"),
            bar("3", c.n3, "m3"),
            bar("2", c.n2, "m2"),
            bar(&lang.t("reports-col-na"), c.na, "na"),
        ],
    }
}

/// % качества and % успеваемости side by side, e.g. by class.
pub fn quality_chart(lang: Lang, title: String, rows: &[(String, Counts)]) -> Chart {
    Chart::Grouped {
        title,
        unit: "%".into(),
        x: rows.iter().map(|(l, _)| l.clone()).collect(),
        series: vec![
            Series {
                name: lang.t("reports-quality"),
                values: rows.iter().map(|(_, c)| c.quality()).collect(),
            },
            Series {
                name: lang.t("reports-success"),
                values: rows.iter().map(|(_, c)| c.success()).collect(),
            },
        ],
        y_max: 100.0,
    }
}

/// A teaching assignment with its counts.
pub type Assignment = (TeachingId, Teaching, Counts);

/// The teaching assignments of `class` the actor may see, with their counts for `period` (of
/// the class's own scheme, matched to the chosen one).
pub fn class_rows(
    tx: &impl Reader,
    actor: &Actor,
    class: ClassId,
    c: &Class,
    period: &crate::structure::model::Period,
) -> Result<Vec<Assignment>, AppError> {
    let Some((pid, p)) = matching_period(tx, c.year, c.grade, period)? else { return Ok(vec![]) };
    let mut out = Vec::new();
    // The class's students on the period's last day, read once for all its subjects.
    let mut in_class: Option<Vec<UserId>> = None;
    for (tid, t) in teaching_of_class(tx, class)? {
        // A subject teacher sees the subjects they teach; the class chief and the
        // administration every subject.
        if !sees_teaching(tx, actor, tid)? {
            continue;
        }
        let all = match &in_class {
            Some(v) => v,
            None => in_class.insert(students_of(tx, class, p.end)?),
        };
        let students: Vec<UserId> = match t.group {
            None => all.clone(),
            Some(g) => {
                let members = GROUPS.get(tx, &g)?.map(|g| g.students).unwrap_or_default();
                all.iter().copied().filter(|s| members.contains(s)).collect()
            }
        };
        let counts = counts_of(tx, &t, pid, &students)?;
        out.push((tid, t, counts));
    }
    Ok(out)
}

pub fn teacher_name(tx: &impl Reader, t: &Teaching) -> Result<String, StoreError> {
    Ok(accounts::get(tx, t.teacher)?.map(|u| u.short_name()).unwrap_or_default())
}

/// The quality of one class: a row per subject and the class total.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let (Some((class, c)), Some((_, period))) = (&s.class, &s.period) else {
        return Ok(vec![Block::Note(lang.t("reports-nothing"))]);
    };
    let mut rows = Vec::new();
    for (_, t, counts) in class_rows(tx, actor, *class, c, period)? {
        rows.push((subject_label(tx, &t)?, teacher_name(tx, &t)?, counts));
    }
    if rows.is_empty() {
        return Ok(vec![Block::Note(lang.t("reports-no-subjects"))]);
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut table = Table::new(c.name());
    table.col(lang.t("reports-subject"), 32.0).col(lang.t("reports-teacher"), 22.0);
    count_columns(lang, &mut table);
    let mut total = Counts::default();
    for (subject, teacher, counts) in &rows {
        total.merge(counts);
        let mut cells = vec![Cell::text(subject), Cell::text(teacher)];
        cells.extend(count_cells(counts));
        table.row(cells);
    }
    let mut cells = vec![Cell::Text(lang.t("reports-total")), Cell::Empty];
    cells.extend(count_cells(&total));
    table.total(cells);
    Ok(vec![
        Block::Table(table),
        Block::Note(lang.t("reports-formulas")),
        Block::Chart(distribution(lang, &total)),
    ])
}

/// The classes of a school-wide report: each with the teaching assignments the actor may see
/// that have period marks, and the names of the classes left without any (no marks in the
/// first grade, or a half-year not over yet).
pub struct Classes {
    pub with_marks: Vec<(ClassId, Class, Vec<Assignment>)>,
    pub without: Vec<String>,
}

/// Every class of the year (of `grade`, when given) the actor may see, in the order of grades
/// and letters.
pub fn classes_counts(
    tx: &impl Reader,
    actor: &Actor,
    s: &Scope,
    grade: Option<u8>,
) -> Result<Classes, AppError> {
    let mut out = Classes { with_marks: Vec::new(), without: Vec::new() };
    let Some((_, period)) = &s.period else { return Ok(out) };
    for (id, c) in classes_of(tx, s.year.0)? {
        if grade.is_some_and(|g| g != c.grade) {
            continue;
        }
        let seen = class_rows(tx, actor, id, &c, period)?;
        if seen.is_empty() {
            continue;
        }
        let rows: Vec<_> = seen.into_iter().filter(|(_, _, counts)| counts.any()).collect();
        if rows.is_empty() {
            out.without.push(c.name());
        } else {
            out.with_marks.push((id, c, rows));
        }
    }
    Ok(out)
}
