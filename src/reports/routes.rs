//! Routes of the reports.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;

use super::{quality, views};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::ctx::Auth;
use crate::web::form::Pairs;
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new().route("/reports/quality", get(quality_page))
}

/// GET /reports/quality?class=&period= — a class's quality and progress for a period.
async fn quality_page(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let class = match q.get("class") {
        "" => None,
        s => Some(s.parse().map_err(|_| AppError::NotFound)?),
    };
    let period = q.get("period").parse().ok();
    let actor = auth.actor();
    let page = state.store.read(move |tx| quality::class_quality(tx, &actor, class, period)).await?;
    Ok(respond(&auth.ctx, &auth.ctx.t("reports-quality-title"), views::quality(&auth.ctx, &page)))
}
