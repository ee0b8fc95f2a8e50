//! «Вовремя» of the filling report counts from when a mark was first set in its cell: a mark
//! given on time and corrected a week later through the journal stays on time, while the
//! correction moves the mark's `at` (the «последняя запись»).

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use parta::error::AppError;
use parta::journal::model::{LessonKey, Mark};
use parta::journal::model::{MARKS, STUDENT_MARKS};
use parta::journal::records::{self, MarkKey};
use parta::store::Order;
use parta::structure::model::PERIODS;
use parta::timetable::calendar::ClassCalendar;
use redb::Durability;

use super::support::{Fx, clear_attendance, fixture, id_of, row_cells, today, xlsx, xlsx_row};
use crate::common::{Client, TestApp};

/// The mark of the cell in both copies, which must agree.
fn stored(app: &TestApp, key: MarkKey) -> Option<Mark> {
    app.store()
        .read_blocking(|tx| {
            let l = key.lesson;
            let journal = records::mark(tx, key)?;
            let by_student =
                STUDENT_MARKS.get(tx, &(key.student, l.date, l.teaching, l.number, key.assignment))?;
            assert_eq!(journal, by_student, "the diary's copy is the journal's");
            Ok::<_, AppError>(journal)
        })
        .unwrap()
}

/// The maths row's «Вовремя, %» and «Последняя запись» on the page, and «Вовремя, %» in the XLSX.
async fn timely(c: &mut Client, fx: &Fx) -> (String, String, calamine::Data) {
    let q = format!("class={}&from={}&to={}", fx.class, fx.from, fx.to);
    let r = c.get(&format!("/reports/filling?{q}")).await;
    assert_eq!(r.status, StatusCode::OK);
    // Teacher, lessons, topics, %, homework, attendance, marks, per student, on time, last.
    let cells = row_cells(&r.body, "Математика");
    assert_eq!(cells[6], "1", "one mark in the week: {cells:?}");
    let sheet = xlsx(c, &format!("/reports/filling.xlsx?{q}")).await;
    let row = xlsx_row(&sheet, "Математика");
    (cells[8].clone(), cells[9].clone(), row[9].clone())
}

#[tokio::test]
async fn a_mark_corrected_late_stays_on_time_from_its_first_entry() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    // A maths lesson of the week before its Saturday, so its next school day is past; its
    // period open; the week's maths marks and the class's attendance cleared.
    let (key, lesson_time) = app
        .store()
        .write_blocking(Durability::Immediate, |tx| {
            let teacher = id_of(tx, "teacher");
            let student = id_of(tx, "student");
            clear_attendance(tx, &fx, teacher)?;
            let mut cells = Vec::new();
            MARKS.scan_between(
                tx,
                &(fx.math, fx.from),
                &(fx.math, fx.to + Duration::days(1)),
                Order::Asc,
                |k, _| {
                    cells.push(k);
                    true
                },
            )?;
            for (t, date, number, s, a) in cells {
                let mk =
                    MarkKey { lesson: LessonKey { teaching: t, date, number }, student: s, assignment: a };
                records::put_mark(tx, mk, None, teacher, 1)?;
            }
            let cal = ClassCalendar::load(tx, fx.class, fx.from, fx.to)?.unwrap();
            let (day, l) =
                cal.lessons_of(fx.math, fx.from, fx.to).into_iter().find(|(d, _)| *d < fx.to).unwrap();
            let (pid, mut p) = cal.period_of(day).map(|(id, p)| (id, p.clone())).unwrap();
            if p.closed {
                p.closed = false;
                PERIODS.insert(tx, &pid, &p)?;
            }
            let key = MarkKey {
                lesson: LessonKey { teaching: fx.math, date: day, number: l.number },
                student,
                assignment: 0,
            };
            Ok::<_, AppError>((key, at_nine(day)))
        })
        .unwrap();
    let (lesson, s) = (key.lesson.slug(), key.student.to_string());
    let cell = |value: &'static str, was: &'static str| {
        [
            ("lesson", lesson.clone()),
            ("student", s.clone()),
            ("a", "0".into()),
            ("value", value.into()),
            ("was", was.into()),
        ]
    };
    let mut t = app.signed_in("teacher").await;
    t.get("/").await;
    let post = async |t: &mut Client, fields: [(&'static str, String); 5]| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = t.post(&format!("/journal/{}/cell", fx.math), &fields).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    };

    // A 4 set through the journal today, a week and more after the lesson: late.
    let before = app.state.clock.unix();
    post(&mut t, cell("4", "")).await;
    let first = stored(&app, key).expect("the 4 is stored");
    assert!(first.at >= before && first.first_at == first.at, "{first:?}");
    let (pct, _, _) = timely(&mut t, &fx).await;
    assert_eq!(pct, "0,0");

    // As if it had been set on the lesson's day: on time.
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let m = Mark { at: lesson_time, first_at: lesson_time, ..first.clone() };
            let l = key.lesson;
            MARKS.insert(tx, &(l.teaching, l.date, l.number, key.student, 0), &m)?;
            STUDENT_MARKS.insert(tx, &(key.student, l.date, l.teaching, l.number, 0), &m)?;
            Ok::<_, AppError>(())
        })
        .unwrap();
    assert_eq!(timely(&mut t, &fx).await.0, "100,0");

    // Corrected to a 5 today through the journal: `at` moves, the first entry stays, and the
    // mark is still on time; the last entry is today's correction.
    post(&mut t, cell("5", "4")).await;
    let corrected = stored(&app, key).expect("the 5 is stored");
    assert_eq!(corrected.value, parta::journal::model::MarkValue::Num(5));
    assert_eq!(corrected.first_at, lesson_time, "the correction keeps the first entry");
    assert!(corrected.at >= before, "the correction is the last change: {corrected:?}");
    let (pct, last, cell_xlsx) = timely(&mut t, &fx).await;
    assert_eq!(pct, "100,0");
    assert_eq!(last, today().format("%d.%m.%Y").to_string());
    assert_eq!(cell_xlsx, calamine::Data::Float(100.0));

    // Deleted and set again: a new mark, set today, so late.
    post(&mut t, cell("", "5")).await;
    assert_eq!(stored(&app, key), None);
    post(&mut t, cell("3", "")).await;
    let again = stored(&app, key).expect("the 3 is stored");
    assert!(again.first_at >= before && again.first_at == again.at, "{again:?}");
    assert_eq!(timely(&mut t, &fx).await.0, "0,0");
}

/// 09:00 in Moscow on `day`: within the day in every Russian time zone.
fn at_nine(day: NaiveDate) -> i64 {
    use chrono::TimeZone;
    chrono_tz::Europe::Moscow
        .from_local_datetime(&day.and_hms_opt(9, 0, 0).unwrap())
        .single()
        .unwrap()
        .timestamp()
}
