//! «Отчёт об успеваемости и посещаемости ученика»: per subject the marks of the range in date
//! order, how many, the weighted average, the period mark, the lessons missed by code and the
//! lateness; the totals; and how the student's marks fall (5, 4, 3, 2).

use redb::ReadTransaction;

use super::chart::{Bar, Chart};
use super::filters::Scope;
use super::model::Block;
use super::pupils::{Missed, student_lines, student_subjects};
use super::table::{Cell, Table};
use crate::auth::permission::Actor;
use crate::diary::rules::mean;
use crate::error::AppError;
use crate::journal::model::MarkValue;
use crate::web::i18n::Lang;

/// How many of the marks are 5, 4, 3 and 2 (a 1 counts with the 2s).
pub fn spread(marks: impl IntoIterator<Item = MarkValue>) -> [u32; 4] {
    let mut out = [0; 4];
    for m in marks {
        match m {
            MarkValue::Num(5) => out[0] += 1,
            MarkValue::Num(4) => out[1] += 1,
            MarkValue::Num(3) => out[2] += 1,
            MarkValue::Num(_) => out[3] += 1,
            _ => {}
        }
    }
    out
}

fn missed_cells(m: &Missed) -> [Cell; 6] {
    [
        Cell::Int(m.absent),
        Cell::Int(m.excused),
        Cell::Int(m.ill),
        Cell::Int(m.unexcused),
        Cell::Int(m.total()),
        Cell::Int(m.late),
    ]
}

/// The report about one student.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let (Some((student, u)), Some((class, _))) = (&s.student, &s.class) else {
        return Ok(vec![Block::Note(lang.t("reports-nothing"))]);
    };
    let subjects = student_subjects(tx, actor, *class, *student)?;
    if subjects.is_empty() {
        return Ok(vec![Block::Note(lang.t("reports-no-subjects"))]);
    }
    let period = s.period.as_ref().map(|(id, _)| *id);
    let lines = student_lines(tx, *student, &subjects, s.from, s.to, period)?;
    let mut table = Table::new(u.short_name());
    table
        .col(lang.t("reports-subject"), 26.0)
        .col(lang.t("reports-student-marks"), 40.0)
        .col(lang.t("reports-student-count"), 7.0)
        .col_hint(lang.t("reports-average"), 8.0, lang.t("reports-student-average-hint"))
        .col(lang.t("reports-student-period-mark"), 9.0);
    for code in ["ОТ", "УП", "Б", "НП"] {
        table.col(code, 5.0);
    }
    table.col_hint(lang.t("reports-student-missed"), 8.0, lang.t("reports-student-missed-hint"));
    table.col_hint("ОП", 5.0, lang.t("reports-student-late-hint"));
    let mut total = Missed::default();
    for l in &lines {
        total.merge(&l.missed);
        let mut cells = vec![
            Cell::text(&l.subject.name),
            Cell::Text(l.marks_text()),
            Cell::Int(l.count()),
            Cell::num(l.tally.weighted_average(), 2),
            l.period_mark.map_or(Cell::Empty, |m| Cell::Mark(m.label().to_string())),
        ];
        cells.extend(missed_cells(&l.missed));
        table.row(cells);
    }
    let mut cells = vec![
        Cell::Text(lang.t("reports-student-total")),
        Cell::Empty,
        Cell::Int(lines.iter().map(|l| l.count()).sum()),
        Cell::num(mean(lines.iter().map(|l| l.tally.weighted_average())), 2),
        Cell::Empty,
    ];
    cells.extend(missed_cells(&total));
    table.total(cells);

    let [n5, n4, n3, n2] = spread(lines.iter().flat_map(|l| l.marks.iter().copied()));
    let bar =
        |label: &str, n: u32, tone: &str| Bar { label: label.into(), value: f64::from(n), tone: tone.into() };
    let chart = Chart::Bars {
        title: lang.t("reports-student-chart"),
        unit: lang.t("reports-student-unit"),
        bars: vec![bar("5", n5, "m5"), bar("4", n4, "m4"), bar("3", n3, "m3"), bar("2", n2, "m2")],
    };
    Ok(vec![Block::Table(table), Block::Note(lang.t("reports-student-rules")), Block::Chart(chart)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use MarkValue::*;

    #[test]
    fn the_spread_counts_numbers_only_and_ones_as_twos() {
        assert_eq!(spread([Num(5), Num(4), Num(4), Num(1), Num(2), Pass, Duty, Num(3)]), [1, 2, 1, 2]);
    }
}
