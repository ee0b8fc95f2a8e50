//! The school structure: years, periods, holidays, classes, groups, subjects, assignment
//! types, teaching assignments.

pub mod model;
pub mod routes;
pub mod service;
