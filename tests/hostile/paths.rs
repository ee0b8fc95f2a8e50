//! Path traversal: asset addresses that climb out of the assets or into the excluded
//! catalogs, upload file names that are paths, and downloads with foreign or forged ids. A
//! stored file lives in the database, so a download never reads the file system; what is
//! checked is that names are cleaned before they are stored and that an id opens only its own.

use axum::http::StatusCode;
use parta::error::AppError;
use parta::journal::model::LESSONS;
use parta::plans::model::{PLAN_BINDINGS, PLANS};

use super::support::{Demo, answered, demo, lesson_slugs, upload_raw};

#[tokio::test]
async fn asset_addresses_never_leave_the_assets_or_reach_the_excluded_catalogs() {
    let d = demo();
    let mut c = d.app.client();
    assert_eq!(c.get("/assets/app.css").await.status, StatusCode::OK);
    assert_eq!(c.get("/assets/vendor/htmx/htmx.min.js").await.status, StatusCode::OK);
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/assets/..%2fCargo.toml",
        "/assets/..%5cCargo.toml",
        "/assets/vendor/../../Cargo.toml",
        "/assets/vendor/..%2f..%2fsrc%2fmain.rs",
        "/assets/%2fetc%2fpasswd",
        "/assets//etc/passwd",
        "/assets/locales/ru/main.ftl",
        "/assets/css/../locales/ru/main.ftl",
        "/assets/css%2f..%2flocales%2fru%2fmain.ftl",
        "/assets/vendor/..%5clocales%5cru%5cmain.ftl",
        "/assets/app.css%00",
        "/assets/app.css%00.ftl",
        "/assets/%00",
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", &r.body[..r.body.len().min(200)]);
        for leak in ["[package]", "root:", "fn main", "login-title"] {
            assert!(!r.body.contains(leak), "{path} leaked «{leak}»");
        }
    }
}

/// The first bytes of a PNG: what the logo upload looks at.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01";

/// Names a client may send for a file: paths of either kind, a NUL, control characters, a
/// name longer than any file system's.
fn evil_names() -> Vec<Vec<u8>> {
    vec![
        b"../../etc/passwd".to_vec(),
        b"..\\..\\windows\\win.ini".to_vec(),
        b"/etc/shadow".to_vec(),
        b"C:\\Users\\x\\evil.txt".to_vec(),
        b"a\x00b.txt".to_vec(),
        b"tab\tbell\x07esc\x1b.txt".to_vec(),
        b"..".to_vec(),
        format!("{}.txt", "я".repeat(3000)).into_bytes(),
    ]
}

/// A stored name is a plain file name: no directory, no control character, at most 120
/// characters.
#[track_caller]
fn assert_clean(name: &str) {
    assert!(!name.contains(['/', '\\']), "a path kept as a name: {name:?}");
    assert!(!name.chars().any(char::is_control), "a control character kept: {name:?}");
    assert!(name.chars().count() <= 120, "a name of {} characters kept", name.chars().count());
    assert!(!name.is_empty() && name != "." && name != "..", "{name:?}");
}

/// Each name through `path`: refused, or stored cleaned. Gives how many were stored.
async fn send_each(d: &Demo, c: &mut super::common::Client, path: &str, field: &str, data: &[u8]) -> usize {
    let mut stored = 0;
    for name in evil_names() {
        let before = d.blob_names();
        let r = upload_raw(c, path, field, &name, data, false).await;
        let shown = String::from_utf8_lossy(&name[..name.len().min(40)]).to_string();
        assert!(
            r.status == StatusCode::SEE_OTHER || r.status == StatusCode::BAD_REQUEST,
            "{path} {shown:?}: {} {}",
            r.status,
            r.body
        );
        for (id, new) in d.blob_names() {
            if !before.iter().any(|(b, _)| *b == id) {
                assert_clean(&new);
                stored += 1;
            }
        }
    }
    stored
}

#[tokio::test]
async fn uploaded_file_names_are_cleaned_before_they_are_stored() {
    let d = demo();
    let mut t = d.client("teacher").await;
    let grid = t.get(&format!("/journal/{}", d.maths)).await;
    let slug = lesson_slugs(&grid.body).pop().unwrap();
    let base = format!("/journal/{}/lessons/{slug}", d.maths);
    t.get(&base).await;
    assert!(send_each(&d, &mut t, &format!("{base}/files"), "file", b"homework").await > 0);

    // The materials of the demo plan 5А's maths follows.
    let (id, topic) = d
        .app
        .store()
        .read_blocking(|tx| {
            let id = PLAN_BINDINGS.get(tx, &d.maths)?.expect("5А's maths follows a plan");
            let plan = PLANS.get(tx, &id)?.unwrap();
            Ok::<_, AppError>((id, plan.sections[0].topics[0].id))
        })
        .unwrap();
    let path = format!("/plans/{id}/topics/{topic}/materials");
    assert!(send_each(&d, &mut t, &path, "file", b"%PDF-1.4").await > 0);

    let mut admin = d.client("admin").await;
    admin.get("/exchange/students").await;
    let csv = "Фамилия;Имя;Класс\r\nПутев;Пётр;5А\r\n".as_bytes();
    assert!(send_each(&d, &mut admin, "/exchange/students", "file", csv).await > 0);
    let plan_csv = "Тема урока;Кол-во часов\r\nДроби;1\r\n".as_bytes();
    t.get(&format!("/plans/{id}/import")).await;
    assert!(send_each(&d, &mut t, &format!("/plans/{id}/import"), "file", plan_csv).await > 0);
    let mut director = d.client("director").await;
    director.get("/admin/school").await;
    assert!(send_each(&d, &mut director, "/admin/school/logo", "logo", PNG).await > 0);

    // Downloaded, a cleaned name is a plain attachment name.
    let files = d.app.store().read_blocking(|tx| Ok::<_, AppError>(LESSONS.all(tx)?)).unwrap();
    let blob = files
        .iter()
        .filter(|((t, _, _), _)| *t == d.maths)
        .flat_map(|(_, l)| l.files.clone())
        .last()
        .unwrap();
    let r = t.get(&format!("/homework/{}/{blob}", d.maths)).await;
    assert_eq!(r.status, StatusCode::OK);
    let disposition = r.header("content-disposition");
    assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
    assert!(!disposition.contains(['/', '\\', '\r', '\n']), "{disposition}");
}

#[tokio::test]
async fn downloads_open_only_their_own_file_whatever_the_id() {
    let d = demo();
    let mut t = d.client("teacher").await;
    let grid = t.get(&format!("/journal/{}", d.maths)).await;
    let slug = lesson_slugs(&grid.body).pop().unwrap();
    let base = format!("/journal/{}/lessons/{slug}", d.maths);
    t.get(&base).await;
    let r = upload_raw(&mut t, &format!("{base}/files"), "file", b"ok.txt", b"homework", false).await;
    answered("a homework file", &r, StatusCode::SEE_OTHER);
    let files = d.app.store().read_blocking(|tx| Ok::<_, AppError>(LESSONS.all(tx)?)).unwrap();
    let blob = files
        .iter()
        .filter(|((t, _, _), _)| *t == d.maths)
        .flat_map(|(_, l)| l.files.clone())
        .last()
        .unwrap();
    assert_eq!(t.get(&format!("/homework/{}/{blob}", d.maths)).await.status, StatusCode::OK);

    // The logo is a blob too; it is no homework and no material.
    let mut director = d.client("director").await;
    director.get("/admin/school").await;
    let r = upload_raw(&mut director, "/admin/school/logo", "logo", b"l.png", PNG, false).await;
    answered("a logo", &r, StatusCode::SEE_OTHER);
    let logo = d.app.state.school().logo.unwrap();

    let other = d
        .app
        .store()
        .read_blocking(|tx| {
            let all = parta::structure::service::teaching_of_class(tx, d.class)?;
            Ok::<_, AppError>(all.into_iter().find(|(id, _)| *id != d.maths).unwrap().0)
        })
        .unwrap();
    for path in [
        format!("/homework/{other}/{blob}"),
        format!("/homework/{}/{logo}", d.maths),
        format!("/homework/{}/{}", d.maths, blob.0 + 1000),
        format!("/homework/{}/-1", d.maths),
        format!("/homework/{}/99999999999999999999999", d.maths),
        format!("/homework/{}/..%2f..%2fCargo.toml", d.maths),
        format!("/homework/{}/{blob}%00", d.maths),
        format!("/homework/..%2f{}/{blob}", d.maths),
        format!("/plans/1/materials/{blob}"),
        format!("/plans/1/materials/{logo}"),
        format!("/exchange/preview?file={blob}"),
        format!("/plans/1/import/{blob}"),
        "/reports/snapshots/..%2f..%2fCargo.toml".to_string(),
        "/calendar/..%2f..%2fCargo.toml".to_string(),
    ] {
        let r = t.get(&path).await;
        assert!(
            [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN, StatusCode::BAD_REQUEST].contains(&r.status),
            "{path}: {}",
            r.status
        );
        assert!(!r.body.contains("homework") && !r.body.contains("[package]"), "{path} leaked");
    }
    let mut admin = d.client("admin").await;
    let r = admin.get(&format!("/exchange/preview?file={blob}")).await;
    assert!(r.status.is_client_error(), "another kind of blob is no import: {}", r.status);
}
