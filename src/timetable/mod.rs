//! The timetable: bells per shift, weekly versions per class valid from a date, one-off changes
//! (cancellations, substitutions, moved and added lessons), and the lessons they derive.
//!
//! - `model.rs`: the data; `calendar.rs`: dated lessons derived for a class and a range of days;
//! - `bells.rs`: the bells of each shift; `service.rs`: the rules of weekly versions and the
//!   form errors every edit shares, with `week_form.rs` (the week as typed, the rule of a cell)
//!   and `clash.rs` (a teacher in two places at once); `changes.rs`: one-off changes
//!   (the form in `change_form.rs`);
//! - `queries.rs`: what the index, bells, editor and changes pages read; `week.rs`: the week
//!   grids of a class, a teacher, a room and a student;
//! - `routes.rs`: thin handlers; `views*.rs`: the pages (maud).

pub mod bells;
pub mod calendar;
pub mod change_form;
pub mod changes;
pub mod clash;
pub mod model;
pub mod queries;
pub mod routes;
pub mod service;
pub mod views;
pub mod views_changes;
pub mod views_edit;
pub mod views_week;
pub mod week;
pub mod week_form;
