//! More rules of the school structure, inside a write transaction like those of `service.rs`
//! (which re-exports them, so callers name them `structure::service::…`): changing and closing
//! years, the scheme of a parallel, holidays, groups, assignment types, archiving, and removing
//! teaching assignments.

use std::collections::HashSet;

use redb::WriteTransaction;

use super::model::{
    CLASSES, GRADE_SCHEMES, GROUPS, HOLIDAYS, PERIODS, SUBJECTS, TEACHING, WORK_TYPES, YEARS,
};
use super::model::{Group, Holiday, Scheme, Subject, Teaching, WorkType, Year};
use super::service::{MAX_NAME, check_year, ensure_open};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::people::model::CLASS_STUDENTS;
use crate::store::ids::{ClassId, GroupId, HolidayId, SubjectId, TeachingId, WorkTypeId, YearId};
use crate::store::tables::meta;
use crate::store::{Order, Reader, StoreError};

/// Longest accepted abbreviation of an assignment type («Проект», «К/р»).
pub const MAX_ABBR: usize = 10;

/// Folds runs of white space into one space and trims.
pub fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Changes the name and dates of an open year. Its periods and holidays must stay inside it:
/// move them first when the year shrinks.
pub fn update_year(tx: &WriteTransaction, id: YearId, year: Year) -> Result<(), AppError> {
    ensure_open(tx, id)?;
    let year = Year { name: clean(&year.name), closed: false, ..year };
    check_year(tx, Some(id), &year)?.into_result()?;
    let mut e = FieldErrors::default();
    let outside = |start, end| !year.contains(start) || !year.contains(end);
    PERIODS.scan_range(tx, None, None, Order::Asc, |_, p| {
        if p.year == id && outside(p.start, p.end) {
            e.add("start", "year-periods-outside");
        }
        true
    })?;
    HOLIDAYS.scan_range(tx, None, None, Order::Asc, |_, h| {
        if h.year == id && outside(h.start, h.end) {
            e.add("start", "year-holidays-outside");
        }
        true
    })?;
    e.into_result()?;
    YEARS.insert(tx, &id, &year)?;
    Ok(())
}

/// Closes a year: from now on it is read-only. Returns it.
pub fn close_year(tx: &WriteTransaction, id: YearId) -> Result<Year, AppError> {
    let mut year = ensure_open(tx, id)?;
    year.closed = true;
    YEARS.insert(tx, &id, &year)?;
    Ok(year)
}

/// Makes `id` the year shown by default. A closed year may stay current until the next one is
/// ready: this changes what is shown, not the year.
pub fn set_current_year(tx: &WriteTransaction, id: YearId) -> Result<Year, AppError> {
    let year = YEARS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    meta::set(tx, meta::CURRENT_YEAR, id.0)?;
    Ok(year)
}

/// Sets the scheme (quarters, trimesters, half-years) of parallel `grade` in an open year.
pub fn set_grade_scheme(
    tx: &WriteTransaction,
    year: YearId,
    grade: u8,
    scheme: Scheme,
) -> Result<(), AppError> {
    ensure_open(tx, year)?;
    if !(1..=11).contains(&grade) {
        return Err(AppError::BadRequest("class-grade-invalid"));
    }
    GRADE_SCHEMES.insert(tx, &(year, u32::from(grade)), &scheme)?;
    Ok(())
}

/// The holidays of a year, by start date.
pub fn holidays_of(tx: &impl Reader, year: YearId) -> Result<Vec<(HolidayId, Holiday)>, StoreError> {
    let mut out = Vec::new();
    HOLIDAYS.scan_range(tx, None, None, Order::Asc, |id, h| {
        if h.year == year {
            out.push((id, h));
        }
        true
    })?;
    out.sort_by_key(|(id, h)| (h.start, *id));
    Ok(out)
}

/// Removes a holiday of an open year; returns it.
pub fn delete_holiday(tx: &WriteTransaction, id: HolidayId) -> Result<Holiday, AppError> {
    let holiday = HOLIDAYS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    ensure_open(tx, holiday.year)?;
    HOLIDAYS.remove(tx, &id)?;
    Ok(holiday)
}

/// The groups of a class, by subject and name.
pub fn groups_of(tx: &impl Reader, class: ClassId) -> Result<Vec<(GroupId, Group)>, StoreError> {
    let mut out = Vec::new();
    GROUPS.scan_range(tx, None, None, Order::Asc, |id, g| {
        if g.class == class {
            out.push((id, g));
        }
        true
    })?;
    out.sort_by_key(|(_, g)| (g.subject, g.name.to_lowercase()));
    Ok(out)
}

fn group_has_teaching(tx: &impl Reader, group: GroupId) -> Result<bool, StoreError> {
    let mut found = false;
    TEACHING.scan_range(tx, None, None, Order::Asc, |_, t| {
        found = t.group == Some(group);
        !found
    })?;
    Ok(found)
}

/// Checks and saves a group of a class (new when `id` is none): a name unique among the
/// class's groups of the same subject, an existing subject, students who are (or were) in the
/// class. A group keeps its class; its subject cannot change while teaching uses it.
pub fn save_group(tx: &WriteTransaction, id: Option<GroupId>, mut group: Group) -> Result<GroupId, AppError> {
    let class = CLASSES.get(tx, &group.class)?.ok_or(AppError::NotFound)?;
    ensure_open(tx, class.year)?;
    group.name = clean(&group.name);
    let mut seen = HashSet::new();
    group.students.retain(|s| seen.insert(*s));
    let mut e = FieldErrors::default();
    if group.name.is_empty() {
        e.add("name", "field-required");
    } else if group.name.chars().count() > MAX_NAME {
        e.add("name", "field-too-long");
    }
    if !SUBJECTS.contains(tx, &group.subject)? {
        e.add("subject", "teaching-subject-invalid");
    }
    for s in &group.students {
        if !CLASS_STUDENTS.contains(tx, &(group.class, *s))? {
            e.add("students", "group-student-not-in-class");
        }
    }
    let lower = group.name.to_lowercase();
    for (other_id, other) in groups_of(tx, group.class)? {
        if Some(other_id) != id && other.subject == group.subject && other.name.to_lowercase() == lower {
            e.add("name", "group-name-taken");
        }
    }
    if let Some(id) = id {
        let old = GROUPS.get(tx, &id)?.ok_or(AppError::NotFound)?;
        if old.class != group.class {
            return Err(AppError::BadRequest("error-bad-request"));
        }
        if old.subject != group.subject && group_has_teaching(tx, id)? {
            e.add("subject", "group-has-teaching");
        }
    }
    e.into_result()?;
    let id = match id {
        Some(id) => id,
        None => GroupId::next(tx)?,
    };
    GROUPS.insert(tx, &id, &group)?;
    Ok(id)
}

/// Deletes a group that no teaching assignment uses; returns it.
pub fn delete_group(tx: &WriteTransaction, id: GroupId) -> Result<Group, AppError> {
    let group = GROUPS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let class = CLASSES.get(tx, &group.class)?.ok_or(AppError::NotFound)?;
    ensure_open(tx, class.year)?;
    if group_has_teaching(tx, id)? {
        return Err(AppError::BadRequest("group-has-teaching"));
    }
    GROUPS.remove(tx, &id)?;
    Ok(group)
}

/// Archives or restores a subject: an archived subject keeps its history but is not offered
/// for new groups and teaching.
pub fn set_subject_archived(
    tx: &WriteTransaction,
    id: SubjectId,
    archived: bool,
) -> Result<Subject, AppError> {
    let mut subject = SUBJECTS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    subject.archived = archived;
    SUBJECTS.insert(tx, &id, &subject)?;
    Ok(subject)
}

/// Checks and saves an assignment type (new when `id` is none): a name and an abbreviation,
/// each unique, and a default weight from 1 to 10.
pub fn save_work_type(
    tx: &WriteTransaction,
    id: Option<WorkTypeId>,
    mut wt: WorkType,
) -> Result<WorkTypeId, AppError> {
    wt.name = clean(&wt.name);
    wt.abbr = clean(&wt.abbr);
    let mut e = FieldErrors::default();
    if wt.name.is_empty() {
        e.add("name", "field-required");
    } else if wt.name.chars().count() > MAX_NAME {
        e.add("name", "field-too-long");
    }
    if wt.abbr.is_empty() {
        e.add("abbr", "field-required");
    } else if wt.abbr.chars().count() > MAX_ABBR {
        e.add("abbr", "field-too-long");
    }
    if !(1..=10).contains(&wt.weight) {
        e.add("weight", "work-type-weight-invalid");
    }
    let (name, abbr) = (wt.name.to_lowercase(), wt.abbr.to_lowercase());
    WORK_TYPES.scan_range(tx, None, None, Order::Asc, |other_id, other| {
        if Some(other_id) != id {
            if other.name.to_lowercase() == name {
                e.add("name", "work-type-name-taken");
            }
            if other.abbr.to_lowercase() == abbr {
                e.add("abbr", "work-type-abbr-taken");
            }
        }
        true
    })?;
    e.into_result()?;
    let id = match id {
        Some(id) if WORK_TYPES.contains(tx, &id)? => id,
        Some(_) => return Err(AppError::NotFound),
        None => WorkTypeId::next(tx)?,
    };
    WORK_TYPES.insert(tx, &id, &wt)?;
    Ok(id)
}

/// Archives or restores an assignment type: archived types are not offered for new work.
pub fn set_work_type_archived(
    tx: &WriteTransaction,
    id: WorkTypeId,
    archived: bool,
) -> Result<WorkType, AppError> {
    let mut wt = WORK_TYPES.get(tx, &id)?.ok_or(AppError::NotFound)?;
    wt.archived = archived;
    WORK_TYPES.insert(tx, &id, &wt)?;
    Ok(wt)
}

/// Removes a teaching assignment of an open year; returns it.
pub fn delete_teaching(tx: &WriteTransaction, id: TeachingId) -> Result<Teaching, AppError> {
    let t = TEACHING.get(tx, &id)?.ok_or(AppError::NotFound)?;
    ensure_open(tx, t.year)?;
    // Marks and lessons are records: an assignment with a journal stays.
    // What a lesson plan filled in goes with the assignment.
    let mut has_journal = false;
    let mut filled = Vec::new();
    crate::journal::model::LESSONS.scan_prefix(tx, &id, Order::Asc, |k, l| {
        has_journal = l.written();
        filled.push(k);
        !has_journal
    })?;
    let mut marked = false;
    crate::journal::model::MARKS.scan_prefix(tx, &id, Order::Asc, |_, _| {
        marked = true;
        false
    })?;
    crate::journal::model::ATTENDANCE.scan_prefix(tx, &id, Order::Asc, |_, _| {
        marked = true;
        false
    })?;
    if has_journal || marked {
        return Err(AppError::BadRequest("teaching-has-journal"));
    }
    for (t, date, number) in filled {
        crate::journal::records::remove_lesson(
            tx,
            crate::journal::model::LessonKey { teaching: t, date, number },
        )?;
    }
    if let Some(plan) = crate::plans::model::PLAN_BINDINGS.get(tx, &id)? {
        crate::plans::model::PLAN_BINDINGS.remove(tx, &id)?;
        crate::plans::model::PLAN_TEACHINGS.remove(tx, &(plan, id))?;
    }
    let mut in_timetable = false;
    crate::timetable::model::TIMETABLE.scan_prefix(tx, &t.class, Order::Asc, |_, week| {
        in_timetable = week.slots.iter().any(|s| s.teaching == id);
        !in_timetable
    })?;
    if in_timetable {
        return Err(AppError::BadRequest("teaching-in-timetable"));
    }
    TEACHING.remove(tx, &id)?;
    crate::structure::model::TEACHING_BY_CLASS.remove(tx, &(t.class, id))?;
    crate::structure::model::TEACHING_BY_TEACHER.remove(tx, &(t.teacher, id))?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use redb::Durability;

    use super::*;
    use crate::auth::accounts::{Profile, create_without_password};
    use crate::auth::model::Role;
    use crate::people::model::StudentInfo;
    use crate::store::Store;
    use crate::store::ids::UserId;
    use crate::structure::model::Class;
    use crate::structure::service::{add_teaching, create_year, save_class, save_subject};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn person(tx: &WriteTransaction, login: &str, role: Role) -> UserId {
        let profile = Profile {
            login: login.into(),
            surname: "Иванов".into(),
            first_name: login.into(),
            roles: vec![role],
            ..Profile::default()
        };
        create_without_password(tx, profile, 0).unwrap()
    }

    struct School {
        year: YearId,
        class: ClassId,
        other_class: ClassId,
        subject: SubjectId,
        pupil: UserId,
        stranger: UserId,
        teacher: UserId,
    }

    /// A year with two classes, a subject, a teacher and one student in each class.
    fn school(tx: &WriteTransaction) -> School {
        let year = create_year(tx, Year::containing(d(2026, 10, 1))).unwrap();
        let class = |letter: &str| Class {
            year,
            grade: 5,
            letter: letter.into(),
            chiefs: vec![],
            room: String::new(),
            profile: String::new(),
        };
        let a = save_class(tx, None, class("А")).unwrap();
        let b = save_class(tx, None, class("Б")).unwrap();
        let subject = save_subject(
            tx,
            None,
            Subject {
                name: "Английский язык".into(), short: "Англ.".into(), archived: false
            },
        )
        .unwrap();
        let student = |login: &str, class| {
            let profile = Profile {
                login: login.into(),
                surname: "Петров".into(),
                first_name: login.into(),
                ..Profile::default()
            };
            crate::people::service::create_student(
                tx,
                profile,
                StudentInfo::default(),
                class,
                d(2026, 9, 1),
                None,
                0,
            )
            .unwrap()
        };
        School {
            year,
            class: a,
            other_class: b,
            subject,
            pupil: student("pupil", a),
            stranger: student("stranger", b),
            teacher: person(tx, "teacher", Role::Teacher),
        }
    }

    fn with_school(f: impl FnOnce(&WriteTransaction, &School)) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.redb"), &crate::wiring::SCHEMA).unwrap();
        store
            .write_blocking(Durability::None, |tx| {
                let s = school(tx);
                f(tx, &s);
                Ok::<_, AppError>(())
            })
            .unwrap();
    }

    fn invalid(r: Result<impl std::fmt::Debug, AppError>) -> FieldErrors {
        match r {
            Err(AppError::Invalid(e)) => e,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_group_needs_a_name_a_subject_and_students_of_its_class() {
        with_school(|tx, s| {
            let group = |name: &str, subject, students| Group {
                class: s.class,
                subject,
                name: name.into(),
                students,
            };
            let e = invalid(save_group(tx, None, group("  ", SubjectId(999), vec![s.stranger])));
            assert_eq!(e.get("name"), Some("field-required"));
            assert_eq!(e.get("subject"), Some("teaching-subject-invalid"));
            assert_eq!(e.get("students"), Some("group-student-not-in-class"));

            let id = save_group(tx, None, group(" Группа  1 ", s.subject, vec![s.pupil, s.pupil])).unwrap();
            let saved = GROUPS.get(tx, &id).unwrap().unwrap();
            assert_eq!(saved.name, "Группа 1");
            assert_eq!(saved.students, vec![s.pupil], "students are listed once");

            let e = invalid(save_group(tx, None, group("группа 1", s.subject, vec![])));
            assert_eq!(e.get("name"), Some("group-name-taken"));
            // The same name in another class is fine.
            let other = Group { class: s.other_class, ..group("Группа 1", s.subject, vec![]) };
            save_group(tx, None, other).unwrap();
            // A group stays in its class.
            let moved = Group { class: s.other_class, ..saved.clone() };
            assert!(matches!(save_group(tx, Some(id), moved), Err(AppError::BadRequest(_))));
        });
    }

    #[test]
    fn a_group_with_teaching_keeps_its_subject_and_is_not_deleted() {
        with_school(|tx, s| {
            let id = save_group(
                tx,
                None,
                Group { class: s.class, subject: s.subject, name: "1".into(), students: vec![] },
            )
            .unwrap();
            let t = Teaching {
                year: s.year,
                class: s.class,
                group: Some(id),
                subject: s.subject,
                teacher: s.teacher,
                hours: 3.0,
            };
            let tid = add_teaching(tx, t).unwrap();
            let maths = save_subject(
                tx,
                None,
                Subject { name: "Математика".into(), short: String::new(), archived: false },
            )
            .unwrap();
            let changed = Group { class: s.class, subject: maths, name: "1".into(), students: vec![] };
            assert_eq!(invalid(save_group(tx, Some(id), changed)).get("subject"), Some("group-has-teaching"));
            assert!(matches!(delete_group(tx, id), Err(AppError::BadRequest("group-has-teaching"))));
            delete_teaching(tx, tid).unwrap();
            delete_group(tx, id).unwrap();
            assert!(GROUPS.get(tx, &id).unwrap().is_none());
        });
    }

    #[test]
    fn a_closed_year_refuses_every_change() {
        with_school(|tx, s| {
            let hid = crate::structure::service::add_holiday(
                tx,
                Holiday {
                    year: s.year, name: "Осенние".into(), start: d(2026, 10, 26), end: d(2026, 11, 3)
                },
            )
            .unwrap();
            close_year(tx, s.year).unwrap();
            let closed =
                |r: Result<(), AppError>| assert!(matches!(r, Err(AppError::BadRequest("year-closed"))));
            closed(set_grade_scheme(tx, s.year, 5, Scheme::Trimesters));
            closed(delete_holiday(tx, hid).map(drop));
            closed(close_year(tx, s.year).map(drop));
            closed(update_year(tx, s.year, Year::containing(d(2026, 10, 1))));
            let group = Group { class: s.class, subject: s.subject, name: "1".into(), students: vec![] };
            closed(save_group(tx, None, group).map(drop));
            // Which year is shown is not a change to the year.
            set_current_year(tx, s.year).unwrap();
        });
    }

    #[test]
    fn a_year_keeps_its_periods_and_holidays_inside() {
        with_school(|tx, s| {
            let shorter = Year { end: d(2027, 3, 1), ..Year::containing(d(2026, 10, 1)) };
            assert_eq!(invalid(update_year(tx, s.year, shorter)).get("start"), Some("year-periods-outside"));
            let renamed =
                Year { name: " 2026/2027  учебный ".into(), ..Year::containing(d(2026, 10, 1)) };
            update_year(tx, s.year, renamed).unwrap();
            assert_eq!(YEARS.get(tx, &s.year).unwrap().unwrap().name, "2026/2027 учебный");
        });
    }

    #[test]
    fn assignment_types_need_unique_names_and_weights_from_one_to_ten() {
        with_school(|tx, _| {
            let wt = |name: &str, abbr: &str, weight| WorkType {
                name: name.into(),
                abbr: abbr.into(),
                weight,
                archived: false,
            };
            let id = save_work_type(tx, None, wt("Устный опрос", "УО", 1)).unwrap();
            let e = invalid(save_work_type(tx, None, wt("устный  опрос", "уо", 0)));
            assert_eq!(e.get("name"), Some("work-type-name-taken"));
            assert_eq!(e.get("abbr"), Some("work-type-abbr-taken"));
            assert_eq!(e.get("weight"), Some("work-type-weight-invalid"));
            assert_eq!(invalid(save_work_type(tx, None, wt("", "", 11))).get("abbr"), Some("field-required"));
            save_work_type(tx, Some(id), wt("Устный опрос", "УО", 2)).unwrap();
            assert!(set_work_type_archived(tx, id, true).unwrap().archived);
        });
    }
}
