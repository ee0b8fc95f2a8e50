//! The school's structure: study years with their periods and holidays, classes and groups,
//! subjects, assignment types, and teaching assignments.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::store::ids::{
    ClassId, GroupId, HolidayId, PeriodId, SubjectId, TeachingId, UserId, WorkTypeId, YearId,
};
use crate::store::table::{AnyTable, Tbl};

/// A study year (учебный год), 1 September – 31 August by default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Year {
    /// «2026/2027».
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// A closed year is read-only.
    #[serde(default)]
    pub closed: bool,
}

impl Year {
    /// The default year that contains `date`: 1 September to 31 August.
    pub fn containing(date: NaiveDate) -> Year {
        let first = if date.month() >= 9 { date.year() } else { date.year() - 1 };
        Year {
            name: format!("{}/{}", first, first + 1),
            start: NaiveDate::from_ymd_opt(first, 9, 1).expect("valid date"),
            end: NaiveDate::from_ymd_opt(first + 1, 8, 31).expect("valid date"),
            closed: false,
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// How a year is divided for a parallel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// Четверти: 4 per year.
    Quarters,
    /// Триместры: 3.
    Trimesters,
    /// Полугодия: 2.
    HalfYears,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [Scheme::Quarters, Scheme::Trimesters, Scheme::HalfYears];

    /// How many periods a year has under this scheme.
    pub fn count(self) -> u8 {
        match self {
            Scheme::Quarters => 4,
            Scheme::Trimesters => 3,
            Scheme::HalfYears => 2,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Scheme::Quarters => "quarters",
            Scheme::Trimesters => "trimesters",
            Scheme::HalfYears => "half_years",
        }
    }

    pub fn from_key(key: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The default scheme of a parallel: quarters for grades 1–9, half-years for 10–11.
    pub fn default_for(grade: u8) -> Scheme {
        if grade >= 10 { Scheme::HalfYears } else { Scheme::Quarters }
    }
}

/// One study period of a year under one scheme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub year: YearId,
    pub scheme: Scheme,
    /// 1-based number within the scheme («2 четверть»).
    pub number: u8,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// A closed period is locked: no marks or attendance are written into its days, and only
    /// the administration changes its final marks.
    #[serde(default)]
    pub closed: bool,
}

/// Holidays (каникулы): no lessons on these days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holiday {
    pub year: YearId,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A class of one year: parallel (1–11) and letter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Class {
    pub year: YearId,
    pub grade: u8,
    pub letter: String,
    /// Class chiefs (классные руководители): teachers.
    #[serde(default)]
    pub chiefs: Vec<UserId>,
    #[serde(default)]
    pub room: String,
    /// Profile (профиль): «физико-математический», …
    #[serde(default)]
    pub profile: String,
}

impl Class {
    /// «5А».
    pub fn name(&self) -> String {
        format!("{}{}", self.grade, self.letter)
    }
}

/// A group (подгруппа) of a class for a subject: English group 1 and 2.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub class: ClassId,
    pub subject: SubjectId,
    pub name: String,
    #[serde(default)]
    pub students: Vec<UserId>,
}

/// A subject (предмет).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub name: String,
    /// Short name for tight columns: «Матем.», «Рус. яз.».
    pub short: String,
    #[serde(default)]
    pub archived: bool,
}

/// An assignment type (тип задания) with its abbreviation and default weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkType {
    pub name: String,
    pub abbr: String,
    pub weight: u8,
    #[serde(default)]
    pub archived: bool,
}

/// The assignment types every school starts with (school-conventions.md); a school edits them.
pub const DEFAULT_WORK_TYPES: [(&str, &str, u8); 16] = [
    ("Ответ на уроке", "Отв", 1),
    ("Домашнее задание", "ДЗ", 1),
    ("Работа на уроке", "РнУ", 1),
    ("Самостоятельная работа", "Сам", 2),
    ("Проверочная работа", "Пров", 2),
    ("Контрольная работа", "К/р", 3),
    ("Диктант", "Дикт", 2),
    ("Сочинение", "Соч", 2),
    ("Изложение", "Изл", 2),
    ("Лабораторная работа", "Лаб", 2),
    ("Практическая работа", "Пр/р", 2),
    ("Тестирование", "Тест", 2),
    ("Проект", "Проект", 2),
    ("Реферат", "Реф", 1),
    ("Зачёт", "Зач", 3),
    ("Экзамен", "Экз", 4),
];

/// A teaching assignment (нагрузка): who teaches which subject to which class or group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Teaching {
    pub year: YearId,
    pub class: ClassId,
    /// A group of the class, when the subject is taught in groups.
    #[serde(default)]
    pub group: Option<GroupId>,
    pub subject: SubjectId,
    pub teacher: UserId,
    /// Hours per week (may be fractional: 0.5).
    pub hours: f32,
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `YearId -> Year`: study years.
pub const YEARS: Tbl<YearId, Year> = Tbl::new("years-1");
/// `PeriodId -> Period`: study periods of every year and scheme.
pub const PERIODS: Tbl<PeriodId, Period> = Tbl::new("periods-1");
/// `(YearId, grade) -> Scheme`: which periods a parallel uses in a year.
pub const GRADE_SCHEMES: Tbl<(YearId, u32), Scheme> = Tbl::new("grade-schemes-1");
/// `HolidayId -> Holiday`.
pub const HOLIDAYS: Tbl<HolidayId, Holiday> = Tbl::new("holidays-1");
/// `ClassId -> Class`.
pub const CLASSES: Tbl<ClassId, Class> = Tbl::new("classes-1");
/// `(YearId, class name «5А») -> ClassId`: unique class names within a year.
pub const CLASS_NAMES: Tbl<(YearId, String), ClassId> = Tbl::new("class-names-1");
/// `GroupId -> Group`: subgroups of classes.
pub const GROUPS: Tbl<GroupId, Group> = Tbl::new("groups-1");
/// `SubjectId -> Subject`.
pub const SUBJECTS: Tbl<SubjectId, Subject> = Tbl::new("subjects-1");
/// `WorkTypeId -> WorkType`: assignment types with default weights.
pub const WORK_TYPES: Tbl<WorkTypeId, WorkType> = Tbl::new("work-types-1");
/// `TeachingId -> Teaching`: teaching assignments.
pub const TEACHING: Tbl<TeachingId, Teaching> = Tbl::new("teaching-1");
/// `(ClassId, TeachingId) -> ()`: the teaching assignments of a class (kept with `TEACHING`).
pub const TEACHING_BY_CLASS: Tbl<(ClassId, TeachingId), ()> = Tbl::new("teaching-by-class-1");
/// `(teacher UserId, TeachingId) -> ()`: the teaching assignments of a teacher (kept with
/// `TEACHING`).
pub const TEACHING_BY_TEACHER: Tbl<(UserId, TeachingId), ()> = Tbl::new("teaching-by-teacher-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[
    &YEARS,
    &PERIODS,
    &GRADE_SCHEMES,
    &HOLIDAYS,
    &CLASSES,
    &CLASS_NAMES,
    &GROUPS,
    &SUBJECTS,
    &WORK_TYPES,
    &TEACHING,
    &TEACHING_BY_CLASS,
    &TEACHING_BY_TEACHER,
];

/// Migration `0003-school-structure`: the assignment types every school starts with.
pub fn default_work_types(tx: &redb::WriteTransaction) -> Result<(), crate::store::StoreError> {
    if WORK_TYPES.count(tx)? == 0 {
        for (name, abbr, weight) in DEFAULT_WORK_TYPES {
            let t = WorkType { name: name.into(), abbr: abbr.into(), weight, archived: false };
            WORK_TYPES.insert(tx, &WorkTypeId::next(tx)?, &t)?;
        }
    }
    Ok(())
}

/// Migration `0004-teaching-by-class`: the class index of teaching assignments, built from the
/// assignments themselves.
pub fn index_teaching_by_class(tx: &redb::WriteTransaction) -> Result<(), crate::store::StoreError> {
    for (id, t) in TEACHING.all(tx)? {
        TEACHING_BY_CLASS.insert(tx, &(t.class, id), &())?;
    }
    Ok(())
}

/// Part of migration `0005-timetable-and-journal`: the teacher index of teaching assignments.
pub fn index_teaching_by_teacher(tx: &redb::WriteTransaction) -> Result<(), crate::store::StoreError> {
    for (id, t) in TEACHING.all(tx)? {
        TEACHING_BY_TEACHER.insert(tx, &(t.teacher, id), &())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_year_runs_from_september_to_august() {
        let y = Year::containing(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        assert_eq!(y.name, "2026/2027");
        assert_eq!(y.start, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        assert_eq!(y.end, NaiveDate::from_ymd_opt(2027, 8, 31).unwrap());
        let spring = Year::containing(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap());
        assert_eq!(spring.name, "2026/2027");
        let sept = Year::containing(NaiveDate::from_ymd_opt(2027, 9, 1).unwrap());
        assert_eq!(sept.name, "2027/2028");
    }

    #[test]
    fn senior_parallels_use_half_years_by_default() {
        assert_eq!(Scheme::default_for(5), Scheme::Quarters);
        assert_eq!(Scheme::default_for(10), Scheme::HalfYears);
        assert_eq!(Scheme::HalfYears.count(), 2);
    }
}
