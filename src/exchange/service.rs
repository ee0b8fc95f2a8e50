//! Import and export as requests see them. Every function asks `permit(…, PeopleImport,
//! School)` inside its transaction. An upload is kept as a blob (owned by whoever uploaded it)
//! between the preview and the confirmation; the confirmation re-reads it, re-checks the rows
//! against the school inside its one write transaction and writes all of them or none.

use redb::WriteTransaction;

use super::apply::{self, Done};
use super::columns::{self, Layout};
use super::export::{self, Sheet};
use super::plan::{self, Plan};
use super::table::{self, FileError, Source, Table};
use super::{FileFormat, ListKind, MIME_PREFIX};
use crate::audit;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{BlobId, ClassId, UserId};
use crate::store::tables::BLOBS;
use crate::store::{Order, Reader, StoreError, blobs};
use crate::structure::model::YEARS;
use crate::structure::service::{classes_of, current_year_id};

/// Pending uploads older than this are deleted at the uploader's next upload.
const PENDING_SECS: i64 = 24 * 3600;

/// Refuses early whoever may not import or export, before an upload is even read.
pub async fn authorize(state: &AppState, actor: &Actor) -> Result<(), AppError> {
    let actor = actor.clone();
    state.store.read(move |tx| permit(tx, &actor, Action::PeopleImport, Target::School)).await
}

/// What the overview page needs: the current year and its classes (for the export by class).
pub struct Overview {
    pub year: Option<String>,
    pub classes: Vec<(ClassId, String)>,
}

pub async fn overview(state: &AppState, actor: Actor) -> Result<Overview, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::PeopleImport, Target::School)?;
            let mut o = Overview { year: None, classes: Vec::new() };
            if let Some(y) = current_year_id(tx)? {
                o.year = YEARS.get(tx, &y)?.map(|y| y.name);
                o.classes = classes_of(tx, y)?.into_iter().map(|(id, c)| (id, c.name())).collect();
            }
            Ok(o)
        })
        .await
}

/// Why an upload was not kept.
#[derive(Debug)]
pub enum UploadError {
    /// The file cannot be read as a list: shown on the upload form.
    File(FileError),
    App(AppError),
}

impl From<AppError> for UploadError {
    fn from(e: AppError) -> Self {
        UploadError::App(e)
    }
}

fn read_file(bytes: &[u8], kind: ListKind) -> Result<(Table, Layout), FileError> {
    let table = table::read(bytes)?;
    let layout = columns::layout(kind, &table.header)?;
    Ok((table, layout))
}

/// Keeps an upload that reads as a list of `kind`; returns its blob for the preview.
pub async fn upload(
    state: &AppState,
    actor: Actor,
    kind: ListKind,
    file_name: String,
    data: Vec<u8>,
) -> Result<BlobId, UploadError> {
    authorize(state, &actor).await?;
    let (data, readable) = tokio::task::spawn_blocking(move || {
        let r = read_file(&data, kind).map(|_| ());
        (data, r)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("reading an upload failed: {e}")))?;
    readable.map_err(UploadError::File)?;
    let name: String = file_name.chars().take(100).collect();
    let id = state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::PeopleImport, Target::School)?;
            purge_stale(tx, actor.id, actor.now)?;
            Ok::<_, AppError>(blobs::put(tx, &name, kind.mime(), &data, Some(actor.id), actor.now)?)
        })
        .await?;
    Ok(id)
}

/// Deletes the uploader's pending uploads left for more than a day.
fn purge_stale(tx: &WriteTransaction, owner: UserId, now: i64) -> Result<(), StoreError> {
    let cutoff = now - PENDING_SECS;
    let mut stale = Vec::new();
    BLOBS.scan_range(tx, None, None, Order::Asc, |id, meta| {
        if meta.mime.starts_with(MIME_PREFIX) && meta.created_by == Some(owner) && meta.created_at < cutoff {
            stale.push(id);
        }
        true
    })?;
    for id in stale {
        blobs::delete(tx, id)?;
    }
    Ok(())
}

/// A pending upload, read back.
struct Pending {
    file_name: String,
    kind: ListKind,
    table: Table,
    layout: Layout,
}

/// Reads back the actor's own pending upload `file`.
fn load(tx: &impl Reader, actor: &Actor, file: BlobId) -> Result<Pending, AppError> {
    permit(tx, actor, Action::PeopleImport, Target::School)?;
    let gone = AppError::BadRequest("ex-file-gone");
    let Some((meta, data)) = blobs::get(tx, file)? else { return Err(gone) };
    let kind = match ListKind::from_mime(&meta.mime) {
        Some(kind) if meta.created_by == Some(actor.id) => kind,
        _ => return Err(gone),
    };
    let (table, layout) = read_file(&data, kind).map_err(|_| AppError::BadRequest("ex-file-gone"))?;
    Ok(Pending { file_name: meta.name, kind, table, layout })
}

/// A checked upload, for the preview page.
pub struct Preview {
    pub file: BlobId,
    pub file_name: String,
    pub kind: ListKind,
    pub source: Source,
    pub plan: Plan,
}

fn preview_of(file: BlobId, pending: &Pending, plan: Plan) -> Preview {
    Preview {
        file,
        file_name: pending.file_name.clone(),
        kind: pending.kind,
        source: pending.table.source.clone(),
        plan,
    }
}

/// Checks the pending upload `file` against the school as it is now.
pub async fn preview(state: &AppState, actor: Actor, file: BlobId) -> Result<Preview, AppError> {
    state
        .store
        .read(move |tx| {
            let pending = load(tx, &actor, file)?;
            let plan = plan::plan(tx, &pending.table, &pending.layout, pending.kind, actor.today)?;
            Ok(preview_of(file, &pending, plan))
        })
        .await
}

/// The outcome of a confirmation.
pub enum Confirmed {
    Done(Done),
    /// Problems found on the re-check: nothing was written.
    Refused(Box<Preview>),
}

enum WriteError {
    App(AppError),
    Refused(Box<Preview>),
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        WriteError::App(e.into())
    }
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> Self {
        WriteError::App(e)
    }
}

/// Imports the pending upload `file`: re-checked and written in one write transaction, then
/// deleted. Any problem, or any failure on the way, writes nothing.
pub async fn confirm(state: &AppState, actor: Actor, file: BlobId) -> Result<Confirmed, AppError> {
    // Parsing needs no lock: the blob's bytes never change while it exists.
    let pending = {
        let actor = actor.clone();
        state.store.read(move |tx| load(tx, &actor, file)).await?
    };
    let outcome = state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::PeopleImport, Target::School)?;
            if !BLOBS.contains(tx, &file)? {
                return Err(WriteError::App(AppError::BadRequest("ex-file-gone")));
            }
            let plan = plan::plan(tx, &pending.table, &pending.layout, pending.kind, actor.today)?;
            if plan.has_problems() {
                return Err(WriteError::Refused(Box::new(preview_of(file, &pending, plan))));
            }
            let done = apply::apply(tx, &plan, actor.id, actor.now, &pending.file_name)?;
            blobs::delete(tx, file)?;
            Ok(done)
        })
        .await;
    match outcome {
        Ok(done) => Ok(Confirmed::Done(done)),
        Err(WriteError::Refused(p)) => Ok(Confirmed::Refused(p)),
        Err(WriteError::App(e)) => Err(e),
    }
}

/// Drops the actor's pending upload `file` (nothing to do when it is gone already).
pub async fn cancel(state: &AppState, actor: Actor, file: BlobId) -> Result<(), AppError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::PeopleImport, Target::School)?;
            if let Some(meta) = BLOBS.get(tx, &file)?
                && meta.mime.starts_with(MIME_PREFIX)
                && meta.created_by == Some(actor.id)
            {
                blobs::delete(tx, file)?;
            }
            Ok(())
        })
        .await
}

fn encode(sheet: &Sheet, format: FileFormat, sheet_name: &str) -> Result<Vec<u8>, AppError> {
    match format {
        FileFormat::Xlsx => export::to_xlsx(sheet, sheet_name),
        FileFormat::Csv => export::to_csv(sheet),
    }
}

/// An empty list with one example row.
pub async fn template(
    state: &AppState,
    actor: Actor,
    kind: ListKind,
    format: FileFormat,
    sheet_name: String,
) -> Result<Vec<u8>, AppError> {
    authorize(state, &actor).await?;
    tokio::task::spawn_blocking(move || encode(&export::template(kind), format, &sheet_name))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template failed: {e}")))?
}

/// A list of the school (students of one class when `class` is given). The export holds
/// parents' contacts: it is written to the audit log.
pub async fn export(
    state: &AppState,
    actor: Actor,
    kind: ListKind,
    format: FileFormat,
    class: Option<ClassId>,
    sheet_name: String,
) -> Result<Vec<u8>, AppError> {
    let sheet = {
        let actor = actor.clone();
        state
            .store
            .read(move |tx| {
                permit(tx, &actor, Action::PeopleImport, Target::School)?;
                match kind {
                    ListKind::Students => export::students(tx, actor.today, class),
                    ListKind::Staff => Ok(export::staff(tx)?),
                }
            })
            .await?
    };
    let detail = format!(
        "{} {}{}: {} rows",
        kind.slug(),
        format.extension(),
        class.map(|c| format!(" class:{c}")).unwrap_or_default(),
        sheet.rows.len()
    );
    state
        .store
        .write(move |tx| {
            audit::change(tx, actor.id, actor.now, "people.export", "school".into(), detail)?;
            Ok::<_, AppError>(())
        })
        .await?;
    tokio::task::spawn_blocking(move || encode(&sheet, format, &sheet_name))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("export failed: {e}")))?
}
