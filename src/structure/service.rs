//! Rules of the school structure, as functions inside a write transaction: validation first,
//! then the data. Permission checks are the caller's (the pages' `access*.rs`, the importer,
//! the demo) — these functions, with those of `rules.rs` re-exported here, are the one place
//! the rules live.

use chrono::{Datelike, NaiveDate};
use redb::WriteTransaction;

use super::model::{
    CLASS_NAMES, CLASSES, GRADE_SCHEMES, GROUPS, HOLIDAYS, PERIODS, SUBJECTS, TEACHING, TEACHING_BY_CLASS,
    YEARS,
};
use super::model::{Class, Holiday, Period, Scheme, Subject, Teaching, Year};
use crate::auth::model::Role;
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::people::model::CLASS_STUDENTS;
use crate::store::ids::{ClassId, HolidayId, PeriodId, SubjectId, TeachingId, UserId, YearId};
use crate::store::tables::meta;
use crate::store::{Order, Reader, StoreError};

pub use super::rules::{
    clean, close_year, delete_group, delete_holiday, delete_teaching, groups_of, holidays_of, save_group,
    save_work_type, set_current_year, set_grade_scheme, set_subject_archived, set_work_type_archived,
    update_year,
};
use crate::auth::accounts;

/// Longest accepted name of a year, class profile, room, subject.
pub const MAX_NAME: usize = 100;

/// Checks a year on its own and against the others: start before end, at most 13 months, no
/// overlap, a unique name.
pub fn check_year(tx: &impl Reader, id: Option<YearId>, year: &Year) -> Result<FieldErrors, StoreError> {
    let mut e = FieldErrors::default();
    if year.name.trim().is_empty() {
        e.add("name", "field-required");
    } else if year.name.chars().count() > MAX_NAME {
        e.add("name", "field-too-long");
    }
    if year.end <= year.start {
        e.add("end", "year-end-before-start");
    } else if (year.end - year.start).num_days() > 400 {
        e.add("end", "year-too-long");
    }
    YEARS.scan_range(tx, None, None, Order::Asc, |other_id, other| {
        if Some(other_id) != id {
            if other.start <= year.end && year.start <= other.end {
                e.add("start", "year-overlaps");
            }
            if other.name.trim() == year.name.trim() {
                e.add("name", "year-name-taken");
            }
        }
        true
    })?;
    Ok(e)
}

/// Creates a year with the default period schemes for grades 1–11 and default periods.
pub fn create_year(tx: &WriteTransaction, year: Year) -> Result<YearId, AppError> {
    check_year(tx, None, &year)?.into_result()?;
    let id = YearId::next(tx)?;
    YEARS.insert(tx, &id, &year)?;
    for scheme in Scheme::ALL {
        for (number, (start, end)) in default_periods(&year, scheme).into_iter().enumerate() {
            let period = Period { year: id, scheme, number: number as u8 + 1, start, end, closed: false };
            PERIODS.insert(tx, &PeriodId::next(tx)?, &period)?;
        }
    }
    for grade in 1..=11u32 {
        GRADE_SCHEMES.insert(tx, &(id, grade), &Scheme::default_for(grade as u8))?;
    }
    if current_year_id(tx)?.is_none() {
        meta::set(tx, meta::CURRENT_YEAR, id.0)?;
    }
    Ok(id)
}

/// Refuses changes to a closed year.
pub fn ensure_open(tx: &impl Reader, year: YearId) -> Result<Year, AppError> {
    let y = YEARS.get(tx, &year)?.ok_or(AppError::NotFound)?;
    if y.closed {
        return Err(AppError::BadRequest("year-closed"));
    }
    Ok(y)
}

/// The year shown by default.
pub fn current_year_id(tx: &impl Reader) -> Result<Option<YearId>, StoreError> {
    Ok(meta::get(tx, meta::CURRENT_YEAR)?.map(YearId))
}

/// Typical Russian period dates for a year starting in September of `y`: quarters end before
/// the autumn, winter and spring holidays; half-years split at the New Year.
pub fn default_periods(year: &Year, scheme: Scheme) -> Vec<(NaiveDate, NaiveDate)> {
    let y = year.start.year();
    let d = |yy: i32, m: u32, day: u32| NaiveDate::from_ymd_opt(yy, m, day).expect("valid date");
    let end = d(y + 1, 5, 26).min(year.end);
    match scheme {
        Scheme::Quarters => vec![
            (year.start, d(y, 10, 24)),
            (d(y, 11, 5), d(y, 12, 28)),
            (d(y + 1, 1, 12), d(y + 1, 3, 21)),
            (d(y + 1, 3, 30), end),
        ],
        Scheme::Trimesters => {
            vec![(year.start, d(y, 11, 30)), (d(y, 12, 1), d(y + 1, 2, 28)), (d(y + 1, 3, 1), end)]
        }
        Scheme::HalfYears => vec![(year.start, d(y, 12, 28)), (d(y + 1, 1, 12), end)],
    }
}

/// Checks the periods of one scheme: the right count, each inside the year, start ≤ end, in
/// order and not overlapping. Errors name the period (`period-N-start`/`-end` fields).
pub fn check_periods(
    year: &Year,
    scheme: Scheme,
    periods: &[(NaiveDate, NaiveDate)],
) -> Vec<(usize, &'static str)> {
    let mut errors = Vec::new();
    if periods.len() != scheme.count() as usize {
        errors.push((0, "periods-wrong-count"));
        return errors;
    }
    for (i, (start, end)) in periods.iter().enumerate() {
        if end < start {
            errors.push((i, "period-end-before-start"));
        } else if !year.contains(*start) || !year.contains(*end) {
            errors.push((i, "period-outside-year"));
        } else if i > 0 && *start <= periods[i - 1].1 {
            errors.push((i, "period-overlaps"));
        }
    }
    errors
}

/// Replaces the periods of one scheme of a year.
pub fn set_periods(
    tx: &WriteTransaction,
    year_id: YearId,
    scheme: Scheme,
    periods: &[(NaiveDate, NaiveDate)],
) -> Result<(), AppError> {
    let year = ensure_open(tx, year_id)?;
    if let Some((_, key)) = check_periods(&year, scheme, periods).first() {
        return Err(AppError::BadRequest(key));
    }
    // Periods keep their ids (final marks refer to them) and their closed flag; only the
    // dates change.
    let old = periods_of(tx, year_id, scheme)?;
    for (i, (start, end)) in periods.iter().enumerate() {
        let number = i as u8 + 1;
        match old.iter().find(|(_, p)| p.number == number) {
            Some((id, p)) => {
                let p = Period { start: *start, end: *end, ..p.clone() };
                PERIODS.insert(tx, id, &p)?;
            }
            None => {
                let p = Period { year: year_id, scheme, number, start: *start, end: *end, closed: false };
                PERIODS.insert(tx, &PeriodId::next(tx)?, &p)?;
            }
        }
    }
    for (id, p) in old {
        if p.number as usize > periods.len() {
            PERIODS.remove(tx, &id)?;
        }
    }
    Ok(())
}

/// The periods of a year under a scheme, in order.
pub fn periods_of(
    tx: &impl Reader,
    year: YearId,
    scheme: Scheme,
) -> Result<Vec<(PeriodId, Period)>, StoreError> {
    let mut out = Vec::new();
    PERIODS.scan_range(tx, None, None, Order::Asc, |id, p| {
        if p.year == year && p.scheme == scheme {
            out.push((id, p));
        }
        true
    })?;
    out.sort_by_key(|(_, p)| p.number);
    Ok(out)
}

/// The scheme a parallel uses in a year (the default when none was set).
pub fn scheme_of(tx: &impl Reader, year: YearId, grade: u8) -> Result<Scheme, StoreError> {
    Ok(GRADE_SCHEMES.get(tx, &(year, u32::from(grade)))?.unwrap_or(Scheme::default_for(grade)))
}

/// Adds a holiday inside an open year.
pub fn add_holiday(tx: &WriteTransaction, holiday: Holiday) -> Result<HolidayId, AppError> {
    let year = ensure_open(tx, holiday.year)?;
    let mut e = FieldErrors::default();
    if holiday.name.trim().is_empty() {
        e.add("name", "field-required");
    }
    if holiday.end < holiday.start {
        e.add("end", "period-end-before-start");
    } else if !year.contains(holiday.start) || !year.contains(holiday.end) {
        e.add("start", "period-outside-year");
    }
    e.into_result()?;
    let id = HolidayId::next(tx)?;
    HOLIDAYS.insert(tx, &id, &holiday)?;
    Ok(id)
}

/// Normalises a class letter: trimmed, upper-case («а» → «А»).
pub fn normalize_letter(letter: &str) -> String {
    letter.trim().to_uppercase()
}

/// Checks and saves a class (new when `id` is none). Names are unique within a year; chiefs
/// must be teachers.
pub fn save_class(tx: &WriteTransaction, id: Option<ClassId>, mut class: Class) -> Result<ClassId, AppError> {
    ensure_open(tx, class.year)?;
    class.letter = normalize_letter(&class.letter);
    class.room = class.room.trim().to_string();
    class.profile = class.profile.trim().to_string();
    let mut e = FieldErrors::default();
    if !(1..=11).contains(&class.grade) {
        e.add("grade", "class-grade-invalid");
    }
    if class.letter.is_empty()
        || class.letter.chars().count() > 3
        || !class.letter.chars().all(char::is_alphanumeric)
    {
        e.add("letter", "class-letter-invalid");
    }
    if class.room.chars().count() > MAX_NAME {
        e.add("room", "field-too-long");
    }
    if class.profile.chars().count() > MAX_NAME {
        e.add("profile", "field-too-long");
    }
    for chief in &class.chiefs {
        if !accounts::get(tx, *chief)?.is_some_and(|u| u.has(Role::Teacher)) {
            e.add("chiefs", "class-chief-not-teacher");
        }
    }
    let name = class.name();
    if let Some(existing) = CLASS_NAMES.get(tx, &(class.year, name.clone()))?
        && Some(existing) != id
    {
        e.add("letter", "class-name-taken");
    }
    e.into_result()?;
    let id = match id {
        Some(id) => {
            let old = CLASSES.get(tx, &id)?.ok_or(AppError::NotFound)?;
            if old.year != class.year {
                return Err(AppError::BadRequest("error-bad-request"));
            }
            CLASS_NAMES.remove(tx, &(old.year, old.name()))?;
            id
        }
        None => ClassId::next(tx)?,
    };
    CLASS_NAMES.insert(tx, &(class.year, name), &id)?;
    CLASSES.insert(tx, &id, &class)?;
    Ok(id)
}

/// Deletes a class that has never had students nor teaching; otherwise says why not.
pub fn delete_class(tx: &WriteTransaction, id: ClassId) -> Result<(), AppError> {
    let class = CLASSES.get(tx, &id)?.ok_or(AppError::NotFound)?;
    ensure_open(tx, class.year)?;
    let mut has_students = false;
    CLASS_STUDENTS.scan_prefix(tx, &id, Order::Asc, |_, ()| {
        has_students = true;
        false
    })?;
    if has_students {
        return Err(AppError::BadRequest("class-has-students"));
    }
    if !teaching_of_class(tx, id)?.is_empty() {
        return Err(AppError::BadRequest("class-has-teaching"));
    }
    let mut groups = Vec::new();
    GROUPS.scan_range(tx, None, None, Order::Asc, |gid, g| {
        if g.class == id {
            groups.push(gid);
        }
        true
    })?;
    for g in groups {
        GROUPS.remove(tx, &g)?;
    }
    CLASS_NAMES.remove(tx, &(class.year, class.name()))?;
    CLASSES.remove(tx, &id)?;
    Ok(())
}

/// The classes of a year, by grade and letter.
pub fn classes_of(tx: &impl Reader, year: YearId) -> Result<Vec<(ClassId, Class)>, StoreError> {
    let mut out = Vec::new();
    CLASS_NAMES.scan_prefix(tx, &year, Order::Asc, |(_, _), id| {
        out.push(id);
        true
    })?;
    let mut classes = Vec::with_capacity(out.len());
    for id in out {
        if let Some(c) = CLASSES.get(tx, &id)? {
            classes.push((id, c));
        }
    }
    classes.sort_by(|a, b| (a.1.grade, &a.1.letter).cmp(&(b.1.grade, &b.1.letter)));
    Ok(classes)
}

/// Checks and saves a subject; names are unique.
pub fn save_subject(
    tx: &WriteTransaction,
    id: Option<SubjectId>,
    mut subject: Subject,
) -> Result<SubjectId, AppError> {
    subject.name = subject.name.split_whitespace().collect::<Vec<_>>().join(" ");
    subject.short = subject.short.trim().to_string();
    let mut e = FieldErrors::default();
    if subject.name.is_empty() {
        e.add("name", "field-required");
    } else if subject.name.chars().count() > MAX_NAME {
        e.add("name", "field-too-long");
    }
    if subject.short.is_empty() {
        subject.short = subject.name.chars().take(8).collect();
    } else if subject.short.chars().count() > 16 {
        e.add("short", "field-too-long");
    }
    let lower = subject.name.to_lowercase();
    SUBJECTS.scan_range(tx, None, None, Order::Asc, |other_id, other| {
        if Some(other_id) != id && other.name.to_lowercase() == lower {
            e.add("name", "subject-name-taken");
        }
        true
    })?;
    e.into_result()?;
    let id = match id {
        Some(id) if SUBJECTS.contains(tx, &id)? => id,
        Some(_) => return Err(AppError::NotFound),
        None => SubjectId::next(tx)?,
    };
    SUBJECTS.insert(tx, &id, &subject)?;
    Ok(id)
}

/// Checks and adds a teaching assignment: the teacher teaches, the class is of the year, the
/// group (if any) belongs to the class and the subject, hours are 0–40.
pub fn add_teaching(tx: &WriteTransaction, t: Teaching) -> Result<TeachingId, AppError> {
    ensure_open(tx, t.year)?;
    let mut e = FieldErrors::default();
    if !accounts::get(tx, t.teacher)?.is_some_and(|u| u.has(Role::Teacher) && !u.disabled) {
        e.add("teacher", "teaching-not-a-teacher");
    }
    match CLASSES.get(tx, &t.class)? {
        Some(c) if c.year == t.year => {}
        _ => e.add("class", "teaching-class-invalid"),
    }
    if !SUBJECTS.contains(tx, &t.subject)? {
        e.add("subject", "teaching-subject-invalid");
    }
    if let Some(g) = t.group {
        match GROUPS.get(tx, &g)? {
            Some(group) if group.class == t.class && group.subject == t.subject => {}
            _ => e.add("group", "teaching-group-invalid"),
        }
    }
    if !(t.hours >= 0.0 && t.hours <= 40.0) {
        e.add("hours", "teaching-hours-invalid");
    }
    if e.is_empty()
        && teaching_of_class(tx, t.class)?.iter().any(|(_, o)| {
            o.year == t.year && o.group == t.group && o.subject == t.subject && o.teacher == t.teacher
        })
    {
        e.add("subject", "teaching-duplicate");
    }
    e.into_result()?;
    let id = TeachingId::next(tx)?;
    TEACHING.insert(tx, &id, &t)?;
    TEACHING_BY_CLASS.insert(tx, &(t.class, id), &())?;
    crate::structure::model::TEACHING_BY_TEACHER.insert(tx, &(t.teacher, id), &())?;
    Ok(id)
}

/// The teaching assignments of one class, through the class index.
pub fn teaching_of_class(
    tx: &impl Reader,
    class: ClassId,
) -> Result<Vec<(TeachingId, Teaching)>, StoreError> {
    let mut ids = Vec::new();
    TEACHING_BY_CLASS.scan_prefix(tx, &class, Order::Asc, |(_, id), ()| {
        ids.push(id);
        true
    })?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(t) = TEACHING.get(tx, &id)? {
            out.push((id, t));
        }
    }
    Ok(out)
}

/// Teaching assignments of a year.
pub fn teaching_of(tx: &impl Reader, year: YearId) -> Result<Vec<(TeachingId, Teaching)>, StoreError> {
    let mut out = Vec::new();
    TEACHING.scan_range(tx, None, None, Order::Asc, |id, t| {
        if t.year == year {
            out.push((id, t));
        }
        true
    })?;
    Ok(out)
}

/// The classes where `teacher` is class chief in `year`.
pub fn chief_classes(
    tx: &impl Reader,
    year: YearId,
    teacher: UserId,
) -> Result<Vec<(ClassId, Class)>, StoreError> {
    Ok(classes_of(tx, year)?.into_iter().filter(|(_, c)| c.chiefs.contains(&teacher)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn year() -> Year {
        Year::containing(d(2026, 11, 28))
    }

    #[test]
    fn default_periods_are_valid_for_every_scheme() {
        let y = year();
        for scheme in Scheme::ALL {
            let p = default_periods(&y, scheme);
            assert_eq!(p.len(), scheme.count() as usize);
            assert!(
                check_periods(&y, scheme, &p).is_empty(),
                "{scheme:?}: {:?}",
                check_periods(&y, scheme, &p)
            );
        }
    }

    #[test]
    fn invalid_periods_are_named() {
        let y = year();
        let wrong_count = vec![(d(2026, 9, 1), d(2026, 12, 1))];
        assert_eq!(check_periods(&y, Scheme::HalfYears, &wrong_count), vec![(0, "periods-wrong-count")]);
        let reversed = vec![(d(2026, 12, 1), d(2026, 9, 1)), (d(2027, 1, 10), d(2027, 5, 25))];
        assert_eq!(check_periods(&y, Scheme::HalfYears, &reversed), vec![(0, "period-end-before-start")]);
        let overlapping = vec![(d(2026, 9, 1), d(2027, 1, 15)), (d(2027, 1, 10), d(2027, 5, 25))];
        assert_eq!(check_periods(&y, Scheme::HalfYears, &overlapping), vec![(1, "period-overlaps")]);
        let outside = vec![(d(2026, 8, 20), d(2026, 12, 25)), (d(2027, 1, 10), d(2027, 5, 25))];
        assert_eq!(check_periods(&y, Scheme::HalfYears, &outside), vec![(0, "period-outside-year")]);
    }

    #[test]
    fn class_letters_are_upper_case() {
        assert_eq!(normalize_letter(" а "), "А");
    }
}
