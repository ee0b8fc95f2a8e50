//! Accounts, sessions and the one permission check: what everything above builds on. The
//! pages of signing in live in `signin/`; the session layer that resolves a request's cookie
//! in `web/session.rs`.
//!
//! - `model.rs`: users, roles, credentials, the sign-in log.
//! - `accounts.rs`: account changes inside a transaction, with validation.
//! - `password.rs`: Argon2id hashing and generated passwords.
//! - `session.rs`: server-side sessions.
//! - `permission.rs`: `permit`, the one answer to «may this user do this».
//! - `signins.rs`: the sign-in log and each account's first and last sign-in.
//! - `ratelimit.rs`: limits on failed sign-ins; `setup.rs`: the first-start link.

pub mod accounts;
pub mod model;
pub mod password;
pub mod permission;
pub mod ratelimit;
pub mod session;
pub mod setup;
pub mod signins;
