//! What the plan pages read: the list of plans and teaching assignments with their progress,
//! one plan with the layout of a class that follows it, and the plans behind.

use super::bind::laid;
use super::distribute::Layout;
use super::model::PLAN_BINDINGS;
use super::model::{Plan, PlanScope};
use super::service::{fits, followers, plans_of_year};
use crate::auth::accounts;
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::store::ids::{PlanId, SubjectId, TeachingId, YearId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, GROUPS, SUBJECTS, TEACHING, YEARS};
use crate::structure::model::{Teaching, Year};
use crate::structure::service::current_year_id;

/// A teaching assignment as the plan pages name it: «5А · Математика (Смирнова О. Н.)».
#[derive(Clone, Debug)]
pub struct TeachingName {
    pub id: TeachingId,
    pub class: String,
    pub grade: u8,
    pub subject: String,
    pub teacher: String,
}

pub fn teaching_name(tx: &impl Reader, id: TeachingId, t: &Teaching) -> Result<TeachingName, StoreError> {
    let class = CLASSES.get(tx, &t.class)?;
    let mut class_name = class.as_ref().map(|c| c.name()).unwrap_or_default();
    if let Some(g) = t.group.and_then(|g| GROUPS.get(tx, &g).ok().flatten()) {
        class_name = format!("{class_name} ({})", g.name);
    }
    Ok(TeachingName {
        id,
        class: class_name,
        grade: class.map(|c| c.grade).unwrap_or(0),
        subject: SUBJECTS.get(tx, &t.subject)?.map(|s| s.name).unwrap_or_default(),
        teacher: accounts::get(tx, t.teacher)?.map(|u| u.short_name()).unwrap_or_default(),
    })
}

/// How far a teaching assignment has got in its plan.
#[derive(Clone, Debug)]
pub struct Progress {
    pub teaching: TeachingName,
    pub plan: Option<(PlanId, String)>,
    pub layout: Option<Layout>,
}

/// The plan list: the actor's teaching assignments (or all, for those who read every plan)
/// with their plans and progress, and the plans of the year.
pub struct ListPage {
    pub year: Option<(YearId, Year)>,
    /// Every study year, to look at other years' plans (last year's, to copy).
    pub years: Vec<(YearId, String)>,
    pub rows: Vec<Progress>,
    pub plans: Vec<(PlanId, Plan, String, String)>,
    /// Teaching assignments the actor may make a plan for.
    pub creatable: Vec<TeachingName>,
    /// Grades where the actor may make a plan of a subject: (grade, subject id, subject name).
    pub grades: Vec<(u8, SubjectId, String)>,
}

fn plan_label(tx: &impl Reader, plan: &Plan) -> Result<(String, String), StoreError> {
    let subject = SUBJECTS.get(tx, &plan.subject)?.map(|s| s.name).unwrap_or_default();
    let scope = match plan.scope {
        PlanScope::Grade(g) => format!("{g}"),
        PlanScope::Teaching(t) => match TEACHING.get(tx, &t)? {
            Some(teaching) => teaching_name(tx, t, &teaching)?.class,
            None => String::new(),
        },
    };
    Ok((subject, scope))
}

pub fn list(
    tx: &impl Reader,
    actor: &Actor,
    mine_only: bool,
    wanted: Option<YearId>,
) -> Result<ListPage, AppError> {
    let mut years = Vec::new();
    YEARS.scan_range(tx, None, None, Order::Asc, |id, y| {
        years.push((id, y.name));
        true
    })?;
    let current = current_year_id(tx)?;
    let chosen = wanted.filter(|w| years.iter().any(|(id, _)| id == w)).or(current);
    let Some(year_id) = chosen else {
        return Ok(ListPage {
            year: None,
            years,
            rows: vec![],
            plans: vec![],
            creatable: vec![],
            grades: vec![],
        });
    };
    let year = YEARS.get(tx, &year_id)?.ok_or(AppError::NotFound)?;
    let mut teachings = Vec::new();
    TEACHING.scan_range(tx, None, None, Order::Asc, |id, t| {
        if t.year == year_id {
            teachings.push((id, t));
        }
        true
    })?;
    let mut rows = Vec::new();
    let mut creatable = Vec::new();
    let mut grades: Vec<(u8, SubjectId, String)> = Vec::new();
    for (id, t) in teachings {
        let mine = t.teacher == actor.id;
        let reads = allows(tx, actor, Action::PlansView, Target::Teaching(id))?;
        if !reads || (mine_only && !mine) {
            continue;
        }
        let name = teaching_name(tx, id, &t)?;
        if allows(tx, actor, Action::PlansEdit, Target::Teaching(id))? && !year.closed {
            creatable.push(name.clone());
            let g = (name.grade, t.subject, name.subject.clone());
            if !grades.contains(&g) {
                grades.push(g);
            }
        }
        let plan = match PLAN_BINDINGS.get(tx, &id)? {
            Some(p) => {
                Some((p, crate::plans::model::PLANS.get(tx, &p)?.map(|p| p.title).unwrap_or_default()))
            }
            None => None,
        };
        let layout = match plan {
            Some(_) => laid(tx, id, actor.today)?.map(|l| l.layout),
            None => None,
        };
        rows.push(Progress { teaching: name, plan, layout });
    }
    rows.sort_by(|a, b| {
        (a.teaching.grade, &a.teaching.class, &a.teaching.subject).cmp(&(
            b.teaching.grade,
            &b.teaching.class,
            &b.teaching.subject,
        ))
    });
    grades.sort();
    let mut plans = Vec::new();
    for (id, p) in plans_of_year(tx, year_id, None)? {
        if !allows(tx, actor, Action::PlansView, Target::Plan(id))? {
            continue;
        }
        if mine_only && !allows(tx, actor, Action::PlansEdit, Target::Plan(id))? {
            continue;
        }
        let (subject, scope) = plan_label(tx, &p)?;
        plans.push((id, p, subject, scope));
    }
    plans.sort_by(|a, b| (&a.2, &a.3).cmp(&(&b.2, &b.3)));
    Ok(ListPage { year: Some((year_id, year)), years, rows, plans, creatable, grades })
}

/// One plan, laid onto the lessons of one of its followers.
pub struct PlanPage {
    pub id: PlanId,
    pub plan: Plan,
    pub subject: String,
    pub scope: String,
    pub year: Option<Year>,
    pub editable: bool,
    pub followers: Vec<Progress>,
    /// The follower whose lessons the topics are shown on, and its layout.
    pub shown: Option<(TeachingId, Layout)>,
    /// Teaching assignments the actor may bind to this plan (not following it yet).
    pub bindable: Vec<TeachingName>,
    /// The names of the topics' materials.
    pub materials: std::collections::HashMap<crate::store::ids::BlobId, String>,
}

pub fn plan_page(
    tx: &impl Reader,
    actor: &Actor,
    id: PlanId,
    wanted: Option<TeachingId>,
) -> Result<PlanPage, AppError> {
    let plan = super::service::read(tx, actor, id)?;
    let (subject, scope) = plan_label(tx, &plan)?;
    let year = YEARS.get(tx, &plan.year)?;
    let editable =
        allows(tx, actor, Action::PlansEdit, Target::Plan(id))? && !year.as_ref().is_some_and(|y| y.closed);
    let mut list = Vec::new();
    for t in followers(tx, id)? {
        let Some(teaching) = TEACHING.get(tx, &t)? else { continue };
        let name = teaching_name(tx, t, &teaching)?;
        let layout = laid(tx, t, actor.today)?.map(|l| l.layout);
        list.push(Progress { teaching: name, plan: Some((id, String::new())), layout });
    }
    list.sort_by(|a, b| a.teaching.class.cmp(&b.teaching.class));
    let shown = wanted
        .and_then(|w| list.iter().find(|p| p.teaching.id == w))
        .or_else(|| list.iter().find(|p| actor_teaches(tx, actor, p.teaching.id)))
        .or(list.first())
        .and_then(|p| p.layout.clone().map(|l| (p.teaching.id, l)));
    let mut bindable = Vec::new();
    if !year.as_ref().is_some_and(|y| y.closed) {
        let mut all = Vec::new();
        TEACHING.scan_range(tx, None, None, Order::Asc, |tid, t| {
            if t.year == plan.year && t.subject == plan.subject {
                all.push((tid, t));
            }
            true
        })?;
        for (tid, t) in all {
            if list.iter().any(|p| p.teaching.id == tid) || !fits(tx, &plan, tid)? {
                continue;
            }
            if allows(tx, actor, Action::PlansEdit, Target::Teaching(tid))? {
                bindable.push(teaching_name(tx, tid, &t)?);
            }
        }
    }
    let mut materials = std::collections::HashMap::new();
    for b in plan.topics().flat_map(|(_, t)| t.materials.iter()) {
        if let Some(meta) = crate::store::tables::BLOBS.get(tx, b)? {
            materials.insert(*b, meta.name);
        }
    }
    Ok(PlanPage { id, plan, subject, scope, year, editable, followers: list, shown, bindable, materials })
}

fn actor_teaches(tx: &impl Reader, actor: &Actor, t: TeachingId) -> bool {
    crate::structure::model::TEACHING_BY_TEACHER.contains(tx, &(actor.id, t)).unwrap_or(false)
}

/// Every teaching assignment of the current year that follows a plan and is behind it, or
/// whose plan does not fit into the year; and those that follow none.
pub struct BehindPage {
    pub behind: Vec<Progress>,
    pub without: Vec<TeachingName>,
}

pub fn behind(tx: &impl Reader, actor: &Actor) -> Result<BehindPage, AppError> {
    permit(tx, actor, Action::PlansView, Target::School)?;
    let page = list(tx, actor, false, None)?;
    let mut behind = Vec::new();
    let mut without = Vec::new();
    for row in page.rows {
        match &row.layout {
            Some(l) if l.behind() > 0 || l.no_room > 0 => behind.push(row),
            Some(_) => {}
            None => without.push(row.teaching),
        }
    }
    behind.sort_by_key(|r| std::cmp::Reverse(r.layout.as_ref().map(|l| l.behind()).unwrap_or(0)));
    Ok(BehindPage { behind, without })
}
