//! The class chief's day of attendance: the class's students × the lessons of a day with the
//! codes teachers set, and reasons of absence (Б, УП, НП) for a lesson or a range of days.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use redb::WriteTransaction;

use super::queries::Names;
use super::rules::{ReasonForm, check_reason};
use crate::auth::accounts;
use crate::auth::model::User;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::journal::model::STUDENT_ATTENDANCE;
use crate::journal::model::{Attendance, Code, LessonKey};
use crate::journal::records::put_attendance;
use crate::people::model::class_on;
use crate::people::service::{movements, students_of};
use crate::state::AppState;
use crate::store::ids::{ClassId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{GROUPS, TEACHING};
use crate::timetable::calendar::{ClassCalendar, student_teachings};

/// A lesson of the day: a column.
#[derive(Clone, Debug)]
pub struct DayLesson {
    pub number: u8,
    pub teaching: TeachingId,
    pub subject: String,
    /// The group's name for a lesson of a group.
    pub group: String,
    pub cancelled: bool,
    /// The group's students; `None` for the whole class.
    members: Option<Vec<UserId>>,
}

/// A student's codes, one per column: `None` where the lesson is not theirs.
#[derive(Clone, Debug)]
pub struct DayRow {
    pub id: UserId,
    /// «Фамилия Имя Отчество».
    pub name: String,
    /// «Фамилия Имя», for the grid.
    pub short: String,
    pub codes: Vec<Option<Option<Code>>>,
}

#[derive(Clone, Debug)]
pub struct DayView {
    pub class_id: ClassId,
    pub class_name: String,
    pub date: NaiveDate,
    pub lessons: Vec<DayLesson>,
    pub students: Vec<DayRow>,
    /// The day is in a closed period or year: reasons cannot be set.
    pub closed: bool,
}

/// GET /classes/{class}/attendance?date=
pub async fn day(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    date: NaiveDate,
) -> Result<DayView, AppError> {
    state.store.read(move |tx| build_day(tx, &actor, class, date)).await
}

fn build_day(tx: &impl Reader, actor: &Actor, class: ClassId, date: NaiveDate) -> Result<DayView, AppError> {
    permit(tx, actor, Action::AttendanceReason, Target::Class(class))?;
    let cal = ClassCalendar::load(tx, class, date, date)?.ok_or(AppError::NotFound)?;
    let mut names = Names::load(tx)?;
    let mut lessons = Vec::new();
    for p in cal.day(date) {
        let Some(t) = TEACHING.get(tx, &p.teaching)? else { continue };
        let (group, members) = match t.group {
            Some(g) => match GROUPS.get(tx, &g)? {
                Some(g) => (g.name, Some(g.students)),
                None => (String::new(), Some(Vec::new())),
            },
            None => (String::new(), None),
        };
        lessons.push(DayLesson {
            number: p.number,
            teaching: p.teaching,
            subject: names.subject_short(tx, t.subject)?,
            group,
            cancelled: !p.held(),
            members,
        });
    }
    let mut students: Vec<(UserId, User)> = Vec::new();
    for s in students_of(tx, class, date)? {
        if let Some(u) = accounts::get(tx, s)? {
            students.push((s, u));
        }
    }
    students.sort_by_key(|(_, u)| (u.surname.to_lowercase(), u.first_name.to_lowercase()));
    let mut rows = Vec::with_capacity(students.len());
    for (id, user) in students {
        let entries = entries_of(tx, id, date)?;
        let codes = lessons
            .iter()
            .map(|l| {
                let theirs = l.members.as_ref().is_none_or(|m| m.contains(&id));
                theirs.then(|| entries.get(&(l.number, l.teaching)).map(|a| a.code))
            })
            .collect();
        let short = format!("{} {}", user.surname, user.first_name);
        rows.push(DayRow { id, name: user.full_name(), short, codes });
    }
    let closed = cal.year.closed || cal.period_of(date).is_some_and(|(_, p)| p.closed);
    Ok(DayView { class_id: class, class_name: cal.class.name(), date, lessons, students: rows, closed })
}

/// A student's attendance entries of one day by `(lesson number, teaching)`: one range scan.
fn entries_of(
    tx: &impl Reader,
    student: UserId,
    day: NaiveDate,
) -> Result<HashMap<(u8, TeachingId), Attendance>, StoreError> {
    let mut out = HashMap::new();
    STUDENT_ATTENDANCE.scan_between(
        tx,
        &(student, day),
        &(student, day + Duration::days(1)),
        Order::Asc,
        |(_, _, number, teaching), a| {
            out.insert((number, teaching), a);
            true
        },
    )?;
    Ok(out)
}

fn refuse(field: &'static str, message: &'static str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, message);
    AppError::Invalid(e)
}

/// POST /classes/{class}/attendance/reasons: sets the reason on the student's absences of the
/// range (and, when asked, marks the lessons without an entry absent, up to today). Returns how
/// many lessons changed. Refused whole: a bad form, a student not in the class, a closed
/// period or year.
pub async fn set_reason(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    form: ReasonForm,
) -> Result<usize, AppError> {
    let now = actor.now;
    state.store.write(move |tx| apply_reason(tx, &actor, class, &form, now)).await
}

fn apply_reason(
    tx: &WriteTransaction,
    actor: &Actor,
    class: ClassId,
    form: &ReasonForm,
    now: i64,
) -> Result<usize, AppError> {
    permit(tx, actor, Action::AttendanceReason, Target::Class(class))?;
    let r = check_reason(form)?;
    let moves = movements(tx, r.student)?;
    let days: Vec<NaiveDate> = r.from.iter_days().take_while(|d| *d <= r.to).collect();
    let in_class: Vec<NaiveDate> =
        days.iter().copied().filter(|d| class_on(&moves, *d) == Some(class)).collect();
    if in_class.is_empty() {
        return Err(refuse("student", "diary-reason-not-in-class"));
    }
    permit(tx, actor, Action::AttendanceReason, Target::Student(r.student))?;
    let cal = ClassCalendar::load(tx, class, r.from, r.to)?.ok_or(AppError::NotFound)?;
    if cal.year.closed {
        return Err(refuse("from", "diary-reason-year-closed"));
    }
    if !days.iter().all(|d| cal.year.contains(*d)) {
        return Err(refuse("from", "diary-reason-outside-year"));
    }
    if days.iter().any(|d| cal.period_of(*d).is_some_and(|(_, p)| p.closed)) {
        return Err(refuse("from", "diary-reason-period-closed"));
    }
    let follows: HashMap<TeachingId, _> = student_teachings(tx, class, r.student)?.into_iter().collect();
    let wanted = |number: u8| r.lesson.is_none_or(|n| n == number);
    let mut changed = 0;
    for day in in_class {
        let entries = entries_of(tx, r.student, day)?;
        for (&(number, teaching), a) in &entries {
            if wanted(number) && a.code.is_absence() && a.code != r.code {
                let new = Attendance { code: r.code, subject: a.subject, by: actor.id, at: now };
                put_attendance(
                    tx,
                    LessonKey { teaching, date: day, number },
                    r.student,
                    Some(&new),
                    actor.id,
                    now,
                )?;
                changed += 1;
            }
        }
        if !r.fill || day > actor.today {
            continue;
        }
        for p in cal.day(day) {
            let Some(t) = follows.get(&p.teaching) else { continue };
            if p.held() && wanted(p.number) && !entries.contains_key(&(p.number, p.teaching)) {
                let new = Attendance { code: r.code, subject: t.subject, by: actor.id, at: now };
                let key = LessonKey { teaching: p.teaching, date: day, number: p.number };
                put_attendance(tx, key, r.student, Some(&new), actor.id, now)?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}
