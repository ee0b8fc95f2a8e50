//! The school structure: years, periods, holidays, classes, groups, subjects, assignment
//! types, teaching assignments.
//!
//! - `model.rs`: the data; `service.rs` and `rules.rs`: the rules, as functions inside a write
//!   transaction (the importer and the demo call them too);
//! - `forms.rs`: forms as typed, and their parsing; `access*.rs`: what the pages call, each
//!   asking `permit` inside its one transaction and auditing changes;
//! - `routes.rs`: every path, with the handlers of the overview and years (`routes_*.rs` hold
//!   the others); `views*.rs`: the pages (maud).

pub mod access;
pub mod access_classes;
pub mod access_subjects;
pub mod access_teaching;
pub mod forms;
pub mod model;
pub mod routes;
pub mod routes_classes;
pub mod routes_subjects;
pub mod routes_teaching;
pub mod rules;
pub mod service;
pub mod views;
pub mod views_classes;
pub mod views_subjects;
pub mod views_teaching;
pub mod views_years;
