//! Routes of the administration area (accounts and logs).

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{routes_school, service, views};
use crate::auth::accounts::Profile;
use crate::auth::model::Role;
use crate::auth::permission::{Action, may_at_school};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::UserId;
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users).post(create))
        .route("/admin/users/new", get(new_form))
        .route("/admin/users/{id}", get(edit_form).post(update))
        .route("/admin/users/{id}/password", post(reset_password))
        .route("/admin/users/{id}/disable", post(disable))
        .route("/admin/users/{id}/enable", post(enable))
        .route("/admin/signins", get(sign_ins))
        .route("/admin/audit", get(audit))
        .route("/admin/school", get(routes_school::card).post(routes_school::save))
        .route(
            "/admin/school/logo",
            post(routes_school::upload_logo)
                .layer(DefaultBodyLimit::max(crate::school::rules::MAX_LOGO + 64 * 1024)),
        )
        .route("/admin/school/logo/delete", post(routes_school::delete_logo))
        .route("/school/logo", get(routes_school::logo))
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    page: usize,
}

/// GET /admin/users — the account list with search; an htmx search gets the table only.
async fn users(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let query: String = q.q.chars().take(100).collect();
    let role = Role::from_key(&q.role);
    let page = service::list_users(&state, auth.actor(), query.clone(), role, q.page).await?;
    let ctx = &auth.ctx;
    if ctx.htmx {
        return Ok(respond(ctx, "", views::users_table(ctx, &page, &query, role)));
    }
    let can_manage = may_at_school(&auth.me.user.roles, Action::UsersManage);
    Ok(respond(ctx, &ctx.t("users-title"), views::users(ctx, &page, &query, role, can_manage)))
}

/// GET /admin/users/new
async fn new_form(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    // Asks the same check the write does, so the form is not shown to whoever may not submit it.
    let actor = auth.actor();
    state
        .store
        .read(move |tx| {
            crate::auth::permission::permit(
                tx,
                &actor,
                Action::UsersManage,
                crate::auth::permission::Target::School,
            )
        })
        .await?;
    let ctx = &auth.ctx;
    Ok(respond(
        ctx,
        &ctx.t("users-new"),
        views::user_form(ctx, None, &Profile::default(), &FieldErrors::default(), None, true),
    ))
}

fn profile_from(form: &Pairs) -> Profile {
    Profile {
        login: form.get("login").into(),
        surname: form.get("surname").into(),
        first_name: form.get("first_name").into(),
        patronymic: form.get("patronymic").into(),
        roles: form.all("roles").filter_map(Role::from_key).collect(),
        email: form.get("email").into(),
        phone: form.get("phone").into(),
        position: form.get("position").into(),
    }
}

/// POST /admin/users — creates the account and shows its one-time password once.
async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let profile = profile_from(&form);
    let ctx = &auth.ctx;
    match service::create_user(&state, auth.actor(), profile.clone()).await {
        Ok((id, password)) => {
            let p = profile.normalized();
            let full_name = [p.surname.as_str(), &p.first_name, &p.patronymic].join(" ").trim().to_string();
            let body = views::one_time_password(
                ctx,
                id,
                &full_name,
                &p.login,
                &password,
                &state.config.public_url,
                true,
            );
            Ok((StatusCode::CREATED, respond(ctx, &ctx.t("users-created"), body)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let body = views::user_form(ctx, None, &profile, &errors, None, true);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, &ctx.t("users-new"), body)).into_response())
        }
        Err(e) => Err(e),
    }
}

fn parse_id(raw: &str) -> Result<UserId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// GET /admin/users/{id}
async fn edit_form(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let (user, stats, must_change) = service::get_user(&state, auth.actor(), id).await?;
    let profile = Profile::from(&user);
    let stats = stats.unwrap_or_default();
    let can_manage = may_at_school(&auth.me.user.roles, Action::UsersManage);
    let ctx = &auth.ctx;
    let body = views::user_form(
        ctx,
        Some(id),
        &profile,
        &FieldErrors::default(),
        Some((&stats, user.disabled, must_change)),
        can_manage,
    );
    Ok(respond(ctx, &user.full_name(), body))
}

/// POST /admin/users/{id}
async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let profile = profile_from(&form);
    match service::update_user(&state, auth.actor(), id, profile.clone()).await {
        Ok(()) => Ok(flash_redirect(&format!("/admin/users/{id}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            let ctx = &auth.ctx;
            let body = views::user_form(ctx, Some(id), &profile, &errors, None, true);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, &ctx.t("users-edit"), body)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// POST /admin/users/{id}/password — a one-time password, shown once.
async fn reset_password(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let (user, password) = service::reset_password(&state, auth.actor(), id).await?;
    let ctx = &auth.ctx;
    let body = views::one_time_password(
        ctx,
        id,
        &user.full_name(),
        &user.login,
        &password,
        &state.config.public_url,
        false,
    );
    Ok(respond(ctx, &ctx.t("users-password-reset"), body))
}

/// POST /admin/users/{id}/disable
async fn disable(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    service::set_disabled(&state, auth.actor(), id, true).await?;
    Ok(flash_redirect(&format!("/admin/users/{id}"), "flash-user-disabled", &state))
}

/// POST /admin/users/{id}/enable
async fn enable(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    service::set_disabled(&state, auth.actor(), id, false).await?;
    Ok(flash_redirect(&format!("/admin/users/{id}"), "flash-user-enabled", &state))
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    page: usize,
}

/// GET /admin/signins — the sign-in log.
async fn sign_ins(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let rows = service::sign_ins(&state, auth.actor(), q.page).await?;
    let names = service::names(&state, rows.iter().filter_map(|(_, e)| e.user).collect()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("signins-title"), views::sign_ins(ctx, &rows, &names, q.page)))
}

/// GET /admin/audit — the audit log.
async fn audit(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let rows = service::audit_log(&state, auth.actor(), q.page).await?;
    let names = service::names(&state, rows.iter().filter_map(|(_, e)| e.actor).collect()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("audit-title"), views::audit(ctx, &rows, &names, q.page)))
}
