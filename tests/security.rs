//! Security headers and sessions (issue 7, part 5), beyond tests/auth.rs (sign-out ends the
//! session on the server, a planted session id is replaced at sign-in, CSRF) and tests/web.rs
//! (the headers of signed-out pages, `Secure` over TLS): the cookies' flags over plain HTTP,
//! the headers of signed-in pages and files, and a new session id at every sign-in.

use crate::common;
use crate::common::TestApp;
use axum::http::{StatusCode, header};

fn set_cookies(r: &common::Response) -> Vec<String> {
    r.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(String::from)).collect()
}

#[tokio::test]
async fn session_and_csrf_cookies_are_http_only_same_site_and_scoped_to_the_site() {
    let app = TestApp::demo();
    let mut c = app.client();
    let page = c.get("/login").await;
    let before = set_cookies(&page);
    assert!(!before.is_empty(), "the sign-in form sets its CSRF cookie");
    let r = c.post("/login", &[("login", "teacher"), ("password", "demo"), ("next", "/")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookies: Vec<String> = before.into_iter().chain(set_cookies(&r)).collect();
    assert!(cookies.iter().any(|c| c.starts_with("parta_session=")), "{cookies:?}");
    for cookie in &cookies {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        // Plain HTTP on the school's network: no `Secure`, or the browser would drop it.
        assert!(!cookie.contains("Secure"), "{cookie}");
    }
}

#[tokio::test]
async fn signed_in_pages_fragments_and_files_carry_the_headers_and_are_not_cached() {
    let app = TestApp::demo();
    let mut c = app.signed_in("director").await;
    for path in ["/", "/reports", "/reports/quality-school", "/reports/quality-school.xlsx", "/notices/badge"]
    {
        let r = c.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let csp = r.header("content-security-policy");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{path}: {csp}");
        assert_eq!(r.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert!(r.header("cache-control").contains("no-store"), "{path}: personal data is not cached");
    }
}

#[tokio::test]
async fn every_sign_in_gets_a_new_session_id_and_the_old_one_stops_working() {
    let app = TestApp::demo();
    let mut c = app.signed_in("teacher").await;
    c.get("/").await;
    let first = c.cookies["parta_session"].clone();
    // Signing in again on the same browser (another account, say) replaces the session.
    c.login("teacher", "demo").await;
    let second = c.cookies["parta_session"].clone();
    assert_ne!(first, second);
    let mut old = app.client();
    old.cookies.insert("parta_session".into(), first);
    let r = old.get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the replaced session does not open pages");
    assert!(r.location().starts_with("/login"));
    // The new one does.
    assert_eq!(c.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_forged_or_foreign_session_cookie_is_a_signed_out_visitor() {
    let app = TestApp::demo();
    for forged in ["", "x", &"A".repeat(43), &"%00".repeat(20), &"я".repeat(30)] {
        let mut c = app.client();
        c.cookies.insert("parta_session".into(), forged.to_string());
        let r = c.get("/reports").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{forged:?}");
        assert!(r.location().starts_with("/login"), "{forged:?}");
    }
}
