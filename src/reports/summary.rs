//! «Сводная ведомость успеваемости класса»: the class's students × subjects with the period
//! marks, each student's average of their numeric period marks, how many 5/4/3/2/н/а and their
//! category; under the table, per subject, the counts and the conventions' figures.

use redb::ReadTransaction;

use super::filters::Scope;
use super::formulas::Counts;
use super::model::Block;
use super::pupils::{Category, category, class_students, class_subjects, period_mark};
use super::table::{Cell, Table};
use crate::auth::permission::Actor;
use crate::diary::queries::finals_of;
use crate::error::AppError;
use crate::journal::model::MarkValue;
use crate::web::i18n::Lang;

/// One figure of a subject's counts, for the rows under the table.
type Figure = fn(&Counts) -> Cell;

/// The summary of one class for one period.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let (Some((class, c)), Some((period, _))) = (&s.class, &s.period) else {
        return Ok(vec![Block::Note(lang.t("reports-nothing"))]);
    };
    let day = s.day();
    let subjects = class_subjects(tx, actor, *class, day)?;
    if subjects.is_empty() {
        return Ok(vec![Block::Note(lang.t("reports-no-subjects"))]);
    }
    let students = class_students(tx, *class, day)?;
    let mut table = Table::new(c.name());
    table.col("№", 4.0).col(lang.t("reports-summary-name"), 30.0);
    for sub in &subjects {
        table.col_hint(&sub.short, 7.0, &sub.name);
    }
    table
        .col_hint(lang.t("reports-average"), 8.0, lang.t("reports-summary-average-hint"))
        .col("5", 4.0)
        .col("4", 4.0)
        .col("3", 4.0)
        .col("2", 4.0)
        .col(lang.t("reports-col-na"), 5.0)
        .col(lang.t("reports-summary-category"), 16.0);
    let mut by_subject = vec![Counts::default(); subjects.len()];
    let mut categories = [0u32; 4];
    for (i, (id, u)) in students.iter().enumerate() {
        let finals = finals_of(tx, *id)?;
        let mut cells = vec![Cell::Int(i as u32 + 1), Cell::text(u.full_name())];
        let mut own = Counts::default();
        let mut marks: Vec<MarkValue> = Vec::new();
        for (j, sub) in subjects.iter().enumerate() {
            if !sub.shows(*id) {
                cells.push(Cell::Empty);
                continue;
            }
            let mark = period_mark(&finals, sub.id, *period);
            by_subject[j].add(mark);
            own.add(mark);
            marks.extend(mark);
            cells.push(mark.map_or(Cell::Empty, |m| Cell::Mark(m.label().to_string())));
        }
        let cat = category(marks);
        if let Some(k) = cat {
            categories[Category::ALL.iter().position(|c| *c == k).unwrap_or(0)] += 1;
        }
        cells.extend([
            Cell::num(own.average(), 2),
            Cell::Int(own.n5),
            Cell::Int(own.n4),
            Cell::Int(own.n3),
            Cell::Int(own.n2),
            Cell::Int(own.na),
            cat.map_or(Cell::Empty, |k| Cell::Text(lang.t(k.one_key()))),
        ]);
        table.row(cells);
    }
    // Per subject: the counts, then the figures of the conventions.
    let counts: [(&str, Figure); 9] = [
        ("reports-summary-n5", |c| Cell::Int(c.n5)),
        ("reports-summary-n4", |c| Cell::Int(c.n4)),
        ("reports-summary-n3", |c| Cell::Int(c.n3)),
        ("reports-summary-n2", |c| Cell::Int(c.n2)),
        ("reports-summary-nna", |c| Cell::Int(c.na)),
        ("reports-success", |c| Cell::num(c.success(), 1)),
        ("reports-quality", |c| Cell::num(c.quality(), 1)),
        ("reports-sou", |c| Cell::num(c.sou(), 1)),
        ("reports-average", |c| Cell::num(c.average(), 2)),
    ];
    let tail = 7;
    for (key, cell) in counts {
        let mut cells = vec![Cell::Empty, Cell::Text(lang.t(key))];
        cells.extend(by_subject.iter().map(cell));
        cells.extend((0..tail).map(|_| Cell::Empty));
        table.total(cells);
    }
    let mut facts = vec![(lang.t("reports-summary-students"), students.len().to_string())];
    facts.extend(Category::ALL.iter().zip(categories).map(|(k, n)| (lang.t(k.key()), n.to_string())));
    Ok(vec![Block::Table(table), Block::Facts(facts), Block::Note(lang.t("reports-summary-rules"))])
}
