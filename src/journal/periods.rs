//! Closing and reopening study periods (`periods.close`, audited). A closed period locks the
//! marks, attendance and lesson edits of its days and the teachers' final marks for it.

use crate::audit;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{PeriodId, YearId};
use crate::structure::model::{PERIODS, YEARS};
use crate::structure::model::{Period, Scheme, Year};
use crate::structure::service::{current_year_id, ensure_open, periods_of};

/// The current year's periods under each scheme that has them.
pub struct PeriodsPage {
    pub year: Option<(YearId, Year)>,
    pub schemes: Vec<(Scheme, Vec<(PeriodId, Period)>)>,
}

pub async fn page(state: &AppState, actor: Actor) -> Result<PeriodsPage, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::PeriodsClose, Target::School)?;
            let Some(id) = current_year_id(tx)? else {
                return Ok(PeriodsPage { year: None, schemes: Vec::new() });
            };
            let year = YEARS.get(tx, &id)?.ok_or(AppError::NotFound)?;
            let mut schemes = Vec::new();
            for scheme in Scheme::ALL {
                let periods = periods_of(tx, id, scheme)?;
                if !periods.is_empty() {
                    schemes.push((scheme, periods));
                }
            }
            Ok(PeriodsPage { year: Some((id, year)), schemes })
        })
        .await
}

/// Closes (`closed`) or reopens a period of an open year.
pub async fn set_closed(state: &AppState, actor: Actor, id: PeriodId, closed: bool) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::PeriodsClose, Target::School)?;
            let mut period = PERIODS.get(tx, &id)?.ok_or(AppError::NotFound)?;
            ensure_open(tx, period.year)?;
            if period.closed != closed {
                period.closed = closed;
                PERIODS.insert(tx, &id, &period)?;
                let detail = if closed { "closed" } else { "reopened" };
                audit::change(
                    tx,
                    actor.id,
                    actor.now,
                    Action::PeriodsClose.key(),
                    format!("period:{id}"),
                    detail.into(),
                )?;
            }
            Ok(())
        })
        .await
}
