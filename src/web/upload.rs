//! Reading one uploaded file from a multipart request, within a size limit: the body is cut
//! off at the limit (plus the multipart framing) before it is read, and a declared length above
//! it is refused at once.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// Room for the multipart framing around the file.
const FRAMING: usize = 64 * 1024;

/// The file sent in field `field` as `(file name, bytes)`, or `None` when there is none.
/// Over `limit` bytes: [`AppError::TooLarge`]; a malformed body: `error-bad-request`.
pub async fn read_file(
    request: Request,
    state: &AppState,
    field: &str,
    limit: usize,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let body_limit = limit + FRAMING;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > body_limit) {
        return Err(AppError::TooLarge);
    }
    let (parts, body) = request.into_parts();
    let limited = Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, body_limit)));
    let mut multipart = Multipart::from_request(limited, state)
        .await
        .map_err(|_| AppError::BadRequest("error-bad-request"))?;
    let mut file = None;
    while let Some(f) = multipart.next_field().await.map_err(multipart_error)? {
        if f.name() == Some(field) {
            let name = f.file_name().unwrap_or("").to_string();
            let data = f.bytes().await.map_err(multipart_error)?;
            if data.len() > limit {
                return Err(AppError::TooLarge);
            }
            file = Some((name, data.to_vec()));
        }
    }
    Ok(file)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest("error-bad-request")
    }
}

/// A stored file sent back as a download: its type by extension, `Content-Disposition:
/// attachment` with the original name, never cached.
pub fn attachment(name: &str, data: Vec<u8>) -> Response {
    let mut r = data.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(name)));
    if let Ok(v) = HeaderValue::from_str(&disposition(name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    r
}

/// A file name for `Content-Disposition`: `filename*=UTF-8''…` with an ASCII fallback.
fn disposition(name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A content type by the file's extension; anything else is plain bytes. Always downloaded.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}
