//! The subject of a report about one student ([`Filter::StudentSubject`](crate::reports::catalog::Filter)):
//! «all subjects», or one of the subjects the chosen student follows as the actor sees them in
//! the report (`pupils::student_subjects`: every one for the student and their parents, those
//! `reports.view` reaches for staff). Unlike `Filter::Subject` it lists nothing from the actor's
//! own teaching, and asking for nothing means every subject.

use super::Asked;
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::reports::pupils::student_subjects;
use crate::store::Reader;
use crate::store::ids::{ClassId, SubjectId, UserId};
use crate::structure::model::SUBJECTS;
use crate::structure::model::Subject;

/// The subjects to choose from, in the school's order, and the one chosen (`None`: all).
pub type Chosen = (Vec<(SubjectId, String)>, Option<(SubjectId, Subject)>);

/// The subject of the report about `who` (the class and the student), and the choices.
///
/// An id that is no subject is a page that does not exist; so is a subject the student does
/// not follow — unless the form says it was chosen for another student (`subject_for`): then
/// the student (or the class, and with it the student) was switched in the form, and the report
/// falls back to every subject, as a switched class gives way to its first student.
pub fn resolve(
    tx: &impl Reader,
    actor: &Actor,
    who: Option<(ClassId, UserId)>,
    asked: &Asked,
) -> Result<Chosen, AppError> {
    let wanted = match asked.subject {
        Some(id) => Some((id, SUBJECTS.get(tx, &id)?.ok_or(AppError::NotFound)?)),
        None => None,
    };
    let Some((class, student)) = who else { return Ok((Vec::new(), None)) };
    let choices: Vec<(SubjectId, String)> =
        student_subjects(tx, actor, class, student)?.into_iter().map(|s| (s.id, s.name)).collect();
    let chosen = match wanted {
        Some((id, s)) if choices.iter().any(|(c, _)| *c == id) => Some((id, s)),
        Some(_) if asked.subject_for.is_some_and(|f| f != student) => None,
        Some(_) => return Err(AppError::NotFound),
        None => None,
    };
    Ok((choices, chosen))
}
