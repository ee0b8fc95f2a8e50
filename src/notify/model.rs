//! In-app notices: what a user is told (an event changed, …). The one place every channel
//! starts from: mail and SMS will relay notices when those capabilities land.

use serde::{Deserialize, Serialize};

use crate::store::ids::UserId;

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
