//! The web shell: layout, forms, i18n, assets, and the layers every route shares.

pub mod assets;
pub mod ctx;
pub mod form;
pub mod i18n;
pub mod layout;
pub mod middleware;
pub mod session;
pub mod upload;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::accounts;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::session::{LANG_COOKIE, set_cookie};
use ctx::Ctx;
use i18n::Lang;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/assets/{*path}", get(assets::serve))
        .route("/lang", post(set_lang))
}

/// GET /healthz — liveness for monitoring: answers once the store is readable.
async fn healthz(State(state): State<AppState>) -> Result<&'static str, AppError> {
    use crate::store::tables::meta;
    state.store.read(|tx| Ok::<_, AppError>(meta::get(tx, meta::SCHEMA_VERSION)?)).await?;
    Ok("ok")
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    back: Option<String>,
}

/// POST /lang — switch the interface language: a cookie for the browser, and the account's
/// preference when signed in.
async fn set_lang(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::Form(form): axum::Form<LangForm>,
) -> Result<Response, AppError> {
    let lang = Lang::from_code(&form.lang).ok_or(AppError::BadRequest("error-bad-request"))?;
    if let Some(me) = &ctx.authed {
        let id = me.id;
        state
            .store
            .write(move |tx| {
                if let Some(mut user) = accounts::get(tx, id)? {
                    user.lang = Some(lang.code().to_string());
                    accounts::put(tx, id, &user)?;
                }
                Ok::<_, AppError>(())
            })
            .await?;
    }
    let back = middleware::safe_next(form.back.as_deref()).to_string();
    let mut response = Redirect::to(&back).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LANG_COOKIE, lang.code(), Some(365 * 86_400), state.config.secure_cookies()),
    );
    Ok(response)
}

/// Any unknown path.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// A redirect that shows a quiet message (a catalog key) on the next page.
pub fn flash_redirect(to: &str, key: &'static str, state: &AppState) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(crate::web::session::FLASH_COOKIE, key, Some(60), state.config.secure_cookies()),
    );
    response
}
