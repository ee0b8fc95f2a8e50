//! Server-side sessions. The cookie holds a random token; the table is keyed by its SHA-256,
//! so a copy of the data file does not hand out live sessions.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use redb::WriteTransaction;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::model::SESSIONS;
use crate::store::ids::UserId;
use crate::store::{Order, Reader, StoreError};

/// The session cookie's name.
pub const COOKIE: &str = "parta_session";

/// A signed-in browser.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    pub user: UserId,
    pub created_at: i64,
    pub last_seen: i64,
    /// The CSRF token every state-changing request of this session must carry.
    pub csrf: String,
    /// The account must choose a new password before anything else.
    #[serde(default)]
    pub must_change_password: bool,
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub user_agent: String,
}

/// Session lifetimes in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Lifetimes {
    pub idle: i64,
    pub absolute: i64,
}

impl Session {
    pub fn is_live(&self, now: i64, life: Lifetimes) -> bool {
        now - self.last_seen < life.idle && now - self.created_at < life.absolute
    }
}

/// A fresh random token (URL-safe base64 of 32 bytes).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The table key of a token.
pub fn key_of(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Starts a session; returns the cookie token.
pub fn create(
    tx: &WriteTransaction,
    user: UserId,
    must_change_password: bool,
    ip: &str,
    user_agent: &str,
    now: i64,
) -> Result<(String, Session), StoreError> {
    let token = random_token();
    let session = Session {
        user,
        created_at: now,
        last_seen: now,
        csrf: random_token(),
        must_change_password,
        ip: ip.to_string(),
        user_agent: user_agent.chars().take(200).collect(),
    };
    SESSIONS.insert(tx, &key_of(&token), &session)?;
    Ok((token, session))
}

/// The live session of a token, if any.
pub fn lookup(
    tx: &impl Reader,
    token: &str,
    now: i64,
    life: Lifetimes,
) -> Result<Option<([u8; 32], Session)>, StoreError> {
    let key = key_of(token);
    Ok(SESSIONS.get(tx, &key)?.filter(|s| s.is_live(now, life)).map(|s| (key, s)))
}

/// Ends one session.
pub fn end(tx: &WriteTransaction, key: [u8; 32]) -> Result<(), StoreError> {
    SESSIONS.remove(tx, &key).map(|_| ())
}

/// Marks a session seen at `now`.
pub fn touch(tx: &WriteTransaction, key: [u8; 32], now: i64) -> Result<(), StoreError> {
    if let Some(mut s) = SESSIONS.get(tx, &key)? {
        s.last_seen = now;
        SESSIONS.insert(tx, &key, &s)?;
    }
    Ok(())
}

/// The session no longer asks for a new password.
pub fn password_changed(tx: &WriteTransaction, key: [u8; 32]) -> Result<(), StoreError> {
    if let Some(mut s) = SESSIONS.get(tx, &key)? {
        s.must_change_password = false;
        SESSIONS.insert(tx, &key, &s)?;
    }
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change or reset).
pub fn end_all_for(tx: &WriteTransaction, user: UserId, keep: Option<[u8; 32]>) -> Result<usize, StoreError> {
    remove_where(tx, |k, s| s.user == user && Some(*k) != keep)
}

/// Removes expired sessions; run periodically.
pub fn purge_expired(tx: &WriteTransaction, now: i64, life: Lifetimes) -> Result<usize, StoreError> {
    remove_where(tx, |_, s| !s.is_live(now, life))
}

fn remove_where(
    tx: &WriteTransaction,
    doomed: impl Fn(&[u8; 32], &Session) -> bool,
) -> Result<usize, StoreError> {
    let mut keys = Vec::new();
    SESSIONS.scan_range(tx, None, None, Order::Asc, |k, s| {
        if doomed(&k, &s) {
            keys.push(k);
        }
        true
    })?;
    for k in &keys {
        SESSIONS.remove(tx, k)?;
    }
    Ok(keys.len())
}
