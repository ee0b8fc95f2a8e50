//! The integration tests, one binary for them all: each file beside this one is a module, so
//! the crate and its dependencies are linked once and the demo school is seeded once per run
//! (`tests/common`). Run one part with `cargo test --test suite <module>::`, e.g.
//! `cargo test --test suite permissions::`.

mod common;

mod admin;
mod auth;
mod browser;
mod calendar;
mod cli;
mod crash;
mod dates;
mod demo;
mod demo_family;
mod diary;
mod events;
mod exchange;
mod fuzz_corpus;
mod hostile;
mod journal;
mod people;
mod permissions;
mod plans;
mod plans_io;
mod reports;
mod reports_staff;
mod reports_students;
mod reports_submit;
mod security;
mod store;
mod structure;
mod timetable;
mod web;
