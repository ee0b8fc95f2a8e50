//! The class journal: lessons with topics, homework and assignments; marks, attendance, final
//! marks and the change log.
//!
//! - `model.rs`: the data; `rules.rs`: averages, suggestions, «what is needed for a 5»;
//! - `records.rs`: storage primitives that keep the journal's and the diary's copies together;
//! - `cell.rs`: what a grid cell holds and how typed text becomes it (pure rules);
//! - `service.rs`: the write rules of a cell and of a lesson (permit first, in the transaction);
//! - `head.rs`: a journal's head, periods and names; `queries.rs`: the grid's read model; `list.rs`: the list of journals and the change log;
//! - `lessons.rs`: the lesson panel (topic, homework, files); `assignments.rs`: its columns
//!   of marks and the comments on them;
//! - `finals.rs`: final marks; `periods.rs`: closing and reopening periods;
//! - `routes.rs`, `routes_lesson.rs`: thin handlers; `views*.rs`: maud.

pub mod assignments;
pub mod cell;
pub mod finals;
pub mod head;
pub mod lessons;
pub mod list;
pub mod model;
pub mod periods;
pub mod queries;
pub mod records;
pub mod routes;
pub mod routes_lesson;
pub mod rules;
pub mod service;
pub mod views;
pub mod views_finals;
pub mod views_grid;
pub mod views_lesson;
pub mod views_log;
