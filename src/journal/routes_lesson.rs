//! Routes of the lesson panel (topic, homework, files, assignments, comments) and the download
//! of homework files. Every form works as a plain POST (303 back to the lesson's page) and
//! through htmx (the panel again, or a reload of the grid when its columns changed).

use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};

use super::assignments::{self, AssignmentForm};
use super::lessons::{self, MAX_FILE, TextForm};
use super::model::LessonKey;
use super::routes::teaching_id;
use super::service::WriteError;
use super::views::lesson_when;
use super::views_lesson::{PanelForms, panel};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{BlobId, TeachingId, UserId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/journal/{id}/lessons/{slug}", get(show).post(save_text))
        .route("/journal/{id}/lessons/{slug}/files", post(upload).layer(DefaultBodyLimit::disable()))
        .route("/journal/{id}/lessons/{slug}/files/{blob}/delete", post(delete_file))
        .route("/journal/{id}/lessons/{slug}/assignments", post(add_assignment))
        .route("/journal/{id}/lessons/{slug}/assignments/{no}", post(change_assignment))
        .route("/journal/{id}/lessons/{slug}/assignments/{no}/delete", post(remove_assignment))
        .route("/journal/{id}/lessons/{slug}/comments", post(comments))
        .route("/homework/{id}/{blob}", get(download))
}

/// The lesson a path names. A write to a slug that names no lesson asks `journal.edit` on the
/// journal first, so a stranger gets 403 whatever they sent.
async fn lesson_key(
    state: &AppState,
    auth: &Auth,
    id: &str,
    slug: &str,
    write: bool,
) -> Result<LessonKey, AppError> {
    let id: TeachingId = teaching_id(id)?;
    match LessonKey::parse_slug(id, slug) {
        Some(k) => Ok(k),
        None => {
            if write {
                lessons::authorize_edit(state, auth.actor(), id, None).await?;
            }
            Err(AppError::NotFound)
        }
    }
}

async fn render(
    state: &AppState,
    auth: &Auth,
    key: LessonKey,
    forms: &PanelForms,
    status: StatusCode,
) -> Result<Response, AppError> {
    let p = lessons::panel(state, auth.actor(), key).await?;
    let ctx = &auth.ctx;
    let title = format!("{} — {}", lesson_when(ctx, key.date, key.number), p.head.title());
    Ok((status, respond(ctx, &title, panel(ctx, &p, forms))).into_response())
}

/// GET /journal/{id}/lessons/{slug} — the panel (a fragment for htmx, else a page).
async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let key = lesson_key(&state, &auth, &id, &slug, false).await?;
    render(&state, &auth, key, &PanelForms::default(), StatusCode::OK).await
}

/// After a write: the panel with «Сохранено» (htmx), the grid again when its columns changed
/// (htmx), or back to the lesson's page (plain POST); a refusal shows the panel with what was
/// typed and the message (422).
async fn after(
    state: &AppState,
    auth: &Auth,
    key: LessonKey,
    result: Result<(), WriteError>,
    grid_changed: bool,
    refused: impl FnOnce(FieldErrors) -> PanelForms,
) -> Result<Response, AppError> {
    let page = format!("/journal/{}/lessons/{}", key.teaching, key.slug());
    match result {
        Ok(()) if !auth.ctx.htmx => Ok(flash_redirect(&page, "flash-saved", state)),
        Ok(()) if grid_changed => {
            let mut r = StatusCode::OK.into_response();
            let to = format!("/journal/{}?lesson={}", key.teaching, key.slug());
            r.headers_mut()
                .insert("hx-redirect", HeaderValue::from_str(&to).map_err(|e| AppError::Internal(e.into()))?);
            Ok(r)
        }
        Ok(()) => {
            render(state, auth, key, &PanelForms { saved: true, ..PanelForms::default() }, StatusCode::OK)
                .await
        }
        Err(WriteError::App(AppError::Invalid(errors))) => {
            render(state, auth, key, &refused(errors), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(WriteError::Refused(k)) => {
            let forms = PanelForms { refusal: Some(k), ..refused(FieldErrors::default()) };
            render(state, auth, key, &forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(WriteError::Conflict(_)) => Err(AppError::BadRequest("error-bad-request")),
        Err(WriteError::App(e)) => Err(e),
    }
}

/// POST /journal/{id}/lessons/{slug} — topic, homework, due day.
async fn save_text(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, slug)): Path<(String, String)>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let key = lesson_key(&state, &auth, &id, &slug, true).await?;
    let typed = TextForm {
        topic: form.get("topic").into(),
        homework: form.get("homework").into(),
        due: form.get("due").into(),
        plan_topic: form.has("plan_topic").then(|| form.get("plan_topic").to_string()),
    };
    let result = lessons::save_text(&state, auth.actor(), key, typed.clone()).await;
    after(&state, &auth, key, result, false, |errors| PanelForms {
        text: Some(typed),
        errors,
        ..PanelForms::default()
    })
    .await
}

/// An upload that broke off or went over the limit.
/// POST /journal/{id}/lessons/{slug}/files?_csrf=… — a multipart upload (field `file`), 10 MB
/// at most.
async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, slug)): Path<(String, String)>,
    request: Request,
) -> Result<Response, AppError> {
    let key = lesson_key(&state, &auth, &id, &slug, true).await?;
    // Ask before touching the upload: a refused caller gets 403, whatever they sent.
    lessons::authorize_edit(&state, auth.actor(), key.teaching, Some(key)).await?;
    let limit = MAX_FILE.min(state.config.max_upload_mb as usize * 1024 * 1024);
    let file = crate::web::upload::read_file(request, &state, "file", limit).await?;
    let result = match file.filter(|(_, d)| !d.is_empty()) {
        Some((name, data)) => lessons::add_file(&state, auth.actor(), key, name, data).await.map(|_| ()),
        None => Err(WriteError::Refused("journal-file-missing")),
    };
    after(&state, &auth, key, result, false, |errors| PanelForms { errors, ..PanelForms::default() }).await
}

/// POST /journal/{id}/lessons/{slug}/files/{blob}/delete
async fn delete_file(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, slug, blob)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let key = lesson_key(&state, &auth, &id, &slug, true).await?;
    let Ok(blob) = blob.parse::<BlobId>() else {
        lessons::authorize_edit(&state, auth.actor(), key.teaching, Some(key)).await?;
        return Err(AppError::NotFound);
    };
    let result = lessons::delete_file(&state, auth.actor(), key, blob).await;
    after(&state, &auth, key, result, false, |errors| PanelForms { errors, ..PanelForms::default() }).await
}

fn assignment_form(form: &Pairs) -> AssignmentForm {
    AssignmentForm {
        work_type: form.get("work_type").into(),
        weight: form.get("weight").into(),
        name: form.get("name").into(),
    }
}

async fn assignment_no(state: &AppState, auth: &Auth, key: LessonKey, no: &str) -> Result<u8, AppError> {
    match no.parse() {
        Ok(n) => Ok(n),
        Err(_) => {
            lessons::authorize_edit(state, auth.actor(), key.teaching, Some(key)).await?;
            Err(AppError::NotFound)
        }
    }
}

/// POST /journal/{id}/lessons/{slug}/assignments — fields `work_type`, `weight` (empty: the
/// type's), `name`.
async fn add_assignment(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, slug)): Path<(String, String)>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let key = lesson_key(&state, &auth, &id, &slug, true).await?;
    let typed = assignment_form(&form);
    let result = assignments::add_assignment(&state, auth.actor(), key, typed.clone()).await;
    after(&state, &auth, key, result, true, |errors| PanelForms {
        add: Some(typed),
        errors,
        ..PanelForms::default()
    })
    .await
}

/// POST /journal/{id}/lessons/{slug}/assignments/{no} — another type, weight or name.
async fn change_assignment(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, slug, no)): Path<(String, String, String)>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let key = lesson_key(&state, &auth, &id, &slug, true).await?;
    let no = assignment_no(&state, &auth, key, &no).await?;
    let result = assignments::change_assignment(&state, auth.actor(), key, no, assignment_form(&form)).await;
    after(&state, &auth, key, result, true, |errors| PanelForms { errors, ..PanelForms::default() }).await
}

/// POST /journal/{id}/lessons/{slug}/assignments/{no}/delete — refused while it has marks.
async fn remove_assignment(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, slug, no)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let key = lesson_key(&state, &auth, &id, &slug, true).await?;
    let no = assignment_no(&state, &auth, key, &no).await?;
    let result = assignments::remove_assignment(&state, auth.actor(), key, no).await;
    after(&state, &auth, key, result, true, |errors| PanelForms { errors, ..PanelForms::default() }).await
}

/// POST /journal/{id}/lessons/{slug}/comments — fields `c{student}.{assignment}`.
async fn comments(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, slug)): Path<(String, String)>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let key = lesson_key(&state, &auth, &id, &slug, true).await?;
    let list: Vec<(UserId, u8, String)> = form
        .0
        .iter()
        .filter_map(|(k, v)| {
            let (s, a) = k.strip_prefix('c')?.split_once('.')?;
            Some((s.parse().ok()?, a.parse().ok()?, v.clone()))
        })
        .collect();
    let result = assignments::save_comments(&state, auth.actor(), key, list).await;
    after(&state, &auth, key, result, true, |errors| PanelForms { errors, ..PanelForms::default() }).await
}

/// GET /homework/{id}/{blob} — a homework file of the journal: for its readers, and for the
/// students (and their parents) it teaches.
async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, blob)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = teaching_id(&id)?;
    let blob: BlobId = blob.parse().map_err(|_| AppError::NotFound)?;
    let (meta, data) = lessons::homework_file(&state, auth.actor(), id, blob).await?;
    Ok(crate::web::upload::attachment(&meta.name, data))
}
