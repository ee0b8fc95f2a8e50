//! Routes of class events: the lists, one event, the class chief's form and actions, and a
//! parent's answer from the diary or the event page. Handlers parse, call one service or
//! page function (which asks `permit` in its transaction), and render.

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::rules::EventForm;
use super::service::{self, ReplyForm, list_day};
use super::{pages, pages_event};
use super::{views, views_event, views_form};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, EventId, UserId};
use crate::timetable::service::parse_date;
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(show).post(update))
        .route("/events/{id}/edit", get(edit))
        .route("/events/{id}/cancel", post(cancel))
        .route("/events/{id}/restore", post(restore))
        .route("/events/{id}/delete", post(delete))
        .route("/classes/{id}/events", get(class_events).post(create))
        .route("/classes/{id}/events/new", get(new))
        .route("/diary/{id}/reply", post(reply))
}

fn id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn unprocessable(page: Response) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// GET /events?class=&from= — the events the user may see, by week from `from` (this week).
async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let from = parse_date(q.get("from")).unwrap_or_else(|| auth.ctx.today());
    let class = q.get("class").parse::<ClassId>().ok();
    let page = pages::list(&state, auth.actor(), class, from).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &views::title(ctx, &page), views::list_page(ctx, &page)))
}

/// GET /classes/{class}/events?from= — a class's events by week, overlaps flagged.
async fn class_events(
    State(state): State<AppState>,
    auth: Auth,
    Path(class): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let from = parse_date(q.get("from")).unwrap_or_else(|| auth.ctx.today());
    let page = pages::of_class_page(&state, auth.actor(), id(&class)?, from).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &views::title(ctx, &page), views::list_page(ctx, &page)))
}

/// GET /events/{id} — one event.
async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(event): Path<String>,
) -> Result<Response, AppError> {
    let page = pages_event::event(&state, auth.actor(), id(&event)?).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &views_event::title(&page), views_event::page(ctx, &page, None)))
}

async fn form_response(
    state: &AppState,
    auth: &Auth,
    class: Option<ClassId>,
    event: Option<EventId>,
    form: Option<EventForm>,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let today = auth.ctx.today();
    let day = form.as_ref().map(|f| list_day(f, today)).unwrap_or(today);
    let (page, stored) = pages_event::form(state, auth.actor(), class, event, day).await?;
    let form = match (form, stored) {
        (Some(f), _) => f,
        (None, Some(e)) => EventForm::of(&e),
        (None, None) => EventForm::blank(today),
    };
    let ctx = &auth.ctx;
    Ok(respond(ctx, &views_form::title(ctx, &page), views_form::page(ctx, &page, &form, errors)))
}

/// GET /classes/{class}/events/new?date= — the form of a new event.
async fn new(
    State(state): State<AppState>,
    auth: Auth,
    Path(class): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let class = id::<ClassId>(&class)?;
    let form = parse_date(q.get("date")).map(EventForm::blank);
    form_response(&state, &auth, Some(class), None, form, &FieldErrors::default()).await
}

/// POST /classes/{class}/events — creates the event, or the form again (422).
async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Path(class): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    let class = id::<ClassId>(&class)?;
    let typed = EventForm::from_pairs(&f);
    match service::create_as(&state, auth.actor(), class, typed.clone()).await {
        Ok(event) => Ok(flash_redirect(&format!("/events/{event}"), "events-flash-created", &state)),
        Err(AppError::Invalid(errors)) => {
            Ok(unprocessable(form_response(&state, &auth, Some(class), None, Some(typed), &errors).await?))
        }
        Err(e) => Err(e),
    }
}

/// GET /events/{id}/edit — the form of a stored event.
async fn edit(
    State(state): State<AppState>,
    auth: Auth,
    Path(event): Path<String>,
) -> Result<Response, AppError> {
    let event = id::<EventId>(&event)?;
    form_response(&state, &auth, None, Some(event), None, &FieldErrors::default()).await
}

/// POST /events/{id} — saves the changes, or the form again (422).
async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(event): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    let event = id::<EventId>(&event)?;
    let typed = EventForm::from_pairs(&f);
    match service::update_as(&state, auth.actor(), event, typed.clone()).await {
        Ok(_) => Ok(flash_redirect(&format!("/events/{event}"), "events-flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            Ok(unprocessable(form_response(&state, &auth, None, Some(event), Some(typed), &errors).await?))
        }
        Err(e) => Err(e),
    }
}

/// POST /events/{id}/cancel — calls the event off; it stays, struck through.
async fn cancel(
    State(state): State<AppState>,
    auth: Auth,
    Path(event): Path<String>,
) -> Result<Response, AppError> {
    let event = id::<EventId>(&event)?;
    service::set_cancelled_as(&state, auth.actor(), event, true).await?;
    Ok(flash_redirect(&format!("/events/{event}"), "events-flash-cancelled", &state))
}

/// POST /events/{id}/restore — the event takes place after all.
async fn restore(
    State(state): State<AppState>,
    auth: Auth,
    Path(event): Path<String>,
) -> Result<Response, AppError> {
    let event = id::<EventId>(&event)?;
    service::set_cancelled_as(&state, auth.actor(), event, false).await?;
    Ok(flash_redirect(&format!("/events/{event}"), "events-flash-restored", &state))
}

/// POST /events/{id}/delete — removes the event and its answers.
async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(event): Path<String>,
) -> Result<Response, AppError> {
    let class = service::delete_as(&state, auth.actor(), id(&event)?).await?;
    Ok(flash_redirect(&format!("/classes/{class}/events"), "events-flash-deleted", &state))
}

/// POST /diary/{student}/reply — a parent's answer for their child (`event`, `answer` yes/no,
/// `note`); back to `back` (the diary week or the event), or the event page again (422).
async fn reply(
    State(state): State<AppState>,
    auth: Auth,
    Path(student): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    let student = id::<UserId>(&student)?;
    let typed = ReplyForm::from_pairs(&f);
    match service::reply_as(&state, auth.actor(), student, typed.clone()).await {
        Ok(event) => {
            let default = format!("/events/{event}");
            let back = match f.get("back") {
                "" => default.as_str(),
                b => crate::web::middleware::safe_next(Some(b)),
            };
            Ok(flash_redirect(back, "events-flash-answered", &state))
        }
        Err(AppError::Invalid(errors)) => {
            let event = service::replied_event(&typed)?;
            let page = pages_event::event(&state, auth.actor(), event).await?;
            let ctx = &auth.ctx;
            let body = views_event::page(ctx, &page, Some((&typed, &errors)));
            Ok(unprocessable(respond(ctx, &views_event::title(&page), body)))
        }
        Err(e) => Err(e),
    }
}
