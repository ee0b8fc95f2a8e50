//! A student's marks of one period by subject, with the weighted average and every final
//! mark of the year (each period, year, exam, final): one read transaction.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::queries::{Names, children_tabs, class_for, finals_of, marks_between};
use super::rules::pick_period;
use crate::auth::accounts;
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::journal::model::{FinalKind, MarkValue};
use crate::journal::rules::Tally;
use crate::people::service::movements;
use crate::state::AppState;
use crate::store::ids::{PeriodId, SubjectId, TeachingId, UserId};
use crate::store::{Reader, StoreError};
use crate::structure::model::Period;
use crate::structure::model::TEACHING;
use crate::timetable::calendar::{ClassCalendar, student_teachings};

/// One mark in a subject's row.
#[derive(Clone, Debug)]
pub struct MarkCell {
    pub date: NaiveDate,
    pub value: MarkValue,
    pub weight: u8,
    /// «Контрольная работа».
    pub work: String,
    pub comment: String,
}

#[derive(Clone, Debug)]
pub struct SubjectMarks {
    pub subject: String,
    pub marks: Vec<MarkCell>,
    pub tally: Tally,
    /// The period marks, one per period of the year in order.
    pub periods: Vec<Option<MarkValue>>,
    pub year: Option<MarkValue>,
    pub exam: Option<MarkValue>,
    pub final_mark: Option<MarkValue>,
}

#[derive(Clone, Debug)]
pub struct MarksView {
    pub student: UserId,
    pub name: String,
    pub class_name: Option<String>,
    pub tabs: Vec<(UserId, String)>,
    pub periods: Vec<(PeriodId, Period)>,
    /// The period shown.
    pub period: Option<(PeriodId, Period)>,
    pub rows: Vec<SubjectMarks>,
}

/// GET /diary/{student}/marks?period=
pub async fn marks(
    state: &AppState,
    actor: Actor,
    student: UserId,
    period: Option<PeriodId>,
) -> Result<MarksView, AppError> {
    state.store.read(move |tx| build(tx, &actor, student, period)).await
}

fn build(
    tx: &impl Reader,
    actor: &Actor,
    student: UserId,
    wanted: Option<PeriodId>,
) -> Result<MarksView, AppError> {
    permit(tx, actor, Action::DiaryView, Target::Student(student))?;
    let user = accounts::get(tx, student)?.filter(|u| u.has(Role::Student)).ok_or(AppError::NotFound)?;
    let tabs = children_tabs(tx, actor)?;
    let today = actor.today;
    let class = class_for(&movements(tx, student)?, today);
    let cal = match class {
        Some(c) => ClassCalendar::load(tx, c, today, today)?,
        None => None,
    };
    let Some(cal) = cal else {
        return Ok(MarksView {
            student,
            name: user.full_name(),
            class_name: None,
            tabs,
            periods: Vec::new(),
            period: None,
            rows: Vec::new(),
        });
    };
    let period = pick_period(&cal.periods, wanted, today);
    let mut names = Names::load(tx)?;
    let followed: Vec<SubjectId> =
        student_teachings(tx, cal.class_id, student)?.into_iter().map(|(_, t)| t.subject).collect();
    let mut subjects = followed.clone();
    let mut by_subject: HashMap<SubjectId, (Vec<MarkCell>, Tally)> = HashMap::new();
    if let Some((_, p)) = &period {
        for m in marks_between(tx, student, p.start, p.end)? {
            subjects.push(m.mark.subject);
            let (_, work) = names.work_type(m.mark.work_type);
            let entry = by_subject.entry(m.mark.subject).or_default();
            entry.1.add(m.mark.value, m.mark.weight);
            entry.0.push(MarkCell {
                date: m.date,
                value: m.mark.value,
                weight: m.mark.weight,
                work,
                comment: m.mark.comment,
            });
        }
    }
    let finals = finals_of(tx, student)?;
    let mut years: HashMap<TeachingId, bool> = HashMap::new();
    let mut in_year = |t: TeachingId| -> Result<bool, StoreError> {
        if let Some(v) = years.get(&t) {
            return Ok(*v);
        }
        let v = TEACHING.get(tx, &t)?.is_some_and(|t| t.year == cal.class.year);
        years.insert(t, v);
        Ok(v)
    };
    let mut rows = Vec::new();
    subjects.extend(finals.keys().copied());
    subjects.sort();
    subjects.dedup();
    for s in subjects {
        let (marks, tally) = by_subject.remove(&s).unwrap_or_default();
        let mut row = SubjectMarks {
            subject: String::new(),
            marks,
            tally,
            periods: vec![None; cal.periods.len()],
            year: None,
            exam: None,
            final_mark: None,
        };
        let mut any_final = false;
        for (kind, m) in finals.get(&s).map(Vec::as_slice).unwrap_or(&[]) {
            let slot = match kind {
                FinalKind::Period(p) => match cal.periods.iter().position(|(id, _)| id == p) {
                    Some(i) => &mut row.periods[i],
                    None => continue,
                },
                // Year, exam and final marks belong to the year of the assignment that set them.
                _ if !in_year(m.teaching)? => continue,
                FinalKind::Year => &mut row.year,
                FinalKind::Exam => &mut row.exam,
                FinalKind::Final => &mut row.final_mark,
            };
            *slot = Some(m.value);
            any_final = true;
        }
        // A subject of another year with nothing this year stays out.
        if row.marks.is_empty() && !any_final && !followed.contains(&s) {
            continue;
        }
        row.subject = names.subject_name(tx, s)?;
        rows.push(row);
    }
    Ok(MarksView {
        student,
        name: user.full_name(),
        class_name: Some(cal.class.name()),
        tabs,
        periods: cal.periods.clone(),
        period,
        rows,
    })
}
