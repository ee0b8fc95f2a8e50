//! The diary of students and parents, and the class chief's views of a class: progress in
//! every subject, the day's attendance with reasons.
//!
//! - `rules.rs`: weeks, periods, risk, the reason form (pure); `queries.rs`: shared look-ups;
//! - `week.rs` (with `summary.rs`), `marks.rs`, `progress.rs`, `attendance.rs`: one read model
//!   (or write) per page, each in one transaction with `permit` inside;
//! - `views*.rs`: the maud pages; `routes.rs`: thin handlers.

pub mod attendance;
pub mod marks;
pub mod progress;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod summary;
pub mod views;
pub mod views_attendance;
pub mod views_marks;
pub mod views_progress;
pub mod views_week;
pub mod week;
