//! «Качество знаний и успеваемость»: for each teaching assignment the students counted, their
//! period marks by value, % успеваемости, % качества, СОУ and the average (formulas in
//! `formulas.rs`), summed up by class, parallel, school, subject or teacher.

use redb::ReadTransaction;

use super::chart::{Bar, Chart, Series};
use super::filters::{Scope, matching_period};
use super::formulas::Counts;
use super::model::Block;
use super::table::{Cell, Table};
use crate::auth::permission::{Action, Actor, Target, allows};
use crate::error::AppError;
use crate::journal::model::FinalKind;
use crate::journal::records;
use crate::store::Reader;
use crate::store::StoreError;
use crate::store::ids::{ClassId, PeriodId, TeachingId};
use crate::store::tables::{GROUPS, SUBJECTS, USERS};
use crate::structure::model::{Class, Teaching};
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
    let mut counts = Counts::default();
    for s in students_taught(tx, t, end)? {
        let mark = records::final_mark(tx, s, t.subject, FinalKind::Period(period))?;
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

/// The teaching assignments of `class` the actor may see, with their counts for `period` (of
/// the class's own scheme, matched to the chosen one).
fn class_rows(
    tx: &impl Reader,
    actor: &Actor,
    class: ClassId,
    c: &Class,
    period: &crate::structure::model::Period,
) -> Result<Vec<(TeachingId, Teaching, Counts)>, AppError> {
    let Some((pid, p)) = matching_period(tx, c.year, c.grade, period)? else { return Ok(vec![]) };
    let mut out = Vec::new();
    for (tid, t) in teaching_of_class(tx, class)? {
        // A subject teacher sees the subjects they teach; the class chief and the
        // administration every subject.
        if !allows(tx, actor, Action::ReportsView, Target::Teaching(tid))? {
            continue;
        }
        let counts = teaching_counts(tx, &t, pid, p.end)?;
        out.push((tid, t, counts));
    }
    Ok(out)
}

fn teacher_name(tx: &impl Reader, t: &Teaching) -> Result<String, StoreError> {
    Ok(USERS.get(tx, &t.teacher)?.map(|u| u.short_name()).unwrap_or_default())
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

/// Every class of the year the actor may see, in the order of grades and letters, with the
/// counts over the subjects they see.
pub fn classes_counts(
    tx: &impl Reader,
    actor: &Actor,
    s: &Scope,
    grade: Option<u8>,
) -> Result<Vec<(ClassId, Class, Vec<(TeachingId, Teaching, Counts)>)>, AppError> {
    let Some((_, period)) = &s.period else { return Ok(vec![]) };
    let mut out = Vec::new();
    for (id, c) in classes_of(tx, s.year.0)? {
        if grade.is_some_and(|g| g != c.grade) {
            continue;
        }
        let rows = class_rows(tx, actor, id, &c, period)?;
        if !rows.is_empty() {
            out.push((id, c, rows));
        }
    }
    Ok(out)
}
