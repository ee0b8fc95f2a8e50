//! Sign-in, sign-out and password changes: the rules, one transaction each.

use std::time::{Duration, Instant};

use crate::auth::accounts;
use crate::auth::model::{SignInEntry, SignInOutcome};
use crate::auth::password;
use crate::auth::permission::{Action, Target, permit};
use crate::auth::session;
use crate::auth::signins;
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::state::AppState;
use crate::store::ids::UserId;

/// What a sign-in attempt came to.
pub enum SignIn {
    /// Signed in: the cookie token, and whether a new password must be chosen first.
    Ok { token: String, must_change: bool },
    /// Wrong login or password, or a disabled account: one message for all, so the answer does
    /// not tell which logins exist.
    Refused,
    /// Too many failures; try again after this long.
    Paused(Duration),
}

/// Where the attempt came from.
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

pub async fn sign_in(
    state: &AppState,
    login: &str,
    password: &str,
    client: Client,
) -> Result<SignIn, AppError> {
    let login = accounts::normalize_login(login).chars().take(64).collect::<String>();
    let now = Instant::now();
    if let Some(wait) = state.limiter.blocked_for(&login, &client.ip, now) {
        log_attempt(state, None, &login, &client, SignInOutcome::RateLimited).await?;
        return Ok(SignIn::Paused(wait));
    }

    let lookup_login = login.clone();
    let found = state
        .store
        .read(move |tx| {
            let Some((id, user)) = accounts::find_by_login(tx, &lookup_login)? else {
                return Ok::<_, AppError>(None);
            };
            let cred = accounts::credential(tx, id)?;
            Ok(Some((id, user, cred)))
        })
        .await?;

    // Argon2 is CPU work: keep it off the async workers. Verify against a dummy hash when the
    // login is unknown so both cases take the same time.
    let (hash, user) = match &found {
        Some((id, user, Some(cred))) => (cred.hash.clone(), Some((*id, user.disabled, cred.must_change))),
        _ => (password::dummy_hash().to_string(), None),
    };
    let typed = password.to_string();
    let verified = tokio::task::spawn_blocking(move || password::verify(&typed, &hash))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("password check failed: {e}")))?;

    match user {
        Some((id, false, must_change)) if verified => {
            state.limiter.record_success(&login);
            let ip = client.ip.clone();
            let ua = client.user_agent.clone();
            let entry = entry(state.clock.unix(), Some(id), &login, &client, SignInOutcome::Success);
            let token = state
                .store
                .write(move |tx| {
                    let (token, _) = session::create(tx, id, must_change, &ip, &ua, entry.at)?;
                    signins::record(tx, &entry)?;
                    Ok::<_, AppError>(token)
                })
                .await?;
            Ok(SignIn::Ok { token, must_change })
        }
        Some((id, disabled, _)) => {
            state.limiter.record_failure(&login, &client.ip, now);
            let outcome =
                if disabled && verified { SignInOutcome::Disabled } else { SignInOutcome::BadCredentials };
            log_attempt(state, Some(id), &login, &client, outcome).await?;
            Ok(SignIn::Refused)
        }
        None => {
            state.limiter.record_failure(&login, &client.ip, now);
            log_attempt(state, None, &login, &client, SignInOutcome::BadCredentials).await?;
            Ok(SignIn::Refused)
        }
    }
}

fn entry(at: i64, user: Option<UserId>, login: &str, client: &Client, outcome: SignInOutcome) -> SignInEntry {
    SignInEntry {
        at,
        user,
        login: login.to_string(),
        ip: client.ip.clone(),
        user_agent: client.user_agent.chars().take(200).collect(),
        outcome,
    }
}

async fn log_attempt(
    state: &AppState,
    user: Option<UserId>,
    login: &str,
    client: &Client,
    outcome: SignInOutcome,
) -> Result<(), AppError> {
    let e = entry(state.clock.unix(), user, login, client, outcome);
    state.store.write(move |tx| Ok::<_, AppError>(signins::record(tx, &e)?)).await
}

/// Ends the session behind a token.
pub async fn sign_out(state: &AppState, key: [u8; 32]) -> Result<(), AppError> {
    state.store.write(move |tx| Ok::<_, AppError>(session::end(tx, key)?)).await
}

/// A password change by its owner: the current password must match, the new one must pass the
/// policy and be typed twice the same. Other sessions of the account end; this one stays and
/// loses its must-change flag.
pub async fn change_password(
    state: &AppState,
    me: &crate::web::session::Authed,
    current: &str,
    new: &str,
    repeat: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    if let Some(m) = password::policy_error(new) {
        errors.add("new", m);
    } else if new != repeat {
        errors.add("repeat", "password-mismatch");
    }
    let id = me.id;
    let cred = state
        .store
        .read(move |tx| Ok::<_, AppError>(accounts::credential(tx, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let typed = current.to_string();
    let new_plain = new.to_string();
    let (ok, same, new_hash) = tokio::task::spawn_blocking(move || {
        let ok = password::verify(&typed, &cred.hash);
        let same = password::verify(&new_plain, &cred.hash);
        (ok, same, password::hash(&new_plain))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("password hashing failed: {e}")))?;
    if !ok {
        errors.add("current", "password-wrong");
    } else if same && errors.is_empty() {
        errors.add("new", "password-same");
    }
    errors.into_result()?;

    let actor = me.actor(state.today(), state.clock.unix());
    let key = me.key;
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::PasswordChange, Target::User(id))?;
            accounts::set_password(tx, id, new_hash, false, actor.now)?;
            session::end_all_for(tx, id, Some(key))?;
            session::password_changed(tx, key)?;
            Ok::<_, AppError>(())
        })
        .await
}

/// Issues the first-start setup link when the file has no administrator yet; returns its path.
pub async fn issue_setup_if_needed(state: &AppState) -> Result<Option<String>, AppError> {
    let exists = state.store.read(|tx| Ok::<_, AppError>(accounts::admin_exists(tx)?)).await?;
    Ok(if exists { None } else { Some(state.setup.issue()) })
}
