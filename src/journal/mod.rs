//! The class journal: lessons with topics, homework and assignments; marks, attendance, final
//! marks and the change log.
//!
//! - `model.rs`: the data; `rules.rs`: averages, suggestions, «what is needed for a 5»;
//! - `records.rs`: storage primitives that keep the journal's and the diary's copies together;

pub mod model;
pub mod records;
pub mod routes;
pub mod rules;
