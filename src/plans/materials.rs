//! Materials of a plan's topics: files a teacher keeps with a topic (a presentation, worksheets)
//! and opens from the lesson panel. Stored as blobs in the data file; read by whoever reads the
//! plan, written by its editors.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::{get, post};

use super::service;
use crate::auth::permission::{Action, Target, permit};
use crate::error::AppError;
use crate::plans::model::PLANS;
use crate::state::AppState;
use crate::store::blobs::{self, BlobMeta};
use crate::store::ids::{BlobId, PlanId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::upload::{attachment, content_type};

/// Largest material: 20 MB (or the server's upload limit, when lower).
pub const MAX_MATERIAL: usize = 20 * 1024 * 1024;
/// Most materials per topic.
pub const MAX_PER_TOPIC: usize = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/topics/{topic}/materials", post(upload).layer(DefaultBodyLimit::disable()))
        .route("/plans/{id}/topics/{topic}/materials/{blob}/delete", post(remove))
        .route("/plans/{id}/materials/{blob}", get(download))
}

fn ids(id: &str, topic: &str) -> Result<(PlanId, u32), AppError> {
    Ok((id.parse().map_err(|_| AppError::NotFound)?, topic.parse().map_err(|_| AppError::NotFound)?))
}

/// POST /plans/{id}/topics/{topic}/materials?_csrf=… — a multipart upload (field `file`).
async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, topic)): Path<(String, String)>,
    request: Request,
) -> Result<Response, AppError> {
    let (id, topic) = ids(&id, &topic)?;
    // Ask before touching the upload: a refused caller gets 403, whatever they sent.
    let actor = auth.actor();
    state.store.read(move |tx| permit(tx, &actor, Action::PlansEdit, Target::Plan(id))).await?;
    let limit = MAX_MATERIAL.min(state.config.max_upload_mb as usize * 1024 * 1024);
    let file = crate::web::upload::read_file(request, &state, "file", limit).await?;
    let Some((name, data)) = file.filter(|(_, d)| !d.is_empty()) else {
        return Err(AppError::BadRequest("plans-material-missing"));
    };
    let actor = auth.actor();
    let today = actor.today;
    state
        .store
        .write(move |tx| {
            let by = actor.id;
            let name = if name.trim().is_empty() { "file".to_string() } else { name };
            let blob = blobs::put(tx, &name, content_type(&name), &data, Some(by), actor.now)?;
            service::edit(tx, &actor, id, today, move |plan| {
                let t = plan.topic_mut(topic).ok_or(AppError::NotFound)?;
                if t.materials.len() >= MAX_PER_TOPIC {
                    return Err(AppError::BadRequest("plans-material-too-many"));
                }
                t.materials.push(blob);
                Ok(())
            })
        })
        .await?;
    Ok(flash_redirect(&format!("/plans/{id}/topics/{topic}"), "flash-saved", &state))
}

/// POST /plans/{id}/topics/{topic}/materials/{blob}/delete
async fn remove(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, topic, blob)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (id, topic) = ids(&id, &topic)?;
    let blob: Option<BlobId> = blob.parse().ok();
    let actor = auth.actor();
    let today = actor.today;
    state
        .store
        .write(move |tx| {
            service::edit(tx, &actor, id, today, move |plan| {
                let t = plan.topic_mut(topic).ok_or(AppError::NotFound)?;
                let blob = blob.filter(|b| t.materials.contains(b)).ok_or(AppError::NotFound)?;
                t.materials.retain(|b| *b != blob);
                Ok(())
            })?;
            if let Some(b) = blob {
                // Copies of the plan share the file: it goes with the last one using it.
                if !used_elsewhere(tx, b)? {
                    blobs::delete(tx, b)?;
                }
            }
            Ok::<_, AppError>(())
        })
        .await?;
    Ok(flash_redirect(&format!("/plans/{id}/topics/{topic}"), "flash-saved", &state))
}

fn used_elsewhere(tx: &redb::WriteTransaction, blob: BlobId) -> Result<bool, AppError> {
    Ok(PLANS.all(tx)?.iter().any(|(_, p)| p.topics().any(|(_, t)| t.materials.contains(&blob))))
}

/// GET /plans/{id}/materials/{blob} — a material of one of the plan's topics.
async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, blob)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id: PlanId = id.parse().map_err(|_| AppError::NotFound)?;
    let blob: BlobId = blob.parse().map_err(|_| AppError::NotFound)?;
    let actor = auth.actor();
    let (meta, data): (BlobMeta, Vec<u8>) = state
        .store
        .read(move |tx| {
            let plan = service::read(tx, &actor, id)?;
            if !plan.topics().any(|(_, t)| t.materials.contains(&blob)) {
                return Err(AppError::NotFound);
            }
            blobs::get(tx, blob)?.ok_or(AppError::NotFound)
        })
        .await?;
    Ok(attachment(&meta.name, data))
}
