//! The one permission check. Every read and every write asks [`permit`]; the matrix it
//! implements is `docs/permissions.md`, and `tests/permissions.rs` walks that document.
//!
//! A rule is a role and a scope. Scopes grow with the product: `Own` (the actor's own
//! account) and `School` now; «my class», «my teaching» and «children» arrive with the
//! school structure and are looked up in the same transaction as the data they guard.

use crate::auth::model::Role;
use crate::error::AppError;
use crate::store::ids::UserId;
use crate::store::{Reader, StoreError};

/// Who is acting.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: UserId,
    pub roles: Vec<Role>,
}

/// What is being attempted. The key is what the matrix and the audit log name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read the school card (name, address, contacts).
    SchoolView,
    /// Change the school card and logo.
    SchoolEdit,
    /// List and search accounts, open one.
    UsersView,
    /// Create, edit, disable accounts and reset passwords.
    UsersManage,
    /// Read the sign-in log.
    SignInsView,
    /// Read the audit log.
    AuditView,
    /// Change a password knowing the current one.
    PasswordChange,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::SchoolView,
        Action::SchoolEdit,
        Action::UsersView,
        Action::UsersManage,
        Action::SignInsView,
        Action::AuditView,
        Action::PasswordChange,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Action::SchoolView => "school.view",
            Action::SchoolEdit => "school.edit",
            Action::UsersView => "users.view",
            Action::UsersManage => "users.manage",
            Action::SignInsView => "signins.view",
            Action::AuditView => "audit.view",
            Action::PasswordChange => "password.change",
        }
    }

    pub fn from_key(key: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// What the action is done to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The school as a whole (settings, lists).
    School,
    /// One account.
    User(UserId),
}

impl Target {
    /// How the audit log names the object.
    pub fn describe(self) -> String {
        match self {
            Target::School => "school".into(),
            Target::User(id) => format!("user:{id}"),
        }
    }
}

/// How far a role's grant reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Only the actor's own account.
    Own,
    /// Everything in the school.
    School,
}

/// The grant of `role` for `action`: the baseline policy of `school-conventions.md`.
pub fn grant(role: Role, action: Action) -> Option<Scope> {
    use Action::*;
    use Role::*;
    match (action, role) {
        (SchoolView, _) => Some(Scope::School),
        (SchoolEdit, Admin | Principal) => Some(Scope::School),
        (UsersView | UsersManage, Admin) => Some(Scope::School),
        (UsersView, Principal) => Some(Scope::School),
        (SignInsView | AuditView, Admin | Principal) => Some(Scope::School),
        (PasswordChange, _) => Some(Scope::Own),
        _ => None,
    }
}

/// A refusal: what was attempted on what. Logged to the audit log by the web layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denial {
    pub action: &'static str,
    pub object: String,
}

/// May `actor` do `action` on `target`? Any of the actor's roles may grant it. Services call
/// this inside the transaction that reads or writes the data, so the answer and the data agree.
pub fn permit(tx: &impl Reader, actor: &Actor, action: Action, target: Target) -> Result<(), AppError> {
    if allows(tx, actor, action, target)? {
        Ok(())
    } else {
        Err(AppError::Forbidden(Denial { action: action.key(), object: target.describe() }))
    }
}

/// The yes/no form of [`permit`], for menus and links.
pub fn allows(_tx: &impl Reader, actor: &Actor, action: Action, target: Target) -> Result<bool, StoreError> {
    Ok(actor.roles.iter().any(|&role| match grant(role, action) {
        Some(Scope::School) => true,
        Some(Scope::Own) => target == Target::User(actor.id),
        None => false,
    }))
}

/// Whether any of the roles grants the action at school scope, without a transaction: what
/// the navigation uses to decide which menus to show.
pub fn may_at_school(roles: &[Role], action: Action) -> bool {
    roles.iter().any(|&r| grant(r, action) == Some(Scope::School))
}
