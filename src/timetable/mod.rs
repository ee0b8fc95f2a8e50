//! The timetable: bells per shift, weekly versions per class valid from a date, one-off changes
//! (cancellations, substitutions, moved and added lessons), and the lessons they derive.
//!
//! - `model.rs`: the data; `calendar.rs`: dated lessons derived for a class and a range of days;

pub mod calendar;
pub mod model;
pub mod routes;
