//! Class events (мероприятия): the class chief's calendar of class hours, excursions, parent
//! meetings and the like, seen by the participants in their diaries, answered by parents.

pub mod model;
pub mod queries;
pub mod routes;
