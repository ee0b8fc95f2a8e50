//! Handing reports in through the real router: the principal sets a due, the class chief
//! opens the report and hands it in, the snapshot stays as it was when marks change, return
//! with a comment and hand in again, accept; and who may do what.

use crate::common::{Client, TestApp, today};
use axum::http::StatusCode;
use parta::auth::accounts;
use parta::error::AppError;
use parta::journal::model::{FinalKind, FinalMark, MarkValue};
use parta::journal::records;
use parta::notify::model::NOTICES;
use parta::reports::submit::model::{REPORT_DUES, REPORT_SNAPSHOTS, REPORT_SUBMISSIONS};
use parta::reports::submit::model::{State, Submission};
use parta::store::Order;
use parta::store::ids::{
    ClassId, PeriodId, ReportDueId, SubjectId, SubmissionId, TeachingId, UserId, YearId,
};
use parta::structure::model::Year;
use parta::structure::model::{CLASSES, YEARS};
use parta::structure::service::{periods_of, scheme_of, teaching_of_class};
use parta::timetable::calendar::students_taught;
use redb::Durability;

fn user(tx: &impl parta::store::Reader, login: &str) -> UserId {
    accounts::find_by_login(tx, login).unwrap().unwrap().0
}

/// The demo student's class (5А, led by `chief`), its first quarter, the demo teacher's
/// mathematics there and its students.
struct Fx {
    class: ClassId,
    period: PeriodId,
    math: TeachingId,
    subject: SubjectId,
    students: Vec<UserId>,
    teacher: UserId,
}

/// Sets the maths quarter marks of 5А by hand: 5 5 4 4 4 3 3 3 2 н/а осв and the rest none,
/// so the quality row reads N = 10, успеваемость 80,0, качество 50,0.
fn setup(app: &TestApp) -> Fx {
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let (student, teacher) = (user(tx, "student"), user(tx, "teacher"));
            let class = parta::people::service::class_of(tx, student, today())?.unwrap();
            let c = CLASSES.get(tx, &class)?.unwrap();
            let (period, p) =
                periods_of(tx, c.year, scheme_of(tx, c.year, c.grade)?)?.into_iter().next().unwrap();
            let (math, t) =
                teaching_of_class(tx, class)?.into_iter().find(|(_, t)| t.teacher == teacher).unwrap();
            let students = students_taught(tx, &t, p.end)?;
            let marks = [5, 5, 4, 4, 4, 3, 3, 3, 2];
            for (i, s) in students.iter().enumerate() {
                let value = match i {
                    0..9 => Some(MarkValue::Num(marks[i])),
                    9 => Some(MarkValue::NotCertified),
                    10 => Some(MarkValue::Exempt),
                    _ => None,
                };
                let new = value.map(|value| FinalMark { value, teaching: math, by: teacher, at: 1 });
                records::put_final(
                    tx,
                    *s,
                    t.subject,
                    FinalKind::Period(period),
                    math,
                    new.as_ref(),
                    teacher,
                    1,
                    today(),
                )?;
            }
            Ok::<_, AppError>(Fx { class, period, math, subject: t.subject, students, teacher })
        })
        .unwrap()
}

/// The maths row of a quality report page: its cells' text.
fn maths_row(body: &str) -> String {
    let row = body.split("Математика").nth(1).expect("a maths row");
    row[..row.find("</tr>").unwrap()].to_string()
}

/// The principal sets a due of the class quality report for the first quarter, grade 5 only,
/// with `deadline`; gives its id.
async fn set_due(d: &mut Client, fx: &Fx, deadline: chrono::NaiveDate) -> ReportDueId {
    assert_eq!(d.get("/reports/submissions").await.status, StatusCode::OK);
    let deadline = deadline.to_string();
    let period = fx.period.to_string();
    let r = d
        .post(
            "/reports/submissions",
            &[
                ("kind", "quality"),
                ("who", "chiefs"),
                ("period", &period),
                ("grade_from", "5"),
                ("grade_to", "5"),
                ("deadline", &deadline),
                ("note", "После выставления четвертных отметок"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().rsplit('/').next().unwrap().parse().unwrap()
}

fn submission(app: &TestApp, due: ReportDueId) -> Option<(SubmissionId, Submission)> {
    app.store()
        .read_blocking(|tx| {
            let mut out = None;
            REPORT_SUBMISSIONS.scan_prefix(tx, &due, Order::Asc, |(_, id), s| {
                out = Some((id, s));
                false
            })?;
            Ok::<_, AppError>(out)
        })
        .unwrap()
}

/// The item of `/reports/mine` whose hand-in form is for `due`.
fn item(body: &str, due: ReportDueId) -> String {
    let form = body.find(&format!("action=\"/reports/mine/{due}\"")).expect("the due's form");
    let start = body[..form].rfind("<li class=\"card").unwrap();
    body[start..form].to_string()
}

fn notice_keys(app: &TestApp, login: &str) -> Vec<(String, Vec<(String, String)>)> {
    app.store()
        .read_blocking(|tx| {
            let me = user(tx, login);
            let mut out = Vec::new();
            NOTICES.scan_prefix(tx, &me, Order::Asc, |_, n| {
                out.push((n.key, n.args));
                true
            })?;
            Ok::<_, AppError>(out)
        })
        .unwrap()
}

#[tokio::test]
async fn the_chief_hands_in_and_the_snapshot_stays_as_it_was() {
    let app = TestApp::demo();
    let fx = setup(&app);
    let mut d = app.signed_in("director").await;
    // Due yesterday: 5А hands in late, 5Б and 5В are late with nothing.
    let due = set_due(&mut d, &fx, today() - chrono::Duration::days(1)).await;

    // The chief sees it on her list, with the report's filters, and opens the report.
    let mut c = app.signed_in("chief").await;
    let mine = c.get("/reports/mine").await;
    assert_eq!(mine.status, StatusCode::OK);
    let it = item(&mine.body, due);
    assert!(it.contains("Качество знаний и успеваемость по классу · 5А · 1 четверть"), "{it}");
    assert!(it.contains("просрочен"), "{it}");
    let link = "/reports/quality?year=";
    let href = it.split(link).nth(1).map(|s| format!("{link}{}", &s[..s.find('"').unwrap()])).unwrap();
    assert!(
        href.contains(&format!("class={}", fx.class)) && href.contains(&format!("period={}", fx.period)),
        "{href}"
    );
    let page = c.get(&href.replace("&amp;", "&")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("action=\"/reports/mine/{due}\""));
    assert!(maths_row(&page.body).contains(">80,0<"));

    // She hands it in.
    let slot = format!("c{}", fx.class);
    let r = c.post(&format!("/reports/mine/{due}"), &[("slot", &slot)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/reports/mine");
    let (sub, s) = submission(&app, due).expect("handed in");
    assert_eq!(s.state, State::Submitted);
    let first = s.snapshot;
    assert!(notice_keys(&app, "director").iter().any(|(k, _)| k == "notice-report-submitted"));

    // The principal sees 5А handed in (late) and the others late with nothing.
    let p = d.get(&format!("/reports/submissions/{due}")).await;
    assert_eq!(p.status, StatusCode::OK);
    let row = |name: &str| {
        let row = p.body.split(&format!(">{name}</th>")).nth(1).unwrap_or_else(|| panic!("a row {name}"));
        row[..row.find("</tr>").unwrap()].to_string()
    };
    assert!(row("5А").contains("сдан с опозданием"), "{}", row("5А"));
    assert!(row("5Б").contains("просрочен") && row("5В").contains("просрочен"));
    let list = d.get("/reports/submissions").await;
    list.assert_contains("сдано 1 из 3");
    list.assert_contains("просрочено: 2");

    // A maths mark changes afterwards: the snapshot keeps the old figures, the report shows
    // the new (the 2 becomes a 5: успеваемость 90,0, качество 60,0).
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let new = FinalMark { value: MarkValue::Num(5), teaching: fx.math, by: fx.teacher, at: 2 };
            records::put_final(
                tx,
                fx.students[8],
                fx.subject,
                FinalKind::Period(fx.period),
                fx.math,
                Some(&new),
                fx.teacher,
                2,
                today(),
            )?;
            Ok::<_, AppError>(())
        })
        .unwrap();
    let snap = d.get(&format!("/reports/snapshots/{first}")).await;
    assert_eq!(snap.status, StatusCode::OK);
    snap.assert_contains("Снимок от ");
    snap.assert_contains("Волкова Ирина Сергеевна");
    assert!(maths_row(&snap.body).contains(">80,0<") && maths_row(&snap.body).contains(">50,0<"));
    let live = c.get(&href.replace("&amp;", "&")).await;
    assert!(maths_row(&live.body).contains(">90,0<") && maths_row(&live.body).contains(">60,0<"));

    // Returning without a comment is refused with the message, and nothing changes.
    let back = format!("/reports/submissions/{due}/{sub}/return");
    let r = d.post(&back, &[("comment", "  ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Напишите, что нужно исправить");
    assert_eq!(submission(&app, due).unwrap().1, s);

    // Returned with a comment: the chief is told and hands in again; both snapshots open.
    let r = d.post(&back, &[("comment", "Сверьте отметки по математике")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(submission(&app, due).unwrap().1.state, State::Returned);
    let told = notice_keys(&app, "chief");
    assert!(told.iter().any(|(k, args)| k == "notice-report-returned"
        && args.iter().any(|(_, v)| v.contains("Сверьте отметки по математике"))));
    let notices = c.get("/notices").await;
    notices.assert_contains("Сверьте отметки по математике");
    let mine = c.get("/reports/mine").await;
    let it = item(&mine.body, due);
    assert!(it.contains("возвращён на доработку") && it.contains("Сверьте отметки по математике"), "{it}");
    assert!(mine.body[mine.body.find(&format!("/reports/mine/{due}")).unwrap()..].contains("Сдать заново"));
    let r = c.post(&format!("/reports/mine/{due}"), &[("slot", &slot)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (_, s) = submission(&app, due).unwrap();
    assert_eq!(s.state, State::Submitted);
    let snaps = s.snapshots();
    assert_eq!(snaps.len(), 2);
    assert_eq!(snaps[0].0, first);
    let old = c.get(&format!("/reports/snapshots/{first}")).await;
    assert_eq!(old.status, StatusCode::OK);
    old.assert_contains("прежний снимок");
    assert!(maths_row(&old.body).contains(">80,0<"));
    let new = c.get(&format!("/reports/snapshots/{}", snaps[1].0)).await;
    assert!(maths_row(&new.body).contains(">90,0<"));

    // Accepted: the chief is told, and it cannot be handed in again.
    let r = d.post(&format!("/reports/submissions/{due}/{sub}/accept"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(submission(&app, due).unwrap().1.state, State::Accepted);
    assert!(notice_keys(&app, "chief").iter().any(|(k, _)| k == "notice-report-accepted"));
    c.get("/reports/mine").await;
    let r = c.post(&format!("/reports/mine/{due}"), &[("slot", &slot)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Отчёт уже принят");
    assert_eq!(submission(&app, due).unwrap().1.snapshots().len(), 2);

    // The snapshot as XLSX: the old figures, as numbers.
    use calamine::{Data, Reader, Xlsx};
    let x = c.get(&format!("/reports/snapshots/{first}.xlsx")).await;
    assert_eq!(x.status, StatusCode::OK);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(x.bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let row = range
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Математика"))
        .expect("a maths row");
    assert_eq!(row[2], Data::Float(10.0));
    assert_eq!(row[11], Data::Float(80.0));
    let csv = c.get(&format!("/reports/snapshots/{first}.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
}

#[tokio::test]
async fn only_the_chief_hands_in_and_only_the_administration_decides() {
    let app = TestApp::demo();
    let fx = setup(&app);
    let mut d = app.signed_in("director").await;
    let due = set_due(&mut d, &fx, today() + chrono::Duration::days(3)).await;
    let slot = format!("c{}", fx.class);

    // A subject teacher of 5А may not hand in for it; nothing is stored.
    let mut t = app.signed_in("teacher").await;
    let mine = t.get("/reports/mine").await;
    assert_eq!(mine.status, StatusCode::OK);
    mine.assert_lacks(&format!("/reports/mine/{due}\""));
    assert_eq!(
        t.post(&format!("/reports/mine/{due}"), &[("slot", &slot)]).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(submission(&app, due).is_none());
    // Nor set dues, nor see or decide them.
    assert_eq!(t.get("/reports/submissions").await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get(&format!("/reports/submissions/{due}")).await.status, StatusCode::FORBIDDEN);
    let before = app.store().read_blocking(|tx| REPORT_DUES.count(tx)).unwrap();
    let period = fx.period.to_string();
    let r = t
        .post(
            "/reports/submissions",
            &[("kind", "quality"), ("who", "chiefs"), ("period", &period), ("deadline", "2026-12-01")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store().read_blocking(|tx| REPORT_DUES.count(tx)).unwrap(), before);

    // The chief hands in; the teacher cannot open her snapshot, nor decide on it.
    let mut c = app.signed_in("chief").await;
    c.get("/reports/mine").await;
    assert_eq!(
        c.post(&format!("/reports/mine/{due}"), &[("slot", &slot)]).await.status,
        StatusCode::SEE_OTHER
    );
    let (sub, s) = submission(&app, due).unwrap();
    // On time: the deadline is ahead.
    let p = d.get(&format!("/reports/submissions/{due}")).await;
    p.assert_contains(">сдан<");
    p.assert_contains("ещё не сдан");
    let snap = s.snapshot;
    for path in [format!("/reports/snapshots/{snap}"), format!("/reports/snapshots/{snap}.xlsx")] {
        assert_eq!(t.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        t.post(&format!("/reports/submissions/{due}/{sub}/accept"), &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(submission(&app, due).unwrap().1.state, State::Submitted);

    // Students, parents and the psychologist reach none of it.
    for login in ["student", "parent", "psychologist", "socped"] {
        let mut x = app.signed_in(login).await;
        x.get("/").await;
        for path in [
            "/reports/submissions".to_string(),
            format!("/reports/submissions/{due}"),
            format!("/reports/submissions/{due}/edit"),
            "/reports/mine".to_string(),
            format!("/reports/snapshots/{snap}"),
            format!("/reports/snapshots/{snap}.xlsx"),
            format!("/reports/snapshots/{snap}.csv"),
        ] {
            assert_eq!(x.get(&path).await.status, StatusCode::FORBIDDEN, "{login} GET {path}");
        }
        for path in [
            format!("/reports/mine/{due}"),
            format!("/reports/submissions/{due}/{sub}/accept"),
            format!("/reports/submissions/{due}/{sub}/return"),
            format!("/reports/submissions/{due}/delete"),
            "/reports/submissions".to_string(),
        ] {
            let r = x.post(&path, &[("slot", &slot), ("comment", "x")]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} POST {path}");
        }
        let r = x.get("/reports").await;
        r.assert_lacks("Сдача отчётов");
    }
    assert_eq!(submission(&app, due).unwrap().1, s);
    assert!(app.store().read_blocking(|tx| REPORT_DUES.get(tx, &due)).unwrap().is_some());
}

#[tokio::test]
async fn dues_refuse_bad_input_and_are_not_deleted_once_handed_in() {
    let app = TestApp::demo();
    let fx = setup(&app);
    let mut d = app.signed_in("director").await;
    d.get("/reports/submissions").await;
    let count = || app.store().read_blocking(|tx| REPORT_DUES.count(tx)).unwrap();
    let before = count();
    let period = fx.period.to_string();
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("kind", "quality"),
                ("who", "chiefs"),
                ("period", &period),
                ("grade_from", "2"),
                ("grade_to", "9"),
                ("deadline", ""),
            ],
            "Укажите срок сдачи",
        ),
        (
            &[
                ("kind", "quality"),
                ("who", "chiefs"),
                ("period", &period),
                ("grade_from", "9"),
                ("grade_to", "5"),
                ("deadline", "2026-12-01"),
            ],
            "Укажите параллели",
        ),
        (
            &[
                ("kind", "quality-teacher"),
                ("who", "chiefs"),
                ("period", &period),
                ("grade_from", "2"),
                ("grade_to", "9"),
                ("deadline", "2026-12-01"),
            ],
            "Выберите отчёт",
        ),
        (
            &[
                ("kind", "quality"),
                ("who", "chiefs"),
                ("period", "999999"),
                ("grade_from", "2"),
                ("grade_to", "9"),
                ("deadline", "2026-12-01"),
            ],
            "Выберите период",
        ),
    ];
    for (fields, message) in cases {
        let r = d.post("/reports/submissions", fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        r.assert_contains(message);
        assert_eq!(count(), before);
    }
    let due = set_due(&mut d, &fx, today() + chrono::Duration::days(3)).await;
    // The same report of the same people for the same period twice.
    let deadline = (today() + chrono::Duration::days(3)).to_string();
    let twin = [
        ("kind", "quality"),
        ("who", "chiefs"),
        ("period", period.as_str()),
        ("grade_from", "5"),
        ("grade_to", "5"),
        ("deadline", deadline.as_str()),
    ];
    let r = d.post("/reports/submissions", &twin).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("уже запрошен");

    // Once handed in, the report and period stay; the deadline may move.
    let mut c = app.signed_in("chief").await;
    c.get("/reports/mine").await;
    let slot = format!("c{}", fx.class);
    assert_eq!(
        c.post(&format!("/reports/mine/{due}"), &[("slot", &slot)]).await.status,
        StatusCode::SEE_OTHER
    );
    d.get(&format!("/reports/submissions/{due}/edit")).await;
    let later = (today() + chrono::Duration::days(10)).to_string();
    let mut changed = twin;
    changed[5] = ("deadline", later.as_str());
    changed[3] = ("grade_from", "4");
    let r = d.post(&format!("/reports/submissions/{due}"), &changed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("изменить можно только срок");
    changed[3] = ("grade_from", "5");
    let r = d.post(&format!("/reports/submissions/{due}"), &changed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = app.store().read_blocking(|tx| REPORT_DUES.get(tx, &due)).unwrap().unwrap();
    assert_eq!(stored.deadline.to_string(), later);

    // Not deleted now; a due with nothing handed in is.
    let r = d.post(&format!("/reports/submissions/{due}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("уже сданы отчёты");
    assert!(app.store().read_blocking(|tx| REPORT_DUES.get(tx, &due)).unwrap().is_some());
    let other = twin.map(|(k, v)| if k == "grade_from" || k == "grade_to" { (k, "6") } else { (k, v) });
    d.get("/reports/submissions").await;
    let r = d.post("/reports/submissions", &other).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let empty: ReportDueId = r.location().rsplit('/').next().unwrap().parse().unwrap();
    d.get(&format!("/reports/submissions/{empty}")).await;
    assert_eq!(
        d.post(&format!("/reports/submissions/{empty}/delete"), &[]).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(app.store().read_blocking(|tx| REPORT_DUES.get(tx, &empty)).unwrap().is_none());
}

#[tokio::test]
async fn a_teacher_hands_in_their_own_report_and_nobody_else_does() {
    let app = TestApp::demo();
    let fx = setup(&app);
    let mut d = app.signed_in("director").await;
    d.get("/reports/submissions").await;
    let period = fx.period.to_string();
    let deadline = (today() + chrono::Duration::days(5)).to_string();
    let r = d
        .post(
            "/reports/submissions",
            &[
                ("kind", "quality-teacher"),
                ("who", "teachers"),
                ("period", &period),
                ("grade_from", "1"),
                ("grade_to", "11"),
                ("deadline", &deadline),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let due: ReportDueId = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let slot = format!("t{}", fx.teacher);
    // The chief (a teacher too) may not hand in the maths teacher's report.
    let mut c = app.signed_in("chief").await;
    c.get("/reports/mine").await;
    assert_eq!(
        c.post(&format!("/reports/mine/{due}"), &[("slot", &slot)]).await.status,
        StatusCode::FORBIDDEN
    );
    let mut t = app.signed_in("teacher").await;
    let mine = t.get("/reports/mine").await;
    mine.assert_contains("Качество знаний и успеваемость по учителю");
    mine.assert_contains(&format!("teacher={}", fx.teacher));
    assert_eq!(
        t.post(&format!("/reports/mine/{due}"), &[("slot", &slot)]).await.status,
        StatusCode::SEE_OTHER
    );
    let (_, s) = submission(&app, due).unwrap();
    let snap = app.store().read_blocking(|tx| REPORT_SNAPSHOTS.get(tx, &s.snapshot)).unwrap().unwrap();
    assert!(snap.report.subtitle.iter().any(|l| l.contains("Смирнова")), "{:?}", snap.report.subtitle);
    assert_eq!(t.get(&format!("/reports/snapshots/{}", s.snapshot)).await.status, StatusCode::OK);
    assert_eq!(c.get(&format!("/reports/snapshots/{}", s.snapshot)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(d.get(&format!("/reports/snapshots/{}", s.snapshot)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_demo_has_reports_handed_in_late_returned_and_accepted() {
    let app = TestApp::demo();
    let (dues, subs) = app
        .store()
        .read_blocking(|tx| {
            let mut subs = Vec::new();
            REPORT_SUBMISSIONS.scan_range(tx, None, None, Order::Asc, |_, s| {
                subs.push(s);
                true
            })?;
            Ok::<_, AppError>((REPORT_DUES.all(tx)?, subs))
        })
        .unwrap();
    assert!(!dues.is_empty());
    let ended = dues.iter().find(|(_, d)| d.deadline < today());
    if let Some((id, _)) = ended {
        assert!(subs.iter().any(|s| s.state == State::Accepted));
        assert!(subs.iter().any(|s| s.state == State::Returned));
        assert!(subs.iter().any(|s| s.snapshots().len() == 2), "one handed in twice");
        let mut d = app.signed_in("director").await;
        let p = d.get(&format!("/reports/submissions/{id}")).await;
        assert_eq!(p.status, StatusCode::OK);
        assert_eq!(p.body.matches("badge rs-late").count(), 2, "two classes handed nothing in");
        // The demo chief's 5А was returned: her catalogue says so.
        let mut c = app.signed_in("chief").await;
        let r = c.get("/reports").await;
        r.assert_contains("Сдача отчётов");
        r.assert_contains("возвращён на доработку");
        let r = d.get("/reports").await;
        r.assert_contains("просрочено: 2");
    }
}

/// The dues of a past year (copied from a demo due into a closed year 2025/2026).
fn past_year_due(app: &TestApp) -> (YearId, ReportDueId) {
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let past = YearId::next(tx)?;
            let year = Year {
                name: "2025/2026".into(),
                start: day(2025, 9, 1),
                end: day(2026, 5, 31),
                closed: true,
            };
            YEARS.insert(tx, &past, &year)?;
            let mut first = None;
            REPORT_DUES.scan_range(tx, None, None, Order::Asc, |_, due| {
                first = Some(due);
                false
            })?;
            let mut due = first.expect("the demo has dues");
            due.year = past;
            let id = ReportDueId::next(tx)?;
            REPORT_DUES.insert(tx, &id, &due)?;
            Ok::<_, AppError>((past, id))
        })
        .unwrap()
}

#[tokio::test]
async fn the_lists_of_dues_show_one_year_at_a_time_under_tabs() {
    let app = TestApp::demo();
    let (past, old) = past_year_due(&app);
    let old_link = format!("href=\"/reports/submissions/{old}\"");
    let tab = |path: &str| format!("<a href=\"{path}\" aria-current=\"page\">");

    let mut d = app.signed_in("director").await;
    let now = d.get("/reports/submissions").await;
    assert_eq!(now.status, StatusCode::OK);
    assert!(now.body.contains("class=\"subnav no-print\""), "the tabs");
    assert!(now.body.contains(&tab("/reports/submissions")), "this tab is current");
    assert!(!now.body.contains("href=\"/reports/mine\""), "the principal hands nothing in");
    assert!(now.body.contains("name=\"year\""), "a choice of year, since there are two");
    assert!(!now.body.contains(&old_link), "the current year's dues only");
    assert!(now.body.contains("href=\"/reports/submissions/"), "the current year has dues");
    let then = d.get(&format!("/reports/submissions?year={past}")).await;
    assert_eq!(then.status, StatusCode::OK);
    assert!(then.body.contains(&old_link), "the past year's due");
    assert_eq!(then.body.matches("href=\"/reports/submissions/").count(), 1, "and no other");
    for bad in ["999999", "abc"] {
        let r = d.get(&format!("/reports/submissions?year={bad}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "year={bad}");
    }
    let catalogue = d.get("/reports").await;
    assert!(catalogue.body.contains(&tab("/reports")), "the catalogue is a tab too");

    let mut c = app.signed_in("chief").await;
    let mine = c.get("/reports/mine").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains(&tab("/reports/mine")));
    assert!(!mine.body.contains("href=\"/reports/submissions\""), "a chief does not set dues");
    assert!(mine.body.contains("/reports/mine/"), "this year's hand-in forms");
    let then = c.get(&format!("/reports/mine?year={past}")).await;
    assert_eq!(then.status, StatusCode::OK);
    assert!(!then.body.contains("/reports/mine/"), "nothing of this year in the past one");
    assert!(then.body.contains("От вас сейчас не ждут отчётов."));
    assert_eq!(c.get("/reports/mine?year=999999").await.status, StatusCode::NOT_FOUND);

    let mut s = app.signed_in("student").await;
    let catalogue = s.get("/reports").await;
    assert_eq!(catalogue.status, StatusCode::OK);
    assert!(!catalogue.body.contains("class=\"subnav"), "no tabs for one page");
    assert_eq!(s.get("/reports/mine?year=999999").await.status, StatusCode::FORBIDDEN, "refused first");
    assert_eq!(
        s.get("/reports/mine?year=abc").await.status,
        StatusCode::FORBIDDEN,
        "before the year is read"
    );
    assert_eq!(c.get("/reports/submissions?year=abc").await.status, StatusCode::FORBIDDEN, "no dues to set");
}
