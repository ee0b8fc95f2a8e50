//! Payloads in the life of a class: events (title, place, responsible, notes), parents'
//! answers, timetable changes (room, note), read back on the event pages, lists, diaries,
//! notices, timetables and the phone calendar feed.

use axum::http::StatusCode;
use chrono::{Datelike, Duration, Weekday};

use super::common::Client;
use super::inert::{ICS_BREAK, assert_ics_inert, assert_inert, assert_shown, hostile, unfold};
use super::poison::{self, room};
use super::support::{Demo, answered, demo, page, today};
use super::xss_people::urlencode;

/// A study day (Monday to Friday) after today.
fn study_day() -> chrono::NaiveDate {
    let mut day = today() + Duration::days(1);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day += Duration::days(1);
    }
    day
}

/// Makes a feed address on the calendar page and fetches the feed as a phone would.
async fn feed(d: &Demo, c: &mut Client) -> (String, String) {
    c.get("/calendar").await;
    let r = c.post("/calendar", &[]).await;
    answered("a feed address", &r, StatusCode::OK);
    let at = r.body.find("/calendar/").unwrap();
    let path = &r.body[at..at + r.body[at..].find(".ics").unwrap() + 4];
    let f = d.app.client().get(path).await;
    assert_eq!(f.status, StatusCode::OK, "{path}");
    (f.header("content-type").to_string(), f.body)
}

#[tokio::test]
async fn events_and_answers_are_text_on_pages_and_in_the_feed() {
    let d = demo();
    let p = poison::all(&d).await;
    let day = study_day().to_string();
    let mut chief = d.client("chief").await;
    chief.get(&format!("/classes/{}/events/new", d.class)).await;
    let (title, place, responsible, notes) = (hostile("=E1"), hostile("+E2"), hostile("-E3"), hostile("@E4"));
    let notes = format!("{notes}{ICS_BREAK}");
    let r = chief
        .post(
            &format!("/classes/{}/events", d.class),
            &[
                ("kind", "parent_meeting"),
                ("title", &title),
                ("date", &day),
                ("start", "18:00"),
                ("end", "19:00"),
                ("place", &place),
                ("responsible", ""),
                ("responsible_name", &responsible),
                ("who", "class"),
                ("parents", "on"),
                ("notes", &notes),
            ],
        )
        .await;
    answered("an event", &r, StatusCode::SEE_OTHER);
    let id = r.location().trim_start_matches("/events/").to_string();

    // The mother answers with a note.
    let mut parent = d.client("parent").await;
    let week = format!("/diary/{}?week={day}", d.student);
    let diary = page(&mut parent, &week).await;
    assert_shown("the parent's week", &diary.body, &title);
    let answer = hostile("=E5");
    let r = parent
        .post(&format!("/diary/{}/reply", d.student), &[("event", &id), ("answer", "yes"), ("note", &answer)])
        .await;
    answered("an answer", &r, StatusCode::SEE_OTHER);

    let event = page(&mut chief, &format!("/events/{id}")).await;
    for v in [&title, &place, &responsible, &answer, &p.parent_surname, &p.student_surname] {
        assert_shown("the event", &event.body, v);
    }
    assert!(event.body.contains("X-INJECTED:1"), "the notes are shown, line breaks and all");
    for path in [
        format!("/events/{id}/edit"),
        format!("/classes/{}/events?from={day}", d.class),
        format!("/classes/{}/events/new?date={day}", d.class),
        "/events".to_string(),
        "/notices".to_string(),
        "/".to_string(),
    ] {
        let r = page(&mut chief, &path).await;
        if path.contains("events?") {
            assert_shown(&path, &r.body, &title);
        }
    }
    for login in ["student", "parent"] {
        let mut c = d.client(login).await;
        let r = page(&mut c, &week).await;
        assert_shown(&format!("the {login}'s week"), &r.body, &place);
        page(&mut c, &format!("/events/{id}")).await;
        let notices = page(&mut c, "/notices").await;
        assert_shown(&format!("the {login}'s notices"), &notices.body, &title);
        page(&mut c, "/notices/badge").await;
        page(&mut c, "/events").await;
        page(&mut c, "/calendar").await;
        let (content_type, ics) = feed(&d, &mut c).await;
        assert_ics_inert(&format!("the {login}'s feed"), &content_type, &ics);
        assert!(unfold(&ics).contains(&title), "the event is in the {login}'s feed:\n{ics}");
    }
    let mut director = d.client("director").await;
    let list = page(&mut director, &format!("/events?class={}&from={day}", d.class)).await;
    assert_shown("the school's events", &list.body, &title);

    // A refused event and a refused answer come back with what was typed.
    let r = chief
        .post(
            &format!("/classes/{}/events", d.class),
            &[("kind", &title), ("title", &title), ("date", &title), ("start", &place), ("who", &place)],
        )
        .await;
    answered("a refused event", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused event", &r.body, &title);
    parent.get(&week).await;
    let long = format!("{answer}{}", "ж".repeat(500));
    let r = parent
        .post(&format!("/diary/{}/reply", d.student), &[("event", &id), ("answer", "no"), ("note", &long)])
        .await;
    answered("a refused answer", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused answer", &r.body, &long);
}

#[tokio::test]
async fn a_timetable_change_with_a_hostile_room_and_note_is_text() {
    let d = demo();
    let day = study_day().to_string();
    let mut admin = d.client("admin").await;
    admin.get(&format!("/timetable/changes?date={day}&class={}", d.class)).await;
    let (room_name, note) = (room("=R2"), hostile("=N5"));
    let (class, maths) = (d.class.to_string(), d.maths.to_string());
    let mut added = None;
    for number in ["8", "7", "6"] {
        let r = admin
            .post(
                "/timetable/changes",
                &[
                    ("class", &class),
                    ("date", &day),
                    ("kind", "add"),
                    ("teaching", &maths),
                    ("number", number),
                    ("room", &room_name),
                    ("note", &note),
                ],
            )
            .await;
        if r.status == StatusCode::SEE_OTHER {
            added = Some(number);
            break;
        }
        answered("a refused change", &r, StatusCode::UNPROCESSABLE_ENTITY);
        assert_shown("a refused change", &r.body, &note);
    }
    assert!(added.is_some(), "a lesson added late in the day");
    let changes = page(&mut admin, &format!("/timetable/changes?date={day}")).await;
    assert_shown("the changes", &changes.body, &note);
    let week = page(&mut admin, &format!("/timetable/classes/{}?week={day}", d.class)).await;
    assert_shown("the class's week", &week.body, &room_name);
    let rooms = page(&mut admin, &format!("/timetable/rooms/{}?week={day}", urlencode(&room_name))).await;
    assert_shown("the room's week", &rooms.body, &room_name);
    page(&mut admin, "/timetable").await;
    page(&mut admin, &format!("/timetable/classes/{}/edit", d.class)).await;
    let mut teacher = d.client("teacher").await;
    page(&mut teacher, &format!("/timetable/teachers/{}?week={day}", d.teacher)).await;
    for login in ["student", "parent"] {
        let mut c = d.client(login).await;
        let r = page(&mut c, &format!("/diary/{}?week={day}", d.student)).await;
        assert_inert(login, &r.body);
        page(&mut c, &format!("/timetable/students/{}?week={day}", d.student)).await;
        let (content_type, ics) = feed(&d, &mut c).await;
        assert_ics_inert(&format!("the {login}'s feed"), &content_type, &ics);
    }
    // A new weekly version from next Monday, its one lesson (Monday's first) in a hostile room.
    let monday = study_day() + Duration::days(7 - i64::from(study_day().weekday().num_days_from_monday()));
    let next = monday.to_string();
    admin.get(&format!("/timetable/classes/{}/edit?from={next}", d.class)).await;
    let weekly = room("=R3");
    let version = format!("/timetable/classes/{}/versions", d.class);
    let long = format!("{weekly}{}", "ж".repeat(40));
    let fields = |r: &str| {
        vec![
            ("from", next.clone()),
            ("shift", "1".into()),
            ("t_1_1_0", maths.clone()),
            ("r_1_1_0", r.to_string()),
        ]
    };
    let refused = fields(&long);
    let refused: Vec<(&str, &str)> = refused.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.post(&version, &refused).await;
    answered("a refused version", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused version", &r.body, &long);
    let ok = fields(&weekly);
    let ok: Vec<(&str, &str)> = ok.iter().map(|(k, v)| (*k, v.as_str())).collect();
    answered("a version", &admin.post(&version, &ok).await, StatusCode::SEE_OTHER);
    let week = page(&mut admin, &format!("/timetable/classes/{}?week={next}", d.class)).await;
    assert_shown("the new week", &week.body, &weekly);
    page(&mut admin, &format!("/timetable/classes/{}/edit?from={next}", d.class)).await;
    page(&mut admin, &format!("/timetable/rooms/{}?week={next}", urlencode(&weekly))).await;

    // A room in the address is only a name: the page shows it as text.
    for raw in ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)"] {
        let r = admin.get(&format!("/timetable/rooms/{}?week={day}", urlencode(raw))).await;
        assert!(r.status == StatusCode::OK || r.status == StatusCode::NOT_FOUND, "{}", r.status);
        assert_inert("a room from the address", &r.body);
    }
}
