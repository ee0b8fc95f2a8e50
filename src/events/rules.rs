//! The rules of class events, without the store: the form as typed and its checks. When two
//! events overlap, who takes part and is told, and until when a parent may answer: `who.rs`.

use chrono::{NaiveDate, NaiveTime};

use super::model::{Event, EventKind, Participants};
pub use super::who::{
    Recipients, changes, may_answer, overlap, overlapping, resolve, span, students_taking_part,
};
use crate::store::ids::UserId;
use crate::timetable::service::{parse_date, parse_time};
use crate::web::form::{FieldErrors, Pairs};

/// The longest title, place and responsible person's name accepted.
pub const MAX_LINE: usize = 200;
/// The longest notes of an event.
pub const MAX_NOTES: usize = 2000;
/// The longest note of a parent's answer.
pub const MAX_REPLY_NOTE: usize = 500;

/// The event form as typed: kept as it is to be shown again when refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventForm {
    pub kind: String,
    pub title: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub place: String,
    /// An account's id, or "".
    pub responsible: String,
    pub responsible_name: String,
    /// `class` (the whole class) or `chosen` (the students ticked).
    pub who: String,
    pub students: Vec<String>,
    pub parents: bool,
    pub notes: String,
}

impl EventForm {
    pub fn from_pairs(f: &Pairs) -> EventForm {
        let g = |k: &str| f.get(k).trim().to_string();
        EventForm {
            kind: g("kind"),
            title: g("title"),
            date: g("date"),
            start: g("start"),
            end: g("end"),
            place: g("place"),
            responsible: g("responsible"),
            responsible_name: g("responsible_name"),
            who: g("who"),
            students: f.all("students").map(|s| s.trim().to_string()).collect(),
            parents: !f.get("parents").is_empty(),
            notes: f.get("notes").trim().to_string(),
        }
    }

    /// An empty form for a new event of the whole class.
    pub fn blank(date: NaiveDate) -> EventForm {
        EventForm {
            kind: EventKind::ClassHour.slug().into(),
            date: date.to_string(),
            who: "class".into(),
            ..EventForm::default()
        }
    }

    /// The form of a stored event, for editing.
    pub fn of(e: &Event) -> EventForm {
        let time = |t: Option<NaiveTime>| t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
        EventForm {
            kind: e.kind.slug().into(),
            title: e.title.clone(),
            date: e.date.to_string(),
            start: time(e.start),
            end: time(e.end),
            place: e.place.clone(),
            responsible: e.responsible.map(|u| u.to_string()).unwrap_or_default(),
            responsible_name: e.responsible_name.clone(),
            who: if e.participants.whole_class { "class" } else { "chosen" }.into(),
            students: e.participants.students.iter().map(|s| s.to_string()).collect(),
            parents: e.participants.parents,
            notes: e.notes.clone(),
        }
    }

    /// Whether the student with this id is ticked.
    pub fn has_student(&self, id: UserId) -> bool {
        let id = id.to_string();
        self.students.contains(&id)
    }
}

/// What the form is checked against, read by the caller in its transaction.
pub struct Bounds<'a> {
    /// The study year of the class.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// The class's students on the event's day (today's when the date is unreadable).
    pub students: &'a [UserId],
    /// The accounts that may be named responsible.
    pub staff: &'a [UserId],
}

/// An event's fields as checked: everything but the class and who wrote it.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub kind: EventKind,
    pub title: String,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub place: String,
    pub responsible: Option<UserId>,
    pub responsible_name: String,
    pub participants: Participants,
    pub notes: String,
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// A time field: empty is none; anything else must read as a time.
fn time_field(errors: &mut FieldErrors, field: &'static str, raw: &str) -> Option<NaiveTime> {
    if raw.is_empty() {
        return None;
    }
    let t = parse_time(raw);
    if t.is_none() {
        errors.add(field, "events-error-time");
    }
    t
}

/// Checks the times of an event: an end needs a start and comes after it.
pub fn check_times(start: &str, end: &str) -> Result<(Option<NaiveTime>, Option<NaiveTime>), FieldErrors> {
    let mut errors = FieldErrors::default();
    let s = time_field(&mut errors, "start", start);
    let e = time_field(&mut errors, "end", end);
    match (s, e) {
        (None, Some(_)) if errors.get("start").is_none() => {
            errors.add("end", "events-error-end-without-start")
        }
        (Some(s), Some(e)) if e <= s => errors.add("end", "events-error-end-before-start"),
        _ => {}
    }
    errors.into_result().map(|()| (s, e))
}

/// Checks every field of the form; each refused field gets its own message.
pub fn check(form: &EventForm, b: &Bounds<'_>) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = EventKind::from_slug(&form.kind);
    if kind.is_none() {
        errors.add("kind", "events-error-kind");
    }
    if form.title.is_empty() {
        errors.add("title", "events-error-title");
    } else if too_long(&form.title, MAX_LINE) {
        errors.add("title", "events-error-too-long");
    }
    let date = parse_date(&form.date);
    match date {
        None => errors.add("date", "events-error-date"),
        Some(d) if d < b.first_day || d > b.last_day => errors.add("date", "events-error-date-year"),
        Some(_) => {}
    }
    let (start, end) = match check_times(&form.start, &form.end) {
        Ok(times) => times,
        Err(e) => {
            for (field, message) in e.0 {
                errors.add(field, message);
            }
            (None, None)
        }
    };
    if too_long(&form.place, MAX_LINE) {
        errors.add("place", "events-error-too-long");
    }
    let responsible = match form.responsible.as_str() {
        "" => None,
        raw => match raw.parse::<UserId>().ok().filter(|u| b.staff.contains(u)) {
            Some(u) => Some(u),
            None => {
                errors.add("responsible", "events-error-responsible");
                None
            }
        },
    };
    if too_long(&form.responsible_name, MAX_LINE) {
        errors.add("responsible_name", "events-error-too-long");
    }
    let mut students = Vec::new();
    let whole_class = match form.who.as_str() {
        "class" => true,
        "chosen" => {
            for raw in &form.students {
                match raw.parse::<UserId>().ok().filter(|s| b.students.contains(s)) {
                    Some(s) => students.push(s),
                    None => errors.add("students", "events-error-student"),
                }
            }
            if form.students.is_empty() {
                errors.add("students", "events-error-no-students");
            }
            false
        }
        _ => {
            errors.add("who", "events-error-who");
            false
        }
    };
    // In the order of the class list.
    students.sort_by_key(|s| b.students.iter().position(|x| x == s));
    students.dedup();
    if too_long(&form.notes, MAX_NOTES) {
        errors.add("notes", "events-error-too-long");
    }
    errors.into_result()?;
    let (Some(kind), Some(date)) = (kind, date) else { unreachable!("checked above") };
    Ok(Checked {
        kind,
        title: form.title.clone(),
        date,
        start,
        end,
        place: form.place.clone(),
        responsible,
        // A name is only kept when no account is chosen.
        responsible_name: if responsible.is_some() { String::new() } else { form.responsible_name.clone() },
        participants: Participants {
            whole_class,
            students,
            parents: form.parents || kind == EventKind::ParentMeeting,
        },
        notes: form.notes.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn form() -> EventForm {
        EventForm {
            kind: "excursion".into(),
            title: "Музей".into(),
            date: "2026-11-20".into(),
            start: "10:00".into(),
            end: "12:30".into(),
            who: "class".into(),
            ..EventForm::default()
        }
    }

    const STUDENTS: [UserId; 3] = [UserId(10), UserId(11), UserId(12)];
    const STAFF: [UserId; 2] = [UserId(3), UserId(4)];

    fn bounds() -> Bounds<'static> {
        Bounds {
            first_day: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            last_day: NaiveDate::from_ymd_opt(2027, 8, 31).unwrap(),
            students: &STUDENTS,
            staff: &STAFF,
        }
    }

    fn refused(f: &EventForm) -> Vec<(&'static str, &'static str)> {
        check(f, &bounds()).unwrap_err().0
    }

    #[test]
    fn times_need_a_start_before_the_end() {
        assert_eq!(check_times("", ""), Ok((None, None)));
        assert_eq!(check_times("9:00", ""), Ok((Some(t(9, 0)), None)));
        assert_eq!(check_times("09.00", "09:40"), Ok((Some(t(9, 0)), Some(t(9, 40)))));
        let field = |r: Result<_, FieldErrors>| r.unwrap_err().0;
        assert_eq!(field(check_times("10:00", "09:00")), [("end", "events-error-end-before-start")]);
        assert_eq!(field(check_times("10:00", "10:00")), [("end", "events-error-end-before-start")]);
        assert_eq!(field(check_times("", "10:00")), [("end", "events-error-end-without-start")]);
        assert_eq!(field(check_times("25:00", "")), [("start", "events-error-time")]);
        assert_eq!(field(check_times("утром", "10:00")), [("start", "events-error-time")]);
        assert_eq!(field(check_times("10:00", "ab")), [("end", "events-error-time")]);
    }

    #[test]
    fn a_good_form_is_read_whole() {
        let c = check(&form(), &bounds()).unwrap();
        assert_eq!(c.kind, EventKind::Excursion);
        assert_eq!(c.date, day(20));
        assert_eq!((c.start, c.end), (Some(t(10, 0)), Some(t(12, 30))));
        assert!(c.participants.whole_class && !c.participants.parents);
    }

    #[test]
    fn each_bad_field_gets_its_message() {
        let mut f = form();
        f.title.clear();
        f.kind = "party".into();
        f.date = "31.02.2026".into();
        assert_eq!(
            refused(&f),
            [("kind", "events-error-kind"), ("title", "events-error-title"), ("date", "events-error-date")]
        );
        let mut f = form();
        f.date = "2026-08-31".into();
        f.title = "т".repeat(MAX_LINE + 1);
        assert_eq!(refused(&f), [("title", "events-error-too-long"), ("date", "events-error-date-year")]);
        let mut f = form();
        f.responsible = "10".into();
        assert_eq!(refused(&f), [("responsible", "events-error-responsible")]);
        let mut f = form();
        f.who = String::new();
        assert_eq!(refused(&f), [("who", "events-error-who")]);
    }

    #[test]
    fn chosen_students_must_be_of_the_class() {
        let mut f = form();
        f.who = "chosen".into();
        assert_eq!(refused(&f), [("students", "events-error-no-students")]);
        f.students = vec!["12".into(), "99".into()];
        assert_eq!(refused(&f), [("students", "events-error-student")]);
        f.students = vec!["12".into(), "10".into(), "12".into()];
        let c = check(&f, &bounds()).unwrap();
        assert_eq!(c.participants.students, [UserId(10), UserId(12)]);
        assert!(!c.participants.whole_class);
    }

    #[test]
    fn a_parent_meeting_always_invites_parents_and_an_account_wins_over_a_name() {
        let mut f = form();
        f.kind = "parent_meeting".into();
        f.responsible = "4".into();
        f.responsible_name = "Иванова М. П.".into();
        let c = check(&f, &bounds()).unwrap();
        assert!(c.participants.parents);
        assert_eq!((c.responsible, c.responsible_name.as_str()), (Some(UserId(4)), ""));
    }
}
