//! Classes, students, parents, access letters and the sign-in list, as each role uses them.

use crate::common::TestApp;
use axum::http::StatusCode;
use parta::auth::accounts::{self, Profile};
use parta::error::AppError;
use parta::people::model::{Relation, StudentInfo};
use parta::people::service::{class_of, create_parent, create_student, link_parent};
use parta::store::ids::{ClassId, UserId};
use parta::structure::model::{Class, Subject, Teaching, Year};
use parta::structure::service::{add_teaching, create_year, current_year_id, save_class, save_subject};
use redb::Durability;

/// Two classes of the current year: «9Ю» with `chief` as class chief and `teacher` teaching
/// there, and «9Я» with no chief; students in both; one family with a child in each.
struct Fixture {
    class_a: ClassId,
    class_b: ClassId,
    s1: UserId,
    s2: UserId,
    s3: UserId,
    mother: UserId,
}

fn login_id(app: &TestApp, login: &str) -> UserId {
    app.store().read_blocking(|tx| Ok::<_, AppError>(accounts::find_by_login(tx, login)?.unwrap().0)).unwrap()
}

fn names(surname: &str, first: &str, patronymic: &str) -> Profile {
    Profile {
        surname: surname.into(),
        first_name: first.into(),
        patronymic: patronymic.into(),
        ..Profile::default()
    }
}

fn fixture(app: &TestApp) -> Fixture {
    let chief = login_id(app, "chief");
    let teacher = login_id(app, "teacher");
    let today = crate::common::today();
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let year = match current_year_id(tx)? {
                Some(y) => y,
                None => create_year(tx, Year::containing(today))?,
            };
            let class = |letter: &str, chiefs: Vec<UserId>| Class {
                year,
                grade: 9,
                letter: letter.into(),
                chiefs,
                room: "214".into(),
                profile: String::new(),
            };
            let class_a = save_class(tx, None, class("Ю", vec![chief]))?;
            let class_b = save_class(tx, None, class("Я", vec![]))?;
            let start = today - chrono::Duration::days(30);
            let s1 = create_student(
                tx,
                names("Ёлкина", "Вера", "Павловна"),
                StudentInfo::default(),
                class_a,
                start,
                None,
                crate::common::unix(),
            )?;
            let s2 = create_student(
                tx,
                names("Дубов", "Игорь", "Ильич"),
                StudentInfo::default(),
                class_a,
                start,
                None,
                crate::common::unix(),
            )?;
            let s3 = create_student(
                tx,
                names("Ёлкин", "Пётр", "Павлович"),
                StudentInfo::default(),
                class_b,
                start,
                None,
                crate::common::unix(),
            )?;
            let mut mum = names("Ёлкина", "Ольга", "Игоревна");
            mum.phone = "+7 900 111-22-33".into();
            mum.email = "elkina@example.ru".into();
            let mother = create_parent(tx, mum, crate::common::unix())?;
            link_parent(tx, s1, mother, Relation::Mother)?;
            link_parent(tx, s3, mother, Relation::Mother)?;
            let subject = save_subject(
                tx,
                None,
                Subject {
                    name: "Астрономия-тест".into(), short: "Астр".into(), archived: false
                },
            )?;
            add_teaching(tx, Teaching { year, class: class_a, group: None, subject, teacher, hours: 1.0 })?;
            Ok::<_, AppError>(Fixture { class_a, class_b, s1, s2, s3, mother })
        })
        .unwrap()
}

#[tokio::test]
async fn the_class_chief_sees_the_class_with_parents_contacts_and_not_other_classes() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut chief = app.signed_in("chief").await;
    let list = chief.get("/classes").await;
    assert_eq!(list.status, StatusCode::OK);
    list.assert_contains("9Ю");
    list.assert_contains("мой класс");
    list.assert_lacks("9Я");
    let page = chief.get(&format!("/classes/{}", f.class_a)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Ёлкина Вера Павловна");
    page.assert_contains("Дубов Игорь Ильич");
    page.assert_contains("Ёлкина Ольга Игоревна");
    page.assert_contains("+7 900 111-22-33");
    page.assert_contains("нет пароля");
    page.assert_contains("Письма с доступом");
    assert_eq!(chief.get(&format!("/classes/{}", f.class_b)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(chief.get(&format!("/students/{}", f.s3)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_subject_teacher_sees_the_students_they_teach_but_cannot_manage_logins() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut teacher = app.signed_in("teacher").await;
    let page = teacher.get(&format!("/classes/{}", f.class_a)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Дубов Игорь Ильич");
    page.assert_lacks("Письма с доступом");
    page.assert_lacks("Добавить ученика");
    assert_eq!(teacher.get(&format!("/classes/{}/letters", f.class_a)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(teacher.get(&format!("/classes/{}", f.class_b)).await.status, StatusCode::FORBIDDEN);
    let r = teacher
        .post(&format!("/classes/{}/students", f.class_a), &[("surname", "Новиков"), ("first_name", "Олег")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a subject teacher does not add students");
}

#[tokio::test]
async fn a_parent_opens_their_children_only_and_a_student_only_themselves() {
    let app = TestApp::demo();
    let f = fixture(&app);
    // The demo parent is not this family's; give the fixture mother a password to sign in.
    let password = app
        .store()
        .write_blocking(Durability::Immediate, |tx| {
            accounts::issue_one_time_password(tx, f.mother, crate::common::unix())
        })
        .unwrap();
    let login = app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(parta::auth::model::USERS.get(tx, &f.mother)?.unwrap().login))
        .unwrap();
    let mut mum = app.client();
    assert_eq!(mum.login(&login, &password).await.location(), "/account/password");
    mum.get("/account/password").await;
    mum.post(
        "/account/password",
        &[("current", &password), ("new", "мамин-пароль"), ("repeat", "мамин-пароль")],
    )
    .await;
    let own = mum.get(&format!("/students/{}", f.s1)).await;
    assert_eq!(own.status, StatusCode::OK);
    own.assert_contains("Ёлкина Вера Павловна");
    assert_eq!(mum.get(&format!("/students/{}", f.s3)).await.status, StatusCode::OK, "both children");
    assert_eq!(mum.get(&format!("/students/{}", f.s2)).await.status, StatusCode::FORBIDDEN, "another child");
    assert_eq!(
        mum.get(&format!("/classes/{}", f.class_a)).await.status,
        StatusCode::FORBIDDEN,
        "not the class list"
    );
    // Probing ids tells a stranger nothing: a missing student or class is refused the same way.
    assert_eq!(mum.get("/students/999999").await.status, StatusCode::FORBIDDEN);
    assert_eq!(mum.get("/classes/999999").await.status, StatusCode::FORBIDDEN);
    let r = mum.post(&format!("/students/{}", f.s1), &[("surname", "Хакер"), ("first_name", "Вера")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "parents do not edit the file");

    let mut student = app.signed_in("student").await;
    assert_eq!(student.get(&format!("/students/{}", f.s1)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(student.get("/classes").await.status, StatusCode::OK, "an empty list, no classes");
}

#[tokio::test]
async fn the_chief_adds_a_student_and_a_parent_with_messages_on_bad_input() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut chief = app.signed_in("chief").await;
    chief.get(&format!("/classes/{}", f.class_a)).await;
    let bad = chief
        .post(
            &format!("/classes/{}/students", f.class_a),
            &[("surname", "Новикова"), ("first_name", ""), ("birth_date", "2090-01-01"), ("sex", "female")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Заполните это поле.");
    bad.assert_contains("Проверьте дату рождения.");
    bad.assert_contains(r#"value="Новикова""#);
    let ok = chief
        .post(
            &format!("/classes/{}/students", f.class_a),
            &[
                ("surname", "Новикова"),
                ("first_name", "Алиса"),
                ("patronymic", "Романовна"),
                ("birth_date", "2011-04-05"),
                ("sex", "female"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let card = chief.get(ok.location()).await;
    card.assert_contains("Новикова Алиса Романовна");
    card.assert_contains("novikova.ar");
    card.assert_contains("зачисление");
    let student_path = ok.location().to_string();

    let missing = chief
        .post(
            &format!("{student_path}/parents"),
            &[
                ("surname", "Новиков"),
                ("first_name", "Роман"),
                ("relation", ""),
                ("phone", "+7 901 000-00-01"),
            ],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    missing.assert_contains(r#"value="Новиков""#);
    let added = chief
        .post(
            &format!("{student_path}/parents"),
            &[
                ("surname", "Новиков"),
                ("first_name", "Роман"),
                ("relation", "father"),
                ("phone", "+7 901 000-00-01"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let card = chief.get(&student_path).await;
    card.assert_contains("Новиков Роман");
    card.assert_contains("(отец)");
    card.assert_contains("+7 901 000-00-01");
}

#[tokio::test]
async fn transfers_keep_the_past_and_need_rights_on_both_classes() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let today = crate::common::today();
    let tomorrow = (today + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let mut chief = app.signed_in("chief").await;
    chief.get(&format!("/students/{}", f.s2)).await;
    let r = chief
        .post(
            &format!("/students/{}/movement", f.s2),
            &[("kind", "transfer"), ("class", &f.class_b.to_string()), ("date", &tomorrow)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the chief of 9Ю is not the chief of 9Я");
    let no_reason = chief
        .post(
            &format!("/students/{}/movement", f.s2),
            &[("kind", "withdraw"), ("date", &tomorrow), ("reason", "")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_reason.assert_contains("Укажите причину выбытия.");

    let mut director = app.signed_in("director").await;
    director.get(&format!("/students/{}", f.s2)).await;
    let r = director
        .post(
            &format!("/students/{}/movement", f.s2),
            &[
                ("kind", "transfer"),
                ("class", &f.class_b.to_string()),
                ("date", &tomorrow),
                ("order", "17-у"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (before, after) = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>((
                class_of(tx, f.s2, today)?,
                class_of(tx, f.s2, today + chrono::Duration::days(1))?,
            ))
        })
        .unwrap();
    assert_eq!(before, Some(f.class_a), "today still in 9Ю");
    assert_eq!(after, Some(f.class_b), "from tomorrow in 9Я");
    director.get(&format!("/students/{}", f.s2)).await.assert_contains("17-у");
}

#[tokio::test]
async fn access_letters_issue_one_time_passwords_for_the_class_only() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut chief = app.signed_in("chief").await;
    let form = chief.get(&format!("/classes/{}/letters", f.class_a)).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains(&format!(r#"name="id" value="{}" checked"#, f.s1));

    // Someone from another class in the list: refused, and nobody got a password.
    let r = chief
        .post(
            &format!("/classes/{}/letters", f.class_a),
            &[("id", &f.s1.to_string()), ("id", &f.s3.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let creds = app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(parta::auth::model::CREDENTIALS.contains(tx, &f.s1)?))
        .unwrap();
    assert!(!creds, "nothing half-issued");

    chief.get(&format!("/classes/{}/letters", f.class_a)).await;
    let printed = chief
        .post(
            &format!("/classes/{}/letters", f.class_a),
            &[("id", &f.s1.to_string()), ("id", &f.mother.to_string())],
        )
        .await;
    assert_eq!(printed.status, StatusCode::OK);
    printed.assert_contains("Готово 2 письма.");
    printed.assert_contains("<svg");
    printed.assert_contains("http://127.0.0.1:8080/login");
    printed.assert_contains("Родитель (законный представитель):");
    assert_eq!(printed.header("cache-control"), "no-store");
    // The letter's password signs the student in, and must be changed first.
    let after =
        &printed.body[printed.body.find("elkina.vp</code>").expect("the student's login on the letter")..];
    let marker = r#"<code class="big">"#;
    let rest = &after[after.find(marker).unwrap() + marker.len()..];
    let password = &rest[..rest.find('<').unwrap()];
    assert_eq!(password.len(), 10);
    let mut student = app.client();
    assert_eq!(student.login("elkina.vp", password).await.location(), "/account/password");

    // The sign-in list now shows the student as signed in.
    let list = chief.get(&format!("/classes/{}/signins", f.class_a)).await;
    list.assert_contains("Входили 1 из 3.");
    let never = chief.get(&format!("/classes/{}/signins?never=1", f.class_a)).await;
    never.assert_lacks("elkina.vp");
    never.assert_contains("Дубов Игорь Ильич");

    // A teacher who is not the chief may not print letters.
    let mut teacher = app.signed_in("teacher").await;
    teacher.get("/").await;
    let r = teacher.post(&format!("/classes/{}/letters", f.class_a), &[("id", &f.s2.to_string())]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let audit = app.store().read_blocking(|tx| Ok::<_, AppError>(parta::audit::AUDIT.all(tx)?)).unwrap();
    assert!(audit.iter().any(|(_, e)| e.action == "logins.letters"));
}
