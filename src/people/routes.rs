//! Routes of classes, students, parents, access letters and the sign-in list of a class.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::manage::{self, MovementForm, ParentForm, StudentForm};
use super::views::{self, StudentPageForms};
use super::{letters, queries};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, UserId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/classes", get(classes))
        .route("/classes/{id}", get(class_page))
        .route("/classes/{id}/students", post(add_student))
        .route("/classes/{id}/letters", get(letters_form).post(print_letters))
        .route("/classes/{id}/signins", get(signins))
        .route("/students/{id}", get(student_page).post(update_student))
        .route("/students/{id}/movement", post(movement))
        .route("/students/{id}/parents", post(add_parent))
        .route("/students/{id}/parents/link", post(link_parent))
        .route("/students/{id}/parents/{parent}/unlink", post(unlink_parent))
}

fn class_id(raw: &str) -> Result<ClassId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn user_id(raw: &str) -> Result<UserId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// GET /classes — the classes the viewer may open (the class chief's own marked).
async fn classes(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let (year, list) = queries::my_classes(&state, auth.actor()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("classes-title"), views::classes(ctx, year.as_ref(), &list)))
}

/// GET /classes/{id} — the class's students and their parents.
async fn class_page(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = class_id(&id)?;
    let today = auth.ctx.today();
    let v = queries::class_view(&state, auth.actor(), id, today).await?;
    let ctx = &auth.ctx;
    Ok(respond(
        ctx,
        &v.class.name(),
        views::class_page(ctx, &v, &StudentForm::default(), &FieldErrors::default()),
    ))
}

fn student_form(form: &Pairs) -> StudentForm {
    StudentForm {
        surname: form.get("surname").into(),
        first_name: form.get("first_name").into(),
        patronymic: form.get("patronymic").into(),
        birth_date: form.get("birth_date").into(),
        sex: form.get("sex").into(),
    }
}

/// POST /classes/{id}/students — a new student in the class from today.
async fn add_student(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = class_id(&id)?;
    let typed = student_form(&form);
    match manage::add_student(&state, auth.actor(), id, typed.clone()).await {
        Ok(student) => Ok(flash_redirect(&format!("/students/{student}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            let v = queries::class_view(&state, auth.actor(), id, auth.ctx.today()).await?;
            let ctx = &auth.ctx;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                respond(ctx, &v.class.name(), views::class_page(ctx, &v, &typed, &errors)),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

/// GET /students/{id} — a student's basic file, parents and movement.
async fn student_page(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = user_id(&id)?;
    let v = queries::student_view(&state, auth.actor(), id).await?;
    let ctx = &auth.ctx;
    Ok(respond(
        ctx,
        &v.row.person.user.full_name(),
        views::student_page(ctx, &v, &StudentPageForms::default()),
    ))
}

/// After an edit on the student page: back to the page with «Сохранено», or the page again
/// (422) with what was typed and the messages, built by `refused`.
async fn after_edit<T>(
    result: Result<T, AppError>,
    state: &AppState,
    auth: &Auth,
    id: UserId,
    refused: impl FnOnce(FieldErrors) -> StudentPageForms,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => Ok(flash_redirect(&format!("/students/{id}"), "flash-saved", state)),
        Err(AppError::Invalid(errors)) => {
            let forms = refused(errors);
            let v = queries::student_view(state, auth.actor(), id).await?;
            let ctx = &auth.ctx;
            let page = respond(ctx, &v.row.person.user.full_name(), views::student_page(ctx, &v, &forms));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// POST /students/{id} — names, birth date, sex.
async fn update_student(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = user_id(&id)?;
    let typed = student_form(&form);
    after_edit(
        manage::update_student(&state, auth.actor(), id, typed.clone()).await,
        &state,
        &auth,
        id,
        |errors| StudentPageForms { basic: Some(typed), errors, ..Default::default() },
    )
    .await
}

/// POST /students/{id}/movement — transfer to another class or withdrawal.
async fn movement(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = user_id(&id)?;
    let typed = MovementForm {
        kind: form.get("kind").into(),
        class: form.get("class").into(),
        date: form.get("date").into(),
        reason: form.get("reason").into(),
        order: form.get("order").into(),
    };
    after_edit(
        manage::move_student(&state, auth.actor(), id, typed.clone()).await,
        &state,
        &auth,
        id,
        |errors| StudentPageForms { movement: typed, errors, ..Default::default() },
    )
    .await
}

/// POST /students/{id}/parents — a new parent account linked to the student.
async fn add_parent(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = user_id(&id)?;
    let typed = ParentForm {
        surname: form.get("surname").into(),
        first_name: form.get("first_name").into(),
        patronymic: form.get("patronymic").into(),
        relation: form.get("relation").into(),
        phone: form.get("phone").into(),
        email: form.get("email").into(),
    };
    after_edit(
        manage::add_parent(&state, auth.actor(), id, typed.clone()).await,
        &state,
        &auth,
        id,
        |errors| StudentPageForms { parent: typed, errors, ..Default::default() },
    )
    .await
}

/// POST /students/{id}/parents/link — an existing account (by login) as a parent.
async fn link_parent(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = user_id(&id)?;
    let login = form.get("link_login").to_string();
    after_edit(
        manage::link_existing(&state, auth.actor(), id, login.clone(), form.get("link_relation").into())
            .await,
        &state,
        &auth,
        id,
        |errors| StudentPageForms { link_login: login, errors, ..Default::default() },
    )
    .await
}

/// POST /students/{id}/parents/{parent}/unlink
async fn unlink_parent(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, parent)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, parent) = (user_id(&id)?, user_id(&parent)?);
    manage::unlink(&state, auth.actor(), id, parent).await?;
    Ok(flash_redirect(&format!("/students/{id}"), "flash-saved", &state))
}

/// GET /classes/{id}/letters — choose whom to print access letters for.
async fn letters_form(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = class_id(&id)?;
    let v = queries::class_logins_view(&state, auth.actor(), id, auth.ctx.today()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("letters-title"), views::letters_form(ctx, &v)))
}

/// POST /classes/{id}/letters — new one-time passwords for the chosen accounts, printed once.
async fn print_letters(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = class_id(&id)?;
    let chosen: Vec<UserId> = form.all("id").filter_map(|v| v.parse().ok()).collect();
    let (class_name, letters) = letters::issue(&state, auth.actor(), id, chosen).await?;
    let address = format!("{}/login", state.config.public_url);
    let qr = letters::qr_svg(&address);
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("letters-title"), views::letters(ctx, &class_name, &address, &qr, &letters)))
}

#[derive(Deserialize)]
struct SignInsQuery {
    #[serde(default)]
    never: Option<String>,
}

/// GET /classes/{id}/signins — who of the class's students and parents has signed in.
async fn signins(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<SignInsQuery>,
) -> Result<Response, AppError> {
    let id = class_id(&id)?;
    let v = queries::class_logins_view(&state, auth.actor(), id, auth.ctx.today()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("signins-class-title"), views::signins(ctx, &v, q.never.is_some())))
}
