//! Routes of the calendar feed: the settings page (signed in), and the feed itself, which a
//! phone fetches without a session — the secret address is its only credential.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::views::{self, Page};
use super::{feed, service};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar", get(page).post(create))
        .route("/calendar/revoke", post(revoke))
        .route("/calendar/{file}", get(fetch))
}

/// GET /calendar — what the feed holds, its address's state, how to subscribe.
async fn page(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let feed = service::status(&state, auth.actor()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("cal-title"), views::page(ctx, &Page { feed, fresh: None })))
}

/// POST /calendar — a new address (the old one stops), shown this once.
async fn create(State(state): State<AppState>, auth: Auth, headers: HeaderMap) -> Result<Response, AppError> {
    let (token, feed) = service::create(&state, auth.actor()).await?;
    let fresh = service::addresses(&service::base_url(&state, &headers), &token);
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("cal-title"), views::page(ctx, &Page { feed: Some(feed), fresh: Some(fresh) })))
}

/// POST /calendar/revoke — the address stops at once.
async fn revoke(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    service::revoke(&state, auth.actor()).await?;
    Ok(flash_redirect("/calendar", "cal-flash-revoked", &state))
}

/// GET /calendar/{token}.ics — the feed. Anything but a live address is «not found».
async fn fetch(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    if !service::looks_like_token(token) {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now();
    let fetched = feed::fetch(&state, token.to_string(), now).await?.ok_or(AppError::NotFound)?;
    if service::due_for_touch(&fetched.feed, now.timestamp()) {
        let hash = fetched.feed.token_hash.clone();
        if let Err(e) = service::touch(&state, fetched.user, hash, now.timestamp()).await {
            tracing::warn!(error = %e, "could not record a calendar fetch");
        }
    }
    let mut response = fetched.text.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=900"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline; filename=\"parta.ics\""));
    h.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}
