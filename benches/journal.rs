//! Journal and diary benchmarks over the demo school: `cargo bench --bench journal`.
//!
//! Everything goes through the real router with the full middleware stack, in process (no
//! sockets), signed in through the real form:
//!
//! - (a) the journal grid of the demo teacher's mathematics in 5А for the current period
//!   (~25 students × the period's lessons): median and p99 server time of one page;
//! - (b) one mark written end to end — the cell POST with its CSRF token, `permit`, the write
//!   transaction and its durable commit (`Durability::Immediate`), the cell fragment rendered —
//!   by 20 teachers at once, each in their own journal, each writing other cells: p50/p99;
//! - (c) the diary week page of the demo student: pages/s with 1 and 32 clients.
//!
//! `BENCH_PAGES` (grid requests, default 200), `BENCH_WRITES` (writes per writer, default 50),
//! `BENCH_SECS` (seconds per diary row, default 5). Results go to stdout as Markdown;
//! `docs/benchmarks.md` keeps the figures measured.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Datelike, Days, NaiveDate};
use http_body_util::BodyExt;
use parta::auth::model::{USER_LOGINS, USERS};
use parta::auth::{accounts, password};
use parta::config::Config;
use parta::error::AppError;
use parta::journal::model::{ATTENDANCE, LESSONS, MARKS};
use parta::store::Order;
use parta::store::ids::{PeriodId, TeachingId, UserId};
use parta::structure::service::teaching_of;
use parta::timetable::calendar::{ClassCalendar, students_taught};
use tower::ServiceExt;

/// The allocator of the shipped binary (`src/main.rs`), so the figures are the server's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// A signed-in client: the cookie header and the session's CSRF token.
#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String) {
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Signs in through the real form.
async fn sign_in(app: &Router, login: &str, pass: &str) -> Session {
    let page = app.clone().oneshot(Request::get("/login").body(Body::empty()).unwrap()).await.unwrap();
    let set = page.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap();
    let pre = set.split(';').next().unwrap().to_string();
    let token = pre.split_once('=').unwrap().1.to_string();
    let body = format!("login={login}&password={pass}&next=%2F&_csrf={token}");
    let r = app
        .clone()
        .oneshot(
            Request::post("/login")
                .header(header::COOKIE, &pre)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in of {login}");
    let session =
        r.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let cookie = format!("{pre}; {session}");
    // The session's token, from the page's htmx headers.
    let (_, home) =
        send(app, Request::get("/").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
    let marker = "X-CSRF-Token&quot;:&quot;";
    let start = home.find(marker).map(|i| i + marker.len()).expect("the CSRF token on the page");
    let csrf = home[start..].split("&quot;").next().unwrap().to_string();
    Session { cookie, csrf }
}

fn get(path: &str, s: &Session) -> Request<Body> {
    Request::get(path).header(header::COOKIE, &s.cookie).body(Body::empty()).unwrap()
}

/// One writer: a teacher, their teaching assignment and the cells they write
/// (lesson slug, student, the value seen).
struct Writer {
    login: String,
    teaching: TeachingId,
    cells: Vec<(String, UserId, String)>,
}

/// Chooses 20 teaching assignments of 20 different teachers (the demo teacher first) with
/// lessons before today in an open period, gives their teachers the password `bench`, and
/// lists the cells each may write.
fn writers(state: &parta::state::AppState, today: NaiveDate, count: usize) -> Vec<Writer> {
    let hash = password::hash("bench");
    state
        .store
        .write_blocking(redb::Durability::Immediate, |tx| {
            let year = parta::structure::service::current_year_id(tx)?.ok_or(AppError::NotFound)?;
            let demo = USER_LOGINS.get(tx, &"teacher".to_string())?.ok_or(AppError::NotFound)?;
            let mut all = teaching_of(tx, year)?;
            all.sort_by_key(|(id, t)| (t.teacher != demo, *id));
            let mut out: Vec<Writer> = Vec::new();
            for (id, t) in all {
                if out.len() == count {
                    break;
                }
                let login = USERS.get(tx, &t.teacher)?.ok_or(AppError::NotFound)?.login;
                if out.iter().any(|w| w.login == login) {
                    continue;
                }
                let cal = ClassCalendar::load(tx, t.class, today, today)?.ok_or(AppError::NotFound)?;
                if cal.class.grade < 2 {
                    continue;
                }
                let Some((_, period)) = cal.period_of(today).filter(|(_, p)| !p.closed) else { continue };
                let mut lessons = Vec::new();
                LESSONS.scan_between(tx, &(id, period.start), &(id, today), Order::Asc, |(_, d, n), _| {
                    lessons.push((d, n));
                    true
                })?;
                let students = students_taught(tx, &t, today)?;
                if lessons.is_empty() || students.is_empty() {
                    continue;
                }
                // Cells of students who were there (a typed mark would clear an absence).
                let mut cells = Vec::new();
                for (d, n) in lessons.iter().rev() {
                    for s in &students {
                        if ATTENDANCE.contains(tx, &(id, *d, *n, *s))? {
                            continue;
                        }
                        let seen = MARKS.get(tx, &(id, *d, *n, *s, 0))?.map(|m| m.value.label().to_string());
                        cells.push((format!("{d}.{n}"), *s, seen.unwrap_or_default()));
                    }
                }
                if login != "teacher" {
                    accounts::set_password(tx, t.teacher, hash.clone(), false, state.clock.unix())?;
                }
                out.push(Writer { login, teaching: id, cells });
            }
            Ok::<_, AppError>(out)
        })
        .unwrap()
}

fn main() {
    let pages = env("BENCH_PAGES", 200) as usize;
    let writes = env("BENCH_WRITES", 50) as usize;
    let secs = env("BENCH_SECS", 5);
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let started = Instant::now();
    let state = parta::server::prepare(on_demo_day(Config::defaults(dir.path().join("data"))), true).unwrap();
    let seeded = started.elapsed();
    let app = parta::app(state.clone());
    let today = state.today();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("Parta journal benchmark ({cores} cores); demo school seeded in {} ms\n", ms(seeded));

    let writers = writers(&state, today, 20);
    let (teaching, period, size) = state
        .store
        .read_blocking(|tx| {
            let t = writers[0].teaching;
            let teaching = parta::structure::model::TEACHING.get(tx, &t)?.ok_or(AppError::NotFound)?;
            let cal = ClassCalendar::load(tx, teaching.class, today, today)?.ok_or(AppError::NotFound)?;
            let (pid, p) = cal.period_of(today).ok_or(AppError::NotFound)?;
            let lessons = cal.lessons_of(t, p.start, p.end).len();
            let students = students_taught(tx, &teaching, today)?.len();
            Ok::<_, AppError>((t, pid, (cal.class.name(), students, lessons)))
        })
        .unwrap();
    runtime.block_on(async {
        grid(&app, teaching, period, size, pages).await;
        cells(&app, &writers, writes).await;
        diary(&app, today, secs).await;
    });
}

/// (a) The journal grid.
async fn grid(app: &Router, teaching: TeachingId, period: PeriodId, size: (String, usize, usize), n: usize) {
    let teacher = sign_in(app, "teacher", "demo").await;
    let path = format!("/journal/{teaching}?period={period}");
    let (status, body) = send(app, get(&path, &teacher)).await;
    if status != StatusCode::OK {
        println!("GET {path}: {status} — the grid is not there yet\n");
        return;
    }
    let mut lat = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let (status, _) = send(app, get(&path, &teacher)).await;
        lat.push(t.elapsed());
        assert_eq!(status, StatusCode::OK);
    }
    lat.sort();
    let (class, students, lessons) = size;
    println!(
        "| journal grid (maths {class}: {students} students × {lessons} lessons of the period) | n | page KiB | median ms | p99 ms |"
    );
    println!("|---|---|---|---|---|");
    println!(
        "| GET /journal/{{teaching}}?period={{period}} | {n} | {} | {} | {} |\n",
        body.len() / 1024,
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99))
    );
}

/// (b) Marks written by 20 teachers at once.
async fn cells(app: &Router, writers: &[Writer], per_writer: usize) {
    let mut sessions = Vec::new();
    for w in writers {
        sessions.push(sign_in(app, &w.login, if w.login == "teacher" { "demo" } else { "bench" }).await);
    }
    // Every writer starts at once.
    let go = Arc::new(tokio::sync::Barrier::new(writers.len()));
    let mut tasks = Vec::new();
    for (w, session) in writers.iter().zip(sessions) {
        let (app, go) = (app.clone(), go.clone());
        let path = format!("/journal/{}/cell", w.teaching);
        let mut cells = w.cells.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_writer);
            let mut statuses = Vec::new();
            go.wait().await;
            for i in 0..per_writer {
                let j = i % cells.len();
                let (lesson, student, seen) = cells[j].clone();
                let value = ["5", "4", "3"][i % 3];
                let body = serde_urlencoded::to_string([
                    ("lesson", lesson.as_str()),
                    ("student", &student.to_string()),
                    ("a", "0"),
                    ("value", value),
                    ("was", seen.as_str()),
                ])
                .unwrap();
                let req = Request::post(&path)
                    .header(header::COOKIE, &session.cookie)
                    .header("X-CSRF-Token", &session.csrf)
                    .header("HX-Request", "true")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(body))
                    .unwrap();
                let t = Instant::now();
                let (status, _) = send(&app, req).await;
                lat.push(t.elapsed());
                if status == StatusCode::OK {
                    cells[j].2 = value.to_string();
                }
                statuses.push(status);
            }
            (lat, statuses)
        }));
    }
    let started = Instant::now();
    let mut lat = Vec::new();
    let mut statuses = std::collections::BTreeMap::new();
    for t in tasks {
        let (l, s) = t.await.unwrap();
        lat.extend(l);
        for s in s {
            *statuses.entry(s.as_u16()).or_insert(0) += 1;
        }
    }
    let elapsed = started.elapsed();
    lat.sort();
    println!(
        "| mark write, end to end (durable commit) | writers | writes | writes/s | p50 ms | p99 ms | statuses |"
    );
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| POST /journal/{{teaching}}/cell | {} | {} | {:.0} | {} | {} | {statuses:?} |\n",
        writers.len(),
        lat.len(),
        lat.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
    );
}

/// (c) The diary week page.
async fn diary(app: &Router, today: NaiveDate, secs: u64) {
    let student = sign_in(app, "student", "demo").await;
    let r = app.clone().oneshot(get("/diary", &student)).await.unwrap();
    let location = r.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let path = format!("{location}?week={monday}");
    let (status, body) = send(app, get(&path, &student)).await;
    if status != StatusCode::OK || location.is_empty() {
        println!("GET {path}: {status} — the diary is not there yet");
        return;
    }
    println!(
        "| diary week page (student, {} KiB) | clients | pages/s | p50 ms | p99 ms |",
        body.len() / 1024
    );
    println!("|---|---|---|---|---|");
    let session = Arc::new(student);
    for clients in [1, 32] {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (app, path, session) = (app.clone(), path.clone(), session.clone());
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let (status, _) = send(&app, get(&path, &session)).await;
                    assert_eq!(status, StatusCode::OK);
                    lat.push(t.elapsed());
                }
                lat
            }));
        }
        let started = Instant::now();
        let mut lat = Vec::new();
        for t in tasks {
            lat.extend(t.await.unwrap());
        }
        let rate = lat.len() as f64 / started.elapsed().as_secs_f64();
        lat.sort();
        println!(
            "| GET /diary/{{student}}?week={{monday}} | {clients} | {rate:.0} | {} | {} |",
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99))
        );
    }
}

/// The config on the demo's day as the tests see it: 25 November 2026, 10:30 in Moscow.
fn on_demo_day(mut config: Config) -> Config {
    config.today = parta::config::Today::parse("2026-11-25T10:30");
    config
}
