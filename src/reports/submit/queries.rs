//! What the pages show, read in one transaction each: the administration's list of dues and
//! one due with every expected submission; a teacher's own dues; the box on the catalogue;
//! the hand-in form under a report; a snapshot.

use std::collections::HashMap;

use super::dues::period_choices;
use super::model::{REPORT_DUES, REPORT_SNAPSHOTS, REPORT_SUBMISSIONS};
use super::model::{ReportDue, Slot, Snapshot, Status, Submission, Tally, status};
use super::service::{asked_for, expected, manages, may_hand, may_submit, submissions_of};
use crate::auth::accounts;
use crate::auth::permission::{Action, Actor, Target, may_somewhere, permit};
use crate::error::AppError;
use crate::reports::catalog::Kind;
use crate::reports::filters::{Asked, Scope};
use crate::store::ids::{PeriodId, ReportDueId, SnapshotId, SubmissionId, UserId, YearId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::access::{Years, years};
use crate::structure::model::PERIODS;
use crate::structure::model::Period;
use crate::structure::service::current_year_id;

/// Every due, the latest deadline first.
fn all_dues(tx: &impl Reader) -> Result<Vec<(ReportDueId, ReportDue)>, StoreError> {
    let mut out = Vec::new();
    REPORT_DUES.scan_range(tx, None, None, Order::Asc, |id, d| {
        out.push((id, d));
        true
    })?;
    out.sort_by(|a, b| b.1.deadline.cmp(&a.1.deadline).then(b.0.cmp(&a.0)));
    Ok(out)
}

fn period(tx: &impl Reader, id: PeriodId) -> Result<Period, AppError> {
    PERIODS.get(tx, &id)?.ok_or(AppError::NotFound)
}

/// Short names of accounts, looked up once each.
#[derive(Default)]
pub struct Names(HashMap<UserId, String>);

impl Names {
    fn add(&mut self, tx: &impl Reader, id: UserId) -> Result<(), StoreError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.0.entry(id) {
            slot.insert(accounts::get(tx, id)?.map(|u| u.short_name()).unwrap_or_default());
        }
        Ok(())
    }

    pub fn of(&self, id: UserId) -> &str {
        self.0.get(&id).map_or("", String::as_str)
    }
}

/// One due in the administration's list.
pub struct DueRow {
    pub id: ReportDueId,
    pub due: ReportDue,
    pub period: Period,
    pub tally: Tally,
}

/// GET /reports/submissions
pub struct DuesPage {
    /// The viewed year's dues.
    pub rows: Vec<DueRow>,
    /// Every year, and the one viewed (`?year=`, else the current one).
    pub years: Years,
    /// The periods a new due may be for (the current year's).
    pub periods: Vec<(PeriodId, Period)>,
    /// The period a new due proposes.
    pub default_period: Option<PeriodId>,
}

/// The tally of one due on `today`.
fn tally(
    tx: &impl Reader,
    id: ReportDueId,
    due: &ReportDue,
    today: chrono::NaiveDate,
) -> Result<Tally, StoreError> {
    let subs = submissions_of(tx, id)?;
    let mut t = Tally::default();
    for e in expected(tx, due)? {
        let sub = subs.iter().find(|(_, s)| s.slot == e.slot).map(|(_, s)| s);
        t.add(status(sub, due.deadline, today));
    }
    Ok(t)
}

pub fn dues_page(tx: &impl Reader, actor: &Actor, year: Option<YearId>) -> Result<DuesPage, AppError> {
    permit(tx, actor, Action::ReportsManage, Target::School)?;
    let years = years(tx, year)?;
    let mut rows = Vec::new();
    for (id, due) in all_dues(tx)? {
        if Some(due.year) != years.viewed_id() {
            continue;
        }
        let tally = tally(tx, id, &due, actor.today)?;
        rows.push(DueRow { id, period: period(tx, due.period)?, due, tally });
    }
    let periods = match current_year_id(tx)? {
        Some(y) => period_choices(tx, y)?,
        None => Vec::new(),
    };
    // The period that ended last (quarters before half-years ending the same day), else the first.
    let default_period = periods
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| p.end < actor.today)
        .max_by_key(|(i, (_, p))| (p.end, std::cmp::Reverse(*i)))
        .or(periods.iter().enumerate().next())
        .map(|(_, (id, _))| *id);
    Ok(DuesPage { rows, years, periods, default_period })
}

/// The periods the form of a due of `year` offers (reports.manage).
pub fn form_periods(
    tx: &impl Reader,
    actor: &Actor,
    year: Option<YearId>,
) -> Result<Vec<(PeriodId, Period)>, AppError> {
    permit(tx, actor, Action::ReportsManage, Target::School)?;
    let year = match year {
        Some(y) => Some(y),
        None => current_year_id(tx)?,
    };
    Ok(match year {
        Some(y) => period_choices(tx, y)?,
        None => Vec::new(),
    })
}

/// One expected submission on the due's page.
pub struct Row {
    pub slot: Slot,
    pub name: String,
    /// Who may hand it in (the class's chiefs, or the teacher).
    pub people: Vec<UserId>,
    pub sub: Option<(SubmissionId, Submission)>,
    pub status: Status,
}

/// GET /reports/submissions/{due}
pub struct DuePage {
    pub id: ReportDueId,
    pub due: ReportDue,
    pub period: Period,
    pub rows: Vec<Row>,
    pub tally: Tally,
    pub names: Names,
}

pub fn due_page(tx: &impl Reader, actor: &Actor, id: ReportDueId) -> Result<DuePage, AppError> {
    permit(tx, actor, Action::ReportsManage, Target::School)?;
    let due = REPORT_DUES.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let mut subs = submissions_of(tx, id)?;
    let mut names = Names::default();
    names.add(tx, due.by)?;
    let mut rows = Vec::new();
    let mut tally = Tally::default();
    for e in expected(tx, &due)? {
        let sub = subs.iter().position(|(_, s)| s.slot == e.slot).map(|i| subs.remove(i));
        let st = status(sub.as_ref().map(|(_, s)| s), due.deadline, actor.today);
        tally.add(st);
        rows.push(Row { slot: e.slot, name: e.name, people: e.people, sub, status: st });
    }
    // Handed in by a class or teacher no longer expected (a class renamed out of the parallels).
    for (sid, s) in subs {
        let name = match s.slot {
            Slot::Class(c) => {
                crate::structure::model::CLASSES.get(tx, &c)?.map(|c| c.name()).unwrap_or_default()
            }
            Slot::Teacher(t) => accounts::get(tx, t)?.map(|u| u.full_name()).unwrap_or_default(),
        };
        let st = status(Some(&s), due.deadline, actor.today);
        rows.push(Row { slot: s.slot, name, people: Vec::new(), sub: Some((sid, s)), status: st });
    }
    for r in &rows {
        for p in &r.people {
            names.add(tx, *p)?;
        }
        if let Some((_, s)) = &r.sub {
            for step in &s.steps {
                names.add(tx, step.by)?;
            }
        }
    }
    Ok(DuePage { id, period: period(tx, due.period)?, due, rows, tally, names })
}

/// One thing due from the actor.
pub struct Mine {
    pub due_id: ReportDueId,
    pub due: ReportDue,
    pub period: Period,
    pub slot: Slot,
    pub name: String,
    pub sub: Option<Submission>,
    pub status: Status,
    /// The report's filters, as it will be handed in.
    pub asked: Asked,
}

/// Everything due from the actor (as a class chief or as a teacher), the latest deadline first.
pub fn mine(tx: &impl Reader, actor: &Actor) -> Result<Vec<Mine>, AppError> {
    let mut out = Vec::new();
    if !may_somewhere(&actor.roles, Action::ReportsSubmit) {
        return Ok(out);
    }
    for (due_id, due) in all_dues(tx)? {
        let mut subs: Option<Vec<(SubmissionId, Submission)>> = None;
        for e in expected(tx, &due)? {
            if !e.people.contains(&actor.id) || !may_hand(tx, actor, &due, e.slot)? {
                continue;
            }
            let all = match &mut subs {
                Some(v) => v,
                None => subs.insert(submissions_of(tx, due_id)?),
            };
            let sub = all.iter().find(|(_, s)| s.slot == e.slot).map(|(_, s)| s.clone());
            let st = status(sub.as_ref(), due.deadline, actor.today);
            let asked = asked_for(tx, actor, &due, e.slot)?;
            out.push(Mine {
                due_id,
                period: period(tx, due.period)?,
                due: due.clone(),
                slot: e.slot,
                name: e.name,
                sub,
                status: st,
                asked,
            });
        }
    }
    Ok(out)
}

/// GET /reports/mine
pub struct MinePage {
    /// What is due from the actor in the viewed year.
    pub items: Vec<Mine>,
    pub years: Years,
}

/// GET /reports/mine: everything due from the actor in a year (`?year=`, else the current
/// one); `reports.submit` in some scope.
pub fn mine_page(tx: &impl Reader, actor: &Actor, year: Option<YearId>) -> Result<MinePage, AppError> {
    if !may_somewhere(&actor.roles, Action::ReportsSubmit) {
        return Err(super::service::denied("school".into()));
    }
    let years = years(tx, year)?;
    let items = mine(tx, actor)?.into_iter().filter(|m| Some(m.due.year) == years.viewed_id()).collect();
    Ok(MinePage { items, years })
}

/// The box on the catalogue: for the administration the current year's dues with what is
/// late and what waits for a decision; for a teacher what is still to hand in.
pub struct CatalogueBox {
    /// The current year's dues with their counts, the latest deadline first.
    pub manage: Option<Vec<DueRow>>,
    pub open: Vec<Mine>,
}

pub fn catalogue_box(tx: &impl Reader, actor: &Actor) -> Result<CatalogueBox, AppError> {
    let manage = if manages(tx, actor)? {
        let year = current_year_id(tx)?;
        let mut rows = Vec::new();
        for (id, due) in all_dues(tx)? {
            if Some(due.year) == year {
                let tally = tally(tx, id, &due, actor.today)?;
                rows.push(DueRow { id, period: period(tx, due.period)?, due, tally });
            }
        }
        Some(rows)
    } else {
        None
    };
    let mut open: Vec<Mine> = mine(tx, actor)?.into_iter().filter(|m| m.status.open()).collect();
    open.sort_by_key(|m| m.due.deadline);
    Ok(CatalogueBox { manage, open })
}

/// What is due from the actor for exactly the report on screen (its kind and filters).
pub fn for_report(tx: &impl Reader, actor: &Actor, kind: Kind, scope: &Scope) -> Result<Vec<Mine>, AppError> {
    let same = |a: &Asked| {
        a.year == Some(scope.year.0)
            && a.period == scope.period.as_ref().map(|(id, _)| *id)
            && a.class == scope.class.as_ref().map(|(id, _)| *id)
            && a.teacher == scope.teacher.as_ref().map(|(id, _)| *id)
            && match (a.from, a.to) {
                (Some(from), Some(to)) => scope.range_asked && scope.from == from && scope.to == to,
                _ => !scope.range_asked,
            }
    };
    Ok(mine(tx, actor)?.into_iter().filter(|m| m.due.kind == kind && same(&m.asked)).collect())
}

/// GET /reports/snapshots/{id}
pub struct SnapshotPage {
    pub id: SnapshotId,
    pub snapshot: Snapshot,
    pub due: Option<ReportDue>,
    pub sub: Option<Submission>,
    pub by: String,
    /// The administration (links back to the due) or the submitter (to their list).
    pub manager: bool,
}

/// A snapshot, for the administration, the one who handed it in and whoever may hand that
/// class's or teacher's report in now.
pub fn snapshot_page(tx: &impl Reader, actor: &Actor, id: SnapshotId) -> Result<SnapshotPage, AppError> {
    let snapshot = REPORT_SNAPSHOTS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let due = REPORT_DUES.get(tx, &snapshot.due)?;
    let manager = manages(tx, actor)?;
    let theirs = snapshot.by == actor.id && may_somewhere(&actor.roles, Action::ReportsSubmit);
    let allowed = manager
        || theirs
        || match &due {
            Some(d) => may_submit(tx, actor, d, snapshot.slot)?,
            None => false,
        };
    if !allowed {
        return Err(super::service::denied(format!("report_snapshot:{id}")));
    }
    let sub = REPORT_SUBMISSIONS.get(tx, &(snapshot.due, snapshot.submission))?;
    let by = accounts::get(tx, snapshot.by)?.map(|u| u.full_name()).unwrap_or_default();
    Ok(SnapshotPage { id, snapshot, due, sub, by, manager })
}
