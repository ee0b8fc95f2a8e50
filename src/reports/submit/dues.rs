//! Setting what is due: the form as typed, its checks inside the transaction, and creating,
//! changing and deleting a due (deleting only while nothing has been handed in).

use redb::WriteTransaction;

use super::model::{REPORT_DUES, REPORT_SUBMISSIONS};
use super::model::{ReportDue, Who};
use super::service::{expected, submissions_of};
use crate::audit;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::reports::catalog::Kind;
use crate::store::ids::{PeriodId, ReportDueId, YearId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{PERIODS, YEARS};
use crate::structure::model::{Period, Scheme};
use crate::structure::service::{classes_of, periods_of, scheme_of};
use crate::timetable::service::parse_date;
use crate::web::form::{FieldErrors, Pairs};

/// The longest note of a due.
pub const MAX_NOTE: usize = 1000;

/// The form of a due as typed, kept to be shown again when refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DueForm {
    pub kind: String,
    pub period: String,
    pub who: String,
    pub grade_from: String,
    pub grade_to: String,
    pub deadline: String,
    pub note: String,
}

impl DueForm {
    pub fn from_pairs(f: &Pairs) -> DueForm {
        let g = |k: &str| f.get(k).trim().to_string();
        DueForm {
            kind: g("kind"),
            period: g("period"),
            who: g("who"),
            grade_from: g("grade_from"),
            grade_to: g("grade_to"),
            deadline: g("deadline"),
            note: f.get("note").trim().to_string(),
        }
    }

    pub fn of(d: &ReportDue) -> DueForm {
        DueForm {
            kind: d.kind.slug().into(),
            period: d.period.to_string(),
            who: d.who.slug().into(),
            grade_from: d.grade_from.to_string(),
            grade_to: d.grade_to.to_string(),
            deadline: d.deadline.to_string(),
            note: d.note.clone(),
        }
    }

    /// A new due: chiefs, every parallel that has marks (from the 2nd), the period chosen.
    pub fn blank(period: Option<PeriodId>) -> DueForm {
        DueForm {
            who: Who::Chiefs.slug().into(),
            grade_from: "2".into(),
            grade_to: "11".into(),
            period: period.map(|p| p.to_string()).unwrap_or_default(),
            ..DueForm::default()
        }
    }
}

/// The periods a due of `year` may be for: those of every scheme its classes study by.
pub fn period_choices(tx: &impl Reader, year: YearId) -> Result<Vec<(PeriodId, Period)>, StoreError> {
    let mut schemes = Vec::new();
    for (_, c) in classes_of(tx, year)? {
        let s = scheme_of(tx, year, c.grade)?;
        if !schemes.contains(&s) {
            schemes.push(s);
        }
    }
    let mut out = Vec::new();
    for s in schemes {
        out.extend(periods_of(tx, year, s)?);
    }
    // Quarters, then trimesters, then half-years, each in order.
    out.sort_by_key(|(_, p)| (Scheme::ALL.iter().position(|s| *s == p.scheme), p.number));
    Ok(out)
}

/// Checks the form; `id`/`stored` when it changes a due. What was handed in against a due
/// fixes its report, period and who hand it in: only the deadline and the note change then.
pub fn check(
    tx: &impl Reader,
    actor: &Actor,
    form: &DueForm,
    id: Option<ReportDueId>,
    stored: Option<&ReportDue>,
) -> Result<ReportDue, AppError> {
    let mut e = FieldErrors::default();
    let who = Who::from_slug(&form.who);
    if who.is_none() {
        e.add("who", "rsub-bad-who");
    }
    let kind = Kind::from_slug(&form.kind).filter(|k| who.is_none_or(|w| w.fits(*k)));
    if kind.is_none() {
        e.add("kind", "rsub-bad-kind");
    }
    let period: Option<(PeriodId, Period)> = match form.period.parse::<PeriodId>() {
        Ok(p) => PERIODS.get(tx, &p)?.map(|x| (p, x)),
        Err(_) => None,
    };
    let year = match &period {
        Some((_, p)) => YEARS.get(tx, &p.year)?,
        None => None,
    };
    match (&period, &year) {
        (None, _) | (_, None) => e.add("period", "rsub-bad-period"),
        (Some(_), Some(y)) if y.closed => e.add("period", "rsub-year-closed"),
        _ => {}
    }
    let grade = |s: &str| s.parse::<u8>().ok().filter(|g| (1..=11).contains(g));
    let (from, to) = (grade(&form.grade_from), grade(&form.grade_to));
    let grades = match (from, to) {
        (Some(a), Some(b)) if a <= b => Some((a, b)),
        _ => {
            e.add("grade_from", "rsub-bad-grades");
            None
        }
    };
    let deadline = parse_date(&form.deadline);
    match (deadline, &period, &year) {
        (None, _, _) => e.add("deadline", "rsub-bad-deadline"),
        (Some(d), Some((_, p)), Some(y)) if d < p.start || d > y.end => {
            e.add("deadline", "rsub-deadline-range")
        }
        _ => {}
    }
    if form.note.chars().count() > MAX_NOTE {
        e.add("note", "rsub-note-long");
    }
    let (Some(kind), Some(who), Some((pid, p)), Some((grade_from, grade_to)), Some(deadline)) =
        (kind, who, period, grades, deadline)
    else {
        return Err(AppError::Invalid(e));
    };
    let due = ReportDue {
        kind,
        year: p.year,
        period: pid,
        who,
        grade_from,
        grade_to,
        deadline,
        note: form.note.clone(),
        by: stored.map_or(actor.id, |s| s.by),
        at: stored.map_or(actor.now, |s| s.at),
    };
    if e.is_empty() && expected(tx, &due)?.is_empty() {
        e.add("grade_from", if who == Who::Chiefs { "rsub-no-classes" } else { "rsub-no-teachers" });
    }
    // The same report asked twice of the same people for the same period.
    let mut twin = false;
    REPORT_DUES.scan_range(tx, None, None, Order::Asc, |other, d| {
        twin |= Some(other) != id
            && d.kind == due.kind
            && d.period == due.period
            && d.who == due.who
            && (due.who == Who::Teachers || (d.grade_from, d.grade_to) == (due.grade_from, due.grade_to));
        !twin
    })?;
    if twin {
        e.add("kind", "rsub-duplicate");
    }
    if let (Some(id), Some(s)) = (id, stored)
        && !submissions_of(tx, id)?.is_empty()
    {
        if s.kind != due.kind {
            e.add("kind", "rsub-locked");
        }
        if s.period != due.period {
            e.add("period", "rsub-locked");
        }
        if s.who != due.who {
            e.add("who", "rsub-locked");
        }
        if (s.grade_from, s.grade_to) != (due.grade_from, due.grade_to) {
            e.add("grade_from", "rsub-locked");
        }
    }
    e.into_result().map_err(AppError::Invalid)?;
    Ok(due)
}

fn audit_due(
    tx: &WriteTransaction,
    actor: &Actor,
    id: ReportDueId,
    detail: String,
) -> Result<(), StoreError> {
    audit::change(tx, actor.id, actor.now, Action::ReportsManage.key(), format!("report_due:{id}"), detail)
        .map(|_| ())
}

/// A new due (reports.manage).
pub fn create(tx: &WriteTransaction, actor: &Actor, form: &DueForm) -> Result<ReportDueId, AppError> {
    permit(tx, actor, Action::ReportsManage, Target::School)?;
    let due = check(tx, actor, form, None, None)?;
    let id = ReportDueId::next(tx)?;
    REPORT_DUES.insert(tx, &id, &due)?;
    audit_due(tx, actor, id, format!("{} period:{} by {}", due.kind.slug(), due.period, due.deadline))?;
    Ok(id)
}

/// Changes a due (reports.manage).
pub fn update(tx: &WriteTransaction, actor: &Actor, id: ReportDueId, form: &DueForm) -> Result<(), AppError> {
    permit(tx, actor, Action::ReportsManage, Target::School)?;
    let stored = REPORT_DUES.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let due = check(tx, actor, form, Some(id), Some(&stored))?;
    REPORT_DUES.insert(tx, &id, &due)?;
    audit_due(tx, actor, id, format!("changed: by {}", due.deadline))?;
    Ok(())
}

/// Deletes a due nothing has been handed in against (reports.manage); refused otherwise.
pub fn delete(tx: &WriteTransaction, actor: &Actor, id: ReportDueId) -> Result<(), AppError> {
    permit(tx, actor, Action::ReportsManage, Target::School)?;
    REPORT_DUES.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let mut any = false;
    REPORT_SUBMISSIONS.scan_prefix(tx, &id, Order::Asc, |_, _| {
        any = true;
        false
    })?;
    if any {
        return Err(AppError::BadRequest("rsub-delete-refused"));
    }
    REPORT_DUES.remove(tx, &id)?;
    audit_due(tx, actor, id, "deleted".into())?;
    Ok(())
}
