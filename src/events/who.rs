//! Rules about the participants of an event and its time, without the store: when two events
//! overlap, who takes part and is told of a change, what changed, until when a parent answers.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveTime};

use super::model::{Event, EventKind};
use crate::store::ids::{EventId, UserId};

/// How long an event with a start and no end is taken to last when looking for overlaps: one
/// lesson.
pub const DEFAULT_MINUTES: i64 = 45;

/// The time an event takes on its day, when it has a start: to its end, or one lesson long.
pub fn span(e: &Event) -> Option<(NaiveTime, NaiveTime)> {
    let start = e.start?;
    let end = e.end.unwrap_or_else(|| {
        let (end, wrapped) = start.overflowing_add_signed(Duration::minutes(DEFAULT_MINUTES));
        if wrapped != 0 { NaiveTime::from_hms_opt(23, 59, 59).expect("valid time") } else { end }
    });
    Some((start, end))
}

/// Whether two events of the same class take place at the same time on the same day. Events
/// without a time and events called off overlap nothing.
pub fn overlap(a: &Event, b: &Event) -> bool {
    if a.class != b.class || a.date != b.date || a.cancelled || b.cancelled {
        return false;
    }
    match (span(a), span(b)) {
        (Some((s1, e1)), Some((s2, e2))) => s1 < e2 && s2 < e1,
        _ => false,
    }
}

/// The events of a list that overlap another of the list.
pub fn overlapping(events: &[(EventId, Event)]) -> HashSet<EventId> {
    let mut out = HashSet::new();
    for (i, (a_id, a)) in events.iter().enumerate() {
        for (b_id, b) in &events[i + 1..] {
            if overlap(a, b) {
                out.insert(*a_id);
                out.insert(*b_id);
            }
        }
    }
    out
}

/// Who an event concerns: the students taking part, their parents when invited, and the
/// responsible person when an account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recipients {
    pub students: Vec<UserId>,
    pub parents: Vec<UserId>,
    pub responsible: Option<UserId>,
}

impl Recipients {
    /// Everyone, once each, but `author`.
    pub fn all_but(&self, author: UserId) -> Vec<UserId> {
        let mut seen = HashSet::new();
        self.students
            .iter()
            .chain(&self.parents)
            .chain(&self.responsible)
            .copied()
            .filter(|u| *u != author && seen.insert(*u))
            .collect()
    }
}

/// The students of `class_list` (the class on the event's day) who take part in `e`.
pub fn students_taking_part(e: &Event, class_list: &[UserId]) -> Vec<UserId> {
    if e.participants.whole_class {
        class_list.to_vec()
    } else {
        e.participants.students.iter().filter(|s| class_list.contains(s)).copied().collect()
    }
}

/// Who `e` concerns, given the class list on its day and the parents of each student.
pub fn resolve(e: &Event, class_list: &[UserId], parents: &HashMap<UserId, Vec<UserId>>) -> Recipients {
    let students = students_taking_part(e, class_list);
    let mut out = Vec::new();
    if e.participants.parents || e.kind == EventKind::ParentMeeting {
        for s in &students {
            for p in parents.get(s).into_iter().flatten() {
                if !out.contains(p) {
                    out.push(*p);
                }
            }
        }
    }
    Recipients { students, parents: out, responsible: e.responsible }
}

/// What changed between two versions of an event that participants are told about: the
/// suffixes of the catalog keys `events-change-…`.
pub fn changes(old: &Event, new: &Event) -> Vec<&'static str> {
    let mut out = Vec::new();
    if old.date != new.date {
        out.push("date");
    }
    if old.start != new.start || old.end != new.end {
        out.push("time");
    }
    if old.place != new.place {
        out.push("place");
    }
    out
}

/// Whether a parent may still answer: the event is not called off and its day has not passed.
pub fn may_answer(e: &Event, today: NaiveDate) -> bool {
    !e.cancelled && today <= e.date
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::model::Participants;
    use crate::store::ids::ClassId;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn event(date: NaiveDate, start: Option<NaiveTime>, end: Option<NaiveTime>) -> Event {
        Event {
            class: ClassId(1),
            kind: EventKind::ClassHour,
            title: "Классный час".into(),
            date,
            start,
            end,
            place: String::new(),
            responsible: None,
            responsible_name: String::new(),
            participants: Participants { whole_class: true, students: Vec::new(), parents: false },
            notes: String::new(),
            cancelled: false,
            created_by: UserId(4),
            updated_by: None,
            updated_at: 0,
        }
    }

    const STUDENTS: [UserId; 3] = [UserId(10), UserId(11), UserId(12)];

    #[test]
    fn overlapping_times_of_one_class_and_day_are_found() {
        let a = event(day(20), Some(t(14, 0)), Some(t(15, 0)));
        let b = event(day(20), Some(t(14, 30)), None);
        let c = event(day(20), Some(t(15, 0)), Some(t(16, 0)));
        assert!(overlap(&a, &b));
        // Touching ends do not overlap.
        assert!(!overlap(&a, &c));
        // No end: one lesson long.
        assert!(overlap(&b, &c));
        let untimed = event(day(20), None, None);
        assert!(!overlap(&a, &untimed));
        let other_day = event(day(21), Some(t(14, 0)), Some(t(15, 0)));
        assert!(!overlap(&a, &other_day));
        let mut other_class = a.clone();
        other_class.class = ClassId(2);
        assert!(!overlap(&a, &other_class));
        let mut off = b.clone();
        off.cancelled = true;
        assert!(!overlap(&a, &off));
        let late = event(day(20), Some(t(23, 50)), None);
        assert_eq!(span(&late), Some((t(23, 50), NaiveTime::from_hms_opt(23, 59, 59).unwrap())));

        let list = vec![(EventId(1), a), (EventId(2), other_day), (EventId(3), c), (EventId(4), untimed)];
        assert!(overlapping(&list).is_empty());
        let mut list = list;
        list.push((EventId(5), b));
        let found = overlapping(&list);
        assert_eq!(found, [EventId(1), EventId(3), EventId(5)].into_iter().collect());
    }

    #[test]
    fn participants_are_the_class_or_the_chosen_with_their_parents_when_invited() {
        let parents: HashMap<UserId, Vec<UserId>> = [
            (UserId(10), vec![UserId(20), UserId(21)]),
            (UserId(11), vec![UserId(21)]),
            (UserId(12), vec![UserId(22)]),
        ]
        .into_iter()
        .collect();
        let mut e = event(day(20), None, None);
        let r = resolve(&e, &STUDENTS, &parents);
        assert_eq!(r.students, STUDENTS);
        assert!(r.parents.is_empty());

        e.participants =
            Participants { whole_class: false, students: vec![UserId(11), UserId(99)], parents: true };
        e.responsible = Some(UserId(3));
        let r = resolve(&e, &STUDENTS, &parents);
        // A chosen student no longer in the class is left out.
        assert_eq!(r.students, [UserId(11)]);
        assert_eq!(r.parents, [UserId(21)]);
        assert_eq!(r.all_but(UserId(4)), [UserId(11), UserId(21), UserId(3)]);
        // The author is not told of their own change.
        assert_eq!(r.all_but(UserId(3)), [UserId(11), UserId(21)]);

        e.participants = Participants { whole_class: true, students: Vec::new(), parents: false };
        e.kind = EventKind::ParentMeeting;
        let r = resolve(&e, &STUDENTS, &parents);
        assert_eq!(r.parents, [UserId(20), UserId(21), UserId(22)]);
    }

    #[test]
    fn changes_name_date_time_and_place_and_answers_close_after_the_day() {
        let a = event(day(20), Some(t(14, 0)), None);
        let mut b = a.clone();
        b.title = "Другое".into();
        b.notes = "заметки".into();
        assert!(changes(&a, &b).is_empty());
        b.date = day(21);
        b.end = Some(t(15, 0));
        b.place = "Актовый зал".into();
        assert_eq!(changes(&a, &b), ["date", "time", "place"]);

        assert!(may_answer(&a, day(19)));
        assert!(may_answer(&a, day(20)));
        assert!(!may_answer(&a, day(21)));
        let mut off = a.clone();
        off.cancelled = true;
        assert!(!may_answer(&off, day(19)));
    }
}
