//! «Средний балл» and «Динамика среднего балла»: a student's weighted averages of current marks
//! (Σ mark·weight / Σ weight over numeric marks) against their class's — the mean of the class
//! students' averages in the same subject — for a period, and month by month over the year.
//!
//! A student's overall average is the mean of their subject averages (as the diary's progress
//! page has it); the class's overall average the mean of its students' overall averages over
//! the same subjects. The dynamics may follow one subject instead: the student's running average
//! in it against the class's, the mean of its students' running averages in that subject.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use redb::ReadTransaction;

use super::chart::{Chart, Series};
use super::filters::Scope;
use super::model::Block;
use super::pupils::{Subject, class_students, student_subjects, tallies};
use super::table::{Cell, Table};
use crate::auth::permission::Actor;
use crate::diary::queries::marks_between;
use crate::diary::rules::mean;
use crate::error::AppError;
use crate::journal::model::MarkValue;
use crate::journal::rules::Tally;
use crate::store::ids::{ClassId, SubjectId, UserId};
use crate::store::{Reader, StoreError};
use crate::web::i18n::Lang;

/// The student and their class, or a note why there is nothing to show.
fn who(s: &Scope, lang: Lang) -> Result<(UserId, String, ClassId), Vec<Block>> {
    match (&s.student, &s.class) {
        (Some((id, u)), Some((class, _))) => Ok((*id, u.short_name(), *class)),
        _ => Err(vec![Block::Note(lang.t("reports-nothing"))]),
    }
}

/// The mean of a student's averages over `subjects`.
fn overall(subjects: &[Subject], avg: impl Fn(SubjectId) -> Option<f64>) -> Option<f64> {
    mean(subjects.iter().map(|s| avg(s.id)))
}

/// The student against the class in the period (or range) of the scope.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let (student, name, class) = match who(s, lang) {
        Ok(w) => w,
        Err(blocks) => return Ok(blocks),
    };
    let subjects = student_subjects(tx, actor, class, student)?;
    if subjects.is_empty() {
        return Ok(vec![Block::Note(lang.t("reports-no-subjects"))]);
    }
    let mine = tallies(tx, student, s.from, s.to)?;
    let mut others: Vec<HashMap<SubjectId, Tally>> = Vec::new();
    for (id, _) in class_students(tx, class, s.day())? {
        others.push(if id == student { mine.clone() } else { tallies(tx, id, s.from, s.to)? });
    }
    let avg = |t: &HashMap<SubjectId, Tally>, sub: SubjectId| t.get(&sub).and_then(Tally::weighted_average);
    let class_avg = |sub: SubjectId| mean(others.iter().map(|t| avg(t, sub)));

    let mut table = Table::new(name.clone());
    table
        .col(lang.t("reports-subject"), 28.0)
        .col(lang.t("reports-avg-student"), 10.0)
        .col(lang.t("reports-avg-class"), 10.0)
        .col_hint(lang.t("reports-avg-diff"), 10.0, lang.t("reports-avg-diff-hint"))
        .col(lang.t("reports-avg-count"), 8.0);
    let (mut x, mut me, mut them) = (Vec::new(), Vec::new(), Vec::new());
    for sub in &subjects {
        let (a, b) = (avg(&mine, sub.id), class_avg(sub.id));
        table.row(vec![
            Cell::text(&sub.name),
            Cell::num(a, 2),
            Cell::num(b, 2),
            Cell::num(a.zip(b).map(|(a, b)| a - b), 2),
            Cell::Int(mine.get(&sub.id).map_or(0, |t| t.count as u32)),
        ]);
        x.push(sub.short.clone());
        me.push(a);
        them.push(b);
    }
    let a = overall(&subjects, |sub| avg(&mine, sub));
    let b = mean(others.iter().map(|t| overall(&subjects, |sub| avg(t, sub))));
    table.total(vec![
        Cell::Text(lang.t("reports-avg-overall")),
        Cell::num(a, 2),
        Cell::num(b, 2),
        Cell::num(a.zip(b).map(|(a, b)| a - b), 2),
        Cell::Int(mine.values().map(|t| t.count as u32).sum()),
    ]);
    let chart = Chart::Grouped {
        title: lang.t("reports-avg-chart"),
        unit: String::new(),
        x,
        series: vec![Series { name, values: me }, Series { name: lang.t("reports-avg-class"), values: them }],
        y_max: 5.0,
    };
    Ok(vec![Block::Table(table), Block::Note(lang.t("reports-avg-rules")), Block::Chart(chart)])
}

/// The last day of each month from `from`'s to `to`'s, the last one cut at `to`.
pub fn month_ends(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut first = from.with_day(1).unwrap_or(from);
    while first <= to {
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX);
        out.push(next.pred_opt().unwrap_or(next).min(to));
        first = next;
    }
    out
}

/// Running weighted averages by subject: at each of `ends`, the average of every mark up to
/// that day (`None` until the first mark).
pub fn running(
    marks: impl IntoIterator<Item = (NaiveDate, SubjectId, MarkValue, u8)>,
    ends: &[NaiveDate],
) -> HashMap<SubjectId, Vec<Option<f64>>> {
    let mut by_month: HashMap<SubjectId, Vec<Tally>> = HashMap::new();
    for (day, subject, value, weight) in marks {
        let Some(i) = ends.iter().position(|e| day <= *e) else { continue };
        by_month.entry(subject).or_insert_with(|| vec![Tally::default(); ends.len()])[i].add(value, weight);
    }
    by_month
        .into_iter()
        .map(|(subject, months)| {
            let mut sum = Tally::default();
            let values = months
                .iter()
                .map(|t| {
                    sum.weighted += t.weighted;
                    sum.weights += t.weights;
                    sum.sum += t.sum;
                    sum.count += t.count;
                    sum.weighted_average()
                })
                .collect();
            (subject, values)
        })
        .collect()
}

fn running_of(
    tx: &impl Reader,
    student: UserId,
    from: NaiveDate,
    ends: &[NaiveDate],
) -> Result<Runs, StoreError> {
    let to = ends.last().copied().unwrap_or(from);
    let marks = marks_between(tx, student, from, to)?;
    Ok(running(marks.into_iter().map(|m| (m.date, m.mark.subject, m.mark.value, m.mark.weight)), ends))
}

/// The class's line: at each of `months`, the mean over the students who have a figure then
/// (a student without marks yet, or not taking the subject, is left out).
pub fn class_line(lines: &[Vec<Option<f64>>], months: usize) -> Vec<Option<f64>> {
    (0..months).map(|i| mean(lines.iter().map(|v| v.get(i).copied().flatten()))).collect()
}

type Runs = HashMap<SubjectId, Vec<Option<f64>>>;

/// The student's running averages month by month over the year: by subject and overall against
/// the class's overall, or, with one subject chosen, in that subject against the class's in it.
pub fn dynamics(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let (student, name, class) = match who(s, lang) {
        Ok(w) => w,
        Err(blocks) => return Ok(blocks),
    };
    let subjects = student_subjects(tx, actor, class, student)?;
    if subjects.is_empty() {
        return Ok(vec![Block::Note(lang.t("reports-no-subjects"))]);
    }
    // The filters offer only the student's subjects.
    let chosen = match &s.subject {
        Some((id, _)) => Some(subjects.iter().find(|sub| sub.id == *id).ok_or(AppError::NotFound)?),
        None => None,
    };
    let from = s.year.1.start;
    let ends = month_ends(from, s.to);
    let labels: Vec<String> =
        ends.iter().map(|d| lang.t(&format!("reports-dyn-month-{}", d.month()))).collect();
    let at = |r: &Runs, sub: SubjectId, i: usize| r.get(&sub).and_then(|v| v.get(i).copied().flatten());
    // A student's line: the chosen subject's running average, else the mean over the subjects.
    let line_of = |r: &Runs| -> Vec<Option<f64>> {
        (0..ends.len())
            .map(|i| match chosen {
                Some(sub) => at(r, sub.id, i),
                None => overall(&subjects, |sub| at(r, sub, i)),
            })
            .collect()
    };
    let mine = running_of(tx, student, from, &ends)?;
    let mut lines: Vec<Vec<Option<f64>>> = Vec::new();
    for (id, _) in class_students(tx, class, s.day())? {
        let r = if id == student { mine.clone() } else { running_of(tx, id, from, &ends)? };
        lines.push(line_of(&r));
    }
    let me = line_of(&mine);
    let them = class_line(&lines, ends.len());

    let mut table = Table::new(name.clone());
    table.col(lang.t("reports-subject"), 28.0);
    for l in &labels {
        table.col(l, 7.0);
    }
    for sub in chosen.map_or(&subjects[..], std::slice::from_ref) {
        let mut cells = vec![Cell::text(&sub.name)];
        cells.extend((0..ends.len()).map(|i| Cell::num(at(&mine, sub.id, i), 2)));
        table.row(cells);
    }
    // With one subject its row is the student's line; the class's follows it.
    let totals = match chosen {
        Some(_) => vec![(lang.t("reports-dyn-class-subject"), &them)],
        None => vec![(lang.t("reports-dyn-student"), &me), (lang.t("reports-dyn-class"), &them)],
    };
    for (label, values) in totals {
        let mut cells = vec![Cell::Text(label)];
        cells.extend(values.iter().map(|v| Cell::num(*v, 2)));
        table.total(cells);
    }
    let (title, rules) = match chosen {
        Some(sub) => (
            lang.t_args("reports-dyn-chart-subject", &[("subject", sub.name.clone().into())]),
            lang.t("reports-dyn-rules-subject"),
        ),
        None => (lang.t("reports-dyn-chart"), lang.t("reports-dyn-rules")),
    };
    let low = me.iter().chain(&them).flatten().fold(3.0f64, |a, b| a.min(*b));
    let chart = Chart::Lines {
        title,
        unit: String::new(),
        x: labels,
        series: vec![Series { name, values: me }, Series { name: lang.t("reports-avg-class"), values: them }],
        y_min: (low * 2.0).floor() / 2.0,
        y_max: 5.0,
    };
    Ok(vec![Block::Chart(chart), Block::Table(table), Block::Note(rules)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_end_on_their_last_day_and_the_last_at_the_end_of_the_range() {
        assert_eq!(
            month_ends(d(2026, 9, 1), d(2026, 11, 15)),
            vec![d(2026, 9, 30), d(2026, 10, 31), d(2026, 11, 15)]
        );
        assert_eq!(
            month_ends(d(2026, 12, 10), d(2027, 2, 28)),
            vec![d(2026, 12, 31), d(2027, 1, 31), d(2027, 2, 28)]
        );
        assert_eq!(month_ends(d(2026, 9, 1), d(2026, 9, 1)), vec![d(2026, 9, 1)]);
    }

    #[test]
    fn running_averages_are_weighted_and_cumulative() {
        let (maths, russian) = (SubjectId(1), SubjectId(2));
        let ends = month_ends(d(2026, 9, 1), d(2026, 11, 30));
        let r = running(
            [
                (d(2026, 9, 3), maths, MarkValue::Num(5), 1),
                (d(2026, 9, 10), maths, MarkValue::Num(3), 3),
                // Not numeric: left out.
                (d(2026, 10, 1), maths, MarkValue::Pass, 1),
                (d(2026, 11, 2), maths, MarkValue::Num(4), 2),
                (d(2026, 10, 5), russian, MarkValue::Num(2), 1),
                // After the last month: left out.
                (d(2026, 12, 1), russian, MarkValue::Num(5), 1),
            ],
            &ends,
        );
        // September: (5 + 9) / 4 = 3.5; October the same; November (14 + 8) / 6.
        assert_eq!(r[&maths], vec![Some(3.5), Some(3.5), Some(22.0 / 6.0)]);
        assert_eq!(r[&russian], vec![None, Some(2.0), Some(2.0)]);
    }

    #[test]
    fn the_class_line_in_a_subject_averages_the_students_with_a_figure() {
        let maths = SubjectId(1);
        let ends = month_ends(d(2026, 9, 1), d(2026, 11, 30));
        let of = |marks: &[(NaiveDate, u8, u8)]| {
            let r = running(marks.iter().map(|(day, v, w)| (*day, maths, MarkValue::Num(*v), *w)), &ends);
            r.get(&maths).cloned().unwrap_or_else(|| vec![None; ends.len()])
        };
        let lines = vec![
            // 4,00 in September, (5 + 3 + 2·2) / 4 = 3,00 from October.
            of(&[(d(2026, 9, 3), 5, 1), (d(2026, 9, 4), 3, 1), (d(2026, 10, 1), 2, 2)]),
            // 3,00 from September.
            of(&[(d(2026, 9, 3), 3, 2)]),
            // Nothing before October: left out of September.
            of(&[(d(2026, 10, 2), 5, 1)]),
            // No marks in the subject at all: left out every month.
            of(&[]),
        ];
        let line = class_line(&lines, ends.len());
        assert_eq!(line[0], Some(3.5));
        for month in &line[1..] {
            assert!((month.unwrap() - 11.0 / 3.0).abs() < 1e-12, "{line:?}");
        }
        assert_eq!(class_line(&[vec![None, None]], 2), vec![None, None]);
    }
}
