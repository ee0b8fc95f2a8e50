//! What each fuzz target does with its bytes, shared by the targets (`fuzz_targets/*.rs`) and
//! by `tests/fuzz_corpus.rs`, which replays the kept corpus on stable Rust. Every function must
//! return, whatever the result, for any input: a panic is a finding.

use std::sync::OnceLock;

use chrono::NaiveDate;
use parta::exchange::table::{self, Table};
use parta::exchange::{ListKind, columns, plan};
use parta::journal::cell;
use parta::journal::model::{Code, MarkValue};
use parta::plans::import;
use parta::reports::filters::Asked;
use parta::store::Store;
use parta::web::form::Pairs;

/// The day the demo school is seeded for and imports are checked on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 15).unwrap()
}

/// The demo school in a temporary data file, built once per process: people imports are
/// checked against it (duplicates, logins, classes).
pub fn demo_store() -> &'static Store {
    static STORE: OnceLock<(tempfile::TempDir, Store)> = OnceLock::new();
    let (_, store) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("parta.redb"), &parta::wiring::SCHEMA).unwrap();
        parta::demo::seed_if_empty_on(&store, today()).unwrap();
        (dir, store)
    });
    store
}

/// People import: bytes → table (CSV or XLSX) → columns of each list → the preview plan
/// against the school, as the upload and the preview do.
pub fn people_import(store: &Store, data: &[u8]) {
    let Ok(table) = table::read(data) else { return };
    for kind in [ListKind::Students, ListKind::Staff] {
        check_people(store, &table, kind);
    }
}

fn check_people(store: &Store, table: &Table, kind: ListKind) {
    let Ok(layout) = columns::layout(kind, &table.header) else { return };
    let planned = store.read_blocking(|tx| plan::plan(tx, table, &layout, kind, today()));
    if let Ok(p) = planned {
        let _ = p.has_problems();
    }
}

/// Lesson-plan import: bytes → table → the parsed plan (with and without a study year).
pub fn plan_import(data: &[u8]) {
    let Ok(table) = import::read_table(data) else { return };
    let year = (NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 5, 31).unwrap());
    for y in [Some(year), None] {
        if let Ok(parsed) = import::parse(&table, y) {
            let _ = (parsed.topics(), parsed.hours(), parsed.bad_rows(), parsed.blocked());
        }
    }
}

/// A urlencoded body or query → `Pairs` (as the handlers' `Form`/`Query` decode it) → the
/// report filters and the other readers of pairs.
pub fn form(data: &[u8]) {
    let Ok(pairs) = serde_urlencoded::from_bytes::<Pairs>(data) else { return };
    let _ = Asked::parse(&pairs);
    let _ = import::Mode::from_form(pairs.get("mode"));
    for (_, v) in &pairs.0 {
        journal_text(v);
    }
}

/// What a teacher types into a journal cell; the bytes are split at the first newline into
/// the typed text and the text the page showed (the optimistic-lock comparison).
pub fn journal_cell(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (typed, seen) = text.split_once('\n').unwrap_or((&text, ""));
    journal_text(typed);
    let _ = cell::same_cell(typed, seen);
}

fn journal_text(s: &str) {
    let _ = MarkValue::parse_lesson(s);
    let _ = MarkValue::parse_final(s);
    let _ = Code::parse(s);
    let _ = cell::parse(s, true);
    let _ = cell::parse(s, false);
    let _ = cell::parse_final(s);
}
