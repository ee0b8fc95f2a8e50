//! A class's progress in one period: students × subjects with the weighted average and the
//! period mark, averages per subject and per student, and the students at risk. One read
//! transaction; one range scan of each student's marks for the period.

use std::collections::HashMap;

use super::queries::{Names, finals_of, marks_between};
use super::rules::{below_risk, mean, pick_period, risky_final};
use crate::auth::accounts;
use crate::auth::model::User;
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::journal::model::{FinalKind, MarkValue};
use crate::journal::rules::Tally;
use crate::people::service::students_of;
use crate::state::AppState;
use crate::store::ids::{ClassId, PeriodId, SubjectId, TeachingId, UserId};
use crate::store::{Reader, StoreError};
use crate::structure::model::Period;
use crate::structure::service::teaching_of_class;
use crate::timetable::calendar::ClassCalendar;

/// A column: one subject, with the journals the viewer may open.
#[derive(Clone, Debug)]
pub struct SubjectColumn {
    pub id: SubjectId,
    pub name: String,
    pub short: String,
    /// `(teaching, group name or "")` of the journals the viewer may open.
    pub journals: Vec<(TeachingId, String)>,
    /// The mean of the students' averages.
    pub average: Option<f64>,
}

/// One student's cell in a subject.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cell {
    pub tally: Tally,
    pub period_mark: Option<MarkValue>,
    /// Below 2.6, or a 2 for the period.
    pub risk: bool,
}

#[derive(Clone, Debug)]
pub struct StudentRow {
    pub id: UserId,
    /// «Фамилия Имя Отчество».
    pub name: String,
    /// «Фамилия Имя», for the grid.
    pub short: String,
    /// One per column.
    pub cells: Vec<Cell>,
    /// The mean of the subject averages.
    pub average: Option<f64>,
    pub risk: bool,
    pub can_diary: bool,
}

#[derive(Clone, Debug)]
pub struct ProgressView {
    pub class_id: ClassId,
    pub class_name: String,
    pub periods: Vec<(PeriodId, Period)>,
    pub period: Option<(PeriodId, Period)>,
    pub subjects: Vec<SubjectColumn>,
    pub students: Vec<StudentRow>,
}

/// GET /classes/{class}/progress?period=
pub async fn progress(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    period: Option<PeriodId>,
) -> Result<ProgressView, AppError> {
    state.store.read(move |tx| build(tx, &actor, class, period)).await
}

fn build(
    tx: &impl Reader,
    actor: &Actor,
    class: ClassId,
    wanted: Option<PeriodId>,
) -> Result<ProgressView, AppError> {
    permit(tx, actor, Action::ProgressView, Target::Class(class))?;
    let today = actor.today;
    let cal = ClassCalendar::load(tx, class, today, today)?.ok_or(AppError::NotFound)?;
    let period = pick_period(&cal.periods, wanted, today);
    let mut names = Names::load(tx)?;
    let subjects = columns(tx, actor, &mut names, class)?;
    let mut view = ProgressView {
        class_id: class,
        class_name: cal.class.name(),
        periods: cal.periods.clone(),
        period: period.clone(),
        subjects,
        students: Vec::new(),
    };
    let Some((period_id, p)) = period else { return Ok(view) };
    // The class as it is on the period's last day, or today while the period runs.
    let day = today.clamp(p.start, p.end);
    let mut students: Vec<(UserId, User)> = Vec::new();
    for s in students_of(tx, class, day)? {
        if let Some(u) = accounts::get(tx, s)? {
            students.push((s, u));
        }
    }
    students.sort_by_key(|(_, u)| (u.surname.to_lowercase(), u.first_name.to_lowercase()));
    let column_of: HashMap<SubjectId, usize> =
        view.subjects.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    for (id, user) in students {
        let mut cells = vec![Cell::default(); view.subjects.len()];
        for m in marks_between(tx, id, p.start, p.end)? {
            if let Some(&i) = column_of.get(&m.mark.subject) {
                cells[i].tally.add(m.mark.value, m.mark.weight);
            }
        }
        for (subject, finals) in finals_of(tx, id)? {
            if let Some(&i) = column_of.get(&subject) {
                cells[i].period_mark =
                    finals.iter().find(|(k, _)| *k == FinalKind::Period(period_id)).map(|(_, m)| m.value);
            }
        }
        for c in &mut cells {
            c.risk = below_risk(&c.tally) || c.period_mark.is_some_and(risky_final);
        }
        let average = mean(cells.iter().map(|c| c.tally.weighted_average()));
        let risk = cells.iter().any(|c| c.risk);
        let can_diary = allows(tx, actor, Action::DiaryView, Target::Student(id))?;
        let short = format!("{} {}", user.surname, user.first_name);
        view.students.push(StudentRow { id, name: user.full_name(), short, cells, average, risk, can_diary });
    }
    for (i, col) in view.subjects.iter_mut().enumerate() {
        col.average = mean(view.students.iter().map(|s| s.cells[i].tally.weighted_average()));
    }
    Ok(view)
}

/// The subjects the class is taught, in the school's order, with the journals the viewer may
/// open (a subject taught in groups has one journal per group).
pub(crate) fn columns(
    tx: &impl Reader,
    actor: &Actor,
    names: &mut Names,
    class: ClassId,
) -> Result<Vec<SubjectColumn>, StoreError> {
    let mut teaching = teaching_of_class(tx, class)?;
    teaching.sort_by_key(|(id, t)| (t.subject, t.group, *id));
    let mut out: Vec<SubjectColumn> = Vec::new();
    for (id, t) in teaching {
        if out.last().is_none_or(|c| c.id != t.subject) {
            out.push(SubjectColumn {
                id: t.subject,
                name: names.subject_name(tx, t.subject)?,
                short: names.subject_short(tx, t.subject)?,
                journals: Vec::new(),
                average: None,
            });
        }
        if allows(tx, actor, Action::JournalView, Target::Teaching(id))? {
            let group = match t.group {
                Some(g) => crate::structure::model::GROUPS.get(tx, &g)?.map(|g| g.name).unwrap_or_default(),
                None => String::new(),
            };
            if let Some(col) = out.last_mut() {
                col.journals.push((id, group));
            }
        }
    }
    Ok(out)
}
