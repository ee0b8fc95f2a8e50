//! Routes of the diary (students and parents) and of the class chief's views of a class:
//! progress in every subject and the day's attendance with reasons.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::rules::{ReasonForm, day_or, diary_day};
use super::{attendance, marks, progress, views_attendance, views_marks, views_progress, views_week, week};
use crate::auth::model::Role;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, PeriodId, UserId};
use crate::web::ctx::Auth;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/diary", get(my_diary))
        .route("/diary/{id}", get(diary_week))
        .route("/diary/{id}/marks", get(diary_marks))
        .route("/classes/{id}/progress", get(class_progress))
        .route("/classes/{id}/attendance", get(class_day))
        .route("/classes/{id}/attendance/reasons", post(set_reason))
}

fn user_id(raw: &str) -> Result<UserId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn class_id(raw: &str) -> Result<ClassId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// GET /diary — a student's own diary, a parent's first child's; staff open diaries from the
/// class pages.
async fn my_diary(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let me = &auth.me;
    if me.user.has(Role::Student) {
        return Ok(Redirect::to(&format!("/diary/{}", me.id)).into_response());
    }
    if me.user.has(Role::Parent) {
        let id = me.id;
        let children = state.store.read(move |tx| crate::people::service::children_of(tx, id)).await?;
        if let Some(first) = children.first() {
            return Ok(Redirect::to(&format!("/diary/{first}")).into_response());
        }
    }
    Err(AppError::NotFound)
}

#[derive(Deserialize)]
struct WeekQuery {
    week: Option<String>,
}

/// GET /diary/{student}?week=YYYY-MM-DD — the week containing that day.
async fn diary_week(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, AppError> {
    let id = user_id(&id)?;
    let today = auth.ctx.today();
    let v = week::week(&state, auth.actor(), id, diary_day(q.week.as_deref(), today)).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &format!("{} — {}", ctx.t("diary-title"), v.name), views_week::page(ctx, &v, today)))
}

#[derive(Deserialize)]
struct PeriodQuery {
    period: Option<String>,
}

fn period_id(q: &PeriodQuery) -> Option<PeriodId> {
    q.period.as_deref().and_then(|p| p.parse().ok())
}

/// GET /diary/{student}/marks?period={id} — every mark of the period by subject.
async fn diary_marks(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let id = user_id(&id)?;
    let v = marks::marks(&state, auth.actor(), id, period_id(&q)).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &format!("{} — {}", ctx.t("diary-marks-title"), v.name), views_marks::page(ctx, &v)))
}

/// GET /classes/{class}/progress?period={id} — the class's marks in every subject.
async fn class_progress(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let id = class_id(&id)?;
    let v = progress::progress(&state, auth.actor(), id, period_id(&q)).await?;
    let ctx = &auth.ctx;
    let title = ctx.t_args("diary-progress-title", &[("class", v.class_name.clone().into())]);
    Ok(respond(ctx, &title, views_progress::page(ctx, &v)))
}

#[derive(Deserialize)]
struct DayQuery {
    date: Option<String>,
    changed: Option<i64>,
    /// The student the reason form starts with.
    student: Option<String>,
}

/// GET /classes/{class}/attendance?date=D — the class's day; `changed` reports a saved reason,
/// `student` chooses whom the reason form is for.
async fn class_day(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<DayQuery>,
) -> Result<Response, AppError> {
    let id = class_id(&id)?;
    let date = day_or(q.date.as_deref(), auth.ctx.today());
    let v = attendance::day(&state, auth.actor(), id, date).await?;
    let ctx = &auth.ctx;
    let title = ctx.t_args("diary-day-title", &[("class", v.class_name.clone().into())]);
    let form = ReasonForm { student: q.student.unwrap_or_default(), ..ReasonForm::default() };
    Ok(respond(ctx, &title, views_attendance::page(ctx, &v, &form, &FieldErrors::default(), q.changed)))
}

/// POST /classes/{class}/attendance/reasons — a reason for a student's absences; back to the
/// day with how many lessons changed, or the form again (422) with what was typed.
async fn set_reason(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = class_id(&id)?;
    let typed = ReasonForm {
        student: form.get("student").into(),
        code: form.get("code").into(),
        from: form.get("from").into(),
        to: form.get("to").into(),
        lesson: form.get("lesson").into(),
        fill: !form.get("fill").is_empty(),
    };
    let page_day = day_or(Some(form.get("date")), auth.ctx.today());
    match attendance::set_reason(&state, auth.actor(), id, typed.clone()).await {
        Ok(n) => {
            let to = format!("/classes/{id}/attendance?date={page_day}&changed={n}");
            Ok(Redirect::to(&to).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let v = attendance::day(&state, auth.actor(), id, page_day).await?;
            let ctx = &auth.ctx;
            let title = ctx.t_args("diary-day-title", &[("class", v.class_name.clone().into())]);
            let page = respond(ctx, &title, views_attendance::page(ctx, &v, &typed, &errors, None));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
