//! Laying a plan's topics onto a teaching assignment's real lessons, and how far the teaching
//! has got.
//!
//! The lessons are those the timetable gives for the year, holidays and cancelled lessons
//! already left out (`timetable::calendar`). Walking them in order, a cursor counts the plan's
//! hours covered:
//! - a lesson the teacher linked to a topic gives an hour of that topic: it moves the cursor
//!   to that topic (a jump ahead when the teacher compressed the plan), or one hour further
//!   inside it; a topic already covered is a review and moves nothing;
//! - a lesson with a topic of the teacher's own (not from the plan) moves nothing;
//! - any other lesson takes the next hour of the plan: this is the lesson the plan fills.
//!
//! So the plan follows the real course: a cancelled lesson, a timetable change or a lesson
//! spent on something else shift every later topic, and the topics that no longer fit into
//! the year show as such. «Behind» compares the hours covered by today with the hours the
//! lessons held so far could have covered.

use chrono::NaiveDate;

/// What a lesson already says about its topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Said {
    /// Nothing the teacher wrote (no record, an empty topic, or a topic the plan filled).
    Open,
    /// The teacher took this topic of the plan.
    Linked(u32),
    /// The teacher wrote a topic of their own.
    Own,
}

/// One lesson, in order.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    pub date: NaiveDate,
    pub number: u8,
    pub said: Said,
}

/// The topic a lesson gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub date: NaiveDate,
    pub number: u8,
    /// The topic and which of its hours (1-based); `None` for a lesson of the teacher's own
    /// topic or after the plan's end.
    pub topic: Option<(u32, u8)>,
    /// The plan filled it (the lesson was [`Said::Open`]).
    pub filled: bool,
}

/// A topic's place in the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicPlace {
    pub id: u32,
    pub hours: u8,
    /// The lessons it falls on.
    pub dates: Vec<NaiveDate>,
    pub status: TopicStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicStatus {
    /// Every hour covered by today.
    Given,
    /// Some hours covered.
    Started,
    /// Lessons ahead are set for it.
    Planned,
    /// No lesson left in the year for it.
    NoRoom,
}

/// The outcome of laying a plan onto the lessons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub lessons: Vec<Placed>,
    pub topics: Vec<TopicPlace>,
    /// Hours of the plan.
    pub hours: u32,
    /// Lessons in the year.
    pub lessons_total: u32,
    /// Lessons held by today (today's included).
    pub held: u32,
    /// Plan hours covered by today.
    pub given: u32,
    /// Plan hours the lessons held could have covered: `min(hours, held)`.
    pub due: u32,
    /// Hours that find no lesson before the year ends.
    pub no_room: u32,
}

impl Layout {
    /// Hours behind the plan today (0 when on time or ahead).
    pub fn behind(&self) -> u32 {
        self.due.saturating_sub(self.given)
    }

    /// Hours ahead of the plan today.
    pub fn ahead(&self) -> u32 {
        self.given.saturating_sub(self.due)
    }
}

/// Lays `topics` (id, hours; in plan order) onto `lessons` (in date order).
pub fn lay(topics: &[(u32, u8)], lessons: &[Slot], today: NaiveDate) -> Layout {
    // Hours before each topic.
    let mut start = Vec::with_capacity(topics.len());
    let mut hours = 0u32;
    for &(_, h) in topics {
        start.push(hours);
        hours += h.max(1) as u32;
    }
    let index = |id: u32| topics.iter().position(|&(t, _)| t == id);
    // The topic holding hour `p` (1-based) and that hour's number within it.
    let at = |p: u32| -> Option<(u32, u8)> {
        let i = start.iter().rposition(|&s| s < p)?;
        let (id, h) = topics[i];
        let within = p - start[i];
        (within <= h.max(1) as u32).then_some((id, within as u8))
    };

    let mut cursor = 0u32;
    let mut given = 0u32;
    let mut held = 0u32;
    let mut placed = Vec::with_capacity(lessons.len());
    for l in lessons {
        let (topic, filled) = match l.said {
            Said::Own => (None, false),
            Said::Linked(id) => match index(id) {
                Some(i) => {
                    let (s, h) = (start[i], topics[i].1.max(1) as u32);
                    if cursor < s {
                        cursor = s + 1;
                    } else if cursor < s + h {
                        cursor += 1;
                    }
                    let hour = (cursor.clamp(s + 1, s + h) - s) as u8;
                    (Some((id, hour)), false)
                }
                // A topic since removed from the plan: the teacher's own, in effect.
                None => (None, false),
            },
            Said::Open => {
                if cursor < hours {
                    cursor += 1;
                    (at(cursor), true)
                } else {
                    (None, true)
                }
            }
        };
        if l.date <= today {
            held += 1;
            given = cursor;
        }
        placed.push(Placed { date: l.date, number: l.number, topic, filled });
    }

    let topics_out = topics
        .iter()
        .enumerate()
        .map(|(i, &(id, h))| {
            let end = start[i] + h.max(1) as u32;
            let dates: Vec<NaiveDate> =
                placed.iter().filter(|p| p.topic.is_some_and(|(t, _)| t == id)).map(|p| p.date).collect();
            let status = if given >= end {
                TopicStatus::Given
            } else if given > start[i] {
                TopicStatus::Started
            } else if dates.iter().any(|d| *d > today) {
                TopicStatus::Planned
            } else {
                TopicStatus::NoRoom
            };
            TopicPlace { id, hours: h.max(1), dates, status }
        })
        .collect();
    Layout {
        lessons_total: lessons.len() as u32,
        due: hours.min(held),
        no_room: hours.saturating_sub(cursor),
        lessons: placed,
        topics: topics_out,
        hours,
        held,
        given,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, day).unwrap()
    }

    fn open(days: &[u32]) -> Vec<Slot> {
        days.iter().map(|&x| Slot { date: d(x), number: 1, said: Said::Open }).collect()
    }

    fn topics_of(l: &Layout) -> Vec<Option<(u32, u8)>> {
        l.lessons.iter().map(|p| p.topic).collect()
    }

    #[test]
    fn topics_fill_the_lessons_in_order_by_their_hours() {
        let l = lay(&[(1, 2), (2, 1), (3, 1)], &open(&[1, 2, 3, 4, 5]), d(2));
        assert_eq!(topics_of(&l), vec![Some((1, 1)), Some((1, 2)), Some((2, 1)), Some((3, 1)), None]);
        assert!(l.lessons.iter().all(|p| p.filled));
        assert_eq!((l.hours, l.lessons_total, l.held, l.given, l.due), (4, 5, 2, 2, 2));
        assert_eq!(l.behind(), 0);
        assert_eq!(l.topics[0].status, TopicStatus::Given);
        assert_eq!(l.topics[1].status, TopicStatus::Planned);
        assert_eq!(l.topics[0].dates, vec![d(1), d(2)]);
        assert_eq!(l.no_room, 0);
    }

    #[test]
    fn a_lesson_of_the_teachers_own_puts_the_plan_behind_and_shifts_the_rest() {
        let mut lessons = open(&[1, 2, 3, 4]);
        lessons[1].said = Said::Own;
        let l = lay(&[(1, 1), (2, 1), (3, 1), (4, 1)], &lessons, d(3));
        assert_eq!(topics_of(&l), vec![Some((1, 1)), None, Some((2, 1)), Some((3, 1))]);
        // Three lessons held could have covered three hours; two were.
        assert_eq!((l.held, l.due, l.given, l.behind(), l.ahead()), (3, 3, 2, 1, 0));
        assert_eq!(l.no_room, 1);
        assert_eq!(l.topics[3].status, TopicStatus::NoRoom);
    }

    #[test]
    fn linking_a_later_topic_jumps_ahead_and_the_rest_follows_from_there() {
        let mut lessons = open(&[1, 2, 3]);
        lessons[1].said = Said::Linked(3);
        let l = lay(&[(1, 1), (2, 1), (3, 1), (4, 1)], &lessons, d(2));
        assert_eq!(topics_of(&l), vec![Some((1, 1)), Some((3, 1)), Some((4, 1))]);
        assert!(!l.lessons[1].filled);
        assert_eq!((l.given, l.due, l.ahead()), (3, 2, 1));
        // Topic 2 was skipped over: covered by the jump.
        assert_eq!(l.topics[1].status, TopicStatus::Given);
    }

    #[test]
    fn a_second_lesson_on_a_finished_topic_is_a_review() {
        let mut lessons = open(&[1, 2, 3]);
        lessons[1].said = Said::Linked(1);
        let l = lay(&[(1, 1), (2, 1)], &lessons, d(3));
        assert_eq!(topics_of(&l), vec![Some((1, 1)), Some((1, 1)), Some((2, 1))]);
        assert_eq!((l.given, l.due, l.behind()), (2, 2, 0));
    }

    #[test]
    fn a_linked_multi_hour_topic_counts_its_hours() {
        let mut lessons = open(&[1, 2, 3, 4]);
        lessons[0].said = Said::Linked(1);
        lessons[1].said = Said::Linked(1);
        lessons[2].said = Said::Linked(1);
        let l = lay(&[(1, 2), (2, 2)], &lessons, d(4));
        // The third lesson on a two-hour topic goes beyond it: the plan is one hour behind.
        assert_eq!(topics_of(&l), vec![Some((1, 1)), Some((1, 2)), Some((1, 2)), Some((2, 1))]);
        assert_eq!((l.held, l.given, l.due, l.behind()), (4, 3, 4, 1));
    }

    #[test]
    fn a_topic_removed_from_the_plan_counts_as_the_teachers_own() {
        let mut lessons = open(&[1, 2]);
        lessons[0].said = Said::Linked(99);
        let l = lay(&[(1, 1)], &lessons, d(1));
        assert_eq!(topics_of(&l), vec![None, Some((1, 1))]);
        assert_eq!(l.behind(), 1);
    }

    #[test]
    fn an_empty_plan_or_no_lessons_is_quiet() {
        let l = lay(&[], &open(&[1, 2]), d(2));
        assert_eq!((l.hours, l.given, l.due, l.behind()), (0, 0, 0, 0));
        let l = lay(&[(1, 3)], &[], d(2));
        assert_eq!((l.no_room, l.topics[0].status), (3, TopicStatus::NoRoom));
    }

    #[test]
    fn zero_hours_count_as_one() {
        let l = lay(&[(1, 0), (2, 1)], &open(&[1, 2]), d(1));
        assert_eq!(topics_of(&l), vec![Some((1, 1)), Some((2, 1))]);
    }
}
