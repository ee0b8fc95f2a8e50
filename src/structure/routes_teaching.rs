//! Handlers of the teaching page (the route table is in `routes.rs`).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::access_teaching::{self as access, TeachingFilter};
use super::forms::{self, TeachingForm};
use super::routes::{YearQuery, can_edit, id, opt_id, refused};
use super::views_teaching;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{TeachingId, YearId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

/// The teaching page of `year`, filtered, with the add form as given.
async fn teaching_page(
    state: &AppState,
    auth: &Auth,
    year: Option<YearId>,
    filter: TeachingFilter,
    form: TeachingForm,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let page = access::teaching(state, auth.actor(), year, filter).await?;
    Ok(views_teaching::teaching(&auth.ctx, &page, &filter, &form, errors, can_edit(auth)))
}

/// GET /structure/teaching — the teaching of the viewed year, by class or teacher.
pub(super) async fn teaching(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let filter = TeachingFilter { class: opt_id(q.class.as_deref()), teacher: opt_id(q.teacher.as_deref()) };
    // The add form starts from the filter: the class or the teacher being looked at.
    let form = TeachingForm {
        taught: filter.class.map(|c| forms::Taught::Class(c).value()).unwrap_or_default(),
        teacher: filter.teacher.map(|t| t.to_string()).unwrap_or_default(),
        ..TeachingForm::default()
    };
    let body = teaching_page(&state, &auth, q.year(), filter, form, &FieldErrors::default()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("st-teaching-title"), body))
}

/// POST /structure/teaching — adds a teaching assignment to the year of the form.
pub(super) async fn add_teaching(
    State(state): State<AppState>,
    auth: Auth,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let year: Option<YearId> = opt_id(Some(pairs.get("year")));
    let form = TeachingForm::from_pairs(&pairs);
    match access::add_teaching(&state, auth.actor(), year, form.clone()).await {
        Ok(()) => {
            let to = format!("/structure/teaching?year={}", year.map(|y| y.0).unwrap_or_default());
            Ok(flash_redirect(&to, "flash-saved", &state))
        }
        Err(AppError::Invalid(errors)) => {
            let body = teaching_page(&state, &auth, year, TeachingFilter::default(), form, &errors).await?;
            let ctx = &auth.ctx;
            Ok(refused(ctx, &ctx.t("st-teaching-title"), body))
        }
        Err(e) => Err(e),
    }
}

/// POST /structure/teaching/{id}/delete
pub(super) async fn delete_teaching(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let year = access::delete_teaching(&state, auth.actor(), id::<TeachingId>(&raw)?).await?;
    Ok(flash_redirect(&format!("/structure/teaching?year={year}"), "st-deleted", &state))
}
