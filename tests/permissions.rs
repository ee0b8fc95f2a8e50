//! Walks `docs/permissions.md`: the grants in code match the action table, every action has a
//! row, and every listed route answers each role as the table says — reads and writes alike.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use parta::auth::model::Role;
use parta::auth::permission::{Action, Actor, Scope, Target, allows, grant};
use parta::error::AppError;
use parta::store::ids::UserId;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/permissions.md")).unwrap()
}

/// Rows of the markdown table that follows `heading`, as cells.
fn table(doc: &str, heading: &str) -> Vec<Vec<String>> {
    let start = doc.find(heading).unwrap_or_else(|| panic!("no section {heading}"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(|c| c.trim().trim_matches('`').to_string()).collect())
        .collect()
}

fn demo_login(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Principal => "director",
        Role::Teacher => "teacher",
        Role::Psychologist => "psychologist",
        Role::SocialPedagogue => "socped",
        Role::Student => "student",
        Role::Parent => "parent",
    }
}

#[test]
fn the_action_table_matches_the_code() {
    let rows = table(&doc(), "## Actions");
    let header = &rows[0];
    let roles: Vec<Role> =
        header[1..8].iter().map(|k| Role::from_key(k).unwrap_or_else(|| panic!("role {k}"))).collect();
    assert_eq!(roles.len(), Role::ALL.len());
    let mut seen = Vec::new();
    for row in &rows[2..] {
        let action = Action::from_key(&row[0]).unwrap_or_else(|| panic!("unknown action {}", row[0]));
        seen.push(action);
        for (i, role) in roles.iter().enumerate() {
            let expected: Vec<&str> = match row[i + 1].as_str() {
                "–" | "-" => Vec::new(),
                cell => cell.split(',').map(str::trim).collect(),
            };
            let actual: Vec<&str> = grant(*role, action).iter().map(|s| s.key()).collect();
            assert_eq!(actual, expected, "{} for {}", row[0], role.key());
        }
    }
    for action in Action::ALL {
        assert!(seen.contains(&action), "{} has no row in docs/permissions.md", action.key());
    }
}

#[test]
fn own_scope_reaches_only_the_own_account() {
    let dir = tempfile::tempdir().unwrap();
    let store = parta::store::Store::open(&dir.path().join("p.redb")).unwrap();
    store
        .read_blocking(|tx| {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
            let me = Actor { id: UserId(7), roles: vec![Role::Student], today };
            assert!(allows(tx, &me, Action::PasswordChange, Target::User(UserId(7)))?);
            assert!(!allows(tx, &me, Action::PasswordChange, Target::User(UserId(8)))?);
            assert!(!allows(tx, &me, Action::PasswordChange, Target::School)?);
            // Several roles: the widest grant wins.
            let both = Actor { id: UserId(9), roles: vec![Role::Teacher, Role::Admin], today };
            assert!(allows(tx, &both, Action::UsersManage, Target::User(UserId(1)))?);
            Ok::<_, AppError>(())
        })
        .unwrap();
}

/// The journal the route tables name: `{teaching}` is the demo teacher's mathematics in the demo
/// student's class, `{lesson}` its latest lesson up to today in the current period, `{plan}` the
/// lesson plan it follows, `{period}` that period.
struct DemoJournal {
    teaching: parta::store::ids::TeachingId,
    lesson: (chrono::NaiveDate, u8),
    period: parta::store::ids::PeriodId,
    /// The plan it follows (the demo teacher's grade-5 mathematics): `{plan}`.
    plan: parta::store::ids::PlanId,
}

fn demo_journal(app: &TestApp, class: parta::store::ids::ClassId, today: chrono::NaiveDate) -> DemoJournal {
    app.store()
        .read_blocking(|tx| {
            let teacher = parta::auth::accounts::find_by_login(tx, "teacher")?.unwrap().0;
            let (teaching, _) = parta::structure::service::teaching_of_class(tx, class)?
                .into_iter()
                .find(|(_, t)| t.teacher == teacher)
                .expect("the demo teacher teaches the demo student's class");
            let cal = parta::timetable::calendar::ClassCalendar::load(
                tx,
                class,
                today - chrono::Duration::days(120),
                today,
            )?
            .unwrap();
            let (period, p) = cal
                .periods
                .iter()
                .rev()
                .find(|(_, p)| p.start <= today)
                .map(|(id, p)| (*id, p.clone()))
                .expect("a period has started");
            let (day, planned) = cal
                .lessons_of(teaching, p.start, today)
                .pop()
                .expect("the demo timetable gives the teacher lessons in this period");
            let plan = parta::store::tables::PLAN_BINDINGS
                .get(tx, &teaching)?
                .expect("the demo class follows a plan");
            Ok::<_, AppError>(DemoJournal { teaching, lesson: (day, planned.number), period, plan })
        })
        .unwrap()
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_table_says() {
    let d = doc();
    // Every section whose heading starts with «## Routes» lists routes.
    let mut routes: Vec<Vec<String>> = Vec::new();
    for (i, _) in d.match_indices("\n## Routes") {
        let section = &d[i + 1..];
        let heading = section.lines().next().unwrap();
        routes.extend(table(&d[i..], heading).into_iter().skip(2));
    }
    assert!(!routes.is_empty());
    let mut checked = 0;
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Moscow).date_naive();
    for role in Role::ALL {
        // A fresh school per role: allowed writes change data.
        let app = TestApp::demo();
        let (me, other, student, class) = app
            .store()
            .read_blocking(|tx| {
                let id = |login: &str| parta::auth::accounts::find_by_login(tx, login).map(|u| u.unwrap().0);
                let who = if role == Role::Parent { "student" } else { "parent" };
                let student = id("student")?;
                let class = parta::people::service::class_of(tx, student, today)?
                    .expect("the demo student has a class");
                Ok::<_, AppError>((id(demo_login(role))?, id(who)?, student, class))
            })
            .unwrap();
        let journal = demo_journal(&app, class, today);
        let actor = Actor { id: me, roles: vec![role], today };
        let mut c = app.signed_in(demo_login(role)).await;
        c.get("/").await;
        for row in &routes {
            let (method, path) = row[0].split_once(' ').unwrap();
            let action = Action::from_key(&row[1]).unwrap_or_else(|| panic!("unknown action {}", row[1]));
            let target = if path.contains("{plan}") {
                Target::Plan(journal.plan)
            } else if path.contains("{other}") {
                Target::User(other)
            } else if path.contains("{lesson}") {
                Target::Lesson(journal.teaching, journal.lesson.0, journal.lesson.1)
            } else if path.contains("{teaching}") && action == Action::FinalsEdit {
                Target::Finals(journal.teaching)
            } else if path.contains("{teaching}") {
                Target::Teaching(journal.teaching)
            } else if path.contains("{class}") {
                Target::Class(class)
            } else if path.contains("{student}") {
                Target::Student(student)
            } else if grant(role, action) == [Scope::Own] {
                // Routes of an `own` action act on the caller's own account by construction.
                Target::User(me)
            } else {
                Target::School
            };
            let path = path
                .replace("{other}", &other.to_string())
                .replace("{class}", &class.to_string())
                .replace("{student}", &student.to_string())
                .replace("{teaching}", &journal.teaching.to_string())
                .replace("{lesson}", &format!("{}.{}", journal.lesson.0, journal.lesson.1))
                .replace("{period}", &journal.period.to_string())
                .replace("{plan}", &journal.plan.to_string());
            let expected = app.store().read_blocking(|tx| allows(tx, &actor, action, target)).unwrap();
            let r = match method {
                "GET" => c.get(&path).await,
                "POST" => c.post(&path, &[]).await,
                other => panic!("method {other}"),
            };
            if expected {
                assert_ne!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{} {method} {path} should be allowed",
                    role.key()
                );
                assert!(
                    r.status != StatusCode::SEE_OTHER || !r.location().starts_with("/login"),
                    "{} {method} {path}",
                    role.key()
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{} {method} {path} should be denied",
                    role.key()
                );
            }
            checked += 1;
            // A reset or a disable of the other account must not end this session; re-fetch a token.
            c.get("/").await;
        }
    }
    assert_eq!(checked, Role::ALL.len() * routes.len());
}
