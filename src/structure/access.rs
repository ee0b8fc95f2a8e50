//! What the structure pages call: each function is one transaction that asks `permit` first
//! (`structure.view` to read, `structure.edit` to change), then reads the page's data or
//! applies a rule of `service.rs` and records the change in the audit log. This file holds
//! the shared helpers and the years; `access_classes.rs`, `access_subjects.rs` and
//! `access_teaching.rs` the rest.

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::forms::{HolidayForm, PeriodsForm, YearForm};
use super::model::{Holiday, Period, Scheme, Subject, Year};
use super::model::{SUBJECTS, WORK_TYPES, YEARS};
use super::service;
use crate::audit;
use crate::auth::accounts;
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::people::service::students_of;
use crate::state::AppState;
use crate::store::ids::{HolidayId, SubjectId, UserId, YearId};
use crate::store::{Reader, StoreError};

pub(super) fn may_view(tx: &impl Reader, actor: &Actor) -> Result<(), AppError> {
    permit(tx, actor, Action::StructureView, Target::School)
}

pub(super) fn may_edit(tx: &impl Reader, actor: &Actor) -> Result<(), AppError> {
    permit(tx, actor, Action::StructureEdit, Target::School)
}

pub(super) fn record(
    tx: &WriteTransaction,
    actor: &Actor,
    action: &str,
    object: String,
    detail: String,
) -> Result<(), AppError> {
    audit::change(tx, actor.id, actor.now, action, object, detail)?;
    Ok(())
}

/// The day whose class lists a year's pages show: today, kept inside the year (a year being
/// prepared in August shows its lists of 1 September).
pub fn view_day(year: &Year, today: NaiveDate) -> NaiveDate {
    today.clamp(year.start, year.end)
}

/// A person to choose: id and «Фамилия Имя Отчество».
pub type Person = (UserId, String);

pub(super) fn full_names(tx: &impl Reader, ids: &[UserId]) -> Result<Vec<Person>, StoreError> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(u) = accounts::get(tx, *id)? {
            out.push((*id, u.full_name()));
        }
    }
    out.sort_by_key(|(_, name)| name.to_lowercase());
    Ok(out)
}

/// Active teachers, and anyone in `also` (a chief who has since left stays visible), by name.
pub(super) fn teachers(tx: &impl Reader, also: &[UserId]) -> Result<Vec<Person>, StoreError> {
    let mut ids = Vec::new();
    accounts::each(tx, |id, u| {
        if (u.has(Role::Teacher) && !u.disabled) || also.contains(&id) {
            ids.push(id);
        }
        true
    })?;
    full_names(tx, &ids)
}

pub(super) fn short_names(tx: &impl Reader, ids: &[UserId]) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(u) = accounts::get(tx, *id)? {
            out.push(u.short_name());
        }
    }
    Ok(out)
}

/// Subjects by name, the archived ones after the others.
pub(super) fn subjects(tx: &impl Reader) -> Result<Vec<(SubjectId, Subject)>, StoreError> {
    let mut all = SUBJECTS.all(tx)?;
    all.sort_by_key(|(_, s)| (s.archived, s.name.to_lowercase()));
    Ok(all)
}

pub(super) fn subject_name(tx: &impl Reader, id: SubjectId) -> Result<String, StoreError> {
    Ok(SUBJECTS.get(tx, &id)?.map(|s| s.name).unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// Years

/// Every year (newest first), the current one, and the one being viewed.
#[derive(Clone, Debug, Default)]
pub struct Years {
    pub all: Vec<(YearId, Year)>,
    pub current: Option<YearId>,
    pub viewed: Option<(YearId, Year)>,
}

impl Years {
    pub fn viewed_id(&self) -> Option<YearId> {
        self.viewed.as_ref().map(|(id, _)| *id)
    }
}

/// The years, viewing `wanted` (or the current year, or else the newest).
pub fn years(tx: &impl Reader, wanted: Option<YearId>) -> Result<Years, AppError> {
    let mut all = YEARS.all(tx)?;
    all.sort_by_key(|(_, y)| std::cmp::Reverse(y.start));
    let current = service::current_year_id(tx)?;
    let viewed = match wanted {
        Some(id) => Some(all.iter().find(|(y, _)| *y == id).cloned().ok_or(AppError::NotFound)?),
        None => {
            current.and_then(|c| all.iter().find(|(y, _)| *y == c).cloned()).or_else(|| all.first().cloned())
        }
    };
    Ok(Years { all, current, viewed })
}

/// The overview: how much of the structure exists in the viewed year.
#[derive(Clone, Debug, Default)]
pub struct Overview {
    pub years: Years,
    pub classes: usize,
    pub students: usize,
    pub teaching: usize,
    pub holidays: usize,
    pub subjects: usize,
    pub work_types: usize,
}

pub async fn overview(state: &AppState, actor: Actor, wanted: Option<YearId>) -> Result<Overview, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            let years = years(tx, wanted)?;
            let mut o = Overview {
                subjects: SUBJECTS.all(tx)?.iter().filter(|(_, s)| !s.archived).count(),
                work_types: WORK_TYPES.all(tx)?.iter().filter(|(_, w)| !w.archived).count(),
                ..Overview::default()
            };
            if let Some((id, year)) = &years.viewed {
                let day = view_day(year, actor.today);
                let classes = service::classes_of(tx, *id)?;
                o.classes = classes.len();
                for (cid, _) in classes {
                    o.students += students_of(tx, cid, day)?.len();
                }
                o.teaching = service::teaching_of(tx, *id)?.len();
                o.holidays = service::holidays_of(tx, *id)?.len();
            }
            o.years = years;
            Ok(o)
        })
        .await
}

/// The list of years.
pub async fn years_list(state: &AppState, actor: Actor) -> Result<Years, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            years(tx, None)
        })
        .await
}

/// The form of a new year: the year after the newest, or the year of today.
pub fn next_year(years: &Years, today: NaiveDate) -> Year {
    match years.all.iter().map(|(_, y)| y.end).max() {
        Some(end) => Year::containing(end.succ_opt().unwrap_or(end)),
        None => Year::containing(today),
    }
}

/// A year with its periods under each scheme, the scheme of each parallel, and holidays.
#[derive(Clone, Debug)]
pub struct YearPage {
    pub id: YearId,
    pub year: Year,
    pub years: Years,
    pub periods: Vec<(Scheme, Vec<Period>)>,
    /// The scheme of parallel N at index N − 1.
    pub schemes: Vec<Scheme>,
    pub holidays: Vec<(HolidayId, Holiday)>,
}

pub async fn year_page(state: &AppState, actor: Actor, id: YearId) -> Result<YearPage, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            let year = YEARS.get(tx, &id)?.ok_or(AppError::NotFound)?;
            let mut periods = Vec::new();
            for scheme in Scheme::ALL {
                periods.push((
                    scheme,
                    service::periods_of(tx, id, scheme)?.into_iter().map(|(_, p)| p).collect(),
                ));
            }
            let schemes = (1..=11u8).map(|g| service::scheme_of(tx, id, g)).collect::<Result<_, _>>()?;
            Ok(YearPage {
                id,
                year,
                years: years(tx, Some(id))?,
                periods,
                schemes,
                holidays: service::holidays_of(tx, id)?,
            })
        })
        .await
}

pub async fn create_year(state: &AppState, actor: Actor, form: YearForm) -> Result<YearId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let year = form.parse()?;
            let name = year.name.clone();
            let id = service::create_year(tx, year)?;
            record(tx, &actor, "structure.year.create", format!("year:{id}"), name)?;
            Ok(id)
        })
        .await
}

pub async fn update_year(state: &AppState, actor: Actor, id: YearId, form: YearForm) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let year = form.parse()?;
            let name = year.name.clone();
            service::update_year(tx, id, year)?;
            record(tx, &actor, "structure.year.edit", format!("year:{id}"), name)
        })
        .await
}

pub async fn close_year(state: &AppState, actor: Actor, id: YearId) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let year = service::close_year(tx, id)?;
            record(tx, &actor, "structure.year.close", format!("year:{id}"), year.name)
        })
        .await
}

pub async fn set_current_year(state: &AppState, actor: Actor, id: YearId) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let year = service::set_current_year(tx, id)?;
            record(tx, &actor, "structure.year.current", format!("year:{id}"), year.name)
        })
        .await
}

pub async fn set_periods(
    state: &AppState,
    actor: Actor,
    id: YearId,
    scheme: Scheme,
    form: PeriodsForm,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let year = service::ensure_open(tx, id)?;
            let periods = form.parse(&year, scheme)?;
            service::set_periods(tx, id, scheme, &periods)?;
            record(tx, &actor, "structure.periods.save", format!("year:{id}"), scheme.key().into())
        })
        .await
}

pub async fn set_grade_schemes(
    state: &AppState,
    actor: Actor,
    id: YearId,
    schemes: Option<Vec<(u8, Scheme)>>,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let schemes = schemes.ok_or(AppError::BadRequest("error-bad-request"))?;
            for (grade, scheme) in &schemes {
                service::set_grade_scheme(tx, id, *grade, *scheme)?;
            }
            let detail =
                schemes.iter().map(|(g, s)| format!("{g}:{}", s.key())).collect::<Vec<_>>().join(" ");
            record(tx, &actor, "structure.schemes.save", format!("year:{id}"), detail)
        })
        .await
}

pub async fn add_holiday(
    state: &AppState,
    actor: Actor,
    year: YearId,
    form: HolidayForm,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            service::ensure_open(tx, year)?;
            let holiday = form.parse(year)?;
            let name = holiday.name.clone();
            let id = service::add_holiday(tx, holiday)?;
            record(tx, &actor, "structure.holiday.add", format!("holiday:{id}"), name)
        })
        .await
}

/// Deletes a holiday; returns its year, to go back to.
pub async fn delete_holiday(state: &AppState, actor: Actor, id: HolidayId) -> Result<YearId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let h = service::delete_holiday(tx, id)?;
            record(tx, &actor, "structure.holiday.delete", format!("holiday:{id}"), h.name)?;
            Ok(h.year)
        })
        .await
}
