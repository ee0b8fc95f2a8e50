//! Reports: the report catalogue of the conventions file over the journal's data.
//!
//! - `catalog.rs`: every report's slug, filters, audience and builder, in one table;
//! - `filters.rs`: the query string → what the actor may choose → the scope of a report;
//! - `model.rs`: a built report as data (tables, charts, facts), which the screen, the print,
//!   the XLSX/CSV files and frozen snapshots all show;
//! - `formulas.rs`: N, % успеваемости, % качества, СОУ, the average;
//! - one file per report (or family of reports) with its `build`.

pub mod access;
pub mod attendance;
pub mod averages;
pub mod catalog;
pub mod chart;
pub mod chief;
pub mod filling;
pub mod filters;
pub mod finals;
pub mod formulas;
pub mod letters;
pub mod logins;
pub mod model;
pub mod pupils;
pub mod quality;
pub mod quality_school;
pub mod roster;
pub mod routes;
pub mod standing;
pub mod student;
pub mod submit;
pub mod summary;
pub mod table;
pub mod views;
