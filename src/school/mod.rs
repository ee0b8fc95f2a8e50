//! The school: its card (names, address, director, contacts, time zone, logo). The school
//! structure (years, classes, subjects) grows here.

pub mod model;
pub mod routes;
pub mod service;
pub mod views;
