//! The reports about students and the class's progress through the real router: final marks,
//! the summary, averages and their dynamics, the student's report and the letters to parents —
//! figures checked on marks and attendance set by hand, and who may see what.

/// The dynamics of one subject.
mod dynamics;

use crate::common::{Response, TestApp, today};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use parta::auth::accounts;
use parta::error::AppError;
use parta::journal::model::{Attendance, Code, FinalKind, FinalMark, LessonKey, Mark, MarkValue};
use parta::journal::model::{FINAL_MARKS, STUDENT_ATTENDANCE, STUDENT_MARKS};
use parta::journal::records::{self, MarkKey};
use parta::store::ids::{ClassId, PeriodId, SubjectId, TeachingId, UserId};
use parta::store::{Order, Reader};
use parta::structure::model::{CLASSES, SUBJECTS, WORK_TYPES};
use parta::structure::service::{periods_of, scheme_of, teaching_of_class};
use redb::{Durability, WriteTransaction};

/// What the tests set and then look for.
struct Demo {
    class: ClassId,
    period: PeriodId,
    student: UserId,
    /// A classmate of the demo student.
    other: UserId,
    /// How many students the class has.
    size: usize,
    /// The student's full name.
    name: String,
    /// The period's first day.
    first: NaiveDate,
}

fn id(tx: &impl Reader, login: &str) -> Result<UserId, AppError> {
    Ok(accounts::find_by_login(tx, login)?.unwrap().0)
}

/// Clears the student's marks, attendance and period marks of the period.
fn clear(
    tx: &WriteTransaction,
    student: UserId,
    from: NaiveDate,
    to: NaiveDate,
    period: PeriodId,
) -> Result<(), AppError> {
    let end = (student, to + Duration::days(1));
    let mut marks = Vec::new();
    STUDENT_MARKS.scan_between(
        tx,
        &(student, from),
        &end,
        Order::Asc,
        |(_, date, teaching, number, no), _| {
            marks.push((LessonKey { teaching, date, number }, no));
            true
        },
    )?;
    for (lesson, assignment) in marks {
        records::put_mark(tx, MarkKey { lesson, student, assignment }, None, student, 1)?;
    }
    let mut seen = Vec::new();
    STUDENT_ATTENDANCE.scan_between(
        tx,
        &(student, from),
        &end,
        Order::Asc,
        |(_, date, number, teaching), _| {
            seen.push(LessonKey { teaching, date, number });
            true
        },
    )?;
    for lesson in seen {
        records::put_attendance(tx, lesson, student, None, student, 1)?;
    }
    let mut finals = Vec::new();
    FINAL_MARKS.scan_prefix(tx, &student, Order::Asc, |(_, subject, kind, pid), m| {
        if FinalKind::from_key(kind, pid) == Some(FinalKind::Period(period)) {
            finals.push((subject, m.teaching));
        }
        true
    })?;
    for (subject, teaching) in finals {
        records::put_final(
            tx,
            student,
            subject,
            FinalKind::Period(period),
            teaching,
            None,
            student,
            1,
            today(),
        )?;
    }
    Ok(())
}

/// The demo student's first (ended) period, emptied and then filled by hand:
/// - maths: 5 (weight 1), 4 (2), 3 (1), 5 (3) and a duty «•»: 31 / 7 ≈ 4,43; period mark 4;
///   Б twice, НП once, late once;
/// - Russian: 3 (1), 4 (1): 3,50; period mark н/а; ОТ once, УП once.
///
/// Lessons missed: 5, of them unexcused 1; late 1. Every other subject has nothing.
fn setup(app: &TestApp) -> Demo {
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let (student, teacher) = (id(tx, "student")?, id(tx, "teacher")?);
            let class = parta::people::service::class_of(tx, student, today())?.unwrap();
            let c = CLASSES.get(tx, &class)?.unwrap();
            let (period, p) =
                periods_of(tx, c.year, scheme_of(tx, c.year, c.grade)?)?.into_iter().next().unwrap();
            clear(tx, student, p.start, p.end, period)?;
            let teaching = teaching_of_class(tx, class)?;
            let find = |name: &str| -> Result<(TeachingId, SubjectId), AppError> {
                for (tid, t) in &teaching {
                    if SUBJECTS.get(tx, &t.subject)?.is_some_and(|s| s.name == name) {
                        return Ok((*tid, t.subject));
                    }
                }
                panic!("no {name}")
            };
            let (maths, maths_s) = find("Математика")?;
            let (russian, russian_s) = find("Русский язык")?;
            let work = WORK_TYPES.all(tx)?.first().unwrap().0;
            let day = |n: i64| p.start + Duration::days(n);
            let put = |teaching: TeachingId, subject: SubjectId, n: i64, value: MarkValue, weight: u8| {
                let m = Mark {
                    value,
                    weight,
                    subject,
                    work_type: work,
                    comment: String::new(),
                    by: teacher,
                    at: 1,
                    first_at: 1,
                };
                let key = MarkKey {
                    lesson: LessonKey { teaching, date: day(n), number: 1 },
                    student,
                    assignment: 0,
                };
                records::put_mark(tx, key, Some(&m), teacher, 1).map(|_| ())
            };
            put(maths, maths_s, 1, MarkValue::Num(5), 1)?;
            put(maths, maths_s, 2, MarkValue::Num(4), 2)?;
            put(maths, maths_s, 3, MarkValue::Num(3), 1)?;
            put(maths, maths_s, 4, MarkValue::Num(5), 3)?;
            put(maths, maths_s, 5, MarkValue::Duty, 1)?;
            put(russian, russian_s, 1, MarkValue::Num(3), 1)?;
            put(russian, russian_s, 2, MarkValue::Num(4), 1)?;
            let absent = |teaching: TeachingId, subject: SubjectId, n: i64, code: Code| {
                let a = Attendance { code, subject, by: teacher, at: 1 };
                let lesson = LessonKey { teaching, date: day(n), number: 2 };
                records::put_attendance(tx, lesson, student, Some(&a), teacher, 1).map(|_| ())
            };
            absent(maths, maths_s, 6, Code::Ill)?;
            absent(maths, maths_s, 7, Code::Ill)?;
            absent(maths, maths_s, 8, Code::Unexcused)?;
            absent(maths, maths_s, 9, Code::Late)?;
            absent(russian, russian_s, 6, Code::Absent)?;
            absent(russian, russian_s, 7, Code::Excused)?;
            let fin = |teaching: TeachingId, subject: SubjectId, value: MarkValue| {
                let m = FinalMark { value, teaching, by: teacher, at: 1 };
                records::put_final(
                    tx,
                    student,
                    subject,
                    FinalKind::Period(period),
                    teaching,
                    Some(&m),
                    teacher,
                    1,
                    today(),
                )
                .map(|_| ())
            };
            fin(maths, maths_s, MarkValue::Num(4))?;
            fin(russian, russian_s, MarkValue::NotCertified)?;
            let students = parta::people::service::students_of(tx, class, today())?;
            let other = *students.iter().find(|s| **s != student).unwrap();
            let name = parta::auth::model::USERS.get(tx, &student)?.unwrap().full_name();
            Ok::<_, AppError>(Demo {
                class,
                period,
                student,
                other,
                size: students.len(),
                name,
                first: p.start,
            })
        })
        .unwrap()
}

/// The table row that starts with or holds `label`, up to its end.
fn row<'a>(r: &'a Response, label: &str) -> &'a str {
    let at = r.body.find(label).unwrap_or_else(|| panic!("no «{label}» in the page"));
    let rest = &r.body[at..];
    &rest[..rest.find("</tr>").unwrap()]
}

fn xlsx_rows(r: &Response, sheet: usize) -> Vec<Vec<calamine::Data>> {
    use calamine::{Reader as _, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes.clone())).unwrap();
    let range = book.worksheet_range_at(sheet).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn starts(rows: &[Vec<calamine::Data>], label: &str) -> Vec<calamine::Data> {
    rows.iter()
        .find(|r| r.iter().any(|c| matches!(c, calamine::Data::String(s) if s == label)))
        .unwrap_or_else(|| panic!("no row {label}"))
        .clone()
}

fn close(d: &calamine::Data, v: f64) -> bool {
    matches!(d, calamine::Data::Float(x) if (x - v).abs() < 1e-9)
}

#[tokio::test]
async fn the_student_report_shows_the_marks_averages_and_absences_set_by_hand() {
    let app = TestApp::demo();
    let d = setup(&app);
    let mut s = app.signed_in("student").await;
    let url = format!("/reports/student?period={}", d.period);
    let r = s.get(&url).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Отчёт об успеваемости и посещаемости ученика");
    let maths = row(&r, "Математика");
    for figure in [">5 4 3 5 •<", ">4<", ">4,43<", "m4", ">2<", ">1<", ">3<"] {
        assert!(maths.contains(figure), "{figure} in {maths}");
    }
    let russian = row(&r, "Русский язык");
    for figure in [">3 4<", ">2<", ">3,50<", "н/а"] {
        assert!(russian.contains(figure), "{figure} in {russian}");
    }
    // The totals: 6 marks, the mean of 31/7 and 3.5, 5 lessons missed.
    let total = row(&r, "<tr class=\"strong\"");
    for figure in [">6<", ">3,96<", ">5<"] {
        assert!(total.contains(figure), "{figure} in {total}");
    }
    r.assert_contains("<svg");

    let x = s.get(&format!("/reports/student.xlsx?period={}", d.period)).await;
    assert_eq!(x.status, StatusCode::OK);
    let rows = xlsx_rows(&x, 0);
    let m = starts(&rows, "Математика");
    use calamine::Data;
    assert_eq!(m[1], Data::String("5 4 3 5 •".into()));
    assert_eq!(m[2], Data::Float(4.0), "the count is a number");
    assert!(close(&m[3], 31.0 / 7.0), "{:?}", m[3]);
    assert_eq!(m[4], Data::Float(4.0), "a period mark 4 is a number");
    // ОТ, УП, Б, НП, missed, ОП.
    assert_eq!(&m[5..11], &[0.0, 0.0, 2.0, 1.0, 3.0, 1.0].map(Data::Float));
    let ru = starts(&rows, "Русский язык");
    assert_eq!(ru[4], Data::String("н/а".into()), "н/а stays text");
    assert_eq!(&ru[5..11], &[1.0, 1.0, 0.0, 0.0, 2.0, 0.0].map(Data::Float));

    // A range inside the period: only the first two days' marks.
    let r = s
        .get(&format!(
            "/reports/student?period={}&from={}&to={}",
            d.period,
            d.first,
            d.first + Duration::days(2)
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(row(&r, "Математика").contains(">5 4<"));
}

#[tokio::test]
async fn averages_compare_the_student_with_the_class() {
    use calamine::Data;
    let app = TestApp::demo();
    let d = setup(&app);
    let mut p = app.signed_in("parent").await;
    let url = format!("/reports/averages?student={}&period={}", d.student, d.period);
    let r = p.get(&url).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(row(&r, "Математика").contains(">4,43<"));
    r.assert_contains("Русский язык");
    r.assert_contains("<svg");
    let x = p.get(&url.replace("averages?", "averages.xlsx?")).await;
    let rows = xlsx_rows(&x, 0);
    let m = starts(&rows, "Математика");
    assert!(close(&m[1], 31.0 / 7.0), "{:?}", m[1]);
    let (Data::Float(class), Data::Float(diff)) = (&m[2], &m[3]) else { panic!("{m:?}") };
    assert!((2.0..=5.0).contains(class), "the class's mean of averages: {class}");
    assert!((diff - (31.0 / 7.0 - class)).abs() < 1e-9);
    // The overall figure: the mean over the subjects with marks.
    let total = starts(&rows, "Средний по предметам");
    assert!(close(&total[1], (31.0 / 7.0 + 3.5) / 2.0), "{:?}", total[1]);

    // The dynamics: months of the year so far, the student's line against the class's.
    let r = p.get(&format!("/reports/dynamics?student={}", d.student)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Ученик: средний по предметам");
    r.assert_contains("Класс: средний по предметам");
    r.assert_contains("<svg");
    r.assert_contains(">сен<");
}

#[tokio::test]
async fn the_summary_and_finals_show_the_period_marks_and_categories() {
    use calamine::Data;
    let app = TestApp::demo();
    let d = setup(&app);
    let mut c = app.signed_in("chief").await;
    let url = format!("/reports/summary?class={}&period={}", d.class, d.period);
    let r = c.get(&url).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Сводная ведомость успеваемости класса");
    let mine = row(&r, &d.name);
    for figure in [">4<", "н/а", ">4,00<", "неуспевающий"] {
        assert!(mine.contains(figure), "{figure} in {mine}");
    }
    r.assert_contains("Отличники");
    r.assert_contains("Кач., %");
    r.assert_contains("<dt>Неуспевающие</dt>");
    let x = c.get(&url.replace("summary?", "summary.xlsx?")).await;
    let rows = xlsx_rows(&x, 0);
    let header = rows.iter().find(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == "№"))).unwrap();
    let col = |h: &str| {
        header.iter().position(|c| matches!(c, Data::String(s) if s == h)).unwrap_or_else(|| panic!("{h}"))
    };
    let me = starts(&rows, &d.name);
    assert_eq!(me[col("Матем.")], Data::Float(4.0));
    assert_eq!(me[col("Рус. яз.")], Data::String("н/а".into()));
    assert_eq!(me[col("Ср. балл")], Data::Float(4.0));
    assert_eq!(me[col("н/а")], Data::Float(1.0));
    assert_eq!(me[col("Категория")], Data::String("неуспевающий".into()));

    let r = c.get(&format!("/reports/finals?class={}", d.class)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Итоговые отметки");
    r.assert_contains("Экзамен");
    let maths = &r.body[r.body.find("<h3>Математика</h3>").expect("a maths table")..];
    let mine = &maths[maths.find(&d.name).unwrap()..];
    let mine = &mine[..mine.find("</tr>").unwrap()];
    assert!(mine.contains("m4"), "{mine}");
    let x = c.get(&format!("/reports/finals.xlsx?class={}", d.class)).await;
    assert_eq!(x.status, StatusCode::OK);
}

#[tokio::test]
async fn a_subject_teacher_sees_their_subject_only_and_no_letters() {
    let app = TestApp::demo();
    let d = setup(&app);
    let mut t = app.signed_in("teacher").await;
    for url in [
        format!("/reports/summary?class={}&period={}", d.class, d.period),
        format!("/reports/finals?class={}", d.class),
        format!("/reports/student?student={}&period={}", d.student, d.period),
        format!("/reports/averages?student={}&period={}", d.student, d.period),
    ] {
        let r = t.get(&url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}");
        r.assert_contains("Математика");
        r.assert_lacks("Русский язык");
    }
    let r = t.get(&format!("/reports/letters?class={}&period={}", d.class, d.period)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn students_and_parents_see_only_their_own_and_no_class_reports() {
    let app = TestApp::demo();
    let d = setup(&app);
    for login in ["student", "parent"] {
        let mut c = app.signed_in(login).await;
        for kind in ["student", "averages", "letter", "dynamics"] {
            let mine = c.get(&format!("/reports/{kind}?student={}", d.student)).await;
            assert_eq!(mine.status, StatusCode::OK, "{login} {kind}");
            let other = c.get(&format!("/reports/{kind}?student={}", d.other)).await;
            assert_eq!(other.status, StatusCode::FORBIDDEN, "{login} {kind} of another student");
            let file = c.get(&format!("/reports/{kind}.xlsx?student={}", d.other)).await;
            assert_eq!(file.status, StatusCode::FORBIDDEN, "{login} {kind}.xlsx of another student");
        }
        for kind in ["summary", "finals", "letters"] {
            let r = c.get(&format!("/reports/{kind}?class={}", d.class)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} {kind}");
        }
    }
    // Without ?student= the student gets their own report.
    let mut s = app.signed_in("student").await;
    s.get("/reports/student").await.assert_contains(&d.name);
    // The psychologist has none of these.
    let mut p = app.signed_in("psychologist").await;
    for url in [
        format!("/reports/summary?class={}", d.class),
        format!("/reports/letter?student={}", d.student),
        format!("/reports/letters?class={}", d.class),
    ] {
        assert_eq!(p.get(&url).await.status, StatusCode::FORBIDDEN, "{url}");
    }
}

#[tokio::test]
async fn the_letter_greets_the_parents_and_counts_the_absences() {
    let app = TestApp::demo();
    let d = setup(&app);
    let mut p = app.signed_in("parent").await;
    let r = p.get(&format!("/reports/letter?student={}&period={}", d.student, d.period)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Информационное письмо для родителей");
    r.assert_contains("Уважаем");
    r.assert_contains("Пропущено уроков: 5, из них без уважительной причины: 1. Опозданий: 1.");
    r.assert_contains("Классный руководитель: ");
    r.assert_contains("(подпись)");
    let maths = row(&r, "Математика");
    for figure in [">5 4 3 5 •<", ">4,43<", "m4", ">3<", ">1<"] {
        assert!(maths.contains(figure), "{figure} in {maths}");
    }
    r.assert_lacks("page-break");
}

#[tokio::test]
async fn the_chief_prints_one_letter_per_student() {
    let app = TestApp::demo();
    let d = setup(&app);
    let mut c = app.signed_in("chief").await;
    let url = format!("/reports/letters?class={}&period={}", d.class, d.period);
    let r = c.get(&url).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body.matches("class=\"page-break\"").count(), d.size - 1);
    assert_eq!(r.body.matches("(подпись)").count(), d.size);
    r.assert_contains("Пропущено уроков: 5, из них без уважительной причины: 1. Опозданий: 1.");
    // One sheet per letter.
    let x = c.get(&url.replace("letters?", "letters.xlsx?")).await;
    assert_eq!(x.status, StatusCode::OK);
    use calamine::Reader as _;
    let book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(x.bytes)).unwrap();
    assert_eq!(book.sheet_names().len(), d.size);
    // The principal may print them too; a class chief of another class may not.
    let mut p = app.signed_in("director").await;
    assert_eq!(p.get(&url).await.status, StatusCode::OK);
    let other = app
        .store()
        .read_blocking(|tx| {
            let chief = id(tx, "chief")?;
            let found = CLASSES.all(tx)?.into_iter().find(|(_, c)| !c.chiefs.contains(&chief)).unwrap().0;
            Ok::<_, AppError>(found)
        })
        .unwrap();
    assert_eq!(c.get(&format!("/reports/letters?class={other}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_reports_are_in_the_catalogue_for_whom_they_are_for() {
    let app = TestApp::demo();
    let mut s = app.signed_in("student").await;
    let r = s.get("/reports").await;
    r.assert_contains("Средний балл");
    r.assert_contains("Информационное письмо для родителей");
    r.assert_lacks("Сводная ведомость");
    let mut c = app.signed_in("chief").await;
    let r = c.get("/reports").await;
    r.assert_contains("Сводная ведомость успеваемости класса");
    r.assert_contains("Итоговые отметки");
    r.assert_contains("Информационные письма родителям класса");
}
