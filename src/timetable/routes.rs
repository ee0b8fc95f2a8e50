//! Routes of the timetable: the index, bells, class/teacher/room/student weeks, the editor of
//! a class's weekly versions, and the changes of a day. Handlers parse, call one service or
//! query, and render.

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;

use super::bells::{BellsForm, save_bells_as};
use super::changes::{ChangeForm, add_change_as, delete_change_as};
use super::queries::{self, Index};
use super::service::{EditError, Problems, WeekForm, delete_version_as, parse_date, save_version_as};
use super::week::{Who, week};
use super::{views, views_changes, views_edit, views_week};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ChangeId, ClassId, UserId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::Pairs;
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/timetable", get(index))
        .route("/timetable/bells", get(bells).post(save_bells))
        .route("/timetable/classes/{class}", get(class_week))
        .route("/timetable/classes/{class}/edit", get(edit))
        .route("/timetable/classes/{class}/versions", post(save_version))
        .route("/timetable/classes/{class}/versions/{date}/delete", post(delete_version))
        .route("/timetable/teachers/{user}", get(teacher_week))
        .route("/timetable/rooms/{room}", get(room_week))
        .route("/timetable/students/{student}", get(student_week))
        .route("/timetable/changes", get(changes).post(add_change))
        .route("/timetable/changes/{class}/{date}/{id}/delete", post(delete_change))
}

fn id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn date(raw: &str) -> Result<NaiveDate, AppError> {
    parse_date(raw).ok_or(AppError::NotFound)
}

/// The day a `?week=` or `?date=` names; today when absent or unreadable.
fn day_of(q: &Pairs, name: &str, auth: &Auth) -> NaiveDate {
    parse_date(q.get(name)).unwrap_or_else(|| auth.ctx.today())
}

/// Refused input comes back as the form (422); anything else is an error page.
fn refused<T>(r: Result<T, EditError>) -> Result<Result<T, Problems>, AppError> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(EditError::Invalid(p)) => Ok(Err(p)),
        Err(EditError::App(e)) => Err(e),
    }
}

fn unprocessable(page: Response) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// GET /timetable — staff choose a class, a teacher or a room; a parent a child; a student
/// goes to their own week.
async fn index(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    match queries::index(&state, auth.actor()).await? {
        Index::Redirect(to) => Ok(Redirect::to(&to).into_response()),
        Index::Page(page) => Ok(respond(&auth.ctx, &auth.ctx.t("tt-title"), views::index(&auth.ctx, &page))),
    }
}

/// GET /timetable/bells — the bells of each shift (a form for editors).
async fn bells(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let page = queries::bells_page(&state, auth.actor()).await?;
    let form = BellsForm::of(&page.shifts);
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("tt-bells-title"), views::bells(ctx, &page, &form, &Problems::default())))
}

/// POST /timetable/bells — new bells of shifts 1 and 2.
async fn save_bells(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let typed = BellsForm::from_pairs(&form);
    match refused(save_bells_as(&state, auth.actor(), typed.clone()).await)? {
        Ok(()) => Ok(flash_redirect("/timetable/bells", "flash-saved", &state)),
        Err(problems) => {
            let page = queries::bells_page(&state, auth.actor()).await?;
            let ctx = &auth.ctx;
            Ok(unprocessable(respond(
                ctx,
                &ctx.t("tt-bells-title"),
                views::bells(ctx, &page, &typed, &problems),
            )))
        }
    }
}

async fn week_response(
    state: &AppState,
    auth: &Auth,
    who: Who,
    day: NaiveDate,
) -> Result<Response, AppError> {
    let page = week(state, auth.actor(), who, day).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &views_week::title(ctx, &page), views_week::week_page(ctx, &page)))
}

/// GET /timetable/classes/{class}?week=YYYY-MM-DD — the class's week and its versions.
async fn class_week(
    State(state): State<AppState>,
    auth: Auth,
    Path(class): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let day = day_of(&q, "week", &auth);
    week_response(&state, &auth, Who::Class(id(&class)?), day).await
}

/// GET /timetable/teachers/{user}?week= — a teacher's lessons in every class, substitutions
/// included.
async fn teacher_week(
    State(state): State<AppState>,
    auth: Auth,
    Path(user): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let day = day_of(&q, "week", &auth);
    week_response(&state, &auth, Who::Teacher(id::<UserId>(&user)?), day).await
}

/// GET /timetable/rooms/{room}?week= — what takes place in a room (the name URL-encoded).
async fn room_week(
    State(state): State<AppState>,
    auth: Auth,
    Path(room): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let day = day_of(&q, "week", &auth);
    week_response(&state, &auth, Who::Room(room.trim().to_string()), day).await
}

/// GET /timetable/students/{student}?week= — the lessons a student follows.
async fn student_week(
    State(state): State<AppState>,
    auth: Auth,
    Path(student): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let day = day_of(&q, "week", &auth);
    week_response(&state, &auth, Who::Student(id::<UserId>(&student)?), day).await
}

/// GET /timetable/classes/{class}/edit?from=YYYY-MM-DD — a new version of the class's week,
/// prefilled from the version in force on `from`.
async fn edit(
    State(state): State<AppState>,
    auth: Auth,
    Path(class): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let class = id::<ClassId>(&class)?;
    let page = queries::edit_page(&state, auth.actor(), class, parse_date(q.get("from")), None).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &views_edit::title(ctx, &page), views_edit::edit_page(ctx, &page, &Problems::default())))
}

/// POST /timetable/classes/{class}/versions — saves the week from `from`.
async fn save_version(
    State(state): State<AppState>,
    auth: Auth,
    Path(class): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let class = id::<ClassId>(&class)?;
    let typed = WeekForm::from_pairs(&form);
    match refused(save_version_as(&state, auth.actor(), class, typed.clone()).await)? {
        Ok(from) => Ok(flash_redirect(
            &format!("/timetable/classes/{class}?week={from}"),
            "tt-flash-version-saved",
            &state,
        )),
        Err(problems) => {
            let page = queries::edit_page(&state, auth.actor(), class, None, Some(typed)).await?;
            let ctx = &auth.ctx;
            let body = views_edit::edit_page(ctx, &page, &problems);
            Ok(unprocessable(respond(ctx, &views_edit::title(ctx, &page), body)))
        }
    }
}

/// POST /timetable/classes/{class}/versions/{date}/delete — removes a version not yet begun.
async fn delete_version(
    State(state): State<AppState>,
    auth: Auth,
    Path((class, from)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let class = id::<ClassId>(&class)?;
    delete_version_as(&state, auth.actor(), class, date(&from)?).await?;
    Ok(flash_redirect(&format!("/timetable/classes/{class}"), "tt-flash-deleted", &state))
}

/// GET /timetable/changes?date=D[&class=C] — the changes of a day; the form offers the chosen
/// class's lessons that day.
async fn changes(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let day = day_of(&q, "date", &auth);
    let class = q.get("class").parse::<ClassId>().ok();
    let page = queries::changes_page(&state, auth.actor(), day, class).await?;
    let form = ChangeForm::from_pairs(&q);
    let ctx = &auth.ctx;
    let body = views_changes::changes_page(ctx, &page, &form, &Problems::default());
    Ok(respond(ctx, &views_changes::title(ctx, &page), body))
}

/// POST /timetable/changes — adds a cancellation, substitution, move or added lesson.
async fn add_change(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let typed = ChangeForm::from_pairs(&form);
    match refused(add_change_as(&state, auth.actor(), auth.ctx.lang, typed.clone()).await)? {
        Ok(day) => {
            Ok(flash_redirect(&format!("/timetable/changes?date={day}"), "tt-flash-change-saved", &state))
        }
        Err(problems) => {
            let day = parse_date(&typed.date).unwrap_or_else(|| auth.ctx.today());
            let class = typed.class.parse::<ClassId>().ok();
            let page = queries::changes_page(&state, auth.actor(), day, class).await?;
            let ctx = &auth.ctx;
            let body = views_changes::changes_page(ctx, &page, &typed, &problems);
            Ok(unprocessable(respond(ctx, &views_changes::title(ctx, &page), body)))
        }
    }
}

/// POST /timetable/changes/{class}/{date}/{id}/delete — removes a change.
async fn delete_change(
    State(state): State<AppState>,
    auth: Auth,
    Path((class, day, change)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let day = date(&day)?;
    delete_change_as(&state, auth.actor(), id::<ClassId>(&class)?, day, id::<ChangeId>(&change)?).await?;
    Ok(flash_redirect(&format!("/timetable/changes?date={day}"), "tt-flash-deleted", &state))
}
