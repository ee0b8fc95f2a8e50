//! Sign-in, sessions, CSRF, password changes and first-start setup, through the real router.

use crate::common;
use crate::common::TestApp;
use axum::http::StatusCode;
use parta::auth::model::{SESSIONS, SIGNINS, USERS};

#[tokio::test]
async fn sign_in_with_the_right_password_opens_the_home_page() {
    let app = TestApp::demo();
    let mut c = app.client();
    let login_page = c.get("/login").await;
    assert_eq!(login_page.status, StatusCode::OK);
    login_page.assert_contains("Вход в систему");
    assert!(c.cookies.contains_key("parta_csrf"), "signed-out forms get a CSRF cookie");

    let r = c.post("/login", &[("login", "Teacher"), ("password", "demo"), ("next", "/")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/");
    let set_cookie = r.header("set-cookie");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "no Secure flag on plain HTTP");

    let home = c.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    home.assert_contains("Здравствуйте, Ольга Николаевна!");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_login_get_the_same_answer() {
    let app = TestApp::demo();
    let mut c = app.client();
    let wrong = c.login("teacher", "not-the-password").await;
    let unknown = c.login("nobody-here", "whatever").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("Неверный логин или пароль.");
    unknown.assert_contains("Неверный логин или пароль.");
    assert!(!c.cookies.contains_key("parta_session"));
    // The typed login is kept in the form.
    wrong.assert_contains(r#"name="login" type="text" value="teacher""#);
    // Both attempts are in the sign-in log.
    let logged = app.store().read_blocking(|tx| Ok::<_, parta::error::AppError>(SIGNINS.count(tx)?)).unwrap();
    assert_eq!(logged, 2);
}

#[tokio::test]
async fn repeated_failures_pause_sign_in_for_that_login_even_with_the_right_password() {
    let app = TestApp::demo();
    let mut c = app.client();
    for _ in 0..5 {
        let r = c.login("teacher", "guess").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let paused = c.login("teacher", "demo").await;
    assert_eq!(paused.status, StatusCode::TOO_MANY_REQUESTS);
    paused.assert_contains("Слишком много неудачных попыток. Попробуйте снова через 15 минут.");
    assert!(!c.cookies.contains_key("parta_session"));
    // Another account is not affected by this login's pause.
    let other = c.login("student", "demo").await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn pages_need_a_session_and_send_back_after_sign_in() {
    let app = TestApp::demo();
    let mut c = app.client();
    let r = c.get("/admin/users?q=a").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login?next=%2Fadmin%2Fusers%3Fq%3Da");
    let page = c.get(r.location()).await;
    let next = common::input_value(&page.body, "next").unwrap();
    assert_eq!(next, "/admin/users?q=a");
    let signed = c.post("/login", &[("login", "admin"), ("password", "demo"), ("next", &next)]).await;
    assert_eq!(signed.location(), "/admin/users?q=a");
    // A next= pointing elsewhere is ignored.
    let mut d = app.client();
    d.get("/login").await;
    let r = d.post("/login", &[("login", "admin"), ("password", "demo"), ("next", "//evil.example/")]).await;
    assert_eq!(r.location(), "/");
}

#[tokio::test]
async fn an_idle_session_expires_and_the_stale_cookie_is_cleared() {
    let app = TestApp::demo();
    let mut c = app.signed_in("teacher").await;
    assert_eq!(c.get("/").await.status, StatusCode::OK);
    // Age every session past the idle limit.
    app.store()
        .write_blocking(redb::Durability::Immediate, |tx| {
            for (k, mut s) in SESSIONS.all(tx)? {
                s.last_seen -= 25 * 3600;
                SESSIONS.insert(tx, &k, &s)?;
            }
            Ok::<_, parta::error::AppError>(())
        })
        .unwrap();
    let r = c.get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/login"));
    assert!(!c.cookies.contains_key("parta_session"), "the dead cookie is removed");
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = TestApp::demo();
    let mut c = app.signed_in("teacher").await;
    c.get("/").await;
    let token = c.cookies["parta_session"].clone();
    let r = c.post("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    // Replaying the old cookie does not get back in.
    let mut replay = app.client();
    replay.cookies.insert("parta_session".into(), token);
    let r = replay.get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let sessions =
        app.store().read_blocking(|tx| Ok::<_, parta::error::AppError>(SESSIONS.count(tx)?)).unwrap();
    assert_eq!(sessions, 0);
}

#[tokio::test]
async fn signing_in_issues_a_new_session_id() {
    let app = TestApp::demo();
    let mut c = app.client();
    // A session id planted before sign-in (fixation) is not the one used after.
    c.cookies.insert("parta_session".into(), "A".repeat(43));
    c.login("teacher", "demo").await;
    assert_ne!(c.cookies["parta_session"], "A".repeat(43));
}

#[tokio::test]
async fn a_post_without_or_with_a_forged_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::demo();
    let mut c = app.signed_in("teacher").await;
    c.get("/account/password").await;
    let fields = [("current", "demo"), ("new", "a-new-password"), ("repeat", "a-new-password")];
    let missing = c.post_raw("/account/password", &fields).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    missing.assert_contains("Форма устарела");
    let mut forged = fields.to_vec();
    forged.push(("_csrf", "forged-token-forged-token-forged-token-abc"));
    let r = c.post_raw("/account/password", &forged).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The password is unchanged.
    let mut again = app.client();
    assert_eq!(again.login("teacher", "demo").await.status, StatusCode::SEE_OTHER);
    // The sign-in form needs its token too.
    let mut anon = app.client();
    anon.get("/login").await;
    let r = anon.post_raw("/login", &[("login", "teacher"), ("password", "demo")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn changing_the_password_checks_the_old_one_and_ends_other_sessions() {
    let app = TestApp::demo();
    let mut laptop = app.signed_in("teacher").await;
    let mut phone = app.signed_in("teacher").await;
    laptop.get("/account/password").await;

    let wrong = laptop
        .post(
            "/account/password",
            &[("current", "nope"), ("new", "Новый-пароль-1"), ("repeat", "Новый-пароль-1")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("Неверный текущий пароль.");
    let short =
        laptop.post("/account/password", &[("current", "demo"), ("new", "short"), ("repeat", "short")]).await;
    short.assert_contains("Пароль слишком короткий.");
    let mismatch = laptop
        .post(
            "/account/password",
            &[("current", "demo"), ("new", "Новый-пароль-1"), ("repeat", "Новый-пароль-2")],
        )
        .await;
    mismatch.assert_contains("Пароли не совпадают.");

    let ok = laptop
        .post(
            "/account/password",
            &[("current", "demo"), ("new", "Новый-пароль-1"), ("repeat", "Новый-пароль-1")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let home = laptop.get("/").await;
    home.assert_contains("Пароль изменён.");
    assert_eq!(phone.get("/").await.status, StatusCode::SEE_OTHER, "the other session ended");

    let mut c = app.client();
    assert_eq!(c.login("teacher", "demo").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(c.login("teacher", "Новый-пароль-1").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_loses_its_sessions() {
    let app = TestApp::demo();
    let mut student = app.signed_in("student").await;
    let mut admin = app.signed_in("admin").await;
    let id = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, parta::error::AppError>(parta::auth::accounts::find_by_login(tx, "student")?.unwrap().0)
        })
        .unwrap();
    admin.get(&format!("/admin/users/{id}")).await;
    let r = admin.post(&format!("/admin/users/{id}/disable"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(student.get("/").await.status, StatusCode::SEE_OTHER);
    let mut c = app.client();
    let r = c.login("student", "demo").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Неверный логин или пароль.");
}

#[tokio::test]
async fn first_start_creates_the_administrator_through_the_one_time_link() {
    let app = TestApp::empty();
    let path = parta::signin::service::issue_setup_if_needed(&app.state)
        .await
        .unwrap()
        .expect("no admin yet: a link");
    assert!(path.starts_with("/setup/"));
    let path = path.as_str();
    let mut c = app.client();
    assert_eq!(c.get("/setup/not-the-token").await.status, StatusCode::NOT_FOUND);
    let page = c.get(path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Первый запуск");

    let bad = c
        .post(
            path,
            &[
                ("login", "директор"),
                ("surname", ""),
                ("first_name", "Анна"),
                ("new", "short"),
                ("repeat", "short"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Пароль слишком короткий.");
    bad.assert_contains("Заполните это поле.");
    bad.assert_contains(r#"value="Анна""#);

    let ok = c
        .post(
            path,
            &[
                ("login", "it"),
                ("surname", "Иванов"),
                ("first_name", "Иван"),
                ("patronymic", ""),
                ("new", "очень-надёжный"),
                ("repeat", "очень-надёжный"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let home = c.get("/").await;
    home.assert_contains("Администратор создан");
    home.assert_contains("/admin/users");
    // The link is used up.
    assert_eq!(app.client().get(path).await.status, StatusCode::NOT_FOUND);
    assert!(parta::signin::service::issue_setup_if_needed(&app.state).await.unwrap().is_none());
    let users = app.store().read_blocking(|tx| Ok::<_, parta::error::AppError>(USERS.count(tx)?)).unwrap();
    assert_eq!(users, 1);
}
