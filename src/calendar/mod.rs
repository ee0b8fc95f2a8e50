//! Private calendar feeds (iCalendar): a user's timetable, homework due dates and class
//! events, at a revocable secret address a phone calendar subscribes to.
//!
//! - `model.rs`: the stored feed; `service.rs`: making, revoking and resolving addresses;
//! - `feed.rs`: what a feed holds (lessons and homework from `lessons.rs`, class events) and
//!   its text, written by the small iCalendar writer in `ics.rs`;
//! - `routes.rs`: the settings page and the feed; `views.rs`: the page (maud).

pub mod feed;
pub mod ics;
pub mod lessons;
pub mod model;
pub mod routes;
pub mod service;
pub mod views;
