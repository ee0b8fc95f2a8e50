//! Parta: a school information system in one binary with one data file.
//!
//! A tour of the crate:
//! - [`config`]: the settings of a run, merged from defaults, `parta.toml`, env and flags.
//! - [`store`]: the redb data file: every table (`store/tables.rs`), encodings, migrations,
//!   online backup, files in chunks.
//! - [`auth`]: accounts, sign-in, sessions, CSRF, and `permit`, the one permission check.
//! - [`web`]: the layout, forms, i18n, static assets and the shared layers.
//! - Features, each with `routes()` (thin handlers), `service.rs` (rules and permission
//!   checks, one transaction per request) and `views.rs` (maud): [`home`], [`admin`],
//!   [`school`], [`structure`] (years, periods, classes, subjects, teaching), [`people`]
//!   (students, parents, movement, access letters), [`exchange`] (import and export of lists),
//!   [`timetable`] (bells, weekly versions, changes, derived lessons), [`journal`] (lessons,
//!   marks, attendance, final marks, change log), [`diary`] (students' and parents' week, the
//!   class chief's overview and attendance), [`plans`] (КТП bound to the timetable), [`events`]
//!   (class events), [`notify`] (in-app notices), [`calendar`] (iCalendar feeds), [`reports`] (the conventions' report figures).
//! - [`server`]: listeners, TLS, the control socket; [`ops`]: what the CLI commands do;
//!   [`demo`]: the demo school.
//!
//! [`app`] builds the whole router, so tests drive it without a socket.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod clock;
pub mod config;
pub mod demo;
pub mod diary;
pub mod error;
pub mod events;
pub mod exchange;
pub mod home;
pub mod journal;
pub mod notify;
pub mod ops;
pub mod people;
pub mod plans;
pub mod reports;
pub mod school;
pub mod server;
pub mod signin;
pub mod state;
pub mod store;
pub mod structure;
pub mod timetable;
pub mod web;
pub mod wiring;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// Every route of Parta, with the shared layers. Each feature lists its own routes; this is
/// the one place they are merged.
pub fn app(state: AppState) -> Router {
    let body_limit = state.config.max_body_kb as usize * 1024;
    Router::new()
        .merge(web::routes())
        .merge(signin::routes::routes())
        .merge(home::routes())
        .merge(admin::routes::routes())
        .merge(structure::routes::routes())
        .merge(people::routes::routes())
        .merge(exchange::routes::routes())
        .merge(timetable::routes::routes())
        .merge(journal::routes::routes())
        .merge(diary::routes::routes())
        .merge(plans::routes::routes())
        .merge(events::routes::routes())
        .merge(notify::routes::routes())
        .merge(calendar::routes::routes())
        .merge(reports::routes::routes())
        .merge(reports::submit::routes::routes())
        .fallback(web::not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(from_fn_with_state(state.clone(), web::session::session_layer))
        .layer(from_fn_with_state(state.clone(), web::middleware::error_pages))
        .layer(from_fn(web::middleware::security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
