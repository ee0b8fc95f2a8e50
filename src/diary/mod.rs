//! The diary of students and parents, and the class chief's views of a class: progress in
//! every subject, the day's attendance with reasons.

pub mod routes;
