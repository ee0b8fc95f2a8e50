//! The administration area: accounts, the school card, the logs; and who may not use them.

use crate::common::{TestApp, input_value};
use axum::http::StatusCode;
use parta::audit::AUDIT;
use parta::audit::Outcome;
use parta::auth::model::USERS;
use parta::error::AppError;

fn user_id(app: &TestApp, login: &str) -> u64 {
    app.store()
        .read_blocking(|tx| Ok::<_, AppError>(parta::auth::accounts::find_by_login(tx, login)?.unwrap().0.0))
        .unwrap()
}

/// The value shown in `<code class="big" id="otp">…</code>`.
fn one_time_password(html: &str) -> String {
    let start = html.find(r#"id="otp">"#).expect("a one-time password on the page") + 9;
    html[start..start + html[start..].find('<').unwrap()].to_string()
}

#[tokio::test]
async fn the_admin_creates_an_account_that_must_choose_its_password() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let form = admin.get("/admin/users/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let r = admin
        .post(
            "/admin/users",
            &[
                ("surname", "Сидорова"),
                ("first_name", "Мария"),
                ("patronymic", "Ивановна"),
                ("login", "Sidorova.MI"),
                ("email", "sidorova@example.ru"),
                ("phone", "+7 900 000-00-00"),
                ("position", "Учитель биологии"),
                ("roles", "teacher"),
                ("roles", "parent"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    r.assert_contains("Учётная запись создана");
    r.assert_contains("sidorova.mi");
    let password = one_time_password(&r.body);
    assert_eq!(password.len(), 10);

    let mut newcomer = app.client();
    let first = newcomer.login("sidorova.mi", &password).await;
    assert_eq!(first.location(), "/account/password", "a one-time password must be changed first");
    // Until then every other page leads back to the password form.
    let elsewhere = newcomer.get("/").await;
    assert_eq!(elsewhere.location(), "/account/password");
    newcomer.get("/account/password").await.assert_contains("Перед началом работы задайте свой пароль.");
    let changed = newcomer
        .post(
            "/account/password",
            &[("current", &password), ("new", "своё-слово-9"), ("repeat", "своё-слово-9")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(newcomer.get("/").await.status, StatusCode::OK);

    let audit = app.store().read_blocking(|tx| Ok::<_, AppError>(AUDIT.all(tx)?)).unwrap();
    assert!(audit.iter().any(|(_, e)| e.action == "users.create" && e.outcome == Outcome::Allowed));
}

#[tokio::test]
async fn a_refused_account_form_keeps_what_was_typed_and_says_what_is_wrong() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    admin.get("/admin/users/new").await;
    let before = app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.count(tx)?)).unwrap();
    let r = admin
        .post(
            "/admin/users",
            &[
                ("surname", "Иванов"),
                ("first_name", ""),
                ("login", "teacher"),
                ("email", "not-an-email"),
                ("phone", "звоните"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Проверьте поля, отмеченные ниже.");
    r.assert_contains("Заполните это поле.");
    r.assert_contains("Такой логин уже занят.");
    r.assert_contains("Это не похоже на адрес электронной почты.");
    r.assert_contains("Выберите хотя бы одну роль.");
    r.assert_contains(r#"value="Иванов""#);
    r.assert_contains(r#"value="not-an-email""#);
    let after = app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.count(tx)?)).unwrap();
    assert_eq!(before, after, "nothing written");
}

/// «Найдено N пользователей» with the Russian plural the list uses.
fn users_found(n: usize) -> String {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => format!("Найден {n} пользователь"),
        (2..=4, r) if !(12..=14).contains(&r) => format!("Найдено {n} пользователя"),
        _ => format!("Найдено {n} пользователей"),
    }
}

#[tokio::test]
async fn the_account_list_searches_by_name_and_answers_htmx_with_the_table_only() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let (accounts, parents) = app
        .store()
        .read_blocking(|tx| {
            let users = USERS.all(tx)?;
            let parents = users.iter().filter(|(_, u)| u.has(parta::auth::model::Role::Parent)).count();
            Ok::<_, AppError>((users.len(), parents))
        })
        .unwrap();
    let all = admin.get("/admin/users").await;
    all.assert_contains(&users_found(accounts));
    let found = admin.get("/admin/users?q=смирн").await;
    found.assert_contains("Смирнова Ольга Николаевна");
    found.assert_lacks("Волкова");
    found.assert_contains("Найден 1 пользователь");
    let by_role = admin.get("/admin/users?role=parent").await;
    by_role.assert_contains(&users_found(parents));
    let petrovs = admin.get("/admin/users?role=parent&q=петров").await;
    petrovs.assert_contains("Петрова Анна");
    petrovs.assert_contains("Петров Дмитрий");
    petrovs.assert_lacks("Петров Артём");
    petrovs.assert_lacks("Петрова Дарья");

    admin.headers.push(("HX-Request".into(), "true".into()));
    let fragment = admin.get("/admin/users?q=волк").await;
    assert_eq!(fragment.status, StatusCode::OK);
    assert!(fragment.body.starts_with(r#"<div id="users-results">"#), "{}", fragment.body);
    fragment.assert_lacks("<html");
    assert!(fragment.header("vary").contains("HX-Request"));
}

#[tokio::test]
async fn the_admin_edits_an_account_and_a_taken_login_is_refused() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let id = user_id(&app, "teacher");
    let page = admin.get(&format!("/admin/users/{id}")).await;
    page.assert_contains(r#"value="Смирнова""#);
    let fields = |login: &'static str| {
        vec![
            ("surname", "Смирнова-Орлова"),
            ("first_name", "Ольга"),
            ("patronymic", "Николаевна"),
            ("login", login),
            ("roles", "teacher"),
            ("roles", "admin"),
        ]
    };
    let taken = admin.post(&format!("/admin/users/{id}"), &fields("student")).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    taken.assert_contains("Такой логин уже занят.");
    let ok = admin.post(&format!("/admin/users/{id}"), &fields("orlova")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let after = admin.get(ok.location()).await;
    after.assert_contains("Сохранено.");
    after.assert_contains(r#"value="Смирнова-Орлова""#);
    // The new login signs in; the old one is free and unknown.
    let mut c = app.client();
    assert_eq!(c.login("orlova", "demo").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.client().login("teacher", "demo").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_admin_resets_a_password_and_the_old_one_stops_working() {
    let app = TestApp::demo();
    let mut parent = app.signed_in("parent").await;
    let mut admin = app.signed_in("admin").await;
    let id = user_id(&app, "parent");
    admin.get(&format!("/admin/users/{id}")).await;
    let r = admin.post(&format!("/admin/users/{id}/password"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Выдан новый пароль");
    assert_eq!(r.header("cache-control"), "no-store");
    let password = one_time_password(&r.body);
    assert_eq!(parent.get("/").await.status, StatusCode::SEE_OTHER, "the reset ends the parent's sessions");
    assert_eq!(app.client().login("parent", "demo").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut c = app.client();
    assert_eq!(c.login("parent", &password).await.location(), "/account/password");
    // The page with the password is not shown again.
    let page = admin.get(&format!("/admin/users/{id}")).await;
    page.assert_lacks(&password);
    page.assert_contains("При следующем входе нужно сменить пароль.");
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let id = user_id(&app, "admin");
    admin.get(&format!("/admin/users/{id}")).await;
    let r = admin.post(&format!("/admin/users/{id}/disable"), &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Нельзя отключить собственную учётную запись.");
    let r = admin
        .post(
            &format!("/admin/users/{id}"),
            &[("surname", "Соколов"), ("first_name", "Андрей"), ("login", "admin"), ("roles", "teacher")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Нельзя снять с себя роль администратора.");
    assert_eq!(admin.get("/admin/users").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_teacher_can_neither_open_nor_write_the_account_pages_and_the_denial_is_audited() {
    let app = TestApp::demo();
    let mut teacher = app.signed_in("teacher").await;
    let home = teacher.get("/").await;
    home.assert_lacks("/admin/users");
    for path in [
        "/admin/users",
        "/admin/users/new",
        "/admin/school",
        "/admin/signins",
        "/admin/audit",
        "/admin/users/1",
    ] {
        let r = teacher.get(path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "GET {path}");
        r.assert_contains("Нет доступа");
    }
    // The write paths refuse too, whatever the read paths do (Gibbon #2072).
    let student = user_id(&app, "student");
    let before = app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.all(tx)?)).unwrap();
    let attempts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            "/admin/users".into(),
            vec![("surname", "X"), ("first_name", "Y"), ("login", "intruder"), ("roles", "admin")],
        ),
        (
            format!("/admin/users/{student}"),
            vec![("surname", "X"), ("first_name", "Y"), ("login", "student"), ("roles", "admin")],
        ),
        (format!("/admin/users/{student}/password"), vec![]),
        (format!("/admin/users/{student}/disable"), vec![]),
        (
            "/admin/school".into(),
            vec![("full_name", "Захвачено"), ("short_name", "X"), ("time_zone", "Europe/Moscow")],
        ),
    ];
    for (path, fields) in &attempts {
        let r = teacher.post(path, fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "POST {path}");
    }
    let after = app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.all(tx)?)).unwrap();
    assert_eq!(before, after, "no account changed");
    assert_ne!(app.state.school().full_name, "Захвачено");
    // Every denial is in the audit log (written just after the response).
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let teacher_id = user_id(&app, "teacher");
    let denials = app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(AUDIT.all(tx)?))
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.outcome == Outcome::Denied && e.actor.map(|a| a.0) == Some(teacher_id))
        .count();
    assert_eq!(denials, 6 + attempts.len());
    // The teacher may not read the audit log, the principal may.
    let mut director = app.signed_in("director").await;
    let audit = director.get("/admin/audit").await;
    assert_eq!(audit.status, StatusCode::OK);
    audit.assert_contains("users.manage");
    audit.assert_contains("отказано");
}

#[tokio::test]
async fn the_principal_sees_accounts_but_cannot_change_them() {
    let app = TestApp::demo();
    let mut director = app.signed_in("director").await;
    let list = director.get("/admin/users").await;
    assert_eq!(list.status, StatusCode::OK);
    list.assert_lacks("/admin/users/new");
    let id = user_id(&app, "teacher");
    let page = director.get(&format!("/admin/users/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<fieldset disabled>");
    page.assert_lacks("Выдать новый пароль");
    let r = director.post(&format!("/admin/users/{id}/password"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(director.get("/admin/users/new").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_sign_in_log_lists_attempts_for_the_administration() {
    let app = TestApp::demo();
    app.client().login("student", "wrong").await;
    let mut admin = app.signed_in("admin").await;
    let log = admin.get("/admin/signins").await;
    assert_eq!(log.status, StatusCode::OK);
    log.assert_contains("неверный логин или пароль");
    log.assert_contains("вход выполнен");
    log.assert_contains("Петров А. Д.");
    let mut student = app.signed_in("student").await;
    assert_eq!(student.get("/admin/signins").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_school_card_is_edited_with_per_field_messages() {
    let app = TestApp::demo();
    let mut director = app.signed_in("director").await;
    let page = director.get("/admin/school").await;
    page.assert_contains("МБОУ СОШ № 7");
    let bad = director
        .post(
            "/admin/school",
            &[("full_name", "Лицей № 2"), ("short_name", ""), ("time_zone", "Moscow/Kremlin")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Укажите часовой пояс, например Europe/Moscow.");
    bad.assert_contains(r#"value="Лицей № 2""#);
    assert_eq!(app.state.school().short_name, "МБОУ СОШ № 7", "nothing saved");
    let ok = director
        .post(
            "/admin/school",
            &[
                ("full_name", "МАОУ «Лицей № 2»"),
                ("short_name", "Лицей № 2"),
                ("director", "Орлов О. О."),
                ("time_zone", "Asia/Yekaterinburg"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let home = director.get("/").await;
    home.assert_contains("Лицей № 2");
    assert_eq!(app.state.tz(), chrono_tz::Asia::Yekaterinburg);
}

#[tokio::test]
async fn the_school_logo_is_stored_in_the_data_file_and_only_pictures_are_accepted() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    admin.get("/admin/school").await;
    let svg = admin.upload("/admin/school/logo", "logo", "logo.svg", b"<svg onload=alert(1)></svg>").await;
    assert_eq!(svg.status, StatusCode::BAD_REQUEST);
    let huge = vec![0x89u8; 3 * 1024 * 1024];
    let r = admin.upload("/admin/school/logo", "logo", "big.png", &huge).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    r.assert_contains("Слишком большой файл или запрос");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(std::iter::repeat_n(7u8, 300_000));
    let ok = admin.upload("/admin/school/logo", "logo", "герб.png", &png).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let logo = app.client().get("/school/logo").await;
    assert_eq!(logo.status, StatusCode::OK);
    assert_eq!(logo.header("content-type"), "image/png");
    // Without the CSRF token in the query the upload is refused.
    let mut forged = app.signed_in("admin").await;
    forged.csrf = Some("x".repeat(43));
    assert_eq!(
        forged.upload("/admin/school/logo", "logo", "a.png", &png).await.status,
        StatusCode::FORBIDDEN
    );
    let page = admin.get("/admin/school").await;
    let _ = input_value(&page.body, "_csrf");
    let removed = admin.post("/admin/school/logo/delete", &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(app.client().get("/school/logo").await.status, StatusCode::NOT_FOUND);
    let blobs = app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(parta::store::tables::BLOB_CHUNKS.count(tx)?))
        .unwrap();
    assert_eq!(blobs, 0, "the chunks go with the logo");
}
