//! Accounts, sign-in, sessions, CSRF and the one permission check.
//!
//! - `model.rs`: users, roles, credentials, the sign-in log.
//! - `accounts.rs`: account changes inside a transaction, with validation.
//! - `password.rs`: Argon2id hashing and generated passwords.
//! - `session.rs`: server-side sessions; `middleware.rs` resolves them and checks CSRF.
//! - `permission.rs`: `permit`, the one answer to «may this user do this».
//! - `service.rs`: sign-in, sign-out, password change; `setup.rs`: the first-start link.
//! - `routes.rs` + `views.rs`: the pages.

pub mod accounts;
pub mod middleware;
pub mod model;
pub mod password;
pub mod permission;
pub mod ratelimit;
pub mod routes;
pub mod service;
pub mod session;
pub mod setup;
pub mod views;
