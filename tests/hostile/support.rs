//! What the hostile tests share: the demo school's people and places (found in the store; every
//! write goes through the routes), signed-in clients, pages fetched and checked, uploads with
//! any file name.
#![allow(dead_code)]

use axum::http::{Method, StatusCode};
use parta::audit::AUDIT;
use parta::auth::accounts::find_by_login;
use parta::auth::model::{SESSIONS, SIGNIN_STATS, SIGNINS, USERS};
use parta::error::AppError;
use parta::people::service::{children_of, class_of};
use parta::store::Reader;
use parta::store::ids::{BlobId, ClassId, SubjectId, TeachingId, UserId, YearId};
use parta::store::tables::BLOBS;
use parta::structure::model::CLASSES;
use parta::structure::service::teaching_of_class;

use super::common::{Client, Response, TestApp};
use super::inert::assert_inert;

pub use crate::common::today;

/// The demo school as the tests find it: the student (5А), his mother, the maths teacher and
/// the class chief of 5А.
pub struct Demo {
    pub app: TestApp,
    pub student: UserId,
    pub parent: UserId,
    pub teacher: UserId,
    pub chief: UserId,
    pub class: ClassId,
    pub year: YearId,
    /// The demo teacher's mathematics in 5А, and its subject.
    pub maths: TeachingId,
    pub subject: SubjectId,
}

pub fn demo() -> Demo {
    demo_of(TestApp::demo())
}

pub fn demo_of(app: TestApp) -> Demo {
    let today = today();
    let (student, parent, teacher, chief, class, year, maths, subject) = app
        .store()
        .read_blocking(|tx| {
            let id = |login: &str| find_by_login(tx, login).map(|u| u.expect(login).0);
            let (student, parent, teacher, chief) =
                (id("student")?, id("parent")?, id("teacher")?, id("chief")?);
            assert!(children_of(tx, parent)?.contains(&student));
            let class = class_of(tx, student, today)?.expect("the demo student has a class");
            let year = CLASSES.get(tx, &class)?.unwrap().year;
            let (maths, t) = teaching_of_class(tx, class)?
                .into_iter()
                .find(|(_, t)| t.teacher == teacher && t.group.is_none())
                .expect("the demo teacher teaches 5А");
            Ok::<_, AppError>((student, parent, teacher, chief, class, year, maths, t.subject))
        })
        .unwrap();
    Demo { app, student, parent, teacher, chief, class, year, maths, subject }
}

impl Demo {
    /// Signed in as `login`, holding a CSRF token.
    pub async fn client(&self, login: &str) -> Client {
        let mut c = self.app.signed_in(login).await;
        c.get("/").await;
        c
    }

    pub fn user(&self, id: UserId) -> parta::auth::model::User {
        self.app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.get(tx, &id)?.unwrap())).unwrap()
    }

    /// Stored files (blobs).
    pub fn blobs(&self) -> u64 {
        self.app.store().read_blocking(|tx| Ok::<_, AppError>(BLOBS.count(tx)?)).unwrap()
    }

    /// A digest of everything stored but sessions, sign-ins and the audit log (which a refused
    /// request may touch): equal before and after, nothing was written.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        use std::ops::Bound::Unbounded;
        let skip = [SESSIONS.name(), SIGNINS.name(), SIGNIN_STATS.name(), AUDIT.name()];
        self.app
            .store()
            .read_blocking(|tx| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                for t in parta::wiring::SCHEMA.tables.iter().filter(|t| !skip.contains(&t.name())) {
                    t.name().hash(&mut h);
                    tx.scan_raw(t.name(), Unbounded, Unbounded, false, &mut |k, v| {
                        (k, v).hash(&mut h);
                        Ok(true)
                    })?;
                }
                Ok::<_, AppError>(h.finish())
            })
            .unwrap()
    }

    /// The stored files: id and name.
    pub fn blob_names(&self) -> Vec<(BlobId, String)> {
        let all = self.app.store().read_blocking(|tx| Ok::<_, AppError>(BLOBS.all(tx)?)).unwrap();
        all.into_iter().map(|(id, m)| (id, m.name)).collect()
    }
}

/// A page that must open (200) and be inert.
#[track_caller]
pub fn inert(what: &str, r: &Response) {
    assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
    assert!(r.header("content-type").starts_with("text/html"), "{what}: {}", r.header("content-type"));
    assert_inert(what, &r.body);
}

/// GET `path`, as a full page and as the htmx fragment; both inert. Gives the full page.
pub async fn page(c: &mut Client, path: &str) -> Response {
    let r = c.get(path).await;
    inert(path, &r);
    let f = c.send(Method::GET, path, None, Vec::new(), &[("hx-request", "true")]).await;
    inert(&format!("{path} (htmx)"), &f);
    r
}

/// Any answer to a write that shows a page (a 422 with what was typed, a 409, a fragment) is
/// inert too; a redirect has no page.
#[track_caller]
pub fn answered(what: &str, r: &Response, expected: StatusCode) {
    if r.status != expected {
        let errors: Vec<&str> =
            r.body.split("class=\"error\"").skip(1).map(|e| &e[..e.len().min(200)]).collect();
        panic!("{what}: {} instead of {expected}; messages: {errors:?}\n{}", r.status, r.body);
    }
    if r.header("content-type").starts_with("text/html") {
        assert_inert(what, &r.body);
    }
}

/// A multipart upload of one file whose `filename` is written as given (quotes and all); the
/// CSRF token in the query. `declare`: send a Content-Length header.
pub async fn upload_raw(
    c: &mut Client,
    path: &str,
    field: &str,
    filename: &[u8],
    data: &[u8],
    declare: bool,
) -> Response {
    let boundary = "----parta-hostile-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"").as_bytes(),
    );
    body.extend_from_slice(filename);
    body.extend_from_slice(b"\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let token = c.csrf.clone().unwrap_or_default();
    let sep = if path.contains('?') { '&' } else { '?' };
    let url = format!("{path}{sep}_csrf={token}");
    let len = body.len().to_string();
    let extra: Vec<(&str, &str)> = if declare { vec![("content-length", len.as_str())] } else { vec![] };
    let ct = format!("multipart/form-data; boundary={boundary}");
    c.send(Method::POST, &url, Some(&ct), body, &extra).await
}

/// The lessons (slugs `YYYY-MM-DD.N`) of a journal's grid page, in order.
pub fn lesson_slugs(grid: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in grid.split("data-l=\"").skip(1) {
        let slug = &part[..part.find('"').unwrap()];
        if !out.iter().any(|s| s == slug) {
            out.push(slug.to_string());
        }
    }
    out
}
