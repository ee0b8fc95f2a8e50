//! Routes of sign-in, sign-out, password change and first-start setup.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::service::{self, Client, SignIn};
use super::views;
use crate::auth::accounts::{self, Profile};
use crate::auth::model::Role;
use crate::auth::{password, session};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::state::AppState;
use crate::web::ctx::{Auth, Ctx};
use crate::web::i18n::Arg;
use crate::web::layout::respond;
use crate::web::middleware::safe_next;
use crate::web::session::set_cookie;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/account/password", get(password_page).post(password_change))
        .route("/setup/{token}", get(setup_page).post(setup_submit))
}

/// The client's address and browser, for the sign-in log.
pub struct ClientInfo(pub Client);

impl<S: Send + Sync> FromRequestParts<S> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "127.0.0.1".into());
        let user_agent =
            parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        Ok(ClientInfo(Client { ip, user_agent }))
    }
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// GET /login
async fn login_page(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    if ctx.authed.is_some() {
        return Redirect::to(safe_next(q.next.as_deref())).into_response();
    }
    let next = safe_next(q.next.as_deref());
    respond(
        &ctx,
        &ctx.t("sign-in-title"),
        views::login(&ctx, views::LoginForm { login: "", next, message: None }),
    )
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// POST /login
async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientInfo(client): ClientInfo,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref()).to_string();
    let login = form.login.chars().take(64).collect::<String>();
    let password = form.password.chars().take(password::MAX_LEN).collect::<String>();
    let (status, message) = match service::sign_in(&state, &login, &password, client).await? {
        SignIn::Ok { token, must_change } => {
            // The session this browser had ends: it is replaced, not kept alive beside the new one.
            if let Some(me) = &ctx.authed {
                service::sign_out(&state, me.key).await?;
            }
            let target = if must_change { "/account/password" } else { next.as_str() };
            let mut response = Redirect::to(target).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(session::COOKIE, &token, None, state.config.secure_cookies()),
            );
            return Ok(response);
        }
        SignIn::Refused => (StatusCode::UNPROCESSABLE_ENTITY, ctx.t("sign-in-refused")),
        SignIn::Paused(wait) => {
            let minutes = wait.as_secs().div_ceil(60).max(1) as i64;
            (StatusCode::TOO_MANY_REQUESTS, ctx.t_args("sign-in-paused", &[("n", Arg::Num(minutes))]))
        }
    };
    let body = views::login(&ctx, views::LoginForm { login: &login, next: &next, message: Some(message) });
    Ok((status, respond(&ctx, &ctx.t("sign-in-title"), body)).into_response())
}

/// POST /logout
async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if let Some(me) = &ctx.authed {
        service::sign_out(&state, me.key).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, set_cookie(session::COOKIE, "", Some(0), state.config.secure_cookies()));
    Ok(response)
}

/// GET /account/password
async fn password_page(auth: Auth) -> Response {
    let forced = auth.me.session.must_change_password;
    respond(
        &auth.ctx,
        &auth.ctx.t("password-change-title"),
        views::change_password(&auth.ctx, forced, &FieldErrors::default()),
    )
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// POST /account/password
async fn password_change(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    match service::change_password(&state, &auth.me, &form.current, &form.new, &form.repeat).await {
        Ok(()) => Ok(crate::web::flash_redirect("/", "flash-password-changed", &state)),
        Err(AppError::Invalid(errors)) => {
            let forced = auth.me.session.must_change_password;
            let body = views::change_password(&auth.ctx, forced, &errors);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                respond(&auth.ctx, &auth.ctx.t("password-change-title"), body),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

/// GET /setup/{token}
async fn setup_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !state.setup.is_valid(&token) {
        return Err(AppError::NotFound);
    }
    let form =
        views::SetupForm { token: &token, login: "admin", surname: "", first_name: "", patronymic: "" };
    Ok(respond(&ctx, &ctx.t("setup-title"), views::setup(&ctx, form, &FieldErrors::default())))
}

#[derive(Deserialize)]
struct SetupSubmit {
    #[serde(default)]
    login: String,
    #[serde(default)]
    surname: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    patronymic: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// POST /setup/{token} — creates the first administrator and signs them in.
async fn setup_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientInfo(client): ClientInfo,
    Path(token): Path<String>,
    Form(form): Form<SetupSubmit>,
) -> Result<Response, AppError> {
    if !state.setup.is_valid(&token) {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    if let Some(m) = password::policy_error(&form.new) {
        errors.add("new", m);
    } else if form.new != form.repeat {
        errors.add("repeat", "password-mismatch");
    }
    let profile = Profile {
        login: form.login.clone(),
        surname: form.surname.clone(),
        first_name: form.first_name.clone(),
        patronymic: form.patronymic.clone(),
        roles: vec![Role::Admin],
        ..Profile::default()
    };
    for (f, m) in profile.clone().normalized().check().0 {
        errors.add(f, m);
    }
    let result = if errors.is_empty() {
        let plain = form.new.clone();
        let hash = tokio::task::spawn_blocking(move || password::hash(&plain))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing failed: {e}")))?;
        let now = state.clock.unix();
        state
            .store
            .write(move |tx| {
                if accounts::admin_exists(tx)? {
                    return Err(AppError::NotFound);
                }
                let id = accounts::create(tx, profile, hash, false, now)?;
                let (token, _) = session::create(tx, id, false, &client.ip, &client.user_agent, now)?;
                Ok(token)
            })
            .await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(session_token) => {
            state.setup.consume();
            let mut response = crate::web::flash_redirect("/", "flash-setup-done", &state);
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(session::COOKIE, &session_token, None, state.config.secure_cookies()),
            );
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => {
            let view = views::SetupForm {
                token: &token,
                login: &form.login,
                surname: &form.surname,
                first_name: &form.first_name,
                patronymic: &form.patronymic,
            };
            let body = views::setup(&ctx, view, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(&ctx, &ctx.t("setup-title"), body)).into_response())
        }
        Err(e) => Err(e),
    }
}
