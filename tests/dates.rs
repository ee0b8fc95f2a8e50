//! The days of a school year that code reading "today" gets wrong: a Sunday, the last day of a
//! period, a holiday week, a quarter's first school day, the year's last day and the first of
//! September with no new year made yet. Each test runs the demo school (built up to
//! `common::NOW`, 25 November 2026) with the server's clock at one such moment and opens, as
//! each role, the pages they open every day: every one answers, and the day's period, week
//! and lessons are the ones the calendar of the demo year says (quarters 1.09–24.10,
//! 5.11–28.12, 12.01–21.03, 30.03–26.05; winter holidays 29.12–11.01).

use axum::http::StatusCode;
use chrono::NaiveDateTime;

use crate::common::{Client, TestApp};

/// What the calendar says about one moment.
struct Day {
    /// The school's wall-clock time, as `--today` takes it.
    at: &'static str,
    /// The period the journal and the diary open on.
    period: &'static str,
    /// The diary's week, as its heading writes it.
    week: &'static str,
    /// Whether the demo teacher has lessons that day.
    lessons: bool,
}

fn moment(at: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M").expect("a moment")
}

/// The page at `path` (after the redirects of pages such as /diary that open the right one).
async fn ok(c: &mut Client, who: &str, path: &str) -> String {
    let mut r = c.get(path).await;
    for _ in 0..3 {
        if r.status != StatusCode::SEE_OTHER {
            break;
        }
        let next = r.location().to_string();
        assert!(next.starts_with('/') && !next.starts_with("/login"), "{who} GET {path} → {next}");
        r = c.get(&next).await;
    }
    assert_eq!(r.status, StatusCode::OK, "{who} GET {path}: {}", r.body);
    r.body
}

/// The paths of `href="{prefix}…"` links of a page, each once, in page order.
fn links(body: &str, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in body.split("href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap_or(0)];
        if href.starts_with(prefix) && !out.iter().any(|h| h == href) {
            out.push(href.replace("&amp;", "&"));
        }
    }
    out
}

async fn walk(day: Day) {
    let app = TestApp::demo_at(moment(day.at));
    let at = day.at;

    // The subject teacher: the start page, the journal list and a journal, plans, events,
    // the timetable, the classes, the reports.
    let mut teacher = app.signed_in("teacher").await;
    let home = ok(&mut teacher, "teacher", "/").await;
    assert_eq!(!home.contains("Сегодня уроков нет."), day.lessons, "{at}: the teacher's lessons today");
    let journals = ok(&mut teacher, "teacher", "/journal").await;
    let first = links(&journals, "/journal/").into_iter().next().expect("a journal of the teacher");
    let grid = ok(&mut teacher, "teacher", &first).await;
    assert!(
        grid.contains(&format!("aria-current=\"page\">{}", day.period)),
        "{at}: the journal opens on {}",
        day.period
    );
    for path in ["/plans", "/events", "/timetable", "/classes", "/reports", "/notices"] {
        ok(&mut teacher, "teacher", path).await;
    }

    // The class chief: the class, its day of attendance, its progress.
    let mut chief = app.signed_in("chief").await;
    ok(&mut chief, "chief", "/").await;
    let classes = ok(&mut chief, "chief", "/classes").await;
    let class = links(&classes, "/classes/").into_iter().next().expect("the chief's class");
    ok(&mut chief, "chief", &class).await;
    for page in ["/attendance", "/progress"] {
        ok(&mut chief, "chief", &format!("{class}{page}")).await;
    }

    // The student and the parent: the diary of the day's week and period.
    for login in ["student", "parent"] {
        let mut c = app.signed_in(login).await;
        ok(&mut c, login, "/").await;
        let diary = ok(&mut c, login, "/diary").await;
        assert!(diary.contains(day.week), "{at}: {login}'s diary shows the week {}", day.week);
        assert!(
            diary.contains(&format!("Итоги: {}", day.period)),
            "{at}: {login}'s diary sums up {}",
            day.period
        );
        for path in ["/timetable", "/reports"] {
            ok(&mut c, login, path).await;
        }
    }

    // The deputy head: every report of the catalogue on its default filters, plans behind,
    // the day's changes.
    let mut director = app.signed_in("director").await;
    ok(&mut director, "director", "/").await;
    let catalogue = ok(&mut director, "director", "/reports").await;
    let reports = links(&catalogue, "/reports/");
    assert!(reports.len() >= 15, "{reports:?}");
    for path in reports {
        ok(&mut director, "director", &path).await;
    }
    for path in ["/plans/behind", "/timetable/changes", "/journal"] {
        ok(&mut director, "director", path).await;
    }
}

#[tokio::test]
async fn on_a_sunday_the_diary_shows_the_coming_week() {
    let day =
        Day {
            at: "2026-11-29T12:00", period: "2 четверть", week: "30 ноября — 5 декабря", lessons: false
        };
    walk(day).await;
}

#[tokio::test]
async fn on_the_last_day_of_a_quarter_it_is_still_that_quarter() {
    let day =
        Day {
            at: "2026-12-28T14:00", period: "2 четверть", week: "28 декабря — 2 января", lessons: true
        };
    walk(day).await;
}

#[tokio::test]
async fn in_the_holidays_there_are_no_lessons_and_the_quarter_before_stays_open() {
    let day =
        Day {
            at: "2026-12-30T11:00", period: "2 четверть", week: "28 декабря — 2 января", lessons: false
        };
    walk(day).await;
}

#[tokio::test]
async fn on_a_quarters_first_school_day_the_new_quarter_opens() {
    let day =
        Day {
            at: "2027-01-12T09:00", period: "3 четверть", week: "11 января — 16 января", lessons: true
        };
    walk(day).await;
}

#[tokio::test]
async fn on_the_years_last_day_the_last_quarter_is_shown() {
    let day =
        Day {
            at: "2027-08-31T12:00", period: "4 четверть", week: "30 августа — 4 сентября", lessons: false
        };
    walk(day).await;
}

#[tokio::test]
async fn on_the_first_of_september_without_a_new_year_the_last_one_is_shown() {
    let day =
        Day {
            at: "2027-09-01T09:00", period: "4 четверть", week: "30 августа — 4 сентября", lessons: false
        };
    walk(day).await;
}
