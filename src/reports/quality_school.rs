//! «Качество знаний и успеваемость» beyond one class: by parallel, for the whole school, by
//! subject and by teacher. Every figure is a sum of the same per-assignment counts as the class
//! report (`quality.rs`), taken in the period of each class's own scheme that matches the one
//! chosen, and each assignment is shown only where `reports.view` reaches it.

use std::collections::BTreeMap;

use redb::ReadTransaction;

use super::filters::Scope;
use super::formulas::Counts;
use super::model::Block;
use super::quality::{
    class_rows, classes_counts, count_cells, count_columns, distribution, quality_chart, subject_label,
    teacher_name,
};
use super::table::{Cell, Table};
use crate::auth::accounts;
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::store::{Order, Reader};
use crate::structure::model::{CLASSES, SUBJECTS, TEACHING, TEACHING_BY_TEACHER};
use crate::web::i18n::Lang;

fn chief_names(tx: &impl Reader, chiefs: &[crate::store::ids::UserId]) -> Result<String, AppError> {
    let mut names = Vec::new();
    for id in chiefs {
        if let Some(u) = accounts::get(tx, *id)? {
            names.push(u.short_name());
        }
    }
    Ok(names.join(", "))
}

fn nothing(lang: Lang) -> Vec<Block> {
    vec![Block::Note(lang.t("reports-nothing"))]
}

/// The note naming the classes without period marks (none when every class has some).
fn without(lang: Lang, names: &[String]) -> Vec<Block> {
    if names.is_empty() {
        return nothing(lang);
    }
    vec![Block::Note(lang.t_args("reports-without-marks", &[("classes", names.join(", ").into())]))]
}

/// A table of rows `(label, second column, counts)` with a total row.
fn counts_table(
    lang: Lang,
    name: &str,
    heads: (&str, &str),
    rows: &[(String, String, Counts)],
    total_label: &str,
) -> (Table, Counts) {
    let mut table = Table::new(name);
    table.col(lang.t(heads.0), 24.0).col(lang.t(heads.1), 24.0);
    count_columns(lang, &mut table);
    let mut total = Counts::default();
    for (a, b, c) in rows {
        total.merge(c);
        let mut cells = vec![Cell::text(a), Cell::text(b)];
        cells.extend(count_cells(c));
        table.row(cells);
    }
    let mut cells = vec![Cell::Text(total_label.to_string()), Cell::Empty];
    cells.extend(count_cells(&total));
    table.total(cells);
    (table, total)
}

/// By parallel: a row per class, then a row per subject over the parallel's classes.
pub fn grade(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let Some(g) = s.grade else { return Ok(nothing(lang)) };
    let all = classes_counts(tx, actor, s, Some(g))?;
    let classes = all.with_marks;
    if classes.is_empty() {
        return Ok(without(lang, &all.without));
    }
    let mut by_class = Vec::new();
    let mut by_subject: BTreeMap<String, (Counts, u32)> = BTreeMap::new();
    for (_, c, rows) in &classes {
        let mut sum = Counts::default();
        for (_, t, counts) in rows {
            sum.merge(counts);
            let name = SUBJECTS.get(tx, &t.subject)?.map(|s| s.name).unwrap_or_default();
            let entry = by_subject.entry(name).or_default();
            entry.0.merge(counts);
            entry.1 += 1;
        }
        by_class.push((c.name(), chief_names(tx, &c.chiefs)?, sum));
    }
    let total_label = lang.t("reports-total-grade");
    let (classes_table, total) = counts_table(
        lang,
        &lang.t("reports-by-class"),
        ("reports-class", "reports-chief"),
        &by_class,
        &total_label,
    );
    let subjects: Vec<(String, String, Counts)> =
        by_subject.into_iter().map(|(name, (c, n))| (name, n.to_string(), c)).collect();
    let (subjects_table, _) = counts_table(
        lang,
        &lang.t("reports-by-subject"),
        ("reports-subject", "reports-classes-n"),
        &subjects,
        &total_label,
    );
    let chart_rows: Vec<(String, Counts)> = by_class.iter().map(|(n, _, c)| (n.clone(), *c)).collect();
    Ok(vec![
        Block::Heading(lang.t("reports-by-class")),
        Block::Table(classes_table),
        Block::Chart(quality_chart(lang, lang.t("reports-chart-by-class"), &chart_rows)),
        Block::Heading(lang.t("reports-by-subject")),
        Block::Table(subjects_table),
        Block::Chart(distribution(lang, &total)),
        Block::Note(lang.t("reports-formulas")),
    ]
    .into_iter()
    .chain(without(lang, &all.without).into_iter().filter(|_| !all.without.is_empty()))
    .collect())
}

/// The whole school: a row per class with a subtotal per parallel and the school's total.
pub fn school(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let all = classes_counts(tx, actor, s, None)?;
    let classes = all.with_marks;
    if classes.is_empty() {
        return Ok(without(lang, &all.without));
    }
    let mut table = Table::new(lang.t("reports-by-class"));
    table.col(lang.t("reports-class"), 14.0).col(lang.t("reports-chief"), 24.0);
    count_columns(lang, &mut table);
    let mut school = Counts::default();
    let mut chart_rows = Vec::new();
    let mut grades: BTreeMap<u8, Counts> = BTreeMap::new();
    let mut i = 0;
    while i < classes.len() {
        let g = classes[i].1.grade;
        let mut grade_sum = Counts::default();
        while i < classes.len() && classes[i].1.grade == g {
            let (_, c, rows) = &classes[i];
            let mut sum = Counts::default();
            for (_, _, counts) in rows {
                sum.merge(counts);
            }
            grade_sum.merge(&sum);
            let mut cells = vec![Cell::Text(c.name()), Cell::Text(chief_names(tx, &c.chiefs)?)];
            cells.extend(count_cells(&sum));
            table.row(cells);
            chart_rows.push((c.name(), sum));
            i += 1;
        }
        let mut cells =
            vec![Cell::Text(lang.t_args("reports-grade-n", &[("n", i64::from(g).into())])), Cell::Empty];
        cells.extend(count_cells(&grade_sum));
        table.total(cells);
        school.merge(&grade_sum);
        grades.insert(g, grade_sum);
    }
    let mut cells = vec![Cell::Text(lang.t("reports-total-school")), Cell::Empty];
    cells.extend(count_cells(&school));
    table.total(cells);
    let pct = |v: Option<f64>| v.map_or("—".to_string(), |x| format!("{x:.1} %").replace('.', ","));
    let grade_rows: Vec<(String, Counts)> = grades.iter().map(|(g, c)| (g.to_string(), *c)).collect();
    Ok(vec![
        Block::Facts(vec![
            (
                lang.t("reports-success-hint").split(':').next().unwrap_or_default().to_string(),
                pct(school.success()),
            ),
            (
                lang.t("reports-quality-hint").split(':').next().unwrap_or_default().to_string(),
                pct(school.quality()),
            ),
            (lang.t("reports-sou-hint").split(':').next().unwrap_or_default().to_string(), pct(school.sou())),
            (lang.t("reports-n-students"), school.n().to_string()),
        ]),
        Block::Table(table),
        Block::Chart(quality_chart(lang, lang.t("reports-chart-by-grade"), &grade_rows)),
        Block::Chart(quality_chart(lang, lang.t("reports-chart-by-class"), &chart_rows)),
        Block::Note(lang.t("reports-formulas")),
    ]
    .into_iter()
    .chain(without(lang, &all.without).into_iter().filter(|_| !all.without.is_empty()))
    .collect())
}

/// One subject: a row per class (or group) where it is taught, with its teacher.
pub fn subject(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let Some((subject, _)) = &s.subject else { return Ok(nothing(lang)) };
    let mut rows = Vec::new();
    for (_, c, teachings) in classes_counts(tx, actor, s, None)?.with_marks {
        for (_, t, counts) in teachings.into_iter().filter(|(_, t, _)| t.subject == *subject) {
            let mut label = c.name();
            let full = subject_label(tx, &t)?;
            if let Some(group) = full.rsplit_once(" (").map(|(_, g)| g.trim_end_matches(')')) {
                label = format!("{label} ({group})");
            }
            rows.push((label, teacher_name(tx, &t)?, counts));
        }
    }
    if rows.is_empty() {
        return Ok(nothing(lang));
    }
    let (table, total) = counts_table(
        lang,
        &lang.t("reports-by-class"),
        ("reports-class", "reports-teacher"),
        &rows,
        &lang.t("reports-total-school"),
    );
    let chart_rows: Vec<(String, Counts)> = rows.iter().map(|(n, _, c)| (n.clone(), *c)).collect();
    Ok(vec![
        Block::Table(table),
        Block::Chart(quality_chart(lang, lang.t("reports-chart-by-class"), &chart_rows)),
        Block::Chart(distribution(lang, &total)),
        Block::Note(lang.t("reports-formulas")),
    ])
}

/// One teacher: a row per teaching assignment of theirs.
pub fn teacher(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let (Some((teacher, _)), Some((_, period))) = (&s.teacher, &s.period) else { return Ok(nothing(lang)) };
    let mut ids = Vec::new();
    TEACHING_BY_TEACHER.scan_prefix(tx, teacher, Order::Asc, |(_, id), ()| {
        ids.push(id);
        true
    })?;
    let mut classes = Vec::new();
    for id in ids {
        if let Some(t) = TEACHING.get(tx, &id)?
            && t.year == s.year.0
            && !classes.contains(&t.class)
        {
            classes.push(t.class);
        }
    }
    let mut rows = Vec::new();
    for class in classes {
        let Some(c) = CLASSES.get(tx, &class)? else { continue };
        for (_, t, counts) in class_rows(tx, actor, class, &c, period)? {
            if t.teacher == *teacher {
                rows.push(((c.grade, c.letter.clone()), c.name(), subject_label(tx, &t)?, counts));
            }
        }
    }
    if rows.is_empty() {
        return Ok(nothing(lang));
    }
    rows.sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
    let rows: Vec<(String, String, Counts)> = rows.into_iter().map(|(_, c, sub, n)| (c, sub, n)).collect();
    let (table, total) = counts_table(
        lang,
        &lang.t("reports-by-class"),
        ("reports-class", "reports-subject"),
        &rows,
        &lang.t("reports-total"),
    );
    let chart_rows: Vec<(String, Counts)> =
        rows.iter().map(|(c, sub, n)| (format!("{c} {sub}"), *n)).collect();
    Ok(vec![
        Block::Table(table),
        Block::Chart(quality_chart(lang, lang.t("reports-chart-by-class"), &chart_rows)),
        Block::Chart(distribution(lang, &total)),
        Block::Note(lang.t("reports-formulas")),
    ])
}
