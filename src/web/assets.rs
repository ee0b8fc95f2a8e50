//! Static files (CSS, htmx, icons) embedded into the binary.
//!
//! `app.css` and `app.js` are served as bundles: the file itself followed by every feature's
//! `css/*.css` or `js/*.js` in name order, so each feature keeps its styles and scripts in its
//! own file and a page still loads one stylesheet and one script.

use std::borrow::Cow;
use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

#[derive(rust_embed::Embed)]
#[folder = "assets/"]
#[exclude = "locales/*"]
struct Assets;

struct Bundle {
    data: Vec<u8>,
    etag: String,
}

fn bundle(main: &str, dir: &str) -> Bundle {
    let mut data = Assets::get(main).map(|f| f.data.into_owned()).unwrap_or_default();
    let mut parts: Vec<Cow<'static, str>> = Assets::iter().filter(|p| p.starts_with(dir)).collect();
    parts.sort();
    for part in parts {
        if let Some(f) = Assets::get(&part) {
            data.extend_from_slice(format!("\n/* {part} */\n").as_bytes());
            data.extend_from_slice(&f.data);
        }
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(&data);
    let etag = format!("\"{}\"", crate::store::blobs::hex(&digest[..8]));
    Bundle { data, etag }
}

static CSS: LazyLock<Bundle> = LazyLock::new(|| bundle("app.css", "css/"));
static JS: LazyLock<Bundle> = LazyLock::new(|| bundle("app.js", "js/"));

/// GET /assets/{*path}
pub async fn serve(Path(path): Path<String>, headers: axum::http::HeaderMap) -> Result<Response, AppError> {
    let (data, etag, mime): (Cow<'static, [u8]>, String, String) = match path.as_str() {
        "app.css" => (Cow::Borrowed(&CSS.data), CSS.etag.clone(), "text/css".into()),
        "app.js" => (Cow::Borrowed(&JS.data), JS.etag.clone(), "text/javascript".into()),
        // Only plain relative paths: in a debug build the files are read from the folder, where
        // `css/../locales/…` would reach the excluded catalogs.
        _ if !plain(&path) => return Err(AppError::NotFound),
        _ => {
            let file = Assets::get(&path).ok_or(AppError::NotFound)?;
            let etag = format!("\"{}\"", crate::store::blobs::hex(&file.metadata.sha256_hash()[..8]));
            (file.data, etag, file.metadata.mimetype().to_string())
        }
    };
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let mut response = data.into_owned().into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex etag"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    Ok(response)
}

/// A path of names separated by `/`: no empty, `.` or `..` segment, no `\` or control
/// character.
fn plain(path: &str) -> bool {
    !path.contains(|c: char| c == '\\' || c.is_control())
        && path.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}
