//! Accounts inside a transaction: create, find, change. No permission checks here: callers
//! (the admin service, sign-in, the CLI, the demo) check first. Validation lives here so every
//! caller refuses the same input the same way.

use redb::WriteTransaction;

use super::model::{CREDENTIALS, USER_LOGINS, USERS};
use super::model::{Credential, Role, User};
use super::password;
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::store::ids::UserId;
use crate::store::{Order, Reader, StoreError};

/// Longest accepted name part, e-mail, phone and position.
pub const MAX_FIELD: usize = 100;

/// The editable part of an account.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub login: String,
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub roles: Vec<Role>,
    pub email: String,
    pub phone: String,
    pub position: String,
}

/// One account.
pub fn get(tx: &impl Reader, id: UserId) -> Result<Option<User>, StoreError> {
    USERS.get(tx, &id)
}

/// Every account, in id order, until `f` says stop.
pub fn each(tx: &impl Reader, f: impl FnMut(UserId, User) -> bool) -> Result<(), StoreError> {
    USERS.scan_range(tx, None, None, Order::Asc, f)
}

/// Whether a login (as stored: see [`normalize_login`]) is taken.
pub fn login_taken(tx: &impl Reader, login: &str) -> Result<bool, StoreError> {
    USER_LOGINS.contains(tx, &login.to_string())
}

/// How many accounts there are.
pub fn count(tx: &impl Reader) -> Result<u64, StoreError> {
    USERS.count(tx)
}

/// Stores an account's settings that are not its profile (language, disabled): the profile
/// goes through [`update`], which checks it.
pub fn put(tx: &WriteTransaction, id: UserId, user: &User) -> Result<(), StoreError> {
    USERS.insert(tx, &id, user)
}

/// The account's password hash and must-change flag; `None` while it has no password.
pub fn credential(tx: &impl Reader, id: UserId) -> Result<Option<Credential>, StoreError> {
    CREDENTIALS.get(tx, &id)
}

/// Names of accounts, each read once: what a page asks for again and again.
#[derive(Default)]
pub struct Names(std::collections::HashMap<UserId, Option<User>>);

impl Names {
    /// The account, if there is one.
    pub fn user(&mut self, tx: &impl Reader, id: UserId) -> Result<Option<&User>, StoreError> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.0.entry(id) {
            e.insert(get(tx, id)?);
        }
        Ok(self.0[&id].as_ref())
    }

    /// «Смирнова О. Н.», or nothing for an account that is gone.
    pub fn short(&mut self, tx: &impl Reader, id: UserId) -> Result<String, StoreError> {
        Ok(self.user(tx, id)?.map(User::short_name).unwrap_or_default())
    }

    /// «Смирнова Ольга Николаевна».
    pub fn full(&mut self, tx: &impl Reader, id: UserId) -> Result<String, StoreError> {
        Ok(self.user(tx, id)?.map(User::full_name).unwrap_or_default())
    }
}

/// A login as stored: trimmed and lower-case.
pub fn normalize_login(login: &str) -> String {
    login.trim().to_lowercase()
}

/// Latin letters, digits, `.`, `_`, `-`; 2 to 64 characters; starts with a letter or digit.
pub fn login_error(login: &str) -> Option<&'static str> {
    let ok_chars = login.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if login.is_empty() {
        Some("field-required")
    } else if !(2..=64).contains(&login.len()) || !ok_chars || !login.as_bytes()[0].is_ascii_alphanumeric() {
        Some("login-invalid")
    } else {
        None
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An account's fields as they stand, to be edited and saved again with [`update`].
impl From<&User> for Profile {
    fn from(u: &User) -> Profile {
        Profile {
            login: u.login.clone(),
            surname: u.surname.clone(),
            first_name: u.first_name.clone(),
            patronymic: u.patronymic.clone(),
            roles: u.roles.clone(),
            email: u.email.clone(),
            phone: u.phone.clone(),
            position: u.position.clone(),
        }
    }
}

impl Profile {
    /// Trims and folds white space; lower-cases the login and e-mail.
    pub fn normalized(mut self) -> Profile {
        self.login = normalize_login(&self.login);
        self.surname = clean(&self.surname);
        self.first_name = clean(&self.first_name);
        self.patronymic = clean(&self.patronymic);
        self.email = self.email.trim().to_lowercase();
        self.phone = clean(&self.phone);
        self.position = clean(&self.position);
        self.roles.sort();
        self.roles.dedup();
        self
    }

    /// Field-level checks that need no data.
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        if let Some(m) = login_error(&self.login) {
            e.add("login", m);
        }
        for (name, value, required) in [
            ("surname", &self.surname, true),
            ("first_name", &self.first_name, true),
            ("patronymic", &self.patronymic, false),
            ("email", &self.email, false),
            ("phone", &self.phone, false),
            ("position", &self.position, false),
        ] {
            if required && value.is_empty() {
                e.add(name, "field-required");
            } else if value.chars().count() > MAX_FIELD {
                e.add(name, "field-too-long");
            }
        }
        if !self.email.is_empty() && !looks_like_email(&self.email) {
            e.add("email", "email-invalid");
        }
        if !self.phone.is_empty() && !self.phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
            e.add("phone", "phone-invalid");
        }
        if self.roles.is_empty() {
            e.add("roles", "roles-required");
        }
        e
    }
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// The account of a login.
pub fn find_by_login(tx: &impl Reader, login: &str) -> Result<Option<(UserId, User)>, StoreError> {
    let Some(id) = USER_LOGINS.get(tx, &normalize_login(login))? else {
        return Ok(None);
    };
    Ok(USERS.get(tx, &id)?.map(|u| (id, u)))
}

/// Whether any enabled account holds the administrator role.
pub fn admin_exists(tx: &impl Reader) -> Result<bool, StoreError> {
    let mut found = false;
    USERS.scan_range(tx, None, None, Order::Asc, |_, u| {
        found = u.has(Role::Admin) && !u.disabled;
        !found
    })?;
    Ok(found)
}

/// Creates an account with a password hash. Refuses a taken login as a field error.
pub fn create(
    tx: &WriteTransaction,
    profile: Profile,
    password_hash: String,
    must_change: bool,
    now: i64,
) -> Result<UserId, AppError> {
    let id = create_without_password(tx, profile, now)?;
    CREDENTIALS.insert(tx, &id, &Credential { hash: password_hash, must_change, changed_at: now })?;
    Ok(id)
}

/// Creates an account that cannot sign in until it is given a password (an access letter or
/// a reset). Students and parents come in this way from imports.
pub fn create_without_password(
    tx: &WriteTransaction,
    profile: Profile,
    now: i64,
) -> Result<UserId, AppError> {
    let profile = profile.normalized();
    let mut errors = profile.check();
    if errors.get("login").is_none() && USER_LOGINS.contains(tx, &profile.login)? {
        errors.add("login", "login-taken");
    }
    errors.into_result()?;
    let id = UserId::next(tx)?;
    let user = User {
        login: profile.login.clone(),
        surname: profile.surname,
        first_name: profile.first_name,
        patronymic: profile.patronymic,
        roles: profile.roles,
        email: profile.email,
        phone: profile.phone,
        position: profile.position,
        disabled: false,
        lang: None,
        created_at: now,
    };
    USERS.insert(tx, &id, &user)?;
    USER_LOGINS.insert(tx, &profile.login, &id)?;
    Ok(id)
}

/// Changes the profile of an existing account (login included, kept unique).
pub fn update(tx: &WriteTransaction, id: UserId, profile: Profile) -> Result<User, AppError> {
    let mut user = USERS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let profile = profile.normalized();
    let mut errors = profile.check();
    if errors.get("login").is_none()
        && profile.login != user.login
        && USER_LOGINS.contains(tx, &profile.login)?
    {
        errors.add("login", "login-taken");
    }
    errors.into_result()?;
    if profile.login != user.login {
        USER_LOGINS.remove(tx, &user.login)?;
        USER_LOGINS.insert(tx, &profile.login, &id)?;
    }
    user.login = profile.login;
    user.surname = profile.surname;
    user.first_name = profile.first_name;
    user.patronymic = profile.patronymic;
    user.roles = profile.roles;
    user.email = profile.email;
    user.phone = profile.phone;
    user.position = profile.position;
    USERS.insert(tx, &id, &user)?;
    Ok(user)
}

/// Replaces the password. `must_change` forces a new choice at the next sign-in.
pub fn set_password(
    tx: &WriteTransaction,
    id: UserId,
    hash: String,
    must_change: bool,
    now: i64,
) -> Result<(), AppError> {
    if !USERS.contains(tx, &id)? {
        return Err(AppError::NotFound);
    }
    CREDENTIALS.insert(tx, &id, &Credential { hash, must_change, changed_at: now })?;
    Ok(())
}

/// Makes up a one-time password, stores its hash with the must-change flag, ends the
/// account's sessions, and returns the password (shown once, never stored in clear).
pub fn issue_one_time_password(tx: &WriteTransaction, id: UserId, now: i64) -> Result<String, AppError> {
    let one_time = password::generate(10);
    set_password(tx, id, password::hash(&one_time), true, now)?;
    super::session::end_all_for(tx, id, None)?;
    Ok(one_time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_latin_and_short() {
        assert_eq!(login_error("ivanov.ii"), None);
        assert_eq!(login_error("5a-student_2"), None);
        assert_eq!(login_error(""), Some("field-required"));
        assert_eq!(login_error("иванов"), Some("login-invalid"));
        assert_eq!(login_error("a"), Some("login-invalid"));
        assert_eq!(login_error(".hidden"), Some("login-invalid"));
        assert_eq!(login_error("has space"), Some("login-invalid"));
        assert_eq!(normalize_login("  Ivanov "), "ivanov");
    }

    #[test]
    fn profile_checks_name_each_field() {
        let p = Profile {
            login: "x y".into(),
            surname: "".into(),
            first_name: "Анна".into(),
            email: "not-an-email".into(),
            phone: "+7 (900) 123-45-67".into(),
            ..Profile::default()
        }
        .normalized();
        let e = p.check();
        assert_eq!(e.get("login"), Some("login-invalid"));
        assert_eq!(e.get("surname"), Some("field-required"));
        assert_eq!(e.get("email"), Some("email-invalid"));
        assert_eq!(e.get("phone"), None);
        assert_eq!(e.get("roles"), Some("roles-required"));
    }

    #[test]
    fn names_are_folded() {
        let p = Profile { surname: "  Иванова   Мария ".into(), ..Profile::default() }.normalized();
        assert_eq!(p.surname, "Иванова Мария");
    }
}
