//! Rules about people: a student's class on a day, class lists, guardians.

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::model::STUDENTS;
use super::model::{self, Guardian, Movement, MovementKind, Relation, StudentInfo};
use super::model::{CHILDREN, CLASS_STUDENTS, GUARDIANS, MOVEMENTS};
use crate::auth::accounts::{self, Profile};
use crate::auth::model::Role;
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::store::ids::MovementId;
use crate::store::ids::{ClassId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::CLASSES;

/// The movements of a student.
pub fn movements(tx: &impl Reader, student: UserId) -> Result<Vec<Movement>, StoreError> {
    let mut out = Vec::new();
    MOVEMENTS.scan_prefix(tx, &student, Order::Asc, |_, m| {
        out.push(m);
        true
    })?;
    Ok(out)
}

/// The class of a student on `day`.
pub fn class_of(tx: &impl Reader, student: UserId, day: NaiveDate) -> Result<Option<ClassId>, StoreError> {
    Ok(model::class_on(&movements(tx, student)?, day))
}

/// The students in `class` on `day`.
pub fn students_of(tx: &impl Reader, class: ClassId, day: NaiveDate) -> Result<Vec<UserId>, StoreError> {
    let mut candidates = Vec::new();
    CLASS_STUDENTS.scan_prefix(tx, &class, Order::Asc, |(_, s), ()| {
        candidates.push(s);
        true
    })?;
    let mut out = Vec::new();
    for s in candidates {
        if class_of(tx, s, day)? == Some(class) {
            out.push(s);
        }
    }
    Ok(out)
}

/// A parent's children.
pub fn children_of(tx: &impl Reader, parent: UserId) -> Result<Vec<UserId>, StoreError> {
    let mut out = Vec::new();
    CHILDREN.scan_prefix(tx, &parent, Order::Asc, |(_, s), ()| {
        out.push(s);
        true
    })?;
    Ok(out)
}

/// A student's parents with their relation.
pub fn guardians_of(tx: &impl Reader, student: UserId) -> Result<Vec<(UserId, model::Guardian)>, StoreError> {
    let mut out = Vec::new();
    GUARDIANS.scan_prefix(tx, &student, Order::Asc, |(_, p), g| {
        out.push((p, g));
        true
    })?;
    Ok(out)
}

/// Latin transliteration of a Russian name for logins (the passport rules of 2014:
/// Щ → shch, Ж → zh, Х → kh, Ц → ts, Й → i, Ъ → ie, Ы → y, Ь dropped).
pub fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let t = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' => "ie",
            'ы' => "y",
            'ь' => "",
            'ю' => "iu",
            'я' => "ia",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(t);
    }
    out
}

/// A free login from a name: `surname.io` (initials), then `surname.io2`, `surname.io3`, …
pub fn unique_login(
    tx: &impl Reader,
    surname: &str,
    first_name: &str,
    patronymic: &str,
) -> Result<String, StoreError> {
    let initials: String = [first_name, patronymic]
        .iter()
        .filter_map(|p| p.chars().next())
        .map(|c| transliterate(&c.to_string()))
        .collect();
    let mut base = transliterate(surname);
    base.truncate(40);
    if base.is_empty() {
        base = "user".into();
    }
    let base = if initials.is_empty() { base } else { format!("{base}.{initials}") };
    if !accounts::login_taken(tx, &base)? {
        return Ok(base);
    }
    for n in 2.. {
        let candidate = format!("{base}{n}");
        if !accounts::login_taken(tx, &candidate)? {
            return Ok(candidate);
        }
    }
    unreachable!("the loop returns")
}

/// A new student: an account without a password (the access letter gives one), the basic file,
/// and the enrolment into `class` from `date`.
pub fn create_student(
    tx: &WriteTransaction,
    mut profile: Profile,
    info: StudentInfo,
    class: ClassId,
    date: NaiveDate,
    by: Option<UserId>,
    at: i64,
) -> Result<UserId, AppError> {
    if !CLASSES.contains(tx, &class)? {
        return Err(AppError::BadRequest("student-class-unknown"));
    }
    if profile.login.trim().is_empty() {
        profile.login = unique_login(tx, &profile.surname, &profile.first_name, &profile.patronymic)?;
    }
    profile.roles = vec![Role::Student];
    let id = accounts::create_without_password(tx, profile, at)?;
    STUDENTS.insert(tx, &id, &info)?;
    record_movement(
        tx,
        id,
        Movement {
            date,
            kind: MovementKind::Enrol,
            class: Some(class),
            reason: String::new(),
            order: String::new(),
            recorded_by: by,
            recorded_at: at,
        },
    )?;
    Ok(id)
}

/// Records a movement (enrolment, transfer, withdrawal) and keeps the class index.
pub fn record_movement(
    tx: &WriteTransaction,
    student: UserId,
    movement: Movement,
) -> Result<MovementId, AppError> {
    if !STUDENTS.contains(tx, &student)? {
        return Err(AppError::NotFound);
    }
    match (movement.kind, movement.class) {
        (MovementKind::Enrol | MovementKind::Transfer, Some(c)) => {
            if !CLASSES.contains(tx, &c)? {
                return Err(AppError::BadRequest("student-class-unknown"));
            }
            CLASS_STUDENTS.insert(tx, &(c, student), &())?;
        }
        (MovementKind::Withdraw, None) => {
            if movement.reason.trim().is_empty() {
                let mut e = FieldErrors::default();
                e.add("reason", "movement-reason-required");
                return Err(e.into());
            }
        }
        _ => return Err(AppError::BadRequest("error-bad-request")),
    }
    let id = MovementId::next(tx)?;
    MOVEMENTS.insert(tx, &(student, id), &movement)?;
    Ok(id)
}

/// A parent account (without a password until its access letter), or the existing account
/// with the same login.
pub fn create_parent(tx: &WriteTransaction, mut profile: Profile, at: i64) -> Result<UserId, AppError> {
    if profile.login.trim().is_empty() {
        profile.login = unique_login(tx, &profile.surname, &profile.first_name, &profile.patronymic)?;
    }
    if !profile.roles.contains(&Role::Parent) {
        profile.roles.push(Role::Parent);
    }
    accounts::create_without_password(tx, profile, at)
}

/// Links a parent to a student (both ways); gives the account the parent role if it lacks it
/// (a teacher who is also a parent).
pub fn link_parent(
    tx: &WriteTransaction,
    student: UserId,
    parent: UserId,
    relation: Relation,
) -> Result<(), AppError> {
    if !STUDENTS.contains(tx, &student)? {
        return Err(AppError::NotFound);
    }
    let mut user = accounts::get(tx, parent)?.ok_or(AppError::NotFound)?;
    if parent == student {
        return Err(AppError::BadRequest("error-bad-request"));
    }
    if !user.has(Role::Parent) {
        user.roles.push(Role::Parent);
        user.roles.sort();
        accounts::put(tx, parent, &user)?;
    }
    GUARDIANS.insert(tx, &(student, parent), &Guardian { relation })?;
    CHILDREN.insert(tx, &(parent, student), &())?;
    Ok(())
}

/// Removes the link between a parent and a student.
pub fn unlink_parent(tx: &WriteTransaction, student: UserId, parent: UserId) -> Result<(), AppError> {
    GUARDIANS.remove(tx, &(student, parent))?;
    CHILDREN.remove(tx, &(parent, student))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_transliterate_like_passports() {
        assert_eq!(transliterate("Щукина"), "shchukina");
        assert_eq!(transliterate("Журавлёв"), "zhuravlev");
        assert_eq!(transliterate("Хабибуллин"), "khabibullin");
        assert_eq!(transliterate("Юлия"), "iuliia");
        assert_eq!(transliterate("Ольга-Мария"), "olgamariia");
        assert_eq!(transliterate("Smith"), "smith");
    }
}
