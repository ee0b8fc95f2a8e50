//! «Динамика среднего балла» for one subject: the student's running average in maths against
//! the class's, on marks set by hand for the student and two classmates (every other maths mark
//! of the class removed), the «all subjects» default, and who may choose what.

use super::{close, id, row, starts, today, xlsx_rows};
use crate::common::{Client, Response, TestApp};
use axum::http::StatusCode;
use calamine::Data;
use chrono::{Datelike, Duration, Months, NaiveDate};
use parta::error::AppError;
use parta::journal::model::STUDENT_MARKS;
use parta::journal::model::{LessonKey, Mark, MarkValue};
use parta::journal::records::{self, MarkKey};
use parta::people::service::{class_of, students_of};
use parta::store::Order;
use parta::store::ids::{ClassId, SubjectId, UserId};
use parta::structure::model::{CLASSES, SUBJECTS, WORK_TYPES, YEARS};
use parta::structure::service::teaching_of_class;
use redb::Durability;

struct Case {
    student: UserId,
    /// A classmate of the student (classmate A below).
    other: UserId,
    maths: SubjectId,
    russian: SubjectId,
    /// A subject of the school that the student's class (grade 5) does not have.
    physics: SubjectId,
    /// A class of grade 7 or above, where there is no «Математика».
    senior: ClassId,
}

/// The demo student's class with its maths marks of the year replaced by these (mark, weight):
/// - the student: 5 (1) and 3 (1) in the first month, 2 (2) in the second: 4,00, then 3,00;
/// - classmate A: 3 (2) in the first month: 3,00 from then on;
/// - classmate B: 5 (1) in the second month: nothing, then 5,00.
///
/// The class's line: (4 + 3) / 2 = 3,50, then (3 + 3 + 5) / 3 ≈ 3,67 — B is left out of the
/// first month, and the classmates without maths marks of every month.
fn setup(app: &TestApp) -> Case {
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let (student, teacher) = (id(tx, "student")?, id(tx, "teacher")?);
            let class = class_of(tx, student, today())?.unwrap();
            let c = CLASSES.get(tx, &class)?.unwrap();
            let year = YEARS.get(tx, &c.year)?.unwrap();
            let subject = |name: &str| -> Result<SubjectId, AppError> {
                Ok(SUBJECTS.all(tx)?.into_iter().find(|(_, s)| s.name == name).unwrap().0)
            };
            let maths = subject("Математика")?;
            let (tid, _) =
                teaching_of_class(tx, class)?.into_iter().find(|(_, t)| t.subject == maths).unwrap();
            let students = students_of(tx, class, today())?;
            for s in &students {
                let mut marks = Vec::new();
                STUDENT_MARKS.scan_between(
                    tx,
                    &(*s, year.start),
                    &(*s, year.end + Duration::days(1)),
                    Order::Asc,
                    |(_, date, teaching, number, no), m| {
                        if m.subject == maths {
                            marks.push((LessonKey { teaching, date, number }, no));
                        }
                        true
                    },
                )?;
                for (lesson, assignment) in marks {
                    records::put_mark(tx, MarkKey { lesson, student: *s, assignment }, None, teacher, 1)?;
                }
            }
            let first = year.start + Duration::days(2);
            let second = year.start.with_day(1).unwrap() + Months::new(1);
            assert!(second + Duration::days(1) <= today(), "the test needs the year's second month");
            let work = WORK_TYPES.all(tx)?.first().unwrap().0;
            let put = |who: UserId, date: NaiveDate, value: u8, weight: u8| {
                let m = Mark {
                    value: MarkValue::Num(value),
                    weight,
                    subject: maths,
                    work_type: work,
                    comment: String::new(),
                    by: teacher,
                    at: 1,
                    first_at: 1,
                };
                let lesson = LessonKey { teaching: tid, date, number: 1 };
                records::put_mark(tx, MarkKey { lesson, student: who, assignment: 0 }, Some(&m), teacher, 1)
                    .map(|_| ())
            };
            let mut mates = students.iter().copied().filter(|s| *s != student);
            let (a, b) = (mates.next().unwrap(), mates.next().unwrap());
            put(student, first, 5, 1)?;
            put(student, first + Duration::days(1), 3, 1)?;
            put(student, second, 2, 2)?;
            put(a, first, 3, 2)?;
            put(b, second + Duration::days(1), 5, 1)?;
            let mut senior = None;
            for (id, k) in CLASSES.all(tx)? {
                if k.year == c.year && k.grade >= 7 && !students_of(tx, id, today())?.is_empty() {
                    senior = Some(id);
                    break;
                }
            }
            Ok::<_, AppError>(Case {
                student,
                other: a,
                maths,
                russian: subject("Русский язык")?,
                physics: subject("Физика")?,
                senior: senior.unwrap(),
            })
        })
        .unwrap()
}

/// The options of the subject select, in order: (value, selected).
fn subject_options(r: &Response) -> Vec<(String, bool)> {
    let at = r.body.find("id=\"f-subject\"").unwrap_or_else(|| panic!("no subject select:\n{}", r.body));
    let select = &r.body[at..at + r.body[at..].find("</select>").unwrap()];
    select
        .split("<option ")
        .skip(1)
        .map(|o| {
            let value = o.split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let selected = o.starts_with(&format!("value=\"{value}\" selected"));
            (value, selected)
        })
        .collect()
}

/// The maths row and the class's row of the dynamics file, and all its rows.
async fn lines(c: &mut Client, query: &str) -> (Vec<Data>, Vec<Data>, Vec<Vec<Data>>) {
    let x = c.get(&format!("/reports/dynamics.xlsx?{query}")).await;
    assert_eq!(x.status, StatusCode::OK, "{query}");
    let rows = xlsx_rows(&x, 0);
    (starts(&rows, "Математика"), starts(&rows, "Класс: средний по предмету"), rows)
}

/// The figures of [`setup`], month by month: the first month, then the second and every later one.
fn check_lines(me: &[Data], class: &[Data]) {
    assert!(me.len() >= 3 && me.len() == class.len(), "{me:?} / {class:?}");
    assert!(close(&me[1], 4.0), "first month: {:?}", me[1]);
    assert!(close(&class[1], 3.5), "first month of the class: {:?}", class[1]);
    for i in 2..me.len() {
        assert!(close(&me[i], 3.0), "month {i}: {:?}", me[i]);
        assert!(close(&class[i], 11.0 / 3.0), "month {i} of the class: {:?}", class[i]);
    }
}

#[tokio::test]
async fn one_subject_shows_the_student_against_the_class_in_it() {
    let app = TestApp::demo();
    let d = setup(&app);
    let mut s = app.signed_in("student").await;
    let r = s.get(&format!("/reports/dynamics?subject={}", d.maths)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // «Все предметы» first, then the student's subjects, maths chosen; the heading says which.
    let options = subject_options(&r);
    assert_eq!(options[0], (String::new(), false));
    assert!(options.contains(&(d.maths.to_string(), true)), "{options:?}");
    assert!(options.contains(&(d.russian.to_string(), false)), "{options:?}");
    assert!(!options.iter().any(|(v, _)| *v == d.physics.to_string()), "{options:?}");
    r.assert_contains(&format!("name=\"subject_for\" value=\"{}\"", d.student));
    r.assert_contains(" · Математика</p>");
    r.assert_contains("Средний балл по предмету «Математика» с начала учебного года");
    let class = row(&r, "Класс: средний по предмету");
    assert!(class.contains(">3,50<") && class.contains(">3,67<"), "{class}");
    r.assert_lacks("Ученик: средний по предметам");
    r.assert_contains("<svg");
    // The file: the maths row is the student's line, then the class's; no other subject.
    let (me, class, rows) = lines(&mut s, &format!("subject={}", d.maths)).await;
    check_lines(&me, &class);
    let gone = ["Русский язык", "Ученик: средний по предметам", "Класс: средний по предметам"];
    for label in gone {
        assert!(!rows.iter().flatten().any(|c| *c == Data::String(label.into())), "{label} in the file");
    }
    let csv = s.get(&format!("/reports/dynamics.csv?subject={}", d.maths)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("Класс: средний по предмету;3,50;3,67"), "{}", csv.body);
}

#[tokio::test]
async fn without_a_subject_the_dynamics_stays_over_every_subject() {
    let app = TestApp::demo();
    let d = setup(&app);
    let mut s = app.signed_in("student").await;
    for query in [String::new(), "subject=".to_string(), format!("subject=&subject_for={}", d.student)] {
        let r = s.get(&format!("/reports/dynamics?{query}")).await;
        assert_eq!(r.status, StatusCode::OK, "{query}");
        assert_eq!(subject_options(&r)[0], (String::new(), true), "«Все предметы» chosen: {query}");
        r.assert_contains("Ученик: средний по предметам");
        r.assert_contains("Класс: средний по предметам");
        r.assert_contains("Средний балл с начала учебного года");
        r.assert_lacks("Класс: средний по предмету<");
    }
    let x = s.get("/reports/dynamics.xlsx").await;
    let rows = xlsx_rows(&x, 0);
    // Every subject's row, maths with the student's own figures.
    let me = starts(&rows, "Математика");
    assert!(close(&me[1], 4.0) && close(&me[2], 3.0), "{me:?}");
    starts(&rows, "Русский язык");
    starts(&rows, "Ученик: средний по предметам");
    starts(&rows, "Класс: средний по предметам");
}

#[tokio::test]
async fn a_parent_follows_their_childs_subject() {
    let app = TestApp::demo();
    let d = setup(&app);
    let mut p = app.signed_in("parent").await;
    let query = format!("student={}&subject={}&subject_for={}", d.student, d.maths, d.student);
    let r = p.get(&format!("/reports/dynamics?{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(subject_options(&r).contains(&(d.maths.to_string(), true)));
    r.assert_contains(" · Математика</p>");
    let (me, class, _) = lines(&mut p, &query).await;
    check_lines(&me, &class);
}

#[tokio::test]
async fn a_subject_not_the_students_is_not_found_and_others_stay_forbidden() {
    let app = TestApp::demo();
    let d = setup(&app);
    for login in ["student", "parent"] {
        let mut c = app.signed_in(login).await;
        for query in [
            format!("subject={}", d.physics),
            format!("student={}&subject={}", d.student, d.physics),
            // The form says the subject was chosen for this very student: no fallback.
            format!("student={}&subject={}&subject_for={}", d.student, d.physics, d.student),
            "subject=999999".to_string(),
            "subject=maths".to_string(),
        ] {
            for ext in ["", ".xlsx"] {
                let r = c.get(&format!("/reports/dynamics{ext}?{query}")).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} {ext} {query}");
            }
        }
        for query in [format!("student={}", d.other), format!("student={}&subject={}", d.other, d.maths)] {
            for ext in ["", ".xlsx"] {
                let r = c.get(&format!("/reports/dynamics{ext}?{query}")).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} {ext} {query}");
            }
        }
    }
    // A maths teacher chooses among the student's subjects they see: maths only.
    let mut t = app.signed_in("teacher").await;
    let r = t.get(&format!("/reports/dynamics?student={}", d.student)).await;
    assert_eq!(subject_options(&r), vec![(String::new(), true), (d.maths.to_string(), false)]);
    let r = t.get(&format!("/reports/dynamics?student={}&subject={}", d.student, d.russian)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn switching_to_a_student_without_the_subject_falls_back_to_all() {
    let app = TestApp::demo();
    let d = setup(&app);
    let mut c = app.signed_in("director").await;
    // The form after the class was switched to a senior class: its first student has no
    // «Математика», and the subject was chosen for the student shown before.
    let query =
        format!("class={}&student={}&subject={}&subject_for={}", d.senior, d.student, d.maths, d.student);
    let r = c.get(&format!("/reports/dynamics?{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let options = subject_options(&r);
    assert_eq!(options[0], (String::new(), true), "«Все предметы» chosen");
    assert!(!options.iter().any(|(v, _)| *v == d.maths.to_string()), "{options:?}");
    r.assert_contains("Ученик: средний по предметам");
    // Asked outright for that student, maths is not theirs.
    let first = r.body.split("name=\"subject_for\" value=\"").nth(1).unwrap().split('"').next().unwrap();
    assert_ne!(first, d.student.to_string());
    let r = c.get(&format!("/reports/dynamics?class={}&student={first}&subject={}", d.senior, d.maths)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Switching to a classmate who has the subject too keeps it chosen.
    let r = c
        .get(&format!("/reports/dynamics?student={}&subject={}&subject_for={}", d.other, d.maths, d.student))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(subject_options(&r).contains(&(d.maths.to_string(), true)));
}
