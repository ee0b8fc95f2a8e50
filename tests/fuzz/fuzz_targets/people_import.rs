//! Fuzz target `people_import`: see `tests/fuzz/entries.rs` and docs/security.md.
#![no_main]

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(
    // Seeding the demo school takes seconds: once, before the first input is timed.
    init: {
        entries::demo_store();
    },
    |data: &[u8]| {
        entries::people_import(entries::demo_store(), data);
    }
);
