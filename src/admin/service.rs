//! Account administration: every function checks the permission inside its transaction and
//! records administrative changes in the audit log.

use redb::WriteTransaction;

use crate::audit::{self, AuditEntry};
use crate::auth::accounts::{self, Profile};
use crate::auth::model::{Role, SignInEntry, SignInStats, User};
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::auth::signins;
use crate::auth::{password, session};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::state::AppState;
use crate::store::ids::{SignInId, UserId};

/// Rows per page of account and log lists.
pub const PAGE_SIZE: usize = 50;

/// One row of the account list.
#[derive(Clone, Debug)]
pub struct UserRow {
    pub id: UserId,
    pub user: User,
    pub last_sign_in: Option<i64>,
    pub must_change: bool,
}

/// A page of the account list.
pub struct UserPage {
    pub rows: Vec<UserRow>,
    pub total: usize,
    pub page: usize,
}

/// Whether a user matches a search: every word of the query is in the name or login.
pub fn matches(user: &User, query: &str) -> bool {
    if query.trim().is_empty() {
        return true;
    }
    let hay = format!("{} {} {}", user.full_name(), user.login, user.email).to_lowercase();
    query.to_lowercase().split_whitespace().all(|w| hay.contains(w))
}

/// Accounts matching `query`, sorted by name, one page.
pub async fn list_users(
    state: &AppState,
    actor: Actor,
    query: String,
    role: Option<Role>,
    page: usize,
) -> Result<UserPage, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::UsersView, Target::School)?;
            let mut found = Vec::new();
            accounts::each(tx, |id, user| {
                if matches(&user, &query) && role.is_none_or(|r| user.has(r)) {
                    found.push((id, user));
                }
                true
            })?;
            found.sort_by_cached_key(|(id, u)| (u.surname.to_lowercase(), u.first_name.to_lowercase(), *id));
            let total = found.len();
            let rows = found
                .into_iter()
                .skip(page * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(|(id, user)| {
                    Ok(UserRow {
                        id,
                        last_sign_in: signins::stats(tx, id)?.map(|s| s.last),
                        must_change: accounts::credential(tx, id)?.is_some_and(|c| c.must_change),
                        user,
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok(UserPage { rows, total, page })
        })
        .await
}

/// One account with its sign-in statistics.
pub async fn get_user(
    state: &AppState,
    actor: Actor,
    id: UserId,
) -> Result<(User, Option<SignInStats>, bool), AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::UsersView, Target::User(id))?;
            let user = accounts::get(tx, id)?.ok_or(AppError::NotFound)?;
            let must_change = accounts::credential(tx, id)?.is_some_and(|c| c.must_change);
            Ok((user, signins::stats(tx, id)?, must_change))
        })
        .await
}

fn audit_change(
    tx: &WriteTransaction,
    actor: &Actor,
    action: &str,
    id: UserId,
    detail: String,
) -> Result<(), AppError> {
    audit::change(tx, actor.id, actor.now, action, Target::User(id).describe(), detail)?;
    Ok(())
}

/// Creates an account with a one-time password; returns the id and the password to hand over.
pub async fn create_user(
    state: &AppState,
    actor: Actor,
    profile: Profile,
) -> Result<(UserId, String), AppError> {
    // Ask first (a refused caller learns nothing about logins), validate before hashing (a
    // refused form should not cost an Argon2 run); the write checks both again.
    let profile = profile.normalized();
    let mut errors = profile.check();
    let login = profile.login.clone();
    let check_actor = actor.clone();
    let taken = state
        .store
        .read(move |tx| {
            permit(tx, &check_actor, Action::UsersManage, Target::School)?;
            Ok::<_, AppError>(accounts::find_by_login(tx, &login)?.is_some())
        })
        .await?;
    if taken && errors.get("login").is_none() {
        errors.add("login", "login-taken");
    }
    errors.into_result()?;
    let one_time = password::generate(10);
    let plain = one_time.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&plain))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing failed: {e}")))?;
    let id = state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::UsersManage, Target::School)?;
            let login = profile.login.clone();
            let id = accounts::create(tx, profile, hash, true, actor.now)?;
            audit_change(tx, &actor, "users.create", id, login)?;
            Ok::<_, AppError>(id)
        })
        .await?;
    Ok((id, one_time))
}

/// Changes an account's profile. An administrator cannot take the administrator role away
/// from their own account (no locking oneself out).
pub async fn update_user(
    state: &AppState,
    actor: Actor,
    id: UserId,
    profile: Profile,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::UsersManage, Target::User(id))?;
            if id == actor.id && !profile.roles.contains(&Role::Admin) && actor.roles.contains(&Role::Admin) {
                let mut e = FieldErrors::default();
                e.add("roles", "users-keep-own-admin");
                return Err(e.into());
            }
            let user = accounts::update(tx, id, profile)?;
            audit_change(tx, &actor, "users.edit", id, user.login)?;
            Ok(())
        })
        .await
}

/// Disables or enables an account. Disabling ends its sessions; nobody disables themselves.
pub async fn set_disabled(
    state: &AppState,
    actor: Actor,
    id: UserId,
    disabled: bool,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::UsersManage, Target::User(id))?;
            if id == actor.id && disabled {
                return Err(AppError::BadRequest("users-cannot-disable-self"));
            }
            let mut user = accounts::get(tx, id)?.ok_or(AppError::NotFound)?;
            user.disabled = disabled;
            accounts::put(tx, id, &user)?;
            if disabled {
                session::end_all_for(tx, id, None)?;
            }
            audit_change(
                tx,
                &actor,
                if disabled { "users.disable" } else { "users.enable" },
                id,
                user.login,
            )?;
            Ok(())
        })
        .await
}

/// Resets a password to a one-time one that must be changed at the next sign-in; ends the
/// account's sessions. Returns the password, shown once.
pub async fn reset_password(state: &AppState, actor: Actor, id: UserId) -> Result<(User, String), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::UsersManage, Target::User(id))?;
            let user = accounts::get(tx, id)?.ok_or(AppError::NotFound)?;
            let one_time = accounts::issue_one_time_password(tx, id, actor.now)?;
            audit_change(tx, &actor, "users.reset_password", id, user.login.clone())?;
            Ok((user, one_time))
        })
        .await
}

/// The sign-in log, newest first, one page.
pub async fn sign_ins(
    state: &AppState,
    actor: Actor,
    page: usize,
) -> Result<Vec<(SignInId, SignInEntry)>, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::SignInsView, Target::School)?;
            Ok(crate::auth::signins::newest(tx, page, PAGE_SIZE)?)
        })
        .await
}

/// The audit log, newest first, one page.
pub async fn audit_log(
    state: &AppState,
    actor: Actor,
    page: usize,
) -> Result<Vec<(crate::store::ids::AuditId, AuditEntry)>, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::AuditView, Target::School)?;
            Ok(crate::audit::newest(tx, page, PAGE_SIZE)?)
        })
        .await
}

/// The display names of accounts, for logs.
pub async fn names(
    state: &AppState,
    ids: Vec<UserId>,
) -> Result<std::collections::HashMap<UserId, String>, AppError> {
    state
        .store
        .read(move |tx| {
            let mut out = std::collections::HashMap::new();
            for id in ids {
                if let Some(u) = accounts::get(tx, id)? {
                    out.insert(id, u.short_name());
                }
            }
            Ok(out)
        })
        .await
}
