//! The demo's report submissions: «Качество знаний и успеваемость по классу» for the last
//! quarter that has ended, due from the class chiefs of grades 2–9 a week after its end. Most
//! classes have handed it in (snapshots built by the report's own builder, as their chief):
//! some accepted, one (7А) returned, handed in again and accepted, 5А — the demo chief's class —
//! returned with a comment, one handed in a day late, and two with nothing handed in. A
//! second due asks the same report for the quarter running now, by a week after its end.
//!
//! The report builders read a committed snapshot (`ReadTransaction`), so this runs as a second
//! step after the school's transaction: the reports are built in a read, and the dues,
//! submissions and decisions are written in one more transaction through the same service
//! functions as the pages.

use chrono::{Days, NaiveDate};
use redb::Durability;

use super::changes::moscow;
use crate::auth::accounts;
use crate::auth::accounts::find_by_login;
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::reports::catalog::{self, Kind};
use crate::reports::model::Report;
use crate::reports::submit::model::REPORT_DUES;
use crate::reports::submit::model::{ReportDue, Slot, Who};
use crate::reports::submit::service::{Decision, asked_for, decide, expected, hand_in};
use crate::school;
use crate::store::Store;
use crate::store::ids::{PeriodId, ReportDueId, UserId, YearId};
use crate::structure::model::{Period, Scheme};
use crate::structure::service::{current_year_id, periods_of};
use crate::web::i18n::Lang;

/// What happens to a class's report after it is handed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    Waiting,
    Accepted,
    Returned,
    /// Returned, handed in again the next day, then accepted.
    Again,
}

/// One report handed in by a chief.
struct Handed {
    slot: Slot,
    chief: Actor,
    report: Report,
    at: i64,
    fate: Fate,
}

const RETURN_5A: &str = "Прошу сверить отчёт с учителями-предметниками и сдать его заново.";
const RETURN_AGAIN: &str = "Сдан раньше, чем были выставлены все четвертные отметки: сдайте заново.";

/// The current year, its quarters and the demo principal.
struct Setting {
    year: YearId,
    quarters: Vec<(PeriodId, Period)>,
    director: UserId,
    roles: Vec<crate::auth::model::Role>,
}

fn setting(store: &Store) -> Result<Option<Setting>, AppError> {
    store.read_blocking(|tx| {
        let Some(year) = current_year_id(tx)? else { return Ok(None) };
        let Some((director, u)) = find_by_login(tx, "director")? else { return Ok(None) };
        let quarters = periods_of(tx, year, Scheme::Quarters)?;
        Ok(Some(Setting { year, quarters, director, roles: u.roles }))
    })
}

/// The quality report for quarter `p`, set on `set_on` by `by`, due a week after its end.
fn due(year: YearId, (id, p): &(PeriodId, Period), by: UserId, set_on: NaiveDate, note: &str) -> ReportDue {
    ReportDue {
        kind: Kind::Quality,
        year,
        period: *id,
        who: Who::Chiefs,
        grade_from: 2,
        grade_to: 9,
        deadline: p.end + Days::new(7),
        note: note.into(),
        by,
        at: moscow(set_on, 9, 30),
    }
}

/// Builds the reports the chiefs handed in for `d`, as each chief saw it on the day.
fn build_handed(store: &Store, d: &ReportDue, today: NaiveDate) -> Result<Vec<Handed>, AppError> {
    store.read_blocking(|tx| {
        let school = school::card(tx)?.short_name;
        let all = expected(tx, d)?;
        let n = all.len();
        let mut out = Vec::new();
        for (i, e) in all.iter().enumerate() {
            let Some(&chief) = e.people.first() else { continue };
            // Two classes near the end of the list hand nothing in (never the demo chief's 5А).
            if e.name != "5А" && (i + 1 == n || i + 4 == n) {
                continue;
            }
            let fate = match (e.name.as_str(), i % 3) {
                ("5А", _) => Fate::Returned,
                ("7А", _) => Fate::Again,
                (_, 0) => Fate::Accepted,
                _ => Fate::Waiting,
            };
            // Handed in over the week after the quarter; one class a day late.
            let after = if i == 2 { 9 } else { 1 + (i % 7) as u64 };
            let mut day = (d.deadline - Days::new(7) + Days::new(after)).min(today);
            if day < d.deadline - Days::new(7) {
                day = d.deadline - Days::new(7);
            }
            let roles = accounts::get(tx, chief)?.map(|u| u.roles).unwrap_or_default();
            let at = moscow(day, 14 + (i % 4) as u32, (7 * i % 60) as u32);
            let actor = Actor { id: chief, roles, today: day, now: at };
            let asked = asked_for(tx, &actor, d, e.slot)?;
            let (report, _, _) = catalog::build(tx, &actor, Lang::Ru, &school, d.kind, &asked)?;
            out.push(Handed { slot: e.slot, chief: actor, report, at, fate });
        }
        Ok(out)
    })
}

/// Seeds the dues and submissions (see the module doc). Nothing when the year has no quarters.
pub fn seed(store: &Store, today: NaiveDate) -> Result<(), AppError> {
    let Some(Setting { year, quarters, director, roles }) = setting(store)? else { return Ok(()) };
    let ended = quarters.iter().rev().find(|(_, p)| p.end < today).cloned();
    let running = quarters.iter().find(|(_, p)| p.start <= today && today <= p.end).cloned();
    let past = ended.map(|q| {
        let set_on = q.1.end - Days::new(6);
        due(year, &q, director, set_on, "Сдайте отчёт после выставления четвертных отметок.")
    });
    let handed = match &past {
        Some(d) => build_handed(store, d, today)?,
        None => Vec::new(),
    };
    store.write_blocking(Durability::Immediate, |tx| {
        if let Some(d) = &past {
            let id = ReportDueId::next(tx)?;
            REPORT_DUES.insert(tx, &id, d)?;
            for h in handed {
                let decided_on = h.chief.today + Days::new(1);
                let later = h.at + 86_400;
                let principal = Actor { id: director, roles: roles.clone(), today: decided_on, now: later };
                let sub = hand_in(tx, &h.chief, id, h.slot, h.report.clone(), h.at)?;
                // Decided the next day, so never on a day still to come.
                let fate = if h.chief.today < today { h.fate } else { Fate::Waiting };
                match fate {
                    Fate::Waiting => {}
                    Fate::Accepted => decide(tx, &principal, id, sub, Decision::Accept, "", later)?,
                    Fate::Returned => decide(tx, &principal, id, sub, Decision::Return, RETURN_5A, later)?,
                    Fate::Again => {
                        decide(tx, &principal, id, sub, Decision::Return, RETURN_AGAIN, later - 3600)?;
                        let again = Actor { today: decided_on, now: later, ..h.chief.clone() };
                        let report = Report { made: decided_on, ..h.report };
                        hand_in(tx, &again, id, h.slot, report, later)?;
                        decide(tx, &principal, id, sub, Decision::Accept, "", later + 3600)?;
                    }
                }
            }
        }
        if let Some(q) = &running {
            let set_on = (today - Days::new(3)).max(q.1.start);
            let note = "Отчёт за текущую четверть: сдайте после выставления четвертных отметок.";
            let d = due(year, q, director, set_on, note);
            REPORT_DUES.insert(tx, &ReportDueId::next(tx)?, &d)?;
        }
        Ok::<_, AppError>(())
    })
}
