//! The administration area: accounts (list, search, create, edit, disable, reset password),
//! the sign-in log and the audit log. The school card lives in `school/`.

pub mod routes;
pub mod service;
pub mod views;
