//! The timetable through the real router: bells, weekly versions (the first from the year's
//! start, later ones never rewriting the past, clashes refused), one-off changes (substitution,
//! cancellation, move, added lesson, journal data protected) and who may see which week.
//!
//! The demo school may or may not have timetables of its own: these tests use two classes, two
//! teachers and two subjects they create themselves.

use crate::common::{Client, Response, TestApp, today};
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate};
use parta::auth::accounts::{self, Profile};
use parta::auth::model::Role;
use parta::error::AppError;
use parta::journal::model::{Lesson, LessonKey};
use parta::journal::records;
use parta::store::ids::{ClassId, TeachingId, UserId, YearId};
use parta::structure::model::{Class, Subject, Teaching};
use parta::structure::model::{PERIODS, YEARS};
use parta::structure::service::{add_teaching, current_year_id, save_class, save_subject};
use parta::timetable::calendar::ClassCalendar;
use parta::timetable::model::{BELLS, SUBSTITUTIONS, TIMETABLE};
use parta::timetable::model::{ChangeKind, LessonState};
use redb::Durability;

fn login_id(app: &TestApp, login: &str) -> UserId {
    app.store().read_blocking(|tx| Ok::<_, AppError>(accounts::find_by_login(tx, login)?.unwrap().0)).unwrap()
}

/// Classes 9Щ and 9Ъ of the current year; teacher X (Звездочётова) teaches «Астрономия-тест»
/// in both, teacher Y (Линейкин) «Черчение-тест» in 9Щ.
struct Fx {
    year_start: NaiveDate,
    a: ClassId,
    b: ClassId,
    x: UserId,
    ta: TeachingId,
    tb: TeachingId,
    ta2: TeachingId,
}

fn teacher_profile(login: &str, surname: &str, first: &str, patronymic: &str) -> Profile {
    Profile {
        login: login.into(),
        surname: surname.into(),
        first_name: first.into(),
        patronymic: patronymic.into(),
        roles: vec![Role::Teacher],
        ..Profile::default()
    }
}

fn fixture(app: &TestApp) -> Fx {
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let year: YearId = current_year_id(tx)?.expect("the demo has a current year");
            let year_start = YEARS.get(tx, &year)?.unwrap().start;
            let class = |letter: &str| Class {
                year,
                grade: 9,
                letter: letter.into(),
                chiefs: vec![],
                room: String::new(),
                profile: String::new(),
            };
            let a = save_class(tx, None, class("Щ"))?;
            let b = save_class(tx, None, class("Ъ"))?;
            let x = accounts::create_without_password(
                tx,
                teacher_profile("tt-x", "Звездочётова", "Вега", "Павловна"),
                crate::common::unix(),
            )?;
            let y = accounts::create_without_password(
                tx,
                teacher_profile("tt-y", "Линейкин", "Пётр", "Ильич"),
                crate::common::unix(),
            )?;
            let subject = |name: &str| Subject { name: name.into(), short: name.into(), archived: false };
            let astro = save_subject(tx, None, subject("Астрономия-тест"))?;
            let drawing = save_subject(tx, None, subject("Черчение-тест"))?;
            let teaching =
                |class, subject, teacher| Teaching { year, class, group: None, subject, teacher, hours: 1.0 };
            let ta = add_teaching(tx, teaching(a, astro, x))?;
            let tb = add_teaching(tx, teaching(b, astro, x))?;
            let ta2 = add_teaching(tx, teaching(a, drawing, y))?;
            Ok::<_, AppError>(Fx { year_start, a, b, x, ta, tb, ta2 })
        })
        .unwrap()
}

/// A signed-in client that has seen a page (and so holds its CSRF token).
async fn signed_in(app: &TestApp, login: &str) -> Client {
    let mut c = app.signed_in(login).await;
    c.get("/").await;
    c
}

fn calendar(app: &TestApp, class: ClassId, from: NaiveDate, to: NaiveDate) -> ClassCalendar {
    app.store()
        .read_blocking(|tx| Ok::<_, AppError>(ClassCalendar::load(tx, class, from, to)?.unwrap()))
        .unwrap()
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The first study day on or after `from` (within 120 days).
fn study_day_from(app: &TestApp, class: ClassId, from: NaiveDate) -> NaiveDate {
    let cal = calendar(app, class, from, from);
    from.iter_days().take(120).find(|d| cal.is_study_day(*d)).expect("a study day ahead")
}

/// Posts a version of `class`'s week from `from`, shift 1, with `cells` (weekday, number,
/// teaching, room).
async fn save_week(
    c: &mut Client,
    class: ClassId,
    from: NaiveDate,
    cells: &[(u8, u8, TeachingId, &str)],
) -> Response {
    let from = from.to_string();
    let mut fields: Vec<(String, String)> = vec![("from".into(), from), ("shift".into(), "1".into())];
    let mut used: Vec<(u8, u8)> = Vec::new();
    for (wd, n, t, room) in cells {
        let part = used.iter().filter(|c| **c == (*wd, *n)).count();
        used.push((*wd, *n));
        fields.push((format!("t_{wd}_{n}_{part}"), t.to_string()));
        fields.push((format!("r_{wd}_{n}_{part}"), room.to_string()));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post(&format!("/timetable/classes/{class}/versions"), &refs).await
}

/// Lesson 1 of every weekday: teacher X's astronomy in 9Щ, from the year's start.
async fn daily_astronomy(app: &TestApp, admin: &mut Client, f: &Fx) {
    let cells: Vec<(u8, u8, TeachingId, &str)> = (1..=6).map(|wd| (wd, 1, f.ta, "301")).collect();
    admin.get(&format!("/timetable/classes/{}/edit", f.a)).await;
    let r = save_week(admin, f.a, f.year_start, &cells).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.store().read_blocking(|tx| TIMETABLE.contains(tx, &(f.a, f.year_start))).unwrap());
}

#[tokio::test]
async fn the_admin_saves_bells_and_bad_bells_are_refused_with_nothing_saved() {
    let app = TestApp::demo();
    let mut admin = signed_in(&app, "admin").await;
    let page = admin.get("/timetable/bells").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("08:30");
    let r = admin
        .post(
            "/timetable/bells",
            &[
                ("s1_1_start", "08:00"),
                ("s1_1_end", "08:45"),
                ("s1_2_start", "08:55"),
                ("s1_2_end", "09:40"),
                ("s2_1_start", "14:00"),
                ("s2_1_end", "14:45"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = admin.get("/timetable/bells").await;
    page.assert_contains("Сохранено");
    page.assert_contains("08:55");
    let stored = |app: &TestApp| {
        app.store()
            .read_blocking(|tx| {
                Ok::<_, AppError>((BELLS.get(tx, &1)?.unwrap(), BELLS.get(tx, &2)?.is_some()))
            })
            .unwrap()
    };
    let (first, second) = stored(&app);
    assert_eq!(first.lessons.len(), 2);
    assert!(second);

    let r = admin
        .post(
            "/timetable/bells",
            &[("s1_1_start", "09:00"), ("s1_1_end", "08:30"), ("s1_2_start", "08:50"), ("s1_2_end", "09:40")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Урок должен заканчиваться позже, чем начинается.");
    r.assert_contains("value=\"09:00\"");
    let (after, second) = stored(&app);
    assert_eq!(after, first, "nothing saved");
    assert!(second);
    let r = admin.post("/timetable/bells", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("В первой смене должен быть хотя бы один урок.");

    let mut teacher = signed_in(&app, "teacher").await;
    let page = teacher.get("/timetable/bells").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("08:55");
    page.assert_lacks("type=\"time\"");
    let r = teacher.post("/timetable/bells", &[("s1_1_start", "07:00"), ("s1_1_end", "07:45")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_first_version_from_the_year_start_derives_lessons_and_skips_holidays() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut admin = signed_in(&app, "admin").await;
    let edit = admin.get(&format!("/timetable/classes/{}/edit", f.a)).await;
    assert_eq!(edit.status, StatusCode::OK);
    edit.assert_contains("Астрономия-тест — Звездочётова В. П.");
    edit.assert_contains(&format!("value=\"{}\"", f.year_start));
    let r = save_week(&mut admin, f.a, f.year_start, &[(1, 1, f.ta, "301"), (3, 3, f.ta2, "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let end = f.year_start + Duration::days(100);
    let cal = calendar(&app, f.a, f.year_start, end);
    let lessons = cal.lessons_of(f.ta, f.year_start, end);
    assert!(lessons.len() >= 8, "Mondays from the year's start: {}", lessons.len());
    assert!(lessons.iter().all(|(d, p)| d.weekday().number_from_monday() == 1 && p.number == 1));
    assert!(lessons.iter().all(|(d, _)| !cal.is_holiday(*d)), "no lessons in the holidays");

    // A study week shows the lessons with teacher and room.
    let study_monday = lessons[1].0;
    let week = admin.get(&format!("/timetable/classes/{}?week={study_monday}", f.a)).await;
    assert_eq!(week.status, StatusCode::OK);
    week.assert_contains("Астрономия-тест");
    week.assert_contains("Звездочётова В. П.");
    week.assert_contains("301");
    week.assert_contains("Черчение-тест");
    // The list of versions names who saved it.
    week.assert_contains("Соколов Андрей Викторович");

    // A week wholly inside the holidays has no lessons.
    let holiday_monday = f
        .year_start
        .iter_days()
        .take(300)
        .find(|d| {
            d.weekday().number_from_monday() == 1 && (0..6).all(|i| cal.is_holiday(*d + Duration::days(i)))
        })
        .expect("a whole week of holidays");
    let week = admin.get(&format!("/timetable/classes/{}?week={holiday_monday}", f.a)).await;
    assert_eq!(week.status, StatusCode::OK);
    week.assert_lacks("Астрономия-тест");
    week.assert_contains("нет занятий");
}

#[tokio::test]
async fn a_later_version_leaves_past_weeks_unchanged_and_only_the_future_can_be_deleted() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut admin = signed_in(&app, "admin").await;
    daily_astronomy(&app, &mut admin, &f).await;
    // The next study Monday after today.
    let future = study_day_from(&app, f.a, monday(today()) + Duration::days(7));
    let r = save_week(&mut admin, f.a, future, &[(2, 2, f.ta, "302")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let cal = calendar(&app, f.a, f.year_start, future + Duration::days(14));
    let before: Vec<_> = cal.lessons_of(f.ta, f.year_start, future - Duration::days(1));
    assert!(before.iter().all(|(_, p)| p.number == 1), "the old week up to the new version");
    assert!(!before.is_empty());
    let after = cal.lessons_of(f.ta, future, future + Duration::days(13));
    assert!(
        !after.is_empty()
            && after.iter().all(|(d, p)| p.number == 2 && d.weekday().number_from_monday() == 2)
    );

    let page = admin.get(&format!("/timetable/classes/{}", f.a)).await;
    page.assert_contains("будущая");
    page.assert_contains(&format!("/timetable/classes/{}/versions/{future}/delete", f.a));
    // The version in force cannot be deleted; the future one can.
    let r = admin.post(&format!("/timetable/classes/{}/versions/{}/delete", f.a, f.year_start), &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = admin.post(&format!("/timetable/classes/{}/versions/{future}/delete", f.a), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let versions = app
        .store()
        .read_blocking(|tx| {
            let mut n = 0;
            TIMETABLE.scan_prefix(tx, &f.a, parta::store::Order::Asc, |_, _| {
                n += 1;
                true
            })?;
            Ok::<_, AppError>(n)
        })
        .unwrap();
    assert_eq!(versions, 1);
}

#[tokio::test]
async fn a_past_version_is_never_replaced() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut admin = signed_in(&app, "admin").await;
    daily_astronomy(&app, &mut admin, &f).await;
    assert!(today() > f.year_start, "run after the first day of the year");
    let r = save_week(&mut admin, f.a, f.year_start, &[(2, 2, f.ta, "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Прошлое расписание не меняется");
    let yesterday = today() - Duration::days(1);
    let r = save_week(&mut admin, f.a, yesterday, &[(2, 2, f.ta, "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stored = app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(TIMETABLE.get(tx, &(f.a, f.year_start))?.unwrap()))
        .unwrap();
    assert_eq!(stored.slots.len(), 6, "the first version is as it was");
    assert!(app.store().read_blocking(|tx| TIMETABLE.get(tx, &(f.a, yesterday))).unwrap().is_none());
}

#[tokio::test]
async fn a_teacher_in_two_places_at_once_is_refused_with_the_clash_named() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut admin = signed_in(&app, "admin").await;
    let r = save_week(&mut admin, f.b, f.year_start, &[(1, 2, f.tb, "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = save_week(&mut admin, f.a, f.year_start, &[(1, 2, f.ta, ""), (2, 2, f.ta, "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Звездочётова В. П. уже ведёт урок в 9Ъ в пн, 2-й урок.");
    // What was typed is kept.
    r.assert_contains(&format!("<option value=\"{}\" selected>", f.ta));
    assert!(app.store().read_blocking(|tx| TIMETABLE.get(tx, &(f.a, f.year_start))).unwrap().is_none());
    // Another lesson number is fine.
    let r = save_week(&mut admin, f.a, f.year_start, &[(1, 3, f.ta, "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn a_substitution_shows_in_the_substitutes_week_and_marks_the_class_week() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut admin = signed_in(&app, "admin").await;
    daily_astronomy(&app, &mut admin, &f).await;
    let day = study_day_from(&app, f.a, today());
    let smirnova = login_id(&app, "teacher");
    admin.get(&format!("/timetable/changes?date={day}&class={}", f.a)).await;
    let lesson = format!("1_{}", f.ta);
    let (class, date) = (f.a.to_string(), day.to_string());
    // The lesson's own teacher cannot substitute.
    let own = f.x.to_string();
    let r = admin
        .post(
            "/timetable/changes",
            &[
                ("class", &class),
                ("date", &date),
                ("kind", "substitute"),
                ("lesson", &lesson),
                ("teacher", &own),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Это учитель самого урока");

    let sub = smirnova.to_string();
    let r = admin
        .post(
            "/timetable/changes",
            &[
                ("class", &class),
                ("date", &date),
                ("kind", "substitute"),
                ("lesson", &lesson),
                ("teacher", &sub),
                ("room", "214"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let subs = app
        .store()
        .read_blocking(|tx| {
            let mut keys = Vec::new();
            SUBSTITUTIONS.scan_prefix(tx, &(smirnova, day), parta::store::Order::Asc, |k, ()| {
                keys.push(k);
                true
            })?;
            Ok::<_, AppError>(keys)
        })
        .unwrap();
    let mine: Vec<_> = subs.iter().filter(|k| k.2 == f.a).collect();
    assert_eq!(mine.len(), 1, "kept in step with the change");
    let cal = calendar(&app, f.a, day, day);
    assert_eq!(cal.day(day)[0].state, LessonState::Substituted(smirnova));

    let week = admin.get(&format!("/timetable/teachers/{smirnova}?week={day}")).await;
    assert_eq!(week.status, StatusCode::OK);
    week.assert_contains("Астрономия-тест");
    week.assert_contains("9Щ");
    week.assert_contains("замена за Звездочётова В. П.");
    let own_week = admin.get(&format!("/timetable/teachers/{}?week={day}", f.x)).await;
    own_week.assert_contains("заменяет Смирнова О. Н.");
    let class_week = admin.get(&format!("/timetable/classes/{}?week={day}", f.a)).await;
    class_week.assert_contains("Смирнова О. Н.");
    class_week.assert_contains("tt-changed");
    class_week.assert_contains("214");
    let list = admin.get(&format!("/timetable/changes?date={day}")).await;
    list.assert_contains("9Щ");
    list.assert_contains("Смирнова О. Н.");

    // Deleting the change removes the substitution too.
    let id = mine[0].3;
    let r = admin.post(&format!("/timetable/changes/{}/{day}/{id}/delete", f.a), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let left = app.store().read_blocking(|tx| SUBSTITUTIONS.contains(tx, mine[0])).unwrap();
    assert!(!left);
    assert_eq!(calendar(&app, f.a, day, day).day(day)[0].state, LessonState::Regular);
}

#[tokio::test]
async fn cancelling_removes_a_lesson_and_a_move_is_a_cancellation_plus_an_added_lesson() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut admin = signed_in(&app, "admin").await;
    daily_astronomy(&app, &mut admin, &f).await;
    let day = study_day_from(&app, f.a, today());
    let next = study_day_from(&app, f.a, day + Duration::days(1));
    admin.get("/timetable/changes").await;
    let lesson = format!("1_{}", f.ta);
    let (class, d1, d2) = (f.a.to_string(), day.to_string(), next.to_string());
    let r = admin
        .post(
            "/timetable/changes",
            &[("class", &class), ("date", &d1), ("kind", "cancel"), ("lesson", &lesson)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cal = calendar(&app, f.a, day, next);
    assert!(!cal.has_lesson(f.ta, day, 1));
    assert!(cal.lessons_of(f.ta, day, day).is_empty());
    let week = admin.get(&format!("/timetable/classes/{}?week={day}", f.a)).await;
    week.assert_contains("отменён");
    // A cancelled lesson cannot be cancelled again.
    let r = admin
        .post(
            "/timetable/changes",
            &[("class", &class), ("date", &d1), ("kind", "cancel"), ("lesson", &lesson)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Такого урока у класса в этот день нет.");
    // Nor brought back by an added lesson: the cancellation is deleted instead.
    let astro = f.ta.to_string();
    let r = admin
        .post(
            "/timetable/changes",
            &[("class", &class), ("date", &d1), ("kind", "add"), ("teaching", &astro), ("number", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("удалите отмену");

    let r = admin
        .post(
            "/timetable/changes",
            &[
                ("class", &class),
                ("date", &d2),
                ("kind", "move"),
                ("lesson", &lesson),
                ("to_date", &d2),
                ("to_number", "5"),
                ("note", "экскурсия"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cal = calendar(&app, f.a, next, next);
    assert!(!cal.has_lesson(f.ta, next, 1));
    assert!(cal.has_lesson(f.ta, next, 5));
    let notes: Vec<(ChangeKind, String)> =
        cal.changes_on(next).iter().map(|(_, c)| (c.kind.clone(), c.note.clone())).collect();
    assert_eq!(notes.len(), 2);
    assert!(
        notes.iter().any(|(k, n)| *k == ChangeKind::Cancelled
            && n.contains("перенесён на")
            && n.contains("экскурсия"))
    );
    assert!(notes.iter().any(|(k, n)| *k == ChangeKind::Added && n.contains("перенесён с")));

    // The number is taken now; an extra lesson of the other subject elsewhere is fine.
    let other = f.ta2.to_string();
    let r = admin
        .post(
            "/timetable/changes",
            &[("class", &class), ("date", &d2), ("kind", "add"), ("teaching", &other), ("number", "5")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("У класса уже есть урок с этим номером.");
    let r = admin
        .post(
            "/timetable/changes",
            &[("class", &class), ("date", &d2), ("kind", "add"), ("teaching", &other), ("number", "7")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(calendar(&app, f.a, next, next).has_lesson(f.ta2, next, 7));
    let week = admin.get(&format!("/timetable/classes/{}?week={next}", f.a)).await;
    week.assert_contains("доп. урок");
}

#[tokio::test]
async fn a_lesson_with_journal_data_cannot_be_cancelled_or_moved_and_closed_periods_are_locked() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut admin = signed_in(&app, "admin").await;
    daily_astronomy(&app, &mut admin, &f).await;
    let day = study_day_from(&app, f.a, today());
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let lesson = Lesson { topic: "Солнечная система".into(), ..Lesson::default() };
            records::save_lesson(tx, LessonKey { teaching: f.ta, date: day, number: 1 }, &lesson)?;
            Ok::<_, AppError>(())
        })
        .unwrap();
    admin.get("/timetable/changes").await;
    let (class, date, lesson) = (f.a.to_string(), day.to_string(), format!("1_{}", f.ta));
    for kind in ["cancel", "move"] {
        let r = admin
            .post(
                "/timetable/changes",
                &[
                    ("class", &class),
                    ("date", &date),
                    ("kind", kind),
                    ("lesson", &lesson),
                    ("to_date", &date),
                    ("to_number", "6"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{kind}");
        r.assert_contains("В этом уроке уже есть записи журнала");
    }
    assert!(calendar(&app, f.a, day, day).changes_on(day).is_empty());

    // A closed period takes no changes at all.
    let next = study_day_from(&app, f.a, day + Duration::days(1));
    let period = calendar(&app, f.a, next, next).period_of(next).unwrap().0;
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let mut p = PERIODS.get(tx, &period)?.unwrap();
            p.closed = true;
            PERIODS.insert(tx, &period, &p)?;
            Ok::<_, AppError>(())
        })
        .unwrap();
    let r = admin
        .post(
            "/timetable/changes",
            &[("class", &class), ("date", &next.to_string()), ("kind", "cancel"), ("lesson", &lesson)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Учебный период закрыт");
}

#[tokio::test]
async fn a_student_sees_their_own_week_only() {
    let app = TestApp::demo();
    let (me, class, classmate) = app
        .store()
        .read_blocking(|tx| {
            let me = accounts::find_by_login(tx, "student")?.unwrap().0;
            let class = parta::people::service::class_of(tx, me, today())?.unwrap();
            let mate = parta::people::service::students_of(tx, class, today())?
                .into_iter()
                .find(|s| *s != me)
                .unwrap();
            Ok::<_, AppError>((me, class, mate))
        })
        .unwrap();
    let mut student = signed_in(&app, "student").await;
    let r = student.get("/timetable").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/timetable/students/{me}"));
    let own = student.get(&format!("/timetable/students/{me}")).await;
    assert_eq!(own.status, StatusCode::OK);
    own.assert_contains("Петров Артём Дмитриевич");
    for path in [
        format!("/timetable/students/{classmate}"),
        format!("/timetable/classes/{class}"),
        "/timetable/rooms/201".to_string(),
        "/timetable/bells".to_string(),
        "/timetable/changes".to_string(),
        format!("/timetable/teachers/{}", login_id(&app, "teacher")),
        "/timetable/students/999999".to_string(),
    ] {
        assert_eq!(student.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn a_parent_sees_each_childs_week_and_no_other() {
    let app = TestApp::demo();
    let (children, stranger) = app
        .store()
        .read_blocking(|tx| {
            let parent = accounts::find_by_login(tx, "parent")?.unwrap().0;
            let children = parta::people::service::children_of(tx, parent)?;
            let me = accounts::find_by_login(tx, "student")?.unwrap().0;
            let class = parta::people::service::class_of(tx, me, today())?.unwrap();
            let stranger = parta::people::service::students_of(tx, class, today())?
                .into_iter()
                .find(|s| !children.contains(s))
                .unwrap();
            Ok::<_, AppError>((children, stranger))
        })
        .unwrap();
    assert_eq!(children.len(), 2);
    let mut parent = signed_in(&app, "parent").await;
    let index = parent.get("/timetable").await;
    assert_eq!(index.status, StatusCode::OK);
    for child in &children {
        index.assert_contains(&format!("/timetable/students/{child}"));
        assert_eq!(parent.get(&format!("/timetable/students/{child}")).await.status, StatusCode::OK);
    }
    index.assert_contains("Петров Артём Дмитриевич");
    assert_eq!(parent.get(&format!("/timetable/students/{stranger}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(parent.get("/timetable/rooms/201").await.status, StatusCode::FORBIDDEN);
    assert_eq!(parent.get("/timetable/bells").await.status, StatusCode::FORBIDDEN);
    assert_eq!(parent.get("/timetable/changes").await.status, StatusCode::FORBIDDEN);
    let class = app
        .store()
        .read_blocking(|tx| parta::people::service::class_of(tx, children[0], today()))
        .unwrap()
        .unwrap();
    assert_eq!(parent.get(&format!("/timetable/classes/{class}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_teacher_reads_timetables_but_cannot_change_them() {
    let app = TestApp::demo();
    let f = fixture(&app);
    let mut admin = signed_in(&app, "admin").await;
    daily_astronomy(&app, &mut admin, &f).await;
    let day = study_day_from(&app, f.a, today());
    admin.get("/timetable/changes").await;
    let r = admin
        .post(
            "/timetable/changes",
            &[
                ("class", &f.a.to_string()),
                ("date", &day.to_string()),
                ("kind", "cancel"),
                ("lesson", &format!("1_{}", f.ta)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let change = calendar(&app, f.a, day, day).changes_on(day)[0].0;

    let mut teacher = signed_in(&app, "teacher").await;
    let index = teacher.get("/timetable").await;
    assert_eq!(index.status, StatusCode::OK);
    index.assert_contains("Моё расписание");
    assert_eq!(teacher.get(&format!("/timetable/classes/{}", f.a)).await.status, StatusCode::OK);
    assert_eq!(teacher.get("/timetable/rooms/301").await.status, StatusCode::OK);
    assert_eq!(teacher.get(&format!("/timetable/teachers/{}", f.x)).await.status, StatusCode::OK);
    let changes = teacher.get(&format!("/timetable/changes?date={day}")).await;
    assert_eq!(changes.status, StatusCode::OK);
    changes.assert_lacks("Новое изменение");
    assert_eq!(teacher.get(&format!("/timetable/classes/{}/edit", f.a)).await.status, StatusCode::FORBIDDEN);
    let denied = [
        format!("/timetable/classes/{}/versions", f.a),
        format!("/timetable/classes/{}/versions/{}/delete", f.a, f.year_start),
        "/timetable/changes".to_string(),
        format!("/timetable/changes/{}/{day}/{change}/delete", f.a),
        "/timetable/bells".to_string(),
    ];
    for path in &denied {
        let r = teacher.post(path, &[("from", &day.to_string()), ("shift", "1")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert!(!calendar(&app, f.a, day, day).changes_on(day).is_empty(), "the change is still there");
}

#[tokio::test]
async fn unknown_ids_are_not_found_for_those_who_may_look() {
    let app = TestApp::demo();
    let mut admin = signed_in(&app, "admin").await;
    for path in [
        "/timetable/classes/999999",
        "/timetable/classes/999999/edit",
        "/timetable/students/999999",
        "/timetable/teachers/999999",
        "/timetable/rooms/%D0%9D%D0%B5%D1%82%20%D1%82%D0%B0%D0%BA%D0%BE%D0%B3%D0%BE",
    ] {
        assert_eq!(admin.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // An account that is not a teacher has no teacher's week.
    let parent = login_id(&app, "parent");
    assert_eq!(admin.get(&format!("/timetable/teachers/{parent}")).await.status, StatusCode::NOT_FOUND);
    // A room name with spaces and Cyrillic letters is found through its encoded path.
    let f = fixture(&app);
    let r = save_week(&mut admin, f.a, f.year_start, &[(1, 1, f.ta, "Спортзал 2")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let index = admin.get("/timetable").await;
    index.assert_contains("/timetable/rooms/%D0%A1%D0%BF%D0%BE%D1%80%D1%82%D0%B7%D0%B0%D0%BB%202");
    let cal = calendar(&app, f.a, f.year_start, f.year_start);
    let week = f
        .year_start
        .iter_days()
        .find(|d| d.weekday().number_from_monday() == 1 && cal.is_study_day(*d))
        .unwrap();
    let room = admin
        .get(&format!("/timetable/rooms/%D0%A1%D0%BF%D0%BE%D1%80%D1%82%D0%B7%D0%B0%D0%BB%202?week={week}"))
        .await;
    assert_eq!(room.status, StatusCode::OK);
    room.assert_contains("Астрономия-тест");
}
