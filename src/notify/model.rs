//! In-app notices: what a user is told (an event changed, …). The one place every channel
//! starts from: mail and SMS will relay notices when those capabilities land.

use serde::{Deserialize, Serialize};

use crate::store::ids::{NoticeId, UserId};
use crate::store::table::{AnyTable, Tbl};

/// A notice to one user. The text is a catalog key with arguments, rendered in the reader's
/// language when shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub at: i64,
    /// The catalog key of the message, e.g. `notice-event-changed`.
    pub key: String,
    /// Named string arguments of the message.
    #[serde(default)]
    pub args: Vec<(String, String)>,
    /// Where the notice leads (a path inside Parta).
    #[serde(default)]
    pub link: String,
    /// Who caused it.
    #[serde(default)]
    pub by: Option<UserId>,
    #[serde(default)]
    pub read: bool,
}

/// Arguments of a notice are strings; a tag in front says how the reader's language renders
/// them: `date:2026-11-28` (or `date:2026-11-28 14:00`) as «28 ноября 2026, 14:00»,
/// `key:catalog-key` as that message, `keys:a,b` as those messages joined, `text:…` (or no
/// tag) as written. The helpers below write the tags.
pub mod arg {
    use chrono::{NaiveDate, NaiveTime};

    /// Text as written (a title, a class name).
    pub fn text(s: &str) -> String {
        format!("text:{s}")
    }

    /// A day, with a time when there is one.
    pub fn date(d: NaiveDate, time: Option<NaiveTime>) -> String {
        match time {
            Some(t) => format!("date:{d} {}", t.format("%H:%M")),
            None => format!("date:{d}"),
        }
    }

    /// A catalog message.
    pub fn key(k: &str) -> String {
        format!("key:{k}")
    }

    /// Several catalog messages, joined.
    pub fn keys(ks: &[&str]) -> String {
        format!("keys:{}", ks.join(","))
    }
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `(UserId, NoticeId) -> Notice`: in-app notices, newest last.
pub const NOTICES: Tbl<(UserId, NoticeId), Notice> = Tbl::new("notices-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&NOTICES];
