//! The session layer: resolves the session cookie to the signed-in account, checks the CSRF
//! token of every state-changing request, sends an account that must change its password to
//! that page, and keeps the small cookies (CSRF for signed-out forms, flash) in order.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use subtle::ConstantTimeEq;

use crate::auth::accounts;
use crate::auth::model::User;
use crate::auth::permission::Actor;
use crate::auth::session::{self, Session};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::UserId;

/// The CSRF cookie of signed-out browsers (the sign-in and setup forms).
pub const PRE_COOKIE: &str = "parta_csrf";
/// The chosen interface language of a signed-out browser.
pub const LANG_COOKIE: &str = "parta_lang";
/// A one-shot message shown by the next page (a catalog key).
pub const FLASH_COOKIE: &str = "parta_flash";
/// The form field (or `X-CSRF-Token` header, or `_csrf` query parameter) carrying the token.
pub const CSRF_FIELD: &str = "_csrf";

/// The signed-in account behind a request.
#[derive(Clone, Debug)]
pub struct Authed {
    pub key: [u8; 32],
    pub session: Session,
    pub id: UserId,
    pub user: User,
}

impl Authed {
    /// The account as the permission check sees it, on the school's `today` at `now`.
    pub fn actor(&self, today: chrono::NaiveDate, now: i64) -> Actor {
        Actor { id: self.id, roles: self.user.roles.clone(), today, now }
    }
}

/// What the session layer learned, for extractors and the error-page layer.
#[derive(Clone, Debug)]
pub struct RequestSession {
    pub authed: Option<Arc<Authed>>,
    pub csrf: String,
    pub flash: Option<String>,
    pub lang_cookie: Option<String>,
}

/// Reads one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with the house flags: `Path=/; HttpOnly; SameSite=Lax` (+ `Secure`).
/// `max_age` of `Some(0)` deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut s = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        s.push_str("; Secure");
    }
    HeaderValue::from_str(&s).expect("cookie values are URL-safe")
}

fn looks_like_token(s: &str) -> bool {
    s.len() == 43 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Paths an account that must change its password may still open.
fn allowed_before_password_change(path: &str) -> bool {
    path == "/account/password"
        || path == "/logout"
        || path == "/lang"
        || path == "/healthz"
        || path.starts_with("/assets/")
}

pub async fn session_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let now = state.clock.unix();
    let secure = state.config.secure_cookies();
    let headers = req.headers();
    let session_cookie = cookie(headers, session::COOKIE).map(str::to_string);
    let pre_cookie = cookie(headers, PRE_COOKIE).filter(|v| looks_like_token(v)).map(str::to_string);
    let flash = cookie(headers, FLASH_COOKIE)
        .filter(|v| !v.is_empty() && v.len() < 64 && v.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        .map(str::to_string);
    let lang_cookie = cookie(headers, LANG_COOKIE).map(str::to_string);

    let authed = match &session_cookie {
        Some(token) => match resolve(&state, token, now).await {
            Ok(a) => a,
            Err(e) => return e.into_response(),
        },
        None => None,
    };
    if let Some(a) = &authed {
        // Touch at most every five minutes, without fsync: losing a touch in a crash only
        // shortens an idle session.
        if now - a.session.last_seen > 300 {
            let store = state.store.clone();
            let key = a.key;
            tokio::spawn(async move {
                let _ = store.write_lazy(move |tx| Ok::<_, AppError>(session::touch(tx, key, now)?)).await;
            });
        }
    }

    let (csrf, new_pre) = match (&authed, &pre_cookie) {
        (Some(a), _) => (a.session.csrf.clone(), false),
        (None, Some(pre)) => (pre.clone(), false),
        (None, None) => (session::random_token(), true),
    };

    let had_session_cookie = session_cookie.is_some();
    let resolved = authed.is_some();
    let had_flash = flash.is_some();
    let must_change = authed.as_ref().is_some_and(|a| a.session.must_change_password);
    let rs = RequestSession { authed, csrf: csrf.clone(), flash, lang_cookie };

    let mut req = req;
    let mut early = None;
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        match check_csrf(req, &csrf, state.config.max_body_kb as usize * 1024).await {
            Ok(r) => req = r,
            Err(e) => {
                let mut response = e.into_response();
                response.extensions_mut().insert(rs.clone());
                return response;
            }
        }
    }
    if must_change && !allowed_before_password_change(req.uri().path()) {
        early = Some(Redirect::to("/account/password").into_response());
    }
    let mut response = match early {
        Some(r) => r,
        None => {
            req.extensions_mut().insert(rs.clone());
            next.run(req).await
        }
    };
    // For the error-page layer outside this one.
    response.extensions_mut().insert(rs);

    let h = response.headers_mut();
    if new_pre {
        h.append(header::SET_COOKIE, set_cookie(PRE_COOKIE, &csrf, None, secure));
    }
    if had_session_cookie && !resolved && !h.contains_key(header::SET_COOKIE) {
        h.append(header::SET_COOKIE, set_cookie(session::COOKIE, "", Some(0), secure));
    }
    if had_flash && response.status().is_success() {
        response.headers_mut().append(header::SET_COOKIE, set_cookie(FLASH_COOKIE, "", Some(0), secure));
    }
    response
}

async fn resolve(state: &AppState, token: &str, now: i64) -> Result<Option<Arc<Authed>>, AppError> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let life = state.lifetimes();
    let token = token.to_string();
    state
        .store
        .read(move |tx| {
            let Some((key, session)) = session::lookup(tx, &token, now, life)? else {
                return Ok(None);
            };
            let Some(user) = accounts::get(tx, session.user)? else {
                return Ok(None);
            };
            if user.disabled {
                return Ok(None);
            }
            Ok(Some(Arc::new(Authed { key, id: session.user, session, user })))
        })
        .await
}

/// Checks the token of a state-changing request: the `X-CSRF-Token` header (htmx sends it),
/// the `_csrf` query parameter (multipart uploads), or the `_csrf` field of a urlencoded form.
/// The body is buffered (within the body limit) and handed on unchanged.
async fn check_csrf(req: Request, expected: &str, limit: usize) -> Result<Request, AppError> {
    let matches = |given: &str| bool::from(given.as_bytes().ct_eq(expected.as_bytes()));
    if let Some(given) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if matches(given) { Ok(req) } else { Err(AppError::Csrf) };
    }
    let from_query = req
        .uri()
        .query()
        .and_then(|q| form_urlencoded_pairs(q).find(|(k, _)| k == CSRF_FIELD))
        .map(|(_, given)| matches(&given));
    if let Some(ok) = from_query {
        return if ok { Ok(req) } else { Err(AppError::Csrf) };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, limit).await.map_err(|_| AppError::TooLarge)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| AppError::BadRequest("error-bad-request"))?;
    let ok = form_urlencoded_pairs(text).find(|(k, _)| k == CSRF_FIELD).is_some_and(|(_, v)| matches(&v));
    if !ok {
        return Err(AppError::Csrf);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn form_urlencoded_pairs(s: &str) -> impl Iterator<Item = (String, String)> + '_ {
    serde_urlencoded::from_str::<Vec<(String, String)>>(s).unwrap_or_default().into_iter()
}
