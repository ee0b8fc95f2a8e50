//! Look-ups shared by the diary pages, all inside the page's one read transaction: names of
//! subjects, people and assignment types (each read once per page), a parent's children, the
//! class a student's page is about, and a student's marks and final marks over a range.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{Duration, NaiveDate};

use crate::auth::accounts;
use crate::auth::model::Role;
use crate::auth::permission::Actor;
use crate::journal::model::{FINAL_MARKS, STUDENT_MARKS};
use crate::journal::model::{FinalKind, FinalMark, Mark};
use crate::people::model::{Movement, class_on};
use crate::people::service::children_of;
use crate::store::ids::{ClassId, SubjectId, TeachingId, UserId, WorkTypeId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{SUBJECTS, WORK_TYPES};
use crate::structure::model::{Subject, WorkType};

/// Names read once per page.
#[derive(Default)]
pub struct Names {
    subjects: HashMap<SubjectId, Option<Subject>>,
    people: HashMap<UserId, Option<String>>,
    work_types: HashMap<WorkTypeId, WorkType>,
}

impl Names {
    /// Loads the assignment types and the subjects (short lists, one scan each); people come
    /// as asked.
    pub fn load(tx: &impl Reader) -> Result<Names, StoreError> {
        let mut work_types = HashMap::new();
        WORK_TYPES.scan_range(tx, None, None, Order::Asc, |id, w| {
            work_types.insert(id, w);
            true
        })?;
        let mut subjects = HashMap::new();
        SUBJECTS.scan_range(tx, None, None, Order::Asc, |id, s| {
            subjects.insert(id, Some(s));
            true
        })?;
        Ok(Names { work_types, subjects, ..Names::default() })
    }

    fn subject(&mut self, tx: &impl Reader, id: SubjectId) -> Result<Option<&Subject>, StoreError> {
        if let Entry::Vacant(e) = self.subjects.entry(id) {
            e.insert(SUBJECTS.get(tx, &id)?);
        }
        Ok(self.subjects.get(&id).and_then(Option::as_ref))
    }

    /// «Математика» (or «—» for a subject that is gone).
    pub fn subject_name(&mut self, tx: &impl Reader, id: SubjectId) -> Result<String, StoreError> {
        Ok(self.subject(tx, id)?.map_or_else(|| "—".to_string(), |s| s.name.clone()))
    }

    /// «Матем.», where space is tight.
    pub fn subject_short(&mut self, tx: &impl Reader, id: SubjectId) -> Result<String, StoreError> {
        Ok(self.subject(tx, id)?.map_or_else(|| "—".to_string(), |s| s.short.clone()))
    }

    /// «Смирнова О. Н.».
    pub fn short_name(&mut self, tx: &impl Reader, id: UserId) -> Result<String, StoreError> {
        if let Entry::Vacant(e) = self.people.entry(id) {
            e.insert(accounts::get(tx, id)?.map(|u| u.short_name()));
        }
        Ok(self.people.get(&id).cloned().flatten().unwrap_or_default())
    }

    /// The abbreviation and the name of an assignment type («К/р», «Контрольная работа»).
    pub fn work_type(&self, id: WorkTypeId) -> (String, String) {
        self.work_types.get(&id).map(|w| (w.abbr.clone(), w.name.clone())).unwrap_or_default()
    }
}

/// A parent's children with their names, for the switcher (empty for anyone else).
pub fn children_tabs(tx: &impl Reader, actor: &Actor) -> Result<Vec<(UserId, String)>, StoreError> {
    if !actor.roles.contains(&Role::Parent) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for child in children_of(tx, actor.id)? {
        if let Some(u) = accounts::get(tx, child)? {
            out.push((child, format!("{} {}", u.first_name, u.surname)));
        }
    }
    Ok(out)
}

/// The class a student's page is about on `day`: the class of that day, else of the latest
/// movement (a student who has left keeps their last class's pages).
pub fn class_for(movements: &[Movement], day: NaiveDate) -> Option<ClassId> {
    class_on(movements, day).or_else(|| {
        let mut dates: Vec<NaiveDate> = movements.iter().map(|m| m.date).collect();
        dates.sort();
        dates.iter().rev().find_map(|d| class_on(movements, *d))
    })
}

/// One mark of a student, with its place.
#[derive(Clone, Debug)]
pub struct DatedMark {
    pub date: NaiveDate,
    pub teaching: TeachingId,
    pub number: u8,
    pub assignment: u8,
    pub mark: Mark,
}

/// A student's marks from `from` to `to`, both included, in date order: one range scan.
pub fn marks_between(
    tx: &impl Reader,
    student: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DatedMark>, StoreError> {
    let mut out = Vec::new();
    STUDENT_MARKS.scan_between(
        tx,
        &(student, from),
        &(student, to + Duration::days(1)),
        Order::Asc,
        |(_, date, teaching, number, assignment), mark| {
            out.push(DatedMark { date, teaching, number, assignment, mark });
            true
        },
    )?;
    Ok(out)
}

/// A student's final marks of every kind, by subject: one prefix scan.
pub fn finals_of(
    tx: &impl Reader,
    student: UserId,
) -> Result<HashMap<SubjectId, Vec<(FinalKind, FinalMark)>>, StoreError> {
    let mut out: HashMap<SubjectId, Vec<(FinalKind, FinalMark)>> = HashMap::new();
    FINAL_MARKS.scan_prefix(tx, &student, Order::Asc, |(_, subject, kind, id), mark| {
        if let Some(kind) = FinalKind::from_key(kind, id) {
            out.entry(subject).or_default().push((kind, mark));
        }
        true
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::model::MovementKind;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn mv(date: NaiveDate, kind: MovementKind, class: Option<u64>) -> Movement {
        Movement {
            date,
            kind,
            class: class.map(ClassId),
            reason: String::new(),
            order: String::new(),
            recorded_by: None,
            recorded_at: 0,
        }
    }

    #[test]
    fn a_student_who_left_keeps_the_last_class() {
        let moves =
            vec![mv(d(9, 1), MovementKind::Enrol, Some(1)), mv(d(11, 1), MovementKind::Withdraw, None)];
        assert_eq!(class_for(&moves, d(10, 1)), Some(ClassId(1)));
        assert_eq!(class_for(&moves, d(11, 20)), Some(ClassId(1)));
        assert_eq!(class_for(&[], d(11, 20)), None);
    }
}
