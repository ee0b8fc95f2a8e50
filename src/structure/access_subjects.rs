//! What the subject and assignment-type pages call (see `access.rs`).

use super::access::{may_edit, may_view, record, subject_name, subjects};
use super::forms::{SubjectForm, WorkTypeForm};
use super::model::{SUBJECTS, WORK_TYPES};
use super::model::{Subject, WorkType};
use super::service;
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{SubjectId, WorkTypeId};

pub async fn subjects_list(state: &AppState, actor: Actor) -> Result<Vec<(SubjectId, Subject)>, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            Ok(subjects(tx)?)
        })
        .await
}

pub async fn subject(state: &AppState, actor: Actor, id: SubjectId) -> Result<Subject, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            SUBJECTS.get(tx, &id)?.ok_or(AppError::NotFound)
        })
        .await
}

/// Saves a subject (new when `id` is none); an archived subject stays archived.
pub async fn save_subject(
    state: &AppState,
    actor: Actor,
    id: Option<SubjectId>,
    form: SubjectForm,
) -> Result<SubjectId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let archived = match id {
                Some(id) => SUBJECTS.get(tx, &id)?.ok_or(AppError::NotFound)?.archived,
                None => false,
            };
            let id = service::save_subject(tx, id, form.parse(archived))?;
            let name = subject_name(tx, id)?;
            record(tx, &actor, "structure.subject.save", format!("subject:{id}"), name)?;
            Ok(id)
        })
        .await
}

pub async fn set_subject_archived(
    state: &AppState,
    actor: Actor,
    id: SubjectId,
    archived: bool,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let s = service::set_subject_archived(tx, id, archived)?;
            let action = if archived { "structure.subject.archive" } else { "structure.subject.restore" };
            record(tx, &actor, action, format!("subject:{id}"), s.name)
        })
        .await
}

/// Assignment types, the archived ones last.
pub async fn work_types(state: &AppState, actor: Actor) -> Result<Vec<(WorkTypeId, WorkType)>, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            let mut all = WORK_TYPES.all(tx)?;
            all.sort_by_key(|(id, w)| (w.archived, *id));
            Ok(all)
        })
        .await
}

pub async fn work_type(state: &AppState, actor: Actor, id: WorkTypeId) -> Result<WorkType, AppError> {
    state
        .store
        .read(move |tx| {
            may_view(tx, &actor)?;
            WORK_TYPES.get(tx, &id)?.ok_or(AppError::NotFound)
        })
        .await
}

/// Saves an assignment type (new when `id` is none); an archived type stays archived.
pub async fn save_work_type(
    state: &AppState,
    actor: Actor,
    id: Option<WorkTypeId>,
    form: WorkTypeForm,
) -> Result<WorkTypeId, AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let archived = match id {
                Some(id) => WORK_TYPES.get(tx, &id)?.ok_or(AppError::NotFound)?.archived,
                None => false,
            };
            let id = service::save_work_type(tx, id, form.parse(archived))?;
            let name = WORK_TYPES.get(tx, &id)?.map(|w| w.name).unwrap_or_default();
            record(tx, &actor, "structure.work_type.save", format!("work_type:{id}"), name)?;
            Ok(id)
        })
        .await
}

pub async fn set_work_type_archived(
    state: &AppState,
    actor: Actor,
    id: WorkTypeId,
    archived: bool,
) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            may_edit(tx, &actor)?;
            let w = service::set_work_type_archived(tx, id, archived)?;
            let action = if archived { "structure.work_type.archive" } else { "structure.work_type.restore" };
            record(tx, &actor, action, format!("work_type:{id}"), w.name)
        })
        .await
}
