//! Handlers of the school card page (routes in `routes.rs`).

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::service_school as service;
use super::views_school as views;
use crate::error::AppError;
use crate::school::model::{Rounding, SchoolCard};
use crate::state::AppState;
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

/// GET /admin/school
pub(super) async fn card(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    service::authorize_edit(&state, &auth.actor()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("school-title"), views::card(ctx, &state.school(), &FieldErrors::default(), true)))
}

/// POST /admin/school
pub(super) async fn save(
    State(state): State<AppState>,
    auth: Auth,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Response, AppError> {
    let typed = SchoolCard {
        full_name: form.get("full_name").into(),
        short_name: form.get("short_name").into(),
        address: form.get("address").into(),
        director: form.get("director").into(),
        phone: form.get("phone").into(),
        email: form.get("email").into(),
        website: form.get("website").into(),
        time_zone: form.get("time_zone").into(),
        logo: state.school().logo,
        rounding: Rounding::from_key(form.get("rounding")).unwrap_or_default(),
    };
    match service::save(&state, auth.actor(), typed.clone()).await {
        Ok(()) => Ok(flash_redirect("/admin/school", "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            let ctx = &auth.ctx;
            let body = views::card(ctx, &typed, &errors, true);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, &ctx.t("school-title"), body)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// POST /admin/school/logo?_csrf=… — multipart upload of the logo.
pub(super) async fn upload_logo(
    State(state): State<AppState>,
    auth: Auth,
    request: Request,
) -> Result<Response, AppError> {
    // Ask before touching the upload: a refused caller gets 403, whatever they sent.
    service::authorize_edit(&state, &auth.actor()).await?;
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|_| AppError::BadRequest("error-bad-request"))?;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() == Some("logo") {
            let name = crate::web::upload::clean_name(field.file_name().unwrap_or("logo"));
            let data = field.bytes().await.map_err(multipart_error)?;
            if !data.is_empty() {
                file = Some((name, data.to_vec()));
            }
        }
    }
    let file = file.ok_or(AppError::BadRequest("school-logo-missing"))?;
    service::set_logo(&state, auth.actor(), Some(file)).await?;
    Ok(flash_redirect("/admin/school", "flash-saved", &state))
}

/// An upload that broke off or went over the limit.
fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest("error-bad-request")
    }
}

/// POST /admin/school/logo/delete
pub(super) async fn delete_logo(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    service::set_logo(&state, auth.actor(), None).await?;
    Ok(flash_redirect("/admin/school", "flash-saved", &state))
}

/// GET /school/logo — public, so the sign-in page can show it.
pub(super) async fn logo(State(state): State<AppState>) -> Result<Response, AppError> {
    let (mime, data) = service::logo(&state).await?;
    let mut response = data.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&mime).map_err(|e| AppError::Internal(e.into()))?);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(response)
}
