//! Reports through the real router: the class's quality and progress for a period, its
//! figures checked against a hand-computed case, and who sees what.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use parta::auth::accounts;
use parta::error::AppError;
use parta::journal::model::{FinalKind, FinalMark, MarkValue};
use parta::journal::records;
use parta::store::ids::{ClassId, PeriodId, TeachingId, UserId};
use parta::store::tables::CLASSES;
use parta::structure::service::{periods_of, scheme_of, teaching_of_class};
use parta::timetable::calendar::students_taught;
use redb::Durability;

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Moscow).date_naive()
}

/// The demo student's class, the demo teacher's maths there and the first (closed) quarter,
/// with the maths period marks set by hand: 5 5 4 4 4 3 3 3 2 н/а осв and the rest none.
fn setup(app: &TestApp) -> (ClassId, TeachingId, PeriodId) {
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let id = |l: &str| -> Result<UserId, AppError> { Ok(accounts::find_by_login(tx, l)?.unwrap().0) };
            let (student, teacher) = (id("student")?, id("teacher")?);
            let class = parta::people::service::class_of(tx, student, today())?.unwrap();
            let c = CLASSES.get(tx, &class)?.unwrap();
            let (pid, p) =
                periods_of(tx, c.year, scheme_of(tx, c.year, c.grade)?)?.into_iter().next().unwrap();
            let (tid, t) =
                teaching_of_class(tx, class)?.into_iter().find(|(_, t)| t.teacher == teacher).unwrap();
            let students = students_taught(tx, &t, p.end)?;
            assert!(students.len() >= 12, "{}", students.len());
            let marks = [
                Some(MarkValue::Num(5)),
                Some(MarkValue::Num(5)),
                Some(MarkValue::Num(4)),
                Some(MarkValue::Num(4)),
                Some(MarkValue::Num(4)),
                Some(MarkValue::Num(3)),
                Some(MarkValue::Num(3)),
                Some(MarkValue::Num(3)),
                Some(MarkValue::Num(2)),
                Some(MarkValue::NotCertified),
                Some(MarkValue::Exempt),
            ];
            for (i, s) in students.iter().enumerate() {
                let value = marks.get(i).copied().flatten();
                let new = value.map(|value| FinalMark { value, teaching: tid, by: teacher, at: 1 });
                records::put_final(
                    tx,
                    *s,
                    t.subject,
                    FinalKind::Period(pid),
                    tid,
                    new.as_ref(),
                    teacher,
                    1,
                    today(),
                )?;
            }
            Ok::<_, AppError>((class, tid, pid))
        })
        .unwrap()
}

#[tokio::test]
async fn the_class_chief_sees_every_subject_with_the_conventions_figures() {
    let app = TestApp::demo();
    let (class, _, period) = setup(&app);
    let mut c = app.signed_in("chief").await;
    let r = c.get(&format!("/reports/quality?class={class}&period={period}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Качество знаний и успеваемость");
    r.assert_contains("Русский язык");
    // Maths: N = 10, успеваемость 80, качество 50, СОУ 52,3, средний балл 33/9.
    let row = r.body.split("Математика").nth(1).expect("a maths row");
    let row = &row[..row.find("</tr>").unwrap()];
    for figure in [">10<", ">80,0<", ">50,0<", ">52,3<", ">3,67<"] {
        assert!(row.contains(figure), "{figure} in {row}");
    }
    // The default is the last period ended: the same page without ?period=.
    let r = c.get(&format!("/reports/quality?class={class}")).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_subject_teacher_sees_only_their_subjects_and_classes() {
    let app = TestApp::demo();
    let (class, _, period) = setup(&app);
    let mut t = app.signed_in("teacher").await;
    let r = t.get(&format!("/reports/quality?class={class}&period={period}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Математика");
    r.assert_lacks("Русский язык");
    // A class the teacher neither leads nor teaches.
    let other = app
        .store()
        .read_blocking(|tx| {
            let teacher = accounts::find_by_login(tx, "teacher")?.unwrap().0;
            let mut found = None;
            for (id, _) in parta::store::tables::CLASSES.all(tx)? {
                if teaching_of_class(tx, id)?.iter().all(|(_, t)| t.teacher != teacher) {
                    found = Some(id);
                    break;
                }
            }
            Ok::<_, AppError>(found.unwrap())
        })
        .unwrap();
    assert_eq!(t.get(&format!("/reports/quality?class={other}")).await.status, StatusCode::FORBIDDEN);
    // The principal sees it.
    let mut p = app.signed_in("director").await;
    assert_eq!(p.get(&format!("/reports/quality?class={other}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn students_and_parents_do_not_see_class_reports() {
    let app = TestApp::demo();
    let (class, _, _) = setup(&app);
    for login in ["student", "parent", "psychologist"] {
        let mut c = app.signed_in(login).await;
        let r = c.get(&format!("/reports/quality?class={class}")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
    }
}

#[tokio::test]
async fn the_report_downloads_as_xlsx_with_numbers_and_as_csv() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::demo();
    let (class, _, period) = setup(&app);
    let mut c = app.signed_in("chief").await;
    let r = c.get(&format!("/reports/quality.xlsx?class={class}&period={period}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-disposition").contains(".xlsx"));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(book.sheet_names()[0], "5А", "a sheet per table, named by the class");
    let row = range
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Математика"))
        .expect("a maths row");
    assert_eq!(row[2], Data::Float(10.0), "N is a number");
    assert_eq!(row[11], Data::Float(80.0), "% успеваемости is a number");
    assert_eq!(row[12], Data::Float(50.0));
    assert!(matches!(row[13], Data::Float(x) if (x - 52.3).abs() < 1e-9));
    assert!(matches!(row[14], Data::Float(x) if (x - 33.0 / 9.0).abs() < 1e-9));
    let csv = c.get(&format!("/reports/quality.csv?class={class}&period={period}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains(";10;2;3;3;1;0;0;1;1;80,0;50,0;52,3;3,67\r\n"), "{}", csv.body);
    // The files ask the same permission as the page.
    let mut s = app.signed_in("student").await;
    assert_eq!(s.get(&format!("/reports/quality.xlsx?class={class}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(s.get(&format!("/reports/quality.csv?class={class}")).await.status, StatusCode::FORBIDDEN);
}
