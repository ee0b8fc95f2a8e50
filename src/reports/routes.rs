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
use crate::web::upload::attachment;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/quality", get(quality_page))
        .route("/reports/quality.xlsx", get(quality_xlsx))
        .route("/reports/quality.csv", get(quality_csv))
}

async fn load(state: &AppState, auth: &Auth, q: &Pairs) -> Result<quality::Quality, AppError> {
    let class = match q.get("class") {
        "" => None,
        s => Some(s.parse().map_err(|_| AppError::NotFound)?),
    };
    let period = q.get("period").parse().ok();
    let actor = auth.actor();
    state.store.read(move |tx| quality::class_quality(tx, &actor, class, period)).await
}

fn file_name(q: &quality::Quality, ext: &str) -> String {
    let class = q.class.as_ref().map(|(_, n)| n.as_str()).unwrap_or("school");
    let period = q.period.as_ref().map(|(_, p)| p.number).unwrap_or(0);
    format!("kachestvo-{class}-{period}.{ext}")
}

/// GET /reports/quality.xlsx?class=&period=
async fn quality_xlsx(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let page = load(&state, &auth, &q).await?;
    let bytes = views::quality_table(&auth.ctx, &page).to_xlsx(&auth.ctx.t("reports-quality-sheet"))?;
    Ok(attachment(&file_name(&page, "xlsx"), bytes))
}

/// GET /reports/quality.csv?class=&period=
async fn quality_csv(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let page = load(&state, &auth, &q).await?;
    let bytes = views::quality_table(&auth.ctx, &page).to_csv()?;
    Ok(attachment(&file_name(&page, "csv"), bytes))
}

/// GET /reports/quality?class=&period= — a class's quality and progress for a period.
async fn quality_page(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let page = load(&state, &auth, &q).await?;
    Ok(respond(&auth.ctx, &auth.ctx.t("reports-quality-title"), views::quality(&auth.ctx, &page)))
}
