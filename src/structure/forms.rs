//! The forms of the structure pages as the user typed them (strings, so a refused form comes
//! back unchanged), and their parsing into the model. Parsing is lenient where a rule of the
//! service gives the better message (an unreadable grade becomes 0, which the class rules
//! refuse with their own message), strict where nothing else would (dates).

use chrono::NaiveDate;

use super::model::{Class, Group, Holiday, Period, Scheme, Subject, WorkType, Year};
use super::service::check_periods;
use crate::store::ids::{ClassId, GroupId, SubjectId, UserId, YearId};
use crate::web::form::{FieldErrors, Pairs};

/// A date as an `<input type=date>` sends it (`2026-09-01`); `01.09.2026` is accepted too, for
/// browsers without a date picker.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y")).ok()
}

/// A date as an `<input type=date>` shows it.
pub fn date_value(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date_field(e: &mut FieldErrors, field: &'static str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        e.add(field, "field-required");
        return None;
    }
    let d = parse_date(value);
    if d.is_none() {
        e.add(field, "date-invalid");
    }
    d
}

/// The name and dates of a year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearForm {
    pub name: String,
    pub start: String,
    pub end: String,
}

impl YearForm {
    pub fn from_pairs(p: &Pairs) -> YearForm {
        YearForm { name: p.get("name").into(), start: p.get("start").into(), end: p.get("end").into() }
    }

    pub fn of(y: &Year) -> YearForm {
        YearForm { name: y.name.clone(), start: date_value(y.start), end: date_value(y.end) }
    }

    pub fn parse(&self) -> Result<Year, FieldErrors> {
        let mut e = FieldErrors::default();
        let start = date_field(&mut e, "start", &self.start);
        let end = date_field(&mut e, "end", &self.end);
        e.into_result()?;
        Ok(Year {
            name: super::service::clean(&self.name),
            start: start.expect("checked"),
            end: end.expect("checked"),
            closed: false,
        })
    }
}

/// Field names of the start and end of period N (1-based) of a scheme's form.
pub const PERIOD_START: [&str; 4] = ["p1_start", "p2_start", "p3_start", "p4_start"];
pub const PERIOD_END: [&str; 4] = ["p1_end", "p2_end", "p3_end", "p4_end"];

/// The dates of the periods of one scheme, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodsForm {
    pub dates: Vec<(String, String)>,
}

impl PeriodsForm {
    pub fn from_pairs(p: &Pairs, scheme: Scheme) -> PeriodsForm {
        let n = scheme.count() as usize;
        let dates = (0..n).map(|i| (p.get(PERIOD_START[i]).to_string(), p.get(PERIOD_END[i]).to_string()));
        PeriodsForm { dates: dates.collect() }
    }

    pub fn of(periods: &[Period]) -> PeriodsForm {
        PeriodsForm { dates: periods.iter().map(|p| (date_value(p.start), date_value(p.end))).collect() }
    }

    /// The dates, checked against the year by the rules of `check_periods`; each message goes
    /// to the field of the period it is about.
    pub fn parse(&self, year: &Year, scheme: Scheme) -> Result<Vec<(NaiveDate, NaiveDate)>, FieldErrors> {
        let mut e = FieldErrors::default();
        if self.dates.len() != scheme.count() as usize {
            e.add(PERIOD_START[0], "periods-wrong-count");
            return Err(e);
        }
        let mut out = Vec::new();
        for (i, (start, end)) in self.dates.iter().enumerate() {
            let s = date_field(&mut e, PERIOD_START[i], start);
            let f = date_field(&mut e, PERIOD_END[i], end);
            if let (Some(s), Some(f)) = (s, f) {
                out.push((s, f));
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        for (i, key) in check_periods(year, scheme, &out) {
            let (start, end) = out[i];
            let field = match key {
                "period-end-before-start" => PERIOD_END[i],
                "period-outside-year" if year.contains(start) && !year.contains(end) => PERIOD_END[i],
                _ => PERIOD_START[i],
            };
            e.add(field, key);
        }
        e.into_result().map(|()| out)
    }
}

/// A holiday as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HolidayForm {
    pub name: String,
    pub start: String,
    pub end: String,
}

impl HolidayForm {
    pub fn from_pairs(p: &Pairs) -> HolidayForm {
        HolidayForm { name: p.get("name").into(), start: p.get("start").into(), end: p.get("end").into() }
    }

    pub fn parse(&self, year: YearId) -> Result<Holiday, FieldErrors> {
        let mut e = FieldErrors::default();
        if self.name.trim().is_empty() {
            e.add("name", "field-required");
        }
        let start = date_field(&mut e, "start", &self.start);
        let end = date_field(&mut e, "end", &self.end);
        e.into_result()?;
        Ok(Holiday {
            year,
            name: super::service::clean(&self.name),
            start: start.expect("checked"),
            end: end.expect("checked"),
        })
    }
}

fn ids<T: std::str::FromStr>(p: &Pairs, name: &str) -> Vec<T> {
    p.all(name).filter_map(|v| v.trim().parse().ok()).collect()
}

/// A class as typed: parallel, letter, chiefs, room, profile.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassForm {
    pub grade: String,
    pub letter: String,
    pub chiefs: Vec<UserId>,
    pub room: String,
    pub profile: String,
}

impl ClassForm {
    pub fn from_pairs(p: &Pairs) -> ClassForm {
        ClassForm {
            grade: p.get("grade").into(),
            letter: p.get("letter").into(),
            chiefs: ids(p, "chiefs"),
            room: p.get("room").into(),
            profile: p.get("profile").into(),
        }
    }

    pub fn of(c: &Class) -> ClassForm {
        ClassForm {
            grade: c.grade.to_string(),
            letter: c.letter.clone(),
            chiefs: c.chiefs.clone(),
            room: c.room.clone(),
            profile: c.profile.clone(),
        }
    }

    /// The class; an unreadable grade becomes 0, which the class rules refuse.
    pub fn parse(&self, year: YearId) -> Class {
        let mut seen = std::collections::HashSet::new();
        let chiefs = self.chiefs.iter().copied().filter(|c| seen.insert(*c)).collect();
        Class {
            year,
            grade: self.grade.trim().parse().unwrap_or(0),
            letter: self.letter.clone(),
            chiefs,
            room: self.room.clone(),
            profile: self.profile.clone(),
        }
    }
}

/// A group as typed: name, subject, students.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupForm {
    pub name: String,
    pub subject: String,
    pub students: Vec<UserId>,
}

impl GroupForm {
    pub fn from_pairs(p: &Pairs) -> GroupForm {
        GroupForm {
            name: p.get("name").into(),
            subject: p.get("subject").into(),
            students: ids(p, "students"),
        }
    }

    pub fn of(g: &Group) -> GroupForm {
        GroupForm { name: g.name.clone(), subject: g.subject.to_string(), students: g.students.clone() }
    }

    /// The group; an unreadable subject becomes id 0, which no subject has.
    pub fn parse(&self, class: ClassId) -> Group {
        Group {
            class,
            subject: self.subject.trim().parse().unwrap_or(SubjectId(0)),
            name: self.name.clone(),
            students: self.students.clone(),
        }
    }
}

/// A subject as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SubjectForm {
    pub name: String,
    pub short: String,
}

impl SubjectForm {
    pub fn from_pairs(p: &Pairs) -> SubjectForm {
        SubjectForm { name: p.get("name").into(), short: p.get("short").into() }
    }

    pub fn of(s: &Subject) -> SubjectForm {
        SubjectForm { name: s.name.clone(), short: s.short.clone() }
    }

    pub fn parse(&self, archived: bool) -> Subject {
        Subject { name: self.name.clone(), short: self.short.clone(), archived }
    }
}

/// An assignment type as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkTypeForm {
    pub name: String,
    pub abbr: String,
    pub weight: String,
}

impl WorkTypeForm {
    pub fn from_pairs(p: &Pairs) -> WorkTypeForm {
        WorkTypeForm {
            name: p.get("name").into(),
            abbr: p.get("abbr").into(),
            weight: p.get("weight").into(),
        }
    }

    pub fn of(w: &WorkType) -> WorkTypeForm {
        WorkTypeForm { name: w.name.clone(), abbr: w.abbr.clone(), weight: w.weight.to_string() }
    }

    /// The type; an unreadable weight becomes 0, which the rules refuse.
    pub fn parse(&self, archived: bool) -> WorkType {
        WorkType {
            name: self.name.clone(),
            abbr: self.abbr.clone(),
            weight: self.weight.trim().parse().unwrap_or(0),
            archived,
        }
    }
}

/// Who a teaching assignment is for: a whole class, or a group of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taught {
    Class(ClassId),
    Group(GroupId),
}

impl Taught {
    /// `c12` is class 12, `g34` group 34: one select offers both.
    pub fn parse(s: &str) -> Option<Taught> {
        let s = s.trim();
        if let Some(id) = s.strip_prefix('c') {
            id.parse().ok().map(Taught::Class)
        } else if let Some(id) = s.strip_prefix('g') {
            id.parse().ok().map(Taught::Group)
        } else {
            None
        }
    }

    pub fn value(self) -> String {
        match self {
            Taught::Class(id) => format!("c{id}"),
            Taught::Group(id) => format!("g{id}"),
        }
    }
}

/// A teaching assignment as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeachingForm {
    /// A [`Taught`] value.
    pub taught: String,
    pub subject: String,
    pub teacher: String,
    pub hours: String,
}

impl TeachingForm {
    pub fn from_pairs(p: &Pairs) -> TeachingForm {
        TeachingForm {
            taught: p.get("taught").into(),
            subject: p.get("subject").into(),
            teacher: p.get("teacher").into(),
            hours: p.get("hours").into(),
        }
    }

    /// Hours per week; «1,5» is read as 1.5. Unreadable hours are NaN, which the rules refuse.
    pub fn hours(&self) -> f32 {
        self.hours.trim().replace(',', ".").parse().unwrap_or(f32::NAN)
    }
}

/// The schemes of parallels 1–11 as chosen (`g1` … `g11`); `None` when one is missing or
/// unknown.
pub fn grade_schemes(p: &Pairs) -> Option<Vec<(u8, Scheme)>> {
    (1..=11u8).map(|g| Scheme::from_key(p.get(&format!("g{g}"))).map(|s| (g, s))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_are_read_in_both_usual_forms() {
        assert_eq!(parse_date("2026-09-01"), Some(d(2026, 9, 1)));
        assert_eq!(parse_date(" 01.09.2026 "), Some(d(2026, 9, 1)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(date_value(d(2026, 9, 1)), "2026-09-01");
    }

    #[test]
    fn period_messages_go_next_to_the_period_that_is_wrong() {
        let year = Year::containing(d(2026, 10, 1));
        let form = |dates: &[(&str, &str)]| PeriodsForm {
            dates: dates.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
        };
        let bad_date = form(&[("2026-09-01", "нет"), ("2027-01-12", "2027-05-26")]);
        assert_eq!(bad_date.parse(&year, Scheme::HalfYears).unwrap_err().get("p1_end"), Some("date-invalid"));
        let overlap = form(&[("2026-09-01", "2027-01-15"), ("2027-01-12", "2027-05-26")]);
        let e = overlap.parse(&year, Scheme::HalfYears).unwrap_err();
        assert_eq!(e.0, vec![("p2_start", "period-overlaps")]);
        let late = form(&[("2026-09-01", "2026-12-28"), ("2027-01-12", "2027-09-26")]);
        assert_eq!(
            late.parse(&year, Scheme::HalfYears).unwrap_err().0,
            vec![("p2_end", "period-outside-year")]
        );
        let good = form(&[("2026-09-01", "2026-12-28"), ("2027-01-12", "2027-05-26")]);
        assert_eq!(good.parse(&year, Scheme::HalfYears).unwrap().len(), 2);
    }

    #[test]
    fn a_teaching_form_names_a_class_or_a_group() {
        assert_eq!(Taught::parse("c12"), Some(Taught::Class(ClassId(12))));
        assert_eq!(Taught::parse("g3"), Some(Taught::Group(GroupId(3))));
        assert_eq!(Taught::parse("12"), None);
        assert_eq!(Taught::Group(GroupId(3)).value(), "g3");
        let f = TeachingForm { hours: "1,5".into(), ..TeachingForm::default() };
        assert_eq!(f.hours(), 1.5);
        assert!(TeachingForm::default().hours().is_nan());
    }
}
