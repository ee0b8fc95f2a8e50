//! Building the demo school: `cargo bench --bench demo` (release) or
//! `cargo test --bench demo` (the same run in a debug build).
//!
//! Each run seeds the demo school into a new, empty data file — everything `parta serve --demo`
//! does beyond opening the store: one Argon2 hash, then the school, its ~600 students, their
//! parents, the staff and the teaching, the timetable and the journal from the year's first day
//! to today, in one durable transaction. `BENCH_RUNS` sets the number
//! of runs (default 5). Results go to stdout as Markdown; `docs/benchmarks.md` keeps them.

use std::time::{Duration, Instant};

use parta::auth::model::USERS;
use parta::error::AppError;
use parta::journal::model::{ATTENDANCE, FINAL_MARKS, JOURNAL_LOG, LESSONS, MARKS};
use parta::people::model::{GUARDIANS, STUDENTS};
use parta::store::Store;
use parta::structure::model::{CLASSES, GROUPS, TEACHING};
use parta::timetable::model::TIMETABLE_CHANGES;

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5).max(1);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    // The demo as the tests see it, on 25 November 2026; `BENCH_DAY=2027-05-20` seeds as if on
    // that day (a longer year of journal).
    let day: chrono::NaiveDate =
        std::env::var("BENCH_DAY").as_deref().unwrap_or("2026-11-25").parse().expect("a date");
    let mut times = Vec::with_capacity(runs);
    let mut counts = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store =
            Store::open(&dir.path().join("parta.redb"), &parta::wiring::SCHEMA).expect("a new data file");
        let started = Instant::now();
        let seeded = parta::demo::seed_if_empty_on(&store, day);
        assert!(seeded.expect("the demo school"));
        times.push(started.elapsed());
        counts = store
            .read_blocking(|tx| {
                Ok::<_, AppError>(vec![
                    ("accounts", USERS.count(tx)?),
                    ("students", STUDENTS.count(tx)?),
                    ("classes", CLASSES.count(tx)?),
                    ("groups", GROUPS.count(tx)?),
                    ("teaching assignments", TEACHING.count(tx)?),
                    ("parent links", GUARDIANS.count(tx)?),
                    ("lessons", LESSONS.count(tx)?),
                    ("marks", MARKS.count(tx)?),
                    ("attendance entries", ATTENDANCE.count(tx)?),
                    ("final marks", FINAL_MARKS.count(tx)?),
                    ("change-log entries", JOURNAL_LOG.count(tx)?),
                    ("timetable changes", TIMETABLE_CHANGES.count(tx)?),
                ])
            })
            .expect("counts");
        size = std::fs::metadata(dir.path().join("parta.redb")).map(|m| m.len()).unwrap_or(0);
    }
    times.sort();
    println!("| build | runs | min ms | median ms | max ms |");
    println!("|---|---|---|---|---|");
    println!(
        "| {profile} | {runs} | {} | {} | {} |",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    println!();
    let what: Vec<String> = counts.iter().map(|(name, n)| format!("{n} {name}")).collect();
    println!("The demo school: {}.", what.join(", "));
    println!("Data file: {:.1} MiB.", size as f64 / 1048576.0);
}
