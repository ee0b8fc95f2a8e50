//! The staff reports through the real router: class attendance by code, the class chief's
//! report, journal filling, journal access and sign-ins — figures checked against data written
//! by hand, and who may open which.

use crate::common;
#[path = "reports_staff/support.rs"]
mod support;
#[path = "reports_staff/timely.rs"]
mod timely;

use std::collections::HashSet;

use crate::common::TestApp;
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate};
use parta::auth::model::USERS;
use parta::error::AppError;
use parta::journal::model::LESSONS;
use parta::journal::model::{Attendance, Code, FinalKind, FinalMark, LessonKey, MarkValue};
use parta::journal::records::{self, MarkKey};
use parta::store::ids::{ClassId, PeriodId, TeachingId, UserId};
use parta::structure::model::CLASSES;
use parta::structure::model::Teaching;
use parta::structure::service::{periods_of, scheme_of, teaching_of_class};
use parta::timetable::calendar::{ClassCalendar, student_teachings};
use redb::Durability;
use support::{
    Fx, clear_attendance, fixture, full_name, id_of, row_cells, strip_tags, today, xlsx, xlsx_row,
};

#[tokio::test]
async fn attendance_counts_each_code_and_the_share_of_the_students_lessons() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    // Student A: Б on a maths lesson and on another subject's, НП on maths, ОП on another;
    // student B: ОТ and УП. Everything else in the week is cleared.
    let (a, b, lessons_a) = app
        .store()
        .write_blocking(Durability::Immediate, |tx| {
            let teacher = id_of(tx, "teacher");
            clear_attendance(tx, &fx, teacher)?;
            let cal = ClassCalendar::load(tx, fx.class, fx.from, fx.to)?.unwrap();
            let students = parta::people::service::students_of(tx, fx.class, fx.to)?;
            let (a, b) = (students[0], students[1]);
            let whole: Vec<TeachingId> =
                fx.teaching.iter().filter(|(_, t)| t.group.is_none()).map(|(id, _)| *id).collect();
            let math: Vec<_> = cal.lessons_of(fx.math, fx.from, fx.to);
            assert!(math.len() >= 2, "two maths lessons in the week");
            let other: Vec<_> = whole
                .iter()
                .filter(|t| **t != fx.math)
                .flat_map(|t| cal.lessons_of(*t, fx.from, fx.to).into_iter().map(move |l| (*t, l)))
                .take(3)
                .collect();
            let put = |t: TeachingId, l: &(NaiveDate, parta::timetable::model::Planned), s, code| {
                let key = LessonKey { teaching: t, date: l.0, number: l.1.number };
                let subject = fx.teaching.iter().find(|(id, _)| *id == t).unwrap().1.subject;
                let att = Attendance { code, subject, by: teacher, at: 1 };
                records::put_attendance(tx, key, s, Some(&att), teacher, 1).map(|_| ())
            };
            put(fx.math, &math[0], a, Code::Ill)?;
            put(fx.math, &math[1], a, Code::Unexcused)?;
            put(other[0].0, &other[0].1, a, Code::Ill)?;
            put(other[1].0, &other[1].1, a, Code::Late)?;
            put(fx.math, &math[0], b, Code::Absent)?;
            put(other[2].0, &other[2].1, b, Code::Excused)?;
            // A's lessons: every held lesson of the teaching A follows, A being in the class all week.
            let mut n = 0;
            for (t, _) in student_teachings(tx, fx.class, a)? {
                n += cal.lessons_of(t, fx.from, fx.to).len();
            }
            Ok::<_, AppError>((a, b, n))
        })
        .unwrap();
    let (name_a, name_b) = (full_name(&app, a), full_name(&app, b));
    let q = format!("class={}&from={}&to={}", fx.class, fx.from, fx.to);
    let mut c = app.signed_in("chief").await;
    let r = c.get(&format!("/reports/attendance?{q}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Посещаемость класса за период");
    r.assert_contains("Пропуски по неделям");
    let pct = format!("{:.1}", 300.0 / lessons_a as f64).replace('.', ",");
    // ОТ УП Б НП ОП ОСВ, missed, unexcused, lessons, %.
    let expected_a = ["0", "0", "2", "1", "1", "0", "3", "1", &lessons_a.to_string(), &pct];
    assert_eq!(row_cells(&r.body, &name_a), expected_a);
    assert_eq!(&row_cells(&r.body, &name_b)[..8], ["1", "1", "0", "0", "0", "0", "2", "1"]);
    assert_eq!(&row_cells(&r.body, "Итого")[..8], ["1", "1", "2", "1", "1", "0", "5", "2"]);

    let sheet = xlsx(&mut c, &format!("/reports/attendance.xlsx?{q}")).await;
    let row = xlsx_row(&sheet, &name_a);
    use calamine::Data::Float;
    assert_eq!(row[3], Float(2.0), "Б is a number");
    assert_eq!(row[7], Float(3.0));
    assert_eq!(row[9], Float(lessons_a as f64));
    assert!(matches!(row[10], Float(x) if (x - 300.0 / lessons_a as f64).abs() < 1e-9), "{:?}", row[10]);

    // The maths teacher counts their lessons only: A's Б and НП in maths, B's ОТ.
    let mut t = app.signed_in("teacher").await;
    let r = t.get(&format!("/reports/attendance?{q}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Учтены только уроки ваших предметов");
    assert_eq!(&row_cells(&r.body, &name_a)[..8], ["0", "0", "1", "1", "0", "0", "2", "1"]);
    assert_eq!(&row_cells(&r.body, &name_b)[..8], ["1", "0", "0", "0", "0", "0", "1", "1"]);
}

/// The first period of the class, with its period marks cleared and five students' set by hand.
fn set_period_marks(app: &TestApp, fx: &Fx) -> (PeriodId, Vec<UserId>) {
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let teacher = id_of(tx, "teacher");
            let c = CLASSES.get(tx, &fx.class)?.unwrap();
            let (pid, p) =
                periods_of(tx, c.year, scheme_of(tx, c.year, c.grade)?)?.into_iter().next().unwrap();
            let students = parta::people::service::students_of(tx, fx.class, p.end)?;
            let whole: Vec<&(TeachingId, Teaching)> =
                fx.teaching.iter().filter(|(_, t)| t.group.is_none()).collect();
            for s in &students {
                for (tid, t) in &fx.teaching {
                    let kind = FinalKind::Period(pid);
                    records::put_final(tx, *s, t.subject, kind, *tid, None, teacher, 1, today())?;
                }
            }
            use MarkValue::*;
            let plan: [&[MarkValue]; 5] = [
                &[Num(5), Num(5), Num(5)],
                &[Num(5), Num(4), Num(5)],
                &[Num(5), Num(3), Num(4)],
                &[Num(2), Num(4), Num(4)],
                &[NotCertified, Num(4), Num(4)],
            ];
            for (s, marks) in students.iter().zip(plan) {
                for ((tid, t), value) in whole.iter().zip(marks) {
                    let m = FinalMark { value: *value, teaching: *tid, by: teacher, at: 1 };
                    records::put_final(
                        tx,
                        *s,
                        t.subject,
                        FinalKind::Period(pid),
                        *tid,
                        Some(&m),
                        teacher,
                        1,
                        today(),
                    )?;
                }
            }
            Ok::<_, AppError>((pid, students))
        })
        .unwrap()
}

#[tokio::test]
async fn the_chiefs_report_counts_students_by_their_period_marks() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    let (period, students) = set_period_marks(&app, &fx);
    let mut c = app.signed_in("chief").await;
    let r = c.get(&format!("/reports/chief?class={}&period={period}", fx.class)).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Отчёт классного руководителя за учебный период");
    let fact = |label: &str| -> String {
        let at = r.body.find(&format!("<dt>{label}</dt>")).unwrap_or_else(|| panic!("no fact {label}"));
        let rest = &r.body[at..];
        strip_tags(&rest[rest.find("<dd>").unwrap()..rest.find("</dd>").unwrap()])
    };
    let short = |s: UserId| {
        app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.get(tx, &s)?.unwrap().short_name())).unwrap()
    };
    assert_eq!(fact("Отличники (все «5»)"), format!("1 ({})", short(students[0])));
    assert_eq!(fact("Хорошисты («4» и «5»)"), "1");
    assert_eq!(fact("С одной «3»"), format!("1 ({})", short(students[2])));
    assert_eq!(fact("Неуспевающие («2», «незач» или «н/а»)"), "2");
    assert_eq!(fact("из них не аттестованы («н/а»)"), "1");
    assert_eq!(fact("Без отметок за период"), (students.len() - 5).to_string());
    // 3 of the 5 with marks succeed, 2 make the quality.
    assert_eq!(fact("Успеваемость"), "60,0 %");
    assert_eq!(fact("Качество знаний"), "40,0 %");
    // The failing table names the subjects.
    let failing = row_cells(&r.body, &full_name(&app, students[3]));
    assert!(failing[0].ends_with("— 2"), "{failing:?}");
    let uncertified = row_cells(&r.body, &full_name(&app, students[4]));
    assert!(uncertified[0].contains("— н/а"), "{uncertified:?}");
    // The principal too; the subject teacher, the psychologist and families not.
    let mut d = app.signed_in("director").await;
    assert_eq!(
        d.get(&format!("/reports/chief?class={}&period={period}", fx.class)).await.status,
        StatusCode::OK
    );
    let mut t = app.signed_in("teacher").await;
    assert_eq!(t.get(&format!("/reports/chief?class={}", fx.class)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get(&format!("/reports/chief.xlsx?class={}", fx.class)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_logins_report_shows_a_students_sign_in() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    let student = app.store().read_blocking(|tx| Ok::<_, AppError>(id_of(tx, "student"))).unwrap();
    let mut s = app.signed_in("student").await;
    assert_eq!(s.get("/").await.status, StatusCode::OK);
    let mut c = app.signed_in("chief").await;
    let r = c.get(&format!("/reports/logins?class={}", fx.class)).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Статистика входов в систему");
    let cells = row_cells(&r.body, &full_name(&app, student));
    let day = today().format("%d.%m.%Y").to_string();
    // Role, of whom, first, last, sign-ins in the range, status.
    assert_eq!(cells, ["ученик", "", &day, &day, "1", "входил(а)"]);
    let n = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>(parta::people::service::students_of(tx, fx.class, today())?.len())
        })
        .unwrap();
    r.assert_contains(&format!("<dd>1 из {n}</dd>"));
    r.assert_contains("ни разу не входил(а)");
    r.assert_contains("Ни разу не входили в систему");
    // The same range asked for the day before: no sign-in there.
    let y = today() - Duration::days(1);
    let r = c.get(&format!("/reports/logins?class={}&from={y}&to={y}", fx.class)).await;
    assert_eq!(row_cells(&r.body, &full_name(&app, student))[4], "0");
    let sheet = xlsx(&mut c, &format!("/reports/logins.xlsx?class={}", fx.class)).await;
    let row = xlsx_row(&sheet, &full_name(&app, student));
    assert_eq!(row[5], calamine::Data::Float(1.0));
    assert!(matches!(row[3], calamine::Data::DateTime(_)), "a date: {:?}", row[3]);
}

#[tokio::test]
async fn a_mark_written_in_the_journal_shows_in_the_access_report() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    let (student, lesson, was, teacher_name) = app
        .store()
        .read_blocking(|tx| {
            let student = id_of(tx, "student");
            let teacher = USERS.get(tx, &id_of(tx, "teacher"))?.unwrap().short_name();
            let cal = ClassCalendar::load(tx, fx.class, today() - Duration::days(60), today())?.unwrap();
            let (_, p) = cal.period_of(today()).expect("today is in a period");
            let (day, l) = cal.lessons_of(fx.math, p.start, today()).pop().expect("a maths lesson so far");
            let key = MarkKey {
                lesson: LessonKey { teaching: fx.math, date: day, number: l.number },
                student,
                assignment: 0,
            };
            let was = records::mark(tx, key)?.map(|m| m.value.label().to_string()).unwrap_or_default();
            Ok::<_, AppError>((student, (day, l.number), was, teacher))
        })
        .unwrap();
    let value = if was == "5" { "4" } else { "5" };
    let mut t = app.signed_in("teacher").await;
    t.get("/").await;
    let (s, slug) = (student.to_string(), format!("{}.{}", lesson.0, lesson.1));
    let r = t
        .post(
            &format!("/journal/{}/cell", fx.math),
            &[("lesson", &slug), ("student", &s), ("a", "0"), ("value", value), ("was", &was)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let mut c = app.signed_in("chief").await;
    let r = c.get(&format!("/reports/access?class={}&from={}&to={}", fx.class, today(), today())).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Отчёт о доступе к классному журналу");
    let day = format!("{:02}.{:02}", lesson.0.day(), lesson.0.month());
    let ours = |body: &str| {
        body.split("<th scope=\"row\">").skip(1).any(|row| {
            let row = &row[..row.find("</tr>").unwrap()];
            row.contains(&teacher_name)
                && row.contains("Математика")
                && row.contains(&day)
                && row.contains(&format!(">{value}<"))
                && row.contains(&format!(">{}<", if was.is_empty() { "—" } else { &was }))
        })
    };
    assert!(ours(&r.body), "the change is listed:\n{}", r.body);
    // A range before the change does not show it (it was made today).
    let y = today() - Duration::days(1);
    let r = c.get(&format!("/reports/access?class={}&from={y}&to={y}", fx.class)).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_lacks(&format!("{}, ", parta::web::i18n::long_date(parta::web::i18n::Lang::Ru, today())));
    let mut d = app.signed_in("director").await;
    let r = d.get(&format!("/reports/access?class={}&from={}&to={}", fx.class, today(), today())).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains(&teacher_name);
}

#[tokio::test]
async fn the_access_report_is_capped_with_a_note() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    let year_start = app
        .store()
        .read_blocking(|tx| {
            let c = CLASSES.get(tx, &fx.class)?.unwrap();
            Ok::<_, AppError>(parta::structure::model::YEARS.get(tx, &c.year)?.unwrap().start)
        })
        .unwrap();
    let mut c = app.signed_in("chief").await;
    let r = c.get(&format!("/reports/access?class={}&from={year_start}&to={}", fx.class, today())).await;
    assert_eq!(r.status, StatusCode::OK);
    // Half a year of demo journal is far more than the cap.
    r.assert_contains("Показаны только 2000 последних изменений");
    assert_eq!(r.body.matches("<th scope=\"row\">").count(), 2000);
}

#[tokio::test]
async fn filling_counts_lessons_with_topics_per_journal() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    // In the week: maths topics on exactly two lessons.
    let held = app
        .store()
        .write_blocking(Durability::Immediate, |tx| {
            let cal = ClassCalendar::load(tx, fx.class, fx.from, fx.to)?.unwrap();
            let lessons = cal.lessons_of(fx.math, fx.from, fx.to);
            for (i, (day, p)) in lessons.iter().enumerate() {
                let key = LessonKey { teaching: fx.math, date: *day, number: p.number };
                let mut l = records::lesson(tx, key)?.unwrap_or_default();
                l.topic = if i < 2 { format!("Тема {i}") } else { String::new() };
                records::save_lesson(tx, key, &l)?;
            }
            // A topic on a day of the week without a lesson is not counted.
            let stray = LessonKey { teaching: fx.math, date: fx.to, number: 9 };
            records::save_lesson(
                tx,
                stray,
                &parta::journal::model::Lesson {
                    topic: "вне расписания".into(), ..Default::default()
                },
            )?;
            assert!(LESSONS.get(tx, &(fx.math, fx.to, 9))?.is_some());
            Ok::<_, AppError>(lessons.len())
        })
        .unwrap();
    let q = format!("class={}&from={}&to={}", fx.class, fx.from, fx.to);
    let mut t = app.signed_in("teacher").await;
    let r = t.get(&format!("/reports/filling?{q}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Заполнение журнала и своевременность выставления отметок");
    let cells = row_cells(&r.body, "Математика");
    let pct = format!("{:.1}", 200.0 / held as f64).replace('.', ",");
    assert_eq!(&cells[1..4], [held.to_string(), "2".into(), pct], "{cells:?}");
    // The subject teacher sees their own journals only.
    r.assert_lacks("Русский язык");
    // The chief sees every journal of the class; maths is the least filled: first.
    let mut c = app.signed_in("chief").await;
    let r = c.get(&format!("/reports/filling?{q}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Русский язык");
    let first = r.body.split("<th scope=\"row\">").nth(1).unwrap();
    assert!(first.starts_with("Математика"), "{}", &first[..80.min(first.len())]);
    let sheet = xlsx(&mut c, &format!("/reports/filling.xlsx?{q}")).await;
    let row = xlsx_row(&sheet, "Математика");
    assert_eq!(row[3], calamine::Data::Float(2.0));
}

/// A class the demo chief neither leads nor teaches.
fn foreign_class(app: &TestApp, fx: &Fx) -> ClassId {
    app.store()
        .read_blocking(|tx| {
            let chief = id_of(tx, "chief");
            for (id, c) in CLASSES.all(tx)? {
                let taught: HashSet<UserId> =
                    teaching_of_class(tx, id)?.iter().map(|(_, t)| t.teacher).collect();
                if id != fx.class && !c.chiefs.contains(&chief) && !taught.contains(&chief) {
                    return Ok::<_, AppError>(id);
                }
            }
            panic!("a class the chief has nothing to do with")
        })
        .unwrap()
}

const SLUGS: [&str; 5] = ["attendance", "chief", "filling", "access", "logins"];

#[tokio::test]
async fn families_and_the_psychologists_see_none_of_them() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    for login in ["student", "parent", "psychologist", "socped"] {
        let mut c = app.signed_in(login).await;
        for slug in SLUGS {
            assert_eq!(
                c.get(&format!("/reports/{slug}")).await.status,
                StatusCode::FORBIDDEN,
                "{login} {slug}"
            );
            let r = c.get(&format!("/reports/{slug}.xlsx?class={}", fx.class)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} {slug}.xlsx");
        }
        // Nor are they on the catalogue.
        let r = c.get("/reports").await;
        r.assert_lacks("/reports/attendance");
    }
}

#[tokio::test]
async fn a_subject_teacher_gets_attendance_and_filling_but_not_the_chiefs_reports() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    let mut t = app.signed_in("teacher").await;
    for (slug, status) in [
        ("attendance", StatusCode::OK),
        ("filling", StatusCode::OK),
        ("chief", StatusCode::FORBIDDEN),
        ("access", StatusCode::FORBIDDEN),
        ("logins", StatusCode::FORBIDDEN),
    ] {
        assert_eq!(t.get(&format!("/reports/{slug}?class={}", fx.class)).await.status, status, "{slug}");
    }
    let mut c = app.signed_in("chief").await;
    let r = c.get("/reports").await;
    for slug in SLUGS {
        r.assert_contains(&format!("/reports/{slug}\""));
    }
}

#[tokio::test]
async fn the_chief_is_refused_another_class() {
    let app = TestApp::demo();
    let fx = fixture(&app);
    let other = foreign_class(&app, &fx);
    let mut c = app.signed_in("chief").await;
    for slug in SLUGS {
        assert_eq!(
            c.get(&format!("/reports/{slug}?class={other}")).await.status,
            StatusCode::FORBIDDEN,
            "{slug}"
        );
        assert_eq!(
            c.get(&format!("/reports/{slug}?class={}", fx.class)).await.status,
            StatusCode::OK,
            "{slug}"
        );
    }
    // The administration opens every report of any class.
    let mut a = app.signed_in("admin").await;
    for slug in SLUGS {
        assert_eq!(a.get(&format!("/reports/{slug}?class={other}")).await.status, StatusCode::OK, "{slug}");
    }
}
