//! The permission matrix, generated from `docs/permissions.md`: the grants in code match the
//! action table, every route in the source has a row in a route table (and every report its
//! page and files), and every row answers every demo account, the accounts with several roles
//! of `permissions/multi.rs` and signed out as its rule says, in every scope: own class and
//! another, own child and another, own plan and another teacher's, a substitute's lesson and
//! the journal's other lessons. `docs/security.md` explains the walk.

use crate::common;
#[path = "permissions/doc.rs"]
mod doc;
#[path = "permissions/extras.rs"]
mod extras;
#[path = "permissions/multi.rs"]
mod multi;
#[path = "permissions/source.rs"]
mod source;
#[path = "permissions/walk.rs"]
mod walk;
#[path = "permissions/world.rs"]
mod world;

use std::collections::BTreeMap;
use std::sync::Arc;

use parta::auth::model::Role;
use parta::auth::permission::{Action, Actor, Target, allows, grant};
use parta::error::AppError;
use parta::store::ids::UserId;

#[test]
fn the_action_table_matches_the_code() {
    let rows = doc::table(&doc::text(), "## Actions");
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
    let store = parta::store::Store::open(&dir.path().join("p.redb"), &parta::wiring::SCHEMA).unwrap();
    store
        .read_blocking(|tx| {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
            let me = Actor { id: UserId(7), roles: vec![Role::Student], today, now: crate::common::unix() };
            assert!(allows(tx, &me, Action::PasswordChange, Target::User(UserId(7)))?);
            assert!(!allows(tx, &me, Action::PasswordChange, Target::User(UserId(8)))?);
            assert!(!allows(tx, &me, Action::PasswordChange, Target::School)?);
            // Several roles: the widest grant wins.
            let both = Actor {
                id: UserId(9),
                roles: vec![Role::Teacher, Role::Admin],
                today,
                now: crate::common::unix(),
            };
            assert!(allows(tx, &both, Action::UsersManage, Target::User(UserId(1)))?);
            Ok::<_, AppError>(())
        })
        .unwrap();
}

/// A lesson given as a substitute opens that journal and that lesson, never the subject's plan:
/// binding, unbinding or making a plan for the teaching assignment stays its own teacher's.
#[test]
fn a_substitute_reaches_the_journal_but_not_the_plan() {
    let app = common::TestApp::demo();
    let today = crate::common::today();
    app.store()
        .read_blocking(|tx| {
            let teacher = parta::auth::accounts::find_by_login(tx, "teacher")?.unwrap().0;
            let me = Actor { id: teacher, roles: vec![Role::Teacher], today, now: crate::common::unix() };
            let mut given = None;
            parta::timetable::model::SUBSTITUTIONS.scan_prefix(
                tx,
                &teacher,
                parta::store::Order::Asc,
                |(_, day, class, change), ()| {
                    given = Some((class, day, change));
                    false
                },
            )?;
            let key = given.expect("the demo teacher substitutes");
            let change = parta::timetable::model::TIMETABLE_CHANGES.get(tx, &key)?.unwrap();
            let (t, day) = (change.teaching, key.1);
            assert!(allows(tx, &me, Action::JournalView, Target::Teaching(t))?);
            assert!(allows(tx, &me, Action::JournalEdit, Target::Lesson(t, day, change.number))?);
            assert!(!allows(tx, &me, Action::FinalsEdit, Target::Finals(t))?);
            assert!(!allows(tx, &me, Action::PlansEdit, Target::Teaching(t))?);
            assert!(!allows(tx, &me, Action::ReportsView, Target::Teaching(t))?);
            Ok::<_, AppError>(())
        })
        .unwrap();
}

/// A route added without a row fails here, and so does a row that names no route.
#[test]
fn every_route_in_the_source_has_a_row() {
    let routes = source::routes();
    assert!(routes.len() > 150, "the source reader found only {} routes", routes.len());
    let rows = doc::routes(&doc::text());
    let mut covered = Vec::new();
    let mut stale = Vec::new();
    for row in &rows {
        match source::dispatch(&routes, &row.method, row.path()) {
            Some(r) => covered.push(r.clone()),
            None => stale.push(row.describe()),
        }
    }
    let missing: Vec<String> = routes
        .iter()
        .filter(|r| !covered.contains(r))
        .map(|r| format!("{} {} ({})", r.method, r.path, r.file))
        .collect();
    assert!(missing.is_empty(), "routes without a row in docs/permissions.md:\n{}", missing.join("\n"));
    assert!(stale.is_empty(), "rows of docs/permissions.md that reach no route:\n{}", stale.join("\n"));
}

/// `/reports/{file}` is one route serving every report of the catalogue: each has rows for its
/// page, its XLSX and its CSV.
#[test]
fn every_report_has_its_page_and_files_in_the_table() {
    let rows = doc::routes(&doc::text());
    let mut missing = Vec::new();
    for spec in parta::reports::catalog::SPECS {
        for ext in ["", ".xlsx", ".csv"] {
            let path = format!("/reports/{}{ext}", spec.slug);
            if !rows.iter().any(|r| r.method == "GET" && r.path() == path) {
                missing.push(path);
            }
        }
    }
    assert!(missing.is_empty(), "reports without a row:\n{}", missing.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_every_account_as_its_rule_says() {
    let rows = Arc::new(doc::routes(&doc::text()));
    let world = Arc::new(extras::build().await);
    let mut tasks = Vec::new();
    let demo = world::ACCOUNTS.iter().map(|(login, _)| *login);
    let accounts = demo.chain(multi::MULTI.iter().map(|(login, _)| *login)).map(Some).chain([None]);
    for account in accounts {
        let (rows, world) = (rows.clone(), world.clone());
        tasks.push(tokio::spawn(async move { (account, walk::walk(&world, &rows, account).await) }));
    }
    let (mut total, mut failures) = (BTreeMap::<String, usize>::new(), Vec::new());
    for task in tasks {
        let (account, walked) = task.await.unwrap();
        let checks: usize = walked.by_scope.values().sum();
        eprintln!("{}: {checks} checks {:?}", account.unwrap_or("signed out"), walked.by_scope);
        assert!(walked.by_scope["own"] == rows.len(), "every row is checked in the own scope");
        for (scope, n) in walked.by_scope {
            *total.entry(scope).or_default() += n;
        }
        failures.extend(walked.failures);
    }
    eprintln!("{} rows, {} checks: {total:?}", rows.len(), total.values().sum::<usize>());
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}
