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

/// The file sent in field `field` as `(file name, bytes)`, or `None` when there is none; the
/// name is cleaned ([`clean_name`]). Over `limit` bytes: [`AppError::TooLarge`]; a malformed
/// body: `error-bad-request`.
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
            let name = clean_name(f.file_name().unwrap_or(""));
            let data = f.bytes().await.map_err(multipart_error)?;
            if data.len() > limit {
                return Err(AppError::TooLarge);
            }
            file = Some((name, data.to_vec()));
        }
    }
    Ok(file)
}

/// The longest file name kept, in characters.
const MAX_NAME: usize = 120;

/// A file name as the client sent it, made a plain name: only what follows the last `/` or
/// `\` (a browser may send a whole path), no control characters (NUL included), no leading
/// or trailing dots or spaces (`..` is no name), at most [`MAX_NAME`] characters with the
/// extension kept. Nothing left: `file`.
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if name.is_empty() {
        return "file".to_string();
    }
    if name.chars().count() <= MAX_NAME {
        return name.to_string();
    }
    let ext = match name.rsplit_once('.') {
        Some((_, ext)) if !ext.is_empty() && ext.chars().count() <= 10 => ext,
        _ => "",
    };
    let keep = MAX_NAME - if ext.is_empty() { 0 } else { ext.chars().count() + 1 };
    let stem: String = name.chars().take(keep).collect();
    if ext.is_empty() { stem } else { format!("{stem}.{ext}") }
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

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn file_names_are_cleaned_to_a_plain_name() {
        assert_eq!(clean_name("задание.pdf"), "задание.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("..\\..\\windows\\win.ini"), "win.ini");
        assert_eq!(clean_name("C:\\Users\\x\\Отчёт.docx"), "Отчёт.docx");
        assert_eq!(clean_name("a\0b\r\n.txt"), "ab.txt");
        for empty in ["", "..", ".", "/", "dir/", " . "] {
            assert_eq!(clean_name(empty), "file", "{empty:?}");
        }
        let long = clean_name(&format!("{}.xlsx", "я".repeat(500)));
        assert_eq!(long.chars().count(), 120);
        assert!(long.ends_with("яя.xlsx"));
        assert_eq!(clean_name(&"x".repeat(200)).len(), 120);
    }
}
