//! Reports: the report catalogue of the conventions file over the journal's data.
//!
//! - `catalog.rs`: every report's slug, filters, audience and builder, in one table;
//! - `filters.rs`: the query string → what the actor may choose → the scope of a report;
//! - `model.rs`: a built report as data (tables, charts, facts), which the screen, the print,
//!   the XLSX/CSV files and frozen snapshots all show;
//! - `formulas.rs`: N, % успеваемости, % качества, СОУ, the average;
//! - one file per report (or family of reports) with its `build`.

pub mod catalog;
pub mod chart;
pub mod filters;
pub mod formulas;
pub mod model;
pub mod quality;
pub mod routes;
pub mod table;
pub mod views;
