//! The lessons and homework of a feed, derived over the whole window in one snapshot: each
//! class's calendar is loaded once (`ClassCalendar::load`), what is written about the lessons
//! is read with one range scan per teaching assignment, homework by due day from
//! `HOMEWORK_DUE`. A teacher's lessons follow the teacher's week of the timetable
//! (`timetable::week`): their teaching assignments, the ones a substitute gives shown as
//! given away, and the lessons they give as a substitute from `SUBSTITUTIONS`.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

use super::feed::{Item, When};
use crate::journal::model::Lesson;
use crate::journal::model::{HOMEWORK_DUE, LESSONS};
use crate::people::model::class_on;
use crate::people::service::movements;
use crate::store::ids::{ClassId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::TEACHING_BY_TEACHER;
use crate::timetable::bells::bells;
use crate::timetable::calendar::{ClassCalendar, student_teachings};
use crate::timetable::model::{Bells, LessonState, Planned};
use crate::timetable::queries::Names;
use crate::web::i18n::{Arg, Lang};

/// Whose view of a lesson an item gives.
#[derive(Clone, Copy)]
enum View<'a> {
    /// A student's own, or a parent's for the child named (first name, and the child's id
    /// keeps the two children's items apart).
    Student(Option<(&'a str, UserId)>),
    /// The teacher who gives it.
    Teacher,
    /// The teacher whose lesson a substitute gives.
    GivenAway(UserId),
    /// A substitute, for the teacher named.
    Substituting,
}

/// What the lessons of a feed are derived from, loaded as needed and kept.
pub struct Lookup<'a, R: Reader> {
    tx: &'a R,
    pub names: Names,
    pub lang: Lang,
    pub tz: chrono_tz::Tz,
    pub from: NaiveDate,
    pub to: NaiveDate,
    bells: BTreeMap<u8, Bells>,
    calendars: HashMap<ClassId, Option<ClassCalendar>>,
    records: HashMap<TeachingId, BTreeMap<(NaiveDate, u8), Lesson>>,
}

impl<'a, R: Reader> Lookup<'a, R> {
    pub fn new(
        tx: &'a R,
        lang: Lang,
        tz: chrono_tz::Tz,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Self, StoreError> {
        Ok(Lookup {
            tx,
            names: Names::load(tx)?,
            lang,
            tz,
            from,
            to,
            bells: bells(tx)?,
            calendars: HashMap::new(),
            records: HashMap::new(),
        })
    }

    fn days(&self) -> Vec<NaiveDate> {
        self.from.iter_days().take_while(|d| *d <= self.to).collect()
    }

    fn calendar(&mut self, class: ClassId) -> Result<Option<&ClassCalendar>, StoreError> {
        if !self.calendars.contains_key(&class) {
            let cal = ClassCalendar::load(self.tx, class, self.from, self.to)?;
            self.calendars.insert(class, cal);
        }
        Ok(self.calendars[&class].as_ref())
    }

    /// What is written about a lesson: one range scan of the window per teaching assignment,
    /// a point read outside it.
    fn record(&mut self, t: TeachingId, day: NaiveDate, number: u8) -> Result<Option<Lesson>, StoreError> {
        if day < self.from || day > self.to {
            return LESSONS.get(self.tx, &(t, day, number));
        }
        if !self.records.contains_key(&t) {
            let mut found = BTreeMap::new();
            let after = self.to.succ_opt().unwrap_or(self.to);
            LESSONS.scan_between(self.tx, &(t, self.from), &(t, after), Order::Asc, |(_, d, n), l| {
                found.insert((d, n), l);
                true
            })?;
            self.records.insert(t, found);
        }
        Ok(self.records[&t].get(&(day, number)).cloned())
    }

    /// A local wall-clock time of the school as an instant.
    pub fn instant(&self, day: NaiveDate, time: NaiveTime) -> Option<chrono::DateTime<Utc>> {
        self.tz.from_local_datetime(&day.and_time(time)).earliest().map(|t| t.with_timezone(&Utc))
    }

    /// The item of one lesson; `None` when its number has no bell.
    fn lesson(
        &mut self,
        class: ClassId,
        day: NaiveDate,
        p: &Planned,
        view: View<'_>,
    ) -> Result<Option<Item>, StoreError> {
        let tx = self.tx;
        let Some(cal) = self.calendar(class)? else { return Ok(None) };
        let shift = cal.version_on(day).map_or(1, |(_, w)| w.shift);
        let notes: Vec<String> = cal
            .changes_on(day)
            .iter()
            .filter(|(_, c)| c.number == p.number && c.teaching == p.teaching && !c.note.trim().is_empty())
            .map(|(_, c)| c.note.trim().to_string())
            .collect();
        let Some(bell) = self.bells.get(&shift).or_else(|| self.bells.get(&1)).and_then(|b| b.of(p.number))
        else {
            return Ok(None);
        };
        let (Some(start), Some(end)) = (self.instant(day, bell.start), self.instant(day, bell.end)) else {
            return Ok(None);
        };
        let Some(t) = self.names.teaching(tx, p.teaching)? else { return Ok(None) };
        let mut subject = self.names.subject(t.subject);
        if let Some(g) = t.group.map(|g| self.names.group(tx, g)).transpose()?.flatten() {
            subject = format!("{subject} ({g})");
        }
        let class_name = self.names.class_name(tx, class)?;
        let teacher = self.names.short(tx, t.teacher)?;
        let lang = self.lang;
        let mut summary = match view {
            View::Student(None) => subject,
            View::Student(Some((child, _))) => format!("{child}: {subject}"),
            _ => format!("{subject}, {class_name}"),
        };
        let mut lines = Vec::new();
        let mut cancelled = p.state == LessonState::Cancelled;
        match (view, p.state) {
            (View::Student(_), LessonState::Substituted(u)) => {
                let sub = self.names.short(tx, u)?;
                lines.push(lang.t_args("cal-lesson-substitute", &[("name", Arg::Str(sub))]));
            }
            (View::Student(_), _) => lines.push(teacher.clone()),
            (View::GivenAway(u), _) => {
                cancelled = true;
                let sub = self.names.short(tx, u)?;
                lines.push(lang.t_args("cal-lesson-given-away", &[("name", Arg::Str(sub))]));
            }
            (View::Substituting, _) => {
                lines.push(lang.t_args("cal-lesson-substituting", &[("name", Arg::Str(teacher.clone()))]));
            }
            (View::Teacher, _) => {}
        }
        if cancelled {
            summary = lang.t_args("cal-cancelled", &[("what", Arg::Str(summary))]);
        }
        if let Some(topic) =
            self.record(p.teaching, day, p.number)?.map(|l| l.topic).filter(|t| !t.trim().is_empty())
        {
            lines.push(lang.t_args("cal-lesson-topic", &[("topic", Arg::Str(topic.trim().to_string()))]));
        }
        lines.extend(notes);
        let child = match view {
            View::Student(Some((_, child))) => format!("-{child}"),
            _ => String::new(),
        };
        Ok(Some(Item {
            uid: format!("lesson-{}-{}-{}{child}@parta", p.teaching, day.format("%Y%m%d"), p.number),
            when: When::Timed { start, end: Some(end) },
            summary,
            location: p.room.trim().to_string(),
            description: lines.join("\n"),
            cancelled,
            modified: None,
            busy: true,
        }))
    }

    /// A student's lessons and homework due over the window, class by class as they move.
    /// `child` names the child in a parent's feed.
    pub fn student(&mut self, student: UserId, child: Option<&str>) -> Result<Vec<Item>, StoreError> {
        let tx = self.tx;
        let moves = movements(tx, student)?;
        let view = View::Student(child.map(|c| (c, student)));
        let mut follows: BTreeMap<ClassId, Vec<TeachingId>> = BTreeMap::new();
        let mut out = Vec::new();
        for day in self.days() {
            let Some(class) = class_on(&moves, day) else { continue };
            if let std::collections::btree_map::Entry::Vacant(e) = follows.entry(class) {
                e.insert(student_teachings(tx, class, student)?.into_iter().map(|(id, _)| id).collect());
            }
            let lessons = match self.calendar(class)? {
                Some(cal) => cal.day(day),
                None => continue,
            };
            for p in lessons.iter().filter(|p| follows[&class].contains(&p.teaching)) {
                out.extend(self.lesson(class, day, p, view)?);
            }
        }
        for (class, ids) in &follows {
            for &t in ids {
                out.extend(self.homework(t, *class, &moves, child.map(|c| (c, student)))?);
            }
        }
        Ok(out)
    }

    /// Homework of one teaching assignment due in the window, while the student is in `class`.
    fn homework(
        &mut self,
        t: TeachingId,
        class: ClassId,
        moves: &[crate::people::model::Movement],
        child: Option<(&str, UserId)>,
    ) -> Result<Vec<Item>, StoreError> {
        let tx = self.tx;
        let mut keys = Vec::new();
        let after = self.to.succ_opt().unwrap_or(self.to);
        HOMEWORK_DUE.scan_between(
            tx,
            &(t, self.from),
            &(t, after),
            Order::Asc,
            |(_, due, given, n), ()| {
                keys.push((due, given, n));
                true
            },
        )?;
        let mut out = Vec::new();
        for (due, given, number) in keys {
            if class_on(moves, due) != Some(class) {
                continue;
            }
            let Some(rec) = self.record(t, given, number)? else { continue };
            let Some(teaching) = self.names.teaching(tx, t)? else { continue };
            let subject = self.names.subject(teaching.subject);
            let mut summary = self.lang.t_args("cal-homework", &[("subject", Arg::Str(subject))]);
            let mut suffix = String::new();
            if let Some((name, id)) = child {
                summary = format!("{name}: {summary}");
                suffix = format!("-{id}");
            }
            let mut description = rec.homework.trim().to_string();
            if !rec.files.is_empty() {
                let files =
                    self.lang.t_args("cal-homework-files", &[("n", Arg::Num(rec.files.len() as i64))]);
                description =
                    [description, files].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n");
            }
            out.push(Item {
                uid: format!("hw-{t}-{}-{number}{suffix}@parta", given.format("%Y%m%d")),
                when: When::Day(due),
                summary,
                location: String::new(),
                description,
                cancelled: false,
                modified: (rec.updated_at > 0).then_some(rec.updated_at),
                busy: false,
            });
        }
        Ok(out)
    }

    /// The lessons `teacher` gives over the window: their own (those a substitute gives
    /// marked given away) and those they give as a substitute.
    pub fn teacher(&mut self, teacher: UserId) -> Result<Vec<Item>, StoreError> {
        let tx = self.tx;
        let mut ids = Vec::new();
        TEACHING_BY_TEACHER.scan_prefix(tx, &teacher, Order::Asc, |(_, t), ()| {
            ids.push(t);
            true
        })?;
        let mut taught = BTreeMap::<ClassId, Vec<TeachingId>>::new();
        for id in ids {
            if let Some(t) = self.names.teaching(tx, id)? {
                taught.entry(t.class).or_default().push(id);
            }
        }
        let mut out = Vec::new();
        for (class, ids) in &taught {
            for day in self.days() {
                let lessons = match self.calendar(*class)? {
                    Some(cal) => cal.day(day),
                    None => break,
                };
                for p in lessons.iter().filter(|p| ids.contains(&p.teaching)) {
                    let view = match p.state {
                        LessonState::Substituted(u) if u != teacher => View::GivenAway(u),
                        _ => View::Teacher,
                    };
                    out.extend(self.lesson(*class, day, p, view)?);
                }
            }
        }
        // Lessons given as a substitute, from the index kept with the changes.
        for (day, class, change) in
            crate::timetable::calendar::substitutions_of(tx, teacher, self.from, self.to)?
        {
            if taught.get(&class).is_some_and(|ids| ids.contains(&change.teaching)) {
                continue;
            }
            let planned = match self.calendar(class)? {
                Some(cal) => cal.day(day).into_iter().find(|p| {
                    p.number == change.number
                        && p.teaching == change.teaching
                        && p.state == LessonState::Substituted(teacher)
                }),
                None => None,
            };
            if let Some(p) = planned {
                out.extend(self.lesson(class, day, &p, View::Substituting)?);
            }
        }
        Ok(out)
    }
}
