//! What the teaching page calls (see `access.rs`).

use std::collections::HashMap;

use super::access::{Person, Years, full_names, may_edit, may_view, record, subjects, teachers, years};
use super::forms::{Taught, TeachingForm};
use super::model::{Subject, Teaching};
use super::service;
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::state::AppState;
use crate::store::ids::{ClassId, GroupId, SubjectId, TeachingId, UserId, YearId};
use crate::structure::model::GROUPS;

/// Which rows of the teaching table to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TeachingFilter {
    pub class: Option<ClassId>,
    pub teacher: Option<UserId>,
}

/// One row of the teaching table.
#[derive(Clone, Debug)]
pub struct TeachingRow {
    pub id: TeachingId,
    pub class_id: ClassId,
    pub class: String,
    pub group: Option<String>,
    pub subject: String,
    pub teacher_id: UserId,
    pub teacher: String,
    pub hours: f32,
}

/// A class of the year with its groups («Английский язык — Группа 1»), for the choice of who
/// is taught.
#[derive(Clone, Debug)]
pub struct ClassChoice {
    pub id: ClassId,
    pub name: String,
    pub groups: Vec<(GroupId, String)>,
}

#[derive(Clone, Debug, Default)]
pub struct TeachingPage {
    pub years: Years,
    pub rows: Vec<TeachingRow>,
    pub classes: Vec<ClassChoice>,
    pub teachers: Vec<Person>,
    pub subjects: Vec<(SubjectId, Subject)>,
}

pub async fn teaching(
    state: &AppState,
    actor: Actor,
    wanted: Option<YearId>,
    filter: TeachingFilter,
) -> Result<TeachingPage, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            let years = years(tx, wanted)?;
            let Some(year) = years.viewed_id() else {
                return Ok(TeachingPage { years, ..TeachingPage::default() });
            };
            let mut subject_names = HashMap::new();
            let subjects = subjects(tx)?;
            for (id, s) in &subjects {
                subject_names.insert(*id, s.name.clone());
            }
            let mut classes = Vec::new();
            let mut class_names = HashMap::new();
            let mut group_names = HashMap::new();
            for (cid, class) in service::classes_of(tx, year)? {
                let mut groups = Vec::new();
                for (gid, g) in service::groups_of(tx, cid)? {
                    let label = format!(
                        "{} — {}",
                        subject_names.get(&g.subject).cloned().unwrap_or_default(),
                        g.name
                    );
                    group_names.insert(gid, g.name.clone());
                    groups.push((gid, label));
                }
                class_names.insert(cid, (class.grade, class.letter.clone(), class.name()));
                classes.push(ClassChoice { id: cid, name: class.name(), groups });
            }
            let loads = service::teaching_of(tx, year)?;
            let mut used: Vec<UserId> = loads.iter().map(|(_, t)| t.teacher).collect();
            used.sort();
            used.dedup();
            let names: HashMap<UserId, String> = full_names(tx, &used)?.into_iter().collect();
            let mut rows = Vec::new();
            for (id, t) in loads {
                if filter.class.is_some_and(|c| c != t.class)
                    || filter.teacher.is_some_and(|p| p != t.teacher)
                {
                    continue;
                }
                rows.push(TeachingRow {
                    id,
                    class_id: t.class,
                    class: class_names.get(&t.class).map(|c| c.2.clone()).unwrap_or_default(),
                    group: t.group.and_then(|g| group_names.get(&g).cloned()),
                    subject: subject_names.get(&t.subject).cloned().unwrap_or_default(),
                    teacher_id: t.teacher,
                    teacher: names.get(&t.teacher).cloned().unwrap_or_default(),
                    hours: t.hours,
                });
            }
            let order = |r: &TeachingRow| {
                let (grade, letter, _) = class_names.get(&r.class_id).cloned().unwrap_or_default();
                (grade, letter, r.group.clone(), r.subject.to_lowercase(), r.teacher.to_lowercase())
            };
            rows.sort_by_key(order);
            Ok(TeachingPage { years, rows, classes, teachers: teachers(tx, &used)?, subjects })
        })
        .await
}

/// Adds a teaching assignment to `year`. The messages of the class and the group go to the
/// one field that chooses them (`taught`).
pub async fn add_teaching(
    state: &AppState,
    actor: Actor,
    year: Option<YearId>,
    form: TeachingForm,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let year = year.ok_or(AppError::NotFound)?;
            service::ensure_open(tx, year)?;
            let (class, group) = match Taught::parse(&form.taught) {
                Some(Taught::Class(c)) => (c, None),
                Some(Taught::Group(g)) => match GROUPS.get(tx, &g)? {
                    Some(group) => (group.class, Some(g)),
                    None => (ClassId(0), Some(g)),
                },
                None => (ClassId(0), None),
            };
            let t = Teaching {
                year,
                class,
                group,
                subject: form.subject.trim().parse().unwrap_or(SubjectId(0)),
                teacher: form.teacher.trim().parse().unwrap_or(UserId(0)),
                hours: form.hours(),
            };
            let detail = format!("class:{class} subject:{} teacher:{}", t.subject, t.teacher);
            let id = service::add_teaching(tx, t).map_err(|e| match e {
                AppError::Invalid(errors) => AppError::Invalid(FieldErrors(
                    errors
                        .0
                        .into_iter()
                        .map(|(f, m)| (if f == "class" || f == "group" { "taught" } else { f }, m))
                        .collect(),
                )),
                other => other,
            })?;
            record(tx, &actor, "structure.teaching.add", format!("teaching:{id}"), detail)
        })
        .await
}

/// Deletes a teaching assignment; returns its year, to go back to.
pub async fn delete_teaching(state: &AppState, actor: Actor, id: TeachingId) -> Result<YearId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let t = service::delete_teaching(tx, id)?;
            let detail = format!("class:{} subject:{} teacher:{}", t.class, t.subject, t.teacher);
            record(tx, &actor, "structure.teaching.delete", format!("teaching:{id}"), detail)?;
            Ok(t.year)
        })
        .await
}
