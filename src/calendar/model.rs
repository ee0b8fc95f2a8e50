//! A user's private calendar feed (iCalendar): the address carries a random token; only its
//! hash is stored, so the address is shown once, when it is made, and revoking it (or making a
//! new one) ends the old address at once.

use crate::store::ids::UserId;
use crate::store::table::{AnyTable, Tbl};
use serde::{Deserialize, Serialize};

/// The feed of one user (`FEED_OF_USER`); `FEEDS` maps the token's hash back to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    pub created_at: i64,
    /// When a calendar last fetched it (updated at most hourly).
    #[serde(default)]
    pub last_used: Option<i64>,
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `token hash (hex) -> UserId`: private calendar feed addresses.
pub const FEEDS: Tbl<String, UserId> = Tbl::new("feeds-1");
/// `UserId -> Feed`: a user's calendar feed.
pub const FEED_OF_USER: Tbl<UserId, Feed> = Tbl::new("feed-of-user-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&FEEDS, &FEED_OF_USER];
