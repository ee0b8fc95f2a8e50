//! The school card: names, address, director, contacts, time zone, logo and the rounding of
//! averages. It sits low in the house because the header of every page and the school's
//! "today" read it; its page is the administration's (`admin/routes_school.rs`).

pub mod model;
pub mod rules;

pub use model::{card, save_card};
