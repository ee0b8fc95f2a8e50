//! Fixtures of `tests/reports_staff.rs`: the demo class and a past study week, and readers of
//! report pages and workbooks.

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate};
use parta::auth::accounts;
use parta::auth::model::USERS;
use parta::error::AppError;
use parta::journal::model::ATTENDANCE;
use parta::journal::model::LessonKey;
use parta::journal::records;
use parta::store::Order;
use parta::store::ids::{ClassId, TeachingId, UserId};
use parta::structure::model::CLASSES;
use parta::structure::model::Teaching;
use parta::structure::service::teaching_of_class;
use parta::timetable::calendar::ClassCalendar;
use redb::WriteTransaction;

use super::common::{Client, TestApp};

pub use crate::common::today;

pub fn id_of(tx: &impl parta::store::Reader, login: &str) -> UserId {
    accounts::find_by_login(tx, login).unwrap().unwrap().0
}

/// The demo student's class with its teaching, and a past Monday–Saturday inside a study
/// period with lessons.
pub struct Fx {
    pub class: ClassId,
    pub teaching: Vec<(TeachingId, Teaching)>,
    /// The demo teacher's mathematics in the class.
    pub math: TeachingId,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

pub fn fixture(app: &TestApp) -> Fx {
    app.store()
        .read_blocking(|tx| {
            let student = id_of(tx, "student");
            let teacher = id_of(tx, "teacher");
            let class = parta::people::service::class_of(tx, student, today())?.unwrap();
            let teaching = teaching_of_class(tx, class)?;
            let math = teaching.iter().find(|(_, t)| t.teacher == teacher).unwrap().0;
            let c = CLASSES.get(tx, &class)?.unwrap();
            let year = parta::structure::model::YEARS.get(tx, &c.year)?.unwrap();
            let cal = ClassCalendar::load(tx, class, year.start, year.end)?.unwrap();
            // The latest whole week before today whose six days are all study days.
            let mut monday =
                today() - Duration::days(i64::from(today().weekday().num_days_from_monday()) + 7);
            loop {
                let days: Vec<NaiveDate> = (0..6).map(|i| monday + Duration::days(i)).collect();
                if days.iter().all(|d| cal.is_study_day(*d))
                    && cal.period_of(days[0]).map(|p| p.0) == cal.period_of(days[5]).map(|p| p.0)
                    && !cal.lessons_of(math, days[0], days[5]).is_empty()
                {
                    break;
                }
                monday -= Duration::days(7);
                assert!(monday > year.start, "a whole study week before today");
            }
            Ok::<_, AppError>(Fx { class, teaching, math, from: monday, to: monday + Duration::days(5) })
        })
        .unwrap()
}

/// The cells of the row labelled `label` in a report page, as text.
pub fn row_cells(body: &str, label: &str) -> Vec<String> {
    let start =
        body.find(&format!("<th scope=\"row\">{label}</th>")).unwrap_or_else(|| panic!("no row {label}"));
    let row = &body[start..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td").skip(1).map(|c| strip_tags(&format!("<td{c}"))).collect()
}

pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in html.chars() {
        match ch {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The first sheet of an XLSX report.
pub async fn xlsx(c: &mut Client, url: &str) -> calamine::Range<calamine::Data> {
    use calamine::{Reader, Xlsx};
    let r = c.get(url).await;
    assert_eq!(r.status, StatusCode::OK, "{url}");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes)).unwrap();
    book.worksheet_range_at(0).unwrap().unwrap()
}

pub fn xlsx_row(range: &calamine::Range<calamine::Data>, label: &str) -> Vec<calamine::Data> {
    range
        .rows()
        .find(|r| matches!(r.first(), Some(calamine::Data::String(s)) if s == label))
        .unwrap_or_else(|| panic!("no XLSX row {label}"))
        .to_vec()
}

pub fn clear_attendance(tx: &WriteTransaction, fx: &Fx, by: UserId) -> Result<(), AppError> {
    for (tid, _) in &fx.teaching {
        let mut keys = Vec::new();
        ATTENDANCE.scan_between(
            tx,
            &(*tid, fx.from),
            &(*tid, fx.to + Duration::days(1)),
            Order::Asc,
            |k, _| {
                keys.push(k);
                true
            },
        )?;
        for (t, d, n, s) in keys {
            records::put_attendance(tx, LessonKey { teaching: t, date: d, number: n }, s, None, by, 1)?;
        }
    }
    Ok(())
}

pub fn full_name(app: &TestApp, id: UserId) -> String {
    app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.get(tx, &id)?.unwrap().full_name())).unwrap()
}
