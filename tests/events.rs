//! Class events through the real router: the class chief's form and actions, the diaries of
//! the participants, parents' answers, overlaps, notices — and who may do what.
//!
//! The setup removes whatever events, answers and notices the demo school holds, so each test
//! sees only its own.

use crate::common::{Client, Response, TestApp, today};
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use parta::auth::accounts::find_by_login;
use parta::auth::model::USERS;
use parta::error::AppError;
use parta::events::model::Answer;
use parta::events::model::{CLASS_EVENTS, EVENT_REPLIES, EVENTS};
use parta::notify::model::NOTICES;
use parta::people::service::{children_of, class_of, students_of};
use parta::store::Order;
use parta::store::ids::{ClassId, EventId, UserId};
use parta::structure::model::{CLASSES, YEARS};
use redb::Durability;

struct Fx {
    app: TestApp,
    class: ClassId,
    other_class: ClassId,
    student: UserId,
    classmate: UserId,
    daughter: UserId,
    chief: UserId,
    parent: UserId,
    teacher: UserId,
    /// A study day (Monday to Saturday) from today on, in the year.
    day: NaiveDate,
    today: NaiveDate,
}

fn id_of(tx: &impl parta::store::Reader, login: &str) -> UserId {
    find_by_login(tx, login).unwrap().unwrap().0
}

fn setup() -> Fx {
    let app = TestApp::demo();
    let today = today();
    let fx = app
        .store()
        .write_blocking(Durability::Immediate, |tx| {
            for (k, _) in EVENTS.all(tx)? {
                EVENTS.remove(tx, &k)?;
            }
            for (k, _) in CLASS_EVENTS.all(tx)? {
                CLASS_EVENTS.remove(tx, &k)?;
            }
            for (k, _) in EVENT_REPLIES.all(tx)? {
                EVENT_REPLIES.remove(tx, &k)?;
            }
            for (k, _) in NOTICES.all(tx)? {
                NOTICES.remove(tx, &k)?;
            }
            let student = id_of(tx, "student");
            let parent = id_of(tx, "parent");
            let class = class_of(tx, student, today)?.expect("the demo student has a class");
            let daughter = children_of(tx, parent)?.into_iter().find(|c| *c != student).unwrap();
            let other_class = class_of(tx, daughter, today)?.unwrap();
            let classmate = students_of(tx, class, today)?.into_iter().find(|s| *s != student).unwrap();
            let c = CLASSES.get(tx, &class)?.unwrap();
            let year = YEARS.get(tx, &c.year)?.unwrap();
            let mut day = today;
            if day.weekday() == Weekday::Sun {
                day += Duration::days(1);
            }
            if day > year.end {
                day = today - Duration::days(1);
            }
            Ok::<_, AppError>((
                class,
                other_class,
                student,
                classmate,
                daughter,
                id_of(tx, "chief"),
                parent,
                id_of(tx, "teacher"),
                day,
            ))
        })
        .unwrap();
    let (class, other_class, student, classmate, daughter, chief, parent, teacher, day) = fx;
    Fx { app, class, other_class, student, classmate, daughter, chief, parent, teacher, day, today }
}

impl Fx {
    async fn client(&self, login: &str) -> Client {
        let mut c = self.app.signed_in(login).await;
        c.get("/").await;
        c
    }

    fn events(&self) -> usize {
        self.app.store().read_blocking(|tx| Ok::<_, AppError>(EVENTS.count(tx)? as usize)).unwrap()
    }

    fn notices_of(&self, user: UserId) -> Vec<parta::notify::model::Notice> {
        self.app
            .store()
            .read_blocking(|tx| Ok::<_, AppError>(parta::notify::service::list(tx, user)?))
            .unwrap()
            .into_iter()
            .map(|(_, n)| n)
            .collect()
    }

    fn unread(&self, user: UserId) -> usize {
        self.app
            .store()
            .read_blocking(|tx| Ok::<_, AppError>(parta::notify::service::unread_count(tx, user)?))
            .unwrap()
    }

    fn name(&self, user: UserId) -> String {
        self.app
            .store()
            .read_blocking(|tx| Ok::<_, AppError>(USERS.get(tx, &user)?.unwrap().full_name()))
            .unwrap()
    }
}

/// The fields of an event form; `extra` replaces or adds fields.
fn fields<'a>(title: &'a str, date: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("kind", "class_hour"),
        ("title", title),
        ("date", date),
        ("start", "14:00"),
        ("end", "14:45"),
        ("place", "каб. 21"),
        ("responsible", ""),
        ("responsible_name", ""),
        ("who", "class"),
        ("notes", ""),
    ];
    for (k, v) in extra {
        if let Some(slot) = f.iter_mut().find(|(name, _)| name == k) {
            slot.1 = v;
        } else {
            f.push((k, v));
        }
    }
    f
}

fn event_id(r: &Response) -> EventId {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .strip_prefix("/events/")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{}", r.location()))
}

async fn create(c: &mut Client, class: ClassId, f: &[(&str, &str)]) -> Response {
    c.post(&format!("/classes/{class}/events"), f).await
}

/// The list item of event `id` in a list page.
fn item(body: &str, id: EventId) -> &str {
    let marker = format!("id=\"ev-{id}\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("event {id} not listed:\n{body}"));
    let end = body[start..].find("</li>").map(|e| start + e).unwrap_or(body.len());
    &body[start..end]
}

/// The class attribute of the list item of `id`.
fn item_classes(body: &str, id: EventId) -> String {
    let marker = format!("id=\"ev-{id}\"");
    let at = body.find(&marker).unwrap();
    let open = body[..at].rfind("<li").unwrap();
    body[open..at].to_string()
}

#[tokio::test]
async fn the_chief_creates_an_event_and_the_student_and_parent_see_it_in_the_diary() {
    let fx = setup();
    let date = fx.day.to_string();
    let mut chief = fx.client("chief").await;
    let form = chief.get(&format!("/classes/{}/events/new", fx.class)).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains(&fx.name(fx.student));
    let r = create(&mut chief, fx.class, &fields("Классный час «Безопасный интернет»", &date, &[])).await;
    let id = event_id(&r);
    let page = chief.get(&format!("/events/{id}")).await;
    page.assert_contains("Классный час «Безопасный интернет»");
    page.assert_contains("14:00–14:45");

    // Only the chosen classmate takes part in the second one.
    let only = fx.classmate.to_string();
    let r = create(
        &mut chief,
        fx.class,
        &fields(
            "Олимпиада по русскому языку",
            &date,
            &[("kind", "olympiad"), ("who", "chosen"), ("students", &only)],
        ),
    )
    .await;
    let olympiad = event_id(&r);

    let week = format!("/diary/{}?week={date}", fx.student);
    let mut student = fx.client("student").await;
    let diary = student.get(&week).await;
    assert_eq!(diary.status, StatusCode::OK);
    diary.assert_contains("Классный час «Безопасный интернет»");
    diary.assert_lacks("Олимпиада по русскому языку");
    // A participant opens the event; an event they are not in is refused.
    assert_eq!(student.get(&format!("/events/{id}")).await.status, StatusCode::OK);
    assert_eq!(student.get(&format!("/events/{olympiad}")).await.status, StatusCode::FORBIDDEN);
    student.get("/events").await.assert_contains("Классный час «Безопасный интернет»");

    let mut parent = fx.client("parent").await;
    let diary = parent.get(&week).await;
    diary.assert_contains("Классный час «Безопасный интернет»");
    // No invitation to answer: parents are not invited to this one.
    diary.assert_lacks(&format!("action=\"/diary/{}/reply\"", fx.student));

    // The administration sees it in the school's list, filtered by class.
    let mut director = fx.client("director").await;
    let list = director.get(&format!("/events?class={}&from={date}", fx.class)).await;
    list.assert_contains("Классный час «Безопасный интернет»");
    list.assert_contains("Олимпиада по русскому языку");
    let other = director.get(&format!("/events?class={}&from={date}", fx.other_class)).await;
    other.assert_lacks("Классный час «Безопасный интернет»");
}

#[tokio::test]
async fn an_overlapping_event_is_allowed_and_flagged() {
    let fx = setup();
    let date = fx.day.to_string();
    let mut chief = fx.client("chief").await;
    let a = event_id(&create(&mut chief, fx.class, &fields("Классный час", &date, &[])).await);
    let b = event_id(
        &create(
            &mut chief,
            fx.class,
            &fields("Экскурсия в музей", &date, &[("kind", "excursion"), ("start", "14:30"), ("end", "")]),
        )
        .await,
    );
    let c = event_id(
        &create(
            &mut chief,
            fx.class,
            &fields("Репетиция концерта", &date, &[("start", "16:00"), ("end", "17:00")]),
        )
        .await,
    );
    let page = chief.get(&format!("/classes/{}/events?from={date}", fx.class)).await;
    assert_eq!(page.status, StatusCode::OK);
    for id in [a, b] {
        assert!(item_classes(&page.body, id).contains("ev-overlaps"), "{id} should be flagged");
        assert!(item(&page.body, id).contains("пересекается"), "a visible overlap badge");
    }
    assert!(!item_classes(&page.body, c).contains("ev-overlaps"));
    assert!(!item(&page.body, c).contains("пересекается"));
    let one = chief.get(&format!("/events/{a}")).await;
    one.assert_contains("В это же время:");
    one.assert_contains("Экскурсия в музей");

    // Called off, it no longer overlaps anything.
    assert_eq!(chief.post(&format!("/events/{b}/cancel"), &[]).await.status, StatusCode::SEE_OTHER);
    let page = chief.get(&format!("/classes/{}/events?from={date}", fx.class)).await;
    assert!(!item_classes(&page.body, a).contains("ev-overlaps"));
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_nothing_is_stored() {
    let fx = setup();
    let date = fx.day.to_string();
    let daughter = fx.daughter.to_string();
    let mut chief = fx.client("chief").await;
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (fields("", &date, &[]), "Укажите название."),
        (
            fields("Экскурсия", &date, &[("start", "15:00"), ("end", "14:00")]),
            "Окончание должно быть позже начала.",
        ),
        (fields("Экскурсия", &date, &[("start", ""), ("end", "14:00")]), "Укажите и время начала."),
        (fields("Экскурсия", &date, &[("start", "25:70")]), "Укажите время, например 14:30."),
        (
            fields("Экскурсия", &date, &[("who", "chosen"), ("students", &daughter)]),
            "Можно выбрать только учеников этого класса.",
        ),
        (fields("Экскурсия", &date, &[("who", "chosen")]), "Отметьте хотя бы одного ученика."),
        (fields("Экскурсия", &date, &[("kind", "party")]), "Выберите вид мероприятия из списка."),
        (fields("Экскурсия", "32.13.2026", &[]), "Укажите дату, например 28.11.2026."),
        (fields("Экскурсия", "2001-09-01", &[]), "Дата должна быть в учебном году класса."),
        (fields("Экскурсия", &date, &[("responsible", &daughter)]), "Выберите сотрудника из списка."),
    ];
    for (form, message) in cases {
        let r = create(&mut chief, fx.class, &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        r.assert_contains(message);
        // The form comes back as typed.
        let title = form.iter().find(|(k, _)| *k == "title").unwrap().1;
        if !title.is_empty() {
            r.assert_contains(&format!("value=\"{title}\""));
        }
    }
    assert_eq!(fx.events(), 0);

    // A change refused the same way leaves the event as it was.
    let id = event_id(&create(&mut chief, fx.class, &fields("Классный час", &date, &[])).await);
    let r = chief.post(&format!("/events/{id}"), &fields("", &date, &[])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Укажите название.");
    let stored = fx.app.store().read_blocking(|tx| Ok::<_, AppError>(EVENTS.get(tx, &id)?.unwrap())).unwrap();
    assert_eq!(stored.title, "Классный час");
    assert_eq!(fx.events(), 1);
}

#[tokio::test]
async fn only_the_class_chief_and_the_administration_edit_a_class_s_events() {
    let fx = setup();
    let date = fx.day.to_string();
    let mut chief = fx.client("chief").await;
    let mut director = fx.client("director").await;
    let mine = event_id(&create(&mut chief, fx.class, &fields("Классный час", &date, &[])).await);
    let theirs = event_id(&create(&mut director, fx.other_class, &fields("Экскурсия 8Б", &date, &[])).await);

    // The chief of 5А and another class.
    let f = fields("Чужое мероприятие", &date, &[]);
    assert_eq!(create(&mut chief, fx.other_class, &f).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        chief.get(&format!("/classes/{}/events/new", fx.other_class)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(chief.get(&format!("/events/{theirs}/edit")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(chief.post(&format!("/events/{theirs}"), &f).await.status, StatusCode::FORBIDDEN);
    for action in ["cancel", "restore", "delete"] {
        assert_eq!(
            chief.post(&format!("/events/{theirs}/{action}"), &[]).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(chief.get(&format!("/events/{theirs}")).await.status, StatusCode::FORBIDDEN);

    // A subject teacher of 5А sees its events but edits none.
    let mut teacher = fx.client("teacher").await;
    assert_eq!(teacher.get(&format!("/classes/{}/events", fx.class)).await.status, StatusCode::OK);
    assert_eq!(teacher.get(&format!("/events/{mine}")).await.status, StatusCode::OK);
    assert_eq!(create(&mut teacher, fx.class, &f).await.status, StatusCode::FORBIDDEN);
    assert_eq!(teacher.get(&format!("/events/{mine}/edit")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(teacher.post(&format!("/events/{mine}"), &f).await.status, StatusCode::FORBIDDEN);
    assert_eq!(teacher.post(&format!("/events/{mine}/cancel"), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(teacher.post(&format!("/events/{mine}/delete"), &[]).await.status, StatusCode::FORBIDDEN);

    // Students and parents write nothing.
    for login in ["student", "parent"] {
        let mut c = fx.client(login).await;
        assert_eq!(create(&mut c, fx.class, &f).await.status, StatusCode::FORBIDDEN, "{login}");
        assert_eq!(c.post(&format!("/events/{mine}"), &f).await.status, StatusCode::FORBIDDEN, "{login}");
        assert_eq!(
            c.post(&format!("/events/{mine}/cancel"), &[]).await.status,
            StatusCode::FORBIDDEN,
            "{login}"
        );
        assert_eq!(
            c.get(&format!("/classes/{}/events", fx.class)).await.status,
            StatusCode::FORBIDDEN,
            "{login}"
        );
    }
    assert_eq!(fx.events(), 2);
    let stored =
        fx.app.store().read_blocking(|tx| Ok::<_, AppError>(EVENTS.get(tx, &mine)?.unwrap())).unwrap();
    assert!(!stored.cancelled && stored.title == "Классный час");

    // The chief edits their own.
    let r = chief.post(&format!("/events/{mine}"), &fields("Классный час: итоги четверти", &date, &[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    chief.get(&format!("/events/{mine}")).await.assert_contains("Классный час: итоги четверти");
}

#[tokio::test]
async fn a_parent_answers_a_parent_meeting_for_their_own_child_only() {
    let fx = setup();
    let date = fx.day.to_string();
    let mut chief = fx.client("chief").await;
    let meeting = event_id(
        &create(
            &mut chief,
            fx.class,
            &fields(
                "Родительское собрание: итоги четверти",
                &date,
                &[("kind", "parent_meeting"), ("start", "18:00"), ("end", "19:00")],
            ),
        )
        .await,
    );
    let m = meeting.to_string();
    let mut parent = fx.client("parent").await;
    let week = format!("/diary/{}?week={date}", fx.student);
    let diary = parent.get(&week).await;
    diary.assert_contains("Родительское собрание: итоги четверти");
    diary.assert_contains(&format!("action=\"/diary/{}/reply\"", fx.student));

    let back = format!("/diary/{}?week={date}", fx.student);
    let reply = format!("/diary/{}/reply", fx.student);
    let r = parent
        .post(&reply, &[("event", &m), ("answer", "yes"), ("note", "Приду с мужем"), ("back", &back)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), back);
    parent.get(&week).await.assert_contains("Приду с мужем");

    let parent_name = fx.name(fx.parent);
    let page = chief.get(&format!("/events/{meeting}")).await;
    page.assert_contains("Ответы родителей");
    page.assert_contains(&parent_name);
    page.assert_contains("Приду с мужем");
    page.assert_contains(&fx.name(fx.classmate));

    // Changed until the day.
    let r = parent.post(&reply, &[("event", &m), ("answer", "no"), ("note", "Заболела")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let stored = fx
        .app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(EVENT_REPLIES.get(tx, &(meeting, fx.parent))?.unwrap()))
        .unwrap();
    assert_eq!(
        (stored.answer, stored.note.as_str(), stored.student),
        (Answer::No, "Заболела", Some(fx.student))
    );
    chief.get(&format!("/events/{meeting}")).await.assert_contains("не придёт");

    // A bad answer comes back with its message.
    let r = parent.post(&reply, &[("event", &m), ("answer", "maybe"), ("note", "Не знаю")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Выберите ответ: приду или не смогу.");
    r.assert_contains("value=\"Не знаю\"");

    // Not for someone else's child; not for their own child of another class; not as a student.
    let other = format!("/diary/{}/reply", fx.classmate);
    assert_eq!(parent.post(&other, &[("event", &m), ("answer", "yes")]).await.status, StatusCode::FORBIDDEN);
    let daughter = format!("/diary/{}/reply", fx.daughter);
    assert_eq!(
        parent.post(&daughter, &[("event", &m), ("answer", "yes")]).await.status,
        StatusCode::BAD_REQUEST
    );
    let mut student = fx.client("student").await;
    assert_eq!(student.post(&reply, &[("event", &m), ("answer", "yes")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(chief.post(&reply, &[("event", &m), ("answer", "yes")]).await.status, StatusCode::FORBIDDEN);
    let count = fx.app.store().read_blocking(|tx| Ok::<_, AppError>(EVENT_REPLIES.count(tx)?)).unwrap();
    assert_eq!(count, 1);

    // Called off: no more answers.
    chief.post(&format!("/events/{meeting}/cancel"), &[]).await;
    assert_eq!(
        parent.post(&reply, &[("event", &m), ("answer", "yes")]).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn answers_close_after_the_event_s_day() {
    let fx = setup();
    let yesterday = fx.today - Duration::days(1);
    let mut chief = fx.client("chief").await;
    let date = yesterday.to_string();
    let r = create(&mut chief, fx.class, &fields("Прошедшее собрание", &date, &[("kind", "parent_meeting")]))
        .await;
    let m = event_id(&r).to_string();
    let mut parent = fx.client("parent").await;
    let r = parent.post(&format!("/diary/{}/reply", fx.student), &[("event", &m), ("answer", "yes")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_change_notifies_the_participants_but_not_its_author() {
    let fx = setup();
    let date = fx.day.to_string();
    let teacher = fx.teacher.to_string();
    let mut chief = fx.client("chief").await;
    let id = event_id(
        &create(
            &mut chief,
            fx.class,
            &fields(
                "Экскурсия на хлебозавод",
                &date,
                &[("kind", "excursion"), ("parents", "1"), ("responsible", &teacher)],
            ),
        )
        .await,
    );
    // Told of the new event: the students, their parents, the responsible teacher.
    for who in [fx.student, fx.classmate, fx.parent, fx.teacher] {
        assert!(fx.notices_of(who).iter().any(|n| n.key == "notice-event-new"), "{who} was told");
    }
    assert!(fx.notices_of(fx.chief).is_empty(), "the author is not told");
    // The responsible teacher finds it among their events.
    fx.client("teacher")
        .await
        .get(&format!("/events?from={date}"))
        .await
        .assert_contains("Экскурсия на хлебозавод");

    let (student_before, parent_before) = (fx.unread(fx.student), fx.unread(fx.parent));
    // Notes alone tell nobody.
    let quiet = fields(
        "Экскурсия на хлебозавод",
        &date,
        &[
            ("kind", "excursion"),
            ("parents", "1"),
            ("responsible", &teacher),
            ("notes", "Взять сменную обувь"),
        ],
    );
    assert_eq!(chief.post(&format!("/events/{id}"), &quiet).await.status, StatusCode::SEE_OTHER);
    assert_eq!(fx.unread(fx.student), student_before);

    let moved = fields(
        "Экскурсия на хлебозавод",
        &date,
        &[
            ("kind", "excursion"),
            ("parents", "1"),
            ("responsible", &teacher),
            ("start", "10:00"),
            ("end", "12:00"),
            ("place", "ул. Мира, 5"),
        ],
    );
    assert_eq!(chief.post(&format!("/events/{id}"), &moved).await.status, StatusCode::SEE_OTHER);
    assert_eq!(fx.unread(fx.student), student_before + 1);
    assert_eq!(fx.unread(fx.parent), parent_before + 1);

    for login in ["student", "parent"] {
        let mut c = fx.client(login).await;
        let page = c.get("/notices").await;
        assert_eq!(page.status, StatusCode::OK);
        page.assert_contains("мероприятие «Экскурсия на хлебозавод» изменено (время, место)");
        page.assert_contains("2 непрочитанных");
        let badge = c.get("/notices/badge").await;
        badge.assert_contains(">2</span>");
        // Opening a notice leads to the event and marks it read.
        let first = parta_notice_link(&page.body);
        let r = c.get(&first).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), format!("/events/{id}"));
        assert_eq!(c.get(&format!("/events/{id}")).await.status, StatusCode::OK, "{login}");
        c.get("/notices").await.assert_contains("1 непрочитанное");
        assert_eq!(c.post("/notices/read", &[]).await.status, StatusCode::SEE_OTHER);
        c.get("/notices").await.assert_contains("Все уведомления прочитаны.");
        assert_eq!(c.get("/notices/badge").await.body.trim(), "");
    }
    assert_eq!(fx.unread(fx.student), 0);
    let chief_page = chief.get("/notices").await;
    chief_page.assert_lacks("Экскурсия на хлебозавод");
    // Nobody opens another's notice.
    let notice = fx.app.store().read_blocking(|tx| {
        let mut first = None;
        NOTICES.scan_prefix(tx, &fx.student, Order::Asc, |(_, id), _| {
            first = Some(id);
            false
        })?;
        Ok::<_, AppError>(first.unwrap())
    });
    assert_eq!(chief.get(&format!("/notices/{}", notice.unwrap())).await.status, StatusCode::NOT_FOUND);
}

/// The first notice link of the notices page.
fn parta_notice_link(body: &str) -> String {
    let start = body.find("href=\"/notices/").expect("a notice link") + "href=\"".len();
    let end = body[start..].find('"').unwrap();
    body[start..start + end].to_string()
}

#[tokio::test]
async fn a_cancelled_event_is_struck_through_and_can_be_put_back_or_deleted() {
    let fx = setup();
    let date = fx.day.to_string();
    let mut chief = fx.client("chief").await;
    let id = event_id(&create(&mut chief, fx.class, &fields("Субботник", &date, &[("kind", "other")])).await);
    let before = fx.unread(fx.student);
    let r = chief.post(&format!("/events/{id}/cancel"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = chief.get(&format!("/classes/{}/events?from={date}", fx.class)).await;
    assert!(item_classes(&list.body, id).contains("ev-cancelled"));
    assert!(item(&list.body, id).contains("отменено"));
    let page = chief.get(&format!("/events/{id}")).await;
    page.assert_contains("Мероприятие отменено.");
    page.assert_contains(&format!("action=\"/events/{id}/restore\""));
    assert_eq!(fx.unread(fx.student), before + 1);
    assert!(fx.notices_of(fx.student).iter().any(|n| n.key == "notice-event-cancelled"));
    let mut student = fx.client("student").await;
    let diary = student.get(&format!("/diary/{}?week={date}", fx.student)).await;
    diary.assert_contains("ev-ditem ev-cancelled");
    diary.assert_contains("Субботник");

    assert_eq!(chief.post(&format!("/events/{id}/restore"), &[]).await.status, StatusCode::SEE_OTHER);
    let list = chief.get(&format!("/classes/{}/events?from={date}", fx.class)).await;
    assert!(!item_classes(&list.body, id).contains("ev-cancelled"));

    assert_eq!(chief.post(&format!("/events/{id}/delete"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(fx.events(), 0);
    let index = fx.app.store().read_blocking(|tx| Ok::<_, AppError>(CLASS_EVENTS.count(tx)?)).unwrap();
    assert_eq!(index, 0);
    assert_eq!(chief.get(&format!("/events/{id}")).await.status, StatusCode::NOT_FOUND);
    assert!(fx.notices_of(fx.student).iter().any(|n| n.key == "notice-event-deleted"));
}

#[tokio::test]
async fn lists_show_what_each_role_may_see() {
    let fx = setup();
    let date = fx.day.to_string();
    let mut chief = fx.client("chief").await;
    event_id(&create(&mut chief, fx.class, &fields("Классный час 5А", &date, &[])).await);
    let mut director = fx.client("director").await;
    event_id(&create(&mut director, fx.other_class, &fields("Экскурсия 8Б", &date, &[])).await);
    let from = format!("/events?from={date}");

    let page = chief.get(&from).await;
    page.assert_contains("Классный час 5А");
    page.assert_lacks("Экскурсия 8Б");
    let all = director.get(&from).await;
    all.assert_contains("Классный час 5А");
    all.assert_contains("Экскурсия 8Б");
    // A subject teacher who leads no class: nothing by default, the class on asking.
    let mut teacher = fx.client("teacher").await;
    teacher.get(&from).await.assert_lacks("Классный час 5А");
    teacher.get(&format!("/events?class={}&from={date}", fx.class)).await.assert_contains("Классный час 5А");
    assert_eq!(
        teacher.get(&format!("/events?class={}&from={date}", fx.other_class)).await.status,
        StatusCode::FORBIDDEN
    );
    // A parent: both children's events.
    let mut parent = fx.client("parent").await;
    let page = parent.get(&from).await;
    page.assert_contains("Классный час 5А");
    page.assert_contains("Экскурсия 8Б");
    let mut student = fx.client("student").await;
    let page = student.get(&from).await;
    page.assert_contains("Классный час 5А");
    page.assert_lacks("Экскурсия 8Б");
    // The start page lists the coming events and the unread notices.
    let home = student.get("/").await;
    home.assert_contains("Ближайшие мероприятия");
    home.assert_contains("Классный час 5А");
    home.assert_contains("1 непрочитанное");
    // The navigation offers events to staff, and the notices link to everyone.
    chief.get("/").await.assert_contains("<li><a href=\"/events\"");
    student.get("/").await.assert_lacks("<li><a href=\"/events\"");
    student.get("/").await.assert_contains("hx-get=\"/notices/badge\"");
}
