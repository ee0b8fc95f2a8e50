//! Accounts: people, their roles and credentials, and the sign-in log.

use serde::{Deserialize, Serialize};

use super::session::Session;
use crate::store::ids::{SignInId, UserId};
use crate::store::table::{AnyTable, Tbl};

/// A role a person holds. A person may hold several (a teacher who is also an administrator,
/// a teacher who is also a parent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Principal,
    Teacher,
    Psychologist,
    SocialPedagogue,
    Student,
    Parent,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Principal,
        Role::Teacher,
        Role::Psychologist,
        Role::SocialPedagogue,
        Role::Student,
        Role::Parent,
    ];

    /// The stable key used in forms, the permission matrix and the i18n catalog (`role-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Principal => "principal",
            Role::Teacher => "teacher",
            Role::Psychologist => "psychologist",
            Role::SocialPedagogue => "social_pedagogue",
            Role::Student => "student",
            Role::Parent => "parent",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Staff roles see the staff side of the product.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Student | Role::Parent)
    }
}

/// A person's account and profile.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct User {
    pub login: String,
    pub surname: String,
    pub first_name: String,
    #[serde(default)]
    pub patronymic: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub disabled: bool,
    /// Preferred interface language (`ru`, `en`); none means the school default.
    #[serde(default)]
    pub lang: Option<String>,
    pub created_at: i64,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// «Фамилия Имя Отчество».
    pub fn full_name(&self) -> String {
        [self.surname.as_str(), self.first_name.as_str(), self.patronymic.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// «Фамилия И. О.», where space is tight.
    pub fn short_name(&self) -> String {
        let mut s = self.surname.clone();
        for part in [&self.first_name, &self.patronymic] {
            if let Some(c) = part.chars().next() {
                s.push(' ');
                s.push(c);
                s.push('.');
            }
        }
        s
    }
}

/// The password hash, kept apart from the profile so lists never carry it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Credential {
    /// PHC string of an Argon2id hash.
    pub hash: String,
    /// Set by an administrator's reset or an access letter: the next sign-in must choose a new
    /// password before anything else.
    #[serde(default)]
    pub must_change: bool,
    pub changed_at: i64,
}

/// One sign-in attempt.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SignInEntry {
    pub at: i64,
    /// The account, when the login named one.
    pub user: Option<UserId>,
    /// The login as typed (trimmed, at most 64 characters).
    pub login: String,
    pub ip: String,
    pub user_agent: String,
    pub outcome: SignInOutcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInOutcome {
    Success,
    BadCredentials,
    Disabled,
    RateLimited,
}

/// First and last successful sign-in of an account, for «who has signed in» lists.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SignInStats {
    pub first: i64,
    pub last: i64,
    pub count: u64,
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `UserId -> User`: every account.
pub const USERS: Tbl<UserId, User> = Tbl::new("users-1");
/// `lower-case login -> UserId`: unique logins.
pub const USER_LOGINS: Tbl<String, UserId> = Tbl::new("user-logins-1");
/// `UserId -> Credential`: password hash and the must-change flag, apart from the profile.
pub const CREDENTIALS: Tbl<UserId, Credential> = Tbl::new("credentials-1");
/// `SHA-256 of the session token -> Session`: server-side sessions.
pub const SESSIONS: Tbl<[u8; 32], Session> = Tbl::new("sessions-1");
/// `SignInId -> SignInEntry`: every sign-in attempt, in time order.
pub const SIGNINS: Tbl<SignInId, SignInEntry> = Tbl::new("signins-1");
/// `UserId -> SignInStats`: first and last successful sign-in of each account.
pub const SIGNIN_STATS: Tbl<UserId, SignInStats> = Tbl::new("signin-stats-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] =
    &[&USERS, &USER_LOGINS, &CREDENTIALS, &SESSIONS, &SIGNINS, &SIGNIN_STATS];
