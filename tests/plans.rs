//! Lesson plans (КТП) through the real router: making a plan, its topics, binding it to a
//! class, the journal filled from it and following timetable changes and the teacher's own
//! topics, the progress and the plans behind, and who may do what.

use crate::common::{Client, TestApp, today};
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use parta::auth::accounts;
use parta::error::AppError;
use parta::journal::model::{Lesson, LessonKey};
use parta::journal::records;
use parta::plans::bind::laid;
use parta::plans::model::Plan;
use parta::plans::model::{PLAN_BINDINGS, PLANS};
use parta::store::ids::{PlanId, TeachingId, UserId};
use parta::store::{Order, Reader};
use parta::structure::model::{CLASSES, TEACHING, TEACHING_BY_TEACHER};
use parta::timetable::calendar::ClassCalendar;

fn id_of(tx: &impl Reader, login: &str) -> UserId {
    accounts::find_by_login(tx, login).unwrap().unwrap().0
}

/// The demo teacher's mathematics in 6А: it follows no plan in the demo.
fn six_a_maths(app: &TestApp) -> TeachingId {
    app.store()
        .read_blocking(|tx| {
            let teacher = id_of(tx, "teacher");
            let mut mine = Vec::new();
            TEACHING_BY_TEACHER.scan_prefix(tx, &teacher, Order::Asc, |(_, t), ()| {
                mine.push(t);
                true
            })?;
            for t in mine {
                let teaching = TEACHING.get(tx, &t)?.unwrap();
                let class = CLASSES.get(tx, &teaching.class)?.unwrap();
                if class.grade == 6 && teaching.group.is_none() {
                    return Ok::<_, AppError>(t);
                }
            }
            panic!("the demo teacher teaches 6А");
        })
        .unwrap()
}

/// The lessons of `t` from tomorrow on, in order: the demo gave today's lessons their topics
/// already, so the plan is laid from the first lesson after them.
fn lessons_ahead(app: &TestApp, t: TeachingId) -> Vec<(NaiveDate, u8)> {
    app.store()
        .read_blocking(|tx| {
            let teaching = TEACHING.get(tx, &t)?.unwrap();
            let from = today() + chrono::Days::new(1);
            let to = today() + chrono::Days::new(60);
            let cal = ClassCalendar::load(tx, teaching.class, from, to)?.unwrap();
            Ok::<_, AppError>(cal.lessons_of(t, from, to).into_iter().map(|(d, p)| (d, p.number)).collect())
        })
        .unwrap()
}

fn lesson(app: &TestApp, t: TeachingId, l: (NaiveDate, u8)) -> Option<Lesson> {
    app.store()
        .read_blocking(|tx| {
            Ok::<_, AppError>(records::lesson(tx, LessonKey { teaching: t, date: l.0, number: l.1 })?)
        })
        .unwrap()
}

fn plan_of(app: &TestApp, t: TeachingId) -> Option<(PlanId, Plan)> {
    app.store()
        .read_blocking(|tx| {
            Ok::<_, AppError>(match PLAN_BINDINGS.get(tx, &t)? {
                Some(id) => PLANS.get(tx, &id)?.map(|p| (id, p)),
                None => None,
            })
        })
        .unwrap()
}

async fn signed(app: &TestApp, login: &str) -> Client {
    let mut c = app.signed_in(login).await;
    c.get("/plans").await;
    c
}

/// Makes a plan for 6А maths through the form and gives it three topics.
async fn make_plan(app: &TestApp, c: &mut Client, t: TeachingId) -> PlanId {
    let r = c.post("/plans", &[("scope", &format!("t{t}")), ("title", "По учебнику Мерзляка")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (id, _) = plan_of(app, t).expect("a new plan for one class is followed by it");
    c.get(&format!("/plans/{id}")).await;
    let r = c.post(&format!("/plans/{id}/sections"), &[("title", "Обыкновенные дроби")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for (title, hours, homework) in [
        ("Дроби и проценты", "2", "§ 1, № 5"),
        ("Сравнение дробей", "1", "§ 2, № 9"),
        ("Сложение дробей", "1", ""),
    ] {
        let r = c
            .post(
                &format!("/plans/{id}/topics"),
                &[
                    ("title", title),
                    ("hours", hours),
                    ("kind", "new"),
                    ("section", "0"),
                    ("homework", homework),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    id
}

#[tokio::test]
async fn a_teacher_makes_a_plan_and_it_fills_the_journal_ahead() {
    let app = TestApp::demo();
    let t = six_a_maths(&app);
    assert!(plan_of(&app, t).is_none());
    let mut c = signed(&app, "teacher").await;
    let id = make_plan(&app, &mut c, t).await;
    let ahead = lessons_ahead(&app, t);
    assert!(ahead.len() >= 5, "{ahead:?}");

    // Held lessons of the year take the plan's first hours; what lies ahead gets the rest, or
    // nothing once the plan's four hours are used up.
    let (plan_id, plan) = plan_of(&app, t).unwrap();
    assert_eq!(plan_id, id);
    assert_eq!(plan.hours(), 4);
    let page = c.get(&format!("/plans/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Дроби и проценты");
    page.assert_contains("Обыкновенные дроби");
    page.assert_contains("6А");

    // A plan that starts today: the lessons before today were given with topics of their own
    // (the demo journal), so the plan starts at today's first open lesson.
    let filled: Vec<Lesson> =
        ahead.iter().filter_map(|l| lesson(&app, t, *l)).filter(|l| l.plan.is_some()).collect();
    assert!(!filled.is_empty(), "lessons ahead were filled from the plan");
    let first = &filled[0];
    assert!(first.plan.unwrap().auto);
    assert_eq!(first.topic, "Дроби и проценты");
    assert_eq!(first.homework, "§ 1, № 5", "the first hour of a topic carries its homework");
    assert!(first.due.is_some(), "homework is due at the next lesson");
    if filled.len() > 1 {
        assert_eq!(filled[1].topic, "Дроби и проценты", "a two-hour topic takes two lessons");
        assert_eq!(filled[1].homework, "", "homework only on the topic's first hour");
    }
}

#[tokio::test]
async fn bad_topics_are_refused_and_nothing_is_stored() {
    let app = TestApp::demo();
    let t = six_a_maths(&app);
    let mut c = signed(&app, "teacher").await;
    let id = make_plan(&app, &mut c, t).await;
    let before = plan_of(&app, t).unwrap().1;
    for (title, hours, kind) in
        [("", "1", "new"), ("Тема", "0", "new"), ("Тема", "abc", "new"), ("Тема", "1", "lecture")]
    {
        let r = c
            .post(
                &format!("/plans/{id}/topics"),
                &[("title", title), ("hours", hours), ("kind", kind), ("section", "0")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{title} {hours} {kind}");
        r.assert_contains("role=\"alert\"");
    }
    let r =
        c.post(&format!("/plans/{id}/topics"), &[("title", "Тема"), ("hours", "41"), ("section", "0")]).await;
    r.assert_contains("Часы — целое число от 1 до 40.");
    assert_eq!(plan_of(&app, t).unwrap().1.sections, before.sections);
    // A section with topics is not deleted.
    let r = c.post(&format!("/plans/{id}/sections/0/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // No scope: refused in place.
    let r = c.post("/plans", &[("scope", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn editing_moving_and_deleting_topics_lays_the_plan_out_again() {
    let app = TestApp::demo();
    let t = six_a_maths(&app);
    let mut c = signed(&app, "teacher").await;
    let id = make_plan(&app, &mut c, t).await;
    let plan = plan_of(&app, t).unwrap().1;
    let ids: Vec<u32> = plan.topics().map(|(_, t)| t.id).collect();
    // The third topic moves up: it now comes right after the first.
    let r = c.post(&format!("/plans/{id}/topics/{}/move", ids[2]), &[("dir", "up")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let order: Vec<u32> = plan_of(&app, t).unwrap().1.topics().map(|(_, t)| t.id).collect();
    assert_eq!(order, vec![ids[0], ids[2], ids[1]]);
    // Edited: one hour instead of two, another title.
    let page = c.get(&format!("/plans/{id}/topics/{}", ids[0])).await;
    page.assert_contains("Дроби и проценты");
    let r = c
        .post(
            &format!("/plans/{id}/topics/{}", ids[0]),
            &[
                ("title", "Понятие дроби"),
                ("hours", "1"),
                ("kind", "new"),
                ("section", "0"),
                ("homework", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let ahead = lessons_ahead(&app, t);
    let topics: Vec<String> = ahead
        .iter()
        .filter_map(|l| lesson(&app, t, *l))
        .filter(|l| l.plan.is_some())
        .map(|l| l.topic)
        .collect();
    assert_eq!(
        &topics[..3.min(topics.len())],
        &["Понятие дроби", "Сложение дробей", "Сравнение дробей"][..3.min(topics.len())]
    );
    // Deleted: what it filled in goes too.
    let r = c.post(&format!("/plans/{id}/topics/{}/delete", ids[1]), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let all: Vec<String> = ahead.iter().filter_map(|l| lesson(&app, t, *l)).map(|l| l.topic).collect();
    assert!(!all.iter().any(|x| x == "Сравнение дробей"), "{all:?}");
}

#[tokio::test]
async fn a_lesson_of_the_teachers_own_puts_the_class_behind_and_shifts_the_topics() {
    let app = TestApp::demo();
    let t = six_a_maths(&app);
    let mut c = signed(&app, "teacher").await;
    make_plan(&app, &mut c, t).await;
    // The first lesson ahead.
    let ahead = lessons_ahead(&app, t);
    let (first, second) = (ahead[0], ahead[1]);
    assert_eq!(lesson(&app, t, first).unwrap().topic, "Дроби и проценты");
    // The lesson panel offers the plan's topics.
    let slug = format!("{}.{}", first.0, first.1);
    let panel = c.get(&format!("/journal/{t}/lessons/{slug}")).await;
    panel.assert_contains("Тема по КТП");
    panel.assert_contains("— своя тема, не из плана —");
    // The teacher gives a review lesson of their own instead.
    let r = c
        .post(
            &format!("/journal/{t}/lessons/{slug}"),
            &[
                ("topic", "Повторение: действия с натуральными числами"),
                ("homework", ""),
                ("due", ""),
                ("plan_topic", ""),
            ],
        )
        .await;
    assert!(r.status.is_redirection() || r.status == StatusCode::OK, "{}", r.status);
    let own = lesson(&app, t, first).unwrap();
    assert_eq!(own.topic, "Повторение: действия с натуральными числами");
    assert!(own.plan.is_none());
    // The plan's first topic moved to the next lesson.
    assert_eq!(lesson(&app, t, second).unwrap().topic, "Дроби и проценты");
    // Choosing a plan topic links the lesson, with its title when the topic field is empty.
    let plan = plan_of(&app, t).unwrap().1;
    let third_topic = plan.topics().nth(2).unwrap().1.clone();
    let slug2 = format!("{}.{}", second.0, second.1);
    c.get(&format!("/journal/{t}/lessons/{slug2}")).await;
    c.post(
        &format!("/journal/{t}/lessons/{slug2}"),
        &[("topic", ""), ("homework", ""), ("due", ""), ("plan_topic", &third_topic.id.to_string())],
    )
    .await;
    let linked = lesson(&app, t, second).unwrap();
    assert_eq!(linked.topic, third_topic.title);
    assert!(linked.plan.is_some_and(|f| f.topic == third_topic.id && !f.auto));
    // An unknown topic is refused in place.
    let r = c
        .post(
            &format!("/journal/{t}/lessons/{slug2}"),
            &[("topic", ""), ("homework", ""), ("due", ""), ("plan_topic", "9999")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Такой темы в плане нет.");
}

#[tokio::test]
async fn a_cancelled_lesson_moves_the_plans_topics_to_the_next_lessons() {
    let app = TestApp::demo();
    let t = six_a_maths(&app);
    let mut c = signed(&app, "teacher").await;
    make_plan(&app, &mut c, t).await;
    let ahead = lessons_ahead(&app, t);
    let (first, second) = (ahead[0], ahead[1]);
    let before = lesson(&app, t, first).unwrap().topic;
    let class =
        app.store().read_blocking(|tx| Ok::<_, AppError>(TEACHING.get(tx, &t)?.unwrap().class)).unwrap();
    let mut admin = signed(&app, "admin").await;
    admin.get("/timetable/changes").await;
    let r = admin
        .post(
            "/timetable/changes",
            &[
                ("class", &class.to_string()),
                ("date", &first.0.to_string()),
                ("kind", "cancel"),
                ("lesson", &format!("{}_{t}", first.1)),
                ("note", "Учитель на курсах"),
            ],
        )
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    assert!(
        lesson(&app, t, first).is_none_or(|l| l.plan.is_none()),
        "the cancelled lesson keeps no plan topic"
    );
    assert_eq!(lesson(&app, t, second).unwrap().topic, before, "the topic moved on");
}

#[tokio::test]
async fn unbinding_takes_out_what_the_plan_filled_and_keeps_what_the_teacher_saved() {
    let app = TestApp::demo();
    let t = six_a_maths(&app);
    let mut c = signed(&app, "teacher").await;
    let id = make_plan(&app, &mut c, t).await;
    let ahead = lessons_ahead(&app, t);
    let slug = format!("{}.{}", ahead[0].0, ahead[0].1);
    c.get(&format!("/journal/{t}/lessons/{slug}")).await;
    c.post(
        &format!("/journal/{t}/lessons/{slug}"),
        &[("topic", "Дроби и проценты"), ("homework", "§ 1"), ("due", "")],
    )
    .await;
    c.get(&format!("/plans/{id}")).await;
    let r = c.post(&format!("/plans/{id}/unbind"), &[("teaching", &t.to_string())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(plan_of(&app, t).is_none());
    assert_eq!(lesson(&app, t, ahead[0]).unwrap().topic, "Дроби и проценты", "saved by the teacher: stays");
    assert!(ahead[1..].iter().all(|l| lesson(&app, t, *l).is_none_or(|l| l.plan.is_none())));
    // Bound again, the plan starts after the saved lesson.
    let r = c.post(&format!("/plans/{id}/bind"), &[("teaching", &t.to_string())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(plan_of(&app, t).is_some());
}

#[tokio::test]
async fn the_demo_plans_of_grades_5_and_9_are_followed_and_the_principal_sees_who_is_behind() {
    let app = TestApp::demo();
    let (count, behind_or_ahead) = app
        .store()
        .read_blocking(|tx| {
            let mut bound = Vec::new();
            PLAN_BINDINGS.scan_range(tx, None, None, Order::Asc, |t, _| {
                bound.push(t);
                true
            })?;
            let mut moved = 0;
            for t in &bound {
                let teaching = TEACHING.get(tx, t)?.unwrap();
                let grade = CLASSES.get(tx, &teaching.class)?.unwrap().grade;
                assert!(grade == 5 || grade == 9, "only grades 5 and 9 follow demo plans");
                let l = laid(tx, *t, today())?.unwrap().layout;
                assert!(l.hours > 0);
                if l.behind() > 0 || l.ahead() > 0 {
                    moved += 1;
                }
            }
            Ok::<_, AppError>((bound.len(), moved))
        })
        .unwrap();
    assert!(count >= 20, "every subject of grades 5 and 9 follows a plan: {count}");
    let _ = behind_or_ahead;
    let mut p = signed(&app, "director").await;
    let page = p.get("/plans/behind").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Без КТП");
    let page = p.get("/plans").await;
    page.assert_contains("Все классы");
    // The demo student's diary shows a planned topic ahead.
    let mut s = signed(&app, "student").await;
    let next_week =
        today() + chrono::Days::new(7 + (7 - today().weekday().num_days_from_monday() as u64) % 7);
    let diary = s.get(&format!("/diary?week={next_week}")).await;
    assert!(diary.status.is_success() || diary.status.is_redirection());
}

#[tokio::test]
async fn plans_are_written_only_by_their_teachers_and_read_by_staff() {
    let app = TestApp::demo();
    // The grade-5 Russian plan: the class chief teaches Russian in 5А, the demo teacher does not.
    let russian = app
        .store()
        .read_blocking(|tx| {
            let chief = id_of(tx, "chief");
            let mut mine = Vec::new();
            TEACHING_BY_TEACHER.scan_prefix(tx, &chief, Order::Asc, |(_, t), ()| {
                mine.push(t);
                true
            })?;
            for t in mine {
                if let Some(p) = PLAN_BINDINGS.get(tx, &t)? {
                    return Ok::<_, AppError>(p);
                }
            }
            panic!("the chief follows a demo plan");
        })
        .unwrap();
    let mut teacher = signed(&app, "teacher").await;
    assert_eq!(teacher.get(&format!("/plans/{russian}")).await.status, StatusCode::OK, "staff read plans");
    let r = teacher
        .post(
            &format!("/plans/{russian}/topics"),
            &[("title", "Чужая тема"), ("hours", "1"), ("section", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(teacher.post(&format!("/plans/{russian}/delete"), &[]).await.status, StatusCode::FORBIDDEN);
    // Nor a plan for a class they do not teach.
    let other = app
        .store()
        .read_blocking(|tx| {
            let chief = id_of(tx, "chief");
            let mut t = None;
            TEACHING_BY_TEACHER.scan_prefix(tx, &chief, Order::Asc, |(_, x), ()| {
                t = Some(x);
                false
            })?;
            Ok::<_, AppError>(t.unwrap())
        })
        .unwrap();
    let r = teacher.post("/plans", &[("scope", &format!("t{other}"))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The chief edits their own plan.
    let mut chief = signed(&app, "chief").await;
    chief.get(&format!("/plans/{russian}")).await;
    let r = chief
        .post(
            &format!("/plans/{russian}/topics"),
            &[("title", "Итоговое повторение"), ("hours", "1"), ("section", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Students and parents see topics in the diary, not plans.
    for login in ["student", "parent"] {
        let mut c = signed(&app, login).await;
        assert_eq!(c.get("/plans").await.status, StatusCode::FORBIDDEN, "{login}");
        assert_eq!(c.get(&format!("/plans/{russian}")).await.status, StatusCode::FORBIDDEN, "{login}");
        assert_eq!(c.post("/plans", &[("scope", "")]).await.status, StatusCode::FORBIDDEN, "{login}");
    }
}

#[tokio::test]
async fn a_topics_materials_are_uploaded_read_by_staff_and_shown_in_the_lesson_panel() {
    let app = TestApp::demo();
    let t = six_a_maths(&app);
    let mut c = signed(&app, "teacher").await;
    let id = make_plan(&app, &mut c, t).await;
    let topic = plan_of(&app, t).unwrap().1.topics().next().unwrap().1.id;
    c.get(&format!("/plans/{id}/topics/{topic}")).await;
    let r = c
        .upload(&format!("/plans/{id}/topics/{topic}/materials"), "file", "дроби.pdf", b"%PDF-1.4 fractions")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let blob = plan_of(&app, t).unwrap().1.topic(topic).unwrap().materials[0];
    let page = c.get(&format!("/plans/{id}/topics/{topic}")).await;
    page.assert_contains("дроби.pdf");
    let file = c.get(&format!("/plans/{id}/materials/{blob}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body, "%PDF-1.4 fractions");
    // The lesson that gives the topic links it.
    let first = lessons_ahead(&app, t)[0];
    let panel = c.get(&format!("/journal/{t}/lessons/{}.{}", first.0, first.1)).await;
    panel.assert_contains(&format!("/plans/{id}/materials/{blob}"));
    // Another teacher reads it; a student does not; a stranger cannot add one.
    let mut chief = signed(&app, "chief").await;
    assert_eq!(chief.get(&format!("/plans/{id}/materials/{blob}")).await.status, StatusCode::OK);
    let r = chief.upload(&format!("/plans/{id}/topics/{topic}/materials"), "file", "x.txt", b"x").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut s = signed(&app, "student").await;
    assert_eq!(s.get(&format!("/plans/{id}/materials/{blob}")).await.status, StatusCode::FORBIDDEN);
    // Deleted with its blob.
    c.get(&format!("/plans/{id}/topics/{topic}")).await;
    let r = c.post(&format!("/plans/{id}/topics/{topic}/materials/{blob}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get(&format!("/plans/{id}/materials/{blob}")).await.status, StatusCode::NOT_FOUND);
    assert!(
        app.store()
            .read_blocking(|tx| Ok::<_, AppError>(parta::store::tables::BLOBS.get(tx, &blob)?.is_none()))
            .unwrap()
    );
}

#[tokio::test]
async fn homework_written_before_the_plan_is_kept_through_every_later_layout() {
    let app = TestApp::demo();
    let t = six_a_maths(&app);
    let mut c = signed(&app, "teacher").await;
    // Before any plan: the teacher gives homework in the next lesson, without a topic.
    let first = lessons_ahead(&app, t)[0];
    let slug = format!("{}.{}", first.0, first.1);
    c.get(&format!("/journal/{t}/lessons/{slug}")).await;
    let r = c
        .post(
            &format!("/journal/{t}/lessons/{slug}"),
            &[("topic", ""), ("homework", "Выучить таблицу"), ("due", "")],
        )
        .await;
    assert!(r.status.is_redirection() || r.status == StatusCode::OK, "{}", r.status);
    let id = make_plan(&app, &mut c, t).await;
    let l = lesson(&app, t, first).unwrap();
    assert_eq!(l.homework, "Выучить таблицу");
    assert!(!l.topic.is_empty(), "the plan gave it a topic");
    assert!(l.plan.is_some_and(|f| !f.auto), "and the lesson stays the teacher's");
    // A later change of the plan lays it out again: the homework stays.
    c.get(&format!("/plans/{id}")).await;
    let r = c
        .post(&format!("/plans/{id}/topics"), &[("title", "Ещё тема"), ("hours", "1"), ("section", "0")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(lesson(&app, t, first).unwrap().homework, "Выучить таблицу");
}
