//! The form of a one-off change as typed, read into a [`Request`]: which lesson, and what
//! happens to it.

use chrono::NaiveDate;

use super::model::MAX_LESSONS;
use super::service::{MAX_NOTE, MAX_ROOM, Problems, parse_date};
use crate::store::ids::{ClassId, TeachingId, UserId};
use crate::web::form::Pairs;

/// What a change does, as the form names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Cancel,
    Substitute,
    Move,
    Add,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Cancel, Kind::Substitute, Kind::Move, Kind::Add];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Cancel => "cancel",
            Kind::Substitute => "substitute",
            Kind::Move => "move",
            Kind::Add => "add",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// How the form names a lesson of the day: `3_17` (number, teaching assignment).
pub fn lesson_value(number: u8, teaching: TeachingId) -> String {
    format!("{number}_{teaching}")
}

fn parse_lesson(s: &str) -> Option<(u8, TeachingId)> {
    let (n, t) = s.split_once('_')?;
    Some((n.parse().ok()?, t.parse().ok()?))
}

/// The change form as typed.
#[derive(Clone, Debug, Default)]
pub struct ChangeForm {
    pub class: String,
    pub date: String,
    pub lesson: String,
    pub kind: String,
    pub teacher: String,
    pub room: String,
    pub to_date: String,
    pub to_number: String,
    pub teaching: String,
    pub number: String,
    pub note: String,
}

impl ChangeForm {
    pub fn from_pairs(f: &Pairs) -> ChangeForm {
        let g = |k: &str| f.get(k).trim().to_string();
        ChangeForm {
            class: g("class"),
            date: g("date"),
            lesson: g("lesson"),
            kind: g("kind"),
            teacher: g("teacher"),
            room: g("room"),
            to_date: g("to_date"),
            to_number: g("to_number"),
            teaching: g("teaching"),
            number: g("number"),
            note: g("note"),
        }
    }
}

/// A change to make, read from the form.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    Cancel { number: u8, teaching: TeachingId },
    Substitute { number: u8, teaching: TeachingId, teacher: UserId, room: Option<String> },
    Move { number: u8, teaching: TeachingId, to: NaiveDate, to_number: u8, room: Option<String> },
    Add { teaching: TeachingId, number: u8, room: Option<String> },
}

fn number(s: &str) -> Option<u8> {
    s.parse::<u8>().ok().filter(|n| *n <= MAX_LESSONS)
}

impl ChangeForm {
    /// Reads the class, the day, the note and the request; each missing or malformed field gets
    /// its message.
    pub fn parse(&self) -> Result<(ClassId, NaiveDate, Request, String), Problems> {
        let mut p = Problems::default();
        let class = self.class.parse::<ClassId>().ok();
        if class.is_none() {
            p.add("class", "tt-choose-class");
        }
        let date = parse_date(&self.date);
        if date.is_none() {
            p.add("date", "tt-date-invalid");
        }
        let room = match self.room.as_str() {
            "" => None,
            r if r.chars().count() > MAX_ROOM => {
                p.add("room", "tt-room-too-long");
                None
            }
            r => Some(r.to_string()),
        };
        if self.note.chars().count() > MAX_NOTE {
            p.add("note", "tt-note-too-long");
        }
        let mut lesson = || {
            let l = parse_lesson(&self.lesson);
            if l.is_none() {
                p.add("lesson", "tt-choose-lesson");
            }
            l
        };
        let request = match Kind::from_key(&self.kind) {
            None => {
                p.add("kind", "tt-choose-kind");
                None
            }
            Some(Kind::Cancel) => lesson().map(|(number, teaching)| Request::Cancel { number, teaching }),
            Some(Kind::Substitute) => {
                let l = lesson();
                let teacher = self.teacher.parse::<UserId>().ok();
                if teacher.is_none() {
                    p.add("teacher", "tt-choose-teacher");
                }
                match (l, teacher) {
                    (Some((number, teaching)), Some(teacher)) => {
                        Some(Request::Substitute { number, teaching, teacher, room: room.clone() })
                    }
                    _ => None,
                }
            }
            Some(Kind::Move) => {
                let l = lesson();
                let to = parse_date(&self.to_date);
                if to.is_none() {
                    p.add("to_date", "tt-date-invalid");
                }
                let to_number = number(&self.to_number);
                if to_number.is_none() {
                    p.add("to_number", "tt-number-invalid");
                }
                match (l, to, to_number) {
                    (Some((number, teaching)), Some(to), Some(to_number)) => {
                        Some(Request::Move { number, teaching, to, to_number, room: room.clone() })
                    }
                    _ => None,
                }
            }
            Some(Kind::Add) => {
                let teaching = self.teaching.parse::<TeachingId>().ok();
                if teaching.is_none() {
                    p.add("teaching", "tt-choose-teaching");
                }
                let n = number(&self.number);
                if n.is_none() {
                    p.add("number", "tt-number-invalid");
                }
                match (teaching, n) {
                    (Some(teaching), Some(number)) => {
                        Some(Request::Add { teaching, number, room: room.clone() })
                    }
                    _ => None,
                }
            }
        };
        match (class, date, request) {
            (Some(c), Some(d), Some(r)) if p.is_empty() => Ok((c, d, r, self.note.clone())),
            _ => Err(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Pairs {
        Pairs(v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn the_form_names_what_each_kind_lacks() {
        let empty = ChangeForm::from_pairs(&pairs(&[])).parse().unwrap_err();
        assert!(empty.has("class") && empty.has("date") && empty.has("kind"));
        let sub =
            ChangeForm::from_pairs(&pairs(&[("class", "1"), ("date", "2026-11-30"), ("kind", "substitute")]));
        let p = sub.parse().unwrap_err();
        assert!(p.has("lesson") && p.has("teacher") && !p.has("class"));
        let mv = ChangeForm::from_pairs(&pairs(&[
            ("class", "1"),
            ("date", "2026-11-30"),
            ("kind", "move"),
            ("lesson", "2_5"),
            ("to_date", "2026-12-01"),
            ("to_number", "4"),
            ("note", " олимпиада "),
        ]));
        let (class, _, request, note) = mv.parse().unwrap();
        assert_eq!(class, ClassId(1));
        assert_eq!(note, "олимпиада");
        assert_eq!(
            request,
            Request::Move {
                number: 2,
                teaching: TeachingId(5),
                to: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                to_number: 4,
                room: None
            }
        );
        let add = ChangeForm::from_pairs(&pairs(&[
            ("class", "1"),
            ("date", "2026-11-30"),
            ("kind", "add"),
            ("number", "12"),
        ]));
        let p = add.parse().unwrap_err();
        assert!(p.has("teaching") && p.has("number"));
    }
}
