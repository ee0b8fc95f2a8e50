//! In-app notices: the one service every channel starts from (mail and SMS relay them later).
//! `service::send` writes a notice for each recipient inside the transaction of the change it
//! tells about; the text is a catalog key with arguments, rendered in the reader's language.

pub mod model;
pub mod routes;
pub mod service;
pub mod views;
