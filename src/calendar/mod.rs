//! Private calendar feeds (iCalendar): a user's timetable, homework due dates and class
//! events, at a revocable secret address a phone calendar subscribes to.

pub mod model;
pub mod routes;
