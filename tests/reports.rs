//! Reports through the real router: the class's quality and progress for a period, its
//! figures checked against a hand-computed case, and who sees what.

use crate::common;
use crate::common::{TestApp, today};
use axum::http::StatusCode;
use parta::auth::accounts;
use parta::error::AppError;
use parta::journal::model::{FinalKind, FinalMark, MarkValue};
use parta::journal::records;
use parta::store::ids::{ClassId, PeriodId, TeachingId, UserId};
use parta::structure::model::CLASSES;
use parta::structure::service::{periods_of, scheme_of, teaching_of_class};
use parta::timetable::calendar::students_taught;
use redb::Durability;

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
            for (id, _) in parta::structure::model::CLASSES.all(tx)? {
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

/// The XLSX rows of a report, as text (numbers as they read).
async fn xlsx_rows(c: &mut common::Client, url: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let r = c.get(url).await;
    assert_eq!(r.status, StatusCode::OK, "{url}");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|row| row.iter().map(|d| d.to_string()).collect()).collect()
}

fn demo_ids(app: &TestApp, login: &str) -> UserId {
    app.store().read_blocking(|tx| Ok::<_, AppError>(accounts::find_by_login(tx, login)?.unwrap().0)).unwrap()
}

#[tokio::test]
async fn the_school_report_adds_up_its_classes_and_parallels() {
    let app = TestApp::demo();
    let (class, _, period) = setup(&app);
    let class_name =
        app.store().read_blocking(|tx| Ok::<_, AppError>(CLASSES.get(tx, &class)?.unwrap().name())).unwrap();
    let mut p = app.signed_in("director").await;
    let page = p.get(&format!("/reports/quality-school?period={period}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("По школе");
    page.assert_contains("<svg");
    let rows = xlsx_rows(&mut p, &format!("/reports/quality-school.xlsx?period={period}")).await;
    let n = |r: &Vec<String>| r[2].parse::<f64>().unwrap();
    let head = rows.iter().position(|r| r.first().is_some_and(|c| c == "Класс")).expect("a header");
    let body = &rows[head + 1..];
    let is_class =
        |r: &&Vec<String>| r[0].chars().next().is_some_and(|c| c.is_ascii_digit()) && !r[0].contains(' ');
    let classes: f64 = body.iter().filter(is_class).map(n).sum();
    let parallels: f64 = body.iter().filter(|r| r[0].ends_with("классы")).map(n).sum();
    let school = body.iter().find(|r| r[0] == "По школе").map(n).unwrap();
    assert!(school > 0.0);
    assert_eq!(classes, school, "the classes add up to the school");
    assert_eq!(parallels, school, "the parallels add up to the school");
    assert!(body.iter().any(|r| r[0] == class_name), "the demo class is listed");
    // Counted from each assignment's own marks: the hand-set maths is in the class's row of the
    // subject report with exactly its figures.
    let maths = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>(
                parta::structure::model::SUBJECTS
                    .all(tx)?
                    .into_iter()
                    .find(|(_, s)| s.name == "Математика")
                    .unwrap()
                    .0,
            )
        })
        .unwrap();
    let rows =
        xlsx_rows(&mut p, &format!("/reports/quality-subject.xlsx?subject={maths}&period={period}")).await;
    let row = rows.iter().find(|r| r[0] == class_name).expect("the class in the maths report");
    assert_eq!(&row[2..7], ["10", "2", "3", "3", "1"]);
}

#[tokio::test]
async fn a_teacher_sees_their_own_figures_and_not_a_colleagues() {
    let app = TestApp::demo();
    let (class, _, period) = setup(&app);
    let class_name =
        app.store().read_blocking(|tx| Ok::<_, AppError>(CLASSES.get(tx, &class)?.unwrap().name())).unwrap();
    let mut t = app.signed_in("teacher").await;
    let r = t.get(&format!("/reports/quality-teacher?period={period}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let row = r.body.split(&format!(">{class_name}<")).nth(1).expect("the demo class row");
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("Математика") && row.contains(">80,0<") && row.contains(">52,3<"), "{row}");
    // Another teacher's report needs the whole school.
    let chief = demo_ids(&app, "chief");
    let me = demo_ids(&app, "teacher");
    assert_eq!(
        t.get(&format!("/reports/quality-teacher?teacher={chief}")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut p = app.signed_in("director").await;
    let r = p.get(&format!("/reports/quality-teacher?teacher={me}&period={period}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Смирнова Ольга Николаевна");
    // The reports over the school, a parallel or a subject across classes are the
    // administration's: a teacher is refused, and does not see them in the catalogue.
    for slug in ["quality-school", "quality-grade", "quality-subject"] {
        assert_eq!(t.get(&format!("/reports/{slug}")).await.status, StatusCode::FORBIDDEN, "{slug}");
        assert_eq!(t.get(&format!("/reports/{slug}.xlsx")).await.status, StatusCode::FORBIDDEN, "{slug}");
    }
    let catalogue = t.get("/reports").await;
    catalogue.assert_contains("/reports/quality-teacher");
    catalogue.assert_lacks("/reports/quality-school");
}

#[tokio::test]
async fn school_reports_are_closed_to_students_parents_and_the_psychologist() {
    let app = TestApp::demo();
    for login in ["student", "parent", "psychologist"] {
        let mut c = app.signed_in(login).await;
        for slug in ["quality-grade", "quality-school", "quality-subject", "quality-teacher"] {
            for ext in ["", ".xlsx", ".csv"] {
                let r = c.get(&format!("/reports/{slug}{ext}")).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} {slug}{ext}");
            }
        }
        let r = c.get("/reports").await;
        r.assert_lacks("/reports/quality-school");
    }
    let mut p = app.signed_in("director").await;
    let r = p.get("/reports/quality-grade").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Нет отметок за период: 1А, 1Б, 1В.");
    let r = p.get("/reports/quality-grade?grade=5").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("По параллели");
    assert_eq!(p.get("/reports/quality-grade?grade=12").await.status, StatusCode::NOT_FOUND);
    assert_eq!(p.get("/reports/quality-school?from=nonsense").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(p.get("/reports/nothing-like-this").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_catalogue_lists_what_each_user_can_open() {
    let app = TestApp::demo();
    let chief_only = ["/reports/letters\"", "/reports/chief\"", "/reports/access\"", "/reports/logins\""];
    let mut t = app.signed_in("teacher").await;
    let r = t.get("/reports").await;
    r.assert_contains("/reports/quality\"");
    for href in chief_only {
        r.assert_lacks(href);
    }
    let mut c = app.signed_in("chief").await;
    let r = c.get("/reports").await;
    for href in chief_only {
        r.assert_contains(href);
    }
    r.assert_lacks("/reports/quality-school\"");
    let mut s = app.signed_in("student").await;
    let r = s.get("/reports").await;
    r.assert_contains("/reports/student\"");
    r.assert_contains("/reports/letter\"");
    r.assert_lacks("/reports/quality\"");
    r.assert_lacks("/reports/summary\"");
}

#[tokio::test]
async fn switching_one_filter_keeps_the_report_open() {
    let app = TestApp::demo();
    let (class, _, quarter) = setup(&app);
    let (senior, student) = app
        .store()
        .read_blocking(|tx| {
            let senior = CLASSES.all(tx)?.into_iter().find(|(_, c)| c.grade == 10).unwrap().0;
            Ok::<_, AppError>((senior, accounts::find_by_login(tx, "student")?.unwrap().0))
        })
        .unwrap();
    let mut p = app.signed_in("director").await;
    // A quarter asked of a class that studies by half-years: its first half-year.
    let r = p.get(&format!("/reports/quality?class={senior}&period={quarter}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("1 полугодие");
    // The class switched while a student of the old class is still in the form: the new
    // class's first student.
    let r = p.get(&format!("/reports/student?class={senior}&student={student}&period={quarter}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_lacks("Петров Артём Дмитриевич ·");
    let r = p.get(&format!("/reports/student?class={class}&student={student}&period={quarter}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Петров Артём Дмитриевич");
    // A period that does not exist at all is still a page that does not exist.
    assert_eq!(
        p.get(&format!("/reports/quality?class={class}&period=999999")).await.status,
        StatusCode::NOT_FOUND
    );
}
