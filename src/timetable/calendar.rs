//! Dated lessons, derived: for a class and a day, the weekly version in force, skipping days
//! outside the study periods and holidays, with the day's changes applied.
//!
//! [`ClassCalendar::load`] reads everything a range of days needs in one go (the class, its
//! year, periods, holidays, timetable versions and the changes in the range), so the journal
//! (a period of about 60 lessons) and the diary (a week) derive their lessons without further
//! reads.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::model::{Change, ChangeKind, LessonState, Planned, Week};
use super::model::{SUBSTITUTIONS, TIMETABLE, TIMETABLE_CHANGES};
use crate::store::ids::{ChangeId, ClassId, PeriodId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, GROUPS, HOLIDAYS, YEARS};
use crate::structure::model::{Class, Holiday, Period, Teaching, Year};
use crate::structure::service::{periods_of, scheme_of, teaching_of_class};

/// What it takes to derive the lessons of one class over a range of days.
#[derive(Clone, Debug)]
pub struct ClassCalendar {
    pub class_id: ClassId,
    pub class: Class,
    pub year: Year,
    /// The periods of the class's scheme in this year, in order.
    pub periods: Vec<(PeriodId, Period)>,
    holidays: Vec<Holiday>,
    /// Timetable versions by first day, in order.
    versions: Vec<(NaiveDate, Week)>,
    /// Changes of the loaded range, by day.
    changes: BTreeMap<NaiveDate, Vec<(ChangeId, Change)>>,
}

impl ClassCalendar {
    /// Loads the calendar of `class` with the changes of `from..=to`. `None` for no such class.
    pub fn load(
        tx: &impl Reader,
        class_id: ClassId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Option<ClassCalendar>, StoreError> {
        let Some(class) = CLASSES.get(tx, &class_id)? else {
            return Ok(None);
        };
        let Some(year) = YEARS.get(tx, &class.year)? else {
            return Ok(None);
        };
        let scheme = scheme_of(tx, class.year, class.grade)?;
        let periods = periods_of(tx, class.year, scheme)?;
        let mut holidays = Vec::new();
        HOLIDAYS.scan_range(tx, None, None, Order::Asc, |_, h| {
            if h.year == class.year {
                holidays.push(h);
            }
            true
        })?;
        let mut versions = Vec::new();
        TIMETABLE.scan_prefix(tx, &class_id, Order::Asc, |(_, from), week| {
            versions.push((from, week));
            true
        })?;
        let mut changes: BTreeMap<NaiveDate, Vec<(ChangeId, Change)>> = BTreeMap::new();
        if let Some(after) = to.succ_opt() {
            TIMETABLE_CHANGES.scan_between(
                tx,
                &(class_id, from),
                &(class_id, after),
                Order::Asc,
                |k, c| {
                    changes.entry(k.1).or_default().push((k.2, c));
                    true
                },
            )?;
        }
        Ok(Some(ClassCalendar { class_id, class, year, periods, holidays, versions, changes }))
    }

    /// The period (of this class's scheme) containing `day`.
    pub fn period_of(&self, day: NaiveDate) -> Option<(PeriodId, &Period)> {
        self.periods.iter().find(|(_, p)| p.start <= day && day <= p.end).map(|(id, p)| (*id, p))
    }

    pub fn is_holiday(&self, day: NaiveDate) -> bool {
        self.holidays.iter().any(|h| h.start <= day && day <= h.end)
    }

    /// Whether lessons can take place on `day`: inside a study period, not a holiday, not Sunday.
    pub fn is_study_day(&self, day: NaiveDate) -> bool {
        day.weekday().number_from_monday() <= 6 && self.period_of(day).is_some() && !self.is_holiday(day)
    }

    /// The timetable version in force on `day`, with its first day.
    pub fn version_on(&self, day: NaiveDate) -> Option<(NaiveDate, &Week)> {
        self.versions.iter().rev().find(|(from, _)| *from <= day).map(|(from, w)| (*from, w))
    }

    /// Every timetable version of the class, oldest first.
    pub fn versions(&self) -> &[(NaiveDate, Week)] {
        &self.versions
    }

    /// The changes of `day` (within the loaded range).
    pub fn changes_on(&self, day: NaiveDate) -> &[(ChangeId, Change)] {
        self.changes.get(&day).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The lessons of the class on `day`, cancelled ones included, by number.
    pub fn day(&self, day: NaiveDate) -> Vec<Planned> {
        if !self.is_study_day(day) {
            return Vec::new();
        }
        let weekday = day.weekday().number_from_monday() as u8;
        let mut out: Vec<Planned> = match self.version_on(day) {
            Some((_, week)) => week
                .slots
                .iter()
                .filter(|s| s.weekday == weekday)
                .map(|s| Planned {
                    number: s.number,
                    teaching: s.teaching,
                    room: s.room.clone(),
                    state: LessonState::Regular,
                })
                .collect(),
            None => Vec::new(),
        };
        for (_, change) in self.changes_on(day) {
            let existing =
                out.iter_mut().find(|p| p.number == change.number && p.teaching == change.teaching);
            match (&change.kind, existing) {
                (ChangeKind::Cancelled, Some(p)) => p.state = LessonState::Cancelled,
                (ChangeKind::Substituted { teacher }, Some(p)) => {
                    p.state = LessonState::Substituted(*teacher);
                    if let Some(room) = &change.room {
                        p.room = room.clone();
                    }
                }
                (ChangeKind::Added, None) => out.push(Planned {
                    number: change.number,
                    teaching: change.teaching,
                    room: change.room.clone().unwrap_or_default(),
                    state: LessonState::Added,
                }),
                // A change whose lesson the current version no longer has, or an added lesson
                // the version now has anyway: nothing to apply.
                _ => {}
            }
        }
        out.sort_by_key(|p| (p.number, p.teaching));
        out
    }

    /// The held lessons of one teaching assignment over `from..=to`, in order.
    pub fn lessons_of(
        &self,
        teaching: TeachingId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<(NaiveDate, Planned)> {
        let mut out = Vec::new();
        for day in from.iter_days().take_while(|d| *d <= to) {
            for p in self.day(day) {
                if p.teaching == teaching && p.held() {
                    out.push((day, p));
                }
            }
        }
        out
    }

    /// Whether `teaching` has a held lesson numbered `number` on `day`.
    pub fn has_lesson(&self, teaching: TeachingId, day: NaiveDate, number: u8) -> bool {
        self.day(day).iter().any(|p| p.teaching == teaching && p.number == number && p.held())
    }
}

/// The teaching assignments of `class` that a student follows: those of the whole class, and
/// those of the groups the student is in.
pub fn student_teachings(
    tx: &impl Reader,
    class: ClassId,
    student: UserId,
) -> Result<Vec<(TeachingId, Teaching)>, StoreError> {
    let mut out = Vec::new();
    for (id, t) in teaching_of_class(tx, class)? {
        let follows = match t.group {
            None => true,
            Some(g) => GROUPS.get(tx, &g)?.is_some_and(|g| g.students.contains(&student)),
        };
        if follows {
            out.push((id, t));
        }
    }
    Ok(out)
}

/// The students a teaching assignment teaches on `day`: the class's, or its group's who are in
/// the class that day.
pub fn students_taught(
    tx: &impl Reader,
    teaching: &Teaching,
    day: NaiveDate,
) -> Result<Vec<UserId>, StoreError> {
    let in_class = crate::people::service::students_of(tx, teaching.class, day)?;
    Ok(match teaching.group {
        None => in_class,
        Some(g) => {
            let members = GROUPS.get(tx, &g)?.map(|g| g.students).unwrap_or_default();
            in_class.into_iter().filter(|s| members.contains(s)).collect()
        }
    })
}

/// The lessons `teacher` gives as a substitute from `from` to `to` (both included), from the
/// `SUBSTITUTIONS` index: the day, the class and the change naming them.
pub fn substitutions_of(
    tx: &impl Reader,
    teacher: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, ClassId, Change)>, StoreError> {
    let mut keys = Vec::new();
    let Some(after) = to.succ_opt() else { return Ok(Vec::new()) };
    SUBSTITUTIONS.scan_between(
        tx,
        &(teacher, from),
        &(teacher, after),
        Order::Asc,
        |(_, d, c, id), ()| {
            keys.push((d, c, id));
            true
        },
    )?;
    let mut out = Vec::with_capacity(keys.len());
    for (day, class, id) in keys {
        if let Some(change) = TIMETABLE_CHANGES.get(tx, &(class, day, id))?
            && change.kind == (ChangeKind::Substituted { teacher })
        {
            out.push((day, class, change));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ids::YearId;
    use crate::structure::model::Scheme;
    use crate::timetable::model::Slot;

    fn d(m: u32, day: u32) -> NaiveDate {
        let y = if m >= 9 { 2026 } else { 2027 };
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn calendar() -> ClassCalendar {
        let year = Year::containing(d(11, 28));
        let slot = |weekday, number, t| Slot { weekday, number, teaching: TeachingId(t), room: "21".into() };
        let first = Week { shift: 1, slots: vec![slot(1, 1, 1), slot(3, 2, 1)], saved_by: None, saved_at: 0 };
        let second = Week { shift: 1, slots: vec![slot(2, 1, 1)], saved_by: None, saved_at: 0 };
        let mut changes = BTreeMap::new();
        let change = |number, kind| Change {
            number,
            teaching: TeachingId(1),
            kind,
            room: None,
            note: String::new(),
            by: UserId(1),
            at: 0,
        };
        changes.insert(d(9, 7), vec![(ChangeId(1), change(1, ChangeKind::Cancelled))]);
        changes.insert(d(9, 8), vec![(ChangeId(2), change(5, ChangeKind::Added))]);
        changes
            .insert(d(9, 9), vec![(ChangeId(3), change(2, ChangeKind::Substituted { teacher: UserId(9) }))]);
        ClassCalendar {
            class_id: ClassId(1),
            class: Class {
                year: YearId(1),
                grade: 5,
                letter: "А".into(),
                chiefs: vec![],
                room: String::new(),
                profile: String::new(),
            },
            periods: vec![(
                PeriodId(1),
                Period {
                    year: YearId(1),
                    scheme: Scheme::Quarters,
                    number: 1,
                    start: d(9, 1),
                    end: d(10, 24),
                    closed: false,
                },
            )],
            holidays: vec![Holiday { year: YearId(1), name: "x".into(), start: d(9, 21), end: d(9, 27) }],
            year,
            versions: vec![(d(9, 1), first), (d(10, 1), second)],
            changes,
        }
    }

    #[test]
    fn lessons_follow_the_version_in_force_and_skip_holidays() {
        let c = calendar();
        // Mondays and Wednesdays in September, Tuesdays from October.
        let lessons = c.lessons_of(TeachingId(1), d(9, 1), d(10, 24));
        let days: Vec<NaiveDate> = lessons.iter().map(|(d, _)| *d).collect();
        assert!(days.contains(&d(9, 2)) && days.contains(&d(9, 14)));
        assert!(!days.contains(&d(9, 21)) && !days.contains(&d(9, 23)), "holiday week");
        assert!(days.contains(&d(10, 6)) && !days.contains(&d(10, 5)), "the October version");
        assert!(!days.iter().any(|x| *x > d(10, 24)), "outside the period");
    }

    #[test]
    fn changes_cancel_add_and_substitute() {
        let c = calendar();
        assert!(!c.has_lesson(TeachingId(1), d(9, 7), 1), "cancelled");
        assert_eq!(c.day(d(9, 7))[0].state, LessonState::Cancelled);
        assert!(c.has_lesson(TeachingId(1), d(9, 8), 5), "added on a Tuesday");
        assert_eq!(c.day(d(9, 9))[0].state, LessonState::Substituted(UserId(9)));
        assert!(c.has_lesson(TeachingId(1), d(9, 9), 2));
        assert!(!c.has_lesson(TeachingId(1), d(9, 9), 1));
    }
}
