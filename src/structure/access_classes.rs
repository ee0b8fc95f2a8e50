//! What the class and group pages call (see `access.rs`).

use super::access::{
    Person, Years, full_names, may_edit, may_view, record, short_names, subject_name, subjects, teachers,
    view_day, years,
};
use super::forms::{ClassForm, GroupForm};
use super::model::{CLASSES, GROUPS, YEARS};
use super::model::{Class, Group, Subject, Year};
use super::service;
use crate::auth::permission::{Action, Actor, Target, allows};
use crate::error::AppError;
use crate::people::service::students_of;
use crate::state::AppState;
use crate::store::ids::{ClassId, GroupId, SubjectId, UserId, YearId};

/// One row of the class list.
#[derive(Clone, Debug)]
pub struct ClassRow {
    pub id: ClassId,
    pub class: Class,
    pub chiefs: Vec<String>,
    pub students: usize,
}

#[derive(Clone, Debug, Default)]
pub struct ClassesPage {
    pub years: Years,
    pub rows: Vec<ClassRow>,
}

pub async fn classes(
    state: &AppState,
    actor: Actor,
    wanted: Option<YearId>,
) -> Result<ClassesPage, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            let years = years(tx, wanted)?;
            let mut rows = Vec::new();
            if let Some((id, year)) = &years.viewed {
                let day = view_day(year, actor.today);
                for (cid, class) in service::classes_of(tx, *id)? {
                    rows.push(ClassRow {
                        id: cid,
                        chiefs: short_names(tx, &class.chiefs)?,
                        students: students_of(tx, cid, day)?.len(),
                        class,
                    });
                }
            }
            Ok(ClassesPage { years, rows })
        })
        .await
}

/// What the form of a new class needs: its year and the teachers to choose chiefs from.
#[derive(Clone, Debug)]
pub struct ClassEditor {
    pub year_id: YearId,
    pub year: Year,
    pub teachers: Vec<Person>,
}

/// The new-class form of the viewed year; `None` when there is no year yet.
pub async fn class_editor(
    state: &AppState,
    actor: Actor,
    wanted: Option<YearId>,
) -> Result<Option<ClassEditor>, AppError> {
    state
        .store
        .read(move |tx| {
            may_edit(tx, &actor)?;
            let Some((year_id, year)) = years(tx, wanted)?.viewed else {
                return Ok(None);
            };
            Ok(Some(ClassEditor { year_id, year, teachers: teachers(tx, &[])? }))
        })
        .await
}

/// A group of a class, with its subject's name and size.
#[derive(Clone, Debug)]
pub struct GroupRow {
    pub id: GroupId,
    pub group: Group,
    pub subject: String,
}

/// A class with its groups and what its forms offer.
#[derive(Clone, Debug)]
pub struct ClassPage {
    pub id: ClassId,
    pub class: Class,
    pub year: Year,
    pub teachers: Vec<Person>,
    pub students: usize,
    pub groups: Vec<GroupRow>,
    pub subjects: Vec<(SubjectId, Subject)>,
}

pub async fn class_page(state: &AppState, actor: Actor, id: ClassId) -> Result<ClassPage, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            let class = CLASSES.get(tx, &id)?.ok_or(AppError::NotFound)?;
            let year = YEARS.get(tx, &class.year)?.ok_or(AppError::NotFound)?;
            let mut groups = Vec::new();
            for (gid, group) in service::groups_of(tx, id)? {
                groups.push(GroupRow { id: gid, subject: subject_name(tx, group.subject)?, group });
            }
            groups.sort_by(|a, b| {
                (a.subject.to_lowercase(), &a.group.name).cmp(&(b.subject.to_lowercase(), &b.group.name))
            });
            Ok(ClassPage {
                id,
                teachers: teachers(tx, &class.chiefs)?,
                students: students_of(tx, id, view_day(&year, actor.today))?.len(),
                groups,
                subjects: subjects(tx)?,
                class,
                year,
            })
        })
        .await
}

/// Saves a class: a new one in `year`, or the class `id` (which keeps its year).
pub async fn save_class(
    state: &AppState,
    actor: Actor,
    id: Option<ClassId>,
    year: Option<YearId>,
    form: ClassForm,
) -> Result<ClassId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let year = match id {
                Some(id) => CLASSES.get(tx, &id)?.ok_or(AppError::NotFound)?.year,
                // The class rules refuse a year that is missing or closed.
                None => year.ok_or(AppError::NotFound)?,
            };
            let class = form.parse(year);
            let id = service::save_class(tx, id, class)?;
            let saved = CLASSES.get(tx, &id)?.ok_or(AppError::NotFound)?;
            record(tx, &actor, "structure.class.save", Target::Class(id).describe(), saved.name())?;
            Ok(id)
        })
        .await
}

/// Deletes a class; returns its year, to go back to.
pub async fn delete_class(state: &AppState, actor: Actor, id: ClassId) -> Result<YearId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let class = CLASSES.get(tx, &id)?.ok_or(AppError::NotFound)?;
            service::delete_class(tx, id)?;
            record(tx, &actor, "structure.class.delete", Target::Class(id).describe(), class.name())?;
            Ok(class.year)
        })
        .await
}

/// A group with its class and the students to choose from.
#[derive(Clone, Debug)]
pub struct GroupPage {
    pub id: GroupId,
    pub group: Group,
    pub class: Class,
    pub year: Year,
    pub subjects: Vec<(SubjectId, Subject)>,
    /// The class's students on the viewed day, and members who have left it since (false).
    pub students: Vec<(UserId, String, bool)>,
    /// Whether the actor may see the class's students (`students.view` on the class): a
    /// teacher sees the groups of every class, the names only in their own classes.
    pub students_visible: bool,
}

pub async fn group_page(state: &AppState, actor: Actor, id: GroupId) -> Result<GroupPage, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            let group = GROUPS.get(tx, &id)?.ok_or(AppError::NotFound)?;
            let class = CLASSES.get(tx, &group.class)?.ok_or(AppError::NotFound)?;
            let year = YEARS.get(tx, &class.year)?.ok_or(AppError::NotFound)?;
            let students_visible = allows(tx, &actor, Action::StudentsView, Target::Class(group.class))?;
            let mut students = Vec::new();
            if students_visible {
                let present = students_of(tx, group.class, view_day(&year, actor.today))?;
                let mut ids = present.clone();
                ids.extend(group.students.iter().filter(|s| !present.contains(s)).copied());
                students = full_names(tx, &ids)?
                    .into_iter()
                    .map(|(sid, name)| (sid, name, present.contains(&sid)))
                    .collect();
            }
            Ok(GroupPage { id, subjects: subjects(tx)?, students, students_visible, group, class, year })
        })
        .await
}

/// Creates a group of class `class`; returns its id.
pub async fn create_group(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    form: GroupForm,
) -> Result<GroupId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let mut group = form.parse(class);
            group.students.clear();
            let name = service::clean(&group.name);
            let id = service::save_group(tx, None, group)?;
            record(tx, &actor, "structure.group.save", format!("group:{id}"), name)?;
            Ok(id)
        })
        .await
}

/// Saves a group's name, subject and students.
pub async fn save_group(
    state: &AppState,
    actor: Actor,
    id: GroupId,
    form: GroupForm,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let old = GROUPS.get(tx, &id)?.ok_or(AppError::NotFound)?;
            let mut group = form.parse(old.class);
            // Whoever may not see the class's students does not change who is in the group.
            if !allows(tx, &actor, Action::StudentsView, Target::Class(old.class))? {
                group.students = old.students;
            }
            let name = service::clean(&group.name);
            service::save_group(tx, Some(id), group)?;
            record(tx, &actor, "structure.group.save", format!("group:{id}"), name)
        })
        .await
}

/// Deletes a group; returns its class, to go back to.
pub async fn delete_group(state: &AppState, actor: Actor, id: GroupId) -> Result<ClassId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let group = service::delete_group(tx, id)?;
            record(tx, &actor, "structure.group.delete", format!("group:{id}"), group.name)?;
            Ok(group.class)
        })
        .await
}
