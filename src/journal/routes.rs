//! Routes of the journal: the list, the grid and its cells, final marks, the change log, and
//! closing periods. The lesson panel's routes are in `routes_lesson.rs`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;

use super::finals::{self, FinalForm};
use super::model::{FinalKind, LessonKey};
use super::service::{self, CellForm, Now, WriteError};
use super::views::{self, TdOpts, Titles, td};
use super::views_grid::{self, column_id, final_td, totals};
use super::{lessons, list, periods, queries, views_finals, views_lesson, views_log};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, LogId, PeriodId, TeachingId};
use crate::web::ctx::{Auth, Ctx};
use crate::web::flash_redirect;
use crate::web::form::Pairs;
use crate::web::i18n::Arg;
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/journal", get(journals))
        .route("/journal/{id}", get(grid))
        .route("/journal/{id}/cell", post(cell))
        .route("/journal/{id}/finals", get(finals_page).post(final_mark))
        .route("/journal/{id}/log", get(log))
        .route("/periods", get(periods_page))
        .route("/periods/{id}/close", post(close_period))
        .route("/periods/{id}/reopen", post(reopen_period))
        .merge(super::routes_lesson::routes())
}

pub(super) fn teaching_id(raw: &str) -> Result<TeachingId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    class: Option<String>,
}

/// GET /journal — the viewer's journals; `?class=` picks a class for the administration.
async fn journals(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let class = q.class.and_then(|c| c.parse::<ClassId>().ok());
    let l = list::journals(&state, auth.actor(), class).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("journal-title"), views::list(ctx, &l)))
}

#[derive(Deserialize)]
struct GridQuery {
    #[serde(default)]
    period: Option<String>,
    /// A lesson whose panel opens beside the grid.
    #[serde(default)]
    lesson: Option<String>,
}

/// GET /journal/{id}?period={period}&lesson={lesson} — the grid of a period (by default the
/// one containing today, else the last started), with a lesson's panel open.
async fn grid(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<GridQuery>,
) -> Result<Response, AppError> {
    let id = teaching_id(&id)?;
    let wanted = q.period.and_then(|p| p.parse::<PeriodId>().ok());
    let key = q.lesson.and_then(|s| LessonKey::parse_slug(id, &s));
    let g = queries::grid(&state, auth.actor(), id, wanted, key.map(|k| k.date)).await?;
    let ctx = &auth.ctx;
    let Some(g) = g else {
        return Ok(respond(
            ctx,
            &ctx.t("journal-title"),
            html! { p.empty { (ctx.t("journal-no-periods")) } },
        ));
    };
    let panel = match key {
        Some(k) => match lessons::panel(&state, auth.actor(), k).await {
            Ok(p) => Some(views_lesson::panel(ctx, &p, &views_lesson::PanelForms::default())),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    Ok(respond(ctx, &g.head.title(), views_grid::page(ctx, &g, panel)))
}

/// «Пока вы вводили, …»: what a conflicting cell holds now.
fn conflict_message(ctx: &Ctx, now: &Now) -> String {
    let label = now.cell.value.label();
    match now.cell.who {
        Some((by, at)) => ctx.t_args(
            "journal-conflict",
            &[
                ("who", Arg::from(now.names.get(&by).cloned().unwrap_or_default())),
                ("when", Arg::from(ctx.date_time(at))),
                ("value", Arg::from(if label.is_empty() { "—".to_string() } else { label })),
            ],
        ),
        None => ctx.t("journal-conflict-cleared"),
    }
}

fn fragment(status: StatusCode, markup: Markup) -> Response {
    (status, markup).into_response()
}

/// POST /journal/{id}/cell — fields `lesson` (slug «2026-11-02.3»), `student`, `a` (the
/// assignment), `value`, `was`. Answers the cell (200) with the row's totals swapped out of
/// band, or the cell with the typed value and a message (422 refused, 409 changed meanwhile).
async fn cell(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = teaching_id(&id)?;
    let f = CellForm {
        lesson: form.get("lesson").into(),
        student: form.get("student").into(),
        a: form.get("a").into(),
        value: form.get("value").into(),
        was: form.get("was").into(),
    };
    let ctx = &auth.ctx;
    let label_by = Some(format!(
        "s{} {}",
        f.student.trim(),
        column_id(f.lesson.trim(), f.a.trim().parse().unwrap_or(0))
    ));
    match service::write_cell(&state, auth.actor(), id, f.clone()).await {
        Ok(r) => {
            let titles = Titles::new(ctx, &r.names);
            Ok(fragment(
                StatusCode::OK,
                html! {
                    (td(&r.cell, &titles, TdOpts { label_by, saved: true, ..TdOpts::default() }))
                    @if let Some((period, t)) = &r.totals {
                        (totals(r.student, t, &titles, *period, r.finals_editable, true))
                    }
                },
            ))
        }
        Err(WriteError::Refused(key)) => {
            let cell = queries::CellData::default();
            let o = TdOpts {
                label_by,
                typed: Some(&f.value),
                was: Some(f.was.clone()),
                msg: Some(ctx.t(key)),
                ..TdOpts::default()
            };
            Ok(fragment(StatusCode::UNPROCESSABLE_ENTITY, td(&cell, &Titles::new(ctx, &HashMap::new()), o)))
        }
        Err(WriteError::Conflict(now)) => {
            let o = TdOpts {
                label_by,
                typed: Some(&f.value),
                was: Some(now.cell.value.label()),
                msg: Some(conflict_message(ctx, &now)),
                ..TdOpts::default()
            };
            Ok(fragment(StatusCode::CONFLICT, td(&now.cell, &Titles::new(ctx, &now.names), o)))
        }
        Err(WriteError::App(e)) => Err(e),
    }
}

/// GET /journal/{id}/finals — final marks: each period, the year, the exam, the final.
async fn finals_page(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = teaching_id(&id)?;
    let page = finals::page(&state, auth.actor(), id).await?;
    let ctx = &auth.ctx;
    let title = format!("{} — {}", page.head.title(), ctx.t("journal-tab-finals"));
    Ok(respond(ctx, &title, views_finals::finals(ctx, &page)))
}

/// POST /journal/{id}/finals — fields `student`, `kind` (`p12`, `year`, `exam`, `final`),
/// `value`, `was`. Answers the cell like the grid's cells do.
async fn final_mark(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = teaching_id(&id)?;
    let f = FinalForm {
        student: form.get("student").into(),
        kind: form.get("kind").into(),
        value: form.get("value").into(),
        was: form.get("was").into(),
    };
    let ctx = &auth.ctx;
    let student = f.student.trim().parse().unwrap_or(crate::store::ids::UserId(0));
    let kind = FinalKind::parse_slug(f.kind.trim()).unwrap_or(FinalKind::Final);
    match finals::write(&state, auth.actor(), id, f.clone()).await {
        Ok(r) => {
            let o = TdOpts { saved: true, ..TdOpts::default() };
            Ok(fragment(
                StatusCode::OK,
                final_td(
                    r.student,
                    r.kind,
                    &r.cell.data(),
                    &Titles::new(ctx, &r.names),
                    true,
                    r.cell.suggestion,
                    o,
                ),
            ))
        }
        Err(WriteError::Refused(key)) => {
            let o = TdOpts {
                typed: Some(&f.value),
                was: Some(f.was.clone()),
                msg: Some(ctx.t(key)),
                ..TdOpts::default()
            };
            let cell = queries::CellData::default();
            Ok(fragment(
                StatusCode::UNPROCESSABLE_ENTITY,
                final_td(student, kind, &cell, &Titles::new(ctx, &HashMap::new()), true, None, o),
            ))
        }
        Err(WriteError::Conflict(now)) => {
            let o = TdOpts {
                typed: Some(&f.value),
                was: Some(now.cell.value.label()),
                msg: Some(conflict_message(ctx, &now)),
                ..TdOpts::default()
            };
            Ok(fragment(
                StatusCode::CONFLICT,
                final_td(student, kind, &now.cell, &Titles::new(ctx, &now.names), true, None, o),
            ))
        }
        Err(WriteError::App(e)) => Err(e),
    }
}

#[derive(Deserialize)]
struct LogQuery {
    #[serde(default)]
    before: Option<String>,
}

/// GET /journal/{id}/log?before={entry} — the change log, newest first, 200 a page.
async fn log(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<LogQuery>,
) -> Result<Response, AppError> {
    let id = teaching_id(&id)?;
    let before = q.before.and_then(|b| b.parse::<LogId>().ok());
    let page = list::log(&state, auth.actor(), id, before).await?;
    let ctx = &auth.ctx;
    let title = format!("{} — {}", page.head.title(), ctx.t("journal-tab-log"));
    Ok(respond(ctx, &title, views_log::log(ctx, &page)))
}

/// GET /periods — the current year's periods, to close and reopen.
async fn periods_page(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let page = periods::page(&state, auth.actor()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("journal-periods-title"), views_finals::periods(ctx, &page)))
}

async fn set_period(state: AppState, auth: Auth, id: String, closed: bool) -> Result<Response, AppError> {
    let id: PeriodId = id.parse().map_err(|_| AppError::NotFound)?;
    periods::set_closed(&state, auth.actor(), id, closed).await?;
    Ok(flash_redirect(
        "/periods",
        if closed { "journal-flash-closed" } else { "journal-flash-reopened" },
        &state,
    ))
}

/// POST /periods/{id}/close
async fn close_period(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    set_period(state, auth, id, true).await
}

/// POST /periods/{id}/reopen
async fn reopen_period(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    set_period(state, auth, id, false).await
}
