//! Final marks of a journal: per period of the class's scheme, for the year, the exam and the
//! final one. Suggested from the weighted average of the period (the year's from the period
//! marks). A teacher sets them while the period is open; the administration (who has
//! `finals.edit` at school scope) also after it is closed; nobody in a closed year.

use std::collections::{BTreeSet, HashMap};

use super::cell::{self, CellValue};
use super::model::{FinalKind, FinalMark, MarkValue};
use super::model::{MARKS, STUDENT_MARKS};
use super::queries::{self, CellData, Head, class_periods, short_name};
use super::records;
use super::rules::{Rounding, Tally};
use super::service::WriteError;
use crate::auth::accounts;
use crate::auth::permission::{Action, Actor, Target, allows, may_at_school, permit};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{PeriodId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::Period;
use crate::timetable::calendar::students_taught;

/// A column of the final marks.
pub struct FinalCol {
    pub kind: FinalKind,
    /// The period, for a period's column.
    pub period: Option<Period>,
    pub editable: bool,
}

/// One final mark with what suggests it.
#[derive(Clone, Debug, Default)]
pub struct FinalCell {
    pub mark: Option<FinalMark>,
    /// The period's weighted average (period columns).
    pub average: Option<f64>,
    pub suggestion: Option<u8>,
}

impl FinalCell {
    pub fn data(&self) -> CellData {
        CellData {
            value: CellValue { code: None, mark: self.mark.as_ref().map(|m| m.value) },
            comment: String::new(),
            who: self.mark.as_ref().map(|m| (m.by, m.at)),
        }
    }
}

pub struct FinalRow {
    pub id: UserId,
    pub short: String,
    pub full: String,
    pub withdrawn: bool,
    pub cells: Vec<FinalCell>,
}

pub struct FinalsPage {
    pub head: Head,
    pub cols: Vec<FinalCol>,
    pub rows: Vec<FinalRow>,
    pub names: HashMap<UserId, String>,
    pub locked: Option<&'static str>,
}

/// The year's mark suggested from the period marks: their mean under the rounding rule.
pub fn year_suggestion(period_marks: impl IntoIterator<Item = MarkValue>, rounding: Rounding) -> Option<u8> {
    let mut t = Tally::default();
    for m in period_marks {
        t.add(m, 1);
    }
    t.suggestion(rounding)
}

/// Reads the final marks page.
pub async fn page(state: &AppState, actor: Actor, id: TeachingId) -> Result<FinalsPage, AppError> {
    let rounding = state.school().rounding;
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::JournalView, Target::Teaching(id))?;
            let head = queries::head(tx, id)?;
            let periods = class_periods(tx, &head)?;
            let may = !head.year.closed && allows(tx, &actor, Action::FinalsEdit, Target::Finals(id))?;
            let admin = may_at_school(&actor.roles, Action::FinalsEdit);
            let mut cols: Vec<FinalCol> = periods
                .iter()
                .map(|(pid, p)| FinalCol {
                    kind: FinalKind::Period(*pid),
                    period: Some(p.clone()),
                    editable: may && (!p.closed || admin),
                })
                .collect();
            for kind in [FinalKind::Year, FinalKind::Exam, FinalKind::Final] {
                cols.push(FinalCol { kind, period: None, editable: may });
            }
            // Marks of the year, summed per student and period.
            let after = head.year.end.succ_opt().unwrap_or(head.year.end);
            let mut tallies: HashMap<(UserId, PeriodId), Tally> = HashMap::new();
            let mut with_marks = BTreeSet::new();
            MARKS.scan_between(tx, &(id, head.year.start), &(id, after), Order::Asc, |k, m| {
                with_marks.insert(k.3);
                if let Some((pid, _)) = periods.iter().find(|(_, p)| p.start <= k.1 && k.1 <= p.end) {
                    tallies.entry((k.3, *pid)).or_default().add(m.value, m.weight);
                }
                true
            })?;
            let roll_day = actor.today.clamp(head.year.start, head.year.end);
            let taught = students_taught(tx, &head.teaching, roll_day)?;
            let mut ids: Vec<(UserId, bool)> = taught.iter().map(|s| (*s, false)).collect();
            ids.extend(with_marks.into_iter().filter(|s| !taught.contains(s)).map(|s| (s, true)));
            let mut rows = Vec::new();
            let mut who = BTreeSet::new();
            for (sid, withdrawn) in ids {
                let Some(u) = accounts::get(tx, sid)? else { continue };
                let mut cells = Vec::with_capacity(cols.len());
                for col in &cols {
                    let mark = records::final_mark(tx, sid, head.teaching.subject, col.kind)?;
                    if let Some(m) = &mark {
                        who.insert(m.by);
                    }
                    let tally = match col.kind {
                        FinalKind::Period(pid) => tallies.get(&(sid, pid)).copied(),
                        _ => None,
                    };
                    cells.push(FinalCell {
                        mark,
                        average: tally.and_then(|t| t.weighted_average()),
                        suggestion: tally.and_then(|t| t.suggestion(rounding)),
                    });
                }
                let from_periods: Vec<MarkValue> = cols
                    .iter()
                    .zip(&cells)
                    .filter(|(c, _)| matches!(c.kind, FinalKind::Period(_)))
                    .filter_map(|(_, cell)| cell.mark.as_ref().map(|m| m.value))
                    .collect();
                if let Some(i) = cols.iter().position(|c| c.kind == FinalKind::Year) {
                    cells[i].suggestion = year_suggestion(from_periods, rounding);
                }
                rows.push(FinalRow {
                    id: sid,
                    short: short_name(&u.surname, &u.first_name),
                    full: u.full_name(),
                    withdrawn,
                    cells,
                });
            }
            rows.sort_by_key(|r| (r.withdrawn, r.full.to_lowercase()));
            let names = queries::names_of(tx, who)?;
            let locked = head.year.closed.then_some("journal-year-closed");
            Ok(FinalsPage { head, cols, rows, names, locked })
        })
        .await
}

/// The fields of a final mark's write, as posted.
#[derive(Clone, Debug, Default)]
pub struct FinalForm {
    pub student: String,
    /// [`FinalKind::slug`]: `p12`, `year`, `exam`, `final`.
    pub kind: String,
    pub value: String,
    pub was: String,
}

/// What a saved final mark shows.
pub struct FinalReply {
    pub student: UserId,
    pub kind: FinalKind,
    pub cell: FinalCell,
    pub names: HashMap<UserId, String>,
}

/// Whether the student is (or was this year) taught by the journal.
fn taught_this_year(
    tx: &impl Reader,
    actor: &Actor,
    head: &Head,
    student: UserId,
) -> Result<bool, StoreError> {
    let day = actor.today.clamp(head.year.start, head.year.end);
    if students_taught(tx, &head.teaching, day)?.contains(&student) {
        return Ok(true);
    }
    let after = head.year.end.succ_opt().unwrap_or(head.year.end);
    let mut found = false;
    STUDENT_MARKS.scan_between(tx, &(student, head.year.start), &(student, after), Order::Asc, |k, _| {
        found = k.2 == head.id;
        !found
    })?;
    Ok(found)
}

/// Sets or clears one final mark.
pub async fn write(
    state: &AppState,
    actor: Actor,
    id: TeachingId,
    form: FinalForm,
) -> Result<FinalReply, WriteError> {
    let rounding = state.school().rounding;
    state
        .store
        .write_grouped(move |tx| {
            permit(tx, &actor, Action::FinalsEdit, Target::Finals(id))?;
            let head = queries::head(tx, id)?;
            if head.year.closed {
                return Err(WriteError::Refused("journal-year-closed"));
            }
            let kind =
                FinalKind::parse_slug(form.kind.trim()).ok_or(WriteError::Refused("journal-final-kind"))?;
            let periods = class_periods(tx, &head)?;
            let period = match kind {
                FinalKind::Period(pid) => {
                    let p = periods
                        .iter()
                        .find(|(x, _)| *x == pid)
                        .ok_or(WriteError::Refused("journal-final-kind"))?;
                    if p.1.closed && !may_at_school(&actor.roles, Action::FinalsEdit) {
                        return Err(WriteError::Refused("journal-period-closed"));
                    }
                    Some(p.clone())
                }
                _ => None,
            };
            let student: UserId =
                form.student.trim().parse().map_err(|_| WriteError::Refused("journal-not-taught"))?;
            if !taught_this_year(tx, &actor, &head, student)? {
                return Err(WriteError::Refused("journal-not-taught"));
            }
            let value = cell::parse_final(&form.value)?;
            let subject = head.teaching.subject;
            let old = records::final_mark(tx, student, subject, kind)?;
            if !cell::same_final(old.as_ref().map(|m| m.value), &form.was) {
                let now = FinalCell { mark: old, ..FinalCell::default() }.data();
                let names = queries::names_of(tx, now.who.map(|w| w.0))?;
                return Err(WriteError::Conflict(Box::new(super::service::Now { cell: now, names })));
            }
            if old.as_ref().map(|m| m.value) != value {
                let at = actor.now;
                let new = value.map(|value| FinalMark { value, teaching: id, by: actor.id, at });
                records::put_final(tx, student, subject, kind, id, new.as_ref(), actor.id, at, actor.today)?;
            }
            let mark = records::final_mark(tx, student, subject, kind)?;
            let mut cell = FinalCell { mark, ..FinalCell::default() };
            match (&period, kind) {
                (Some((pid, p)), _) => {
                    let t = queries::student_totals(tx, &head, student, *pid, p, rounding)?;
                    cell.average = t.tally.weighted_average();
                    cell.suggestion = t.suggestion;
                }
                (None, FinalKind::Year) => {
                    let mut marks = Vec::new();
                    for (pid, _) in &periods {
                        if let Some(m) = records::final_mark(tx, student, subject, FinalKind::Period(*pid))? {
                            marks.push(m.value);
                        }
                    }
                    cell.suggestion = year_suggestion(marks, rounding);
                }
                _ => {}
            }
            let names = queries::names_of(tx, cell.mark.as_ref().map(|m| m.by))?;
            Ok(FinalReply { student, kind, cell, names })
        })
        .await
}
