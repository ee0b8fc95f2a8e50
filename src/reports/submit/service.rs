//! The rules of handing in: who is expected to hand a due in, who may, the filters of the
//! report for each of them, handing in (a snapshot built by the catalogue's own builder in a
//! read transaction, stored in a write transaction that checks again), and the
//! administration's decision. The notices go out in the same transaction as the change.

use redb::{ReadTransaction, WriteTransaction};

use super::model::{REPORT_DUES, REPORT_SNAPSHOTS, REPORT_SUBMISSIONS};
use super::model::{ReportDue, Slot, Snapshot, State, Step, StepKind, Submission, Who};
use crate::audit;
use crate::auth::accounts;
use crate::auth::permission::{Action, Actor, Denial, Target, allows, may_somewhere, permit};
use crate::error::AppError;
use crate::notify::model::{Notice, arg};
use crate::notify::service::send;
use crate::reports::catalog::{self, Filter, Kind};
use crate::reports::filters::{Asked, matching_period};
use crate::reports::model::Report;
use crate::state::AppState;
use crate::store::ids::{PeriodId, ReportDueId, SnapshotId, SubmissionId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, PERIODS, TEACHING, TEACHING_BY_TEACHER};
use crate::structure::service::{classes_of, scheme_of, teaching_of};
use crate::web::i18n::Lang;

/// One expected submission: the class or teacher, its name, and who may hand it in.
#[derive(Clone, Debug)]
pub struct Expected {
    pub slot: Slot,
    /// «5А», or the teacher's full name.
    pub name: String,
    /// The class's chiefs, or the teacher.
    pub people: Vec<UserId>,
}

/// Who is expected to hand `due` in, in the order of classes (grade, letter) or names: the
/// chiefs of each class of the parallels asked that studies by the due period's scheme, or
/// every teacher with teaching in the year.
pub fn expected(tx: &impl Reader, due: &ReportDue) -> Result<Vec<Expected>, StoreError> {
    let mut out = Vec::new();
    match due.who {
        Who::Chiefs => {
            let Some(period) = PERIODS.get(tx, &due.period)? else { return Ok(out) };
            for (id, c) in classes_of(tx, due.year)? {
                if c.grade < due.grade_from
                    || c.grade > due.grade_to
                    || scheme_of(tx, due.year, c.grade)? != period.scheme
                {
                    continue;
                }
                out.push(Expected { slot: Slot::Class(id), name: c.name(), people: c.chiefs.clone() });
            }
        }
        Who::Teachers => {
            let mut ids: Vec<UserId> = Vec::new();
            for (_, t) in teaching_of(tx, due.year)? {
                if !ids.contains(&t.teacher) {
                    ids.push(t.teacher);
                }
            }
            for id in ids {
                if let Some(u) = accounts::get(tx, id)? {
                    out.push(Expected { slot: Slot::Teacher(id), name: u.full_name(), people: vec![id] });
                }
            }
            out.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
    Ok(out)
}

/// Whether `slot` is one `due` expects.
fn is_expected(tx: &impl Reader, due: &ReportDue, slot: Slot) -> Result<bool, StoreError> {
    Ok(expected(tx, due)?.iter().any(|e| e.slot == slot))
}

/// The actor's teaching assignments in the due's year, for `reports.submit` on them.
fn teaches_in_year(tx: &impl Reader, actor: &Actor, due: &ReportDue) -> Result<bool, StoreError> {
    let mut mine = Vec::new();
    TEACHING_BY_TEACHER.scan_prefix(tx, &actor.id, Order::Asc, |(_, t), ()| {
        mine.push(t);
        true
    })?;
    for tid in mine {
        if TEACHING.get(tx, &tid)?.is_some_and(|t| t.year == due.year)
            && allows(tx, actor, Action::ReportsSubmit, Target::Teaching(tid))?
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the actor may hand in `slot` of `due`: a chief of that class (`reports.submit` on
/// it — a subject teacher of the class is not enough), or the teacher themself.
pub fn may_submit(tx: &impl Reader, actor: &Actor, due: &ReportDue, slot: Slot) -> Result<bool, StoreError> {
    Ok(may_hand(tx, actor, due, slot)? && is_expected(tx, due, slot)?)
}

/// [`may_submit`] for a slot known to be expected.
pub fn may_hand(tx: &impl Reader, actor: &Actor, due: &ReportDue, slot: Slot) -> Result<bool, StoreError> {
    if !may_somewhere(&actor.roles, Action::ReportsSubmit) {
        return Ok(false);
    }
    Ok(match slot {
        Slot::Class(c) => {
            CLASSES.get(tx, &c)?.is_some_and(|cl| cl.chiefs.contains(&actor.id))
                && allows(tx, actor, Action::ReportsSubmit, Target::Class(c))?
        }
        Slot::Teacher(t) => t == actor.id && teaches_in_year(tx, actor, due)?,
    })
}

/// A refusal of `reports.submit`, for the audit log.
pub fn denied(object: String) -> AppError {
    AppError::Forbidden(Denial { action: Action::ReportsSubmit.key(), object })
}

/// [`may_submit`] as a check.
pub fn permit_submit(tx: &impl Reader, actor: &Actor, due: &ReportDue, slot: Slot) -> Result<(), AppError> {
    if may_submit(tx, actor, due, slot)? { Ok(()) } else { Err(denied(slot.describe())) }
}

/// The administration: every due, every snapshot.
pub fn manages(tx: &impl Reader, actor: &Actor) -> Result<bool, StoreError> {
    allows(tx, actor, Action::ReportsManage, Target::School)
}

/// A due's submissions, in the order they were first handed in.
pub fn submissions_of(
    tx: &impl Reader,
    due: ReportDueId,
) -> Result<Vec<(SubmissionId, Submission)>, StoreError> {
    let mut out = Vec::new();
    REPORT_SUBMISSIONS.scan_prefix(tx, &due, Order::Asc, |(_, id), s| {
        out.push((id, s));
        true
    })?;
    Ok(out)
}

/// The submission of `slot` against `due`, if any.
pub fn submission_of(
    tx: &impl Reader,
    due: ReportDueId,
    slot: Slot,
) -> Result<Option<(SubmissionId, Submission)>, StoreError> {
    Ok(submissions_of(tx, due)?.into_iter().find(|(_, s)| s.slot == slot))
}

/// The period a teacher's report opens on for `actor`: the due's, matched to the scheme of
/// the first class the actor sees (as the report's filters choose it).
fn teacher_period(tx: &impl Reader, actor: &Actor, due: &ReportDue) -> Result<PeriodId, AppError> {
    let p = PERIODS.get(tx, &due.period)?.ok_or(AppError::NotFound)?;
    for (id, c) in classes_of(tx, due.year)? {
        if allows(tx, actor, Action::ReportsView, Target::Class(id))? {
            return Ok(matching_period(tx, due.year, c.grade, &p)?.map_or(due.period, |(id, _)| id));
        }
    }
    Ok(due.period)
}

/// The filters of the report `slot` hands in, as `actor` opens it.
pub fn asked_for(tx: &impl Reader, actor: &Actor, due: &ReportDue, slot: Slot) -> Result<Asked, AppError> {
    let filters = due.kind.spec().filters;
    let mut a = Asked { year: Some(due.year), period: Some(due.period), ..Asked::default() };
    match slot {
        Slot::Class(c) => a.class = Some(c),
        Slot::Teacher(t) => {
            a.teacher = Some(t);
            a.period = Some(teacher_period(tx, actor, due)?);
        }
    }
    if filters.contains(&Filter::Range) && !filters.contains(&Filter::Period) {
        let p = PERIODS.get(tx, &due.period)?.ok_or(AppError::NotFound)?;
        (a.from, a.to) = (Some(p.start), Some(p.end));
    }
    if !filters.contains(&Filter::Period) {
        a.period = None;
    }
    Ok(a)
}

/// The query string of [`Asked`]: what opens the report as it will be handed in.
pub fn query(a: &Asked) -> String {
    let mut q: Vec<String> = Vec::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            q.push(format!("{k}={v}"));
        }
    };
    put("year", a.year.map(|v| v.to_string()));
    put("period", a.period.map(|v| v.to_string()));
    put("from", a.from.map(|v| v.to_string()));
    put("to", a.to.map(|v| v.to_string()));
    put("class", a.class.map(|v| v.to_string()));
    put("teacher", a.teacher.map(|v| v.to_string()));
    q.join("&")
}

/// Builds the report `slot` of `due` hands in, as the actor sees it now; checks that they may.
pub fn build_for(
    tx: &ReadTransaction,
    actor: &Actor,
    lang: Lang,
    school: &str,
    due_id: ReportDueId,
    slot: Slot,
) -> Result<Report, AppError> {
    let due = REPORT_DUES.get(tx, &due_id)?.ok_or(AppError::NotFound)?;
    permit_submit(tx, actor, &due, slot)?;
    if submission_of(tx, due_id, slot)?.is_some_and(|(_, s)| s.state == State::Accepted) {
        return Err(AppError::BadRequest("rsub-already-accepted"));
    }
    let asked = asked_for(tx, actor, &due, slot)?;
    let (report, _, _) = catalog::build(tx, actor, lang, school, due.kind, &asked)?;
    Ok(report)
}

/// «5А» or the teacher's short name, for notices.
fn slot_name(tx: &impl Reader, slot: Slot) -> Result<String, StoreError> {
    Ok(match slot {
        Slot::Class(c) => CLASSES.get(tx, &c)?.map(|c| c.name()).unwrap_or_default(),
        Slot::Teacher(t) => accounts::get(tx, t)?.map(|u| u.short_name()).unwrap_or_default(),
    })
}

/// What a notice is about: the report, the class or teacher, who acted and when.
struct About {
    kind: Kind,
    slot: Slot,
    by: UserId,
    at: i64,
}

fn tell(
    tx: &WriteTransaction,
    to: &[UserId],
    key: &str,
    about: &About,
    extra: (&str, String),
    link: String,
) -> Result<(), StoreError> {
    let args = vec![
        ("title".to_string(), arg::key(&about.kind.title_key())),
        ("class".to_string(), arg::text(&slot_name(tx, about.slot)?)),
        (extra.0.to_string(), extra.1),
    ];
    let notice = Notice { at: about.at, key: key.into(), args, link, by: Some(about.by), read: false };
    send(tx, to, notice)
}

/// Stores `report` as handed in for `slot` of `due` at `at` (unix seconds): checks again
/// that the due still exists, that the actor may, and that it has not been accepted; a
/// submission that was returned gets a new snapshot and keeps the old ones in its history.
/// The one who set the due is told.
pub fn hand_in(
    tx: &WriteTransaction,
    actor: &Actor,
    due_id: ReportDueId,
    slot: Slot,
    report: Report,
    at: i64,
) -> Result<SubmissionId, AppError> {
    let due = REPORT_DUES.get(tx, &due_id)?.ok_or(AppError::BadRequest("rsub-due-gone"))?;
    permit_submit(tx, actor, &due, slot)?;
    let existing = submission_of(tx, due_id, slot)?;
    if existing.as_ref().is_some_and(|(_, s)| s.state == State::Accepted) {
        return Err(AppError::BadRequest("rsub-already-accepted"));
    }
    let snapshot = SnapshotId::next(tx)?;
    let (id, mut sub, kind) = match existing {
        Some((id, s)) => (id, s, StepKind::Resubmitted),
        None => (
            SubmissionId::next(tx)?,
            Submission { slot, state: State::Submitted, snapshot, steps: Vec::new() },
            StepKind::Submitted,
        ),
    };
    sub.state = State::Submitted;
    sub.snapshot = snapshot;
    sub.steps.push(Step {
        kind,
        by: actor.id,
        at,
        on: actor.today,
        comment: String::new(),
        snapshot: Some(snapshot),
    });
    REPORT_SNAPSHOTS.insert(
        tx,
        &snapshot,
        &Snapshot { due: due_id, submission: id, slot, by: actor.id, at, report },
    )?;
    REPORT_SUBMISSIONS.insert(tx, &(due_id, id), &sub)?;
    if due.by != actor.id {
        let link = format!("/reports/submissions/{due_id}");
        let who = accounts::get(tx, actor.id)?.map(|u| u.short_name()).unwrap_or_default();
        let about = About { kind: due.kind, slot, by: actor.id, at };
        tell(tx, &[due.by], "notice-report-submitted", &about, ("who", arg::text(&who)), link)?;
    }
    Ok(id)
}

/// What the administration decides on a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    /// Back to the submitter with a comment (required).
    Return,
}

/// Accepts or returns a submission waiting for a decision (reports.manage); the one who
/// handed it in is told, with the comment. A return without a comment is refused.
pub fn decide(
    tx: &WriteTransaction,
    actor: &Actor,
    due_id: ReportDueId,
    id: SubmissionId,
    decision: Decision,
    comment: &str,
    at: i64,
) -> Result<(), AppError> {
    permit(tx, actor, Action::ReportsManage, Target::School)?;
    let due = REPORT_DUES.get(tx, &due_id)?.ok_or(AppError::NotFound)?;
    let mut sub = REPORT_SUBMISSIONS.get(tx, &(due_id, id))?.ok_or(AppError::NotFound)?;
    let comment = comment.trim();
    if decision == Decision::Return {
        let mut e = crate::web::form::FieldErrors::default();
        if comment.is_empty() {
            e.add("comment", "rsub-comment-required");
        } else if comment.chars().count() > super::dues::MAX_NOTE {
            e.add("comment", "rsub-note-long");
        }
        e.into_result().map_err(AppError::Invalid)?;
    }
    if sub.state != State::Submitted {
        return Err(AppError::BadRequest("rsub-not-waiting"));
    }
    let (state, kind, key) = match decision {
        Decision::Accept => (State::Accepted, StepKind::Accepted, "notice-report-accepted"),
        Decision::Return => (State::Returned, StepKind::Returned, "notice-report-returned"),
    };
    sub.state = state;
    sub.steps.push(Step { kind, by: actor.id, at, on: actor.today, comment: comment.into(), snapshot: None });
    REPORT_SUBMISSIONS.insert(tx, &(due_id, id), &sub)?;
    let to: Vec<UserId> = sub.last_handed().map(|s| s.by).into_iter().collect();
    let about = About { kind: due.kind, slot: sub.slot, by: actor.id, at };
    tell(tx, &to, key, &about, ("answer", arg::text(comment)), "/reports/mine".into())?;
    let what = match decision {
        Decision::Accept => "accepted",
        Decision::Return => "returned",
    };
    audit::change(
        tx,
        actor.id,
        actor.now,
        Action::ReportsManage.key(),
        format!("report_due:{due_id}"),
        format!("{what} {}", sub.slot.describe()),
    )?;
    Ok(())
}

/// Hands in `slot` of `due` now: the report is built in a read transaction with the same code
/// as its page, then stored in a write transaction that checks everything again.
pub async fn submit(
    state: &AppState,
    actor: Actor,
    lang: Lang,
    school: String,
    due: ReportDueId,
    slot: Slot,
) -> Result<SubmissionId, AppError> {
    let reader = actor.clone();
    let report = state.store.read(move |tx| build_for(tx, &reader, lang, &school, due, slot)).await?;
    let at = actor.now;
    state.store.write(move |tx| hand_in(tx, &actor, due, slot, report, at)).await
}
