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
use crate::people::model::GUARDIANS;
use crate::plans::model::PLANS;
use crate::plans::model::{Plan, PlanScope};
use crate::store::ids::{ClassId, PlanId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, GROUPS, TEACHING, TEACHING_BY_TEACHER};
use crate::structure::service::teaching_of_class;
use crate::timetable::model::ChangeKind;
use crate::timetable::model::{SUBSTITUTIONS, TIMETABLE_CHANGES};

/// Who is acting, on which day (class membership and chiefs are taken on that day) and at
/// which moment (unix seconds, what the records they write are stamped with).
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: UserId,
    pub roles: Vec<Role>,
    pub today: NaiveDate,
    pub now: i64,
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
    /// See timetables (a class's, a teacher's, a room's, a student's week) and bells.
    TimetableView,
    /// Change bells, weekly timetables and one-off changes.
    TimetableEdit,
    /// Open a journal: the marks, attendance, topics and homework of a teaching assignment.
    JournalView,
    /// Write into a lesson: marks, attendance, topic, homework, assignments.
    JournalEdit,
    /// Set final marks (period, year, exam, final) of a teaching assignment.
    FinalsEdit,
    /// Set the reason of absences (Б, УП, НП) when a note is brought; see the class's day.
    AttendanceReason,
    /// Open a student's diary: lessons, homework, marks, attendance, averages.
    DiaryView,
    /// See a class's progress in every subject on one screen.
    ProgressView,
    /// Close and reopen study periods.
    PeriodsClose,
    /// Read lesson plans (КТП) and how far each class has got.
    PlansView,
    /// Write a lesson plan, bind it to teaching assignments.
    PlansEdit,
    /// See a class's events.
    EventsView,
    /// Create, change and call off a class's events.
    EventsEdit,
    /// Answer an invitation for a child (a parent meeting).
    EventsReply,
    /// Make and revoke one's private calendar feed address.
    FeedManage,
    /// See reports: a class's (its chief), a teacher's subjects, a student's own.
    ReportsView,
    /// See the reports over the whole school, a parallel, or a subject across classes.
    ReportsSchool,
    /// Hand in a report the administration asked for (a class's, one's own), see its snapshots.
    ReportsSubmit,
    /// Say which reports are due from whom and by when; accept or return what is handed in.
    ReportsManage,
}

impl Action {
    pub const ALL: [Action; 33] = [
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
        Action::TimetableView,
        Action::TimetableEdit,
        Action::JournalView,
        Action::JournalEdit,
        Action::FinalsEdit,
        Action::AttendanceReason,
        Action::DiaryView,
        Action::ProgressView,
        Action::PeriodsClose,
        Action::PlansView,
        Action::PlansEdit,
        Action::EventsView,
        Action::EventsEdit,
        Action::EventsReply,
        Action::FeedManage,
        Action::ReportsView,
        Action::ReportsSchool,
        Action::ReportsSubmit,
        Action::ReportsManage,
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
            Action::TimetableView => "timetable.view",
            Action::TimetableEdit => "timetable.edit",
            Action::JournalView => "journal.view",
            Action::JournalEdit => "journal.edit",
            Action::FinalsEdit => "finals.edit",
            Action::AttendanceReason => "attendance.reason",
            Action::DiaryView => "diary.view",
            Action::ProgressView => "progress.view",
            Action::PeriodsClose => "periods.close",
            Action::PlansView => "plans.view",
            Action::PlansEdit => "plans.edit",
            Action::EventsView => "events.view",
            Action::EventsEdit => "events.edit",
            Action::EventsReply => "events.reply",
            Action::FeedManage => "feed.manage",
            Action::ReportsView => "reports.view",
            Action::ReportsSchool => "reports.school",
            Action::ReportsSubmit => "reports.submit",
            Action::ReportsManage => "reports.manage",
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
    /// A teaching assignment's journal.
    Teaching(TeachingId),
    /// One lesson of a teaching assignment (a substitute reaches only the lessons they give).
    Lesson(TeachingId, NaiveDate, u8),
    /// The final marks of a teaching assignment (its own teacher, not a substitute).
    Finals(TeachingId),
    /// A lesson plan (КТП).
    Plan(PlanId),
}

impl Target {
    /// How the audit log names the object.
    pub fn describe(self) -> String {
        match self {
            Target::School => "school".into(),
            Target::User(id) => format!("user:{id}"),
            Target::Class(id) => format!("class:{id}"),
            Target::Student(id) => format!("student:{id}"),
            Target::Teaching(id) => format!("teaching:{id}"),
            Target::Lesson(id, day, n) => format!("lesson:{id}/{day}/{n}"),
            Target::Finals(id) => format!("finals:{id}"),
            Target::Plan(id) => format!("plan:{id}"),
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
    const WHOLE: &[Scope] = &[Scope::School];
    const NONE: &[Scope] = &[];
    match (action, role) {
        (SchoolView, _) => WHOLE,
        (SchoolEdit, Admin | Principal) => WHOLE,
        (UsersView | UsersManage, Admin) => WHOLE,
        (UsersView, Principal) => WHOLE,
        (SignInsView | AuditView, Admin | Principal) => WHOLE,
        (PasswordChange, _) => &[Scope::Own],
        (StructureView, Admin | Principal | Teacher | Psychologist | SocialPedagogue) => WHOLE,
        (StructureEdit, Admin | Principal) => WHOLE,
        (StudentsView, Admin | Principal | Psychologist | SocialPedagogue) => WHOLE,
        (StudentsView, Teacher) => &[Scope::MyClass, Scope::MyTeaching],
        (StudentsView, Student) => &[Scope::Own],
        (StudentsView, Parent) => &[Scope::Children],
        (StudentsEdit, Admin | Principal) => WHOLE,
        (StudentsEdit, Teacher) => &[Scope::MyClass],
        (ContactsView, Admin | Principal | Psychologist | SocialPedagogue) => WHOLE,
        (ContactsView, Teacher) => &[Scope::MyClass, Scope::MyTeaching],
        (LoginsManage, Admin | Principal) => WHOLE,
        (LoginsManage, Teacher) => &[Scope::MyClass],
        (PeopleImport, Admin | Principal) => WHOLE,
        (TimetableView, Admin | Principal | Teacher | Psychologist | SocialPedagogue) => WHOLE,
        (TimetableView, Student) => &[Scope::Own],
        (TimetableView, Parent) => &[Scope::Children],
        (TimetableEdit, Admin | Principal) => WHOLE,
        (JournalView, Admin | Principal | Psychologist | SocialPedagogue) => WHOLE,
        (JournalView, Teacher) => &[Scope::MyClass, Scope::MyTeaching],
        (JournalEdit, Teacher) => &[Scope::MyTeaching],
        (FinalsEdit, Principal) => WHOLE,
        (FinalsEdit, Teacher) => &[Scope::MyTeaching],
        (AttendanceReason, Teacher) => &[Scope::MyClass],
        (DiaryView, Admin | Principal | Psychologist | SocialPedagogue) => WHOLE,
        (DiaryView, Teacher) => &[Scope::MyClass],
        (DiaryView, Student) => &[Scope::Own],
        (DiaryView, Parent) => &[Scope::Children],
        (ProgressView, Admin | Principal | Psychologist | SocialPedagogue) => WHOLE,
        (ProgressView, Teacher) => &[Scope::MyClass],
        (PeriodsClose, Admin | Principal) => WHOLE,
        (PlansView, Admin | Principal | Teacher) => WHOLE,
        (PlansEdit, Admin | Principal) => WHOLE,
        (PlansEdit, Teacher) => &[Scope::MyTeaching],
        (EventsView, Admin | Principal | Psychologist | SocialPedagogue) => WHOLE,
        (EventsView, Teacher) => &[Scope::MyClass, Scope::MyTeaching],
        (EventsEdit, Admin | Principal) => WHOLE,
        (EventsEdit, Teacher) => &[Scope::MyClass],
        (EventsReply, Parent) => &[Scope::Children],
        (FeedManage, _) => &[Scope::Own],
        (ReportsView, Admin | Principal) => WHOLE,
        (ReportsView, Teacher) => &[Scope::MyClass, Scope::MyTeaching],
        (ReportsView, Student) => &[Scope::Own],
        (ReportsView, Parent) => &[Scope::Children],
        (ReportsSchool, Admin | Principal) => WHOLE,
        (ReportsSubmit, Teacher) => &[Scope::MyClass, Scope::MyTeaching],
        (ReportsManage, Admin | Principal) => WHOLE,
        _ => NONE,
    }
}

pub use crate::error::Denial;

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
            if reaches(tx, actor, scope, action, target)? {
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

/// Whether `scope` of `actor` takes in `target`. A lesson given as a substitute counts for the
/// journal only: it opens the journal and that lesson, never the subject's plan.
fn reaches(
    tx: &impl Reader,
    actor: &Actor,
    scope: Scope,
    action: Action,
    target: Target,
) -> Result<bool, StoreError> {
    let journal = matches!(action, Action::JournalView | Action::JournalEdit);
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
        (Scope::MyClass, Target::Teaching(t)) => match TEACHING.get(tx, &t)? {
            Some(t) => is_chief(tx, actor.id, t.class)?,
            None => false,
        },
        (Scope::MyTeaching, Target::Teaching(t)) => {
            TEACHING_BY_TEACHER.contains(tx, &(actor.id, t))? || (journal && substitutes_in(tx, actor.id, t)?)
        }
        (Scope::MyTeaching, Target::Lesson(t, day, number)) => {
            TEACHING_BY_TEACHER.contains(tx, &(actor.id, t))?
                || (journal && substitutes_lesson(tx, actor.id, t, day, number)?)
        }
        (Scope::MyTeaching, Target::Finals(t)) => TEACHING_BY_TEACHER.contains(tx, &(actor.id, t))?,
        (Scope::MyTeaching, Target::Plan(p)) => match PLANS.get(tx, &p)? {
            Some(plan) => plan_is_theirs(tx, actor.id, &plan)?,
            None => false,
        },
        (Scope::MyTeaching, Target::Student(s)) => match current_class(tx, s, actor.today)? {
            Some(c) => teaches_student(tx, actor.id, c, s)?,
            None => false,
        },
        _ => false,
    })
}

/// Whether `teacher` substitutes in any lesson of teaching assignment `t`.
fn substitutes_in(tx: &impl Reader, teacher: UserId, t: TeachingId) -> Result<bool, StoreError> {
    let mut keys = Vec::new();
    SUBSTITUTIONS.scan_prefix(tx, &teacher, Order::Asc, |(_, day, class, change), ()| {
        keys.push((class, day, change));
        true
    })?;
    for key in keys {
        if TIMETABLE_CHANGES.get(tx, &key)?.is_some_and(|c| c.teaching == t) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether `teacher` gives lesson `number` of `t` on `day` as a substitute.
fn substitutes_lesson(
    tx: &impl Reader,
    teacher: UserId,
    t: TeachingId,
    day: NaiveDate,
    number: u8,
) -> Result<bool, StoreError> {
    let mut changes = Vec::new();
    SUBSTITUTIONS.scan_prefix(tx, &(teacher, day), Order::Asc, |(_, _, class, change), ()| {
        changes.push((class, change));
        true
    })?;
    for (class, change) in changes {
        let given = TIMETABLE_CHANGES.get(tx, &(class, day, change))?.is_some_and(|c| {
            c.teaching == t
                && c.number == number
                && matches!(c.kind, ChangeKind::Substituted { teacher: s } if s == teacher)
        });
        if given {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether `teacher` teaches what `plan` is for: its teaching assignment, or the subject in a
/// class of its grade in its year.
fn plan_is_theirs(tx: &impl Reader, teacher: UserId, plan: &Plan) -> Result<bool, StoreError> {
    match plan.scope {
        PlanScope::Teaching(t) => TEACHING_BY_TEACHER.contains(tx, &(teacher, t)),
        PlanScope::Grade(grade) => {
            let mut mine = Vec::new();
            TEACHING_BY_TEACHER.scan_prefix(tx, &teacher, Order::Asc, |(_, t), ()| {
                mine.push(t);
                true
            })?;
            for t in mine {
                let Some(t) = TEACHING.get(tx, &t)? else { continue };
                if t.subject != plan.subject {
                    continue;
                }
                if CLASSES.get(tx, &t.class)?.is_some_and(|c| c.year == plan.year && c.grade == grade) {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
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
