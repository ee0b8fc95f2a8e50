//! The diary of students and parents, the class chief's progress overview and day of
//! attendance with reasons — through the real router, as each role uses them.
//!
//! The setup writes its own timetable version for the demo student's class (replacing any the
//! demo has) and its own marks, lessons and attendance on known lessons of a full study week,
//! after clearing the student's marks, attendance and final marks, so the pages show exactly
//! what the tests expect whatever else the demo school holds.

use crate::common::{TestApp, today};
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate};
use parta::auth::accounts::find_by_login;
use parta::auth::model::USERS;
use parta::error::AppError;
use parta::journal::model::{ATTENDANCE, FINAL_MARKS, JOURNAL_LOG, MARKS, STUDENT_ATTENDANCE, STUDENT_MARKS};
use parta::journal::model::{
    Assignment, Attendance, Code, FinalKind, FinalMark, Lesson, LessonKey, LogField, Mark, MarkValue,
};
use parta::journal::records::{MarkKey, put_attendance, put_final, put_mark, save_lesson};
use parta::people::service::{children_of, class_of, students_of};
use parta::store::ids::{BlobId, ClassId, PeriodId, SubjectId, TeachingId, UserId, WorkTypeId};
use parta::store::{Order, blobs};
use parta::structure::model::{CLASSES, GROUPS, PERIODS, SUBJECTS, WORK_TYPES};
use parta::structure::service::teaching_of_class;
use parta::timetable::calendar::ClassCalendar;
use parta::timetable::model::{Slot, Week};
use parta::timetable::model::{TIMETABLE, TIMETABLE_CHANGES};
use redb::{Durability, WriteTransaction};

/// What the setup made.
#[allow(dead_code)]
struct Demo {
    student: UserId,
    parent: UserId,
    chief: UserId,
    daughter: UserId,
    classmate: UserId,
    class: ClassId,
    other_class: ClassId,
    maths: TeachingId,
    russian: TeachingId,
    my_english: TeachingId,
    period: PeriodId,
    monday: NaiveDate,
    blob: BlobId,
    today: NaiveDate,
    student_tab: String,
    daughter_tab: String,
}

impl Demo {
    fn day(&self, weekday: i64) -> NaiveDate {
        self.monday + Duration::days(weekday - 1)
    }
}

fn id_of(tx: &impl parta::store::Reader, login: &str) -> UserId {
    find_by_login(tx, login).unwrap().unwrap().0
}

fn work_type(tx: &impl parta::store::Reader, abbr: &str) -> (WorkTypeId, u8) {
    WORK_TYPES
        .all(tx)
        .unwrap()
        .into_iter()
        .find(|(_, w)| w.abbr == abbr)
        .map(|(id, w)| (id, w.weight))
        .unwrap()
}

fn subject_named(tx: &impl parta::store::Reader, name: &str) -> SubjectId {
    SUBJECTS.all(tx).unwrap().into_iter().find(|(_, s)| s.name == name).unwrap().0
}

/// Removes the student's marks, attendance and final marks, whatever the demo put there.
fn wipe(tx: &WriteTransaction, student: UserId) {
    let mut marks = Vec::new();
    STUDENT_MARKS
        .scan_prefix(tx, &student, Order::Asc, |k, _| {
            marks.push(k);
            true
        })
        .unwrap();
    for (s, day, t, n, a) in marks {
        STUDENT_MARKS.remove(tx, &(s, day, t, n, a)).unwrap();
        MARKS.remove(tx, &(t, day, n, s, a)).unwrap();
    }
    let mut entries = Vec::new();
    STUDENT_ATTENDANCE
        .scan_prefix(tx, &student, Order::Asc, |k, _| {
            entries.push(k);
            true
        })
        .unwrap();
    for (s, day, n, t) in entries {
        STUDENT_ATTENDANCE.remove(tx, &(s, day, n, t)).unwrap();
        ATTENDANCE.remove(tx, &(t, day, n, s)).unwrap();
    }
    let mut finals = Vec::new();
    FINAL_MARKS
        .scan_prefix(tx, &student, Order::Asc, |k, _| {
            finals.push(k);
            true
        })
        .unwrap();
    for k in finals {
        FINAL_MARKS.remove(tx, &k).unwrap();
    }
}

/// Replaces the class's timetable with one version from the year's start, and drops its
/// one-off changes.
fn own_timetable(tx: &WriteTransaction, class: ClassId, start: NaiveDate, slots: Vec<Slot>) {
    let mut old = Vec::new();
    TIMETABLE
        .scan_prefix(tx, &class, Order::Asc, |k, _| {
            old.push(k);
            true
        })
        .unwrap();
    for k in old {
        TIMETABLE.remove(tx, &k).unwrap();
    }
    let mut changes = Vec::new();
    TIMETABLE_CHANGES
        .scan_prefix(tx, &class, Order::Asc, |k, _| {
            changes.push(k);
            true
        })
        .unwrap();
    for k in changes {
        TIMETABLE_CHANGES.remove(tx, &k).unwrap();
    }
    TIMETABLE.insert(tx, &(class, start), &Week { shift: 1, slots, saved_by: None, saved_at: 0 }).unwrap();
}

/// The latest Monday whose Monday to Friday are all study days and over by today (or, early
/// in the year, the first such week).
fn full_week(cal: &ClassCalendar, today: NaiveDate) -> NaiveDate {
    let full = |m: NaiveDate| (0..5).all(|i| cal.is_study_day(m + Duration::days(i)));
    let mut m = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    while m >= cal.year.start {
        if full(m) && m + Duration::days(4) <= today {
            return m;
        }
        m -= Duration::days(7);
    }
    let mut m = cal.year.start;
    while !(m.weekday() == chrono::Weekday::Mon && full(m)) {
        m += Duration::days(1);
    }
    m
}

fn mark(
    value: MarkValue,
    weight: u8,
    subject: SubjectId,
    work_type: WorkTypeId,
    comment: &str,
    by: UserId,
) -> Mark {
    Mark { value, weight, subject, work_type, comment: comment.into(), by, at: 1, first_at: 1 }
}

fn setup(app: &TestApp, close_period: bool) -> Demo {
    let today = today();
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let student = id_of(tx, "student");
            let parent = id_of(tx, "parent");
            let chief = id_of(tx, "chief");
            let teacher = id_of(tx, "teacher");
            let class = class_of(tx, student, today)?.expect("the demo student has a class");
            let daughter =
                children_of(tx, parent)?.into_iter().find(|c| *c != student).expect("a second child");
            let other_class = class_of(tx, daughter, today)?.expect("the daughter has a class");
            let classmate = students_of(tx, class, today)?.into_iter().find(|s| *s != student).unwrap();
            let teaching = teaching_of_class(tx, class)?;
            let maths_subject = subject_named(tx, "Математика");
            let russian_subject = subject_named(tx, "Русский язык");
            let find = |subject: SubjectId| {
                teaching
                    .iter()
                    .find(|(_, t)| t.subject == subject && t.group.is_none())
                    .map(|(id, _)| *id)
                    .unwrap()
            };
            let (maths, russian) = (find(maths_subject), find(russian_subject));
            assert!(teaching.iter().any(|(id, t)| *id == maths && t.teacher == teacher));
            let mut english: Vec<(TeachingId, bool)> = Vec::new();
            for (id, t) in &teaching {
                if let Some(g) = t.group {
                    let mine = GROUPS.get(tx, &g)?.unwrap().students.contains(&student);
                    english.push((*id, mine));
                }
            }
            let my_english = english.iter().find(|(_, m)| *m).unwrap().0;
            let other_english = english.iter().find(|(_, m)| !*m).unwrap().0;
            let year_start = parta::structure::model::YEARS
                .get(tx, &CLASSES.get(tx, &class)?.unwrap().year)?
                .unwrap()
                .start;
            let slot =
                |weekday, number, teaching, room: &str| Slot { weekday, number, teaching, room: room.into() };
            own_timetable(
                tx,
                class,
                year_start,
                vec![
                    slot(1, 1, maths, "31"),
                    slot(1, 2, russian, "32"),
                    slot(2, 1, maths, "31"),
                    slot(3, 3, my_english, "41"),
                    slot(3, 3, other_english, "99"),
                    slot(4, 2, russian, "32"),
                    slot(5, 1, maths, "31"),
                ],
            );
            wipe(tx, student);
            let cal = ClassCalendar::load(tx, class, year_start, today + Duration::days(200))?.unwrap();
            let monday = full_week(&cal, today);
            let (period, mut p) = cal.period_of(monday).map(|(id, p)| (id, p.clone())).unwrap();
            let d = |weekday: i64| monday + Duration::days(weekday - 1);
            let lesson = |teaching, weekday, number| LessonKey { teaching, date: d(weekday), number };
            let (answer, answer_w) = work_type(tx, "Отв");
            let (test, test_w) = work_type(tx, "К/р");
            let (dictation, dictation_w) = work_type(tx, "Дикт");
            let blob = blobs::put(
                tx,
                "задачи.pdf",
                "application/pdf",
                b"%PDF-1.4 test",
                Some(teacher),
                crate::common::unix(),
            )?;
            save_lesson(
                tx,
                lesson(maths, 1, 1),
                &Lesson {
                    topic: "Дроби и проценты".into(),
                    homework: "№ 245, 246".into(),
                    files: vec![blob],
                    due: Some(d(2)),
                    assignments: vec![Assignment {
                        no: 0,
                        work_type: answer,
                        weight: answer_w,
                        name: String::new(),
                    }],
                    updated_by: Some(teacher),
                    updated_at: 1,
                    plan: None,
                },
            )?;
            save_lesson(
                tx,
                lesson(russian, 4, 2),
                &Lesson {
                    topic: "Причастие".into(),
                    assignments: vec![
                        Assignment { no: 0, work_type: answer, weight: answer_w, name: String::new() },
                        Assignment {
                            no: 1,
                            work_type: dictation,
                            weight: dictation_w,
                            name: "Диктант №2".into(),
                        },
                    ],
                    ..Lesson::default()
                },
            )?;
            let put = |key: LessonKey, no: u8, m: Mark| {
                put_mark(tx, MarkKey { lesson: key, student, assignment: no }, Some(&m), teacher, 1)
                    .map(|_| ())
            };
            put(
                lesson(maths, 1, 1),
                0,
                mark(MarkValue::Num(4), answer_w, maths_subject, answer, "Хорошо", teacher),
            )?;
            put(
                lesson(maths, 2, 1),
                0,
                mark(MarkValue::Num(4), answer_w, maths_subject, answer, "", teacher),
            )?;
            put(lesson(russian, 1, 2), 0, mark(MarkValue::Num(2), test_w, russian_subject, test, "", chief))?;
            put(
                lesson(russian, 4, 2),
                0,
                mark(MarkValue::Num(3), answer_w, russian_subject, answer, "", chief),
            )?;
            put(
                lesson(russian, 4, 2),
                1,
                mark(MarkValue::Duty, dictation_w, russian_subject, dictation, "", chief),
            )?;
            let att = |code, subject| Attendance { code, subject, by: teacher, at: 1 };
            put_attendance(
                tx,
                lesson(russian, 1, 2),
                student,
                Some(&att(Code::Late, russian_subject)),
                chief,
                1,
            )?;
            put_attendance(
                tx,
                lesson(maths, 5, 1),
                student,
                Some(&att(Code::Absent, maths_subject)),
                teacher,
                1,
            )?;
            let fm = FinalMark { value: MarkValue::Num(4), teaching: maths, by: teacher, at: 1 };
            put_final(
                tx,
                student,
                maths_subject,
                FinalKind::Period(period),
                maths,
                Some(&fm),
                teacher,
                1,
                today,
            )?;
            if close_period {
                p.closed = true;
                PERIODS.insert(tx, &period, &p)?;
            }
            let tab =
                |id: UserId| USERS.get(tx, &id).map(|u| u.map(|u| format!("{} {}", u.first_name, u.surname)));
            Ok::<_, AppError>(Demo {
                student,
                parent,
                chief,
                daughter,
                classmate,
                class,
                other_class,
                maths,
                russian,
                my_english,
                period,
                monday,
                blob,
                today,
                student_tab: tab(student)?.unwrap(),
                daughter_tab: tab(daughter)?.unwrap(),
            })
        })
        .unwrap()
}

fn attendance_code(
    app: &TestApp,
    d: &Demo,
    teaching: TeachingId,
    day: NaiveDate,
    number: u8,
) -> Option<Code> {
    app.store()
        .read_blocking(|tx| {
            let by_student = STUDENT_ATTENDANCE.get(tx, &(d.student, day, number, teaching))?.map(|a| a.code);
            let by_lesson = ATTENDANCE.get(tx, &(teaching, day, number, d.student))?.map(|a| a.code);
            assert_eq!(by_student, by_lesson, "both copies agree");
            Ok::<_, AppError>(by_student)
        })
        .unwrap()
}

#[tokio::test]
async fn a_student_sees_their_week_with_homework_marks_attendance_and_what_is_needed() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("student").await;
    let r = c.get("/diary").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/diary/{}", d.student));
    let page = c.get(&format!("/diary/{}?week={}", d.student, d.day(3))).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Понедельник",
        "Пятница",
        "Математика",
        "Русский язык",
        "08:30",
        "каб. 31",
        "Дроби и проценты",
        "№ 245, 246",
        "задачи.pdf",
        "Хорошо",
        "К/р",
        "<sub>3</sub>",
        "ОТ",
        "ОП",
        "Причастие",
    ] {
        page.assert_contains(text);
    }
    page.assert_contains(&format!("/homework/{}/{}", d.maths, d.blob));
    // Only the English group the student is in.
    page.assert_contains("каб. 41");
    page.assert_lacks("каб. 99");
    // The summary of the period: maths 4,00 (a 4 for the period), Russian (2·3 + 3) / 4 = 2,25.
    page.assert_contains("4,00");
    page.assert_contains("2,25");
    page.assert_contains("для «5» нужно ещё 2 пятёрки");
    page.assert_contains("для «4» нужно ещё 4 пятёрки");
    page.assert_contains("для «5» нужно ещё 18 пятёрок");
    // The duty of the dictation is overdue work.
    page.assert_contains("Диктант №2");
    page.assert_contains("mduty");
    // Week navigation.
    page.assert_contains(&format!("?week={}", d.monday - Duration::days(7)));
    page.assert_contains(&format!("?week={}", d.monday + Duration::days(7)));
}

#[tokio::test]
async fn the_marks_page_lists_the_period_by_subject_with_final_marks() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("student").await;
    let page = c.get(&format!("/diary/{}/marks?period={}", d.student, d.period)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Математика");
    page.assert_contains("4,00");
    page.assert_contains("2,25");
    page.assert_contains("Хорошо");
    page.assert_contains("dy-final m4");
    page.assert_contains("Итог");
}

#[tokio::test]
async fn a_student_cannot_open_another_students_diary() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("student").await;
    assert_eq!(c.get(&format!("/diary/{}", d.classmate)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&format!("/diary/{}/marks", d.classmate)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&format!("/diary/{}", d.daughter)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_parent_switches_between_their_children_and_nobody_else() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("parent").await;
    let r = c.get("/diary").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/diary/"));
    let page = c.get(&format!("/diary/{}?week={}", d.student, d.monday)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("dy-tabs");
    page.assert_contains(&d.student_tab);
    page.assert_contains(&d.daughter_tab);
    page.assert_contains(&format!("href=\"/diary/{}\"", d.daughter));
    page.assert_contains("Дроби и проценты");
    assert_eq!(c.get(&format!("/diary/{}", d.daughter)).await.status, StatusCode::OK);
    assert_eq!(c.get(&format!("/diary/{}/marks", d.daughter)).await.status, StatusCode::OK);
    assert_eq!(c.get(&format!("/diary/{}", d.classmate)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&format!("/diary/{}/marks", d.classmate)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_subject_teacher_opens_no_diary_and_no_class_overview() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("teacher").await;
    assert_eq!(c.get("/diary").await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.get(&format!("/diary/{}", d.student)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&format!("/classes/{}/progress", d.class)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&format!("/classes/{}/attendance", d.class)).await.status, StatusCode::FORBIDDEN);
    for login in ["student", "parent"] {
        let mut c = app.signed_in(login).await;
        assert_eq!(c.get(&format!("/classes/{}/progress", d.class)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(c.get(&format!("/classes/{}/attendance", d.class)).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_class_chief_sees_the_class_diaries_progress_and_day_but_not_other_classes() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("chief").await;
    let diary = c.get(&format!("/diary/{}?week={}", d.student, d.monday)).await;
    assert_eq!(diary.status, StatusCode::OK);
    diary.assert_contains("Дроби и проценты");
    assert_eq!(c.get(&format!("/diary/{}", d.daughter)).await.status, StatusCode::FORBIDDEN);

    let progress = c.get(&format!("/classes/{}/progress?period={}", d.class, d.period)).await;
    assert_eq!(progress.status, StatusCode::OK);
    progress.assert_contains("Петров Артём Дмитриевич: Русский язык (2,25)");
    progress.assert_contains("dy-riskrow");
    progress.assert_contains("зона риска");
    progress.assert_contains(&format!("/journal/{}?period={}", d.russian, d.period));
    progress.assert_contains(&format!("/diary/{}", d.student));
    assert_eq!(c.get(&format!("/classes/{}/progress", d.other_class)).await.status, StatusCode::FORBIDDEN);

    let day = c.get(&format!("/classes/{}/attendance?date={}", d.class, d.day(5))).await;
    assert_eq!(day.status, StatusCode::OK);
    day.assert_contains("Петров Артём Дмитриевич");
    day.assert_contains("ОТ");
    day.assert_contains("Указать причину пропуска");
    let wednesday = c.get(&format!("/classes/{}/attendance?date={}", d.class, d.day(3))).await;
    wednesday.assert_contains("dy-notours");
    assert_eq!(c.get(&format!("/classes/{}/attendance", d.other_class)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_principal_sees_progress_but_sets_no_reasons() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("director").await;
    let progress = c.get(&format!("/classes/{}/progress", d.class)).await;
    assert_eq!(progress.status, StatusCode::OK);
    progress.assert_contains("Петров Артём Дмитриевич");
    assert_eq!(c.get(&format!("/diary/{}", d.student)).await.status, StatusCode::OK);
    assert_eq!(c.get(&format!("/diary/{}", d.chief)).await.status, StatusCode::NOT_FOUND, "not a student");
    assert_eq!(c.get("/diary/nobody").await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.get(&format!("/classes/{}/attendance", d.class)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_chief_sets_illness_for_a_range_and_the_change_log_keeps_it() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("chief").await;
    c.get(&format!("/classes/{}/attendance?date={}", d.class, d.monday)).await;
    let (from, to) = (d.day(1).to_string(), d.day(5).to_string());
    let r = c
        .post(
            &format!("/classes/{}/attendance/reasons", d.class),
            &[
                ("student", &d.student.to_string()),
                ("code", "Б"),
                ("from", &from),
                ("to", &to),
                ("date", &from),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().contains("changed=1"), "{}", r.location());
    let page = c.get(r.location()).await;
    page.assert_contains("Причина указана для 1 урока");
    // The absence became Б; the late arrival stays.
    assert_eq!(attendance_code(&app, &d, d.maths, d.day(5), 1), Some(Code::Ill));
    assert_eq!(attendance_code(&app, &d, d.russian, d.day(1), 2), Some(Code::Late));
    assert_eq!(attendance_code(&app, &d, d.maths, d.day(2), 1), None, "no filling unless asked");
    let logged = app
        .store()
        .read_blocking(|tx| {
            let mut found = Vec::new();
            JOURNAL_LOG.scan_prefix(tx, &d.maths, Order::Asc, |_, e| {
                if e.student == d.student && e.field == LogField::Attendance && e.date == d.day(5) {
                    found.push((e.old.clone(), e.new.clone(), e.by));
                }
                true
            })?;
            Ok::<_, AppError>(found)
        })
        .unwrap();
    assert_eq!(logged.last(), Some(&("ОТ".to_string(), "Б".to_string(), d.chief)));
}

#[tokio::test]
async fn filling_marks_every_lesson_of_the_days_the_student_follows() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("chief").await;
    c.get(&format!("/classes/{}/attendance?date={}", d.class, d.monday)).await;
    let (from, to) = (d.day(1).to_string(), d.day(5).to_string());
    let r = c
        .post(
            &format!("/classes/{}/attendance/reasons", d.class),
            &[
                ("student", &d.student.to_string()),
                ("code", "УП"),
                ("from", &from),
                ("to", &to),
                ("fill", "1"),
                ("date", &from),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Friday's absence changed; Monday 1, Tuesday 1, Wednesday 3 (own group), Thursday 2 filled
    // (the week is over by today); Monday 2 (late) kept.
    assert!(d.day(5) <= d.today);
    assert!(r.location().contains("changed=5"), "{}", r.location());
    c.get(r.location()).await.assert_contains("Причина указана для 5 уроков");
    assert_eq!(attendance_code(&app, &d, d.maths, d.day(1), 1), Some(Code::Excused));
    assert_eq!(attendance_code(&app, &d, d.my_english, d.day(3), 3), Some(Code::Excused));
    assert_eq!(attendance_code(&app, &d, d.russian, d.day(1), 2), Some(Code::Late));
    assert_eq!(attendance_code(&app, &d, d.maths, d.day(5), 1), Some(Code::Excused));

    // One lesson only: НП on the first lessons of the week.
    let r = c
        .post(
            &format!("/classes/{}/attendance/reasons", d.class),
            &[
                ("student", &d.student.to_string()),
                ("code", "НП"),
                ("from", &from),
                ("to", &to),
                ("lesson", "1"),
                ("date", &from),
            ],
        )
        .await;
    assert!(r.location().contains("changed=3"), "{}", r.location());
    assert_eq!(attendance_code(&app, &d, d.maths, d.day(2), 1), Some(Code::Unexcused));
    assert_eq!(attendance_code(&app, &d, d.russian, d.day(4), 2), Some(Code::Excused));
}

#[tokio::test]
async fn reasons_are_refused_in_a_closed_period_with_nothing_changed() {
    let app = TestApp::demo();
    let d = setup(&app, true);
    let mut c = app.signed_in("chief").await;
    c.get(&format!("/classes/{}/attendance?date={}", d.class, d.monday)).await;
    let day = d.day(5).to_string();
    let r = c
        .post(
            &format!("/classes/{}/attendance/reasons", d.class),
            &[
                ("student", &d.student.to_string()),
                ("code", "Б"),
                ("from", &day),
                ("fill", "1"),
                ("date", &day),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("закрытый учебный период");
    assert_eq!(attendance_code(&app, &d, d.maths, d.day(5), 1), Some(Code::Absent));
}

#[tokio::test]
async fn reasons_are_refused_for_another_class_and_for_bad_dates() {
    let app = TestApp::demo();
    let d = setup(&app, false);
    let mut c = app.signed_in("chief").await;
    c.get(&format!("/classes/{}/attendance?date={}", d.class, d.monday)).await;
    let url = format!("/classes/{}/attendance/reasons", d.class);
    let (mon, fri) = (d.day(1).to_string(), d.day(5).to_string());
    let r = c
        .post(&url, &[("student", &d.daughter.to_string()), ("code", "Б"), ("from", &mon), ("to", &fri)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("не числится в классе");

    let r = c
        .post(
            &url,
            &[
                ("student", &d.student.to_string()),
                ("code", "Б"),
                ("from", &fri),
                ("to", &mon),
                ("date", &fri),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("не может быть раньше");
    r.assert_contains(&format!("value=\"{mon}\""));
    r.assert_contains(&format!("value=\"{fri}\""));

    let far = (d.day(1) + Duration::days(40)).to_string();
    let r = c
        .post(&url, &[("student", &d.student.to_string()), ("code", "Б"), ("from", &mon), ("to", &far)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Не больше 31 дня");

    let r = c.post(&url, &[("student", &d.student.to_string()), ("code", "ОП"), ("from", &mon)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(attendance_code(&app, &d, d.maths, d.day(5), 1), Some(Code::Absent), "nothing changed");

    // Others may not post at all, whatever they send.
    for login in ["teacher", "parent", "director"] {
        let mut other = app.signed_in(login).await;
        other.get("/").await;
        let r = other.post(&url, &[("student", &d.student.to_string()), ("code", "Б"), ("from", &mon)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
    }
    assert_eq!(attendance_code(&app, &d, d.maths, d.day(5), 1), Some(Code::Absent));
}
