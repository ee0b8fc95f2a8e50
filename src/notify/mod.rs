//! In-app notices: the one service every channel starts from (mail and SMS relay them later).

pub mod model;
pub mod routes;
