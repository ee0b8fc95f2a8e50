//! The events of a student's week as the diary shows them: the student's own, and for a
//! parent the answer to an invitation with the buttons to give or change it. The caller has
//! asked `diary.view` on the student inside the same transaction.

use chrono::{NaiveDate, NaiveTime};

use super::model::{EventKind, Reply};
use super::queries::{for_student, invites_parents_of};
use super::rules::may_answer;
use crate::auth::permission::{Action, Actor, Target, allows};
use crate::events::model::EVENT_REPLIES;
use crate::store::ids::{EventId, UserId};
use crate::store::{Reader, StoreError};

/// One event in a day card.
#[derive(Clone, Debug)]
pub struct DiaryEvent {
    pub id: EventId,
    pub kind: EventKind,
    pub title: String,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub place: String,
    pub cancelled: bool,
    /// The student's parents are invited.
    pub parents: bool,
    /// The reader's answer (a parent's).
    pub reply: Option<Reply>,
    /// The reader may answer now.
    pub can_answer: bool,
}

/// The events `student` takes part in from `from` to `to`, seen by `actor`.
pub fn week_events(
    tx: &impl Reader,
    actor: &Actor,
    student: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DiaryEvent>, StoreError> {
    let events = for_student(tx, student, from, to)?;
    let mut out = Vec::with_capacity(events.len());
    let may_reply = !events.is_empty() && allows(tx, actor, Action::EventsReply, Target::Student(student))?;
    for (id, e) in events {
        let parents = invites_parents_of(&e, student);
        let reply = if may_reply && parents { EVENT_REPLIES.get(tx, &(id, actor.id))? } else { None };
        out.push(DiaryEvent {
            id,
            kind: e.kind,
            can_answer: may_reply && parents && may_answer(&e, actor.today),
            title: e.title,
            date: e.date,
            start: e.start,
            end: e.end,
            place: e.place,
            cancelled: e.cancelled,
            parents,
            reply,
        });
    }
    Ok(out)
}
