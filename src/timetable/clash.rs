//! A teacher in two places at once: the lessons a new version gives each teacher, against
//! their lessons in the other classes' versions in force at the same time.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::model::TIMETABLE;
use super::model::{Bells, Slot};
use crate::store::ids::{ClassId, TeachingId, UserId, YearId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{TEACHING, TEACHING_BY_TEACHER};

/// A teacher's lesson in another class's timetable version.
#[derive(Clone, Debug, PartialEq)]
pub struct Busy {
    pub teacher: UserId,
    pub class: ClassId,
    pub weekday: u8,
    pub number: u8,
    pub shift: u8,
    /// The first day of the version this lesson belongs to.
    pub since: NaiveDate,
}

/// Whether lesson `a` (shift, number) and lesson `b` are at the same time: by the bells when
/// both shifts have them, else when they are the same lesson of the same shift.
pub fn same_time(a: (u8, u8), b: (u8, u8), bells: &BTreeMap<u8, Bells>) -> bool {
    let time = |(shift, number): (u8, u8)| bells.get(&shift).and_then(|b| b.of(number));
    match (time(a), time(b)) {
        (Some(x), Some(y)) => x.start < y.end && y.start < x.end,
        _ => a == b,
    }
}

/// The lessons of `slots` (in `shift`, taught by the teacher `teacher_of` names) that clash
/// with a lesson of `busy`: pairs of slot index and the lesson it clashes with.
pub fn clashes<'a>(
    slots: &[Slot],
    shift: u8,
    teacher_of: impl Fn(TeachingId) -> Option<UserId>,
    busy: &'a [Busy],
    bells: &BTreeMap<u8, Bells>,
) -> Vec<(usize, &'a Busy)> {
    let mut out = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        let Some(teacher) = teacher_of(s.teaching) else { continue };
        if let Some(b) = busy.iter().find(|b| {
            b.teacher == teacher
                && b.weekday == s.weekday
                && same_time((shift, s.number), (b.shift, b.number), bells)
        }) {
            out.push((i, b));
        }
    }
    out
}

/// The lessons `teachers` give in the other classes of `year` while a version of `class`
/// from `from` until `until` (the class's next version) would be in force.
pub fn busy_elsewhere(
    tx: &impl Reader,
    class: ClassId,
    year: YearId,
    from: NaiveDate,
    until: Option<NaiveDate>,
    teachers: &BTreeSet<UserId>,
) -> Result<Vec<Busy>, StoreError> {
    // other class -> teaching -> teacher
    let mut by_class: BTreeMap<ClassId, HashMap<TeachingId, UserId>> = BTreeMap::new();
    for &teacher in teachers {
        let mut ids = Vec::new();
        TEACHING_BY_TEACHER.scan_prefix(tx, &teacher, Order::Asc, |(_, t), ()| {
            ids.push(t);
            true
        })?;
        for id in ids {
            if let Some(t) = TEACHING.get(tx, &id)?
                && t.class != class
                && t.year == year
            {
                by_class.entry(t.class).or_default().insert(id, teacher);
            }
        }
    }
    let mut out = Vec::new();
    for (other, taught) in by_class {
        let mut versions = Vec::new();
        TIMETABLE.scan_prefix(tx, &other, Order::Asc, |(_, since), week| {
            versions.push((since, week));
            true
        })?;
        for (i, (since, week)) in versions.iter().enumerate() {
            let ends = versions.get(i + 1).map(|(d, _)| *d);
            let overlaps = until.is_none_or(|u| *since < u) && ends.is_none_or(|e| e > from);
            if !overlaps {
                continue;
            }
            for s in &week.slots {
                if let Some(&teacher) = taught.get(&s.teaching) {
                    out.push(Busy {
                        teacher,
                        class: other,
                        weekday: s.weekday,
                        number: s.number,
                        shift: week.shift,
                        since: *since,
                    });
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_teacher_in_two_places_at_once_is_found() {
        let bells: BTreeMap<u8, Bells> =
            [(1, Bells::standard(t(8, 30), 7)), (2, Bells::standard(t(13, 30), 6))].into_iter().collect();
        let d = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let busy = vec![
            Busy { teacher: UserId(7), class: ClassId(2), weekday: 1, number: 2, shift: 1, since: d },
            Busy { teacher: UserId(8), class: ClassId(3), weekday: 3, number: 1, shift: 2, since: d },
        ];
        let slot =
            |weekday, number, t| Slot { weekday, number, teaching: TeachingId(t), room: String::new() };
        let teacher_of = |t: TeachingId| Some(UserId(t.0));
        // Same day and lesson: a clash; another day, lesson or teacher: none.
        let slots = [slot(1, 2, 7), slot(2, 2, 7), slot(1, 3, 7), slot(1, 2, 9)];
        let found = clashes(&slots, 1, teacher_of, &busy, &bells);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1.class), (0, ClassId(2)));
        // Shift 2's first lesson (13:30) is not shift 1's first (08:30), but shift 1's sixth
        // (13:25) overlaps it.
        assert!(clashes(&[slot(3, 1, 8)], 1, teacher_of, &busy, &bells).is_empty());
        assert_eq!(clashes(&[slot(3, 6, 8)], 1, teacher_of, &busy, &bells).len(), 1);
        // Without bells only the same lesson of the same shift counts.
        let none = BTreeMap::new();
        assert!(clashes(&[slot(3, 1, 8)], 1, teacher_of, &busy, &none).is_empty());
        assert_eq!(clashes(&[slot(3, 1, 8)], 2, teacher_of, &busy, &none).len(), 1);
    }
}
