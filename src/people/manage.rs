//! Changes to students' basic files, movement and parents, each asking the permission inside
//! its write transaction and leaving an audit entry.

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::model::STUDENTS;
use super::model::{Movement, MovementKind, Relation, Sex, StudentInfo};
use super::service::{create_parent, create_student, link_parent, record_movement, unlink_parent};
use crate::audit;
use crate::auth::accounts::{self, Profile};
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::state::AppState;
use crate::store::ids::{ClassId, UserId};

/// Names and basic data of a student as typed.
#[derive(Clone, Debug, Default)]
pub struct StudentForm {
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub birth_date: String,
    pub sex: String,
}

impl StudentForm {
    /// Parses and checks; returns the profile (names only) and the basic data.
    pub fn parse(&self, today: NaiveDate) -> Result<(Profile, StudentInfo), FieldErrors> {
        let profile = Profile {
            surname: self.surname.clone(),
            first_name: self.first_name.clone(),
            patronymic: self.patronymic.clone(),
            ..Profile::default()
        }
        .normalized();
        let mut e = FieldErrors::default();
        for (field, value, required) in [
            ("surname", &profile.surname, true),
            ("first_name", &profile.first_name, true),
            ("patronymic", &profile.patronymic, false),
        ] {
            if required && value.is_empty() {
                e.add(field, "field-required");
            } else if value.chars().count() > accounts::MAX_FIELD {
                e.add(field, "field-too-long");
            }
        }
        let birth_date = match self.birth_date.trim() {
            "" => None,
            s => match NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
            {
                Ok(d) if d < today && today.years_since(d).is_some_and(|y| y <= 25) => Some(d),
                _ => {
                    e.add("birth_date", "people-birth-date-invalid");
                    None
                }
            },
        };
        let sex = match self.sex.as_str() {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            "" => None,
            _ => {
                e.add("sex", "error-bad-request");
                None
            }
        };
        e.into_result()?;
        Ok((profile, StudentInfo { birth_date, sex }))
    }
}

fn audit_change(
    tx: &WriteTransaction,
    actor: &Actor,
    action: &str,
    object: Target,
    detail: String,
) -> Result<(), AppError> {
    audit::change(tx, actor.id, actor.now, action, object.describe(), detail)?;
    Ok(())
}

/// Adds a new student to a class from `date` (an account without a password).
pub async fn add_student(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    form: StudentForm,
) -> Result<UserId, AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::StudentsEdit, Target::Class(class))?;
            let (profile, info) = form.parse(actor.today)?;
            let name = format!("{} {}", profile.surname, profile.first_name);
            let id = create_student(tx, profile, info, class, actor.today, Some(actor.id), actor.now)?;
            audit_change(tx, &actor, "students.create", Target::Student(id), name)?;
            Ok(id)
        })
        .await
}

/// Changes a student's names, birth date and sex.
pub async fn update_student(
    state: &AppState,
    actor: Actor,
    id: UserId,
    form: StudentForm,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::StudentsEdit, Target::Student(id))?;
            let (profile, info) = form.parse(actor.today)?;
            let mut user = accounts::get(tx, id)?.ok_or(AppError::NotFound)?;
            user.surname = profile.surname;
            user.first_name = profile.first_name;
            user.patronymic = profile.patronymic;
            accounts::put(tx, id, &user)?;
            STUDENTS.insert(tx, &id, &info)?;
            audit_change(tx, &actor, "students.edit", Target::Student(id), String::new())
        })
        .await
}

/// A movement as typed.
#[derive(Clone, Debug, Default)]
pub struct MovementForm {
    pub kind: String,
    pub class: String,
    pub date: String,
    pub reason: String,
    pub order: String,
}

/// Transfers a student to another class, or records their withdrawal. A transfer needs the
/// right to edit both the student and the class they go to.
pub async fn move_student(
    state: &AppState,
    actor: Actor,
    id: UserId,
    form: MovementForm,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::StudentsEdit, Target::Student(id))?;
            let mut e = FieldErrors::default();
            let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").ok();
            if date.is_none() {
                e.add("date", "people-date-invalid");
            }
            let (kind, class) = match form.kind.as_str() {
                "transfer" => match form.class.parse::<ClassId>() {
                    Ok(c) => (MovementKind::Transfer, Some(c)),
                    Err(_) => {
                        e.add("class", "field-required");
                        (MovementKind::Transfer, None)
                    }
                },
                "withdraw" => (MovementKind::Withdraw, None),
                _ => return Err(AppError::BadRequest("error-bad-request")),
            };
            if kind == MovementKind::Withdraw && form.reason.trim().is_empty() {
                e.add("reason", "movement-reason-required");
            }
            for (f, v) in [("reason", &form.reason), ("order", &form.order)] {
                if v.chars().count() > 200 {
                    e.add(f, "field-too-long");
                }
            }
            e.into_result()?;
            if let Some(c) = class {
                permit(tx, &actor, Action::StudentsEdit, Target::Class(c))?;
            }
            let movement = Movement {
                date: date.expect("checked above"),
                kind,
                class,
                reason: form.reason.trim().to_string(),
                order: form.order.trim().to_string(),
                recorded_by: Some(actor.id),
                recorded_at: actor.now,
            };
            record_movement(tx, id, movement)?;
            audit_change(tx, &actor, "students.movement", Target::Student(id), form.kind.clone())
        })
        .await
}

/// A parent as typed on the student's page.
#[derive(Clone, Debug, Default)]
pub struct ParentForm {
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub relation: String,
    pub phone: String,
    pub email: String,
}

/// Creates a parent account (no password yet) and links it to the student.
pub async fn add_parent(
    state: &AppState,
    actor: Actor,
    student: UserId,
    form: ParentForm,
) -> Result<UserId, AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::StudentsEdit, Target::Student(student))?;
            let relation = Relation::from_key(&form.relation);
            let profile = Profile {
                surname: form.surname.clone(),
                first_name: form.first_name.clone(),
                patronymic: form.patronymic.clone(),
                email: form.email.clone(),
                phone: form.phone.clone(),
                roles: vec![crate::auth::model::Role::Parent],
                // A placeholder that passes the login check; replaced by a generated login.
                login: String::new(),
                position: String::new(),
            };
            let mut e = profile.clone().normalized().check();
            e.0.retain(|(f, _)| *f != "login");
            if relation.is_none() {
                e.add("relation", "field-required");
            }
            e.into_result()?;
            let id = create_parent(tx, profile, actor.now)?;
            link_parent(tx, student, id, relation.expect("checked above"))?;
            audit_change(tx, &actor, "students.parent.add", Target::Student(student), format!("user:{id}"))?;
            Ok(id)
        })
        .await
}

/// Links an existing account (by login) as a parent of the student: a teacher who is also a
/// parent, a parent of a sibling.
pub async fn link_existing(
    state: &AppState,
    actor: Actor,
    student: UserId,
    login: String,
    relation: String,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::StudentsEdit, Target::Student(student))?;
            let mut e = FieldErrors::default();
            let relation = Relation::from_key(&relation);
            if relation.is_none() {
                e.add("link_relation", "field-required");
            }
            let found = accounts::find_by_login(tx, &login)?;
            if found.is_none() {
                e.add("link_login", "people-login-unknown");
            }
            e.into_result()?;
            let (parent, _) = found.expect("checked above");
            link_parent(tx, student, parent, relation.expect("checked above"))?;
            audit_change(
                tx,
                &actor,
                "students.parent.link",
                Target::Student(student),
                format!("user:{parent}"),
            )
        })
        .await
}

/// Removes a parent's link to the student (the account stays).
pub async fn unlink(state: &AppState, actor: Actor, student: UserId, parent: UserId) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::StudentsEdit, Target::Student(student))?;
            unlink_parent(tx, student, parent)?;
            audit_change(
                tx,
                &actor,
                "students.parent.unlink",
                Target::Student(student),
                format!("user:{parent}"),
            )
        })
        .await
}
