//! «Мои уроки сегодня»: a teacher's lessons of the day on the start page, each a step away
//! from its journal — their own lessons, and those they give as a substitute.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};

use crate::error::AppError;
use crate::store::ids::{ClassId, TeachingId, UserId};
use crate::store::{Order, Reader};
use crate::structure::model::{SUBJECTS, TEACHING, TEACHING_BY_TEACHER};
use crate::timetable::calendar::ClassCalendar;
use crate::timetable::model::LessonState;
use crate::timetable::model::{BELLS, SUBSTITUTIONS, TIMETABLE_CHANGES};

/// One lesson of the teacher's day.
pub struct TodayLesson {
    pub number: u8,
    pub start: Option<NaiveTime>,
    pub class: String,
    pub subject: String,
    pub room: String,
    pub teaching: TeachingId,
    /// Given as a substitute for the assignment's own teacher.
    pub substitute: bool,
    /// Given away: someone else substitutes, or the lesson is cancelled.
    pub away: bool,
}

/// The lessons `teacher` has on `day`, by number.
pub fn lessons_of_day(
    tx: &impl Reader,
    teacher: UserId,
    day: NaiveDate,
) -> Result<Vec<TodayLesson>, AppError> {
    let mut mine: BTreeMap<ClassId, Vec<TeachingId>> = BTreeMap::new();
    let mut teachings = Vec::new();
    TEACHING_BY_TEACHER.scan_prefix(tx, &teacher, Order::Asc, |(_, t), ()| {
        teachings.push(t);
        true
    })?;
    for t in teachings {
        if let Some(teaching) = TEACHING.get(tx, &t)? {
            mine.entry(teaching.class).or_default().push(t);
        }
    }
    let mut substituted: Vec<(ClassId, TeachingId, u8)> = Vec::new();
    let mut keys = Vec::new();
    SUBSTITUTIONS.scan_prefix(tx, &(teacher, day), Order::Asc, |(_, d, class, change), ()| {
        keys.push((class, d, change));
        true
    })?;
    for key in keys {
        if let Some(c) = TIMETABLE_CHANGES.get(tx, &key)? {
            substituted.push((key.0, c.teaching, c.number));
            mine.entry(key.0).or_default();
        }
    }
    let mut out = Vec::new();
    for (class, own) in mine {
        let Some(cal) = ClassCalendar::load(tx, class, day, day)? else { continue };
        let bells = match cal.version_on(day) {
            Some((_, week)) => BELLS.get(tx, &week.shift)?,
            None => None,
        };
        for p in cal.day(day) {
            let is_sub = substituted.contains(&(class, p.teaching, p.number));
            if !own.contains(&p.teaching) && !is_sub {
                continue;
            }
            let Some(t) = TEACHING.get(tx, &p.teaching)? else { continue };
            let away = match p.state {
                LessonState::Cancelled => true,
                LessonState::Substituted(by) => by != teacher,
                _ => false,
            };
            out.push(TodayLesson {
                number: p.number,
                start: bells.as_ref().and_then(|b| b.of(p.number)).map(|b| b.start),
                class: cal.class.name(),
                subject: SUBJECTS.get(tx, &t.subject)?.map(|s| s.name).unwrap_or_default(),
                room: p.room.clone(),
                teaching: p.teaching,
                substitute: is_sub,
                away,
            });
        }
    }
    out.sort_by_key(|l| (l.number, l.class.clone()));
    Ok(out)
}
