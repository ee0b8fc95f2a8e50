//! The demo school's structure: the current year with its holidays, the subjects of a Russian
//! curriculum (ФООП, five-day week) with hours per grade, and the classes 1А–11А.

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::Rng;
use crate::error::AppError;
use crate::store::ids::{ClassId, SubjectId, YearId};
use crate::structure::model::{Class, Holiday, Scheme, Subject, Year};
use crate::structure::service;

/// A subject of the demo curriculum; the discriminant indexes [`SUBJECTS`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Subj {
    Rus,
    LitRead,
    Lit,
    Eng,
    Math,
    Alg,
    AlgAn,
    Geom,
    Prob,
    Inf,
    World,
    Orkse,
    Odnknr,
    Hist,
    Soc,
    Geo,
    Bio,
    Phys,
    Chem,
    Music,
    Art,
    Tech,
    Obzr,
    Pe,
    Project,
}

use Subj::*;

/// Every subject: name, short name, and hours per week in grades 1–11 (0: not taught).
pub const SUBJECTS: [(Subj, &str, &str, [f32; 11]); 25] = [
    (Rus, "Русский язык", "Рус. яз.", [5., 5., 5., 5., 5., 6., 4., 3., 3., 2., 2.]),
    (LitRead, "Литературное чтение", "Лит. чт.", [4., 4., 4., 3., 0., 0., 0., 0., 0., 0., 0.]),
    (Lit, "Литература", "Лит-ра", [0., 0., 0., 0., 3., 3., 2., 2., 3., 3., 3.]),
    (Eng, "Английский язык", "Англ. яз.", [0., 2., 2., 2., 3., 3., 3., 3., 3., 3., 3.]),
    (Math, "Математика", "Матем.", [4., 4., 4., 4., 5., 5., 0., 0., 0., 0., 0.]),
    (Alg, "Алгебра", "Алгебра", [0., 0., 0., 0., 0., 0., 3., 3., 3., 0., 0.]),
    (
        AlgAn,
        "Алгебра и начала математического анализа",
        "Алгебра и НА",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 3., 3.],
    ),
    (Geom, "Геометрия", "Геом.", [0., 0., 0., 0., 0., 0., 2., 2., 2., 2., 2.]),
    (Prob, "Вероятность и статистика", "Вер. и стат.", [0., 0., 0., 0., 0., 0., 1., 1., 1., 1., 1.]),
    (Inf, "Информатика", "Информ.", [0., 0., 0., 0., 0., 0., 1., 1., 1., 1., 1.]),
    (World, "Окружающий мир", "Окр. мир", [2., 2., 2., 2., 0., 0., 0., 0., 0., 0., 0.]),
    (
        Orkse,
        "Основы религиозных культур и светской этики",
        "ОРКСЭ",
        [0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        Odnknr,
        "Основы духовно-нравственной культуры народов России",
        "ОДНКНР",
        [0., 0., 0., 0., 1., 1., 0., 0., 0., 0., 0.],
    ),
    (Hist, "История", "История", [0., 0., 0., 0., 2., 2., 2., 2., 2., 2., 2.]),
    (Soc, "Обществознание", "Общ-ние", [0., 0., 0., 0., 0., 1., 1., 1., 1., 2., 2.]),
    (Geo, "География", "Геогр.", [0., 0., 0., 0., 1., 1., 2., 2., 2., 1., 1.]),
    (Bio, "Биология", "Биол.", [0., 0., 0., 0., 1., 1., 1., 2., 2., 1., 1.]),
    (Phys, "Физика", "Физика", [0., 0., 0., 0., 0., 0., 2., 2., 3., 2., 2.]),
    (Chem, "Химия", "Химия", [0., 0., 0., 0., 0., 0., 0., 2., 2., 1., 1.]),
    (Music, "Музыка", "Музыка", [1., 1., 1., 1., 1., 1., 1., 1., 0., 0., 0.]),
    (Art, "Изобразительное искусство", "ИЗО", [1., 1., 1., 1., 1., 1., 1., 0., 0., 0., 0.]),
    (Tech, "Труд (технология)", "Труд", [1., 1., 1., 1., 2., 2., 2., 1., 0., 0., 0.]),
    (Obzr, "Основы безопасности и защиты Родины", "ОБЗР", [0., 0., 0., 0., 0., 0., 0., 1., 1., 1., 1.]),
    (Pe, "Физическая культура", "Физ-ра", [2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2.]),
    (Project, "Индивидуальный проект", "Инд. проект", [0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 1.]),
];

/// The subjects of a grade with their hours per week, in the order of [`SUBJECTS`].
pub fn curriculum(grade: u8) -> Vec<(Subj, f32)> {
    SUBJECTS
        .iter()
        .map(|(s, _, _, hours)| (*s, hours[usize::from(grade) - 1]))
        .filter(|(_, h)| *h > 0.0)
        .collect()
}

/// Whether a subject is taught in two groups (подгруппы) in a grade: English from grade 2.
pub fn in_groups(subj: Subj, grade: u8) -> bool {
    subj == Eng && grade >= 2
}

/// Class letters per grade 1–11: three parallels up to grade 7, two in 8–9, one in 10–11.
const PARALLELS: [usize; 11] = [3, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1];
const LETTERS: [&str; 3] = ["А", "Б", "В"];

/// One class of the demo with the number of students it gets.
pub struct ClassPlan {
    pub id: ClassId,
    pub class: Class,
    pub size: usize,
}

/// What the structure step made.
pub struct School {
    pub year: YearId,
    pub start: NaiveDate,
    /// When the accounts were made: ten days before the year starts, in the morning.
    pub created_at: i64,
    /// By grade and letter.
    pub classes: Vec<ClassPlan>,
    /// Indexed by `Subj as usize`.
    pub subjects: Vec<SubjectId>,
}

impl School {
    /// The index of a class in [`School::classes`] by its name («5А»).
    pub fn class_index(&self, name: &str) -> usize {
        self.classes.iter().position(|c| c.class.name() == name).expect("a demo class")
    }

    pub fn subject(&self, s: Subj) -> SubjectId {
        self.subjects[s as usize]
    }
}

/// The year containing `today`, its holidays, the subjects and the classes (chiefs come later).
pub fn build(tx: &WriteTransaction, rng: &mut Rng, today: NaiveDate) -> Result<School, AppError> {
    let year = Year::containing(today);
    let start = year.start;
    let year_id = service::create_year(tx, year.clone())?;
    add_holidays(tx, year_id, &year)?;
    let mut subjects = Vec::with_capacity(SUBJECTS.len());
    for (i, (s, name, short, _)) in SUBJECTS.iter().enumerate() {
        debug_assert_eq!(*s as usize, i);
        let subject = Subject { name: (*name).into(), short: (*short).into(), archived: false };
        subjects.push(service::save_subject(tx, None, subject)?);
    }
    let mut classes = Vec::new();
    let (mut primary_room, mut room) = (101, 201);
    for grade in 1..=11u8 {
        for letter in &LETTERS[..PARALLELS[usize::from(grade) - 1]] {
            let size = if grade >= 10 { 20 + rng.below(6) } else { 21 + rng.below(6) } as usize;
            let room_no = if grade <= 4 { &mut primary_room } else { &mut room };
            let class = Class {
                year: year_id,
                grade,
                letter: (*letter).into(),
                chiefs: Vec::new(),
                room: room_no.to_string(),
                profile: if grade >= 10 { "универсальный".into() } else { String::new() },
            };
            *room_no += 1;
            let id = service::save_class(tx, None, class.clone())?;
            classes.push(ClassPlan { id, class, size });
        }
    }
    let created_at = super::changes::moscow(start - chrono::Days::new(10), 10, 0);
    Ok(School { year: year_id, start, created_at, classes, subjects })
}

/// Autumn, winter and spring holidays: the days between the default quarters.
fn add_holidays(tx: &WriteTransaction, year_id: YearId, year: &Year) -> Result<(), AppError> {
    let quarters = service::default_periods(year, Scheme::Quarters);
    let names = ["Осенние каникулы", "Зимние каникулы", "Весенние каникулы"];
    for (pair, name) in quarters.windows(2).zip(names) {
        let holiday = Holiday {
            year: year_id,
            name: name.into(),
            start: pair[0].1.succ_opt().expect("a date"),
            end: pair[1].0.pred_opt().expect("a date"),
        };
        service::add_holiday(tx, holiday)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SanPiN 1.2.3685-21: the most lessons a week on a five-day week, grades 1–11.
    const MAX_HOURS: [f32; 11] = [21., 23., 23., 23., 29., 30., 32., 33., 33., 34., 34.];

    #[test]
    fn the_curriculum_fits_the_weekly_limits() {
        for grade in 1..=11u8 {
            let total: f32 = curriculum(grade).iter().map(|(_, h)| h).sum();
            let max = MAX_HOURS[usize::from(grade) - 1];
            assert!(total <= max && total >= max - 6.0, "grade {grade}: {total} of {max}");
        }
    }

    #[test]
    fn subjects_are_in_enum_order() {
        for (i, (s, _, short, _)) in SUBJECTS.iter().enumerate() {
            assert_eq!(*s as usize, i);
            assert!(short.chars().count() <= 16, "{short}");
        }
    }
}
