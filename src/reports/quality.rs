//! «Качество знаний и успеваемость» of a class for a period: for each subject the students
//! counted, their period marks by value, % успеваемости, % качества, СОУ and the average, and
//! the class's totals over its subjects (formulas in `formulas.rs`).

use chrono::NaiveDate;

use super::formulas::Counts;
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::journal::model::FinalKind;
use crate::journal::records;
use crate::store::ids::{ClassId, PeriodId};
use crate::store::tables::{CLASSES, GROUPS, SUBJECTS, USERS};
use crate::store::{Order, Reader};
use crate::structure::model::Period;
use crate::structure::service::{current_year_id, periods_of, scheme_of, teaching_of_class};
use crate::timetable::calendar::students_taught;

/// One subject (teaching assignment) of the class.
#[derive(Clone, Debug)]
pub struct Row {
    pub subject: String,
    pub teacher: String,
    pub counts: Counts,
}

/// The report page.
pub struct Quality {
    /// Classes of the current year the actor may see the report of, for the filter.
    pub classes: Vec<(ClassId, String)>,
    pub class: Option<(ClassId, String)>,
    pub periods: Vec<(PeriodId, Period)>,
    pub period: Option<(PeriodId, Period)>,
    pub rows: Vec<Row>,
    pub total: Counts,
}

/// The period to show: the one asked for, else the last one ended by `today`, else the first.
fn pick(
    periods: &[(PeriodId, Period)],
    wanted: Option<PeriodId>,
    today: NaiveDate,
) -> Option<(PeriodId, Period)> {
    wanted
        .and_then(|w| periods.iter().find(|(id, _)| *id == w))
        .or_else(|| periods.iter().rev().find(|(_, p)| p.end < today))
        .or(periods.first())
        .cloned()
}

/// The report of `class` (or the first class the actor may see) for `period`.
pub fn class_quality(
    tx: &impl Reader,
    actor: &Actor,
    class: Option<ClassId>,
    period: Option<PeriodId>,
) -> Result<Quality, AppError> {
    let mut classes = Vec::new();
    if let Some(year) = current_year_id(tx)? {
        let mut all = Vec::new();
        CLASSES.scan_range(tx, None, None, Order::Asc, |id, c| {
            if c.year == year {
                all.push((id, c));
            }
            true
        })?;
        all.sort_by_key(|(_, c)| (c.grade, c.letter.clone()));
        for (id, c) in all {
            if allows(tx, actor, Action::ReportsView, Target::Class(id))? {
                classes.push((id, c.name()));
            }
        }
    }
    let Some(class_id) = class.or_else(|| classes.first().map(|(id, _)| *id)) else {
        permit(tx, actor, Action::ReportsView, Target::School)?;
        return Ok(Quality {
            classes,
            class: None,
            periods: vec![],
            period: None,
            rows: vec![],
            total: Counts::default(),
        });
    };
    permit(tx, actor, Action::ReportsView, Target::Class(class_id))?;
    let c = CLASSES.get(tx, &class_id)?.ok_or(AppError::NotFound)?;
    let periods = periods_of(tx, c.year, scheme_of(tx, c.year, c.grade)?)?;
    let chosen = pick(&periods, period, actor.today);
    let mut rows = Vec::new();
    let mut total = Counts::default();
    if let Some((pid, p)) = &chosen {
        for (tid, t) in teaching_of_class(tx, class_id)? {
            // A subject teacher sees the subjects they teach; the class chief and the
            // administration every subject.
            if !allows(tx, actor, Action::ReportsView, Target::Teaching(tid))? {
                continue;
            }
            let mut counts = Counts::default();
            for s in students_taught(tx, &t, p.end)? {
                let mark = records::final_mark(tx, s, t.subject, FinalKind::Period(*pid))?;
                counts.add(mark.map(|m| m.value));
            }
            let mut subject = SUBJECTS.get(tx, &t.subject)?.map(|s| s.name).unwrap_or_default();
            if let Some(g) = t.group.and_then(|g| GROUPS.get(tx, &g).ok().flatten()) {
                subject = format!("{subject} ({})", g.name);
            }
            let teacher = USERS.get(tx, &t.teacher)?.map(|u| u.short_name()).unwrap_or_default();
            total.merge(&counts);
            rows.push(Row { subject, teacher, counts });
        }
    }
    rows.sort_by(|a, b| a.subject.cmp(&b.subject));
    Ok(Quality { classes, class: Some((class_id, c.name())), periods, period: chosen, rows, total })
}
