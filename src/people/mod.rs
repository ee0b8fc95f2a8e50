//! Students, parents and staff: basic files, movement, guardians.

pub mod model;
pub mod routes;
pub mod service;
