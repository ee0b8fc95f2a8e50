//! Reports: the figures of the conventions file over the journal's data (`formulas.rs`), each
//! report a service of its own with its page.

pub mod formulas;
pub mod quality;
pub mod routes;
pub mod table;
pub mod views;
