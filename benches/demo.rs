//! Building the demo school: `cargo bench --bench demo` (release) or
//! `cargo test --bench demo` (the same run in a debug build).
//!
//! Each run seeds the demo school into a new, empty data file — everything `parta serve --demo`
//! does beyond opening the store: one Argon2 hash, then the school, its ~600 students, their
//! parents, the staff and the teaching in one durable transaction. `BENCH_RUNS` sets the number
//! of runs (default 5). Results go to stdout as Markdown; `docs/benchmarks.md` keeps them.

use std::time::{Duration, Instant};

use parta::error::AppError;
use parta::store::Store;
use parta::store::tables::{CLASSES, GROUPS, GUARDIANS, STUDENTS, TEACHING, USERS};

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5).max(1);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    let mut times = Vec::with_capacity(runs);
    let mut counts = Vec::new();
    for _ in 0..runs {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Store::open(&dir.path().join("parta.redb")).expect("a new data file");
        let started = Instant::now();
        assert!(parta::demo::seed_if_empty(&store).expect("the demo school"));
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
                ])
            })
            .expect("counts");
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
}
