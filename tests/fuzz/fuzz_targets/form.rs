//! Fuzz target `form`: see `tests/fuzz/entries.rs` and docs/security.md.
#![no_main]

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    entries::form(data);
});
