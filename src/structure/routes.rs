//! Routes of the school structure. Reads ask `structure.view`, changes `structure.edit` (inside
//! the `access*.rs` functions). Pages of a year take `?year=ID`; without it they show the
//! current year. A refused form comes back with 422, what was typed, and a message per field.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::access;
use super::forms::{self, HolidayForm, PeriodsForm, YearForm};
use super::model::Scheme;
use super::views_years::YearEdits;
use super::{routes_classes, routes_subjects, routes_teaching, views, views_years};
use crate::auth::permission::{Action, may_at_school};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{HolidayId, YearId};
use crate::web::ctx::{Auth, Ctx};
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/structure", get(overview))
        .route("/structure/years", get(years).post(create_year))
        .route("/structure/years/{id}", get(year).post(update_year))
        .route("/structure/years/{id}/current", post(set_current_year))
        .route("/structure/years/{id}/close", post(close_year))
        .route("/structure/years/{id}/periods/{scheme}", post(set_periods))
        .route("/structure/years/{id}/schemes", post(set_grade_schemes))
        .route("/structure/years/{id}/holidays", post(add_holiday))
        .route("/structure/holidays/{id}/delete", post(delete_holiday))
        .route("/structure/classes", get(routes_classes::classes).post(routes_classes::create_class))
        .route("/structure/classes/new", get(routes_classes::new_class))
        .route("/structure/classes/{id}", get(routes_classes::class).post(routes_classes::update_class))
        .route("/structure/classes/{id}/delete", post(routes_classes::delete_class))
        .route("/structure/classes/{id}/groups", post(routes_classes::create_group))
        .route("/structure/groups/{id}", get(routes_classes::group).post(routes_classes::update_group))
        .route("/structure/groups/{id}/delete", post(routes_classes::delete_group))
        .route("/structure/subjects", get(routes_subjects::subjects).post(routes_subjects::create_subject))
        .route(
            "/structure/subjects/{id}",
            get(routes_subjects::subject).post(routes_subjects::update_subject),
        )
        .route("/structure/subjects/{id}/archive", post(routes_subjects::archive_subject))
        .route("/structure/subjects/{id}/restore", post(routes_subjects::restore_subject))
        .route(
            "/structure/work-types",
            get(routes_subjects::work_types).post(routes_subjects::create_work_type),
        )
        .route(
            "/structure/work-types/{id}",
            get(routes_subjects::work_type).post(routes_subjects::update_work_type),
        )
        .route("/structure/work-types/{id}/archive", post(routes_subjects::archive_work_type))
        .route("/structure/work-types/{id}/restore", post(routes_subjects::restore_work_type))
        .route("/structure/teaching", get(routes_teaching::teaching).post(routes_teaching::add_teaching))
        .route("/structure/teaching/{id}/delete", post(routes_teaching::delete_teaching))
}

/// An id from the path; anything else is a page that does not exist.
pub(super) fn id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// An id from a query or a form; empty or unreadable means none.
pub(super) fn opt_id<T: std::str::FromStr>(raw: Option<&str>) -> Option<T> {
    raw.and_then(|s| s.trim().parse().ok())
}

/// Whether the account's roles may change the structure: which controls a page shows. The
/// changes themselves ask `permit` again.
pub(super) fn can_edit(auth: &Auth) -> bool {
    may_at_school(&auth.me.user.roles, Action::StructureEdit)
}

/// A refused form, shown again.
pub(super) fn refused(ctx: &Ctx, title: &str, body: maud::Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, title, body)).into_response()
}

#[derive(Deserialize, Default)]
pub(super) struct YearQuery {
    pub(super) year: Option<String>,
    pub(super) class: Option<String>,
    pub(super) teacher: Option<String>,
}

impl YearQuery {
    pub(super) fn year(&self) -> Option<YearId> {
        opt_id(self.year.as_deref())
    }
}

/// GET /structure — the overview of the viewed year, with links to every section.
async fn overview(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let o = access::overview(&state, auth.actor(), q.year()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("st-title"), views::overview(ctx, &o, can_edit(&auth))))
}

// ---------------------------------------------------------------------------------------------
// Years

/// GET /structure/years — every year, and the form of a new one.
async fn years(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let years = access::years_list(&state, auth.actor()).await?;
    let form = YearForm::of(&access::next_year(&years, auth.ctx.today()));
    let ctx = &auth.ctx;
    let body = views_years::years_list(ctx, &years, &form, &FieldErrors::default(), can_edit(&auth));
    Ok(respond(ctx, &ctx.t("st-years-title"), body))
}

/// POST /structure/years — creates a year with default periods and schemes.
async fn create_year(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let form = YearForm::from_pairs(&form);
    match access::create_year(&state, auth.actor(), form.clone()).await {
        Ok(id) => Ok(flash_redirect(&format!("/structure/years/{id}"), "st-year-created", &state)),
        Err(AppError::Invalid(errors)) => {
            let years = access::years_list(&state, auth.actor()).await?;
            let ctx = &auth.ctx;
            let body = views_years::years_list(ctx, &years, &form, &errors, true);
            Ok(refused(ctx, &ctx.t("st-years-title"), body))
        }
        Err(e) => Err(e),
    }
}

/// The year page, with one of its forms refused.
async fn year_refused(
    state: &AppState,
    auth: &Auth,
    id: YearId,
    edits: YearEdits,
) -> Result<Response, AppError> {
    let page = access::year_page(state, auth.actor(), id).await?;
    let ctx = &auth.ctx;
    Ok(refused(ctx, &page.year.name, views_years::year_page(ctx, &page, &edits, true)))
}

/// GET /structure/years/{id} — dates, periods, schemes of parallels, holidays.
async fn year(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let page = access::year_page(&state, auth.actor(), id(&raw)?).await?;
    let ctx = &auth.ctx;
    Ok(respond(
        ctx,
        &page.year.name,
        views_years::year_page(ctx, &page, &YearEdits::default(), can_edit(&auth)),
    ))
}

/// POST /structure/years/{id} — the name and dates of a year.
async fn update_year(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id: YearId = id(&raw)?;
    let form = YearForm::from_pairs(&form);
    match access::update_year(&state, auth.actor(), id, form.clone()).await {
        Ok(()) => Ok(flash_redirect(&format!("/structure/years/{id}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            year_refused(&state, &auth, id, YearEdits { year: Some((form, errors)), ..YearEdits::default() })
                .await
        }
        Err(e) => Err(e),
    }
}

/// POST /structure/years/{id}/current — makes the year the one shown by default.
async fn set_current_year(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: YearId = id(&raw)?;
    access::set_current_year(&state, auth.actor(), id).await?;
    Ok(flash_redirect(&format!("/structure/years/{id}"), "flash-saved", &state))
}

/// POST /structure/years/{id}/close — the year becomes read-only.
async fn close_year(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: YearId = id(&raw)?;
    access::close_year(&state, auth.actor(), id).await?;
    Ok(flash_redirect(&format!("/structure/years/{id}"), "st-year-closed-done", &state))
}

/// POST /structure/years/{id}/periods/{scheme} — the dates of one scheme's periods.
async fn set_periods(
    State(state): State<AppState>,
    auth: Auth,
    Path((raw, scheme)): Path<(String, String)>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id: YearId = id(&raw)?;
    let scheme = Scheme::from_key(&scheme).ok_or(AppError::NotFound)?;
    let form = PeriodsForm::from_pairs(&form, scheme);
    match access::set_periods(&state, auth.actor(), id, scheme, form.clone()).await {
        Ok(()) => Ok(flash_redirect(
            &format!("/structure/years/{id}#periods-{}", scheme.key()),
            "flash-saved",
            &state,
        )),
        Err(AppError::Invalid(errors)) => {
            let edits = YearEdits { periods: Some((scheme, form, errors)), ..YearEdits::default() };
            year_refused(&state, &auth, id, edits).await
        }
        Err(e) => Err(e),
    }
}

/// POST /structure/years/{id}/schemes — which scheme each parallel uses.
async fn set_grade_schemes(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id: YearId = id(&raw)?;
    access::set_grade_schemes(&state, auth.actor(), id, forms::grade_schemes(&form)).await?;
    Ok(flash_redirect(&format!("/structure/years/{id}#schemes"), "flash-saved", &state))
}

/// POST /structure/years/{id}/holidays — adds a holiday.
async fn add_holiday(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id: YearId = id(&raw)?;
    let form = HolidayForm::from_pairs(&form);
    match access::add_holiday(&state, auth.actor(), id, form.clone()).await {
        Ok(()) => Ok(flash_redirect(&format!("/structure/years/{id}#holidays"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            year_refused(
                &state,
                &auth,
                id,
                YearEdits { holiday: Some((form, errors)), ..YearEdits::default() },
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// POST /structure/holidays/{id}/delete
async fn delete_holiday(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let year = access::delete_holiday(&state, auth.actor(), id::<HolidayId>(&raw)?).await?;
    Ok(flash_redirect(&format!("/structure/years/{year}#holidays"), "st-deleted", &state))
}
