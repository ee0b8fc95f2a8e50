//! What the timetable pages show, each read in one snapshot with the permission asked first:
//! the index, the bells, the editor of a class's week and the changes of a day. The week grids
//! are in `week.rs`.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::bells::bells;
use super::calendar::ClassCalendar;
use super::changes::lesson_value;
use super::model::{Bells, ChangeKind, MAX_LESSONS, Week};
use super::model::{TIMETABLE, TIMETABLE_CHANGES};
use super::service::WeekForm;
use crate::auth::accounts;
use crate::auth::model::{Role, User};
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::people::model::STUDENTS;
use crate::people::service::{children_of, class_of};
use crate::state::AppState;
use crate::store::ids::{ChangeId, ClassId, GroupId, SubjectId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, GROUPS, SUBJECTS, TEACHING};
use crate::structure::model::{Class, Subject, Teaching, Year};
use crate::structure::service::{classes_of, current_year_id, teaching_of_class};

/// Names looked up once per page: subjects, groups, people, classes, teaching assignments.
#[derive(Default)]
pub struct Names {
    subjects: HashMap<SubjectId, Subject>,
    groups: HashMap<GroupId, Option<String>>,
    users: HashMap<UserId, Option<User>>,
    classes: HashMap<ClassId, Option<Class>>,
    teachings: HashMap<TeachingId, Option<Teaching>>,
}

impl Names {
    pub fn load(tx: &impl Reader) -> Result<Names, StoreError> {
        Ok(Names { subjects: SUBJECTS.all(tx)?.into_iter().collect(), ..Names::default() })
    }

    pub fn subject(&self, id: SubjectId) -> String {
        self.subjects.get(&id).map(|s| s.name.clone()).unwrap_or_default()
    }

    pub fn user(&mut self, tx: &impl Reader, id: UserId) -> Result<Option<&User>, StoreError> {
        if let Entry::Vacant(e) = self.users.entry(id) {
            e.insert(accounts::get(tx, id)?);
        }
        Ok(self.users[&id].as_ref())
    }

    /// «Смирнова О. Н.».
    pub fn short(&mut self, tx: &impl Reader, id: UserId) -> Result<String, StoreError> {
        Ok(self.user(tx, id)?.map(User::short_name).unwrap_or_default())
    }

    pub fn class(&mut self, tx: &impl Reader, id: ClassId) -> Result<Option<&Class>, StoreError> {
        if let Entry::Vacant(e) = self.classes.entry(id) {
            e.insert(CLASSES.get(tx, &id)?);
        }
        Ok(self.classes[&id].as_ref())
    }

    pub fn class_name(&mut self, tx: &impl Reader, id: ClassId) -> Result<String, StoreError> {
        Ok(self.class(tx, id)?.map(Class::name).unwrap_or_default())
    }

    pub fn group(&mut self, tx: &impl Reader, id: GroupId) -> Result<Option<String>, StoreError> {
        if let Entry::Vacant(e) = self.groups.entry(id) {
            e.insert(GROUPS.get(tx, &id)?.map(|g| g.name));
        }
        Ok(self.groups[&id].clone())
    }

    pub fn teaching(&mut self, tx: &impl Reader, id: TeachingId) -> Result<Option<Teaching>, StoreError> {
        if let Entry::Vacant(e) = self.teachings.entry(id) {
            e.insert(TEACHING.get(tx, &id)?);
        }
        Ok(self.teachings[&id].clone())
    }

    /// «Математика — Смирнова О. Н.», «Английский язык (Группа 1) — Иванова А. А.».
    pub fn teaching_label(&mut self, tx: &impl Reader, t: &Teaching) -> Result<String, StoreError> {
        let mut label = self.subject(t.subject);
        if let Some(g) = t.group.map(|g| self.group(tx, g)).transpose()?.flatten() {
            label = format!("{label} ({g})");
        }
        Ok(format!("{label} — {}", self.short(tx, t.teacher)?))
    }
}

/// One version of a class's week in the list of versions.
#[derive(Clone, Debug)]
pub struct VersionRow {
    pub from: NaiveDate,
    pub shift: u8,
    pub lessons: usize,
    pub by: Option<String>,
    pub at: i64,
    pub in_force: bool,
    pub deletable: bool,
}

pub fn version_rows(
    tx: &impl Reader,
    names: &mut Names,
    versions: &[(NaiveDate, Week)],
    today: NaiveDate,
    can_edit: bool,
) -> Result<Vec<VersionRow>, StoreError> {
    let current = versions.iter().rev().find(|(d, _)| *d <= today).map(|(d, _)| *d);
    let mut out = Vec::new();
    for (from, w) in versions.iter().rev() {
        let by = match w.saved_by {
            Some(u) => Some(names.user(tx, u)?.map(User::full_name).unwrap_or_default()),
            None => None,
        };
        out.push(VersionRow {
            from: *from,
            shift: w.shift,
            lessons: w.slots.len(),
            by,
            at: w.saved_at,
            in_force: Some(*from) == current,
            deletable: can_edit && *from > today,
        });
    }
    Ok(out)
}

/// The classes of the current year, by name.
pub fn current_classes(tx: &impl Reader) -> Result<Vec<(ClassId, String)>, StoreError> {
    Ok(match current_year_id(tx)? {
        Some(y) => classes_of(tx, y)?.into_iter().map(|(id, c)| (id, c.name())).collect(),
        None => Vec::new(),
    })
}

/// Active teachers, by name: «Фамилия Имя Отчество».
pub fn teachers(tx: &impl Reader) -> Result<Vec<(UserId, String)>, StoreError> {
    let mut out = Vec::new();
    accounts::each(tx, |id, u| {
        if u.has(Role::Teacher) && !u.disabled {
            out.push((id, u.full_name()));
        }
        true
    })?;
    out.sort_by_key(|(_, n)| n.to_lowercase());
    Ok(out)
}

/// How rooms are ordered: by number where they start with one («9», «21», «101а»), then by name.
pub fn room_order(room: &str) -> (u64, String) {
    let digits: String = room.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), room.to_lowercase())
}

/// Every room the current year's timetables and classes name.
pub fn known_rooms(tx: &impl Reader) -> Result<Vec<String>, StoreError> {
    let mut rooms = BTreeSet::new();
    for (id, _) in current_classes(tx)? {
        if let Some(c) = CLASSES.get(tx, &id)?
            && !c.room.trim().is_empty()
        {
            rooms.insert(c.room.trim().to_string());
        }
        TIMETABLE.scan_prefix(tx, &id, Order::Asc, |_, w| {
            rooms.extend(w.slots.iter().map(|s| s.room.trim().to_string()).filter(|r| !r.is_empty()));
            true
        })?;
    }
    let mut out: Vec<String> = rooms.into_iter().collect();
    out.sort_by_key(|r| room_order(r));
    Ok(out)
}

/// The index: staff get lists of classes, teachers and rooms (a teacher their own week
/// first); a parent the weeks of their children; a student goes to their own week.
pub enum Index {
    Redirect(String),
    Page(IndexPage),
}

#[derive(Default)]
pub struct IndexPage {
    pub own: Option<UserId>,
    pub classes: Vec<(ClassId, String)>,
    pub teachers: Vec<(UserId, String)>,
    pub rooms: Vec<String>,
    pub staff: bool,
    pub children: Vec<(UserId, String, Option<String>)>,
    pub can_edit: bool,
}

pub async fn index(state: &AppState, actor: Actor) -> Result<Index, AppError> {
    state
        .store
        .read(move |tx| {
            let staff = allows(tx, &actor, Action::TimetableView, Target::School)?;
            let mut page = IndexPage { staff, ..IndexPage::default() };
            for child in children_of(tx, actor.id)? {
                if !allows(tx, &actor, Action::TimetableView, Target::Student(child))? {
                    continue;
                }
                let Some(u) = accounts::get(tx, child)? else { continue };
                let class = match class_of(tx, child, actor.today)? {
                    Some(c) => CLASSES.get(tx, &c)?.map(|c| c.name()),
                    None => None,
                };
                page.children.push((child, u.full_name(), class));
            }
            if !staff {
                if page.children.is_empty()
                    && STUDENTS.contains(tx, &actor.id)?
                    && allows(tx, &actor, Action::TimetableView, Target::Student(actor.id))?
                {
                    return Ok(Index::Redirect(format!("/timetable/students/{}", actor.id)));
                }
                if page.children.is_empty() {
                    permit(tx, &actor, Action::TimetableView, Target::School)?;
                }
                return Ok(Index::Page(page));
            }
            if actor.roles.contains(&Role::Teacher) {
                page.own = Some(actor.id);
            }
            page.classes = current_classes(tx)?;
            page.teachers = teachers(tx)?;
            page.rooms = known_rooms(tx)?;
            page.can_edit = allows(tx, &actor, Action::TimetableEdit, Target::School)?;
            Ok(Index::Page(page))
        })
        .await
}

pub struct BellsPage {
    pub shifts: BTreeMap<u8, Bells>,
    pub can_edit: bool,
}

pub async fn bells_page(state: &AppState, actor: Actor) -> Result<BellsPage, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::TimetableView, Target::School)?;
            Ok(BellsPage {
                shifts: bells(tx)?,
                can_edit: allows(tx, &actor, Action::TimetableEdit, Target::School)?,
            })
        })
        .await
}

/// The editor of a class's week: a grid of the lesson numbers × Monday–Saturday, prefilled
/// from the version in force on `from`.
pub struct EditPage {
    pub class_id: ClassId,
    pub class: String,
    pub year: Year,
    pub from: NaiveDate,
    pub form: WeekForm,
    /// The class's teaching assignments, labelled.
    pub options: Vec<(TeachingId, String)>,
    pub numbers: Vec<u8>,
    pub bells: BTreeMap<u8, Bells>,
    pub versions: Vec<VersionRow>,
    /// The class has no version yet: the first may start on any day of the year.
    pub first: bool,
    pub today: NaiveDate,
}

/// `from` defaults to the year's start for a class without a timetable, else to today.
pub async fn edit_page(
    state: &AppState,
    actor: Actor,
    class_id: ClassId,
    from: Option<NaiveDate>,
    typed: Option<WeekForm>,
) -> Result<EditPage, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::TimetableEdit, Target::School)?;
            let today = actor.today;
            let cal = ClassCalendar::load(tx, class_id, today, today)?.ok_or(AppError::NotFound)?;
            let first = cal.versions().is_empty();
            let from = from
                .or_else(|| typed.as_ref().and_then(|f| super::service::parse_date(&f.from)))
                .unwrap_or(if first { cal.year.start } else { today.clamp(cal.year.start, cal.year.end) });
            let prefill = cal.version_on(from).map(|(_, w)| w);
            let form = typed.unwrap_or_else(|| WeekForm::of_week(from, prefill));
            let mut names = Names::load(tx)?;
            let mut options = Vec::new();
            let mut teachings = teaching_of_class(tx, class_id)?;
            teachings.sort_by_key(|(_, t)| (names.subject(t.subject), t.group));
            for (id, t) in &teachings {
                options.push((*id, names.teaching_label(tx, t)?));
            }
            let bells = bells(tx)?;
            let mut numbers: BTreeSet<u8> = (1..=8).collect();
            numbers.extend(bells.values().flat_map(|b| b.lessons.iter().map(|l| l.number)));
            numbers.extend(
                form.cells
                    .iter()
                    .filter(|(_, c)| c.iter().any(|p| !p.teaching.is_empty()))
                    .map(|((_, n), _)| *n),
            );
            numbers.retain(|n| *n <= MAX_LESSONS);
            Ok(EditPage {
                class_id,
                class: cal.class.name(),
                versions: version_rows(tx, &mut names, cal.versions(), today, true)?,
                year: cal.year.clone(),
                from,
                form,
                options,
                numbers: numbers.into_iter().collect(),
                bells,
                first,
                today,
            })
        })
        .await
}

/// A change in the list of a day.
pub struct ChangeRow {
    pub class_id: ClassId,
    pub class: String,
    pub id: ChangeId,
    pub number: u8,
    pub subject: String,
    pub teacher: String,
    pub kind: ChangeKind,
    pub substitute: Option<String>,
    pub room: Option<String>,
    pub note: String,
    pub by: String,
    pub at: i64,
}

/// The changes of one day in every class, and what the form to add one offers.
#[derive(Default)]
pub struct ChangesPage {
    pub date: NaiveDate,
    pub rows: Vec<ChangeRow>,
    pub can_edit: bool,
    pub classes: Vec<(ClassId, String)>,
    pub class: Option<ClassId>,
    /// The chosen class's held lessons that day: (form value, «2 — Математика»).
    pub lessons: Vec<(String, String)>,
    pub teachings: Vec<(TeachingId, String)>,
    pub teachers: Vec<(UserId, String)>,
}

pub async fn changes_page(
    state: &AppState,
    actor: Actor,
    date: NaiveDate,
    class: Option<ClassId>,
) -> Result<ChangesPage, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::TimetableView, Target::School)?;
            let mut names = Names::load(tx)?;
            let classes = current_classes(tx)?;
            let mut rows = Vec::new();
            for (class_id, class_name) in &classes {
                let mut found = Vec::new();
                TIMETABLE_CHANGES.scan_prefix(tx, &(*class_id, date), Order::Asc, |(_, _, id), c| {
                    found.push((id, c));
                    true
                })?;
                for (id, c) in found {
                    let t = names.teaching(tx, c.teaching)?;
                    let substitute = match c.kind {
                        ChangeKind::Substituted { teacher } => Some(names.short(tx, teacher)?),
                        _ => None,
                    };
                    rows.push(ChangeRow {
                        class_id: *class_id,
                        class: class_name.clone(),
                        id,
                        number: c.number,
                        subject: t.as_ref().map(|t| names.subject(t.subject)).unwrap_or_default(),
                        teacher: match &t {
                            Some(t) => names.short(tx, t.teacher)?,
                            None => String::new(),
                        },
                        substitute,
                        kind: c.kind,
                        room: c.room,
                        note: c.note,
                        by: names.short(tx, c.by)?,
                        at: c.at,
                    });
                }
            }
            let can_edit = allows(tx, &actor, Action::TimetableEdit, Target::School)?;
            let mut page = ChangesPage { date, rows, can_edit, ..ChangesPage::default() };
            if !can_edit {
                return Ok(page);
            }
            page.class = class.filter(|c| classes.iter().any(|(id, _)| id == c));
            page.classes = classes;
            page.teachers = teachers(tx)?;
            if let Some(class_id) = page.class
                && let Some(cal) = ClassCalendar::load(tx, class_id, date, date)?
            {
                for p in cal.day(date).into_iter().filter(|p| p.held()) {
                    let Some(t) = names.teaching(tx, p.teaching)? else { continue };
                    let label = format!("{} — {}", p.number, names.teaching_label(tx, &t)?);
                    page.lessons.push((lesson_value(p.number, p.teaching), label));
                }
                for (id, t) in teaching_of_class(tx, class_id)? {
                    page.teachings.push((id, names.teaching_label(tx, &t)?));
                }
                page.teachings.sort_by(|a, b| a.1.cmp(&b.1));
            }
            Ok(page)
        })
        .await
}
