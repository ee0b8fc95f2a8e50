//! What the class and student pages show, read in one snapshot with the permission asked in it.

use chrono::NaiveDate;

use super::model::STUDENTS;
use super::model::{Guardian, Movement, StudentInfo};
use super::service::{class_of, guardians_of, movements, students_of};
use crate::auth::accounts;
use crate::auth::model::User;
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::auth::signins;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, UserId};
use crate::store::{Reader, StoreError};
use crate::structure::model::{CLASSES, YEARS};
use crate::structure::model::{Class, Year};
use crate::structure::service::{chief_classes, classes_of, current_year_id};

/// Whether an account can sign in, and whether it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginState {
    /// No password yet: an access letter has not been printed.
    NoPassword,
    /// A password was issued, nobody has signed in with it.
    NeverSignedIn,
    /// Last successful sign-in.
    SignedIn(i64),
}

pub fn login_state(tx: &impl Reader, id: UserId) -> Result<LoginState, StoreError> {
    if let Some(stats) = signins::stats(tx, id)? {
        return Ok(LoginState::SignedIn(stats.last));
    }
    Ok(if accounts::credential(tx, id)?.is_some() {
        LoginState::NeverSignedIn
    } else {
        LoginState::NoPassword
    })
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: UserId,
    pub user: User,
    pub login: LoginState,
}

#[derive(Clone, Debug)]
pub struct ParentRow {
    pub person: Person,
    pub guardian: Guardian,
}

#[derive(Clone, Debug)]
pub struct StudentRow {
    pub person: Person,
    pub info: StudentInfo,
    pub parents: Vec<ParentRow>,
}

/// A class with its students and their parents on a day.
pub struct ClassView {
    pub id: ClassId,
    pub class: Class,
    pub year: Year,
    pub chiefs: Vec<User>,
    pub students: Vec<StudentRow>,
    /// Parents' phones and e-mail may be shown.
    pub contacts: bool,
    pub can_edit: bool,
    pub can_logins: bool,
    /// The class's progress in every subject, and its day of attendance.
    pub can_progress: bool,
    pub can_attendance: bool,
    pub can_timetable: bool,
    /// The students' diaries (the same for every student of the class).
    pub can_diary: bool,
}

fn person(tx: &impl Reader, id: UserId) -> Result<Option<Person>, StoreError> {
    Ok(match accounts::get(tx, id)? {
        Some(user) => Some(Person { id, user, login: login_state(tx, id)? }),
        None => None,
    })
}

fn student_row(tx: &impl Reader, id: UserId) -> Result<Option<StudentRow>, StoreError> {
    let Some(person) = person(tx, id)? else { return Ok(None) };
    let info = STUDENTS.get(tx, &id)?.unwrap_or_default();
    let mut parents = Vec::new();
    for (pid, guardian) in guardians_of(tx, id)? {
        if let Some(p) = self::person(tx, pid)? {
            parents.push(ParentRow { person: p, guardian });
        }
    }
    Ok(Some(StudentRow { person, info, parents }))
}

fn sort_people<T>(rows: &mut [T], user: impl Fn(&T) -> &User) {
    rows.sort_by(|a, b| {
        let (a, b) = (user(a), user(b));
        (a.surname.to_lowercase(), a.first_name.to_lowercase())
            .cmp(&(b.surname.to_lowercase(), b.first_name.to_lowercase()))
    });
}

/// The students of a class on `day`, for whoever may see them (the class chief, its teachers,
/// the administration).
pub async fn class_view(
    state: &AppState,
    actor: Actor,
    id: ClassId,
    day: NaiveDate,
) -> Result<ClassView, AppError> {
    state.store.read(move |tx| build_class_view(tx, &actor, Action::StudentsView, id, day)).await
}

/// The same class view for the access-letter and sign-in pages, which need `logins.manage`.
pub async fn class_logins_view(
    state: &AppState,
    actor: Actor,
    id: ClassId,
    day: NaiveDate,
) -> Result<ClassView, AppError> {
    state.store.read(move |tx| build_class_view(tx, &actor, Action::LoginsManage, id, day)).await
}

fn build_class_view(
    tx: &impl Reader,
    actor: &Actor,
    needs: Action,
    id: ClassId,
    day: NaiveDate,
) -> Result<ClassView, AppError> {
    // Ask before looking: a stranger learns nothing about which ids exist.
    permit(tx, actor, needs, Target::Class(id))?;
    permit(tx, actor, Action::StudentsView, Target::Class(id))?;
    let class = CLASSES.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let year = YEARS.get(tx, &class.year)?.ok_or(AppError::NotFound)?;
    let mut students = Vec::new();
    for s in students_of(tx, id, day)? {
        if let Some(row) = student_row(tx, s)? {
            students.push(row);
        }
    }
    sort_people(&mut students, |r| &r.person.user);
    let mut chiefs = Vec::new();
    for c in &class.chiefs {
        if let Some(u) = accounts::get(tx, *c)? {
            chiefs.push(u);
        }
    }
    Ok(ClassView {
        id,
        contacts: allows(tx, actor, Action::ContactsView, Target::Class(id))?,
        can_edit: allows(tx, actor, Action::StudentsEdit, Target::Class(id))?,
        can_logins: allows(tx, actor, Action::LoginsManage, Target::Class(id))?,
        can_progress: allows(tx, actor, Action::ProgressView, Target::Class(id))?,
        can_attendance: allows(tx, actor, Action::AttendanceReason, Target::Class(id))?,
        can_timetable: allows(tx, actor, Action::TimetableView, Target::Class(id))?,
        can_diary: match students.first() {
            Some(s) => allows(tx, actor, Action::DiaryView, Target::Student(s.person.id))?,
            None => false,
        },
        class,
        year,
        chiefs,
        students,
    })
}

/// A class in a list, with why the viewer sees it.
pub struct ClassLink {
    pub id: ClassId,
    pub class: Class,
    pub students: usize,
    pub mine: bool,
}

/// The classes of the current year the actor may open: all for the administration, the
/// class chief's and the teacher's own otherwise.
pub async fn my_classes(state: &AppState, actor: Actor) -> Result<(Option<Year>, Vec<ClassLink>), AppError> {
    state
        .store
        .read(move |tx| {
            let Some(year_id) = current_year_id(tx)? else { return Ok((None, Vec::new())) };
            let year = YEARS.get(tx, &year_id)?;
            let chief: Vec<ClassId> =
                chief_classes(tx, year_id, actor.id)?.into_iter().map(|(id, _)| id).collect();
            let mut out = Vec::new();
            for (id, class) in classes_of(tx, year_id)? {
                if allows(tx, &actor, Action::StudentsView, Target::Class(id))? {
                    out.push(ClassLink {
                        id,
                        students: students_of(tx, id, actor.today)?.len(),
                        class,
                        mine: chief.contains(&id),
                    });
                }
            }
            Ok((year, out))
        })
        .await
}

/// One student's basic file.
pub struct StudentView {
    pub row: StudentRow,
    pub class: Option<(ClassId, Class)>,
    pub movements: Vec<(Movement, Option<Class>)>,
    pub contacts: bool,
    pub can_edit: bool,
    /// Classes of the current year, for transfers.
    pub classes: Vec<(ClassId, Class)>,
    pub can_diary: bool,
    pub can_timetable: bool,
}

pub async fn student_view(state: &AppState, actor: Actor, id: UserId) -> Result<StudentView, AppError> {
    state
        .store
        .read(move |tx| {
            // Ask before looking: a stranger learns nothing about which ids are students.
            permit(tx, &actor, Action::StudentsView, Target::Student(id))?;
            if !STUDENTS.contains(tx, &id)? {
                return Err(AppError::NotFound);
            }
            let row = student_row(tx, id)?.ok_or(AppError::NotFound)?;
            let class = match class_of(tx, id, actor.today)? {
                Some(c) => CLASSES.get(tx, &c)?.map(|cl| (c, cl)),
                None => None,
            };
            let mut moves = Vec::new();
            for m in movements(tx, id)? {
                let c = match m.class {
                    Some(c) => CLASSES.get(tx, &c)?,
                    None => None,
                };
                moves.push((m, c));
            }
            moves.sort_by_key(|(m, _)| (m.date, m.recorded_at));
            let can_edit = allows(tx, &actor, Action::StudentsEdit, Target::Student(id))?;
            let classes = match (can_edit, current_year_id(tx)?) {
                (true, Some(y)) => classes_of(tx, y)?,
                _ => Vec::new(),
            };
            Ok(StudentView {
                contacts: allows(tx, &actor, Action::ContactsView, Target::Student(id))?,
                can_diary: allows(tx, &actor, Action::DiaryView, Target::Student(id))?,
                can_timetable: allows(tx, &actor, Action::TimetableView, Target::Student(id))?,
                can_edit,
                row,
                class,
                movements: moves,
                classes,
            })
        })
        .await
}

/// A child of a parent (or the student themself) with the class today, for the home page.
pub struct ChildLink {
    pub id: UserId,
    pub name: String,
    pub class: Option<String>,
}

/// The students the actor looks after at home: a parent's children, a student's own file.
pub async fn home_students(state: &AppState, actor: Actor) -> Result<Vec<ChildLink>, AppError> {
    state
        .store
        .read(move |tx| {
            let mut ids = super::service::children_of(tx, actor.id)?;
            if STUDENTS.contains(tx, &actor.id)? {
                ids.insert(0, actor.id);
            }
            let mut out = Vec::new();
            for id in ids {
                if !allows(tx, &actor, Action::StudentsView, Target::Student(id))? {
                    continue;
                }
                let Some(user) = accounts::get(tx, id)? else { continue };
                let class = match class_of(tx, id, actor.today)? {
                    Some(c) => CLASSES.get(tx, &c)?.map(|c| c.name()),
                    None => None,
                };
                out.push(ChildLink { id, name: user.full_name(), class });
            }
            Ok(out)
        })
        .await
}
