//! Foundation benchmarks over the demo school: `cargo bench --bench foundation`.
//!
//! - page throughput through the real router (in process, no sockets): the sign-in page, and
//!   an authenticated page (the home page and the account list);
//! - durable write latency: one small redb transaction committed with `Durability::Immediate`.
//!
//! Results go to stdout as a Markdown table; `docs/benchmarks.md` keeps the figures measured.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use parta::audit::{AuditEntry, Outcome};
use parta::config::Config;
use tower::ServiceExt;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

/// Signs in through the real form; returns the cookie header.
async fn sign_in(app: &axum::Router, login: &str) -> String {
    let page = app.clone().oneshot(Request::get("/login").body(Body::empty()).unwrap()).await.unwrap();
    let pre = page
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = pre.split_once('=').unwrap().1.to_string();
    let body = format!("login={login}&password=demo&next=%2F&_csrf={token}");
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
    let session =
        r.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    format!("{pre}; {session}")
}

/// Requests `path` from `clients` concurrent tasks for `secs`; returns (pages/s, p50, p99).
async fn throughput(
    app: &axum::Router,
    path: &'static str,
    cookie: Option<String>,
    clients: usize,
    secs: u64,
) -> (f64, Duration, Duration) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let cookie = Arc::new(cookie);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let app = app.clone();
        let cookie = cookie.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            while Instant::now() < deadline {
                let mut req = Request::get(path);
                if let Some(c) = cookie.as_ref() {
                    req = req.header(header::COOKIE, c);
                }
                let t = Instant::now();
                let r = app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
                assert!(r.status().is_success(), "{path}: {}", r.status());
                let _ = r.into_body().collect().await.unwrap();
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let started = Instant::now();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    (all.len() as f64 / elapsed, percentile(&all, 0.5), percentile(&all, 0.99))
}

fn main() {
    let secs: u64 = std::env::var("BENCH_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let started = Instant::now();
    let state = parta::server::prepare(on_demo_day(Config::defaults(dir.path().join("data"))), true).unwrap();
    let demo_time = started.elapsed();
    let app = parta::app(state.clone());

    println!(
        "Parta foundation benchmark ({} s per row, {} cores)\n",
        secs,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    println!("demo school built in {} ms\n", ms(demo_time));
    println!("| what | clients | pages/s | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|");
    runtime.block_on(async {
        let teacher = sign_in(&app, "teacher").await;
        let admin = sign_in(&app, "admin").await;
        for (name, path, cookie) in [
            ("GET /login (signed out)", "/login", None),
            ("GET / (teacher)", "/", Some(teacher.clone())),
            ("GET /admin/users (admin, first page of all accounts)", "/admin/users", Some(admin.clone())),
        ] {
            for clients in [1, 32] {
                let (rps, p50, p99) = throughput(&app, path, cookie.clone(), clients, secs).await;
                println!("| {name} | {clients} | {rps:.0} | {} | {} |", ms(p50), ms(p99));
            }
        }
    });

    // Durable writes: one audit entry per transaction, fsync on commit.
    let store = state.store.clone();
    let n: usize = std::env::var("BENCH_WRITES").ok().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let mut lat = Vec::with_capacity(n);
    for i in 0..n {
        let entry = AuditEntry {
            at: i as i64,
            actor: None,
            action: "bench.write".into(),
            object: format!("bench:{i}"),
            outcome: Outcome::Allowed,
            detail: String::new(),
        };
        let t = Instant::now();
        store.write_blocking(redb::Durability::Immediate, |tx| parta::audit::record(tx, &entry)).unwrap();
        lat.push(t.elapsed());
    }
    lat.sort();
    println!("\n| durable write (1 small transaction, fsync) | n | p50 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|");
    println!(
        "| audit entry | {n} | {} | {} | {} |",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
        ms(*lat.last().unwrap())
    );
}

/// The config on the demo's day as the tests see it: 25 November 2026, 10:30 in Moscow.
fn on_demo_day(mut config: Config) -> Config {
    config.today = parta::config::Today::parse("2026-11-25T10:30");
    config
}
