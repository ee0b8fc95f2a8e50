//! Copying a plan into a new one: for another class or group of the same subject, or for a
//! parallel, in the source's year (while it is open) or the current year — so last year's
//! plan becomes this year's. Sections, topics (with their ids), hours, types, homework and
//! control works are carried over, and the materials: both plans point at the same stored
//! files (removing a material from one plan keeps the file while another plan uses it, see
//! `materials.rs`). Dates of the teacher's own plan are kept only within the same year.
//!
//! The new plan is made by `service::create`, which refuses a scope the actor may not edit,
//! and filled by `service::replace_sections`, in one transaction: a refusal leaves nothing.

use std::collections::BTreeSet;

use redb::WriteTransaction;

use super::export::{PlanHead, head};
use super::model::{Plan, PlanScope};
use super::service::{self, NewPlan};
use crate::auth::accounts;
use crate::auth::permission::{Action, Actor, may_at_school, may_somewhere};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::state::AppState;
use crate::store::ids::{PlanId, TeachingId, YearId};
use crate::store::{Reader, StoreError};
use crate::structure::model::{CLASSES, TEACHING, YEARS};
use crate::structure::service::{current_year_id, teaching_of};

/// Whom the copy is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Teaching(TeachingId),
    Grade(YearId, u8),
}

impl Target {
    /// The form value: `t12` (teaching assignment 12), `g3-5` (grade 5 of year 3).
    pub fn value(self) -> String {
        match self {
            Target::Teaching(t) => format!("t{t}"),
            Target::Grade(y, g) => format!("g{y}-{g}"),
        }
    }

    pub fn parse(s: &str) -> Option<Target> {
        let s = s.trim();
        if let Some(t) = s.strip_prefix('t') {
            return t.parse().ok().map(Target::Teaching);
        }
        let (y, g) = s.strip_prefix('g')?.split_once('-')?;
        Some(Target::Grade(y.parse().ok()?, g.parse().ok()?))
    }
}

/// A scope the plan may be copied to.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub target: Target,
    pub year: String,
    /// The class (and group) name, or `None` for a parallel.
    pub class: Option<String>,
    pub grade: u8,
    pub teacher: String,
}

/// What the copy page shows.
#[derive(Clone, Debug)]
pub struct CopyPage {
    pub head: PlanHead,
    pub choices: Vec<Choice>,
}

/// What the form sent.
#[derive(Clone, Debug, Default)]
pub struct CopyForm {
    pub target: String,
    pub title: String,
    /// Make the class follow the new plan at once (a class's plan only).
    pub bind: bool,
}

/// The years a copy may go to: the source's, and the current one, while open.
fn years(tx: &impl Reader, plan: &Plan) -> Result<Vec<(YearId, String)>, StoreError> {
    let mut ids = vec![plan.year];
    ids.extend(current_year_id(tx)?.filter(|y| *y != plan.year));
    let mut out = Vec::new();
    for id in ids {
        if let Some(y) = YEARS.get(tx, &id)?
            && !y.closed
        {
            out.push((id, y.name));
        }
    }
    Ok(out)
}

/// The scopes the actor may make a plan for: every class and parallel of the subject for whom
/// edits every plan, else those they teach (the rule of `permission::plan_is_theirs`).
pub fn choices(tx: &impl Reader, actor: &Actor, plan: &Plan) -> Result<Vec<Choice>, StoreError> {
    let all = may_at_school(&actor.roles, Action::PlansEdit);
    let own = may_somewhere(&actor.roles, Action::PlansEdit);
    let mut out = Vec::new();
    for (year, year_name) in years(tx, plan)? {
        let mut grades = BTreeSet::new();
        let mut classes = Vec::new();
        for (id, t) in teaching_of(tx, year)? {
            if t.subject != plan.subject || !(all || own && t.teacher == actor.id) {
                continue;
            }
            let Some(class) = CLASSES.get(tx, &t.class)? else { continue };
            grades.insert(class.grade);
            let mut name = class.name();
            if let Some(g) =
                t.group.map(|g| crate::structure::model::GROUPS.get(tx, &g)).transpose()?.flatten()
            {
                name = format!("{name} ({})", g.name);
            }
            let teacher = accounts::get(tx, t.teacher)?.map(|u| u.short_name()).unwrap_or_default();
            classes.push(Choice {
                target: Target::Teaching(id),
                year: year_name.clone(),
                class: Some(name),
                grade: class.grade,
                teacher,
            });
        }
        classes.sort_by(|a, b| (a.grade, &a.class).cmp(&(b.grade, &b.class)));
        out.extend(grades.into_iter().map(|g| Choice {
            target: Target::Grade(year, g),
            year: year_name.clone(),
            class: None,
            grade: g,
            teacher: String::new(),
        }));
        out.extend(classes);
    }
    Ok(out)
}

/// The copy page of plan `id` (any plan the actor may read).
pub fn page(tx: &impl Reader, actor: &Actor, id: PlanId) -> Result<CopyPage, AppError> {
    let plan = service::read(tx, actor, id)?;
    Ok(CopyPage { head: head(tx, id, &plan)?, choices: choices(tx, actor, &plan)? })
}

/// Makes the copy; its id. Asks to read the source first, whatever the form says.
pub fn copy(tx: &WriteTransaction, actor: &Actor, id: PlanId, form: &CopyForm) -> Result<PlanId, AppError> {
    let source = service::read(tx, actor, id)?;
    let mut e = FieldErrors::default();
    let target = Target::parse(&form.target);
    let (year, scope) = match target {
        Some(Target::Teaching(t)) => match TEACHING.get(tx, &t)? {
            Some(teaching) => (teaching.year, PlanScope::Teaching(t)),
            None => {
                e.add("target", "plio-copy-target-missing");
                (source.year, source.scope)
            }
        },
        Some(Target::Grade(y, g)) => (y, PlanScope::Grade(g)),
        None => {
            e.add("target", "plio-copy-target-missing");
            (source.year, source.scope)
        }
    };
    e.into_result()?;
    let title = if form.title.trim().is_empty() { source.title.clone() } else { form.title.clone() };
    let new = service::create(tx, actor, NewPlan { year, subject: source.subject, scope, title })?;
    let mut sections = source.sections.clone();
    for topic in sections.iter_mut().flat_map(|s| s.topics.iter_mut()) {
        if year != source.year {
            topic.date = None;
        }
    }
    service::replace_sections(tx, actor, new, sections, actor.today)?;
    if form.bind
        && let PlanScope::Teaching(t) = scope
    {
        service::bind(tx, actor, new, t, actor.today)?;
    }
    Ok(new)
}

/// [`page`] in a read transaction.
pub async fn load_page(state: &AppState, actor: Actor, id: PlanId) -> Result<CopyPage, AppError> {
    state.store.read(move |tx| page(tx, &actor, id)).await
}

/// [`copy`] in its one write transaction.
pub async fn run(state: &AppState, actor: Actor, id: PlanId, form: CopyForm) -> Result<PlanId, AppError> {
    state.store.write(move |tx| copy(tx, &actor, id, &form)).await
}
