//! The class journal through the real router: the grid's cells, the lesson panel, final marks,
//! closing periods, the change log, and who may do what.
//!
//! The demo may or may not have a timetable and marks yet, so every test writes its own week
//! for the demo student's class (the demo teacher's mathematics on Monday 2nd, Wednesday 3rd
//! and Friday 1st lesson, Russian on Monday 1st) and clears the mathematics journal first.

use crate::common::{Client, Response, TestApp, today};
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use parta::auth::accounts;
use parta::auth::model::Role;
use parta::auth::model::USERS;
use parta::error::AppError;
use parta::journal::model::{
    ATTENDANCE, HOMEWORK_DUE, JOURNAL_LOG, LESSONS, MARKS, STUDENT_ATTENDANCE, STUDENT_MARKS,
};
use parta::journal::model::{Code, FinalKind, LessonKey, MarkValue};
use parta::journal::records::{self, MarkKey};
use parta::store::Order;
use parta::store::ids::{ChangeId, ClassId, PeriodId, SubjectId, TeachingId, UserId, WorkTypeId};
use parta::structure::model::{CLASSES, WORK_TYPES, YEARS};
use parta::timetable::calendar::{ClassCalendar, students_taught};
use parta::timetable::model::{Change, ChangeKind, Slot, Week};
use parta::timetable::model::{SUBSTITUTIONS, TIMETABLE, TIMETABLE_CHANGES};
use redb::Durability;

struct Fx {
    class: ClassId,
    math: TeachingId,
    rus: TeachingId,
    subject: SubjectId,
    student: UserId,
    /// A student of another class, with the password `demo` (login in `other_login`).
    other: UserId,
    other_login: String,
    period: PeriodId,
    /// The mathematics lessons of the period, in order.
    lessons: Vec<(NaiveDate, u8)>,
    /// A Russian lesson of the period.
    rus_lesson: (NaiveDate, u8),
    /// A day of the period without mathematics.
    free_day: NaiveDate,
}

fn id_of(tx: &impl parta::store::Reader, login: &str) -> UserId {
    accounts::find_by_login(tx, login).unwrap().unwrap().0
}

fn slug(l: (NaiveDate, u8)) -> String {
    format!("{}.{}", l.0, l.1)
}

fn setup(app: &TestApp) -> Fx {
    let today = today();
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let teacher = id_of(tx, "teacher");
            let student = id_of(tx, "student");
            let class = parta::people::service::class_of(tx, student, today)?.unwrap();
            let c = CLASSES.get(tx, &class)?.unwrap();
            let year = YEARS.get(tx, &c.year)?.unwrap();
            let teaching = parta::structure::service::teaching_of_class(tx, class)?;
            let (math, mt) = teaching.iter().find(|(_, t)| t.teacher == teacher).cloned().unwrap();
            let (rus, _) =
                teaching.iter().find(|(_, t)| t.teacher != teacher && t.group.is_none()).cloned().unwrap();

            // Our own week from the first day of the year; no other versions or changes.
            let mut keys = Vec::new();
            TIMETABLE.scan_prefix(tx, &class, Order::Asc, |k, _| {
                keys.push(k);
                true
            })?;
            for k in keys {
                TIMETABLE.remove(tx, &k)?;
            }
            let mut changes = Vec::new();
            TIMETABLE_CHANGES.scan_prefix(tx, &class, Order::Asc, |k, _| {
                changes.push(k);
                true
            })?;
            for k in changes {
                TIMETABLE_CHANGES.remove(tx, &k)?;
            }
            let slot = |weekday, number, teaching| Slot { weekday, number, teaching, room: "21".into() };
            let week = Week {
                shift: 1,
                slots: vec![slot(1, 1, rus), slot(1, 2, math), slot(3, 3, math), slot(5, 1, math)],
                saved_by: None,
                saved_at: 0,
            };
            TIMETABLE.insert(tx, &(class, year.start), &week)?;

            // A clean mathematics journal.
            let mut marks = Vec::new();
            MARKS.scan_prefix(tx, &math, Order::Asc, |k, _| {
                marks.push(k);
                true
            })?;
            for (_, d, n, s, a) in marks {
                let key = LessonKey { teaching: math, date: d, number: n };
                records::put_mark(tx, MarkKey { lesson: key, student: s, assignment: a }, None, teacher, 0)?;
            }
            let mut atts = Vec::new();
            ATTENDANCE.scan_prefix(tx, &math, Order::Asc, |k, _| {
                atts.push(k);
                true
            })?;
            for (_, d, n, s) in atts {
                records::put_attendance(
                    tx,
                    LessonKey { teaching: math, date: d, number: n },
                    s,
                    None,
                    teacher,
                    0,
                )?;
            }
            let mut lessons = Vec::new();
            LESSONS.scan_prefix(tx, &math, Order::Asc, |k, l| {
                lessons.push((k, l.due));
                true
            })?;
            for ((t, d, n), due) in lessons {
                if let Some(due) = due {
                    HOMEWORK_DUE.remove(tx, &(t, due, d, n))?;
                }
                LESSONS.remove(tx, &(t, d, n))?;
            }

            let cal = ClassCalendar::load(tx, class, year.start, year.end)?.unwrap();
            let (period, p) = cal
                .periods
                .iter()
                .find(|(_, p)| p.start <= today && today <= p.end)
                .or_else(|| cal.periods.iter().rev().find(|(_, p)| p.start <= today))
                .map(|(id, p)| (*id, p.clone()))
                .unwrap();
            for taught in students_taught(tx, &mt, today.min(p.end))? {
                for (pid, _) in &cal.periods {
                    let kinds = [FinalKind::Period(*pid), FinalKind::Year, FinalKind::Exam, FinalKind::Final];
                    for kind in kinds {
                        records::put_final(tx, taught, mt.subject, kind, math, None, teacher, 0, today)?;
                    }
                }
            }
            let lessons: Vec<(NaiveDate, u8)> =
                cal.lessons_of(math, p.start, p.end).into_iter().map(|(d, l)| (d, l.number)).collect();
            assert!(lessons.len() >= 8, "the period has enough lessons: {lessons:?}");
            let rus_lesson =
                cal.lessons_of(rus, p.start, p.end).into_iter().map(|(d, l)| (d, l.number)).next().unwrap();
            let free_day = p.start.iter_days().find(|d| d.weekday() == chrono::Weekday::Tue).unwrap();

            // A student of another class who can sign in.
            let mut other = None;
            USERS.scan_range(tx, None, None, Order::Asc, |id, u| {
                if u.has(Role::Student) && id != student {
                    other = Some((id, u.login));
                }
                other.is_none()
            })?;
            let (mut other, mut other_login) = other.unwrap();
            let mut all = Vec::new();
            USERS.scan_range(tx, None, None, Order::Asc, |id, u| {
                if u.has(Role::Student) {
                    all.push((id, u.login));
                }
                true
            })?;
            for (id, login) in all {
                let theirs = parta::people::service::class_of(tx, id, today)?;
                if theirs.is_some() && theirs != Some(class) {
                    other = id;
                    other_login = login;
                    break;
                }
            }
            accounts::set_password(
                tx,
                other,
                parta::auth::password::hash("demo"),
                false,
                crate::common::unix(),
            )?;
            Ok::<_, AppError>(Fx {
                class,
                math,
                rus,
                subject: mt.subject,
                student,
                other,
                other_login,
                period,
                lessons,
                rus_lesson,
                free_day,
            })
        })
        .unwrap()
}

async fn cell(
    c: &mut Client,
    t: TeachingId,
    lesson: &str,
    student: UserId,
    a: u8,
    value: &str,
    was: &str,
) -> Response {
    let (s, a) = (student.to_string(), a.to_string());
    c.post(
        &format!("/journal/{t}/cell"),
        &[("lesson", lesson), ("student", &s), ("a", &a), ("value", value), ("was", was)],
    )
    .await
}

fn mark_of(app: &TestApp, t: TeachingId, l: (NaiveDate, u8), s: UserId, a: u8) -> Option<MarkValue> {
    app.store()
        .read_blocking(|tx| {
            let key = MarkKey {
                lesson: LessonKey { teaching: t, date: l.0, number: l.1 },
                student: s,
                assignment: a,
            };
            Ok::<_, AppError>(records::mark(tx, key)?.map(|m| m.value))
        })
        .unwrap()
}

fn log_of(app: &TestApp, t: TeachingId) -> Vec<(String, String)> {
    app.store()
        .read_blocking(|tx| {
            let mut out = Vec::new();
            JOURNAL_LOG.scan_prefix(tx, &t, Order::Asc, |_, e| {
                if e.at > 0 {
                    out.push((e.old, e.new));
                }
                true
            })?;
            Ok::<_, AppError>(out)
        })
        .unwrap()
}

/// Signs in and opens a page, so the client holds the session's CSRF token.
async fn signed(app: &TestApp, login: &str) -> Client {
    let mut c = app.signed_in(login).await;
    c.get("/").await;
    c
}

#[tokio::test]
async fn a_teacher_enters_a_mark_and_an_absence_which_reach_the_diary_and_the_change_log() {
    let app = TestApp::demo();
    let f = setup(&app);
    let mut t = signed(&app, "teacher").await;
    let page = t.get(&format!("/journal/{}", f.math)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Петров А.");
    page.assert_contains(&format!("data-l=\"{}\"", slug(f.lessons[0])));
    page.assert_contains(&format!("{:02}.{:02}", f.lessons[0].0.day(), f.lessons[0].0.month()));

    let r = cell(&mut t, f.math, &slug(f.lessons[0]), f.student, 0, "5", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("value=\"5\"");
    r.assert_contains("m5");
    r.assert_contains(&format!("id=\"w{}\" hx-swap-oob=\"true\"", f.student));
    r.assert_contains("Смирнова О. Н.");
    let r = cell(&mut t, f.math, &slug(f.lessons[1]), f.student, 0, "н", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("value=\"ОТ\"");

    let (d0, d1) = (f.lessons[0].0, f.lessons[1].0);
    let (mark, absence) = app
        .store()
        .read_blocking(|tx| {
            let m = STUDENT_MARKS.get(tx, &(f.student, d0, f.math, f.lessons[0].1, 0))?;
            let a = STUDENT_ATTENDANCE.get(tx, &(f.student, d1, f.lessons[1].1, f.math))?;
            Ok::<_, AppError>((m, a))
        })
        .unwrap();
    assert_eq!(mark.unwrap().value, MarkValue::Num(5));
    assert_eq!(absence.unwrap().code, Code::Absent);
    // The first mark made the lesson's first assignment real.
    let lesson = app
        .store()
        .read_blocking(|tx| {
            records::lesson(tx, LessonKey { teaching: f.math, date: d0, number: f.lessons[0].1 })
        })
        .unwrap()
        .unwrap();
    assert_eq!(lesson.assignments.len(), 1);

    assert!(log_of(&app, f.math).contains(&(String::new(), "5".into())));
    assert!(log_of(&app, f.math).contains(&(String::new(), "ОТ".into())));
    let log = t.get(&format!("/journal/{}/log", f.math)).await;
    assert_eq!(log.status, StatusCode::OK);
    log.assert_contains("Петров А.");
    log.assert_contains("посещаемость");
    let page = t.get(&format!("/journal/{}?period={}", f.math, f.period)).await;
    page.assert_contains("value=\"5\"");
    page.assert_contains("5,00");
}

#[tokio::test]
async fn invalid_values_are_refused_in_place_and_nothing_is_stored() {
    let app = TestApp::demo();
    let f = setup(&app);
    let mut t = signed(&app, "teacher").await;
    let logged = log_of(&app, f.math).len();
    for bad in ["7", "abc", "5 4"] {
        let r = cell(&mut t, f.math, &slug(f.lessons[0]), f.student, 0, bad, "").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        r.assert_contains(&format!("value=\"{bad}\""));
        r.assert_contains("role=\"alert\"");
        r.assert_contains("bad");
    }
    let r = cell(&mut t, f.math, &slug(f.lessons[0]), f.student, 0, "7", "").await;
    r.assert_contains("Можно ввести: 1–5");
    assert_eq!(mark_of(&app, f.math, f.lessons[0], f.student, 0), None);
    assert_eq!(log_of(&app, f.math).len(), logged);
    // A date without a lesson, and a student of another class.
    let r = cell(&mut t, f.math, &format!("{}.2", f.free_day), f.student, 0, "5", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("На эту дату урока нет");
    let r = cell(&mut t, f.math, &slug(f.lessons[0]), f.other, 0, "5", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Ученик не из этого класса");
    assert_eq!(mark_of(&app, f.math, f.lessons[0], f.other, 0), None);
    // No fields at all: refused, not forbidden.
    let r = t.post(&format!("/journal/{}/cell", f.math), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Cell writes that arrive together share one transaction (group commit): each still stands
/// alone — the valid ones are all stored and logged, a refused or stale one changes nothing
/// and gets its own answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_cell_writes_each_get_their_own_answer() {
    let app = TestApp::demo();
    let f = setup(&app);
    let t = signed(&app, "teacher").await;
    let day = f.lessons[0].0;
    let students = app
        .store()
        .read_blocking(|tx| {
            let head = parta::structure::model::TEACHING.get(tx, &f.math)?.unwrap();
            Ok::<_, AppError>(students_taught(tx, &head, day)?)
        })
        .unwrap();
    assert!(students.len() >= 5, "{students:?}");
    let logged = log_of(&app, f.math).len();
    // Every student gets a 4 in the first two lessons; the third lesson gets refused values
    // (7 is outside the scale) and writes that carry a stale «was».
    let mut tasks = Vec::new();
    for (i, s) in students.iter().enumerate() {
        for (l, value, was) in [(0, "4", ""), (1, "4", ""), (2, "7", ""), (3, "5", "3")] {
            let (mut c, s, lesson) = (t.clone(), *s, slug(f.lessons[l]));
            let math = f.math;
            tasks.push(tokio::spawn(async move {
                let r = cell(&mut c, math, &lesson, s, 0, value, was).await;
                (i, l, r.status)
            }));
        }
    }
    for task in tasks {
        let (i, l, status) = task.await.unwrap();
        let want = match l {
            0 | 1 => StatusCode::OK,
            2 => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::CONFLICT,
        };
        assert_eq!(status, want, "student {i}, lesson {l}");
    }
    for s in &students {
        assert_eq!(mark_of(&app, f.math, f.lessons[0], *s, 0), Some(MarkValue::Num(4)));
        assert_eq!(mark_of(&app, f.math, f.lessons[1], *s, 0), Some(MarkValue::Num(4)));
        assert_eq!(mark_of(&app, f.math, f.lessons[2], *s, 0), None);
        assert_eq!(mark_of(&app, f.math, f.lessons[3], *s, 0), None);
    }
    assert_eq!(log_of(&app, f.math).len(), logged + 2 * students.len());
}

#[tokio::test]
async fn a_stale_cell_gives_409_then_typing_again_overwrites_and_both_changes_are_logged() {
    let app = TestApp::demo();
    let f = setup(&app);
    let mut a = signed(&app, "teacher").await;
    let mut b = signed(&app, "teacher").await;
    let l = slug(f.lessons[2]);
    assert_eq!(cell(&mut a, f.math, &l, f.student, 0, "4", "").await.status, StatusCode::OK);
    // B saw the cell empty and types a 3.
    let r = cell(&mut b, f.math, &l, f.student, 0, "3", "").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    r.assert_contains("value=\"3\"");
    r.assert_contains("data-w=\"4\"");
    r.assert_contains("Смирнова О. Н.");
    r.assert_contains("«4»");
    assert_eq!(mark_of(&app, f.math, f.lessons[2], f.student, 0), Some(MarkValue::Num(4)));
    // Typing again carries what the cell showed now: it overwrites.
    let r = cell(&mut b, f.math, &l, f.student, 0, "3", "4").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(mark_of(&app, f.math, f.lessons[2], f.student, 0), Some(MarkValue::Num(3)));
    let log = log_of(&app, f.math);
    assert!(log.contains(&(String::new(), "4".into())), "{log:?}");
    assert!(log.contains(&("4".into(), "3".into())), "{log:?}");
    // Clearing.
    let r = cell(&mut a, f.math, &l, f.student, 0, "", "3").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(mark_of(&app, f.math, f.lessons[2], f.student, 0), None);
}

#[tokio::test]
async fn closing_a_period_locks_its_cells_and_reopening_unlocks_them() {
    let app = TestApp::demo();
    let f = setup(&app);
    let mut d = signed(&app, "director").await;
    let page = d.get("/periods").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("/periods/{}/close", f.period));
    let r = d.post(&format!("/periods/{}/close", f.period), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let mut t = signed(&app, "teacher").await;
    let r = cell(&mut t, f.math, &slug(f.lessons[0]), f.student, 0, "5", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Период закрыт");
    assert_eq!(mark_of(&app, f.math, f.lessons[0], f.student, 0), None);
    let page = t.get(&format!("/journal/{}?period={}", f.math, f.period)).await;
    page.assert_contains("Период закрыт");
    page.assert_lacks(&format!("aria-labelledby=\"s{} h", f.student));
    let r = t
        .post(
            &format!("/journal/{}/lessons/{}", f.math, slug(f.lessons[0])),
            &[("topic", "Дроби"), ("homework", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.post(&format!("/periods/{}/reopen", f.period), &[]).await.status, StatusCode::FORBIDDEN);

    let r = d.post(&format!("/periods/{}/reopen", f.period), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = cell(&mut t, f.math, &slug(f.lessons[0]), f.student, 0, "5", "").await;
    assert_eq!(r.status, StatusCode::OK);
    let audit = d.get("/admin/audit").await;
    audit.assert_contains(&format!("period:{}", f.period));
}

#[tokio::test]
async fn a_teacher_cannot_write_into_another_teachers_journal() {
    let app = TestApp::demo();
    let f = setup(&app);
    let mut t = signed(&app, "teacher").await;
    // Another teacher's journal in the same class, by its own lesson and by a maths lesson.
    for lesson in [slug(f.rus_lesson), slug(f.lessons[0])] {
        let r = cell(&mut t, f.rus, &lesson, f.student, 0, "5", "").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{lesson}");
    }
    assert_eq!(t.post(&format!("/journal/{}/cell", f.rus), &[]).await.status, StatusCode::FORBIDDEN);
    let panel = format!("/journal/{}/lessons/{}", f.rus, slug(f.rus_lesson));
    assert_eq!(t.post(&panel, &[("topic", "Чужая тема")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.post(&format!("{panel}/assignments"), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        t.upload(&format!("{panel}/files"), "file", "x.txt", b"x").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(t.post(&format!("/journal/{}/finals", f.rus), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get(&format!("/journal/{}", f.rus)).await.status, StatusCode::FORBIDDEN);
    let (mark, topic) = app
        .store()
        .read_blocking(|tx| {
            let topic = LESSONS.get(tx, &(f.rus, f.rus_lesson.0, f.rus_lesson.1))?.map(|l| l.topic);
            Ok::<_, AppError>((mark_of_tx(tx, f.rus, f.rus_lesson, f.student), topic))
        })
        .unwrap();
    assert!(mark.is_none());
    assert_ne!(topic.as_deref(), Some("Чужая тема"));
    // The list shows the teacher's own journals only.
    let list = t.get("/journal").await;
    list.assert_contains(&format!("/journal/{}", f.math));
    list.assert_lacks(&format!("/journal/{}\"", f.rus));
}

fn mark_of_tx(
    tx: &impl parta::store::Reader,
    t: TeachingId,
    l: (NaiveDate, u8),
    s: UserId,
) -> Option<MarkValue> {
    let key =
        MarkKey { lesson: LessonKey { teaching: t, date: l.0, number: l.1 }, student: s, assignment: 0 };
    records::mark(tx, key).unwrap().map(|m| m.value)
}

#[tokio::test]
async fn the_class_chief_and_the_principal_read_the_journal_but_do_not_write() {
    let app = TestApp::demo();
    let f = setup(&app);
    {
        let mut t = signed(&app, "teacher").await;
        assert_eq!(
            cell(&mut t, f.math, &slug(f.lessons[0]), f.student, 0, "4", "").await.status,
            StatusCode::OK
        );
    }
    for login in ["chief", "director", "psychologist"] {
        let mut c = signed(&app, login).await;
        let page = c.get(&format!("/journal/{}", f.math)).await;
        assert_eq!(page.status, StatusCode::OK, "{login}");
        page.assert_contains("Петров А.");
        page.assert_lacks(&format!("aria-labelledby=\"s{} h", f.student));
        assert_eq!(c.get(&format!("/journal/{}/log", f.math)).await.status, StatusCode::OK);
        let r = cell(&mut c, f.math, &slug(f.lessons[0]), f.student, 0, "2", "4").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
        assert_eq!(c.post(&format!("/journal/{}/cell", f.math), &[]).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(mark_of(&app, f.math, f.lessons[0], f.student, 0), Some(MarkValue::Num(4)));
    let mut chief = signed(&app, "chief").await;
    chief.get("/journal").await.assert_contains(&format!("/journal/{}", f.math));
    let mut d = signed(&app, "director").await;
    let list = d.get(&format!("/journal?class={}", f.class)).await;
    list.assert_contains(&format!("/journal/{}", f.math));
    list.assert_contains(&format!("/journal/{}", f.rus));
}

#[tokio::test]
async fn students_and_parents_are_kept_out_of_journals() {
    let app = TestApp::demo();
    let f = setup(&app);
    for login in ["student", "parent"] {
        let mut c = signed(&app, login).await;
        for path in [
            "/journal".to_string(),
            format!("/journal/{}", f.math),
            format!("/journal/{}/log", f.math),
            format!("/journal/{}/finals", f.math),
            format!("/journal/{}/lessons/{}", f.math, slug(f.lessons[0])),
            "/periods".to_string(),
        ] {
            assert_eq!(c.get(&path).await.status, StatusCode::FORBIDDEN, "{login} {path}");
        }
        let r = cell(&mut c, f.math, &slug(f.lessons[0]), f.student, 0, "5", "").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_substitute_writes_only_the_lesson_they_give() {
    let app = TestApp::demo();
    let f = setup(&app);
    let (given, other) = (f.lessons[3], f.lessons[4]);
    let sub_login = app
        .store()
        .write_blocking(Durability::Immediate, |tx| {
            // A teacher from elsewhere in the school, who can sign in.
            let mut sub = None;
            let taken = [id_of(tx, "teacher"), id_of(tx, "chief")];
            USERS.scan_range(tx, None, None, Order::Asc, |id, u| {
                if u.has(Role::Teacher) && !taken.contains(&id) {
                    sub = Some((id, u.login));
                }
                sub.is_none()
            })?;
            let (sub, login) = sub.unwrap();
            accounts::set_password(
                tx,
                sub,
                parta::auth::password::hash("demo"),
                false,
                crate::common::unix(),
            )?;
            let change = ChangeId::next(tx)?;
            let c = Change {
                number: given.1,
                teaching: f.math,
                kind: ChangeKind::Substituted { teacher: sub },
                room: None,
                note: String::new(),
                by: id_of(tx, "director"),
                at: 1,
            };
            TIMETABLE_CHANGES.insert(tx, &(f.class, given.0, change), &c)?;
            SUBSTITUTIONS.insert(tx, &(sub, given.0, f.class, change), &())?;
            Ok::<_, AppError>(login)
        })
        .unwrap();
    let mut s = signed(&app, &sub_login).await;
    let page = s.get(&format!("/journal/{}?period={}", f.math, f.period)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("aria-labelledby=\"s{} h{}.0\"", f.student, slug(given)));
    page.assert_lacks(&format!("aria-labelledby=\"s{} h{}.0\"", f.student, slug(other)));
    assert_eq!(cell(&mut s, f.math, &slug(given), f.student, 0, "5", "").await.status, StatusCode::OK);
    assert_eq!(cell(&mut s, f.math, &slug(other), f.student, 0, "5", "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(mark_of(&app, f.math, other, f.student, 0), None);
    // Never the final marks.
    let fin = [
        ("student", f.student.to_string()),
        ("kind", format!("p{}", f.period)),
        ("value", "5".into()),
        ("was", String::new()),
    ];
    let fin: Vec<(&str, &str)> = fin.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(s.post(&format!("/journal/{}/finals", f.math), &fin).await.status, StatusCode::FORBIDDEN);
}

async fn final_post(c: &mut Client, f: &Fx, kind: &str, value: &str, was: &str) -> Response {
    let s = f.student.to_string();
    c.post(
        &format!("/journal/{}/finals", f.math),
        &[("student", &s), ("kind", kind), ("value", value), ("was", was)],
    )
    .await
}

#[tokio::test]
async fn final_marks_are_suggested_set_by_the_teacher_and_after_closing_only_by_the_administration() {
    let app = TestApp::demo();
    let f = setup(&app);
    let mut t = signed(&app, "teacher").await;
    assert_eq!(cell(&mut t, f.math, &slug(f.lessons[0]), f.student, 0, "5", "").await.status, StatusCode::OK);
    let r = cell(&mut t, f.math, &slug(f.lessons[1]), f.student, 0, "4", "").await;
    // 4.5 rounds up to 5 under the default rule, shown as the period mark's placeholder.
    r.assert_contains("placeholder=\"5\"");
    let page = t.get(&format!("/journal/{}/finals", f.math)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("4,50");
    page.assert_contains("placeholder=\"5\"");

    let kind = format!("p{}", f.period);
    let r = final_post(&mut t, &f, &kind, "5", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = final_post(&mut t, &f, &kind, "6", "5").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = final_post(&mut t, &f, "year", "н/а", "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        t.post(&format!("/journal/{}/finals", f.math), &[]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let mut d = signed(&app, "director").await;
    assert_eq!(d.post(&format!("/periods/{}/close", f.period), &[]).await.status, StatusCode::SEE_OTHER);
    let r = final_post(&mut t, &f, &kind, "4", "5").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Период закрыт");
    let r = final_post(&mut d, &f, &kind, "4", "5").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let stored = app
        .store()
        .read_blocking(|tx| records::final_mark(tx, f.student, f.subject, FinalKind::Period(f.period)))
        .unwrap();
    assert_eq!(stored.unwrap().value, MarkValue::Num(4));
    assert!(log_of(&app, f.math).contains(&("5".into(), "4".into())));
}

fn work_type(app: &TestApp, name: &str) -> (WorkTypeId, u8) {
    app.store()
        .read_blocking(|tx| {
            let all = WORK_TYPES.all(tx)?;
            Ok::<_, AppError>(
                all.into_iter().find(|(_, w)| w.name == name).map(|(id, w)| (id, w.weight)).unwrap(),
            )
        })
        .unwrap()
}

#[tokio::test]
async fn assignments_take_the_type_weight_reweigh_their_marks_and_stay_while_marked() {
    let app = TestApp::demo();
    let f = setup(&app);
    let mut t = signed(&app, "teacher").await;
    let l = f.lessons[5];
    let base = format!("/journal/{}/lessons/{}", f.math, slug(l));
    let (control, weight) = work_type(&app, "Контрольная работа");
    let r = t
        .post(
            &format!("{base}/assignments"),
            &[("work_type", &control.to_string()), ("weight", ""), ("name", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let lesson = |app: &TestApp| {
        app.store()
            .read_blocking(|tx| records::lesson(tx, LessonKey { teaching: f.math, date: l.0, number: l.1 }))
            .unwrap()
            .unwrap()
    };
    assert_eq!(lesson(&app).assignments[0].weight, weight);
    assert_eq!(lesson(&app).assignments[0].no, 0);
    assert_eq!(cell(&mut t, f.math, &slug(l), f.student, 0, "5", "").await.status, StatusCode::OK);

    // A second column takes no attendance code.
    let r =
        t.post(&format!("{base}/assignments"), &[("work_type", &control.to_string()), ("weight", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = cell(&mut t, f.math, &slug(l), f.student, 1, "Н", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("в первой колонке урока");
    assert_eq!(cell(&mut t, f.math, &slug(l), f.student, 1, "4", "").await.status, StatusCode::OK);
    assert_eq!(cell(&mut t, f.math, &slug(l), f.student, 0, "ОП 5", "5").await.status, StatusCode::OK);
    let r = t.post(&format!("{base}/assignments"), &[("work_type", "999999"), ("weight", "20")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Выберите тип задания");

    // Reweighing updates the stored marks, both copies.
    let r = t
        .post(
            &format!("{base}/assignments/0"),
            &[("work_type", &control.to_string()), ("weight", "2"), ("name", "К/р №2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (m1, m2) = app
        .store()
        .read_blocking(|tx| {
            Ok::<_, AppError>((
                MARKS.get(tx, &(f.math, l.0, l.1, f.student, 0))?.unwrap(),
                STUDENT_MARKS.get(tx, &(f.student, l.0, f.math, l.1, 0))?.unwrap(),
            ))
        })
        .unwrap();
    assert_eq!((m1.weight, m2.weight), (2, 2));
    let page = t.get(&format!("/journal/{}?period={}", f.math, f.period)).await;
    page.assert_contains("<sub>2</sub>");

    // Removal is refused while it has marks; allowed once they are gone.
    let r = t.post(&format!("{base}/assignments/1/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("уже есть отметки");
    assert_eq!(lesson(&app).assignments.len(), 2);
    assert_eq!(cell(&mut t, f.math, &slug(l), f.student, 1, "", "4").await.status, StatusCode::OK);
    assert_eq!(t.post(&format!("{base}/assignments/1/delete"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(lesson(&app).assignments.len(), 1);
}

#[tokio::test]
async fn the_lesson_panel_keeps_topic_homework_due_day_files_and_comments() {
    let app = TestApp::demo();
    let f = setup(&app);
    let mut t = signed(&app, "teacher").await;
    let l = f.lessons[6];
    let base = format!("/journal/{}/lessons/{}", f.math, slug(l));
    let r = t.post(&base, &[("topic", "Сложение дробей"), ("homework", "№ 12, 14"), ("due", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let stored = app
        .store()
        .read_blocking(|tx| records::lesson(tx, LessonKey { teaching: f.math, date: l.0, number: l.1 }))
        .unwrap()
        .unwrap();
    assert_eq!(stored.topic, "Сложение дробей");
    assert_eq!(stored.due, Some(f.lessons[7].0), "due by default at the next lesson");
    let r = t
        .post(
            &base,
            &[("topic", "x"), ("homework", "y"), ("due", &(l.0 - chrono::Duration::days(1)).to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("не может быть раньше урока");
    r.assert_contains("value=\"x\"");

    let panel = t.get(&base).await;
    assert_eq!(panel.status, StatusCode::OK);
    panel.assert_contains("Сложение дробей");
    let fragment = t.send(axum::http::Method::GET, &base, None, Vec::new(), &[("HX-Request", "true")]).await;
    fragment.assert_contains("id=\"lp\"");
    fragment.assert_lacks("<html");

    let r = t.upload(&format!("{base}/files"), "file", "задание.txt", b"hello homework").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let blob = app
        .store()
        .read_blocking(|tx| records::lesson(tx, LessonKey { teaching: f.math, date: l.0, number: l.1 }))
        .unwrap()
        .unwrap()
        .files[0];
    let url = format!("/homework/{}/{blob}", f.math);
    let got = t.get(&url).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body, "hello homework");
    assert!(got.header("content-disposition").starts_with("attachment"));
    for login in ["student", "parent", "chief"] {
        let mut c = signed(&app, login).await;
        assert_eq!(c.get(&url).await.status, StatusCode::OK, "{login}");
    }
    let mut stranger = signed(&app, &f.other_login).await;
    assert_eq!(stranger.get(&url).await.status, StatusCode::FORBIDDEN);

    // Comments on the lesson's marks.
    assert_eq!(cell(&mut t, f.math, &slug(l), f.student, 0, "5", "").await.status, StatusCode::OK);
    let field = format!("c{}.0", f.student);
    let r = t.post(&format!("{base}/comments"), &[(field.as_str(), "Отличное решение")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = t.get(&format!("/journal/{}?period={}", f.math, f.period)).await;
    page.assert_contains("Комментарий: Отличное решение");
    page.assert_contains("m5 cm");

    // Deleting the file.
    let r = t.post(&format!("{base}/files/{blob}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(t.get(&url).await.status, StatusCode::NOT_FOUND);
}
