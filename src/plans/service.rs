//! The rules of lesson plans: who may write which plan, what a plan may hold, binding plans to
//! teaching assignments. Every function runs inside the caller's transaction and asks `permit`
//! first; every change of topics or bindings lays the plan out again (`bind::relay`), so the
//! journal follows in the same transaction.

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::bind::{Relaid, relay};
use super::model::{PLAN_BINDINGS, PLAN_TEACHINGS, PLANS, PLANS_BY_YEAR};
use super::model::{Plan, PlanScope, Section, Topic};
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::store::ids::{PlanId, SubjectId, TeachingId, YearId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, SUBJECTS, TEACHING, YEARS};

/// Longest plan title, section title and topic title, in characters.
pub const MAX_TITLE: usize = 300;
/// Longest planned homework.
pub const MAX_HOMEWORK: usize = 2000;
/// Most topics in a plan (a year of 6 lessons a week is ~210).
pub const MAX_TOPICS: usize = 400;
/// Most hours one topic may take.
pub const MAX_HOURS: u8 = 40;

/// A plan to be made.
#[derive(Clone, Debug)]
pub struct NewPlan {
    pub year: YearId,
    pub subject: SubjectId,
    pub scope: PlanScope,
    pub title: String,
}

/// Makes an empty plan. The actor must be allowed to edit it once made (their own teaching
/// assignment, or their subject in that grade), else nothing is stored.
pub fn create(tx: &WriteTransaction, actor: &Actor, new: NewPlan) -> Result<PlanId, AppError> {
    let mut e = FieldErrors::default();
    let year = YEARS.get(tx, &new.year)?;
    match &year {
        None => e.add("year", "plans-year-unknown"),
        Some(y) if y.closed => e.add("year", "plans-year-closed"),
        Some(_) => {}
    }
    if SUBJECTS.get(tx, &new.subject)?.is_none() {
        e.add("subject", "plans-subject-unknown");
    }
    match new.scope {
        PlanScope::Teaching(t) => match TEACHING.get(tx, &t)? {
            Some(t) if t.year == new.year && t.subject == new.subject => {}
            _ => e.add("scope", "plans-scope-mismatch"),
        },
        PlanScope::Grade(g) => {
            if !(1..=11).contains(&g) {
                e.add("scope", "plans-scope-mismatch");
            }
        }
    }
    if new.title.chars().count() > MAX_TITLE {
        e.add("title", "field-too-long");
    }
    e.into_result()?;
    let id = PlanId::next(tx)?;
    let plan = Plan {
        year: new.year,
        subject: new.subject,
        scope: new.scope,
        title: new.title.trim().to_string(),
        sections: Vec::new(),
        next_topic: 0,
        author: actor.id,
        updated_by: Some(actor.id),
        updated_at: actor.now,
    };
    PLANS.insert(tx, &id, &plan)?;
    PLANS_BY_YEAR.insert(tx, &(plan.year, plan.subject, id), &())?;
    // Asked of the stored plan: the scope rules are those of every later edit.
    permit(tx, actor, Action::PlansEdit, Target::Plan(id))?;
    Ok(id)
}

/// A plan the actor may read.
pub fn read(tx: &impl Reader, actor: &Actor, id: PlanId) -> Result<Plan, AppError> {
    permit(tx, actor, Action::PlansView, Target::Plan(id))?;
    PLANS.get(tx, &id)?.ok_or(AppError::NotFound)
}

/// Checks that sections and topics are well formed; the first problem of each field.
pub fn check_sections(sections: &[Section]) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    let topics: usize = sections.iter().map(|s| s.topics.len()).sum();
    if topics > MAX_TOPICS {
        e.add("topics", "plans-too-many-topics");
    }
    for s in sections {
        if s.title.chars().count() > MAX_TITLE {
            e.add("section", "field-too-long");
        }
        for t in &s.topics {
            check_topic(t, &mut e);
        }
    }
    e.into_result()
}

/// The rules of one topic.
pub fn check_topic(t: &Topic, e: &mut FieldErrors) {
    if t.title.trim().is_empty() {
        e.add("title", "plans-topic-empty");
    }
    if t.title.chars().count() > MAX_TITLE {
        e.add("title", "field-too-long");
    }
    if t.hours == 0 || t.hours > MAX_HOURS {
        e.add("hours", "plans-hours-invalid");
    }
    if t.homework.chars().count() > MAX_HOMEWORK {
        e.add("homework", "field-too-long");
    }
}

/// Changes a plan with `f` (which may refuse with field errors), checks the result, stores it
/// and lays it out again on every teaching assignment that follows it.
pub fn edit(
    tx: &WriteTransaction,
    actor: &Actor,
    id: PlanId,
    today: NaiveDate,
    f: impl FnOnce(&mut Plan) -> Result<(), AppError>,
) -> Result<Plan, AppError> {
    permit(tx, actor, Action::PlansEdit, Target::Plan(id))?;
    let mut plan = PLANS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    if YEARS.get(tx, &plan.year)?.is_none_or(|y| y.closed) {
        return Err(AppError::BadRequest("plans-year-closed"));
    }
    f(&mut plan)?;
    // Every topic has a unique id; a new one (id 0) gets the next.
    let mut seen = std::collections::HashSet::new();
    let mut next = plan.next_topic;
    for s in &mut plan.sections {
        for t in &mut s.topics {
            if t.id == 0 || !seen.insert(t.id) {
                next += 1;
                t.id = next;
                seen.insert(t.id);
            }
            next = next.max(t.id);
        }
    }
    plan.next_topic = next;
    check_sections(&plan.sections)?;
    plan.updated_by = Some(actor.id);
    plan.updated_at = actor.now;
    PLANS.insert(tx, &id, &plan)?;
    relay_plan(tx, id, today)?;
    Ok(plan)
}

/// Replaces every section of a plan (an import, a copy).
pub fn replace_sections(
    tx: &WriteTransaction,
    actor: &Actor,
    id: PlanId,
    sections: Vec<Section>,
    today: NaiveDate,
) -> Result<Plan, AppError> {
    edit(tx, actor, id, today, move |plan| {
        plan.sections = sections;
        Ok(())
    })
}

/// The teaching assignments following a plan.
pub fn followers(tx: &impl Reader, id: PlanId) -> Result<Vec<TeachingId>, StoreError> {
    let mut out = Vec::new();
    PLAN_TEACHINGS.scan_prefix(tx, &id, Order::Asc, |(_, t), ()| {
        out.push(t);
        true
    })?;
    Ok(out)
}

/// Lays a plan out again on every teaching assignment that follows it.
pub fn relay_plan(tx: &WriteTransaction, id: PlanId, today: NaiveDate) -> Result<Relaid, StoreError> {
    let mut done = Relaid::default();
    for t in followers(tx, id)? {
        done.written += relay(tx, t, today)?.written;
    }
    Ok(done)
}

/// Whether `plan` may be followed by teaching assignment `t`: same year and subject, and its
/// own assignment or a class of its grade.
pub fn fits(tx: &impl Reader, plan: &Plan, t: TeachingId) -> Result<bool, StoreError> {
    let Some(teaching) = TEACHING.get(tx, &t)? else { return Ok(false) };
    if teaching.year != plan.year || teaching.subject != plan.subject {
        return Ok(false);
    }
    Ok(match plan.scope {
        PlanScope::Teaching(own) => own == t,
        PlanScope::Grade(g) => CLASSES.get(tx, &teaching.class)?.is_some_and(|c| c.grade == g),
    })
}

/// Makes teaching assignment `t` follow plan `id` (instead of any other), and fills its journal.
pub fn bind(
    tx: &WriteTransaction,
    actor: &Actor,
    id: PlanId,
    t: TeachingId,
    today: NaiveDate,
) -> Result<Relaid, AppError> {
    permit(tx, actor, Action::PlansEdit, Target::Teaching(t))?;
    let plan = read(tx, actor, id)?;
    if !fits(tx, &plan, t)? {
        return Err(AppError::BadRequest("plans-bind-mismatch"));
    }
    if let Some(old) = PLAN_BINDINGS.get(tx, &t)? {
        PLAN_TEACHINGS.remove(tx, &(old, t))?;
    }
    PLAN_BINDINGS.insert(tx, &t, &id)?;
    PLAN_TEACHINGS.insert(tx, &(id, t), &())?;
    Ok(relay(tx, t, today)?)
}

/// Stops `t` following its plan; what the plan filled into its journal is taken out (what the
/// teacher saved stays).
pub fn unbind(
    tx: &WriteTransaction,
    actor: &Actor,
    t: TeachingId,
    today: NaiveDate,
) -> Result<Relaid, AppError> {
    permit(tx, actor, Action::PlansEdit, Target::Teaching(t))?;
    let Some(old) = PLAN_BINDINGS.get(tx, &t)? else { return Ok(Relaid::default()) };
    PLAN_BINDINGS.remove(tx, &t)?;
    PLAN_TEACHINGS.remove(tx, &(old, t))?;
    Ok(relay(tx, t, today)?)
}

/// Deletes a plan: its followers stop following it first.
pub fn delete(tx: &WriteTransaction, actor: &Actor, id: PlanId, today: NaiveDate) -> Result<(), AppError> {
    permit(tx, actor, Action::PlansEdit, Target::Plan(id))?;
    let plan = PLANS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    for t in followers(tx, id)? {
        PLAN_BINDINGS.remove(tx, &t)?;
        PLAN_TEACHINGS.remove(tx, &(id, t))?;
        relay(tx, t, today)?;
    }
    PLANS_BY_YEAR.remove(tx, &(plan.year, plan.subject, id))?;
    PLANS.remove(tx, &id)?;
    // Its materials go, unless a copy of the plan still has them.
    let others = PLANS.all(tx)?;
    for b in plan.topics().flat_map(|(_, t)| t.materials.iter()) {
        if !others.iter().any(|(_, p)| p.topics().any(|(_, t)| t.materials.contains(b))) {
            crate::store::blobs::delete(tx, *b)?;
        }
    }
    Ok(())
}

/// The plans of a year (of one subject, or all), each with its id.
pub fn plans_of_year(
    tx: &impl Reader,
    year: YearId,
    subject: Option<SubjectId>,
) -> Result<Vec<(PlanId, Plan)>, StoreError> {
    let mut ids = Vec::new();
    let collect = |(_, _, id): (YearId, SubjectId, PlanId), (): ()| {
        ids.push(id);
        true
    };
    match subject {
        Some(s) => PLANS_BY_YEAR.scan_prefix(tx, &(year, s), Order::Asc, collect)?,
        None => PLANS_BY_YEAR.scan_prefix(tx, &year, Order::Asc, collect)?,
    }
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(p) = PLANS.get(tx, &id)? {
            out.push((id, p));
        }
    }
    Ok(out)
}
