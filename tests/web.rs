//! The web shell: menus by role, error pages, limits, headers, language, assets, health.

use crate::common::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn menus_follow_the_roles() {
    let app = TestApp::demo();
    let admin = app.signed_in("admin").await.get("/").await;
    for link in ["/admin/users", "/admin/school", "/admin/signins", "/admin/audit"] {
        admin.assert_contains(&format!(r#"href="{link}""#));
    }
    admin.assert_contains("Учётные записи");

    let director = app.signed_in("director").await.get("/").await;
    for link in ["/admin/users", "/admin/school", "/admin/signins", "/admin/audit"] {
        director.assert_contains(&format!(r#"href="{link}""#));
    }

    for login in ["teacher", "chief", "psychologist", "socped", "student", "parent"] {
        let page = app.signed_in(login).await.get("/").await;
        assert_eq!(page.status, StatusCode::OK);
        for link in ["/admin/users", "/admin/school", "/admin/signins", "/admin/audit"] {
            page.assert_lacks(&format!(r#"href="{link}""#));
        }
        page.assert_lacks("Учётные записи");
        page.assert_contains(r#"action="/logout""#);
    }
}

/// The header's menu: the school's menus sit in one «Управление» entry when there are several
/// (marked current on their pages), and stay in the row when there is only one.
#[tokio::test]
async fn the_school_s_menus_fold_into_one_entry() {
    let app = TestApp::demo();
    let mut director = app.signed_in("director").await;
    let page = director.get("/admin/users").await;
    let header = page.body.split("<main").next().unwrap();
    let group = header.split(r#"<li class="nav-group">"#).nth(1).expect("a group for the director");
    assert!(group.starts_with(r#"<details><summary class="current">Управление</summary>"#), "{group}");
    let (inside, after) = group.split_once("</details>").unwrap();
    for link in ["/structure", "/periods", "/exchange", "/admin/users", "/admin/school", "/admin/audit"] {
        assert!(inside.contains(&format!(r#"href="{link}""#)), "{link} in the group");
    }
    assert!(inside.contains(r#"href="/admin/users" aria-current="page""#));
    assert!(!after.contains("href=\"/reports\""), "the daily menus come before the group");
    let home = director.get("/").await;
    home.assert_contains("<details><summary>Управление</summary>");

    // A teacher has one of them (the school's structure, to read): it stays in the row.
    let teacher = app.signed_in("teacher").await.get("/").await;
    teacher.assert_lacks("nav-group");
    teacher.assert_contains(r#"<li><a href="/structure">"#);
}

#[tokio::test]
async fn unknown_pages_get_a_calm_404_without_internals() {
    let app = TestApp::demo();
    let r = app.client().get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    r.assert_contains("Страница не найдена");
    assert!(r.header("content-type").starts_with("text/html"));
    let r = app.signed_in("admin").await.get("/admin/users/999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.signed_in("admin").await.get("/admin/users/not-a-number").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_oversized_form_is_refused_with_413() {
    let app = TestApp::demo_with(|c| c.max_body_kb = 16);
    let mut admin = app.signed_in("admin").await;
    admin.get("/admin/school").await;
    let huge = "Я".repeat(20_000);
    let r = admin
        .post("/admin/school", &[("full_name", &huge), ("short_name", "x"), ("time_zone", "Europe/Moscow")])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    r.assert_contains("Слишком большой файл или запрос");
    assert_eq!(app.state.school().short_name, "МБОУ СОШ № 7");
}

#[tokio::test]
async fn malformed_fields_are_a_clear_400_or_422() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    admin.get("/admin/users").await;
    // page must be a number
    let r = admin.get("/admin/users?page=lots").await;
    assert!(
        r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.status
    );
    r.assert_contains("Запрос не понят");
    // An over-long field is refused per field.
    let long = "ж".repeat(101);
    let r = admin
        .post(
            "/admin/users",
            &[("surname", &long), ("first_name", "A"), ("login", "abc"), ("roles", "student")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Слишком длинное значение.");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::demo();
    let mut c = app.client();
    for path in ["/login", "/no-such", "/assets/app.css"] {
        let r = c.get(path).await;
        let csp = r.header("content-security-policy");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(r.header("referrer-policy"), "same-origin");
    }
    let page = c.get("/login").await;
    page.assert_lacks("<script>");
    page.assert_lacks(" style=");
}

#[tokio::test]
async fn cookies_are_secure_when_served_over_tls() {
    let app = TestApp::demo_with(|c| c.public_url = "https://school.example.ru".into());
    let mut c = app.client();
    let page = c.get("/login").await;
    assert!(page.header("set-cookie").contains("Secure"));
    let r = c.post("/login", &[("login", "admin"), ("password", "demo"), ("next", "/")]).await;
    let cookie = r.header("set-cookie");
    assert!(
        cookie.starts_with("parta_session=") && cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}

#[tokio::test]
async fn the_interface_speaks_english_on_request() {
    let app = TestApp::demo();
    let mut c = app.client();
    let en = c
        .send(axum::http::Method::GET, "/login", None, vec![], &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    en.assert_contains("<html lang=\"en\"");
    en.assert_contains("Sign in");
    // The switch stores the choice for the account.
    let mut teacher = app.signed_in("teacher").await;
    teacher.get("/").await;
    let r = teacher.post("/lang", &[("lang", "en"), ("back", "/")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    teacher.get("/").await.assert_contains("Hello, Ольга Николаевна!");
    let mut again = app.signed_in("teacher").await;
    again.get("/").await.assert_contains("Hello,");
    let bad = teacher.post("/lang", &[("lang", "xx"), ("back", "/")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn assets_and_health_are_served() {
    let app = TestApp::demo();
    let mut c = app.client();
    let css = c.get("/assets/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    let etag = css.header("etag").to_string();
    let again =
        c.send(axum::http::Method::GET, "/assets/app.css", None, vec![], &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let js = c.get("/assets/vendor/htmx/htmx.min.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(c.get("/assets/../Cargo.toml").await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.get("/assets/locales/ru/main.ftl").await.status, StatusCode::NOT_FOUND);
    let health = c.get("/healthz").await;
    assert_eq!((health.status, health.body.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test]
async fn htmx_requests_get_fragments_and_signed_out_htmx_is_redirected() {
    let app = TestApp::demo();
    let mut c = app.client();
    let r = c.send(axum::http::Method::GET, "/admin/users", None, vec![], &[("hx-request", "true")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("hx-redirect").starts_with("/login?next="));
}

#[tokio::test]
async fn flash_messages_show_once() {
    let app = TestApp::demo();
    let mut director = app.signed_in("director").await;
    director.get("/admin/school").await;
    director
        .post(
            "/admin/school",
            &[("full_name", "Школа"), ("short_name", "Школа"), ("time_zone", "Europe/Moscow")],
        )
        .await;
    director.get("/admin/school").await.assert_contains("Сохранено.");
    director.get("/admin/school").await.assert_lacks("Сохранено.");
}
