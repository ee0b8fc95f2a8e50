//! The school structure pages: years and periods, holidays, classes and groups, subjects,
//! assignment types, teaching; and who may read and change them. Each test makes the years and
//! classes it needs through the pages (years far from today, so whatever the demo school holds
//! does not overlap them).

use crate::common::{Client, Response, TestApp};
use axum::http::StatusCode;
use parta::audit::AUDIT;
use parta::audit::Outcome;
use parta::auth::accounts::{Profile, find_by_login};
use parta::error::AppError;
use parta::people::model::StudentInfo;
use parta::store::ids::{ClassId, GroupId, SubjectId, UserId, YearId};
use parta::structure::model::Scheme;
use parta::structure::model::{CLASSES, GROUPS, HOLIDAYS, SUBJECTS, TEACHING, WORK_TYPES, YEARS};
use parta::structure::service;

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn user(app: &TestApp, login: &str) -> UserId {
    app.store().read_blocking(|tx| Ok::<_, AppError>(find_by_login(tx, login)?.unwrap().0)).unwrap()
}

/// The number at the end of a redirect's path: `/structure/classes/7#groups` → 7.
fn location_id(r: &Response) -> u64 {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "expected a redirect:\n{}", r.body);
    let path = r.location().split(['#', '?']).next().unwrap();
    path.rsplit('/').next().unwrap().parse().unwrap_or_else(|_| panic!("no id in {}", r.location()))
}

/// Creates a year through the page; returns its id.
async fn create_year(c: &mut Client, name: &str, start: &str, end: &str) -> YearId {
    assert_eq!(c.get("/structure/years").await.status, StatusCode::OK);
    let r = c.post("/structure/years", &[("name", name), ("start", start), ("end", end)]).await;
    YearId(location_id(&r))
}

/// Creates a class through the page; returns its id.
async fn create_class(c: &mut Client, year: YearId, grade: &str, letter: &str, chiefs: &[UserId]) -> ClassId {
    c.get(&format!("/structure/classes/new?year={year}")).await;
    let year = year.to_string();
    let chiefs: Vec<String> = chiefs.iter().map(|c| c.to_string()).collect();
    let mut fields = vec![("year", year.as_str()), ("grade", grade), ("letter", letter), ("room", "12")];
    fields.extend(chiefs.iter().map(|c| ("chiefs", c.as_str())));
    ClassId(location_id(&c.post("/structure/classes", &fields).await))
}

/// Creates a subject through the page; returns its id.
async fn create_subject(app: &TestApp, c: &mut Client, name: &str) -> SubjectId {
    c.get("/structure/subjects").await;
    let r = c.post("/structure/subjects", &[("name", name), ("short", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.store()
        .read_blocking(|tx| {
            Ok::<_, AppError>(SUBJECTS.all(tx)?.into_iter().find(|(_, s)| s.name == name).unwrap().0)
        })
        .unwrap()
}

/// Enrols a new student into `class` from `from`.
fn enrol(app: &TestApp, class: ClassId, login: &str, from: &str) -> UserId {
    let profile = Profile {
        login: login.into(),
        surname: "Соколова".into(),
        first_name: "Вера".into(),
        ..Profile::default()
    };
    app.store()
        .write_blocking(redb::Durability::Immediate, |tx| {
            parta::people::service::create_student(
                tx,
                profile,
                StudentInfo::default(),
                class,
                d(from),
                None,
                crate::common::unix(),
            )
        })
        .unwrap()
}

fn audited(app: &TestApp, action: &str) -> bool {
    app.store()
        .read_blocking(|tx| Ok::<_, AppError>(AUDIT.all(tx)?))
        .unwrap()
        .iter()
        .any(|(_, e)| e.action == action && e.outcome == Outcome::Allowed)
}

#[tokio::test]
async fn an_admin_creates_a_year_with_default_periods_and_schemes() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let list = admin.get("/structure/years").await;
    list.assert_contains("Новый учебный год");
    let id = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;

    let page = admin.get(&format!("/structure/years/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("2031/2032");
    page.assert_contains("Учебный год создан.");
    for heading in
        ["Четверти", "Триместры", "Полугодия", "1 четверть", "4 четверть", "3 триместр", "2 полугодие"]
    {
        page.assert_contains(heading);
    }
    // The usual dates: the first quarter ends before the autumn holidays, the year's last
    // period ends in late May.
    page.assert_contains(r#"value="2031-10-24""#);
    page.assert_contains(r#"value="2032-05-26""#);
    let (grade5, grade10) = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>((service::scheme_of(tx, id, 5)?, service::scheme_of(tx, id, 10)?))
        })
        .unwrap();
    assert_eq!((grade5, grade10), (Scheme::Quarters, Scheme::HalfYears));
    assert!(audited(&app, "structure.year.create"));

    // The list shows it; the overview of that year too.
    admin.get("/structure/years").await.assert_contains(&format!(r#"href="/structure/years/{id}""#));
    let overview = admin.get(&format!("/structure?year={id}")).await;
    assert_eq!(overview.status, StatusCode::OK);
    overview.assert_contains("2031/2032");

    // A parallel may change its scheme.
    admin.get(&format!("/structure/years/{id}")).await;
    let mut schemes: Vec<(String, String)> =
        (1..=11).map(|g| (format!("g{g}"), "quarters".to_string())).collect();
    schemes[4].1 = "trimesters".into();
    let fields: Vec<(&str, &str)> = schemes.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = admin.post(&format!("/structure/years/{id}/schemes"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (grade5, grade10) = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>((service::scheme_of(tx, id, 5)?, service::scheme_of(tx, id, 10)?))
        })
        .unwrap();
    assert_eq!((grade5, grade10), (Scheme::Trimesters, Scheme::Quarters));
}

#[tokio::test]
async fn an_overlapping_or_reversed_year_is_refused_with_what_was_typed() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let before = app.store().read_blocking(|tx| Ok::<_, AppError>(YEARS.count(tx)?)).unwrap();

    let r = admin
        .post("/structure/years", &[("name", "Ещё один"), ("start", "2032-03-01"), ("end", "2033-02-28")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Даты пересекаются с другим учебным годом.");
    r.assert_contains(r#"value="Ещё один""#);
    r.assert_contains(r#"value="2032-03-01""#);

    let r = admin
        .post("/structure/years", &[("name", "2031/2032"), ("start", "2034-09-01"), ("end", "2034-08-31")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Год с таким названием уже есть.");
    r.assert_contains("Окончание года должно быть позже начала.");

    let r = admin.post("/structure/years", &[("name", "2040/2041"), ("start", "завтра"), ("end", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Укажите дату");
    r.assert_contains("Заполните это поле.");

    let after = app.store().read_blocking(|tx| Ok::<_, AppError>(YEARS.count(tx)?)).unwrap();
    assert_eq!(before, after, "nothing was saved");
}

#[tokio::test]
async fn wrong_periods_are_refused_next_to_the_period_and_nothing_is_saved() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let id = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let stored = || {
        app.store()
            .read_blocking(|tx| Ok::<_, AppError>(service::periods_of(tx, id, Scheme::Quarters)?))
            .unwrap()
    };
    let before = stored();
    admin.get(&format!("/structure/years/{id}")).await;
    let path = format!("/structure/years/{id}/periods/quarters");
    // The second quarter starts before the first ends.
    let overlapping = [
        ("p1_start", "2031-09-01"),
        ("p1_end", "2031-11-10"),
        ("p2_start", "2031-11-05"),
        ("p2_end", "2031-12-28"),
        ("p3_start", "2032-01-12"),
        ("p3_end", "2032-03-21"),
        ("p4_start", "2032-03-30"),
        ("p4_end", "2032-05-26"),
    ];
    let r = admin.post(&path, &overlapping).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains(r#"<p class="error" id="f-p2_start-error">Период пересекается с предыдущим.</p>"#);
    r.assert_contains(r#"value="2031-11-10""#);
    assert_eq!(stored(), before);

    // The last quarter ends after the year.
    let mut late = overlapping;
    late[1].1 = "2031-10-24";
    late[7].1 = "2032-09-10";
    let r = admin.post(&path, &late).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains(r#"<p class="error" id="f-p4_end-error">Даты должны быть внутри учебного года.</p>"#);
    assert_eq!(stored(), before);

    // Fixed, it is saved.
    let mut good = late;
    good[7].1 = "2032-05-29";
    let r = admin.post(&path, &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(stored()[3].1.end, d("2032-05-29"));
    assert!(audited(&app, "structure.periods.save"));
}

#[tokio::test]
async fn holidays_are_added_checked_and_deleted() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let id = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    admin.get(&format!("/structure/years/{id}")).await;
    let path = format!("/structure/years/{id}/holidays");
    let r = admin.post(&path, &[("name", "Осенние"), ("start", "2031-11-03"), ("end", "2031-10-26")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Окончание должно быть не раньше начала.");
    r.assert_contains(r#"value="Осенние""#);
    let r = admin.post(&path, &[("name", "Летние"), ("start", "2032-08-01"), ("end", "2032-09-05")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Даты должны быть внутри учебного года.");

    let r = admin.post(&path, &[("name", "Осенние"), ("start", "2031-10-26"), ("end", "2031-11-03")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = admin.get(&format!("/structure/years/{id}")).await;
    page.assert_contains("Осенние");
    page.assert_contains("26 октября 2031");
    let holiday =
        app.store().read_blocking(|tx| Ok::<_, AppError>(service::holidays_of(tx, id)?)).unwrap()[0].0;
    let r = admin.post(&format!("/structure/holidays/{holiday}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store().read_blocking(|tx| Ok::<_, AppError>(HOLIDAYS.get(tx, &holiday)?)).unwrap(), None);
}

#[tokio::test]
async fn a_closed_year_is_read_only() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let year = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let class = create_class(&mut admin, year, "5", "А", &[]).await;
    admin.get(&format!("/structure/years/{year}")).await;
    let r = admin.post(&format!("/structure/years/{year}/close"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.store().read_blocking(|tx| Ok::<_, AppError>(YEARS.get(tx, &year)?)).unwrap().unwrap().closed
    );
    assert!(audited(&app, "structure.year.close"));

    let page = admin.get(&format!("/structure/years/{year}")).await;
    page.assert_contains("Учебный год закрыт: его можно только просматривать.");
    page.assert_lacks("Закрыть учебный год");

    let y = year.to_string();
    let c = class.to_string();
    let attempts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/structure/years/{year}"),
            vec![("name", "2031/2032"), ("start", "2031-09-01"), ("end", "2032-08-31")],
        ),
        (format!("/structure/years/{year}/close"), vec![]),
        (
            format!("/structure/years/{year}/periods/half_years"),
            vec![
                ("p1_start", "2031-09-01"),
                ("p1_end", "2031-12-28"),
                ("p2_start", "2032-01-12"),
                ("p2_end", "2032-05-26"),
            ],
        ),
        (
            format!("/structure/years/{year}/holidays"),
            vec![("name", "Зимние"), ("start", "2031-12-29"), ("end", "2032-01-11")],
        ),
        ("/structure/classes".into(), vec![("year", &y), ("grade", "6"), ("letter", "А")]),
        (format!("/structure/classes/{class}"), vec![("grade", "5"), ("letter", "Б")]),
        (format!("/structure/classes/{class}/delete"), vec![]),
        (format!("/structure/classes/{class}/groups"), vec![("name", "1"), ("subject", "1")]),
        (
            "/structure/teaching".into(),
            vec![("year", &y), ("taught", "c1"), ("subject", "1"), ("teacher", "1"), ("hours", "1")],
        ),
    ];
    for (path, fields) in &attempts {
        let r = admin.post(path, fields).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        r.assert_contains("Учебный год закрыт: изменения невозможны.");
        admin.get(&format!("/structure/classes/{c}")).await;
    }
    let kept = app.store().read_blocking(|tx| Ok::<_, AppError>(CLASSES.get(tx, &class)?)).unwrap().unwrap();
    assert_eq!(kept.name(), "5А");
    // Which year is shown by default is not a change to the year.
    let r = admin.post(&format!("/structure/years/{year}/current"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn classes_are_created_edited_listed_and_kept_while_they_have_students() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let teacher = user(&app, "teacher");
    let year = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let form = admin.get(&format!("/structure/classes/new?year={year}")).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains(&format!(r#"name="chiefs" value="{teacher}""#));

    let class = create_class(&mut admin, year, "5", " а ", &[teacher]).await;
    let page = admin.get(&format!("/structure/classes/{class}")).await;
    page.assert_contains("Класс 5А");
    assert!(audited(&app, "structure.class.save"));

    // The same name in the same year is refused, with what was typed.
    admin.get(&format!("/structure/classes/new?year={year}")).await;
    let y = year.to_string();
    let r = admin
        .post(
            "/structure/classes",
            &[("year", &y), ("grade", "5"), ("letter", "А"), ("profile", "физико-математический")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Такой класс в этом году уже есть.");
    r.assert_contains(r#"value="физико-математический""#);
    // A chief must be a teacher.
    let psychologist = user(&app, "psychologist").to_string();
    let r = admin
        .post(
            "/structure/classes",
            &[("year", &y), ("grade", "6"), ("letter", "В"), ("chiefs", &psychologist)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Классным руководителем может быть только учитель.");

    // Edited: another letter, a room, a profile.
    admin.get(&format!("/structure/classes/{class}")).await;
    let t = teacher.to_string();
    let r = admin
        .post(
            &format!("/structure/classes/{class}"),
            &[("grade", "5"), ("letter", "Б"), ("room", "204"), ("profile", "гуманитарный"), ("chiefs", &t)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = admin.get(&format!("/structure/classes?year={year}")).await;
    list.assert_contains("5Б");
    list.assert_contains("гуманитарный");
    list.assert_contains("5-е классы");
    let chief_name = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>(parta::auth::model::USERS.get(tx, &teacher)?.unwrap().short_name())
        })
        .unwrap();
    list.assert_contains(&chief_name);

    // A class that has students is not deleted; the page says why.
    enrol(&app, class, "sokolova.test", "2031-09-01");
    admin.get(&format!("/structure/classes/{class}")).await.assert_contains("В классе 1 ученик");
    let r = admin.post(&format!("/structure/classes/{class}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("В классе есть или были ученики: его нельзя удалить.");
    assert!(app.store().read_blocking(|tx| Ok::<_, AppError>(CLASSES.contains(tx, &class)?)).unwrap());

    // An empty class is deleted.
    let empty = create_class(&mut admin, year, "7", "В", &[]).await;
    let r = admin.post(&format!("/structure/classes/{empty}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!app.store().read_blocking(|tx| Ok::<_, AppError>(CLASSES.contains(tx, &empty)?)).unwrap());
}

#[tokio::test]
async fn groups_take_students_of_their_class_only() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let year = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let class = create_class(&mut admin, year, "8", "А", &[]).await;
    let other = create_class(&mut admin, year, "8", "Б", &[]).await;
    let english = create_subject(&app, &mut admin, "Английский язык (тест)").await;
    let pupil = enrol(&app, class, "pupil.one", "2031-09-01");
    let stranger = enrol(&app, other, "pupil.two", "2031-09-01");

    admin.get(&format!("/structure/classes/{class}")).await;
    let path = format!("/structure/classes/{class}/groups");
    let s = english.to_string();
    let r = admin.post(&path, &[("name", ""), ("subject", &s)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Заполните это поле.");
    let group = GroupId(location_id(&admin.post(&path, &[("name", "1 группа"), ("subject", &s)]).await));

    let page = admin.get(&format!("/structure/groups/{group}")).await;
    page.assert_contains(&format!(r#"name="students" value="{pupil}""#));
    page.assert_lacks(&format!(r#"name="students" value="{stranger}""#));
    let (p, x) = (pupil.to_string(), stranger.to_string());
    let r = admin
        .post(
            &format!("/structure/groups/{group}"),
            &[("name", "1 группа"), ("subject", &s), ("students", &p), ("students", &x)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("В подгруппу можно выбрать только учеников этого класса.");
    let r = admin
        .post(
            &format!("/structure/groups/{group}"),
            &[("name", "Группа 1"), ("subject", &s), ("students", &p)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let saved = app.store().read_blocking(|tx| Ok::<_, AppError>(GROUPS.get(tx, &group)?)).unwrap().unwrap();
    assert_eq!((saved.name.as_str(), saved.students), ("Группа 1", vec![pupil]));

    // Taught in the group, it is not deleted; without teaching, it is.
    admin.get("/structure/teaching").await;
    let y = year.to_string();
    let g = format!("g{group}");
    let t = user(&app, "teacher").to_string();
    let r = admin
        .post(
            "/structure/teaching",
            &[("year", &y), ("taught", &g), ("subject", &s), ("teacher", &t), ("hours", "1,5")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    admin.get(&format!("/structure/groups/{group}")).await;
    let r = admin.post(&format!("/structure/groups/{group}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Подгруппа указана в нагрузке учителей");
    let teaching =
        app.store().read_blocking(|tx| Ok::<_, AppError>(service::teaching_of(tx, year)?)).unwrap();
    admin.get(&format!("/structure/teaching?year={year}")).await;
    let r = admin.post(&format!("/structure/teaching/{}/delete", teaching[0].0), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    admin.get(&format!("/structure/groups/{group}")).await;
    let r = admin.post(&format!("/structure/groups/{group}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!app.store().read_blocking(|tx| Ok::<_, AppError>(GROUPS.contains(tx, &group)?)).unwrap());
}

#[tokio::test]
async fn subjects_are_unique_editable_and_archived() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let id = create_subject(&app, &mut admin, "Астрономия для теста").await;
    admin.get("/structure/subjects").await.assert_contains("Астрономия для теста");
    let r =
        admin.post("/structure/subjects", &[("name", "  астрономия   для ТЕСТА "), ("short", "Астр.")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Такой предмет уже есть.");
    r.assert_contains(r#"value="Астр.""#);

    admin.get(&format!("/structure/subjects/{id}")).await;
    let r = admin
        .post(&format!("/structure/subjects/{id}"), &[("name", "Астрономия (тест)"), ("short", "Астр.")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = admin.post(&format!("/structure/subjects/{id}/archive"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let s = app.store().read_blocking(|tx| Ok::<_, AppError>(SUBJECTS.get(tx, &id)?)).unwrap().unwrap();
    assert_eq!((s.name.as_str(), s.short.as_str(), s.archived), ("Астрономия (тест)", "Астр.", true));
    admin.get(&format!("/structure/subjects/{id}")).await.assert_contains("Вернуть из архива");
    // Editing an archived subject keeps it archived.
    admin
        .post(&format!("/structure/subjects/{id}"), &[("name", "Астрономия (тест)"), ("short", "Астр")])
        .await;
    assert!(
        app.store().read_blocking(|tx| Ok::<_, AppError>(SUBJECTS.get(tx, &id)?)).unwrap().unwrap().archived
    );
    assert!(audited(&app, "structure.subject.archive"));
}

#[tokio::test]
async fn assignment_types_are_listed_edited_and_checked() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let list = admin.get("/structure/work-types").await;
    list.assert_contains("Контрольная работа");
    list.assert_contains("К/р");

    let r = admin
        .post("/structure/work-types", &[("name", "Устный зачёт (тест)"), ("abbr", "УЗт"), ("weight", "11")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Вес — целое число от 1 до 10.");
    r.assert_contains(r#"value="Устный зачёт (тест)""#);
    let r = admin
        .post("/structure/work-types", &[("name", "Контрольная работа"), ("abbr", "К/р"), ("weight", "3")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Такой тип задания уже есть.");
    r.assert_contains("Такое сокращение уже занято.");
    let r = admin
        .post("/structure/work-types", &[("name", "Устный зачёт (тест)"), ("abbr", "УЗт"), ("weight", "3")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let (id, _) = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>(
                WORK_TYPES.all(tx)?.into_iter().find(|(_, w)| w.name == "Устный зачёт (тест)").unwrap(),
            )
        })
        .unwrap();
    admin.get(&format!("/structure/work-types/{id}")).await;
    let r = admin
        .post(
            &format!("/structure/work-types/{id}"),
            &[("name", "Устный зачёт (тест)"), ("abbr", "УЗт"), ("weight", "4")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = admin.post(&format!("/structure/work-types/{id}/archive"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let w = app.store().read_blocking(|tx| Ok::<_, AppError>(WORK_TYPES.get(tx, &id)?)).unwrap().unwrap();
    assert_eq!((w.weight, w.archived), (4, true));
}

#[tokio::test]
async fn teaching_is_added_for_teachers_only_and_filtered() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let year = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let class = create_class(&mut admin, year, "9", "А", &[]).await;
    let maths = create_subject(&app, &mut admin, "Алгебра (тест)").await;
    let page = admin.get(&format!("/structure/teaching?year={year}")).await;
    page.assert_contains("Нагрузки в этом учебном году пока нет.");

    let (y, c, s) = (year.to_string(), format!("c{class}"), maths.to_string());
    let psychologist = user(&app, "psychologist").to_string();
    let r = admin
        .post(
            "/structure/teaching",
            &[("year", &y), ("taught", &c), ("subject", &s), ("teacher", &psychologist), ("hours", "4")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Выберите учителя.");
    r.assert_contains(r#"id="f-hours" name="hours" type="text" value="4""#);
    let r = admin
        .post(
            "/structure/teaching",
            &[("year", &y), ("taught", ""), ("subject", &s), ("teacher", &psychologist), ("hours", "сорок")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Выберите класс этого учебного года.");
    r.assert_contains("Часы в неделю — число от 0 до 40.");

    let teacher = user(&app, "teacher");
    let t = teacher.to_string();
    let fields = [("year", y.as_str()), ("taught", &c), ("subject", &s), ("teacher", &t), ("hours", "4,5")];
    let r = admin.post("/structure/teaching", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = admin.post("/structure/teaching", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Такая нагрузка уже есть.");
    let stored = app.store().read_blocking(|tx| Ok::<_, AppError>(TEACHING.all(tx)?)).unwrap();
    let mine: Vec<_> = stored.iter().filter(|(_, t)| t.year == year).collect();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].1.class, mine[0].1.teacher, mine[0].1.hours), (class, teacher, 4.5));

    let by_teacher = admin.get(&format!("/structure/teaching?year={year}&teacher={teacher}")).await;
    by_teacher.assert_contains("Алгебра (тест)");
    by_teacher.assert_contains("4,5");
    let other_class = create_class(&mut admin, year, "9", "Б", &[]).await;
    let by_class = admin.get(&format!("/structure/teaching?year={year}&class={other_class}")).await;
    by_class.assert_contains("По выбранному фильтру ничего не нашлось.");
    assert!(audited(&app, "structure.teaching.add"));

    // The class with teaching is not deleted.
    admin.get(&format!("/structure/classes/{class}")).await;
    let r = admin.post(&format!("/structure/classes/{class}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("У класса есть нагрузка учителей");
}

#[tokio::test]
async fn a_teacher_reads_the_structure_but_changes_nothing() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let year = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let class = create_class(&mut admin, year, "10", "А", &[]).await;
    let subject = create_subject(&app, &mut admin, "Право (тест)").await;
    admin.get(&format!("/structure/classes/{class}")).await;
    let s = subject.to_string();
    let group = location_id(
        &admin.post(&format!("/structure/classes/{class}/groups"), &[("name", "1"), ("subject", &s)]).await,
    );
    admin.get(&format!("/structure/years/{year}")).await;
    admin
        .post(
            &format!("/structure/years/{year}/holidays"),
            &[("name", "Зимние"), ("start", "2031-12-29"), ("end", "2032-01-11")],
        )
        .await;
    let holiday =
        app.store().read_blocking(|tx| Ok::<_, AppError>(service::holidays_of(tx, year)?)).unwrap()[0].0;
    let (y, c, t) = (year.to_string(), format!("c{class}"), user(&app, "teacher").to_string());
    admin
        .post(
            "/structure/teaching",
            &[("year", &y), ("taught", &c), ("subject", &s), ("teacher", &t), ("hours", "2")],
        )
        .await;
    let teaching =
        app.store().read_blocking(|tx| Ok::<_, AppError>(service::teaching_of(tx, year)?)).unwrap()[0].0;
    let work_type = 1;

    let mut teacher = app.signed_in("teacher").await;
    let reads = [
        "/structure".to_string(),
        format!("/structure?year={year}"),
        "/structure/years".into(),
        format!("/structure/years/{year}"),
        format!("/structure/classes?year={year}"),
        format!("/structure/classes/{class}"),
        format!("/structure/groups/{group}"),
        "/structure/subjects".into(),
        format!("/structure/subjects/{subject}"),
        "/structure/work-types".into(),
        format!("/structure/work-types/{work_type}"),
        format!("/structure/teaching?year={year}"),
    ];
    for path in &reads {
        let r = teacher.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        r.assert_lacks(r#"type="submit">Сохранить"#);
    }
    let writes = [
        "/structure/years".to_string(),
        format!("/structure/years/{year}"),
        format!("/structure/years/{year}/current"),
        format!("/structure/years/{year}/close"),
        format!("/structure/years/{year}/periods/quarters"),
        format!("/structure/years/{year}/schemes"),
        format!("/structure/years/{year}/holidays"),
        format!("/structure/holidays/{holiday}/delete"),
        "/structure/classes".into(),
        format!("/structure/classes/new?year={year}"),
        format!("/structure/classes/{class}"),
        format!("/structure/classes/{class}/delete"),
        format!("/structure/classes/{class}/groups"),
        format!("/structure/groups/{group}"),
        format!("/structure/groups/{group}/delete"),
        "/structure/subjects".into(),
        format!("/structure/subjects/{subject}"),
        format!("/structure/subjects/{subject}/archive"),
        format!("/structure/subjects/{subject}/restore"),
        "/structure/work-types".into(),
        format!("/structure/work-types/{work_type}"),
        format!("/structure/work-types/{work_type}/archive"),
        format!("/structure/work-types/{work_type}/restore"),
        "/structure/teaching".into(),
        format!("/structure/teaching/{teaching}/delete"),
    ];
    for path in &writes {
        teacher.get("/structure").await;
        let r = if path.contains("/new?") {
            teacher.get(path).await
        } else {
            teacher.post(path, &[("name", "Чужое"), ("year", &y), ("grade", "5"), ("letter", "Я")]).await
        };
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        r.assert_contains("Нет доступа");
    }
    // Nothing changed.
    let (years, classes, holidays) = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>((
                YEARS.get(tx, &year)?.unwrap(),
                CLASSES.get(tx, &class)?.unwrap(),
                service::holidays_of(tx, year)?.len(),
            ))
        })
        .unwrap();
    assert!(!years.closed);
    assert_eq!(classes.name(), "10А");
    assert_eq!(holidays, 1);
}

#[tokio::test]
async fn students_and_parents_cannot_see_the_structure() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let year = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let class = create_class(&mut admin, year, "3", "А", &[]).await;
    for login in ["student", "parent"] {
        let mut c = app.signed_in(login).await;
        let home = c.get("/").await;
        home.assert_lacks(r#"href="/structure""#);
        for path in [
            "/structure".to_string(),
            "/structure/years".into(),
            format!("/structure/years/{year}"),
            format!("/structure/classes?year={year}"),
            format!("/structure/classes/{class}"),
            "/structure/subjects".into(),
            "/structure/work-types".into(),
            "/structure/teaching".into(),
        ] {
            let r = c.get(&path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} {path}");
        }
    }
}

#[tokio::test]
async fn the_principal_changes_the_structure_too() {
    let app = TestApp::demo();
    let mut director = app.signed_in("director").await;
    let year = create_year(&mut director, "2033/2034", "2033-09-01", "2034-08-31").await;
    let class = create_class(&mut director, year, "1", "А", &[]).await;
    director.get(&format!("/structure/classes/{class}")).await.assert_contains("Удалить класс");
    // The viewed year can be chosen on every page of a year.
    let mut admin = app.signed_in("admin").await;
    create_year(&mut admin, "2035/2036", "2035-09-01", "2036-08-31").await;
    let page = director.get(&format!("/structure/classes?year={year}")).await;
    page.assert_contains(r#"name="year""#);
    page.assert_contains("1А");
    assert_eq!(director.get("/structure/classes?year=999999").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_teacher_sees_the_students_of_a_group_only_in_a_class_they_teach() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let year = create_year(&mut admin, "2031/2032", "2031-09-01", "2032-08-31").await;
    let taught = create_class(&mut admin, year, "6", "А", &[]).await;
    let other = create_class(&mut admin, year, "6", "Б", &[]).await;
    let subject = create_subject(&app, &mut admin, "Немецкий язык (тест)").await;
    let mut groups = Vec::new();
    for (class, login) in [(taught, "pupil.taught"), (other, "pupil.other")] {
        let pupil = enrol(&app, class, login, "2031-09-01").to_string();
        admin.get(&format!("/structure/classes/{class}")).await;
        let s = subject.to_string();
        let group = location_id(
            &admin
                .post(&format!("/structure/classes/{class}/groups"), &[("name", "1"), ("subject", &s)])
                .await,
        );
        let r = admin
            .post(
                &format!("/structure/groups/{group}"),
                &[("name", "1"), ("subject", &s), ("students", &pupil)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        groups.push(group);
    }
    admin.get("/structure/teaching").await;
    let (y, c, s, t) =
        (year.to_string(), format!("c{taught}"), subject.to_string(), user(&app, "teacher").to_string());
    let r = admin
        .post(
            "/structure/teaching",
            &[("year", &y), ("taught", &c), ("subject", &s), ("teacher", &t), ("hours", "2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let mut teacher = app.signed_in("teacher").await;
    let mine = teacher.get(&format!("/structure/groups/{}", groups[0])).await;
    mine.assert_contains("Соколова Вера");
    let theirs = teacher.get(&format!("/structure/groups/{}", groups[1])).await;
    assert_eq!(theirs.status, StatusCode::OK);
    theirs.assert_lacks("Соколова Вера");
    theirs.assert_contains("Список учеников виден классному руководителю");
}
