//! Lesson plans (КТП): topics in sections with hours, lesson types, homework and materials;
//! bound to teaching assignments and laid onto their real lessons (`distribute.rs`), which
//! fills the journal's topics and homework and tells how far each class has got.

pub mod bind;
pub mod distribute;
pub mod model;
pub mod routes;
