//! The administration area: accounts (list, search, create, edit, disable, reset password),
//! the sign-in log, the audit log and the school card page (the card itself is `school/`).

pub mod routes;
mod routes_school;
pub mod service;
pub mod service_school;
pub mod views;
mod views_school;
