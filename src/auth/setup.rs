//! First start: while no administrator exists, the server prints a one-time link (valid 30
//! minutes) where the first administrator account is created in the browser.

use std::time::{Duration, Instant};

use subtle::ConstantTimeEq;

use crate::error::AppError;
use crate::state::AppState;

/// How long a setup link stays valid.
pub const VALIDITY: Duration = Duration::from_secs(30 * 60);

#[derive(Clone, Debug)]
pub struct SetupToken {
    pub token: String,
    pub expires: Instant,
}

/// Issues a setup link when the file has no administrator yet; returns its path.
pub async fn issue_if_needed(state: &AppState) -> Result<Option<String>, AppError> {
    let exists = state.store.read(|tx| Ok::<_, AppError>(super::accounts::admin_exists(tx)?)).await?;
    if exists {
        return Ok(None);
    }
    let token = super::session::random_token();
    let url = format!("/setup/{token}");
    *state.setup.write().expect("setup lock") =
        Some(SetupToken { token, expires: Instant::now() + VALIDITY });
    Ok(Some(url))
}

/// Whether `token` is the live setup token.
pub fn is_valid(state: &AppState, token: &str) -> bool {
    match &*state.setup.read().expect("setup lock") {
        Some(t) => Instant::now() < t.expires && bool::from(t.token.as_bytes().ct_eq(token.as_bytes())),
        None => false,
    }
}

/// The link is used up once the administrator exists.
pub fn consume(state: &AppState) {
    *state.setup.write().expect("setup lock") = None;
}
