//! Payloads that come back at once: in the query string and the path of every page, in the
//! sign-in form and its `next`. Whatever the answer (a page, 400, 404), it is inert.

use axum::http::StatusCode;

use super::common::Response;
use super::inert::{IMG, SCRIPT, assert_inert, assert_shown, hostile};
use super::poison::mid;
use super::support::{Demo, demo};
use super::xss_people::urlencode;

/// Query parameters the pages read.
const PARAMS: [&str; 18] = [
    "q", "role", "year", "class", "teacher", "from", "date", "week", "period", "lesson", "page", "student",
    "next", "changed", "never", "file", "kind", "who",
];

#[track_caller]
fn inert_any(what: &str, r: &Response) {
    assert!(!r.status.is_server_error(), "{what}: {}", r.status);
    if r.header("content-type").starts_with("text/html") {
        assert_inert(what, &r.body);
    }
}

/// The pages of `login`, as GET addresses with ids filled in.
fn pages(d: &Demo, login: &str) -> Vec<String> {
    let (c, s, t, y) = (d.class, d.student, d.maths, d.year);
    let mut all = vec![
        "/".to_string(),
        "/diary".into(),
        format!("/diary/{s}"),
        format!("/diary/{s}/marks"),
        "/events".into(),
        "/notices".into(),
        "/calendar".into(),
        "/reports".into(),
        "/reports/mine".into(),
        "/reports/student".into(),
        format!("/timetable/students/{s}"),
    ];
    if login != "student" && login != "parent" {
        all.extend([
            "/journal".into(),
            format!("/journal/{t}"),
            format!("/journal/{t}/finals"),
            format!("/journal/{t}/log"),
            "/classes".into(),
            format!("/classes/{c}"),
            format!("/classes/{c}/progress"),
            format!("/classes/{c}/attendance"),
            format!("/classes/{c}/events"),
            format!("/classes/{c}/events/new"),
            format!("/classes/{c}/signins"),
            format!("/students/{s}"),
            "/plans".into(),
            "/plans/behind".into(),
            "/timetable".into(),
            "/timetable/changes".into(),
            format!("/timetable/classes/{c}"),
            format!("/timetable/classes/{c}/edit"),
            format!("/timetable/teachers/{}", d.teacher),
            "/reports/quality".into(),
            "/reports/finals".into(),
            "/reports/attendance".into(),
            "/reports/submissions".into(),
            "/admin/users".into(),
            "/admin/audit".into(),
            "/admin/signins".into(),
            "/structure".into(),
            "/structure/classes".into(),
            "/structure/classes/new".into(),
            "/structure/teaching".into(),
            format!("/structure/years/{y}"),
            "/exchange".into(),
            "/exchange/preview".into(),
            "/periods".into(),
        ]);
    }
    all
}

#[tokio::test]
async fn payloads_in_the_query_and_the_path_come_back_as_text() {
    let d = demo();
    let evil = hostile("=Q9");
    let query: String =
        PARAMS.iter().map(|p| format!("{p}={}", urlencode(&evil))).collect::<Vec<_>>().join("&");
    for login in ["admin", "teacher", "chief", "parent", "student"] {
        let mut c = d.client(login).await;
        for path in pages(&d, login) {
            let r = c.get(&format!("{path}?{query}")).await;
            inert_any(&format!("{login} {path}?…"), &r);
            // Alone, each parameter reaches a page a bad neighbour would have refused.
            for p in PARAMS.iter().filter(|_| login == "admin" || login == "parent") {
                let r = c.get(&format!("{path}?{p}={}", urlencode(&evil))).await;
                inert_any(&format!("{login} {path}?{p}=…"), &r);
            }
        }
        // The payload as an id or a name in the path.
        let e = urlencode(&evil);
        for path in [
            format!("/admin/users/{e}"),
            format!("/students/{e}"),
            format!("/classes/{e}"),
            format!("/diary/{e}"),
            format!("/events/{e}"),
            format!("/journal/{e}"),
            format!("/journal/{}/lessons/{e}", d.maths),
            format!("/plans/{e}"),
            format!("/reports/{e}"),
            format!("/reports/{e}.csv"),
            format!("/timetable/rooms/{e}"),
            format!("/calendar/{e}.ics"),
            format!("/notices/{e}"),
            format!("/{e}"),
        ] {
            inert_any(&format!("{login} {path}"), &c.get(&path).await);
        }
    }
}

#[tokio::test]
async fn the_sign_in_and_setup_pages_echo_what_was_typed_as_text() {
    let d = demo();
    let mut c = d.app.client();
    let evil = hostile("=Q8");
    let r = c.get(&format!("/login?next={}", urlencode(&evil))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_inert("/login?next=", &r.body);
    // A login is kept to 64 characters.
    let login = mid("=Q7");
    let r = c.post("/login", &[("login", &login), ("password", "x"), ("next", &evil)]).await;
    inert_any("a refused sign-in", &r);
    assert_shown("a refused sign-in", &r.body, &login);
    // A good sign-in never follows a `next` that leaves the site or runs script.
    for next in ["javascript:alert(1)", "//evil.example/", "/\\evil.example", "https://evil.example/"] {
        let mut c = d.app.client();
        c.get("/login").await;
        let r = c.post("/login", &[("login", "teacher"), ("password", "demo"), ("next", next)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            r.location().starts_with('/') && !r.location().starts_with("//"),
            "{next} → {}",
            r.location()
        );
        assert!(!r.location().starts_with("/\\"), "{next} → {}", r.location());
    }
    for token in [urlencode(SCRIPT), urlencode(IMG), urlencode(&evil)] {
        let r = c.get(&format!("/setup/{token}")).await;
        inert_any("/setup", &r);
    }
    // Signed in: the language switch's way back.
    let mut t = d.client("teacher").await;
    let r = t.post("/lang", &[("lang", "ru"), ("back", &evil)]).await;
    assert!(r.status.is_redirection() || r.status.is_client_error(), "{}", r.status);
    assert!(!r.location().contains('<'), "{}", r.location());
}
