//! Uploads over the configured limit (`max_upload_mb`, here 1 MB) on every upload route, and
//! forms over `max_body_kb` (here 16 KB) on the write routes: 413 with the calm page, and the
//! database exactly as it was.

use axum::http::StatusCode;
use parta::error::AppError;
use parta::plans::model::{PLAN_BINDINGS, PLANS};

use super::common::{Client, Response, TestApp};
use super::inert::assert_inert;
use super::paths::PNG;
use super::support::{Demo, demo_of, lesson_slugs, upload_raw};

const MB: usize = 1024 * 1024;

fn small_limits() -> Demo {
    demo_of(TestApp::demo_with(|c| {
        c.max_upload_mb = 1;
        c.max_body_kb = 16;
    }))
}

#[track_caller]
fn assert_too_large(what: &str, r: &Response) {
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{what}: {}", r.body);
    assert!(r.header("content-type").starts_with("text/html"), "{what}: {}", r.header("content-type"));
    r.assert_contains("Слишком большой файл или запрос");
    assert_inert(what, &r.body);
}

/// A file of `size` bytes that starts like what the route expects.
fn file(head: &[u8], size: usize) -> Vec<u8> {
    let mut data = head.to_vec();
    data.resize(size, b'x');
    data
}

/// Every upload route: who may use it, its address and field, and what a file for it starts
/// with.
async fn routes(d: &Demo) -> Vec<(Client, String, &'static str, &'static [u8])> {
    let mut teacher = d.client("teacher").await;
    let grid = teacher.get(&format!("/journal/{}", d.maths)).await;
    let slug = lesson_slugs(&grid.body).pop().unwrap();
    let (plan, topic) = d
        .app
        .store()
        .read_blocking(|tx| {
            let id = PLAN_BINDINGS.get(tx, &d.maths)?.unwrap();
            Ok::<_, AppError>((id, PLANS.get(tx, &id)?.unwrap().sections[0].topics[0].id))
        })
        .unwrap();
    let admin = d.client("admin").await;
    let director = d.client("director").await;
    vec![
        (teacher.clone(), format!("/journal/{}/lessons/{slug}/files", d.maths), "file", b"hello".as_slice()),
        (teacher.clone(), format!("/plans/{plan}/topics/{topic}/materials"), "file", b"%PDF-1.4".as_slice()),
        (teacher, format!("/plans/{plan}/import"), "file", "Тема урока;Кол-во часов\r\n".as_bytes()),
        (admin.clone(), "/exchange/students".into(), "file", "Фамилия;Имя;Класс\r\n".as_bytes()),
        (admin, "/exchange/staff".into(), "file", "Фамилия;Имя;Роли\r\n".as_bytes()),
        (director, "/admin/school/logo".into(), "logo", PNG),
    ]
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_on_every_route_and_nothing_is_stored() {
    let d = small_limits();
    let logo = d.app.state.school().logo;
    for (mut c, path, field, head) in routes(&d).await {
        let before = d.fingerprint();
        // One byte over, the length undeclared: cut off while it is read.
        let r = upload_raw(&mut c, &path, field, b"big.bin", &file(head, MB + 1), false).await;
        assert_too_large(&format!("{path}: 1 MB + 1"), &r);
        // Far over, with its length declared: refused before it is read.
        let r = upload_raw(&mut c, &path, field, b"big.bin", &file(head, 3 * MB), true).await;
        assert_too_large(&format!("{path}: 3 MB declared"), &r);
        // Far over, undeclared.
        let r = upload_raw(&mut c, &path, field, b"big.bin", &file(head, 3 * MB), false).await;
        assert_too_large(&format!("{path}: 3 MB"), &r);
        assert_eq!(d.fingerprint(), before, "{path}: nothing stored");
        // At the limit the size is no reason to refuse.
        let r = upload_raw(&mut c, &path, field, b"ok.csv", &file(head, MB), false).await;
        assert_ne!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}: exactly 1 MB");
    }
    assert_ne!(d.app.state.school().logo, logo, "the logo of exactly 1 MB was taken");
}

/// Who posts, where, which fields.
type Case<'a> = (&'a str, String, Vec<(&'a str, &'a str)>);

#[tokio::test]
async fn a_form_over_the_body_limit_is_refused_on_the_write_routes_and_nothing_is_stored() {
    let d = small_limits();
    let grid = d.client("teacher").await.get(&format!("/journal/{}", d.maths)).await;
    let slug = lesson_slugs(&grid.body).pop().unwrap();
    let huge = "Я".repeat(20_000);
    let s = d.student.to_string();
    let cases: Vec<Case> = vec![
        (
            "admin",
            "/admin/users".into(),
            vec![("surname", &huge), ("first_name", "A"), ("login", "big"), ("roles", "teacher")],
        ),
        ("admin", "/structure/subjects".into(), vec![("name", &huge), ("short", "")]),
        ("admin", format!("/students/{s}"), vec![("surname", &huge), ("first_name", "A")]),
        ("admin", "/timetable/changes".into(), vec![("note", &huge)]),
        (
            "director",
            "/admin/school".into(),
            vec![("full_name", &huge), ("short_name", "x"), ("time_zone", "Europe/Moscow")],
        ),
        ("director", "/reports/submissions".into(), vec![("note", &huge)]),
        (
            "teacher",
            format!("/journal/{}/lessons/{slug}", d.maths),
            vec![("topic", "x"), ("homework", &huge)],
        ),
        (
            "teacher",
            format!("/journal/{}/cell", d.maths),
            vec![("lesson", &slug), ("student", &s), ("value", &huge)],
        ),
        ("teacher", "/plans".into(), vec![("scope", ""), ("title", &huge)]),
        ("chief", format!("/classes/{}/events", d.class), vec![("title", "x"), ("notes", &huge)]),
        ("parent", format!("/diary/{s}/reply"), vec![("event", "1"), ("answer", "yes"), ("note", &huge)]),
        ("student", "/calendar".into(), vec![("x", &huge)]),
    ];
    for (login, path, fields) in cases {
        let mut c = d.client(login).await;
        let before = d.fingerprint();
        let r = c.post(&path, &fields).await;
        assert_too_large(&format!("{login} {path}"), &r);
        assert_eq!(d.fingerprint(), before, "{path}: nothing stored");
    }
    // Signed out: the sign-in form too.
    let mut c = d.app.client();
    c.get("/login").await;
    let r = c.post("/login", &[("login", "admin"), ("password", &huge)]).await;
    assert_too_large("/login", &r);
}
