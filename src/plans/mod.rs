//! Lesson plans (КТП): topics in sections with hours, lesson types, homework and materials;
//! bound to teaching assignments and laid onto their real lessons (`distribute.rs`), which
//! fills the journal's topics and homework and tells how far each class has got.

pub mod bind;
pub mod copy;
pub mod distribute;
pub mod export;
pub mod forms;
pub mod import;
pub mod materials;
pub mod model;
pub mod queries;
pub mod routes;
pub mod routes_io;
pub mod service;
pub mod views;
pub mod views_io;
pub mod views_plan;
