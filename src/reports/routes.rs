//! Routes of the reports: the catalogue, and every report on screen, as XLSX and as CSV.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;

use super::catalog::{self, Kind};
use super::filters::{Asked, Choices, Scope};
use super::model::Report;
use super::table::{to_csv, to_xlsx};
use super::views;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::ctx::Auth;
use crate::web::form::Pairs;
use crate::web::i18n::long_date;
use crate::web::layout::respond;
use crate::web::upload::attachment;

pub fn routes() -> Router<AppState> {
    Router::new().route("/reports", get(catalogue)).route("/reports/{file}", get(report))
}

/// GET /reports — the catalogue of the reports the user has, with the box of reports to hand in.
async fn catalogue(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let actor = auth.actor();
    let (kinds, children) = state
        .store
        .read(move |tx| {
            Ok::<_, AppError>((catalog::offered_kinds(tx, &actor)?, catalog::children_of_staff(tx, &actor)?))
        })
        .await?;
    let extra = super::submit::routes::catalogue_box(&state, &auth).await?;
    let page = views::catalogue(&auth.ctx, &kinds, &children, extra);
    Ok(respond(&auth.ctx, &auth.ctx.t("reports-nav"), page))
}

/// Builds a report for the query string.
pub async fn load(
    state: &AppState,
    auth: &Auth,
    kind: Kind,
    q: &Pairs,
) -> Result<(Report, Choices, Scope), AppError> {
    let asked = Asked::parse(q)?;
    let actor = auth.actor();
    let lang = auth.ctx.lang;
    let school = auth.ctx.school.short_name.clone();
    state.store.read(move |tx| catalog::build(tx, &actor, lang, &school, kind, &asked)).await
}

/// The file name: «kachestvo-5А-2026-11-28.xlsx».
pub fn file_name(r: &Report, ext: &str) -> String {
    let what: String = r
        .subtitle
        .first()
        .map(|s| s.split(" · ").next().unwrap_or_default().replace(' ', "_"))
        .unwrap_or_default();
    format!("{}-{what}-{}.{ext}", r.kind.slug(), r.made)
}

/// A report as a file.
pub fn file(auth: &Auth, r: &Report, ext: &str) -> Result<Response, AppError> {
    let made = format!("{} {}", auth.ctx.t("reports-made"), long_date(auth.ctx.lang, r.made));
    let sheets = r.sheets(&made);
    let bytes = match ext {
        "xlsx" => to_xlsx(&sheets, &r.title)?,
        _ => to_csv(&sheets)?,
    };
    Ok(attachment(&file_name(r, ext), bytes))
}

/// GET /reports/{slug}, /reports/{slug}.xlsx, /reports/{slug}.csv — one report, with filters
/// in the query string.
async fn report(
    State(state): State<AppState>,
    auth: Auth,
    Path(file_path): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let (slug, ext) = match file_path.rsplit_once('.') {
        Some((slug, ext @ ("xlsx" | "csv"))) => (slug, Some(ext)),
        Some(_) => return Err(AppError::NotFound),
        None => (file_path.as_str(), None),
    };
    let kind = Kind::from_slug(slug).ok_or(AppError::NotFound)?;
    let (report, choices, scope) = load(&state, &auth, kind, &q).await?;
    match ext {
        Some(ext) => file(&auth, &report, ext),
        None => {
            // The hand-in form, when the viewer owes exactly this report.
            let extra = super::submit::routes::report_extra(&state, &auth, kind, &scope).await?;
            Ok(respond(&auth.ctx, &report.title, views::page(&auth.ctx, &report, &choices, &scope, extra)))
        }
    }
}
