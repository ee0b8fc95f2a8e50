//! Students, parents and staff: basic files, movement, guardians.

pub mod letters;
pub mod manage;
pub mod model;
pub mod queries;
pub mod routes;
pub mod service;
pub mod views;
