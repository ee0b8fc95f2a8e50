//! A plan bound to a teaching assignment, laid onto its lessons and written into its journal.
//!
//! [`relay`] is the one writer of plan-filled lessons: it lays the plan onto the year's lessons
//! (`distribute::lay`) and writes each lesson the plan fills — the topic, and on a topic's first
//! hour its planned homework, due at the next lesson — marked `PlanFill { auto: true }`. A
//! lesson the teacher has saved is theirs (`auto: false`) and is never rewritten; it only tells
//! the layout where the class has got. Lessons in a closed period or year are left as they are.
//! It runs after every change that moves lessons or topics: a plan edited, bound or unbound, a
//! timetable version or one-off change saved, a lesson's topic saved by the teacher.

use std::collections::HashMap;

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::distribute::{Layout, Said, Slot, lay};
use super::model::Plan;
use super::model::{PLAN_BINDINGS, PLANS};
use crate::journal::model::LESSONS;
use crate::journal::model::{Lesson, LessonKey, PlanFill};
use crate::journal::records;
use crate::store::ids::{ClassId, PlanId, TeachingId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, TEACHING, TEACHING_BY_CLASS, YEARS};
use crate::timetable::calendar::ClassCalendar;

/// What a lesson already says, for the layout.
fn said(record: Option<&Lesson>, plan: PlanId) -> Said {
    let Some(l) = record else { return Said::Open };
    match l.plan {
        Some(f) if f.auto => Said::Open,
        Some(f) if f.plan == plan => Said::Linked(f.topic),
        _ if l.topic.trim().is_empty() => Said::Open,
        _ => Said::Own,
    }
}

/// The plan's topics as `distribute::lay` takes them.
pub fn topic_hours(plan: &Plan) -> Vec<(u32, u8)> {
    plan.topics().map(|(_, t)| (t.id, t.hours)).collect()
}

/// Everything a layout is made from, read once.
pub struct Laid {
    pub plan_id: PlanId,
    pub plan: Plan,
    pub layout: Layout,
    pub calendar: ClassCalendar,
    pub records: HashMap<(NaiveDate, u8), Lesson>,
}

/// Lays the plan `teaching` follows onto its lessons of the year, as of `today`; `None` when
/// it follows none (or its class or year is gone).
pub fn laid(tx: &impl Reader, teaching: TeachingId, today: NaiveDate) -> Result<Option<Laid>, StoreError> {
    let Some(plan_id) = PLAN_BINDINGS.get(tx, &teaching)? else { return Ok(None) };
    let Some(plan) = PLANS.get(tx, &plan_id)? else { return Ok(None) };
    let Some(t) = TEACHING.get(tx, &teaching)? else { return Ok(None) };
    let Some(class) = CLASSES.get(tx, &t.class)? else { return Ok(None) };
    let Some(year) = YEARS.get(tx, &class.year)? else { return Ok(None) };
    let Some(calendar) = ClassCalendar::load(tx, t.class, year.start, year.end)? else { return Ok(None) };
    let records = year_records(tx, teaching, year.start, year.end)?;
    let lessons: Vec<Slot> = calendar
        .lessons_of(teaching, year.start, year.end)
        .into_iter()
        .map(|(date, p)| Slot { date, number: p.number, said: said(records.get(&(date, p.number)), plan_id) })
        .collect();
    let layout = lay(&topic_hours(&plan), &lessons, today);
    Ok(Some(Laid { plan_id, plan, layout, calendar, records }))
}

fn year_records(
    tx: &impl Reader,
    teaching: TeachingId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<(NaiveDate, u8), Lesson>, StoreError> {
    let mut out = HashMap::new();
    let Some(after) = to.succ_opt() else { return Ok(out) };
    LESSONS.scan_between(tx, &(teaching, from), &(teaching, after), Order::Asc, |(_, d, n), l| {
        out.insert((d, n), l);
        true
    })?;
    Ok(out)
}

/// What relaying changed, for messages and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relaid {
    /// Lessons whose plan-filled topic or homework was written or cleared.
    pub written: u32,
}

/// Lays the plan of `teaching` onto its lessons again and writes the lessons it fills; clears
/// what an earlier layout filled where the plan no longer puts anything (or the teaching
/// follows no plan now).
pub fn relay(tx: &WriteTransaction, teaching: TeachingId, today: NaiveDate) -> Result<Relaid, StoreError> {
    let mut done = Relaid::default();
    let Some(laid) = laid(tx, teaching, today)? else {
        return clear_auto(tx, teaching);
    };
    if laid.calendar.year.closed {
        return Ok(done);
    }
    let locked = |d: NaiveDate| laid.calendar.period_of(d).is_some_and(|(_, p)| p.closed);
    let dates: Vec<(NaiveDate, u8)> = laid.layout.lessons.iter().map(|p| (p.date, p.number)).collect();
    for (i, placed) in laid.layout.lessons.iter().enumerate() {
        if !placed.filled || locked(placed.date) {
            continue;
        }
        let key = LessonKey { teaching, date: placed.date, number: placed.number };
        let old = laid.records.get(&(placed.date, placed.number));
        let mut lesson = old.cloned().unwrap_or_default();
        match placed.topic.and_then(|(id, hour)| laid.plan.topic(id).map(|t| (t, hour))) {
            Some((topic, hour)) => {
                lesson.topic = topic.title.clone();
                let homework = if hour == 1 { topic.homework.trim().to_string() } else { String::new() };
                // A lesson whose homework the teacher wrote (before the plan was bound) keeps it,
                // takes the topic once, and is the teacher's from then on.
                let teachers_homework =
                    old.is_some_and(|l| l.plan.is_none() && !l.homework.trim().is_empty());
                if !teachers_homework {
                    lesson.due = (!homework.is_empty()).then(|| dates.get(i + 1).map(|d| d.0)).flatten();
                    lesson.homework = homework;
                }
                let auto = !teachers_homework;
                lesson.plan = Some(PlanFill { plan: laid.plan_id, topic: topic.id, auto });
            }
            None => {
                if !old.is_some_and(|l| l.plan.is_some_and(|f| f.auto)) {
                    continue;
                }
                unfill(&mut lesson);
            }
        }
        if old != Some(&lesson) {
            store(tx, key, old, &lesson)?;
            done.written += 1;
        }
    }
    // Plan-filled lessons on days that are no lessons any more (a moved or cancelled lesson).
    for ((date, number), old) in &laid.records {
        if !old.plan.is_some_and(|f| f.auto) || locked(*date) || dates.contains(&(*date, *number)) {
            continue;
        }
        let mut lesson = old.clone();
        unfill(&mut lesson);
        store(tx, LessonKey { teaching, date: *date, number: *number }, Some(old), &lesson)?;
        done.written += 1;
    }
    Ok(done)
}

/// Clears what plans filled into the lessons of `teaching` (it follows no plan now).
fn clear_auto(tx: &WriteTransaction, teaching: TeachingId) -> Result<Relaid, StoreError> {
    let mut filled = Vec::new();
    LESSONS.scan_prefix(tx, &teaching, Order::Asc, |(_, d, n), l| {
        if l.plan.is_some_and(|f| f.auto) {
            filled.push((d, n, l));
        }
        true
    })?;
    let mut done = Relaid::default();
    for (date, number, old) in filled {
        let mut lesson = old.clone();
        unfill(&mut lesson);
        store(tx, LessonKey { teaching, date, number }, Some(&old), &lesson)?;
        done.written += 1;
    }
    Ok(done)
}

/// Takes out what the plan put in.
fn unfill(lesson: &mut Lesson) {
    lesson.topic.clear();
    lesson.homework.clear();
    lesson.due = None;
    lesson.plan = None;
}

/// Saves the lesson, or removes its record when nothing is left in it.
fn store(
    tx: &WriteTransaction,
    key: LessonKey,
    old: Option<&Lesson>,
    lesson: &Lesson,
) -> Result<(), StoreError> {
    let empty = lesson.topic.is_empty()
        && lesson.homework.is_empty()
        && lesson.files.is_empty()
        && lesson.assignments.is_empty()
        && lesson.plan.is_none();
    if empty {
        if old.is_some() {
            records::remove_lesson(tx, key)?;
        }
        Ok(())
    } else {
        records::save_lesson(tx, key, lesson)
    }
}

/// Relays every teaching assignment of `class` that follows a plan: after its timetable changed.
pub fn relay_class(tx: &WriteTransaction, class: ClassId, today: NaiveDate) -> Result<Relaid, StoreError> {
    let mut ids = Vec::new();
    TEACHING_BY_CLASS.scan_prefix(tx, &class, Order::Asc, |(_, t), ()| {
        ids.push(t);
        true
    })?;
    let mut done = Relaid::default();
    for t in ids {
        if PLAN_BINDINGS.contains(tx, &t)? {
            done.written += relay(tx, t, today)?.written;
        }
    }
    Ok(done)
}
