//! The one permission check. Every read and every write asks [`permit`]; the matrix it
//! implements is `docs/permissions.md`, and `tests/permissions.rs` walks that document.
//!
//! A grant is a role and the scopes it reaches: `Own` (the actor's own account or file),
//! `Children` (a parent's linked students), `MyClass` (classes where the actor is class chief),
//! `MyTeaching` (classes and groups the actor teaches), `School` (everything). A teacher is a
//! class chief by being named in a class, not by a separate role. Scopes are looked up in the
//! same transaction as the data they guard, so the answer and the data agree.

use chrono::NaiveDate;

use crate::auth::model::Role;
use crate::error::AppError;
use crate::store::ids::{ClassId, UserId};
use crate::store::tables::{CLASSES, GROUPS, GUARDIANS};
use crate::store::{Reader, StoreError};
use crate::structure::service::teaching_of_class;

/// Who is acting, and on which day (class membership and chiefs are taken on that day).
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: UserId,
    pub roles: Vec<Role>,
    pub today: NaiveDate,
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
    /// See the school structure: years, periods, classes, subjects, teaching.
    StructureView,
    /// Change the school structure.
    StructureEdit,
    /// See students' basic files: names, class, birth date, parents.
    StudentsView,
    /// Change students' basic files and movement, link parents.
    StudentsEdit,
    /// See parents' phones and e-mail.
    ContactsView,
    /// Print access letters (resetting passwords) and see who has signed in.
    LoginsManage,
    /// Import and export lists of students, parents and staff.
    PeopleImport,
}

impl Action {
    pub const ALL: [Action; 14] = [
        Action::SchoolView,
        Action::SchoolEdit,
        Action::UsersView,
        Action::UsersManage,
        Action::SignInsView,
        Action::AuditView,
        Action::PasswordChange,
        Action::StructureView,
        Action::StructureEdit,
        Action::StudentsView,
        Action::StudentsEdit,
        Action::ContactsView,
        Action::LoginsManage,
        Action::PeopleImport,
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
            Action::StructureView => "structure.view",
            Action::StructureEdit => "structure.edit",
            Action::StudentsView => "students.view",
            Action::StudentsEdit => "students.edit",
            Action::ContactsView => "contacts.view",
            Action::LoginsManage => "logins.manage",
            Action::PeopleImport => "people.import",
        }
    }

    pub fn from_key(key: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// What the action is done to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The school as a whole (settings, lists of everything).
    School,
    /// One account.
    User(UserId),
    /// One class (its list, its logins).
    Class(ClassId),
    /// One student's file.
    Student(UserId),
}

impl Target {
    /// How the audit log names the object.
    pub fn describe(self) -> String {
        match self {
            Target::School => "school".into(),
            Target::User(id) => format!("user:{id}"),
            Target::Class(id) => format!("class:{id}"),
            Target::Student(id) => format!("student:{id}"),
        }
    }
}

/// How far a role's grant reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Own,
    Children,
    MyClass,
    MyTeaching,
    School,
}

impl Scope {
    pub fn key(self) -> &'static str {
        match self {
            Scope::Own => "own",
            Scope::Children => "children",
            Scope::MyClass => "my class",
            Scope::MyTeaching => "my teaching",
            Scope::School => "school",
        }
    }
}

/// The scopes `role` reaches for `action`: the baseline policy of `school-conventions.md`.
pub fn grant(role: Role, action: Action) -> &'static [Scope] {
    use Action::*;
    use Role::*;
    const SCHOOL: &[Scope] = &[Scope::School];
    const NONE: &[Scope] = &[];
    match (action, role) {
        (SchoolView, _) => SCHOOL,
        (SchoolEdit, Admin | Principal) => SCHOOL,
        (UsersView | UsersManage, Admin) => SCHOOL,
        (UsersView, Principal) => SCHOOL,
        (SignInsView | AuditView, Admin | Principal) => SCHOOL,
        (PasswordChange, _) => &[Scope::Own],
        (StructureView, Admin | Principal | Teacher | Psychologist | SocialPedagogue) => SCHOOL,
        (StructureEdit, Admin | Principal) => SCHOOL,
        (StudentsView, Admin | Principal | Psychologist | SocialPedagogue) => SCHOOL,
        (StudentsView, Teacher) => &[Scope::MyClass, Scope::MyTeaching],
        (StudentsView, Student) => &[Scope::Own],
        (StudentsView, Parent) => &[Scope::Children],
        (StudentsEdit, Admin | Principal) => SCHOOL,
        (StudentsEdit, Teacher) => &[Scope::MyClass],
        (ContactsView, Admin | Principal | Psychologist | SocialPedagogue) => SCHOOL,
        (ContactsView, Teacher) => &[Scope::MyClass, Scope::MyTeaching],
        (LoginsManage, Admin | Principal) => SCHOOL,
        (LoginsManage, Teacher) => &[Scope::MyClass],
        (PeopleImport, Admin | Principal) => SCHOOL,
        _ => NONE,
    }
}

/// A refusal: what was attempted on what. Logged to the audit log by the web layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denial {
    pub action: &'static str,
    pub object: String,
}

/// May `actor` do `action` on `target`? Any of the actor's roles may grant it. Services call
/// this inside the transaction that reads or writes the data.
pub fn permit(tx: &impl Reader, actor: &Actor, action: Action, target: Target) -> Result<(), AppError> {
    if allows(tx, actor, action, target)? {
        Ok(())
    } else {
        Err(AppError::Forbidden(Denial { action: action.key(), object: target.describe() }))
    }
}

/// The yes/no form of [`permit`], for menus and links.
pub fn allows(tx: &impl Reader, actor: &Actor, action: Action, target: Target) -> Result<bool, StoreError> {
    for &role in &actor.roles {
        for &scope in grant(role, action) {
            if reaches(tx, actor, scope, target)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Whether any of the roles grants the action at school scope, without a transaction: what
/// the navigation uses to decide which menus to show.
pub fn may_at_school(roles: &[Role], action: Action) -> bool {
    roles.iter().any(|&r| grant(r, action).contains(&Scope::School))
}

/// Whether any of the roles grants the action in some scope (a menu that lists «my class»).
pub fn may_somewhere(roles: &[Role], action: Action) -> bool {
    roles.iter().any(|&r| !grant(r, action).is_empty())
}

fn reaches(tx: &impl Reader, actor: &Actor, scope: Scope, target: Target) -> Result<bool, StoreError> {
    Ok(match (scope, target) {
        (Scope::School, _) => true,
        (Scope::Own, Target::User(u) | Target::Student(u)) => u == actor.id,
        (Scope::Children, Target::Student(s)) => GUARDIANS.contains(tx, &(s, actor.id))?,
        (Scope::MyClass, Target::Class(c)) => is_chief(tx, actor.id, c)?,
        (Scope::MyClass, Target::Student(s)) => match current_class(tx, s, actor.today)? {
            Some(c) => is_chief(tx, actor.id, c)?,
            None => false,
        },
        (Scope::MyTeaching, Target::Class(c)) => teaches_class(tx, actor.id, c)?,
        (Scope::MyTeaching, Target::Student(s)) => match current_class(tx, s, actor.today)? {
            Some(c) => teaches_student(tx, actor.id, c, s)?,
            None => false,
        },
        _ => false,
    })
}

fn is_chief(tx: &impl Reader, teacher: UserId, class: ClassId) -> Result<bool, StoreError> {
    Ok(CLASSES.get(tx, &class)?.is_some_and(|c| c.chiefs.contains(&teacher)))
}

fn current_class(tx: &impl Reader, student: UserId, day: NaiveDate) -> Result<Option<ClassId>, StoreError> {
    crate::people::service::class_of(tx, student, day)
}

fn teaches_class(tx: &impl Reader, teacher: UserId, class: ClassId) -> Result<bool, StoreError> {
    Ok(teaching_of_class(tx, class)?.iter().any(|(_, t)| t.teacher == teacher))
}

/// Whether `teacher` teaches `student` in `class`: the whole class, or a group the student is in.
fn teaches_student(
    tx: &impl Reader,
    teacher: UserId,
    class: ClassId,
    student: UserId,
) -> Result<bool, StoreError> {
    let loads =
        teaching_of_class(tx, class)?.into_iter().filter(|(_, t)| t.teacher == teacher).map(|(_, t)| t.group);
    for group in loads {
        match group {
            None => return Ok(true),
            Some(g) => {
                if GROUPS.get(tx, &g)?.is_some_and(|g| g.students.contains(&student)) {
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}
