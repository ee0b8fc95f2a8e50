//! A student's diary week: every lesson of Monday to Saturday with its time, room, teacher,
//! topic, homework, marks and attendance, and the summary of the period the week is in.
//!
//! The whole page comes from one read transaction: the class calendar once, then range scans —
//! the student's marks and attendance of the week, the lessons and homework of each teaching
//! assignment over the week, the student's marks of the period — and point gets for names.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};

use super::queries::{Names, children_tabs, class_for, marks_between};
use super::rules::week_days;
use super::summary::{Summary, summary};
use crate::auth::accounts;
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::journal::model::{Code, Lesson, MarkValue};
use crate::journal::model::{HOMEWORK_DUE, LESSONS, STUDENT_ATTENDANCE};
use crate::journal::rules::Rounding;
use crate::people::model::class_on;
use crate::people::service::movements;
use crate::state::AppState;
use crate::store::ids::{BlobId, ClassId, TeachingId, UserId};
use crate::store::tables::BLOBS;
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::TEACHING;
use crate::structure::model::Teaching;
use crate::timetable::calendar::{ClassCalendar, student_teachings};
use crate::timetable::model::BELLS;
use crate::timetable::model::{Bell, Bells, LessonState};

/// How a lesson stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Regular,
    /// Another teacher gives it.
    Substituted,
    /// Not in the weekly timetable: moved here or added.
    Added,
    Cancelled,
    /// Not in the timetable at all, but the journal has marks or attendance for it.
    Unplanned,
}

/// Homework: what to do, and the files.
#[derive(Clone, Debug)]
pub struct Homework {
    pub teaching: TeachingId,
    /// The lesson that gave it.
    pub given: NaiveDate,
    pub due: Option<NaiveDate>,
    pub text: String,
    pub files: Vec<(BlobId, String)>,
}

/// A mark as the diary shows it.
#[derive(Clone, Debug)]
pub struct DiaryMark {
    pub value: MarkValue,
    pub weight: u8,
    /// «К/р».
    pub abbr: String,
    /// «Контрольная работа».
    pub work: String,
    /// The assignment's own name, when it has one.
    pub name: String,
    pub comment: String,
}

#[derive(Clone, Debug)]
pub struct DiaryLesson {
    pub number: u8,
    pub bell: Option<Bell>,
    pub teaching: TeachingId,
    pub subject: String,
    pub teacher: String,
    pub room: String,
    pub state: State,
    pub topic: String,
    /// Homework to be handed in at this lesson.
    pub due: Vec<Homework>,
    /// Homework given at this lesson.
    pub given: Option<Homework>,
    pub marks: Vec<DiaryMark>,
    pub attendance: Option<Code>,
}

#[derive(Clone, Debug)]
pub struct DiaryDay {
    pub date: NaiveDate,
    pub lessons: Vec<DiaryLesson>,
    /// Homework due this day for a subject that has no lesson this day.
    pub loose: Vec<(String, Homework)>,
    /// Class events the student takes part in (`events::diary`).
    pub events: Vec<crate::events::diary::DiaryEvent>,
}

/// The diary page of one week.
#[derive(Clone, Debug)]
pub struct WeekView {
    pub student: UserId,
    pub name: String,
    pub class_name: Option<String>,
    /// A parent's children, for the switcher.
    pub tabs: Vec<(UserId, String)>,
    pub days: Vec<DiaryDay>,
    pub summary: Option<Summary>,
}

/// GET /diary/{student}: the week containing `day`.
pub async fn week(
    state: &AppState,
    actor: Actor,
    student: UserId,
    day: NaiveDate,
) -> Result<WeekView, AppError> {
    let rounding = state.school().rounding;
    state.store.read(move |tx| build(tx, &actor, student, day, rounding)).await
}

/// What is known about one class the student is in during the week.
struct ClassData {
    cal: ClassCalendar,
    follows: HashMap<TeachingId, Teaching>,
}

fn build(
    tx: &impl Reader,
    actor: &Actor,
    student: UserId,
    day: NaiveDate,
    rounding: Rounding,
) -> Result<WeekView, AppError> {
    permit(tx, actor, Action::DiaryView, Target::Student(student))?;
    let user = accounts::get(tx, student)?.filter(|u| u.has(Role::Student)).ok_or(AppError::NotFound)?;
    let days = week_days(day);
    let (monday, saturday) = (days[0], days[5]);
    let moves = movements(tx, student)?;
    let main_class = class_on(&moves, day)
        .or_else(|| days.iter().find_map(|d| class_on(&moves, *d)))
        .or_else(|| class_for(&moves, actor.today));
    let mut classes: HashMap<ClassId, ClassData> = HashMap::new();
    for c in days.iter().filter_map(|d| class_on(&moves, *d)).chain(main_class) {
        if !classes.contains_key(&c)
            && let Some(cal) = ClassCalendar::load(tx, c, monday, saturday)?
        {
            let follows = student_teachings(tx, c, student)?.into_iter().collect();
            classes.insert(c, ClassData { cal, follows });
        }
    }
    let mut names = Names::load(tx)?;
    let teachings = classes.values().flat_map(|c| c.follows.iter().map(|(id, t)| (*id, Some(t.clone()))));
    let mut week =
        WeekBuilder { tx, names: &mut names, bells: HashMap::new(), teachings: teachings.collect() };
    let mut days = week.days(student, &days, &moves, &classes)?;
    // Class events (events/): the student's own; a parent's answers to invitations.
    for ev in crate::events::diary::week_events(tx, actor, student, monday, saturday)? {
        if let Some(d) = days.iter_mut().find(|d| d.date == ev.date) {
            d.events.push(ev);
        }
    }
    let summary = match main_class.and_then(|c| classes.get(&c)) {
        Some(data) => summary(tx, &mut names, student, day, &data.cal, &data.follows, rounding)?,
        None => None,
    };
    let class_name = main_class.and_then(|c| classes.get(&c)).map(|d| d.cal.class.name());
    Ok(WeekView {
        student,
        name: user.full_name(),
        class_name,
        tabs: children_tabs(tx, actor)?,
        days,
        summary,
    })
}

/// Builds the days of the week, keeping what it has read.
struct WeekBuilder<'a, R: Reader> {
    tx: &'a R,
    names: &'a mut Names,
    bells: HashMap<u8, Option<Bells>>,
    teachings: HashMap<TeachingId, Option<Teaching>>,
}

type LessonKey3 = (TeachingId, NaiveDate, u8);

impl<R: Reader> WeekBuilder<'_, R> {
    fn bell(&mut self, cal: &ClassCalendar, day: NaiveDate, number: u8) -> Result<Option<Bell>, StoreError> {
        let Some((_, w)) = cal.version_on(day) else { return Ok(None) };
        if let Entry::Vacant(e) = self.bells.entry(w.shift) {
            e.insert(BELLS.get(self.tx, &w.shift)?);
        }
        Ok(self.bells.get(&w.shift).and_then(|b| b.as_ref()).and_then(|b| b.of(number)))
    }

    fn teaching(&mut self, id: TeachingId) -> Result<Option<Teaching>, StoreError> {
        if let Entry::Vacant(e) = self.teachings.entry(id) {
            e.insert(TEACHING.get(self.tx, &id)?);
        }
        Ok(self.teachings.get(&id).cloned().flatten())
    }

    fn homework(
        &mut self,
        teaching: TeachingId,
        given: NaiveDate,
        l: &Lesson,
    ) -> Result<Homework, StoreError> {
        let mut files = Vec::new();
        for blob in &l.files {
            let name = BLOBS.get(self.tx, blob)?.map(|b| b.name).unwrap_or_default();
            files.push((*blob, name));
        }
        Ok(Homework { teaching, given, due: l.due, text: l.homework.clone(), files })
    }

    fn lesson(
        &mut self,
        key: LessonKey3,
        cal: Option<&ClassCalendar>,
        room: String,
        state: State,
        teacher: Option<UserId>,
    ) -> Result<DiaryLesson, StoreError> {
        let (teaching, day, number) = key;
        let t = self.teaching(teaching)?;
        let subject = match &t {
            Some(t) => self.names.subject_name(self.tx, t.subject)?,
            None => String::new(),
        };
        let teacher = match teacher.or(t.as_ref().map(|t| t.teacher)) {
            Some(u) => self.names.short_name(self.tx, u)?,
            None => String::new(),
        };
        let bell = match cal {
            Some(cal) => self.bell(cal, day, number)?,
            None => None,
        };
        Ok(DiaryLesson {
            number,
            bell,
            teaching,
            subject,
            teacher,
            room,
            state,
            topic: String::new(),
            due: Vec::new(),
            given: None,
            marks: Vec::new(),
            attendance: None,
        })
    }

    fn days(
        &mut self,
        student: UserId,
        days: &[NaiveDate],
        moves: &[crate::people::model::Movement],
        classes: &HashMap<ClassId, ClassData>,
    ) -> Result<Vec<DiaryDay>, StoreError> {
        let (monday, next_monday) = (days[0], days[0] + Duration::days(7));
        // The lessons the timetable gives the student.
        let mut out: Vec<DiaryDay> = Vec::with_capacity(days.len());
        for &day in days {
            let mut lessons = Vec::new();
            let class = class_on(moves, day).and_then(|c| classes.get(&c));
            if let Some(data) = class {
                for p in data.cal.day(day).into_iter().filter(|p| data.follows.contains_key(&p.teaching)) {
                    let (state, teacher) = match p.state {
                        LessonState::Regular => (State::Regular, None),
                        LessonState::Substituted(u) => (State::Substituted, Some(u)),
                        LessonState::Added => (State::Added, None),
                        LessonState::Cancelled => (State::Cancelled, None),
                    };
                    lessons.push(self.lesson(
                        (p.teaching, day, p.number),
                        Some(&data.cal),
                        p.room,
                        state,
                        teacher,
                    )?);
                }
            }
            out.push(DiaryDay { date: day, lessons, loose: Vec::new(), events: Vec::new() });
        }
        // The student's marks and attendance of the week; a lesson the timetable no longer
        // has is shown anyway.
        let marks = marks_between(self.tx, student, monday, days[days.len() - 1])?;
        let mut attendance = Vec::new();
        STUDENT_ATTENDANCE.scan_between(
            self.tx,
            &(student, monday),
            &(student, next_monday),
            Order::Asc,
            |(_, day, number, teaching), a| {
                attendance.push(((teaching, day, number), a.code));
                true
            },
        )?;
        let keys: Vec<LessonKey3> = marks
            .iter()
            .map(|m| (m.teaching, m.date, m.number))
            .chain(attendance.iter().map(|(k, _)| *k))
            .collect();
        for (teaching, day, number) in keys {
            let Some(d) = out.iter_mut().position(|d| d.date == day) else { continue };
            if !out[d].lessons.iter().any(|l| l.teaching == teaching && l.number == number) {
                let cal = class_on(moves, day).and_then(|c| classes.get(&c)).map(|c| &c.cal);
                let l = self.lesson((teaching, day, number), cal, String::new(), State::Unplanned, None)?;
                out[d].lessons.push(l);
                out[d].lessons.sort_by_key(|l| (l.number, l.teaching));
            }
        }
        // What is written about the lessons, and homework by due day: one range scan per
        // teaching assignment over the week.
        let mut teachings: Vec<TeachingId> =
            out.iter().flat_map(|d| d.lessons.iter().map(|l| l.teaching)).collect();
        teachings.sort();
        teachings.dedup();
        let mut records: HashMap<LessonKey3, Lesson> = HashMap::new();
        let mut due: BTreeMap<(NaiveDate, TeachingId), Vec<(NaiveDate, u8)>> = BTreeMap::new();
        for &t in &teachings {
            LESSONS.scan_between(self.tx, &(t, monday), &(t, next_monday), Order::Asc, |k, l| {
                records.insert(k, l);
                true
            })?;
            HOMEWORK_DUE.scan_between(self.tx, &(t, monday), &(t, next_monday), Order::Asc, |k, ()| {
                due.entry((k.1, t)).or_default().push((k.2, k.3));
                true
            })?;
        }
        for d in &mut out {
            for l in &mut d.lessons {
                if let Some(rec) = records.get(&(l.teaching, d.date, l.number)) {
                    l.topic = rec.topic.clone();
                    if !rec.homework.trim().is_empty() || !rec.files.is_empty() {
                        l.given = Some(self.homework(l.teaching, d.date, rec)?);
                    }
                }
            }
        }
        for ((day, t), givers) in due {
            let Some(d) = out.iter().position(|d| d.date == day) else { continue };
            for (given, number) in givers {
                let rec = match records.get(&(t, given, number)) {
                    Some(r) => Some(r.clone()),
                    None => LESSONS.get(self.tx, &(t, given, number))?,
                };
                let Some(rec) = rec else { continue };
                let hw = self.homework(t, given, &rec)?;
                let lessons = &mut out[d].lessons;
                let at = lessons
                    .iter()
                    .position(|l| l.teaching == t && l.state != State::Cancelled)
                    .or_else(|| lessons.iter().position(|l| l.teaching == t));
                match at {
                    Some(i) => lessons[i].due.push(hw),
                    None => {
                        let subject = match self.teaching(t)? {
                            Some(t) => self.names.subject_name(self.tx, t.subject)?,
                            None => String::new(),
                        };
                        out[d].loose.push((subject, hw));
                    }
                }
            }
        }
        for m in marks {
            let name = records
                .get(&(m.teaching, m.date, m.number))
                .and_then(|r| r.assignments.iter().find(|a| a.no == m.assignment))
                .map(|a| a.name.clone())
                .unwrap_or_default();
            let (abbr, work) = self.names.work_type(m.mark.work_type);
            let mark = DiaryMark {
                value: m.mark.value,
                weight: m.mark.weight,
                abbr,
                work,
                name,
                comment: m.mark.comment,
            };
            if let Some(l) = find(&mut out, m.date, m.teaching, m.number) {
                l.marks.push(mark);
            }
        }
        for ((teaching, day, number), code) in attendance {
            if let Some(l) = find(&mut out, day, teaching, number) {
                l.attendance = Some(code);
            }
        }
        Ok(out)
    }
}

fn find(days: &mut [DiaryDay], day: NaiveDate, teaching: TeachingId, number: u8) -> Option<&mut DiaryLesson> {
    days.iter_mut()
        .find(|d| d.date == day)?
        .lessons
        .iter_mut()
        .find(|l| l.teaching == teaching && l.number == number)
}
