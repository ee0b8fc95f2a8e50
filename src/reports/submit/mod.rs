//! Handing reports in to the administration (сдача отчётов).
//!
//! The administration says which report is due from whom for a period and by when (a
//! [`model::ReportDue`]): from every class chief (one per class) or every teacher. The one who
//! hands it in opens the report with the due's filters, checks it and hands it in: the report
//! is built by the catalogue's own builder and stored whole as a frozen snapshot, so later
//! changes of marks never change what was handed in. The administration sees who has handed
//! in, who is late, opens the snapshots, accepts or returns with a comment; the submitter is
//! told and hands in again, the earlier snapshots staying readable.
//!
//! - `model.rs`: dues, submissions, snapshots, and the status of an expected submission;
//! - `dues.rs`: the form of a due and its checks, creating, changing, deleting;
//! - `service.rs`: who is expected, who may hand in, the report's filters, handing in,
//!   accepting and returning (with the notices);
//! - `queries.rs`: what each page shows; `views.rs` (the administration's pages) and
//!   `views_mine.rs` (a teacher's list, the form under a report, the catalogue box, a
//!   snapshot); `routes.rs`.

pub mod dues;
pub mod model;
pub mod queries;
pub mod routes;
pub mod service;
pub mod views;
pub mod views_mine;
