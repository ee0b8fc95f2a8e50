//! The summary strip of a diary week: every subject's weighted average in the period the week
//! is in, its period mark, «what is needed for a 5», and the work not handed in. One range scan
//! of the student's marks of the period and one prefix scan of their final marks.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::queries::{Names, finals_of, marks_between};
use super::rules::{Needs, needs, pick_period};
use crate::journal::model::LESSONS;
use crate::journal::model::{FinalKind, MarkValue};
use crate::journal::rules::{Rounding, Tally};
use crate::store::ids::{PeriodId, SubjectId, TeachingId, UserId};
use crate::store::{Reader, StoreError};
use crate::structure::model::{Period, Teaching};
use crate::timetable::calendar::ClassCalendar;

/// One subject of the summary strip.
#[derive(Clone, Debug)]
pub struct SubjectSummary {
    pub subject: String,
    pub tally: Tally,
    pub period_mark: Option<MarkValue>,
    pub needs: Option<Needs>,
}

/// Work not handed in (a «точка»).
#[derive(Clone, Debug)]
pub struct Duty {
    pub subject: String,
    pub date: NaiveDate,
    pub work: String,
}

#[derive(Clone, Debug)]
pub struct Summary {
    pub period_id: PeriodId,
    pub period: Period,
    pub subjects: Vec<SubjectSummary>,
    pub duties: Vec<Duty>,
}

/// The summary strip: every subject's weighted average in the period containing `day`, its
/// period mark, what is needed for a 5, and the work not handed in.
pub fn summary(
    tx: &impl Reader,
    names: &mut Names,
    student: UserId,
    day: NaiveDate,
    cal: &ClassCalendar,
    follows: &HashMap<TeachingId, Teaching>,
    rounding: Rounding,
) -> Result<Option<Summary>, StoreError> {
    let Some((period_id, period)) = pick_period(&cal.periods, None, day) else { return Ok(None) };
    let mut subjects: Vec<SubjectId> = follows.values().map(|t| t.subject).collect();
    let mut tallies: HashMap<SubjectId, Tally> = HashMap::new();
    let mut duties = Vec::new();
    for m in marks_between(tx, student, period.start, period.end)? {
        subjects.push(m.mark.subject);
        tallies.entry(m.mark.subject).or_default().add(m.mark.value, m.mark.weight);
        if m.mark.value == MarkValue::Duty {
            let (_, mut work) = names.work_type(m.mark.work_type);
            let name = LESSONS
                .get(tx, &(m.teaching, m.date, m.number))?
                .and_then(|l| l.assignments.into_iter().find(|a| a.no == m.assignment))
                .map(|a| a.name)
                .unwrap_or_default();
            if !name.is_empty() {
                work = format!("{work}: {name}");
            }
            duties.push(Duty { subject: names.subject_name(tx, m.mark.subject)?, date: m.date, work });
        }
    }
    let finals = finals_of(tx, student)?;
    subjects.sort();
    subjects.dedup();
    let mut rows = Vec::with_capacity(subjects.len());
    for s in subjects {
        let tally = tallies.get(&s).copied().unwrap_or_default();
        let period_mark = finals
            .get(&s)
            .and_then(|f| f.iter().find(|(k, _)| *k == FinalKind::Period(period_id)))
            .map(|(_, m)| m.value);
        rows.push(SubjectSummary {
            subject: names.subject_name(tx, s)?,
            tally,
            period_mark,
            needs: needs(&tally, rounding),
        });
    }
    Ok(Some(Summary { period_id, period, subjects: rows, duties }))
}
