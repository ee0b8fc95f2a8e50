//! The assignments of a lesson (the columns of marks: type, weight, name) and the comments on
//! its marks. Writes go through [`edit_lesson`]: `journal.edit` on the lesson, in the
//! transaction, before any rule.

use super::lessons::{MAX_COMMENT, MAX_NAME, edit_lesson, too_long};
use super::model::{Assignment, LessonKey, Mark};
use super::queries::WorkTypes;
use super::records::{self, MarkKey};
use super::service::WriteError;
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::journal::model::MARKS;
use crate::state::AppState;
use crate::store::ids::{UserId, WorkTypeId};
use crate::store::{Order, Reader};

/// The assignment form as posted.
#[derive(Clone, Debug, Default)]
pub struct AssignmentForm {
    pub work_type: String,
    pub weight: String,
    pub name: String,
}

/// Checks the form: the type exists (and is in use, for a new one), the weight is 1–10 (the
/// type's own when left empty), the name is not too long.
fn parse_assignment(
    tx: &impl Reader,
    form: &AssignmentForm,
    new: bool,
) -> Result<(WorkTypeId, u8, String), WriteError> {
    let mut e = FieldErrors::default();
    let types = WorkTypes::load(tx)?;
    let wt =
        form.work_type.trim().parse::<WorkTypeId>().ok().and_then(|id| types.all.get(&id).map(|w| (id, w)));
    let wt = match wt {
        Some((id, w)) if !(new && w.archived) => Some((id, w.weight)),
        _ => {
            e.add("work_type", "journal-type-required");
            None
        }
    };
    let weight = match form.weight.trim() {
        "" => wt.map(|(_, w)| w.max(1)).unwrap_or(1),
        s => match s.parse::<u8>() {
            Ok(w) if (1..=10).contains(&w) => w,
            _ => {
                e.add("weight", "journal-weight-invalid");
                1
            }
        },
    };
    let name = form.name.trim().to_string();
    if too_long(&name, MAX_NAME) {
        e.add("name", "field-too-long");
    }
    e.into_result().map_err(AppError::from)?;
    Ok((wt.map(|(id, _)| id).unwrap_or(WorkTypeId(0)), weight, name))
}

/// Adds an assignment (a column of marks) to the lesson.
pub async fn add_assignment(
    state: &AppState,
    actor: Actor,
    key: LessonKey,
    form: AssignmentForm,
) -> Result<(), WriteError> {
    edit_lesson(state, actor, key, move |tx, _, lesson| {
        let (work_type, weight, name) = parse_assignment(tx, &form, true)?;
        let no = lesson.assignments.iter().map(|a| a.no + 1).max().unwrap_or(0);
        if no > 9 {
            return Err(WriteError::Refused("journal-too-many-assignments"));
        }
        lesson.assignments.push(Assignment { no, work_type, weight, name });
        Ok(())
    })
    .await
}

/// Changes an assignment's type, weight or name; the marks already given take the new weight
/// and type (in the journal's and the diary's copies).
pub async fn change_assignment(
    state: &AppState,
    actor: Actor,
    key: LessonKey,
    no: u8,
    form: AssignmentForm,
) -> Result<(), WriteError> {
    edit_lesson(state, actor, key, move |tx, _, lesson| {
        let (work_type, weight, name) = parse_assignment(tx, &form, false)?;
        let asg = lesson.assignments.iter_mut().find(|a| a.no == no).ok_or(AppError::NotFound)?;
        let changed = asg.weight != weight || asg.work_type != work_type;
        *asg = Assignment { no, work_type, weight, name };
        if changed {
            for (student, mut mark) in marks_of(tx, key, no)? {
                mark.weight = weight;
                mark.work_type = work_type;
                let (by, at) = (mark.by, mark.at);
                records::put_mark(tx, MarkKey { lesson: key, student, assignment: no }, Some(&mark), by, at)?;
            }
        }
        Ok(())
    })
    .await
}

/// Removes an assignment that has no marks.
pub async fn remove_assignment(
    state: &AppState,
    actor: Actor,
    key: LessonKey,
    no: u8,
) -> Result<(), WriteError> {
    edit_lesson(state, actor, key, move |tx, _, lesson| {
        if !lesson.assignments.iter().any(|a| a.no == no) {
            return Err(WriteError::App(AppError::NotFound));
        }
        if !marks_of(tx, key, no)?.is_empty() {
            return Err(WriteError::Refused("journal-assignment-has-marks"));
        }
        lesson.assignments.retain(|a| a.no != no);
        Ok(())
    })
    .await
}

/// The marks of one assignment of a lesson.
fn marks_of(tx: &impl Reader, key: LessonKey, no: u8) -> Result<Vec<(UserId, Mark)>, AppError> {
    let mut out = Vec::new();
    MARKS.scan_prefix(tx, &(key.teaching, key.date, key.number), Order::Asc, |k, m| {
        if k.4 == no {
            out.push((k.3, m));
        }
        true
    })?;
    Ok(out)
}

/// Sets the comments on the lesson's marks: `(student, assignment, text)`.
pub async fn save_comments(
    state: &AppState,
    actor: Actor,
    key: LessonKey,
    comments: Vec<(UserId, u8, String)>,
) -> Result<(), WriteError> {
    edit_lesson(state, actor, key, move |tx, _, _| {
        if comments.iter().any(|(_, _, c)| too_long(c.trim(), MAX_COMMENT)) {
            return Err(WriteError::Refused("journal-comment-too-long"));
        }
        for (student, a, text) in comments {
            let mk = MarkKey { lesson: key, student, assignment: a };
            if let Some(mut mark) = records::mark(tx, mk)? {
                let text = text.trim().to_string();
                if mark.comment != text {
                    mark.comment = text;
                    let (by, at) = (mark.by, mark.at);
                    records::put_mark(tx, mk, Some(&mark), by, at)?;
                }
            }
        }
        Ok(())
    })
    .await
}
