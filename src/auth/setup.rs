//! First start: while no administrator exists, the server prints a one-time link (valid 30
//! minutes) where the first administrator account is created in the browser.

use std::sync::RwLock;
use std::time::{Duration, Instant};

use subtle::ConstantTimeEq;

/// How long a setup link stays valid.
pub const VALIDITY: Duration = Duration::from_secs(30 * 60);

#[derive(Clone, Debug)]
struct SetupToken {
    token: String,
    expires: Instant,
}

/// The live setup link, if one was issued.
#[derive(Debug, Default)]
pub struct SetupLink(RwLock<Option<SetupToken>>);

impl SetupLink {
    /// Issues a new link (replacing any earlier one); returns its path.
    pub fn issue(&self) -> String {
        let token = super::session::random_token();
        let url = format!("/setup/{token}");
        *self.0.write().expect("setup lock") = Some(SetupToken { token, expires: Instant::now() + VALIDITY });
        url
    }

    /// Whether `token` is the live setup token.
    pub fn is_valid(&self, token: &str) -> bool {
        match &*self.0.read().expect("setup lock") {
            Some(t) => Instant::now() < t.expires && bool::from(t.token.as_bytes().ct_eq(token.as_bytes())),
            None => false,
        }
    }

    /// The link is used up once the administrator exists.
    pub fn consume(&self) {
        *self.0.write().expect("setup lock") = None;
    }
}
