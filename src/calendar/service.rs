//! Making, revoking and resolving feed addresses. A token is 256 random bits; only its SHA-256
//! is stored (`FEEDS` hash → user, `FEED_OF_USER` user → [`Feed`]), so the address is shown
//! once, when it is made. A user has at most one address: making a new one ends the old.

use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};

use super::model::Feed;
use super::model::{FEED_OF_USER, FEEDS};
use crate::audit;
use crate::auth::accounts;
use crate::auth::model::User;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::auth::session::random_token;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::UserId;
use crate::store::{Reader, StoreError};

/// How often fetching a feed records its time at most, in seconds.
pub const TOUCH_EVERY: i64 = 3600;

/// The stored form of a token: SHA-256, lower-case hex.
pub fn hash_token(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// Whether `s` has the shape of a token (43 URL-safe base64 characters), before any lookup.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 43 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// GET /calendar: the caller's feed, if they have one.
pub async fn status(state: &AppState, actor: Actor) -> Result<Option<Feed>, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::FeedManage, Target::User(actor.id))?;
            Ok(FEED_OF_USER.get(tx, &actor.id)?)
        })
        .await
}

/// POST /calendar: a new address for the caller; the old one, if any, stops at once. Returns
/// the token (shown once) and the feed.
pub async fn create(state: &AppState, actor: Actor) -> Result<(String, Feed), AppError> {
    let now = actor.now;
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::FeedManage, Target::User(actor.id))?;
            let replaced = remove(tx, actor.id)?;
            let token = random_token();
            let feed = Feed { token_hash: hash_token(&token), created_at: now, last_used: None };
            FEEDS.insert(tx, &feed.token_hash, &actor.id)?;
            FEED_OF_USER.insert(tx, &actor.id, &feed)?;
            let detail = if replaced { "replaced" } else { "created" };
            audit::change(
                tx,
                actor.id,
                actor.now,
                "feed.manage",
                format!("user:{}", actor.id),
                detail.into(),
            )?;
            Ok((token, feed))
        })
        .await
}

/// POST /calendar/revoke: the caller's address stops at once. `false` when there was none.
pub async fn revoke(state: &AppState, actor: Actor) -> Result<bool, AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::FeedManage, Target::User(actor.id))?;
            let removed = remove(tx, actor.id)?;
            if removed {
                audit::change(
                    tx,
                    actor.id,
                    actor.now,
                    "feed.manage",
                    format!("user:{}", actor.id),
                    "revoked".into(),
                )?;
            }
            Ok(removed)
        })
        .await
}

/// Removes both entries of `user`'s feed; whether there was one.
fn remove(tx: &redb::WriteTransaction, user: UserId) -> Result<bool, StoreError> {
    let Some(old) = FEED_OF_USER.get(tx, &user)? else { return Ok(false) };
    FEEDS.remove(tx, &old.token_hash)?;
    FEED_OF_USER.remove(tx, &user)?;
    Ok(true)
}

/// The account behind a token: `None` for a malformed, unknown or revoked token, or a
/// disabled account. The caller answers all of these alike (404).
pub fn resolve(tx: &impl Reader, token: &str) -> Result<Option<(UserId, User, Feed)>, StoreError> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let hash = hash_token(token);
    let Some(id) = FEEDS.get(tx, &hash)? else { return Ok(None) };
    let Some(feed) = FEED_OF_USER.get(tx, &id)?.filter(|f| f.token_hash == hash) else { return Ok(None) };
    let Some(user) = accounts::get(tx, id)?.filter(|u| !u.disabled) else { return Ok(None) };
    Ok(Some((id, user, feed)))
}

/// Whether a fetch at `now` should record itself (at most hourly).
pub fn due_for_touch(feed: &Feed, now: i64) -> bool {
    feed.last_used.is_none_or(|t| now - t >= TOUCH_EVERY)
}

/// Records a fetch, without fsync: losing it in a crash only makes «last used» older.
pub async fn touch(state: &AppState, user: UserId, token_hash: String, now: i64) -> Result<(), AppError> {
    state
        .store
        .write_lazy(move |tx| {
            if let Some(mut feed) = FEED_OF_USER.get(tx, &user)?.filter(|f| f.token_hash == token_hash) {
                feed.last_used = Some(now);
                FEED_OF_USER.insert(tx, &user, &feed)?;
            }
            Ok(())
        })
        .await
}

/// The start of addresses to give out: the scheme and host the browser used (the `Host`
/// header, the scheme from `X-Forwarded-Proto` or the configuration), else the configured
/// public address. A phone on the same network reaches the school the way this browser did.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let configured = state.config.public_url.trim_end_matches('/');
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).map(str::trim).filter(|h| {
        !h.is_empty()
            && h.len() <= 255
            && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
    });
    let Some(host) = host else { return configured.to_string() };
    let forwarded = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).map(str::trim);
    let scheme = match forwarded {
        Some("https") => "https",
        Some("http") => "http",
        _ if state.config.secure_cookies() => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// The feed's address, and the same as `webcal://` (which phones open as a subscription).
pub fn addresses(base: &str, token: &str) -> (String, String) {
    let https = format!("{base}/calendar/{token}.ics");
    let rest = https.split_once("://").map_or(https.as_str(), |(_, r)| r);
    let webcal = format!("webcal://{rest}");
    (https, webcal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_hashed_to_hex() {
        let h = hash_token("abc");
        assert_eq!(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(h.len(), 64);
    }

    #[test]
    fn only_token_shaped_strings_are_looked_up() {
        assert!(looks_like_token(&random_token()));
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token(&format!("{}/", "a".repeat(42))));
    }

    #[test]
    fn a_fetch_is_recorded_at_most_hourly() {
        let mut f = Feed { token_hash: String::new(), created_at: 0, last_used: None };
        assert!(due_for_touch(&f, 100));
        f.last_used = Some(100);
        assert!(!due_for_touch(&f, 100 + TOUCH_EVERY - 1));
        assert!(due_for_touch(&f, 100 + TOUCH_EVERY));
    }

    #[test]
    fn the_webcal_address_keeps_host_and_path() {
        let (http, webcal) = addresses("https://school.example", "TOKEN");
        assert_eq!(http, "https://school.example/calendar/TOKEN.ics");
        assert_eq!(webcal, "webcal://school.example/calendar/TOKEN.ics");
    }
}
