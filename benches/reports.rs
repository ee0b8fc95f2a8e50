//! Reports: `cargo bench --bench reports` (release) or `cargo test --bench reports` (debug).
//!
//! 1. Every report of the catalogue over the demo school, as the principal sees it with its
//!    default filters (the last period ended, the first class, student, subject, teacher).
//! 2. The whole-school «Качество знаний и успеваемость» for a period over the demo school and
//!    over a synthetic school ten times larger: every class of the year copied nine times with
//!    its teaching, groups, students (new accounts), their movements and final marks.
//!
//! Each figure is the median and the slowest of `BENCH_RUNS` builds (default 20) of the whole
//! report in one read transaction, as the page does. Results go to stdout as Markdown;
//! `docs/benchmarks.md` keeps them.

use std::time::{Duration, Instant};

use parta::auth::model::Role;
use parta::auth::model::USERS;
use parta::auth::permission::Actor;
use parta::error::AppError;
use parta::journal::model::FINAL_MARKS;
use parta::people::model::{CLASS_STUDENTS, MOVEMENTS};
use parta::reports::catalog::{self, Kind, SPECS};
use parta::reports::filters::Asked;
use parta::store::ids::{ClassId, GroupId, TeachingId, UserId};
use parta::store::{Order, Store};
use parta::structure::model::{
    CLASS_NAMES, CLASSES, GROUPS, TEACHING, TEACHING_BY_CLASS, TEACHING_BY_TEACHER,
};
use parta::structure::service::{classes_of, current_year_id, teaching_of_class};
use parta::web::i18n::Lang;
use redb::Durability;

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Median and maximum of `runs` builds of `kind`.
fn time(store: &Store, actor: &Actor, kind: Kind, runs: usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut rows = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let (report, _, _) = store
            .read_blocking(|tx| catalog::build(tx, actor, Lang::Ru, "Школа", kind, &Asked::default()))
            .expect("the report builds");
        times.push(started.elapsed());
        rows = report.tables().map(|t| t.rows.len()).sum();
    }
    times.sort();
    (times[times.len() / 2], *times.last().unwrap(), rows)
}

/// Copies every class of the current year `copies` times, with everything the quality report
/// reads. Returns the number of classes and students afterwards.
fn multiply(store: &Store, copies: u32, today: chrono::NaiveDate) -> (usize, usize) {
    store
        .write_blocking(Durability::Immediate, |tx| {
            let year = current_year_id(tx)?.unwrap();
            let classes = classes_of(tx, year)?;
            for (id, class) in &classes {
                let students = parta::people::service::students_of(tx, *id, today)?;
                for k in 1..=copies {
                    let mut copy = class.clone();
                    copy.letter = format!("{}{k}", class.letter);
                    let new_class = ClassId::next(tx)?;
                    CLASSES.insert(tx, &new_class, &copy)?;
                    CLASS_NAMES.insert(tx, &(year, copy.name()), &new_class)?;
                    let mut map: Vec<(UserId, UserId)> = Vec::new();
                    for s in &students {
                        let new_s = UserId::next(tx)?;
                        let mut u = USERS.get(tx, s)?.unwrap();
                        u.login = format!("{}-{k}", u.login);
                        USERS.insert(tx, &new_s, &u)?;
                        CLASS_STUDENTS.insert(tx, &(new_class, new_s), &())?;
                        let mut moves = Vec::new();
                        MOVEMENTS.scan_prefix(tx, s, Order::Asc, |(_, m), mv| {
                            moves.push((m, mv));
                            true
                        })?;
                        for (m, mut mv) in moves {
                            if mv.class == Some(*id) {
                                mv.class = Some(new_class);
                            }
                            MOVEMENTS.insert(tx, &(new_s, m), &mv)?;
                        }
                        let mut finals = Vec::new();
                        FINAL_MARKS.scan_prefix(tx, s, Order::Asc, |key, f| {
                            finals.push((key, f));
                            true
                        })?;
                        for ((_, subject, kind, period), f) in finals {
                            FINAL_MARKS.insert(tx, &(new_s, subject, kind, period), &f)?;
                        }
                        map.push((*s, new_s));
                    }
                    for (_, t) in teaching_of_class(tx, *id)? {
                        let mut t = t.clone();
                        t.class = new_class;
                        if let Some(g) = t.group {
                            let mut group = GROUPS.get(tx, &g)?.unwrap();
                            group.class = new_class;
                            group.students = group
                                .students
                                .iter()
                                .filter_map(|s| map.iter().find(|(o, _)| o == s).map(|(_, n)| *n))
                                .collect();
                            let new_g = GroupId::next(tx)?;
                            GROUPS.insert(tx, &new_g, &group)?;
                            t.group = Some(new_g);
                        }
                        let new_t = TeachingId::next(tx)?;
                        TEACHING.insert(tx, &new_t, &t)?;
                        TEACHING_BY_CLASS.insert(tx, &(new_class, new_t), &())?;
                        TEACHING_BY_TEACHER.insert(tx, &(t.teacher, new_t), &())?;
                    }
                }
            }
            let after = classes_of(tx, year)?;
            let mut students = 0;
            for (id, _) in &after {
                students += parta::people::service::students_of(tx, *id, today)?.len();
            }
            Ok::<_, AppError>((after.len(), students))
        })
        .expect("the synthetic school")
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(20).max(1);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&dir.path().join("parta.redb"), &parta::wiring::SCHEMA).expect("a new data file");
    // The demo as the tests see it, on 25 November 2026.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    assert!(parta::demo::seed_if_empty_on(&store, today).expect("the demo school"));
    let principal = store
        .read_blocking(|tx| {
            Ok::<_, AppError>(parta::auth::accounts::find_by_login(tx, "director")?.unwrap().0)
        })
        .unwrap();
    let now = today.and_hms_opt(7, 30, 0).unwrap().and_utc().timestamp();
    let actor = Actor { id: principal, roles: vec![Role::Principal], today, now };

    println!("## Reports ({profile}, {runs} builds each, the principal, default filters)\n");
    println!("| report | rows | median ms | max ms |\n|---|---|---|---|");
    for spec in SPECS {
        let (median, max, rows) = time(&store, &actor, spec.kind, runs);
        println!("| {} | {rows} | {} | {} |", spec.slug, ms(median), ms(max));
    }
    let (median, max, rows) = time(&store, &actor, Kind::QualitySchool, runs);
    println!(
        "\nWhole-school quality and progress, demo school: median {} ms, max {} ms ({rows} rows)",
        ms(median),
        ms(max)
    );
    let started = Instant::now();
    let (classes, students) = multiply(&store, 9, today);
    println!(
        "Synthetic school: {classes} classes, {students} students (made in {} ms)",
        ms(started.elapsed())
    );
    let (median, max, rows) = time(&store, &actor, Kind::QualitySchool, runs);
    println!(
        "Whole-school quality and progress, ten times larger: median {} ms, max {} ms ({rows} rows)",
        ms(median),
        ms(max)
    );
}
