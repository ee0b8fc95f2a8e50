//! Class events (мероприятия): the class chief's calendar of class hours, excursions, parent
//! meetings and the like, seen by the participants in their diaries, answered by parents.
//!
//! - `model.rs`: the event, its participants, a parent's answer;
//! - `rules.rs`: the form and its checks; `who.rs`: overlaps, who takes part and is told,
//!   until when a parent answers (both without the store);
//! - `queries.rs`: who sees which events (shared with the diary and the calendar feed);
//! - `service.rs`: the writes, each one transaction with `permit`, notices and audit;
//! - `pages.rs`: the read models of the pages; `diary.rs`: the week's events in the diary;
//! - `routes.rs` and `views*.rs`: the pages (`views_diary.rs`: the events in a day card).

pub mod diary;
pub mod model;
pub mod pages;
pub mod pages_event;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod service;
pub mod views;
pub mod views_diary;
pub mod views_event;
pub mod views_form;
pub mod who;
