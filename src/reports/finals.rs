//! «Итоговые отметки»: a class's final marks, one table per subject (one XLSX sheet each):
//! the students × every period of the class's scheme, the year, the exam and the final mark.

use std::collections::HashMap;

use redb::ReadTransaction;

use super::filters::{Scope, period_name};
use super::model::Block;
use super::pupils::{class_students, class_subjects};
use super::table::{Cell, Table};
use crate::auth::permission::Actor;
use crate::diary::queries::finals_of;
use crate::error::AppError;
use crate::journal::model::{FinalKind, FinalMark};
use crate::store::ids::{SubjectId, TeachingId, YearId};
use crate::store::{Reader, StoreError};
use crate::structure::model::TEACHING;
use crate::structure::service::{periods_of, scheme_of};
use crate::web::i18n::Lang;

/// Year, exam and final marks are stored once per subject; one belongs to `year` when the
/// teaching assignment that set it does (a mark of last year is not this year's).
fn of_year(
    tx: &impl Reader,
    cache: &mut HashMap<TeachingId, bool>,
    year: YearId,
    m: &FinalMark,
) -> Result<bool, StoreError> {
    if let Some(&b) = cache.get(&m.teaching) {
        return Ok(b);
    }
    let b = TEACHING.get(tx, &m.teaching)?.is_some_and(|t| t.year == year);
    cache.insert(m.teaching, b);
    Ok(b)
}

/// The final marks of one class.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let Some((class, c)) = &s.class else {
        return Ok(vec![Block::Note(lang.t("reports-nothing"))]);
    };
    let year = s.year.0;
    let day = s.day();
    let subjects = class_subjects(tx, actor, *class, day)?;
    if subjects.is_empty() {
        return Ok(vec![Block::Note(lang.t("reports-no-subjects"))]);
    }
    let periods = periods_of(tx, year, scheme_of(tx, year, c.grade)?)?;
    let mut kinds: Vec<(FinalKind, String)> =
        periods.iter().map(|(id, p)| (FinalKind::Period(*id), period_name(lang, p))).collect();
    kinds.push((FinalKind::Year, lang.t("reports-finals-year")));
    kinds.push((FinalKind::Exam, lang.t("reports-finals-exam")));
    kinds.push((FinalKind::Final, lang.t("reports-finals-final")));

    let students = class_students(tx, *class, day)?;
    let mut marks: Vec<HashMap<SubjectId, Vec<(FinalKind, FinalMark)>>> = Vec::with_capacity(students.len());
    for (id, _) in &students {
        marks.push(finals_of(tx, *id)?);
    }
    let mut cache = HashMap::new();
    let mut blocks = Vec::new();
    for sub in &subjects {
        let mut table = Table::new(&sub.name);
        table.col("№", 4.0).col(lang.t("reports-summary-name"), 30.0);
        for (_, head) in &kinds {
            table.col(head, 10.0);
        }
        let mut n = 0;
        for ((id, u), finals) in students.iter().zip(&marks) {
            if !sub.shows(*id) {
                continue;
            }
            n += 1;
            let mine = finals.get(&sub.id).map(Vec::as_slice).unwrap_or_default();
            let mut cells = vec![Cell::Int(n), Cell::text(u.full_name())];
            for (kind, _) in &kinds {
                let mut cell = Cell::Empty;
                if let Some((_, m)) = mine.iter().find(|(k, _)| k == kind)
                    && (matches!(kind, FinalKind::Period(_)) || of_year(tx, &mut cache, year, m)?)
                {
                    cell = Cell::Mark(m.value.label().to_string());
                }
                cells.push(cell);
            }
            table.row(cells);
        }
        blocks.push(Block::Heading(sub.name.clone()));
        blocks.push(Block::Table(table));
    }
    Ok(blocks)
}
