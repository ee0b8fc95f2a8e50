//! People of the school beyond their accounts: students' basic data and movement (движение),
//! and the links between parents (guardians) and students.
//!
//! Every person has an account (`auth::model::User`) — a student or parent may have no
//! password until an access letter is printed. Staff are accounts with staff roles.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::store::ids::{ClassId, MovementId, UserId};
use crate::store::table::{AnyTable, Tbl};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// A student's basic file beyond the name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StudentInfo {
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub sex: Option<Sex>,
}

/// What a movement does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// Зачисление: into a class.
    Enrol,
    /// Перевод: to another class of the school.
    Transfer,
    /// Выбытие: leaves the school.
    Withdraw,
}

/// One movement of a student, effective from `date`. Past dates stay correct in every report:
/// the class of a student on a day is computed from these, never overwritten.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    pub date: NaiveDate,
    pub kind: MovementKind,
    /// The class entered (enrolment, transfer); none for a withdrawal.
    #[serde(default)]
    pub class: Option<ClassId>,
    /// Reason (причина выбытия, основание).
    #[serde(default)]
    pub reason: String,
    /// Order number (№ приказа).
    #[serde(default)]
    pub order: String,
    #[serde(default)]
    pub recorded_by: Option<UserId>,
    pub recorded_at: i64,
}

/// How a parent (guardian) is related to a student.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Mother,
    Father,
    Guardian,
    Grandmother,
    Grandfather,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::Mother,
        Relation::Father,
        Relation::Guardian,
        Relation::Grandmother,
        Relation::Grandfather,
        Relation::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Relation::Mother => "mother",
            Relation::Father => "father",
            Relation::Guardian => "guardian",
            Relation::Grandmother => "grandmother",
            Relation::Grandfather => "grandfather",
            Relation::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// The link of a parent to a student.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guardian {
    pub relation: Relation,
}

/// The class a student is in on `date`, from their movements (any order given).
pub fn class_on(movements: &[Movement], date: NaiveDate) -> Option<ClassId> {
    let mut sorted: Vec<&Movement> = movements.iter().filter(|m| m.date <= date).collect();
    sorted.sort_by_key(|m| (m.date, m.recorded_at));
    sorted.last().and_then(|m| match m.kind {
        MovementKind::Enrol | MovementKind::Transfer => m.class,
        MovementKind::Withdraw => None,
    })
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `student UserId -> StudentInfo`: birth date, sex.
pub const STUDENTS: Tbl<UserId, StudentInfo> = Tbl::new("students-1");
/// `(student UserId, MovementId) -> Movement`: enrolments, transfers, withdrawals.
pub const MOVEMENTS: Tbl<(UserId, MovementId), Movement> = Tbl::new("movements-1");
/// `(ClassId, student UserId) -> ()`: everyone ever placed in a class (membership on a day
/// comes from `MOVEMENTS`).
pub const CLASS_STUDENTS: Tbl<(ClassId, UserId), ()> = Tbl::new("class-students-1");
/// `(student UserId, parent UserId) -> Guardian`: who is whose parent, and how.
pub const GUARDIANS: Tbl<(UserId, UserId), Guardian> = Tbl::new("guardians-1");
/// `(parent UserId, student UserId) -> ()`: the reverse of `GUARDIANS`.
pub const CHILDREN: Tbl<(UserId, UserId), ()> = Tbl::new("children-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&STUDENTS, &MOVEMENTS, &CLASS_STUDENTS, &GUARDIANS, &CHILDREN];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn mv(date: NaiveDate, kind: MovementKind, class: Option<u64>, at: i64) -> Movement {
        Movement {
            date,
            kind,
            class: class.map(ClassId),
            reason: String::new(),
            order: String::new(),
            recorded_by: None,
            recorded_at: at,
        }
    }

    #[test]
    fn the_class_on_a_day_follows_the_movements_in_date_order() {
        let moves = vec![
            mv(d(11, 10), MovementKind::Transfer, Some(2), 3),
            mv(d(9, 1), MovementKind::Enrol, Some(1), 1),
            mv(d(12, 20), MovementKind::Withdraw, None, 5),
        ];
        assert_eq!(class_on(&moves, d(8, 31)), None, "before enrolment");
        assert_eq!(class_on(&moves, d(9, 1)), Some(ClassId(1)));
        assert_eq!(class_on(&moves, d(11, 9)), Some(ClassId(1)));
        assert_eq!(class_on(&moves, d(11, 10)), Some(ClassId(2)), "the transfer day counts in the new class");
        assert_eq!(class_on(&moves, d(12, 19)), Some(ClassId(2)));
        assert_eq!(class_on(&moves, d(12, 20)), None, "withdrawn");
    }
}
