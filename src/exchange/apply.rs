//! Writing a checked plan: students enrolled in their classes, parents created once and linked
//! to each child, staff accounts; all without passwords (access letters give them). Runs in
//! the caller's write transaction, so any failure leaves nothing behind.

use redb::WriteTransaction;

use super::ListKind;
use super::plan::Plan;
use crate::audit;
use crate::auth::accounts;
use crate::error::AppError;
use crate::people::service::{create_parent, create_student, link_parent};
use crate::store::ids::UserId;

/// What an import created.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Done {
    pub kind: Option<ListKind>,
    pub students: usize,
    pub parents_new: usize,
    pub parents_existing: usize,
    pub links: usize,
    pub staff: usize,
    /// New students per class name.
    pub per_class: Vec<(String, usize)>,
}

/// A rule refused a row that the plan passed: a bug, reported with the line; the
/// transaction is dropped whole.
fn row_failed(line: usize, e: AppError) -> AppError {
    match e {
        AppError::Store(e) => AppError::Store(e),
        other => AppError::Internal(anyhow::anyhow!("import: line {line} refused on write: {other}")),
    }
}

/// Writes `plan` (which must have no problems) on behalf of `by`, and audits it.
pub fn apply(
    tx: &WriteTransaction,
    plan: &Plan,
    by: UserId,
    at: i64,
    file_name: &str,
) -> Result<Done, AppError> {
    if plan.has_problems() {
        return Err(AppError::BadRequest("ex-has-problems"));
    }
    let work = &plan.work;
    let mut done = Done { kind: Some(plan.kind), per_class: plan.per_class.clone(), ..Done::default() };
    let mut parent_ids: Vec<Option<UserId>> = work.parents.iter().map(|p| p.existing).collect();
    for s in &work.students {
        let id = create_student(tx, s.profile.clone(), s.info.clone(), s.class, work.enrol, Some(by), at)
            .map_err(|e| row_failed(s.line, e))?;
        done.students += 1;
        for &(g, relation) in &s.parents {
            let parent = match parent_ids[g] {
                Some(id) => id,
                None => {
                    let id = create_parent(tx, work.parents[g].profile.clone(), at)
                        .map_err(|e| row_failed(s.line, e))?;
                    parent_ids[g] = Some(id);
                    done.parents_new += 1;
                    id
                }
            };
            link_parent(tx, id, parent, relation).map_err(|e| row_failed(s.line, e))?;
            done.links += 1;
        }
    }
    done.parents_existing = work.parents.iter().filter(|p| p.existing.is_some()).count();
    for (line, profile) in &work.staff {
        accounts::create_without_password(tx, profile.clone(), at).map_err(|e| row_failed(*line, e))?;
        done.staff += 1;
    }
    let detail = format!(
        "{}: students {}, parents new {}, parents linked {}, links {}, staff {}",
        file_name.chars().take(100).collect::<String>(),
        done.students,
        done.parents_new,
        done.parents_existing,
        done.links,
        done.staff
    );
    audit::change(tx, by, at, "people.import", "school".into(), detail)?;
    Ok(done)
}
