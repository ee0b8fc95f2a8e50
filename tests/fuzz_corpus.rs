//! Replays the fuzz corpus (`tests/fuzz/corpus/<target>/*`: seeds, and every input a fuzzing
//! run found crashing) through the same entry points as the fuzz targets, on stable Rust, so
//! that a fixed crash stays fixed without nightly. See docs/security.md.

#[path = "fuzz/entries.rs"]
mod entries;

use std::path::{Path, PathBuf};

use parta::exchange::table;
use parta::exchange::{ListKind, columns};
use parta::plans::import;
use parta::reports::filters::Asked;
use parta::web::form::Pairs;

const TARGETS: [&str; 4] = ["people_import", "plan_import", "form", "journal_cell"];

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect()
}

fn replay(target: &str, run: impl Fn(&[u8])) -> Vec<(PathBuf, Vec<u8>)> {
    let files = corpus(target);
    for (path, bytes) in &files {
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(bytes)));
        assert!(done.is_ok(), "{target} panicked on {}", path.display());
    }
    files
}

#[test]
fn every_corpus_directory_is_a_known_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus");
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(TARGETS.contains(&name.as_str()), "corpus for an unknown target: {name}");
    }
}

#[test]
fn the_people_import_corpus_reads_and_plans_without_panicking() {
    let store = entries::demo_store();
    let files = replay("people_import", |b| entries::people_import(store, b));
    // The seeds reach the planning step: CSV and XLSX files of both lists are recognised.
    let laid_out = |kind, ext: &str| {
        files
            .iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == ext))
            .any(|(_, b)| table::read(b).is_ok_and(|t| columns::layout(kind, &t.header).is_ok()))
    };
    for kind in [ListKind::Students, ListKind::Staff] {
        assert!(laid_out(kind, "csv") && laid_out(kind, "xlsx"), "no readable {kind:?} seed");
    }
}

#[test]
fn the_plan_import_corpus_parses_without_panicking() {
    let files = replay("plan_import", entries::plan_import);
    let topics: usize = files
        .iter()
        .filter_map(|(_, b)| import::read_table(b).ok())
        .filter_map(|t| import::parse(&t, None).ok())
        .map(|p| p.topics())
        .sum();
    assert!(topics > 0, "no seed reads as a plan with topics");
}

#[test]
fn the_form_corpus_decodes_without_panicking() {
    let files = replay("form", entries::form);
    let asked: Vec<Asked> = files
        .iter()
        .filter_map(|(_, b)| serde_urlencoded::from_bytes::<Pairs>(b).ok())
        .filter_map(|p| Asked::parse(&p).ok())
        .collect();
    assert!(asked.iter().any(|a| a.year.is_some() && a.from.is_some()), "no seed reads as filters");
}

#[test]
fn the_journal_cell_corpus_parses_without_panicking() {
    let files = replay("journal_cell", entries::journal_cell);
    let ok = files
        .iter()
        .filter(|(_, b)| parta::journal::cell::parse(std::str::from_utf8(b).unwrap_or(""), true).is_ok());
    assert!(ok.count() > 0, "no seed is a valid cell");
}
