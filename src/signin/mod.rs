//! Signing in and out, the own password change and the first-start setup: the pages
//! (`routes.rs`, `views.rs`) and their rules (`service.rs`). The sign-in page of a demo school
//! lists the demo accounts, so this sits above the demo.

pub mod routes;
pub mod service;
pub mod views;
