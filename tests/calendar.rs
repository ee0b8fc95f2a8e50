//! Private calendar feeds through the real router: the page makes an address (a CSRF form
//! post), a phone fetches it without a session, and the iCalendar text is checked line by line
//! and parsed back with the `icalendar` crate — lessons with their bell times, homework by due
//! day, class events; revoking and replacing an address; strangers and bad tokens.
//!
//! The expected lessons are derived here from the timetable's own public functions over the
//! feed's window (two weeks back, eight ahead), whatever the demo school holds; the homework,
//! events and one-off changes the tests look for are written into the store by the tests.

use crate::common;
use std::collections::{BTreeMap, BTreeSet};

use crate::common::{Client, TestApp, today};
use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus,
};
use parta::auth::accounts::find_by_login;
use parta::auth::model::USERS;
use parta::events::model::{CLASS_EVENTS, EVENTS};
use parta::events::model::{Event, EventKind, Participants};
use parta::journal::model::{Lesson, LessonKey};
use parta::journal::records::save_lesson;
use parta::people::service::{children_of, class_of};
use parta::store::ids::{ChangeId, ClassId, EventId, TeachingId, UserId};
use parta::store::{Order, Reader};
use parta::structure::model::{SUBJECTS, TEACHING, TEACHING_BY_TEACHER};
use parta::structure::service::teaching_of_class;
use parta::timetable::calendar::{ClassCalendar, student_teachings};
use parta::timetable::model::{Change, ChangeKind};
use parta::timetable::model::{SUBSTITUTIONS, TIMETABLE_CHANGES};
use redb::Durability;

const TOPIC: &str = "Сложение дробей; правило, примеры";
const EXCURSION: &str = "Экскурсия в музей, «Кремль»; сбор у школы";

/// Homework long enough to be folded many times, with every character TEXT escapes and
/// multi-byte ones at every offset.
fn long_homework() -> String {
    let mut s =
        String::from("Решить №№ 112–118, стр. 45; повторить правило a\\b.\nВторая строка: 📐 и «дроби»");
    for i in 0..12 {
        s.push_str(&format!(", пример {i}; ещё текст ё😀"));
    }
    s
}

fn window() -> (NaiveDate, NaiveDate) {
    (today() - Duration::days(14), today() + Duration::days(56))
}

fn id_of(tx: &impl Reader, login: &str) -> UserId {
    find_by_login(tx, login).unwrap().unwrap().0
}

fn moscow(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    chrono_tz::Europe::Moscow.from_local_datetime(&day.and_time(time)).unwrap().with_timezone(&Utc)
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// Makes an address through the page; returns the feed's path.
async fn make_address(c: &mut Client) -> String {
    let page = c.get("/calendar").await;
    assert_eq!(page.status, StatusCode::OK);
    let r = c.post("/calendar", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("webcal://");
    feed_path(&r.body)
}

/// The path of the address the page shows once.
fn feed_path(body: &str) -> String {
    let at = body.find("id=\"feed-url\"").expect("the page shows the new address");
    let rest = &body[at..];
    let start = rest.find("/calendar/").unwrap();
    let end = rest[start..].find(".ics").unwrap() + start + 4;
    let path = rest[start..end].to_string();
    let token = &path["/calendar/".len()..path.len() - 4];
    assert!(token.len() >= 22, "at least 128 bits: {token}");
    path
}

/// Fetches a feed as a phone does: no cookies.
async fn fetch(app: &TestApp, path: &str) -> common::Response {
    app.client().get(path).await
}

struct Parsed {
    cal: Calendar,
    events: BTreeMap<String, icalendar::Event>,
}

/// Checks the text line by line (CRLF, 75 octets, required properties), then parses it.
fn parse(text: &str) -> Parsed {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains(['\n', '\r']), "every line ends in CRLF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let cal: Calendar = text.parse().expect("the feed parses");
    let mut events = BTreeMap::new();
    for c in &cal.components {
        if let CalendarComponent::Event(e) = c {
            let uid = e.get_uid().expect("UID").to_string();
            assert!(e.get_timestamp().is_some(), "DTSTAMP of {uid}");
            assert!(e.get_start().is_some(), "DTSTART of {uid}");
            assert!(events.insert(uid.clone(), e.clone()).is_none(), "{uid} twice");
        }
    }
    assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), events.len());
    Parsed { cal, events }
}

fn utc_of(d: Option<DatePerhapsTime>) -> Option<DateTime<Utc>> {
    match d? {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => Some(t),
        _ => None,
    }
}

fn date_of(d: Option<DatePerhapsTime>) -> Option<NaiveDate> {
    match d? {
        DatePerhapsTime::Date(d) => Some(d),
        _ => None,
    }
}

fn lesson_uids(p: &Parsed) -> BTreeSet<String> {
    p.events.keys().filter(|k| k.starts_with("lesson-")).cloned().collect()
}

/// A lesson as the timetable gives it: start, end, room.
type Expected = BTreeMap<String, (DateTime<Utc>, DateTime<Utc>, String)>;

/// The lessons of `teachings` in the class calendar on `day`, keyed by the feed's UID.
fn add_lessons(
    tx: &impl Reader,
    cal: &ClassCalendar,
    day: NaiveDate,
    teachings: &[TeachingId],
    suffix: &str,
    out: &mut Expected,
) {
    let bells = parta::timetable::bells::bells(tx).unwrap();
    let shift = cal.version_on(day).map_or(1, |(_, w)| w.shift);
    for p in cal.day(day).into_iter().filter(|p| teachings.contains(&p.teaching)) {
        let Some(bell) = bells.get(&shift).and_then(|b| b.of(p.number)) else { continue };
        let uid = format!("lesson-{}-{}-{}{suffix}@parta", p.teaching, day.format("%Y%m%d"), p.number);
        out.insert(uid, (moscow(day, bell.start), moscow(day, bell.end), p.room.trim().to_string()));
    }
}

/// A student's lessons over the window; `suffix` is what a parent's feed adds to the UID.
fn expected_student(app: &TestApp, student: UserId, suffix: &str) -> Expected {
    let (from, to) = window();
    app.store()
        .read_blocking(|tx| {
            let mut out = Expected::new();
            let mut cals: BTreeMap<ClassId, (ClassCalendar, Vec<TeachingId>)> = BTreeMap::new();
            for day in from.iter_days().take_while(|d| *d <= to) {
                let Some(class) = class_of(tx, student, day)? else { continue };
                if let std::collections::btree_map::Entry::Vacant(e) = cals.entry(class) {
                    let cal = ClassCalendar::load(tx, class, from, to)?.unwrap();
                    e.insert((
                        cal,
                        student_teachings(tx, class, student)?.into_iter().map(|(id, _)| id).collect(),
                    ));
                }
                let (cal, ids) = &cals[&class];
                add_lessons(tx, cal, day, ids, suffix, &mut out);
            }
            Ok::<_, parta::error::AppError>(out)
        })
        .unwrap()
}

/// The lessons of a teacher's own teaching assignments over the window.
fn expected_teacher(app: &TestApp, teacher: UserId) -> Expected {
    let (from, to) = window();
    app.store()
        .read_blocking(|tx| {
            let mut ids = Vec::new();
            TEACHING_BY_TEACHER.scan_prefix(tx, &teacher, Order::Asc, |(_, t), ()| {
                ids.push(t);
                true
            })?;
            let mut by_class: BTreeMap<ClassId, Vec<TeachingId>> = BTreeMap::new();
            for id in ids {
                let t = TEACHING.get(tx, &id)?.unwrap();
                by_class.entry(t.class).or_default().push(id);
            }
            let mut out = Expected::new();
            for (class, ids) in by_class {
                let Some(cal) = ClassCalendar::load(tx, class, from, to)? else { continue };
                for day in from.iter_days().take_while(|d| *d <= to) {
                    add_lessons(tx, &cal, day, &ids, "", &mut out);
                }
            }
            Ok::<_, parta::error::AppError>(out)
        })
        .unwrap()
}

/// Checks that the feed has exactly these lessons at these times and rooms.
fn assert_lessons(feed: &Parsed, expected: &Expected, uids: &BTreeSet<String>) {
    assert!(!expected.is_empty(), "the demo timetable gives lessons in the window");
    let wanted: BTreeSet<String> = expected.keys().cloned().collect();
    assert_eq!(uids, &wanted);
    for (uid, (start, end, room)) in expected {
        let e = &feed.events[uid];
        assert_eq!(utc_of(e.get_start()), Some(*start), "start of {uid}");
        assert_eq!(utc_of(e.get_end()), Some(*end), "end of {uid}");
        assert_eq!(e.get_location().unwrap_or(""), room.as_str(), "room of {uid}");
    }
}

/// What the setup wrote.
struct Setup {
    student: UserId,
    teacher: UserId,
    chief: UserId,
    maths: TeachingId,
    /// The lesson that gave the homework, and its due day.
    given: (NaiveDate, u8),
    due: NaiveDate,
    excursion: EventId,
    meeting: EventId,
    /// The chief's lesson the demo teacher gives as a substitute.
    substituted: (TeachingId, NaiveDate, u8),
    /// A maths lesson called off.
    cancelled: (NaiveDate, u8),
}

fn setup(app: &TestApp) -> Setup {
    let (from, to) = window();
    let today = today();
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let student = id_of(tx, "student");
            let teacher = id_of(tx, "teacher");
            let chief = id_of(tx, "chief");
            let class = class_of(tx, student, today)?.unwrap();
            let mine = |who: UserId| {
                teaching_of_class(tx, class)
                    .map(|all| all.into_iter().find(|(_, t)| t.teacher == who).unwrap().0)
            };
            let maths = mine(teacher)?;
            let russian = mine(chief)?;
            let cal = ClassCalendar::load(tx, class, from, to)?.unwrap();
            let lessons = cal.lessons_of(maths, today - Duration::days(7), to);
            let (given_day, given) = lessons[0].clone();
            let due = lessons.iter().map(|(d, _)| *d).find(|d| *d > given_day).unwrap();
            let key = LessonKey { teaching: maths, date: given_day, number: given.number };
            let record = Lesson {
                topic: TOPIC.into(),
                homework: long_homework(),
                due: Some(due),
                ..Lesson::default()
            };
            save_lesson(tx, key, &record)?;
            let (cday, cplanned) =
                lessons.iter().find(|(d, _)| *d > today && *d != given_day && *d != due).unwrap().clone();
            let change = |number, teaching, kind| Change {
                number,
                teaching,
                kind,
                room: None,
                note: String::new(),
                by: chief,
                at: 0,
            };
            let id = ChangeId::next(tx)?;
            TIMETABLE_CHANGES.insert(
                tx,
                &(class, cday, id),
                &change(cplanned.number, maths, ChangeKind::Cancelled),
            )?;
            let (sday, splanned) = cal.lessons_of(russian, today, to)[0].clone();
            let id = ChangeId::next(tx)?;
            TIMETABLE_CHANGES.insert(
                tx,
                &(class, sday, id),
                &change(splanned.number, russian, ChangeKind::Substituted { teacher }),
            )?;
            SUBSTITUTIONS.insert(tx, &(teacher, sday, class, id), &())?;
            let event = |kind, title: &str, date, start, end, cancelled, parents| Event {
                class,
                kind,
                title: title.into(),
                date,
                start,
                end,
                place: "Музей \\ зал 2".into(),
                responsible: Some(chief),
                responsible_name: String::new(),
                participants: Participants { whole_class: true, students: Vec::new(), parents },
                notes: "Взять с собой сменную обувь".into(),
                cancelled,
                created_by: chief,
                updated_by: None,
                updated_at: 0,
            };
            let mut ids = Vec::new();
            for e in [
                event(
                    EventKind::Excursion,
                    EXCURSION,
                    today + Duration::days(3),
                    Some(hm(15, 0)),
                    Some(hm(17, 30)),
                    false,
                    false,
                ),
                event(
                    EventKind::ParentMeeting,
                    "Родительское собрание",
                    today + Duration::days(5),
                    None,
                    None,
                    true,
                    true,
                ),
            ] {
                let id = EventId::next(tx)?;
                CLASS_EVENTS.insert(tx, &(class, e.date, id), &())?;
                EVENTS.insert(tx, &id, &e)?;
                ids.push(id);
            }
            Ok::<_, parta::error::AppError>(Setup {
                student,
                teacher,
                chief,
                maths,
                given: (given_day, given.number),
                due,
                excursion: ids[0],
                meeting: ids[1],
                substituted: (russian, sday, splanned.number),
                cancelled: (cday, cplanned.number),
            })
        })
        .unwrap()
}

fn lesson_uid(t: TeachingId, day: NaiveDate, number: u8, suffix: &str) -> String {
    format!("lesson-{t}-{}-{number}{suffix}@parta", day.format("%Y%m%d"))
}

#[tokio::test]
async fn a_student_subscribes_and_the_feed_has_their_lessons_homework_and_events() {
    let app = TestApp::demo();
    let s = setup(&app);
    let mut c = app.signed_in("student").await;
    let page = c.get("/calendar").await;
    page.assert_contains("Создать адрес");
    page.assert_contains("Адреса пока нет");
    let path = make_address(&mut c).await;

    let r = fetch(&app, &path).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("content-type"), "text/calendar; charset=utf-8");
    assert_eq!(r.header("cache-control"), "private, max-age=900");
    let feed = parse(&r.body);
    assert_eq!(feed.cal.get_name(), Some("Parta — Петров Артём"));
    assert_eq!(feed.cal.get_timezone(), Some(app.state.tz().name()));
    assert!(r.body.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));

    // Every lesson of the window, at the bells of the class's shift, in its room.
    assert_lessons(&feed, &expected_student(&app, s.student, ""), &lesson_uids(&feed));
    let maths_name = app
        .store()
        .read_blocking(|tx| {
            let t = TEACHING.get(tx, &s.maths)?.unwrap();
            Ok::<_, parta::error::AppError>(SUBJECTS.get(tx, &t.subject)?.unwrap().name)
        })
        .unwrap();
    let given = &feed.events[&lesson_uid(s.maths, s.given.0, s.given.1, "")];
    assert_eq!(given.get_summary(), Some(maths_name.as_str()));
    let description = given.get_description().unwrap();
    assert!(description.contains("Смирнова"), "{description}");
    assert!(description.contains(&format!("Тема: {TOPIC}")), "{description}");
    let cancelled = &feed.events[&lesson_uid(s.maths, s.cancelled.0, s.cancelled.1, "")];
    assert_eq!(cancelled.get_status(), Some(EventStatus::Cancelled));
    assert!(cancelled.get_summary().unwrap().starts_with("Отменено: "));
    let (russian, sday, snumber) = s.substituted;
    let substituted = &feed.events[&lesson_uid(russian, sday, snumber, "")];
    assert!(substituted.get_description().unwrap().contains("Замена: Смирнова"));
    assert_eq!(substituted.get_status(), Some(EventStatus::Confirmed));

    // Homework on its due day, the text back exactly as written.
    let hw = &feed.events[&format!("hw-{}-{}-{}@parta", s.maths, s.given.0.format("%Y%m%d"), s.given.1)];
    assert_eq!(date_of(hw.get_start()), Some(s.due));
    assert_eq!(date_of(hw.get_end()), Some(s.due + Duration::days(1)));
    assert_eq!(hw.get_summary(), Some(format!("Д/з: {maths_name}").as_str()));
    assert_eq!(hw.get_description(), Some(long_homework().as_str()));

    // Class events: timed, and called off.
    let ex = &feed.events[&format!("event-{}@parta", s.excursion)];
    assert_eq!(ex.get_summary(), Some(EXCURSION));
    assert_eq!(utc_of(ex.get_start()), Some(moscow(today() + Duration::days(3), hm(15, 0))));
    assert_eq!(utc_of(ex.get_end()), Some(moscow(today() + Duration::days(3), hm(17, 30))));
    assert_eq!(ex.get_location(), Some("Музей \\ зал 2"));
    assert!(ex.get_description().unwrap().contains("Волкова"));
    assert!(ex.get_description().unwrap().contains("сменную обувь"));
    let meeting = &feed.events[&format!("event-{}@parta", s.meeting)];
    assert_eq!(meeting.get_status(), Some(EventStatus::Cancelled));
    assert_eq!(date_of(meeting.get_start()), Some(today() + Duration::days(5)));

    // The fetch is recorded; the address itself is never shown again.
    let page = c.get("/calendar").await;
    page.assert_lacks("ещё не было");
    page.assert_lacks(&path);
    page.assert_contains("Создать новый адрес");
}

#[tokio::test]
async fn long_texts_are_folded_and_parse_back_identical() {
    let app = TestApp::demo();
    let s = setup(&app);
    let mut c = app.signed_in("student").await;
    let path = make_address(&mut c).await;
    let r = fetch(&app, &path).await;
    let uid = format!("hw-{}-{}-{}@parta", s.maths, s.given.0.format("%Y%m%d"), s.given.1);
    let start = r.body.find(&format!("UID:{uid}")).unwrap();
    let block = &r.body[start..start + r.body[start..].find("END:VEVENT").unwrap()];
    assert!(block.matches("\r\n ").count() >= 4, "the homework description is folded:\n{block}");
    let feed = parse(&r.body);
    assert_eq!(feed.events[&uid].get_description(), Some(long_homework().as_str()));
}

#[tokio::test]
async fn a_parent_feed_has_both_childrens_lessons() {
    let app = TestApp::demo();
    let s = setup(&app);
    let mut c = app.signed_in("parent").await;
    let path = make_address(&mut c).await;
    let feed = parse(&fetch(&app, &path).await.body);
    let children = app
        .store()
        .read_blocking(|tx| {
            let parent = id_of(tx, "parent");
            let mut out = Vec::new();
            for child in children_of(tx, parent)? {
                out.push((child, USERS.get(tx, &child)?.unwrap().first_name));
            }
            Ok::<_, parta::error::AppError>(out)
        })
        .unwrap();
    assert_eq!(children.len(), 2);
    let mut expected = Expected::new();
    for (child, name) in &children {
        let mine = expected_student(&app, *child, &format!("-{child}"));
        assert!(!mine.is_empty(), "{name} has lessons");
        for uid in mine.keys() {
            assert!(feed.events[uid].get_summary().unwrap().contains(&format!("{name}: ")));
        }
        expected.extend(mine);
    }
    assert_lessons(&feed, &expected, &lesson_uids(&feed));
    let names: Vec<&str> = children.iter().map(|(_, n)| n.as_str()).collect();
    assert!(names.contains(&"Артём") && names.contains(&"Дарья"));

    let hw = format!("hw-{}-{}-{}-{}@parta", s.maths, s.given.0.format("%Y%m%d"), s.given.1, s.student);
    assert!(feed.events[&hw].get_summary().unwrap().starts_with("Артём: "));
    // Parents see the meeting they are invited to, not the pupils' excursion.
    assert!(feed.events.contains_key(&format!("event-{}@parta", s.meeting)));
    assert!(!feed.events.contains_key(&format!("event-{}@parta", s.excursion)));
}

#[tokio::test]
async fn a_teacher_feed_has_the_lessons_they_give() {
    let app = TestApp::demo();
    let s = setup(&app);
    let mut c = app.signed_in("teacher").await;
    let path = make_address(&mut c).await;
    let feed = parse(&fetch(&app, &path).await.body);
    let own = expected_teacher(&app, s.teacher);
    let uids = lesson_uids(&feed);
    let (russian, sday, snumber) = s.substituted;
    let sub = lesson_uid(russian, sday, snumber, "");
    // Their own lessons, and besides those only lessons they give as a substitute.
    let extra: BTreeSet<String> = uids.iter().filter(|u| !own.contains_key(*u)).cloned().collect();
    assert!(extra.contains(&sub), "the substitution is in the teacher's feed");
    for uid in &extra {
        assert!(feed.events[uid].get_description().unwrap().contains("Замена за учителя"), "{uid}");
    }
    let own_uids: BTreeSet<String> = uids.difference(&extra).cloned().collect();
    let own_only: Expected = own.clone();
    assert_lessons(&feed, &own_only, &own_uids);
    assert!(feed.events[&sub].get_description().unwrap().contains("Волкова"));
    let cancelled = &feed.events[&lesson_uid(s.maths, s.cancelled.0, s.cancelled.1, "")];
    assert_eq!(cancelled.get_status(), Some(EventStatus::Cancelled));
    let given = &feed.events[&lesson_uid(s.maths, s.given.0, s.given.1, "")];
    assert!(given.get_summary().unwrap().ends_with(", 5А"), "{:?}", given.get_summary());
    // Not the class chief of 5А, not responsible: no events of that class.
    assert!(!feed.events.contains_key(&format!("event-{}@parta", s.excursion)));

    // The chief sees the lesson given away, and the events of their class.
    let mut chief = app.signed_in("chief").await;
    let path = make_address(&mut chief).await;
    let feed = parse(&fetch(&app, &path).await.body);
    let away = &feed.events[&sub];
    assert_eq!(away.get_status(), Some(EventStatus::Cancelled));
    assert!(away.get_description().unwrap().contains("Урок ведёт Смирнова"));
    assert!(feed.events.contains_key(&format!("event-{}@parta", s.excursion)));
    assert!(feed.events.contains_key(&format!("event-{}@parta", s.meeting)));
    let _ = s.chief;
}

#[tokio::test]
async fn revoking_makes_the_address_not_found() {
    let app = TestApp::demo();
    let mut c = app.signed_in("student").await;
    let path = make_address(&mut c).await;
    assert_eq!(fetch(&app, &path).await.status, StatusCode::OK);
    let r = c.post("/calendar/revoke", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/calendar");
    assert_eq!(fetch(&app, &path).await.status, StatusCode::NOT_FOUND);
    let page = c.get("/calendar").await;
    page.assert_contains("Адрес отозван");
    page.assert_contains("Адреса пока нет");
    page.assert_lacks("Отозвать");
    // Revoking without the form's token is refused and changes nothing.
    let path = make_address(&mut c).await;
    let r = c.post_raw("/calendar/revoke", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(fetch(&app, &path).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_new_address_ends_the_old_one() {
    let app = TestApp::demo();
    let mut c = app.signed_in("student").await;
    let old = make_address(&mut c).await;
    let new = make_address(&mut c).await;
    assert_ne!(old, new);
    assert_eq!(fetch(&app, &old).await.status, StatusCode::NOT_FOUND);
    assert_eq!(fetch(&app, &new).await.status, StatusCode::OK);
    let stored = app.store().read_blocking(|tx| parta::calendar::model::FEEDS.count(tx)).unwrap();
    assert_eq!(stored, 1, "one address per user, the old hash removed");
}

#[tokio::test]
async fn invalid_tokens_are_not_found_and_never_ask_to_sign_in() {
    let app = TestApp::demo();
    let mut c = app.signed_in("student").await;
    let path = make_address(&mut c).await;
    let token = &path["/calendar/".len()..path.len() - 4];
    let mut other = token.to_string().into_bytes();
    other[0] = if other[0] == b'A' { b'B' } else { b'A' };
    let other = String::from_utf8(other).unwrap();
    for bad in [
        "/calendar/abc.ics".to_string(),
        format!("/calendar/{other}.ics"),
        format!("/calendar/{token}"),
        format!("/calendar/{token}.txt"),
        format!("/calendar/{token}.ics.ics"),
        format!("/calendar/{}.ics", token.to_lowercase()),
    ] {
        if bad == path {
            continue;
        }
        let r = fetch(&app, &bad).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(!r.body.contains("BEGIN:VCALENDAR"));
    }
    // A disabled account's address stops answering too.
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let id = id_of(tx, "student");
            let mut u = USERS.get(tx, &id)?.unwrap();
            u.disabled = true;
            USERS.insert(tx, &id, &u)?;
            Ok::<_, parta::error::AppError>(())
        })
        .unwrap();
    assert_eq!(fetch(&app, &path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_token_shows_only_its_owners_data_whoever_fetches_it() {
    let app = TestApp::demo();
    let s = setup(&app);
    let mut student = app.signed_in("student").await;
    let mine = make_address(&mut student).await;
    let mut teacher = app.signed_in("teacher").await;
    let theirs = make_address(&mut teacher).await;
    // The student's session plays no part: the teacher's address gives the teacher's feed.
    let r = student.get(&theirs).await;
    let feed = parse(&r.body);
    assert_ne!(feed.cal.get_name(), Some("Parta — Петров Артём"));
    assert!(feed.events.keys().all(|k| !k.starts_with("hw-")), "no student's homework");
    // The student's feed holds nothing of the sister's (another class) or the teacher's other classes.
    let feed = parse(&fetch(&app, &mine).await.body);
    let dasha = app
        .store()
        .read_blocking(|tx| {
            let parent = id_of(tx, "parent");
            Ok::<_, parta::error::AppError>(
                children_of(tx, parent)?.into_iter().find(|c| *c != s.student).unwrap(),
            )
        })
        .unwrap();
    let sister = expected_student(&app, dasha, "");
    assert!(sister.keys().all(|k| !feed.events.contains_key(k)));
    let teachers = expected_teacher(&app, s.teacher);
    let own = expected_student(&app, s.student, "");
    assert!(teachers.keys().filter(|k| !own.contains_key(*k)).all(|k| !feed.events.contains_key(k)));
}

#[tokio::test]
async fn the_calendar_page_needs_sign_in() {
    let app = TestApp::demo();
    let mut c = app.client();
    let r = c.get("/calendar").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/login?next="), "{}", r.location());
    // A signed-out browser's form token is its CSRF cookie.
    c.csrf = c.cookies.get("parta_csrf").cloned();
    let r = c.post("/calendar", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/login"), "{}", r.location());
    assert_eq!(app.store().read_blocking(|tx| parta::calendar::model::FEEDS.count(tx)).unwrap(), 0);
}

#[tokio::test]
async fn the_address_uses_the_host_the_browser_used() {
    let app = TestApp::demo();
    let mut c = app.signed_in("parent").await;
    c.get("/calendar").await;
    let token = c.csrf.clone().unwrap();
    let body = serde_urlencoded::to_string([("_csrf", token.as_str())]).unwrap();
    let r = c
        .send(
            Method::POST,
            "/calendar",
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
            &[("host", "school.example:8443"), ("x-forwarded-proto", "https")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains(">https://school.example:8443/calendar/");
    r.assert_contains("href=\"webcal://school.example:8443/calendar/");
}
