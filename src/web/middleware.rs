//! Layers shared by every route: security headers and error pages.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::ctx::pick_lang;
use crate::audit::{self, AuditEntry, Outcome};
use crate::error::{AppError, ErrorInfo};
use crate::state::AppState;
use crate::web::session::RequestSession;

/// The Content-Security-Policy: no inline script, no framing, forms only to ourselves.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    if !h.contains_key(header::CACHE_CONTROL) {
        // Pages show personal data: keep them out of shared caches and the back-forward cache
        // of a shared computer.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Turns error responses into pages in the user's language; logs internal causes; writes
/// denials to the audit log; sends signed-out visitors to the sign-in page.
pub async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let htmx = headers.contains_key("hx-request");
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let method = req.method().clone();
    let response = next.run(req).await;

    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let info = response.extensions().get::<ErrorInfo>().cloned();
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if info.is_none() && is_html {
        // A handler already rendered its own page (a form with errors).
        return response;
    }
    let info = info.unwrap_or_else(|| ErrorInfo {
        message: match status {
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => "error-not-found",
            StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
            s if s.is_server_error() => "error-internal",
            _ => "error-bad-request",
        },
        cause: None,
        denial: None,
    });

    // The session layer runs inside this one and leaves what it learned on the response.
    let rs = response.extensions().get::<RequestSession>().cloned();
    let lang = pick_lang(&headers, rs.as_ref(), &state.config.lang);
    if let Some(cause) = &info.cause {
        tracing::error!(%method, path = %path_and_query, %status, cause = %cause, "request failed");
    }
    let actor = rs.as_ref().and_then(|r| r.authed.as_ref()).map(|a| a.id);
    if let Some(denial) = &info.denial {
        tracing::warn!(?actor, action = denial.action, object = %denial.object, "denied");
        let entry = AuditEntry {
            at: state.clock.unix(),
            actor,
            action: denial.action.to_string(),
            object: denial.object.clone(),
            outcome: Outcome::Denied,
            detail: format!("{method} {path_and_query}"),
        };
        let store = state.store.clone();
        // The denial is already decided; recording it must not delay or fail the response.
        tokio::spawn(async move {
            let _ = store.write(move |tx| audit::record(tx, &entry).map_err(AppError::from)).await;
        });
    }

    // Cookies set on the way out (a cleared session, a new CSRF cookie) survive the new page.
    let cookies: Vec<HeaderValue> = response.headers().get_all(header::SET_COOKIE).iter().cloned().collect();
    let mut out = if status == StatusCode::UNAUTHORIZED {
        let next = if method == axum::http::Method::GET { path_and_query } else { "/".into() };
        let target = format!("/login?next={}", urlencode(&next));
        if htmx {
            let mut r = StatusCode::OK.into_response();
            r.headers_mut().insert("hx-redirect", HeaderValue::from_str(&target).expect("encoded"));
            r
        } else {
            Redirect::to(&target).into_response()
        }
    } else {
        error_page(lang, status, info.message)
    };
    for c in cookies {
        out.headers_mut().append(header::SET_COOKIE, c);
    }
    out
}

/// The page of an error, in the user's language; no internals.
fn error_page(lang: super::i18n::Lang, status: StatusCode, message: &str) -> Response {
    let title = lang.t(message);
    let body = html! {
        (maud::DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/assets/app.css";
            }
            body {
                main.error-page id="main" {
                    h1 { (title) }
                    p { (lang.t(&format!("error-hint-{}", status.as_u16()))) }
                    p { a href="/" { (lang.t("error-go-home")) } }
                }
            }
        }
    };
    let mut out = (status, body).into_response();
    out.headers_mut().insert(header::VARY, HeaderValue::from_static("HX-Request"));
    out
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|q| q[1..].to_string()).unwrap_or_default()
}

/// A `next=` target is only ever a local path, never another site.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_targets_stay_on_this_site() {
        assert_eq!(safe_next(Some("/admin/users?q=a")), "/admin/users?q=a");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn urlencode_escapes_query_characters() {
        assert_eq!(urlencode("/a?b=c&d"), "%2Fa%3Fb%3Dc%26d");
    }
}
