//! Test fixtures: a Parta app over a fresh data directory, and a browser-like client that keeps
//! cookies, reads the CSRF token from the pages it gets and submits real forms.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{NaiveDate, NaiveDateTime};
use http_body_util::BodyExt;
use parta::config::{Config, Today};
use parta::state::AppState;
use parta::store::Store;
use tower::ServiceExt;

/// The moment every test runs at, whatever the machine's date: a Wednesday of a normal week
/// in the second quarter, 10:30 in Moscow, with the first quarter closed behind it. The demo
/// school is built up to this day. `parta serve --today` and `PARTA_TODAY` take the same text.
pub const NOW: &str = "2026-11-25T10:30";

/// The day of [`NOW`].
pub fn today() -> NaiveDate {
    now().date()
}

/// [`NOW`] as a wall-clock time of the school (Moscow).
pub fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M").expect("NOW is a moment")
}

/// [`NOW`] in unix seconds: the stamp of what tests write straight into the store.
pub fn unix() -> i64 {
    use chrono::TimeZone;
    chrono_tz::Europe::Moscow.from_local_datetime(&now()).unwrap().timestamp()
}

/// A test's config: defaults over `dir`, on the clock of [`NOW`].
pub fn config(dir: &std::path::Path) -> Config {
    let mut config = Config::defaults(dir.to_path_buf());
    config.today = Some(Today::At(now()));
    config
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    /// An empty school: no accounts at all.
    pub fn empty() -> TestApp {
        TestApp::build(false, |_| {})
    }

    /// The demo school (accounts admin, director, teacher, … with password `demo`).
    pub fn demo() -> TestApp {
        TestApp::build(true, |_| {})
    }

    pub fn demo_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::build(true, tweak)
    }

    /// The demo school (built up to [`NOW`]) with the server's clock at `at`, a moment of the
    /// school's wall clock after [`NOW`]: a holiday, a Sunday, the year's last day.
    pub fn demo_at(at: NaiveDateTime) -> TestApp {
        TestApp::build(true, |c| c.today = Some(Today::At(at)))
    }

    /// An empty school with the server's clock at `at`.
    pub fn empty_at(at: NaiveDateTime) -> TestApp {
        TestApp::build(false, |c| c.today = Some(Today::At(at)))
    }

    fn build(demo: bool, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let mut config = config(&dir.path().join("data"));
        tweak(&mut config);
        // A copy of the demo school built once for this test process: `prepare` then finds
        // accounts and does not seed again. `PARTA_TEST_SEED_EACH=1` seeds every app anew.
        if demo && std::env::var_os("PARTA_TEST_SEED_EACH").is_none() {
            parta::ops::create_private_dir(&config.data_dir).unwrap();
            std::fs::write(config.db_path(), demo_template()).unwrap();
        }
        let state = parta::server::prepare(config, demo).unwrap();
        let router = parta::app(state.clone());
        TestApp { state, router, dir }
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    pub fn client(&self) -> Client {
        Client { router: self.router.clone(), cookies: BTreeMap::new(), csrf: None, headers: Vec::new() }
    }

    /// A client signed in as `login` with the demo password.
    pub async fn signed_in(&self, login: &str) -> Client {
        let mut c = self.client();
        let r = c.login(login, "demo").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "sign-in of {login} failed: {}", r.body);
        c
    }
}

/// The data file of a freshly seeded demo school, built once per test process (seeding half a
/// year of journal takes seconds in a debug build; copying the file takes milliseconds). It is
/// built exactly as `parta serve --demo` builds it — `prepare` over an empty directory — then
/// closed cleanly and compacted, and kept in memory so no directory outlives the process.
fn demo_template() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let config = config(&dir.path().join("data"));
        let path = config.db_path();
        drop(parta::server::prepare(config, true).unwrap());
        let mut db = redb::Database::open(&path).unwrap();
        db.compact().unwrap();
        drop(db);
        std::fs::read(&path).unwrap()
    })
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (a file download is not text).
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    #[track_caller]
    pub fn assert_contains(&self, needle: &str) {
        assert!(
            self.body.contains(needle),
            "expected «{needle}» in the page (status {}):\n{}",
            self.status,
            self.body
        );
    }

    #[track_caller]
    pub fn assert_lacks(&self, needle: &str) {
        assert!(!self.body.contains(needle), "did not expect «{needle}» in the page:\n{}", self.body);
    }
}

/// Values of `name="…" value="…"` hidden inputs.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

#[derive(Clone)]
pub struct Client {
    router: Router,
    pub cookies: BTreeMap<String, String>,
    pub csrf: Option<String>,
    /// Extra headers sent with every request (e.g. HX-Request).
    pub headers: Vec<(String, String)>,
}

impl Client {
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
        extra: &[(&str, &str)],
    ) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            req = req.header(header::COOKIE, cookie);
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        for (k, v) in &self.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let response = self.router.clone().oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let (pair, attrs) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).to_string();
        if let Some(token) = input_value(&body, "_csrf") {
            self.csrf = Some(token);
        }
        Response { status, headers, body, bytes: bytes.to_vec() }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.send(Method::GET, path, None, Vec::new(), &[]).await
    }

    /// Posts a form with the CSRF token of the last page seen.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let token = self.csrf.clone().unwrap_or_default();
        all.push(("_csrf", &token));
        self.post_raw(path, &all).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(Method::POST, path, Some("application/x-www-form-urlencoded"), body.into_bytes(), &[]).await
    }

    /// Signs in through the real form: GET /login for the token, then POST.
    pub async fn login(&mut self, login: &str, password: &str) -> Response {
        self.get("/login").await;
        self.post("/login", &[("login", login), ("password", password), ("next", "/")]).await
    }

    /// A multipart upload of one file field, with the CSRF token in the query.
    pub async fn upload(&mut self, path: &str, field: &str, file_name: &str, data: &[u8]) -> Response {
        let boundary = "----parta-test-boundary";
        let mut body = Vec::new();
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let token = self.csrf.clone().unwrap_or_default();
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = format!("{path}{sep}_csrf={token}");
        self.send(Method::POST, &url, Some(&format!("multipart/form-data; boundary={boundary}")), body, &[])
            .await
    }
}
