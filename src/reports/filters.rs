//! The filters of a report: what the query string asked for ([`Asked`]), what the actor may
//! choose from ([`Choices`]) and what the report is then made of ([`Scope`]). Every id asked
//! for goes through `permit`; what is not asked for defaults to the first thing the actor may
//! see, so a report always opens on something. The subject of a report about one student is
//! chosen in [`student_subject`].

mod student_subject;

use chrono::NaiveDate;

use super::catalog::Filter;
use crate::auth::accounts;
use crate::auth::model::{Role, User};
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::people::model::CHILDREN;
use crate::people::service::{class_of, students_of};
use crate::store::ids::{ClassId, PeriodId, SubjectId, TeachingId, UserId, YearId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, PERIODS, SUBJECTS, YEARS};
use crate::structure::model::{Class, Period, Subject, Year};
use crate::structure::service::{classes_of, current_year_id, periods_of, scheme_of, teaching_of};
use crate::web::form::Pairs;
use crate::web::i18n::{Arg, Lang};

/// The filters as the query string gives them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Asked {
    pub year: Option<YearId>,
    pub period: Option<PeriodId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub class: Option<ClassId>,
    pub grade: Option<u8>,
    pub subject: Option<SubjectId>,
    pub teacher: Option<UserId>,
    pub student: Option<UserId>,
    /// The student the form's subject was chosen for (a hidden field of the form).
    pub subject_for: Option<UserId>,
}

fn id<T: std::str::FromStr>(q: &Pairs, name: &str) -> Result<Option<T>, AppError> {
    match q.get(name).trim() {
        "" => Ok(None),
        s => s.parse().map(Some).map_err(|_| AppError::NotFound),
    }
}

fn day(q: &Pairs, name: &str) -> Result<Option<NaiveDate>, AppError> {
    match q.get(name).trim() {
        "" => Ok(None),
        s => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::BadRequest("reports-bad-date")),
    }
}

impl Asked {
    /// Reads `year, period, from, to, class, grade, subject, teacher, student, subject_for`; an
    /// id that is not a number is a page that does not exist, a date that is not one a bad request.
    pub fn parse(q: &Pairs) -> Result<Asked, AppError> {
        Ok(Asked {
            year: id(q, "year")?,
            period: id(q, "period")?,
            from: day(q, "from")?,
            to: day(q, "to")?,
            class: id(q, "class")?,
            grade: id(q, "grade")?,
            subject: id(q, "subject")?,
            teacher: id(q, "teacher")?,
            student: id(q, "student")?,
            subject_for: id(q, "subject_for")?,
        })
    }

    /// The query string that asks for `scope` again (for the files and the snapshot).
    pub fn of_scope(scope: &Scope) -> Vec<(&'static str, String)> {
        let mut q = vec![("year", scope.year.0.to_string())];
        if let Some((id, _)) = &scope.period {
            q.push(("period", id.to_string()));
        }
        if scope.range_asked {
            q.push(("from", scope.from.to_string()));
            q.push(("to", scope.to.to_string()));
        }
        if let Some((id, _)) = &scope.class {
            q.push(("class", id.to_string()));
        }
        if let Some(g) = scope.grade {
            q.push(("grade", g.to_string()));
        }
        if let Some((id, _)) = &scope.subject {
            q.push(("subject", id.to_string()));
        }
        if let Some((id, _)) = &scope.teacher {
            q.push(("teacher", id.to_string()));
        }
        if let Some((id, _)) = &scope.student {
            q.push(("student", id.to_string()));
        }
        q
    }
}

/// What the filter form offers; only the filters of the report are filled.
#[derive(Clone, Debug, Default)]
pub struct Choices {
    pub years: Vec<(YearId, String)>,
    pub periods: Vec<(PeriodId, Period)>,
    pub classes: Vec<(ClassId, String)>,
    pub grades: Vec<u8>,
    pub subjects: Vec<(SubjectId, String)>,
    pub teachers: Vec<(UserId, String)>,
    pub students: Vec<(UserId, String)>,
}

/// What a report is made of.
#[derive(Clone, Debug)]
pub struct Scope {
    pub year: (YearId, Year),
    pub period: Option<(PeriodId, Period)>,
    /// The days covered: the range asked for, else the period's days up to today.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `from`/`to` came from the query string.
    pub range_asked: bool,
    pub class: Option<(ClassId, Class)>,
    pub grade: Option<u8>,
    pub subject: Option<(SubjectId, Subject)>,
    pub teacher: Option<(UserId, User)>,
    pub student: Option<(UserId, User)>,
}

impl Scope {
    /// The day on which class membership is taken: the end of the range.
    pub fn day(&self) -> NaiveDate {
        self.to
    }
}

/// Staff who see reports beyond a student's own: the administration and teachers.
pub fn is_staff(actor: &Actor) -> bool {
    actor.roles.iter().any(|r| matches!(r, Role::Admin | Role::Principal | Role::Teacher))
}

/// Sees the whole school (every class and teacher).
pub fn sees_school(tx: &impl Reader, actor: &Actor) -> Result<bool, StoreError> {
    allows(tx, actor, Action::ReportsView, Target::School)
}

/// Whether a teaching assignment's figures are in the actor's reports: the administration and
/// the class chief see every subject, a teacher their own assignments. Substituting a lesson
/// reaches only the journal (`auth::permission`), so it does not open the subject's results.
pub fn sees_teaching(tx: &impl Reader, actor: &Actor, id: TeachingId) -> Result<bool, StoreError> {
    allows(tx, actor, Action::ReportsView, Target::Teaching(id))
}

/// The period to show: the one asked for, else the last one ended by `today`, else the one
/// running, else the first.
pub fn pick_period(
    periods: &[(PeriodId, Period)],
    wanted: Option<PeriodId>,
    today: NaiveDate,
) -> Option<(PeriodId, Period)> {
    wanted
        .and_then(|w| periods.iter().find(|(id, _)| *id == w))
        .or_else(|| periods.iter().rev().find(|(_, p)| p.end < today))
        .or_else(|| periods.iter().find(|(_, p)| p.start <= today && today <= p.end))
        .or(periods.first())
        .cloned()
}

/// The period of `grade`'s scheme that matches `chosen` (of another scheme): the one holding
/// its last day, else the last one ended by then. Quarters and half-years end together at the
/// winter holidays and in May.
pub fn matching_period(
    tx: &impl Reader,
    year: YearId,
    grade: u8,
    chosen: &Period,
) -> Result<Option<(PeriodId, Period)>, StoreError> {
    let periods = periods_of(tx, year, scheme_of(tx, year, grade)?)?;
    Ok(periods
        .iter()
        .find(|(_, p)| p.scheme == chosen.scheme && p.number == chosen.number)
        .or_else(|| periods.iter().find(|(_, p)| p.start <= chosen.end && chosen.end <= p.end))
        .or_else(|| periods.iter().rev().find(|(_, p)| p.end <= chosen.end))
        .cloned())
}

/// «2 четверть».
pub fn period_name(lang: Lang, p: &Period) -> String {
    lang.t_args(&format!("st-period-{}", p.scheme.key()), &[("n", Arg::Num(i64::from(p.number)))])
}

fn user(tx: &impl Reader, id: UserId) -> Result<User, AppError> {
    accounts::get(tx, id)?.ok_or(AppError::NotFound)
}

/// Works out the scope of a report with `filters` for `actor`, and the choices of its form.
pub fn resolve(
    tx: &impl Reader,
    actor: &Actor,
    filters: &[Filter],
    class_action: Option<Action>,
    asked: &Asked,
) -> Result<(Choices, Scope), AppError> {
    let has = |f: Filter| filters.contains(&f);
    let mut ch = Choices::default();
    let mut years = Vec::new();
    YEARS.scan_range(tx, None, None, Order::Asc, |id, y| {
        years.push((id, y));
        true
    })?;
    let year_id = match asked.year {
        Some(y) if years.iter().any(|(id, _)| *id == y) => y,
        Some(_) => return Err(AppError::NotFound),
        None => match current_year_id(tx)? {
            Some(y) => y,
            None => years.last().map(|(id, _)| *id).ok_or(AppError::NotFound)?,
        },
    };
    let year =
        years.iter().find(|(id, _)| *id == year_id).map(|(_, y)| y.clone()).ok_or(AppError::NotFound)?;
    if has(Filter::Year) {
        ch.years = years.iter().map(|(id, y)| (*id, y.name.clone())).collect();
    }
    // The day class membership is read on: today within the year, else its last day.
    let on = actor.today.clamp(year.start, year.end);
    let school = sees_school(tx, actor)?;
    // Staff who are also parents, asking about their own child, are answered as parents: the
    // child's class need not be one they teach or lead.
    let family = has(Filter::Student)
        && match asked.student {
            Some(s) => super::pupils::own_or_child(tx, actor, s)?,
            None => false,
        };
    let staff = is_staff(actor) && !family;

    // The classes the actor may report on.
    let mut classes: Vec<(ClassId, Class)> = Vec::new();
    for (id, c) in classes_of(tx, year_id)? {
        if allows(tx, actor, Action::ReportsView, Target::Class(id))?
            && match class_action {
                Some(a) => allows(tx, actor, a, Target::Class(id))?,
                None => true,
            }
        {
            classes.push((id, c));
        }
    }

    // A class of another year is what the form sends when only the year was switched: it
    // gives way to the first class of the year chosen.
    let asked_class = match asked.class {
        Some(c) => match CLASSES.get(tx, &c)? {
            Some(cl) if cl.year == year_id => Some(c),
            Some(_) => None,
            None => return Err(AppError::NotFound),
        },
        None => None,
    };

    // The student, and with it the class, for the reports about one student.
    let mut class: Option<(ClassId, Class)> = None;
    let mut student = None;
    if has(Filter::Student) {
        let mut candidates: Vec<UserId> = Vec::new();
        if staff {
            let chosen = match asked_class.or(match asked.student {
                Some(s) => class_of(tx, s, on)?,
                None => None,
            }) {
                Some(c) => Some(c),
                None => classes.first().map(|(id, _)| *id),
            };
            if let Some(c) = chosen {
                permit(tx, actor, Action::ReportsView, Target::Class(c))?;
                let cl = CLASSES.get(tx, &c)?.ok_or(AppError::NotFound)?;
                candidates = students_of(tx, c, on)?;
                class = Some((c, cl));
            }
        } else {
            if actor.roles.contains(&Role::Student) {
                candidates.push(actor.id);
            }
            CHILDREN.scan_prefix(tx, &actor.id, Order::Asc, |(_, s), ()| {
                candidates.push(s);
                true
            })?;
        }
        let mut named = Vec::new();
        for s in candidates {
            if let Some(u) = accounts::get(tx, s)? {
                named.push((s, u));
            }
        }
        named.sort_by_key(|(_, u)| u.full_name());
        // A student of another class is what the form sends when only the class was switched:
        // the class's first student then. Without a class asked, the student's own class
        // was taken above, and the permission check below decides.
        let asked_student = asked
            .student
            .filter(|s| !(staff && asked_class.is_some()) || named.iter().any(|(id, _)| id == s));
        let wanted = asked_student.or(named.first().map(|(id, _)| *id));
        if let Some(s) = wanted {
            permit(tx, actor, Action::ReportsView, Target::Student(s))?;
            let u = user(tx, s)?;
            if class.is_none() {
                class = match class_of(tx, s, on)? {
                    Some(c) => CLASSES.get(tx, &c)?.map(|cl| (c, cl)),
                    None => None,
                };
            }
            student = Some((s, u));
        }
        ch.students = named.iter().map(|(id, u)| (*id, u.full_name())).collect();
    } else if has(Filter::Class) {
        let wanted = asked_class.or(classes.first().map(|(id, _)| *id));
        if let Some(c) = wanted {
            permit(tx, actor, Action::ReportsView, Target::Class(c))?;
            let cl = CLASSES.get(tx, &c)?.ok_or(AppError::NotFound)?;
            class = Some((c, cl));
        }
    }
    if has(Filter::Class) && staff {
        ch.classes = classes.iter().map(|(id, c)| (*id, c.name())).collect();
    }

    // The parallel.
    let mut grade = None;
    if has(Filter::Grade) {
        let mut grades: Vec<u8> = classes.iter().map(|(_, c)| c.grade).collect();
        grades.sort_unstable();
        grades.dedup();
        grade = match asked.grade {
            Some(g) if grades.contains(&g) => Some(g),
            Some(_) => return Err(AppError::NotFound),
            None => grades.first().copied(),
        };
        ch.grades = grades;
    }

    // The subject: those the actor sees taught this year.
    let teaching = teaching_of(tx, year_id)?;
    let mut subject = None;
    if has(Filter::Subject) {
        let mut ids: Vec<SubjectId> = Vec::new();
        for (tid, t) in &teaching {
            if !ids.contains(&t.subject) && sees_teaching(tx, actor, *tid)? {
                ids.push(t.subject);
            }
        }
        let mut subjects: Vec<(SubjectId, Subject)> = Vec::new();
        for id in ids {
            if let Some(s) = SUBJECTS.get(tx, &id)? {
                subjects.push((id, s));
            }
        }
        subjects.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        let wanted = asked.subject.or(subjects.first().map(|(id, _)| *id));
        if let Some(s) = wanted {
            subject = Some(subjects.iter().find(|(id, _)| *id == s).cloned().ok_or(AppError::NotFound)?);
        }
        ch.subjects = subjects.into_iter().map(|(id, s)| (id, s.name)).collect();
    } else if has(Filter::StudentSubject) {
        let who = class.as_ref().map(|(c, _)| *c).zip(student.as_ref().map(|(s, _)| *s));
        (ch.subjects, subject) = student_subject::resolve(tx, actor, who, asked)?;
    }

    // The teacher: everyone teaching this year for the administration, else oneself.
    let mut teacher = None;
    if has(Filter::Teacher) {
        let mut ids: Vec<UserId> = Vec::new();
        for (_, t) in &teaching {
            if !ids.contains(&t.teacher) && (school || t.teacher == actor.id) {
                ids.push(t.teacher);
            }
        }
        let mut named = Vec::new();
        for id in ids {
            if let Some(u) = accounts::get(tx, id)? {
                named.push((id, u));
            }
        }
        named.sort_by_key(|(_, u)| u.full_name());
        let wanted = asked.teacher.or(named.first().map(|(id, _)| *id));
        if let Some(t) = wanted {
            // A teacher's own figures are theirs; another teacher's need the whole school.
            if t != actor.id {
                permit(tx, actor, Action::ReportsView, Target::School)?;
            }
            teacher = Some((t, user(tx, t)?));
        }
        ch.teachers = named.iter().map(|(id, u)| (*id, u.full_name())).collect();
    }

    // The period: of the class's scheme, else the parallel's, else the school's first class's.
    let mut period = None;
    if has(Filter::Period) {
        let grade_for_scheme = class
            .as_ref()
            .map(|(_, c)| c.grade)
            .or(grade)
            .or_else(|| classes.first().map(|(_, c)| c.grade))
            .unwrap_or(1);
        let periods = periods_of(tx, year_id, scheme_of(tx, year_id, grade_for_scheme)?)?;
        // A period of another scheme or year (the class or the year was switched in the form)
        // becomes the matching period here: the same number, else the one holding its end.
        let wanted = match asked.period {
            Some(p) if periods.iter().any(|(id, _)| *id == p) => Some(p),
            Some(p) => {
                let other = PERIODS.get(tx, &p)?.ok_or(AppError::NotFound)?;
                periods
                    .iter()
                    .find(|(_, q)| {
                        other.year == year_id && q.number == other.number && q.scheme == other.scheme
                    })
                    .or_else(|| periods.iter().find(|(_, q)| q.start <= other.end && other.end <= q.end))
                    .map(|(id, _)| *id)
            }
            None => None,
        };
        period = pick_period(&periods, wanted, actor.today);
        ch.periods = periods;
    }

    // The days.
    let (mut from, mut to) = match &period {
        Some((_, p)) => (p.start, p.end.min(actor.today).max(p.start)),
        None => (year.start, actor.today.clamp(year.start, year.end)),
    };
    let mut range_asked = false;
    if has(Filter::Range) && (asked.from.is_some() || asked.to.is_some()) {
        from = asked.from.unwrap_or(from);
        to = asked.to.unwrap_or(to);
        if to < from {
            return Err(AppError::BadRequest("reports-bad-range"));
        }
        if (to - from).num_days() > 400 {
            return Err(AppError::BadRequest("reports-long-range"));
        }
        range_asked = true;
    }
    Ok((
        ch,
        Scope {
            year: (year_id, year),
            period,
            from,
            to,
            range_asked,
            class,
            grade,
            subject,
            teacher,
            student,
        },
    ))
}
