//! Class events (мероприятия): class hours, excursions, parent meetings, olympiads, … of one
//! class, with their participants and the parents' answers to a meeting.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::store::ids::{ClassId, EventId, UserId};
use crate::store::table::{AnyTable, Tbl};

/// The kind of an event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Классный час.
    #[default]
    ClassHour,
    /// Экскурсия.
    Excursion,
    /// Родительское собрание.
    ParentMeeting,
    /// Олимпиада, конкурс.
    Olympiad,
    /// Праздник, концерт.
    Celebration,
    /// Субботник, дежурство, поход, другое.
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::ClassHour,
        EventKind::Excursion,
        EventKind::ParentMeeting,
        EventKind::Olympiad,
        EventKind::Celebration,
        EventKind::Other,
    ];

    /// The slug in forms, and the suffix of its catalog key `event-kind-…`.
    pub fn slug(self) -> &'static str {
        match self {
            EventKind::ClassHour => "class_hour",
            EventKind::Excursion => "excursion",
            EventKind::ParentMeeting => "parent_meeting",
            EventKind::Olympiad => "olympiad",
            EventKind::Celebration => "celebration",
            EventKind::Other => "other",
        }
    }

    pub fn from_slug(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// Who takes part.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participants {
    /// The whole class; otherwise only `students`.
    #[serde(default)]
    pub whole_class: bool,
    /// Chosen students, when not the whole class.
    #[serde(default)]
    pub students: Vec<UserId>,
    /// The participating students' parents take part too (a parent meeting: always).
    #[serde(default)]
    pub parents: bool,
}

/// An event of a class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub class: ClassId,
    pub kind: EventKind,
    pub title: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub start: Option<NaiveTime>,
    #[serde(default)]
    pub end: Option<NaiveTime>,
    #[serde(default)]
    pub place: String,
    /// The responsible person: an account of the school…
    #[serde(default)]
    pub responsible: Option<UserId>,
    /// …or a name written in (a guide, a parent).
    #[serde(default)]
    pub responsible_name: String,
    #[serde(default)]
    pub participants: Participants,
    #[serde(default)]
    pub notes: String,
    /// Called off: kept, shown struck through, participants told.
    #[serde(default)]
    pub cancelled: bool,
    pub created_by: UserId,
    #[serde(default)]
    pub updated_by: Option<UserId>,
    #[serde(default)]
    pub updated_at: i64,
}

/// A parent's answer to an invitation (a parent meeting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
}

impl Answer {
    /// The value in forms, and the suffix of its catalog key `events-answer-…`.
    pub fn slug(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
        }
    }

    pub fn from_slug(s: &str) -> Option<Answer> {
        [Answer::Yes, Answer::No].into_iter().find(|a| a.slug() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub answer: Answer,
    #[serde(default)]
    pub note: String,
    pub at: i64,
    /// The child the parent answered for (the invitation came through them).
    #[serde(default)]
    pub student: Option<UserId>,
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `EventId -> Event`: class events.
pub const EVENTS: Tbl<EventId, Event> = Tbl::new("events-1");
/// `(ClassId, date, EventId) -> ()`: a class's events by date.
pub const CLASS_EVENTS: Tbl<(ClassId, NaiveDate, EventId), ()> = Tbl::new("class-events-1");
/// `(EventId, parent UserId) -> Reply`: parents' answers to an invitation.
pub const EVENT_REPLIES: Tbl<(EventId, UserId), Reply> = Tbl::new("event-replies-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&EVENTS, &CLASS_EVENTS, &EVENT_REPLIES];
