//! Routes of import and export. Every handler asks for `people.import` before it reads any
//! input; uploads carry the CSRF token in the `_csrf` query parameter and are limited to
//! `max_upload_mb` (413 beyond).

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::service::{self, Confirmed, UploadError};
use super::{FileFormat, ListKind, views};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{BlobId, ClassId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::Pairs;
use crate::web::layout::respond;

/// The download routes: templates and exports of both lists in both formats.
const DOWNLOADS: [&str; 8] = [
    "/exchange/template/students.xlsx",
    "/exchange/template/students.csv",
    "/exchange/template/staff.xlsx",
    "/exchange/template/staff.csv",
    "/exchange/export/students.xlsx",
    "/exchange/export/students.csv",
    "/exchange/export/staff.xlsx",
    "/exchange/export/staff.csv",
];

pub fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route("/exchange", get(overview))
        // The upload limit is the configured one, applied in the handler.
        .route(
            "/exchange/students",
            get(students_form).post(upload_students).layer(DefaultBodyLimit::disable()),
        )
        .route("/exchange/staff", get(staff_form).post(upload_staff).layer(DefaultBodyLimit::disable()))
        .route("/exchange/preview", get(preview))
        .route("/exchange/confirm", post(confirm))
        .route("/exchange/cancel", post(cancel));
    for path in DOWNLOADS {
        router = router.route(path, get(download));
    }
    router
}

/// GET /exchange
async fn overview(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let o = service::overview(&state, auth.actor()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("ex-title"), views::overview(ctx, &o, state.config.max_upload_mb)))
}

async fn form(state: &AppState, auth: &Auth, kind: ListKind) -> Result<Response, AppError> {
    service::authorize(state, &auth.actor()).await?;
    let ctx = &auth.ctx;
    let body = views::upload_form(ctx, kind, None, false, state.config.max_upload_mb);
    Ok(respond(ctx, &ctx.t(views::title_key(kind)), body))
}

/// GET /exchange/students
async fn students_form(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    form(&state, &auth, ListKind::Students).await
}

/// GET /exchange/staff
async fn staff_form(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    form(&state, &auth, ListKind::Staff).await
}

/// POST /exchange/students?_csrf=… — multipart field `file`.
async fn upload_students(
    State(state): State<AppState>,
    auth: Auth,
    request: Request,
) -> Result<Response, AppError> {
    upload(state, auth, request, ListKind::Students).await
}

/// POST /exchange/staff?_csrf=… — multipart field `file`.
async fn upload_staff(
    State(state): State<AppState>,
    auth: Auth,
    request: Request,
) -> Result<Response, AppError> {
    upload(state, auth, request, ListKind::Staff).await
}

/// An upload that broke off or went over the limit.
/// Checks and keeps the file, then shows its preview (303 to the preview page).
async fn upload(state: AppState, auth: Auth, request: Request, kind: ListKind) -> Result<Response, AppError> {
    // Ask before touching the upload: a refused caller gets 403, whatever they sent.
    service::authorize(&state, &auth.actor()).await?;
    let max_mb = state.config.max_upload_mb;
    let limit = max_mb as usize * 1024 * 1024;
    let file = crate::web::upload::read_file(request, &state, "file", limit).await?;
    let ctx = &auth.ctx;
    let refuse = |error: Option<&super::table::FileError>, missing: bool| {
        let body = views::upload_form(ctx, kind, error, missing, max_mb);
        Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, &ctx.t(views::title_key(kind)), body))
            .into_response())
    };
    let Some((name, data)) = file.filter(|(_, d)| !d.is_empty()) else {
        return refuse(None, true);
    };
    match service::upload(&state, auth.actor(), kind, name, data).await {
        Ok(id) => Ok(Redirect::to(&format!("/exchange/preview?file={id}")).into_response()),
        Err(UploadError::File(e)) => refuse(Some(&e), false),
        Err(UploadError::App(e)) => Err(e),
    }
}

#[derive(Deserialize)]
struct PreviewQuery {
    #[serde(default)]
    file: String,
    #[serde(default)]
    page: String,
}

fn blob_id(raw: &str) -> Result<BlobId, AppError> {
    raw.trim().parse().map_err(|_| AppError::BadRequest("error-bad-request"))
}

/// GET /exchange/preview?file=…&page=…
async fn preview(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<PreviewQuery>,
) -> Result<Response, AppError> {
    service::authorize(&state, &auth.actor()).await?;
    let file = blob_id(&q.file)?;
    let page = q.page.parse().unwrap_or(0);
    let p = service::preview(&state, auth.actor(), file).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("ex-preview-title"), views::preview(ctx, &p, page)))
}

/// POST /exchange/confirm — imports every row or none; problems found on the re-check show
/// the preview again (422).
async fn confirm(
    State(state): State<AppState>,
    auth: Auth,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Response, AppError> {
    service::authorize(&state, &auth.actor()).await?;
    let file = blob_id(form.get("file"))?;
    let ctx = &auth.ctx;
    match service::confirm(&state, auth.actor(), file).await? {
        Confirmed::Done(done) => Ok(respond(ctx, &ctx.t("ex-done-title"), views::done(ctx, &done))),
        Confirmed::Refused(p) => {
            let body = views::preview(ctx, &p, 0);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(ctx, &ctx.t("ex-preview-title"), body))
                .into_response())
        }
    }
}

/// POST /exchange/cancel — drops a pending upload.
async fn cancel(
    State(state): State<AppState>,
    auth: Auth,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Response, AppError> {
    service::authorize(&state, &auth.actor()).await?;
    let file = blob_id(form.get("file"))?;
    service::cancel(&state, auth.actor(), file).await?;
    Ok(flash_redirect("/exchange", "ex-flash-cancelled", &state))
}

#[derive(Deserialize)]
struct ExportQuery {
    #[serde(default)]
    class: String,
}

/// GET /exchange/template/{students,staff}.{xlsx,csv} and /exchange/export/… (an export of
/// students may name one class: `?class=…`).
async fn download(
    State(state): State<AppState>,
    auth: Auth,
    uri: Uri,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    service::authorize(&state, &auth.actor()).await?;
    let path = uri.path();
    let kind = if path.contains("/students.") { ListKind::Students } else { ListKind::Staff };
    let format = if path.ends_with(".xlsx") { FileFormat::Xlsx } else { FileFormat::Csv };
    let ctx = &auth.ctx;
    let sheet = ctx.t(match kind {
        ListKind::Students => "ex-sheet-students",
        ListKind::Staff => "ex-sheet-staff",
    });
    let (bytes, name) = if path.starts_with("/exchange/template/") {
        let bytes = service::template(&state, auth.actor(), kind, format, sheet).await?;
        (bytes, format!("parta-{}-template.{}", kind.slug(), format.extension()))
    } else {
        let class = match q.class.trim() {
            "" => None,
            raw => Some(raw.parse::<ClassId>().map_err(|_| AppError::NotFound)?),
        };
        let bytes = service::export(&state, auth.actor(), kind, format, class, sheet).await?;
        (bytes, format!("parta-{}-{}.{}", kind.slug(), ctx.today(), format.extension()))
    };
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.mime()));
    let disposition = format!("attachment; filename=\"{name}\"");
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.into()))?,
    );
    Ok(response)
}
