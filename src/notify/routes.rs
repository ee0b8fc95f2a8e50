//! Routes of the notices: the list, marking all read, opening one (marks it read and goes to
//! what it is about), and the unread-count badge the navigation loads. Every signed-in account
//! reaches only its own notices.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::{service, views};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::NoticeId;
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notices", get(list))
        .route("/notices/read", post(read_all))
        .route("/notices/badge", get(badge))
        .route("/notices/{id}", get(open))
}

/// GET /notices — the account's notices, newest first.
async fn list(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let me = auth.me.id;
    let (notices, unread) = state
        .store
        .read(move |tx| Ok::<_, AppError>((service::list(tx, me)?, service::unread_count(tx, me)?)))
        .await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("notices-title"), views::page(ctx, &notices, unread)))
}

/// POST /notices/read — marks every notice read.
async fn read_all(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let me = auth.me.id;
    state.store.write(move |tx| Ok::<_, AppError>(service::mark_all_read(tx, me)?)).await?;
    Ok(flash_redirect("/notices", "notices-flash-read", &state))
}

/// GET /notices/{id} — marks the notice read and goes where it leads.
async fn open(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id: NoticeId = id.parse().map_err(|_| AppError::NotFound)?;
    let me = auth.me.id;
    let notice = state.store.write(move |tx| Ok::<_, AppError>(service::open(tx, me, id)?)).await?;
    let notice = notice.ok_or(AppError::NotFound)?;
    let to = crate::web::middleware::safe_next(Some(notice.link.as_str()).filter(|l| !l.is_empty()));
    let to = if to == "/" { "/notices" } else { to };
    Ok(Redirect::to(to).into_response())
}

/// GET /notices/badge — the unread count, a fragment for the navigation.
async fn badge(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let me = auth.me.id;
    let unread = state.store.read(move |tx| Ok::<_, AppError>(service::unread_count(tx, me)?)).await?;
    let mut response = views::badge(&auth.ctx, unread).into_response();
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("HX-Request"));
    Ok(response)
}
