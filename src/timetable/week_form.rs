//! The form of a class's week as typed (a teaching assignment and a room per cell part, two
//! parts for a split into groups), read into a [`NewWeek`], and the rule of one cell.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::model::{MAX_LESSONS, Slot, WEEKDAYS, Week};
use super::service::{MAX_ROOM, Problems, parse_date};
use crate::store::ids::TeachingId;
use crate::structure::model::Teaching;
use crate::web::form::Pairs;

/// The field that carries the messages of a cell.
pub fn cell_field(weekday: u8, number: u8) -> String {
    format!("cell_{weekday}_{number}")
}

/// The field of a cell part's teaching assignment (`part` 0 or 1: two groups at once).
pub fn teaching_field(weekday: u8, number: u8, part: usize) -> String {
    format!("t_{weekday}_{number}_{part}")
}

pub fn room_field(weekday: u8, number: u8, part: usize) -> String {
    format!("r_{weekday}_{number}_{part}")
}

/// How many lessons a cell of the form offers at once (a split into two groups).
pub const PARTS: usize = 2;

/// One choice of a cell as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Part {
    pub teaching: String,
    pub room: String,
}

/// A weekly timetable as typed: first day, shift, and the cells (weekday, number).
#[derive(Clone, Debug, Default)]
pub struct WeekForm {
    pub from: String,
    pub shift: String,
    pub cells: BTreeMap<(u8, u8), [Part; PARTS]>,
    /// A field named a weekday, number or part that does not exist.
    pub malformed: bool,
}

impl WeekForm {
    pub fn from_pairs(form: &Pairs) -> WeekForm {
        let mut out = WeekForm {
            from: form.get("from").trim().into(),
            shift: form.get("shift").into(),
            ..WeekForm::default()
        };
        for (k, v) in &form.0 {
            let mut parts = k.split('_');
            let (Some(what), Some(wd), Some(n), Some(p), None) =
                (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if what != "t" && what != "r" {
                continue;
            }
            let (wd, n, p) = (wd.parse::<u8>(), n.parse::<u8>(), p.parse::<usize>());
            let (Ok(wd), Ok(n), Ok(p)) = (wd, n, p) else {
                out.malformed = true;
                continue;
            };
            if !WEEKDAYS.contains(&wd) || n > MAX_LESSONS || p >= PARTS {
                if !v.trim().is_empty() {
                    out.malformed = true;
                }
                continue;
            }
            let part = &mut out.cells.entry((wd, n)).or_default()[p];
            if what == "t" {
                part.teaching = v.trim().into();
            } else {
                part.room = v.trim().into();
            }
        }
        out
    }

    /// The form filled with a stored version (or empty), to start a new version from `from`.
    pub fn of_week(from: NaiveDate, week: Option<&Week>) -> WeekForm {
        let mut out = WeekForm { from: from.to_string(), shift: "1".into(), ..WeekForm::default() };
        if let Some(w) = week {
            out.shift = w.shift.to_string();
            for s in &w.slots {
                let cell = out.cells.entry((s.weekday, s.number)).or_default();
                if let Some(free) = cell.iter_mut().find(|p| p.teaching.is_empty()) {
                    *free = Part { teaching: s.teaching.to_string(), room: s.room.clone() };
                }
            }
        }
        out
    }

    pub fn part(&self, weekday: u8, number: u8, part: usize) -> Option<&Part> {
        self.cells.get(&(weekday, number)).map(|c| &c[part])
    }

    /// Reads the first day, the shift and the slots; checks that every chosen assignment is one
    /// of `offers` (the class's) and rooms are short.
    pub fn parse(&self, offers: &HashMap<TeachingId, Teaching>) -> Result<NewWeek, Problems> {
        let mut problems = Problems::default();
        if self.malformed {
            problems.add("form", "tt-form-malformed");
        }
        let from = match self.from.as_str() {
            "" => {
                problems.add("from", "tt-field-required");
                None
            }
            s => parse_date(s).or_else(|| {
                problems.add("from", "tt-date-invalid");
                None
            }),
        };
        let shift = match self.shift.trim().parse::<u8>() {
            Ok(s @ 1..=2) => Some(s),
            _ => {
                problems.add("shift", "tt-shift-invalid");
                None
            }
        };
        let mut slots = Vec::new();
        for (&(weekday, number), parts) in &self.cells {
            for (i, part) in parts.iter().enumerate() {
                if part.teaching.is_empty() {
                    continue;
                }
                match part.teaching.parse::<TeachingId>().ok().filter(|t| offers.contains_key(t)) {
                    Some(teaching) => {
                        slots.push(Slot { weekday, number, teaching, room: part.room.clone() });
                    }
                    None => problems.add(teaching_field(weekday, number, i), "tt-teaching-not-of-class"),
                }
                if part.room.chars().count() > MAX_ROOM {
                    problems.add(room_field(weekday, number, i), "tt-room-too-long");
                }
            }
        }
        // The rules of a cell and the clashes are `save_version`'s, so that they come together.
        match (from, shift) {
            (Some(from), Some(shift)) if problems.is_empty() => Ok(NewWeek { from, shift, slots }),
            _ => Err(problems),
        }
    }
}

/// A version to save.
#[derive(Clone, Debug)]
pub struct NewWeek {
    pub from: NaiveDate,
    pub shift: u8,
    pub slots: Vec<Slot>,
}

/// What is wrong with the lessons of one cell, if anything: at most one whole-class lesson and
/// nothing beside it, or group lessons of different groups with different teachers.
pub fn check_cell(parts: &[&Teaching]) -> Option<&'static str> {
    if parts.len() <= 1 {
        return None;
    }
    if parts.iter().any(|t| t.group.is_none()) {
        return Some("tt-cell-whole-class-and-more");
    }
    let groups: BTreeSet<_> = parts.iter().map(|t| t.group).collect();
    if groups.len() < parts.len() {
        return Some("tt-cell-same-group");
    }
    let teachers: BTreeSet<_> = parts.iter().map(|t| t.teacher).collect();
    if teachers.len() < parts.len() {
        return Some("tt-cell-same-teacher");
    }
    None
}

/// Checks weekdays, numbers and every cell's combination; messages go to the cell's field.
pub(super) fn check_slots(slots: &[Slot], offers: &HashMap<TeachingId, Teaching>, problems: &mut Problems) {
    let mut cells: BTreeMap<(u8, u8), Vec<&Teaching>> = BTreeMap::new();
    for s in slots {
        if !WEEKDAYS.contains(&s.weekday) || s.number > MAX_LESSONS {
            problems.add("form", "tt-form-malformed");
            continue;
        }
        if let Some(t) = offers.get(&s.teaching) {
            cells.entry((s.weekday, s.number)).or_default().push(t);
        }
    }
    for ((weekday, number), parts) in cells {
        if let Some(key) = check_cell(&parts) {
            problems.add(cell_field(weekday, number), key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ids::{ClassId, GroupId, SubjectId, UserId, YearId};

    fn keys(p: &Problems) -> Vec<(&str, &str)> {
        p.0.iter().map(|p| (p.field.as_str(), p.key)).collect()
    }

    fn teaching(group: Option<u64>, teacher: u64) -> Teaching {
        Teaching {
            year: YearId(1),
            class: ClassId(1),
            group: group.map(GroupId),
            subject: SubjectId(1),
            teacher: UserId(teacher),
            hours: 1.0,
        }
    }

    #[test]
    fn a_cell_holds_one_whole_class_lesson_or_lessons_of_different_groups() {
        let (whole, g1, g2, g1b) =
            (teaching(None, 1), teaching(Some(1), 2), teaching(Some(2), 3), teaching(Some(1), 4));
        assert_eq!(check_cell(&[&whole]), None);
        assert_eq!(check_cell(&[&g1, &g2]), None);
        assert_eq!(check_cell(&[&whole, &g1]), Some("tt-cell-whole-class-and-more"));
        assert_eq!(check_cell(&[&whole, &whole]), Some("tt-cell-whole-class-and-more"));
        assert_eq!(check_cell(&[&g1, &g1b]), Some("tt-cell-same-group"));
        let g2_same_teacher = teaching(Some(2), 2);
        assert_eq!(check_cell(&[&g1, &g2_same_teacher]), Some("tt-cell-same-teacher"));
    }

    #[test]
    fn the_week_form_reads_cells_and_refuses_foreign_assignments() {
        let offers: HashMap<TeachingId, Teaching> =
            [(TeachingId(5), teaching(None, 1)), (TeachingId(6), teaching(Some(1), 2))].into_iter().collect();
        let pairs =
            |v: &[(&str, &str)]| Pairs(v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        let ok = WeekForm::from_pairs(&pairs(&[
            ("from", "2026-09-01"),
            ("shift", "1"),
            ("t_1_1_0", "5"),
            ("r_1_1_0", "21"),
            ("t_1_2_0", "6"),
            ("t_1_2_1", ""),
        ]));
        let week = ok.parse(&offers).unwrap();
        assert_eq!(week.slots.len(), 2);
        assert_eq!(week.slots[0].room, "21");
        let bad = WeekForm::from_pairs(&pairs(&[
            ("from", "01.13.2026"),
            ("shift", "3"),
            ("t_1_1_0", "99"),
            ("t_7_1_0", "5"),
        ]));
        let p = bad.parse(&offers).unwrap_err();
        let k = keys(&p);
        assert!(k.contains(&("from", "tt-date-invalid")), "{k:?}");
        assert!(k.contains(&("shift", "tt-shift-invalid")), "{k:?}");
        assert!(k.contains(&("t_1_1_0", "tt-teaching-not-of-class")), "{k:?}");
        assert!(k.contains(&("form", "tt-form-malformed")), "{k:?}");
    }
}
