//! The week grids: a class's, a teacher's, a room's and a student's lessons from Monday to
//! Saturday, derived from the timetable versions and the changes of each day.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

use super::bells::bells;
use super::calendar::{ClassCalendar, student_teachings};
use super::model::{Bells, LessonState, Planned};
use super::queries::{Names, VersionRow, known_rooms, version_rows};
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::people::model::STUDENTS;
use crate::people::service::class_of;
use crate::state::AppState;
use crate::store::ids::{ClassId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::TEACHING_BY_TEACHER;
use crate::structure::service::{classes_of, current_year_id};

/// The Monday of the week containing `day`.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// How a lesson stands, as the grid shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    Regular,
    Cancelled,
    /// Given by this substitute.
    Substituted(String),
    /// A lesson the weekly timetable does not have (moved here, or added).
    Added,
    /// In a teacher's week: their lesson that a substitute gives.
    GivenAway(String),
    /// In a teacher's week: a lesson they give for this teacher.
    Substituting(String),
}

/// One lesson in a cell of the grid.
#[derive(Clone, Debug)]
pub struct Entry {
    pub teaching: TeachingId,
    pub subject: String,
    pub group: Option<String>,
    pub teacher: String,
    pub class_id: ClassId,
    pub class: String,
    pub room: String,
    pub mark: Mark,
    pub note: String,
    pub time: Option<(NaiveTime, NaiveTime)>,
}

#[derive(Clone, Debug)]
pub struct Day {
    pub date: NaiveDate,
    /// Lessons may take place (inside a period, not a holiday).
    pub study: bool,
}

/// Monday–Saturday × lesson numbers.
#[derive(Clone, Debug)]
pub struct WeekGrid {
    pub monday: NaiveDate,
    pub days: Vec<Day>,
    pub numbers: Vec<u8>,
    /// The bell times of each row (of the shift the page is in).
    pub times: BTreeMap<u8, (NaiveTime, NaiveTime)>,
    pub cells: BTreeMap<(NaiveDate, u8), Vec<Entry>>,
}

impl WeekGrid {
    pub fn cell(&self, day: NaiveDate, number: u8) -> &[Entry] {
        self.cells.get(&(day, number)).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// Whose week.
#[derive(Clone, Debug)]
pub enum Who {
    Class(ClassId),
    Teacher(UserId),
    Room(String),
    Student(UserId),
}

/// A week page: the grid and what its heading needs.
pub struct WeekPage {
    pub who: Who,
    pub title: String,
    pub grid: WeekGrid,
    /// For a class: its versions, and whether the viewer may edit them.
    pub versions: Vec<VersionRow>,
    pub can_edit: bool,
    /// For a student: the class of the week.
    pub class: Option<String>,
    /// The viewer sees the school's timetables (and gets the tabs to them).
    pub staff: bool,
}

struct Builder<'a, R: Reader> {
    tx: &'a R,
    names: Names,
    bells: BTreeMap<u8, Bells>,
    monday: NaiveDate,
    days: Vec<NaiveDate>,
    calendars: HashMap<ClassId, Option<ClassCalendar>>,
    cells: BTreeMap<(NaiveDate, u8), Vec<Entry>>,
}

impl<'a, R: Reader> Builder<'a, R> {
    fn new(tx: &'a R, monday: NaiveDate) -> Result<Self, StoreError> {
        Ok(Builder {
            tx,
            names: Names::load(tx)?,
            bells: bells(tx)?,
            monday,
            days: (0..6).map(|i| monday + Duration::days(i)).collect(),
            calendars: HashMap::new(),
            cells: BTreeMap::new(),
        })
    }

    fn calendar(&mut self, class: ClassId) -> Result<Option<&ClassCalendar>, StoreError> {
        if !self.calendars.contains_key(&class) {
            let cal = ClassCalendar::load(self.tx, class, self.monday, self.monday + Duration::days(6))?;
            self.calendars.insert(class, cal);
        }
        Ok(self.calendars[&class].as_ref())
    }

    /// The lessons of `class` on `day` that `keep` keeps, with their mark.
    fn add_day(
        &mut self,
        class: ClassId,
        day: NaiveDate,
        keep: impl Fn(&Planned) -> Option<Mark>,
    ) -> Result<(), StoreError> {
        let Some(cal) = self.calendar(class)? else { return Ok(()) };
        let shift = cal.version_on(day).map_or(1, |(_, w)| w.shift);
        let mut found = Vec::new();
        for p in cal.day(day) {
            if let Some(mark) = keep(&p) {
                let note: Vec<String> = cal
                    .changes_on(day)
                    .iter()
                    .filter(|(_, c)| c.number == p.number && c.teaching == p.teaching && !c.note.is_empty())
                    .map(|(_, c)| c.note.clone())
                    .collect();
                found.push((p, mark, note.join("; ")));
            }
        }
        for (p, mark, note) in found {
            self.push(class, day, shift, &p, mark, note)?;
        }
        Ok(())
    }

    fn push(
        &mut self,
        class: ClassId,
        day: NaiveDate,
        shift: u8,
        p: &Planned,
        mark: Mark,
        note: String,
    ) -> Result<(), StoreError> {
        let tx = self.tx;
        let Some(t) = self.names.teaching(tx, p.teaching)? else { return Ok(()) };
        let mark = match (mark, p.state) {
            (Mark::Regular, LessonState::Substituted(u)) => Mark::Substituted(self.names.short(tx, u)?),
            (Mark::Regular, LessonState::Cancelled) => Mark::Cancelled,
            (Mark::Regular, LessonState::Added) => Mark::Added,
            (m, _) => m,
        };
        let entry = Entry {
            teaching: p.teaching,
            subject: self.names.subject(t.subject),
            group: t.group.map(|g| self.names.group(tx, g)).transpose()?.flatten(),
            teacher: self.names.short(tx, t.teacher)?,
            class_id: class,
            class: self.names.class_name(tx, class)?,
            room: p.room.clone(),
            mark,
            note,
            time: self.bells.get(&shift).and_then(|b| b.of(p.number)).map(|b| (b.start, b.end)),
        };
        self.cells.entry((day, p.number)).or_default().push(entry);
        Ok(())
    }

    /// The grid, its rows the numbers of `shift`'s bells and every number in use.
    fn finish(self, shift: u8) -> WeekGrid {
        let study_day = |d: NaiveDate| self.calendars.values().flatten().any(|c| c.is_study_day(d));
        let days = self.days.iter().map(|&date| Day { date, study: study_day(date) }).collect();
        let bells = self.bells.get(&shift).or_else(|| self.bells.get(&1));
        let mut numbers: BTreeSet<u8> =
            bells.map(|b| b.lessons.iter().map(|l| l.number).collect()).unwrap_or_default();
        numbers.extend(self.cells.keys().map(|(_, n)| *n));
        if numbers.is_empty() {
            numbers.extend(1..=6);
        }
        let times = numbers
            .iter()
            .filter_map(|n| bells.and_then(|b| b.of(*n)).map(|b| (*n, (b.start, b.end))))
            .collect();
        WeekGrid {
            monday: self.monday,
            days,
            numbers: numbers.into_iter().collect(),
            times,
            cells: self.cells,
        }
    }
}

fn every(_: &Planned) -> Option<Mark> {
    Some(Mark::Regular)
}

/// GET /timetable/{classes|teachers|rooms|students}/… — a week of lessons. The permission is
/// asked before anything is looked up: a stranger learns nothing about which ids exist.
pub async fn week(state: &AppState, actor: Actor, who: Who, day: NaiveDate) -> Result<WeekPage, AppError> {
    state
        .store
        .read(move |tx| {
            let b = Builder::new(tx, monday_of(day))?;
            let mut page = match who {
                Who::Class(class) => class_week(tx, &actor, class, b),
                Who::Teacher(teacher) => teacher_week(tx, &actor, teacher, b),
                Who::Room(room) => room_week(tx, &actor, room, b),
                Who::Student(student) => student_week(tx, &actor, student, b),
            }?;
            page.staff = allows(tx, &actor, Action::TimetableView, Target::School)?;
            Ok(page)
        })
        .await
}

fn teacher_week<R: Reader>(
    tx: &R,
    actor: &Actor,
    teacher: UserId,
    mut b: Builder<'_, R>,
) -> Result<WeekPage, AppError> {
    permit(tx, actor, Action::TimetableView, Target::User(teacher))?;
    let user = b.names.user(tx, teacher)?.cloned().ok_or(AppError::NotFound)?;
    let mut ids = Vec::new();
    TEACHING_BY_TEACHER.scan_prefix(tx, &teacher, Order::Asc, |(_, t), ()| {
        ids.push(t);
        true
    })?;
    if ids.is_empty() && !user.has(Role::Teacher) {
        return Err(AppError::NotFound);
    }
    let mut taught = BTreeMap::<ClassId, Vec<TeachingId>>::new();
    for id in ids {
        if let Some(t) = b.names.teaching(tx, id)? {
            taught.entry(t.class).or_default().push(id);
        }
    }
    for (class, ids) in &taught {
        for d in b.days.clone() {
            b.add_day(*class, d, |p| {
                ids.contains(&p.teaching).then_some(match p.state {
                    LessonState::Substituted(_) => Mark::GivenAway(String::new()),
                    _ => Mark::Regular,
                })
            })?;
        }
    }
    given_away_names(tx, &mut b)?;
    substitutions(tx, &mut b, teacher)?;
    Ok(page(Who::Teacher(teacher), user.full_name(), b.finish(1)))
}

fn room_week<R: Reader>(
    tx: &R,
    actor: &Actor,
    room: String,
    mut b: Builder<'_, R>,
) -> Result<WeekPage, AppError> {
    permit(tx, actor, Action::TimetableView, Target::School)?;
    if let Some(year) = current_year_id(tx)? {
        for (class, _) in classes_of(tx, year)? {
            for d in b.days.clone() {
                b.add_day(class, d, |p| (p.room.trim() == room).then_some(Mark::Regular))?;
            }
        }
    }
    if b.cells.is_empty() && !known_rooms(tx)?.contains(&room) {
        return Err(AppError::NotFound);
    }
    Ok(page(Who::Room(room.clone()), room, b.finish(1)))
}

fn student_week<R: Reader>(
    tx: &R,
    actor: &Actor,
    student: UserId,
    mut b: Builder<'_, R>,
) -> Result<WeekPage, AppError> {
    permit(tx, actor, Action::TimetableView, Target::Student(student))?;
    if !STUDENTS.contains(tx, &student)? {
        return Err(AppError::NotFound);
    }
    let name = b.names.user(tx, student)?.map(|u| u.full_name()).unwrap_or_default();
    let mut follows: HashMap<ClassId, Vec<TeachingId>> = HashMap::new();
    let (mut class_name, mut shift) = (None, None);
    for d in b.days.clone() {
        // The class on each day: a transfer in the middle of the week shows both.
        let Some(class) = class_of(tx, student, d)? else { continue };
        if let std::collections::hash_map::Entry::Vacant(e) = follows.entry(class) {
            e.insert(student_teachings(tx, class, student)?.into_iter().map(|(id, _)| id).collect());
        }
        if class_name.is_none() {
            class_name = Some(b.names.class_name(tx, class)?);
        }
        if shift.is_none() {
            shift = b.calendar(class)?.and_then(|c| c.version_on(d)).map(|(_, w)| w.shift);
        }
        let ids = &follows[&class];
        b.add_day(class, d, |p| ids.contains(&p.teaching).then_some(Mark::Regular))?;
    }
    let mut page = page(Who::Student(student), name, b.finish(shift.unwrap_or(1)));
    page.class = class_name;
    Ok(page)
}

fn page(who: Who, title: String, grid: WeekGrid) -> WeekPage {
    WeekPage { who, title, grid, versions: Vec::new(), can_edit: false, class: None, staff: false }
}

fn class_week<R: Reader>(
    tx: &R,
    actor: &Actor,
    class: ClassId,
    mut b: Builder<'_, R>,
) -> Result<WeekPage, AppError> {
    permit(tx, actor, Action::TimetableView, Target::Class(class))?;
    let days = b.days.clone();
    let Some(cal) = b.calendar(class)? else { return Err(AppError::NotFound) };
    let name = cal.class.name();
    let versions = cal.versions().to_vec();
    let shift = days.iter().find_map(|d| cal.version_on(*d).map(|(_, w)| w.shift)).unwrap_or(1);
    for d in b.days.clone() {
        b.add_day(class, d, every)?;
    }
    let can_edit = allows(tx, actor, Action::TimetableEdit, Target::School)?;
    let rows = version_rows(tx, &mut b.names, &versions, actor.today, can_edit)?;
    let mut page = page(Who::Class(class), name, b.finish(shift));
    page.versions = rows;
    page.can_edit = can_edit;
    Ok(page)
}

/// Names the substitutes of the lessons a teacher gives away.
fn given_away_names<R: Reader>(tx: &R, b: &mut Builder<'_, R>) -> Result<(), StoreError> {
    let mut fill = Vec::new();
    for ((day, number), entries) in &b.cells {
        for (i, e) in entries.iter().enumerate() {
            if e.mark == Mark::GivenAway(String::new())
                && let Some(cal) = b.calendars.get(&e.class_id).and_then(Option::as_ref)
                && let Some(LessonState::Substituted(u)) = cal
                    .day(*day)
                    .iter()
                    .find(|p| p.number == *number && p.teaching == e.teaching)
                    .map(|p| p.state)
            {
                fill.push(((*day, *number), i, u));
            }
        }
    }
    for (key, i, u) in fill {
        let name = b.names.short(tx, u)?;
        if let Some(e) = b.cells.get_mut(&key).and_then(|v| v.get_mut(i)) {
            e.mark = Mark::GivenAway(name);
        }
    }
    Ok(())
}

/// The lessons `teacher` gives as a substitute this week, from the `SUBSTITUTIONS` index.
fn substitutions<R: Reader>(tx: &R, b: &mut Builder<'_, R>, teacher: UserId) -> Result<(), StoreError> {
    let sunday = b.monday + Duration::days(6);
    for (day, class, change) in crate::timetable::calendar::substitutions_of(tx, teacher, b.monday, sunday)? {
        let owner = match b.names.teaching(tx, change.teaching)? {
            Some(t) => b.names.short(tx, t.teacher)?,
            None => continue,
        };
        b.add_day(class, day, |p| {
            (p.number == change.number
                && p.teaching == change.teaching
                && p.state == LessonState::Substituted(teacher))
            .then(|| Mark::Substituting(owner.clone()))
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_starts_on_monday() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        assert_eq!(monday_of(d(28)), d(23));
        assert_eq!(monday_of(d(23)), d(23));
        assert_eq!(monday_of(d(29)), d(23));
        assert_eq!(monday_of(d(30)), d(30));
    }
}
