//! Reading one uploaded file from a multipart request, within a size limit: the body is cut
//! off at the limit (plus the multipart framing) before it is read, and a declared length above
//! it is refused at once.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};

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
