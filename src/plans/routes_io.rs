//! Routes of the file-based and copy workflows of a plan, and the import as requests see it.
//!
//! - `GET|POST /plans/{id}/import` — the upload form; the upload (multipart field `file`, the
//!   CSRF token in `_csrf`, at most [`import::MAX_BYTES`]) is kept as a blob owned by the
//!   uploader, then `303` to its preview.
//! - `GET /plans/{id}/import/{file}` — the preview: sections, topics, per-row problems.
//! - `POST /plans/{id}/import/{file}` — `mode=replace|append`: applied in one write
//!   transaction through `service::replace_sections` (which lays the plan out again), then the
//!   blob is deleted; any problem in the file refuses the whole file (422, the preview again).
//! - `POST /plans/{id}/import/{file}/cancel` — drops the upload.
//! - `GET /plans/{id}/export.xlsx` — the plan as XLSX (`plans.view`).
//! - `GET|POST /plans/{id}/copy` — a new plan from this one (`plans.view` on the source; the
//!   new plan's scope must be the actor's to edit).
//!
//! Every import route asks `plans.edit` on the plan before it reads anything sent.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use redb::WriteTransaction;

use super::copy::{self, CopyForm};
use super::export::{self, Labels, PlanHead, head};
use super::import::{self, ImportError, Mode, Parsed};
use super::model::PLANS;
use super::model::Plan;
use super::service::{self, MAX_TOPICS};
use super::views_io;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::exchange::table::{Source, Table};
use crate::state::AppState;
use crate::store::ids::{BlobId, PlanId, UserId};
use crate::store::tables::BLOBS;
use crate::store::{Order, Reader, StoreError, blobs};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::Pairs;
use crate::web::i18n::Arg;
use crate::web::layout::respond;

/// The MIME type a pending plan upload is kept with.
const MIME: &str = "application/vnd.parta.plan-import";
/// Pending uploads older than this are deleted at the uploader's next upload.
const PENDING_SECS: i64 = 24 * 3600;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/import", get(import_form).post(upload).layer(DefaultBodyLimit::disable()))
        .route("/plans/{id}/import/{file}", get(preview).post(apply))
        .route("/plans/{id}/import/{file}/cancel", post(cancel))
        .route("/plans/{id}/export.xlsx", get(export_xlsx))
        .route("/plans/{id}/copy", get(copy_form).post(copy_post))
}

fn plan_id(raw: &str) -> Result<PlanId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn blob_id(raw: &str) -> Result<BlobId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The plan and its name, for whoever may edit it.
fn editable(tx: &impl Reader, actor: &Actor, id: PlanId) -> Result<(Plan, PlanHead), AppError> {
    permit(tx, actor, Action::PlansEdit, Target::Plan(id))?;
    let plan = PLANS.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let h = head(tx, id, &plan)?;
    Ok((plan, h))
}

async fn load_head(state: &AppState, actor: Actor, id: PlanId) -> Result<PlanHead, AppError> {
    state.store.read(move |tx| editable(tx, &actor, id).map(|(_, h)| h)).await
}

/// The largest plan file accepted: the importer's own limit, or the school's upload limit
/// when that is lower.
fn upload_limit(state: &AppState) -> usize {
    import::MAX_BYTES.min(state.config.max_upload_mb as usize * 1024 * 1024)
}

/// GET /plans/{id}/import
async fn import_form(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let h = load_head(&state, auth.actor(), plan_id(&id)?).await?;
    let ctx = &auth.ctx;
    let body = views_io::import_form(ctx, &h, upload_limit(&state), None, false);
    Ok(respond(ctx, &ctx.t("plio-import-title"), body))
}

/// POST /plans/{id}/import?_csrf=… — keeps a readable file and shows its preview.
async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    let id = plan_id(&id)?;
    // Asked before the upload is read: a refused caller gets 403 whatever they sent.
    let h = load_head(&state, auth.actor(), id).await?;
    let limit = upload_limit(&state);
    let file = crate::web::upload::read_file(request, &state, "file", limit).await?;
    let ctx = &auth.ctx;
    let refuse = |error: Option<&ImportError>, missing: bool| {
        let body = views_io::import_form(ctx, &h, limit, error, missing);
        Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, &ctx.t("plio-import-title"), body))
            .into_response())
    };
    let Some((name, data)) = file.filter(|(_, d)| !d.is_empty()) else {
        return refuse(None, true);
    };
    let (data, readable) = tokio::task::spawn_blocking(move || {
        let r = import::read_table(&data)
            .map_err(ImportError::File)
            .and_then(|t| import::parse(&t, None).map(|_| ()));
        (data, r)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("reading a plan upload failed: {e}")))?;
    if let Err(e) = readable {
        return refuse(Some(&e), false);
    }
    let actor = auth.actor();
    let name: String = name.chars().take(100).collect();
    let blob = state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::PlansEdit, Target::Plan(id))?;
            purge_stale(tx, actor.id, actor.now)?;
            Ok::<_, AppError>(blobs::put(tx, &name, MIME, &data, Some(actor.id), actor.now)?)
        })
        .await?;
    Ok(Redirect::to(&format!("/plans/{id}/import/{blob}")).into_response())
}

/// Deletes the uploader's pending plan uploads left for more than a day.
fn purge_stale(tx: &WriteTransaction, owner: UserId, now: i64) -> Result<(), StoreError> {
    let cutoff = now - PENDING_SECS;
    let mut stale = Vec::new();
    BLOBS.scan_range(tx, None, None, Order::Asc, |id, meta| {
        if meta.mime == MIME && meta.created_by == Some(owner) && meta.created_at < cutoff {
            stale.push(id);
        }
        true
    })?;
    stale.into_iter().try_for_each(|id| blobs::delete(tx, id))
}

/// A checked upload, for the preview page.
pub struct Preview {
    pub head: PlanHead,
    pub file: BlobId,
    pub file_name: String,
    pub source: Source,
    pub parsed: Parsed,
    /// Topics of the plan now.
    pub existing: usize,
}

impl Preview {
    /// Appending would go over the limit of topics.
    pub fn append_blocked(&self) -> bool {
        self.existing + self.parsed.topics() > MAX_TOPICS
    }
}

/// Reads back the actor's own pending upload `file` for plan `id`.
fn load(tx: &impl Reader, actor: &Actor, id: PlanId, file: BlobId) -> Result<(Plan, Preview), AppError> {
    let (plan, h) = editable(tx, actor, id)?;
    let gone = AppError::BadRequest("plio-file-gone");
    let Some((meta, data)) = blobs::get(tx, file)? else { return Err(gone) };
    if meta.mime != MIME || meta.created_by != Some(actor.id) {
        return Err(gone);
    }
    let t: Table = import::read_table(&data).map_err(|_| AppError::BadRequest("plio-file-gone"))?;
    let parsed = import::parse(&t, h.span).map_err(|_| AppError::BadRequest("plio-file-gone"))?;
    let existing = plan.topics().count();
    Ok((plan, Preview { head: h, file, file_name: meta.name, source: t.source, parsed, existing }))
}

/// GET /plans/{id}/import/{file}
async fn preview(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, file) = (plan_id(&id)?, blob_id(&file)?);
    let actor = auth.actor();
    let (_, p) = state.store.read(move |tx| load(tx, &actor, id, file)).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("plio-preview-title"), views_io::preview(ctx, &p)))
}

enum Refusal {
    App(AppError),
    File(Box<Preview>),
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Refusal::App(e)
    }
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Refusal::App(e.into())
    }
}

/// POST /plans/{id}/import/{file} — `mode=replace|append`; all topics or none.
async fn apply(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, file)): Path<(String, String)>,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Response, AppError> {
    let (id, file) = (plan_id(&id)?, blob_id(&file)?);
    let actor = auth.actor();
    // The file is read and checked under a read snapshot: its bytes never change.
    let (_, p) = {
        let actor = actor.clone();
        state.store.read(move |tx| load(tx, &actor, id, file)).await?
    };
    let mode = Mode::from_form(form.get("mode")).ok_or(AppError::BadRequest("error-bad-request"))?;
    let today = auth.ctx.today();
    let outcome = state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::PlansEdit, Target::Plan(id))?;
            if !BLOBS.contains(tx, &file)? {
                return Err(Refusal::App(AppError::BadRequest("plio-file-gone")));
            }
            let plan = PLANS.get(tx, &id)?.ok_or(AppError::NotFound)?;
            let p = Preview { existing: plan.topics().count(), ..p };
            if p.parsed.blocked() || mode == Mode::Append && p.append_blocked() {
                return Err(Refusal::File(Box::new(p)));
            }
            let sections = import::apply_sections(&plan.sections, &p.parsed.sections, mode);
            service::replace_sections(tx, &actor, id, sections, today)?;
            blobs::delete(tx, file)?;
            Ok(())
        })
        .await;
    let ctx = &auth.ctx;
    match outcome {
        Ok(()) => Ok(flash_redirect(&format!("/plans/{id}"), "plio-flash-imported", &state)),
        Err(Refusal::File(p)) => {
            let body = views_io::preview(ctx, &p);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, &ctx.t("plio-preview-title"), body))
                .into_response())
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

/// POST /plans/{id}/import/{file}/cancel
async fn cancel(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, file) = (plan_id(&id)?, blob_id(&file)?);
    let actor = auth.actor();
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::PlansEdit, Target::Plan(id))?;
            if let Some(meta) = BLOBS.get(tx, &file)?
                && meta.mime == MIME
                && meta.created_by == Some(actor.id)
            {
                blobs::delete(tx, file)?;
            }
            Ok::<_, AppError>(())
        })
        .await?;
    Ok(flash_redirect(&format!("/plans/{id}"), "plio-flash-cancelled", &state))
}

/// GET /plans/{id}/export.xlsx
async fn export_xlsx(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = plan_id(&id)?;
    let actor = auth.actor();
    let today = auth.ctx.today();
    let e = state
        .store
        .read(move |tx| {
            let plan = service::read(tx, &actor, id)?;
            Ok::<_, AppError>(export::collect(tx, id, &plan, today)?)
        })
        .await?;
    let ctx = &auth.ctx;
    let scope = match (&e.head.class, e.head.grade) {
        (Some(class), _) => ctx.t_args("plio-xlsx-class", &[("class", Arg::from(class.as_str()))]),
        (None, grade) => ctx.t_args("plio-xlsx-grade", &[("grade", Arg::Num(grade.unwrap_or(0) as i64))]),
    };
    let labels = Labels {
        heading: ctx.t("plio-xlsx-heading"),
        subject: ctx.t("plio-xlsx-subject"),
        scope,
        year: ctx.t("plio-xlsx-year"),
        teacher: ctx.t("plio-xlsx-teacher"),
        total: ctx.t("plio-xlsx-total"),
        sheet: ctx.t("plio-xlsx-sheet"),
    };
    let bytes = tokio::task::spawn_blocking(move || export::to_xlsx(&e, &labels))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("plan export failed: {e}")))??;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    );
    let disposition = format!("attachment; filename=\"plan-{id}.xlsx\"");
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.into()))?,
    );
    Ok(response)
}

/// GET /plans/{id}/copy
async fn copy_form(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let page = copy::load_page(&state, auth.actor(), plan_id(&id)?).await?;
    let ctx = &auth.ctx;
    let form = CopyForm { title: page.head.title.clone(), ..CopyForm::default() };
    let body = views_io::copy_form(ctx, &page, &form, &Default::default());
    Ok(respond(ctx, &ctx.t("plio-copy-title"), body))
}

/// POST /plans/{id}/copy — fields `target` (`t{teaching}` or `g{year}-{grade}`), `title`,
/// `bind`; `303` to the new plan.
async fn copy_post(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Response, AppError> {
    let id = plan_id(&id)?;
    let form = CopyForm {
        target: form.get("target").to_string(),
        title: form.get("title").to_string(),
        bind: form.get("bind") == "on",
    };
    match copy::run(&state, auth.actor(), id, form.clone()).await {
        Ok(new) => Ok(flash_redirect(&format!("/plans/{new}"), "plio-flash-copied", &state)),
        Err(AppError::Invalid(errors)) => {
            let page = copy::load_page(&state, auth.actor(), id).await?;
            let ctx = &auth.ctx;
            let body = views_io::copy_form(ctx, &page, &form, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, &ctx.t("plio-copy-title"), body))
                .into_response())
        }
        Err(e) => Err(e),
    }
}
