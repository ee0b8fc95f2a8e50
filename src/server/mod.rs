//! Running the server: the data file, listeners (plain HTTP, HTTPS, the HTTP→HTTPS redirect),
//! the control socket, periodic housekeeping and graceful shutdown.

pub mod tls;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::auth::session;
use crate::config::Config;
use crate::ops::{control, create_private_dir};
use crate::school;
use crate::state::AppState;
use crate::store::{Store, StoreError};
use crate::wiring::SCHEMA;

/// Opens the data directory (creating it, owner-only), the store and the state; seeds the demo
/// school when asked and the file is new.
pub fn prepare(config: Config, demo: bool) -> anyhow::Result<AppState> {
    create_private_dir(&config.data_dir)?;
    let path = config.db_path();
    let fresh = !path.exists();
    let store = Store::open(&path, &SCHEMA).map_err(|e| match e {
        StoreError::InUse => anyhow::anyhow!(
            "{} is in use by another Parta server; stop it first or choose another --data directory",
            path.display()
        ),
        other => anyhow::anyhow!("cannot open {}: {other}", path.display()),
    })?;
    if fresh {
        let tz = config.time_zone.name().to_string();
        store.write_blocking(redb::Durability::Immediate, |tx| {
            let mut card = school::card(tx)?;
            card.time_zone = tz;
            school::save_card(tx, &card)
        })?;
    }
    let clock = config.clock();
    if !clock.is_system() {
        tracing::warn!(now = %clock.now(), "the server's clock is moved by --today");
    }
    if demo {
        if crate::demo::seed_if_empty(&store, &clock)? {
            println!(
                "Демо-школа создана: вход под admin, director, teacher, chief, psychologist, socped, student, parent с паролем «demo»."
            );
        } else {
            println!("Каталог данных не пуст: демо-школа не создаётся, данные оставлены как есть.");
        }
    }
    Ok(AppState::new(store, config, clock)?)
}

/// Serves until Ctrl-C or SIGTERM. Prints the address it listens on (and the setup link on a
/// first start) to standard output.
pub async fn run(state: AppState) -> anyhow::Result<()> {
    let config = state.config.clone();
    let shutdown = shutdown_signal()?;
    let certs = tls::load(&config)?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let scheme = if certs.is_some() { "https" } else { "http" };
    println!("Parta слушает {scheme}://{addr}/ (listening on {scheme}://{addr}/)");

    // With port 0 the printed link needs the port the system chose.
    let base = match config.public_url.strip_suffix(":0") {
        Some(host) => format!("{host}:{}", addr.port()),
        None => config.public_url.clone(),
    };
    if let Some(path) = crate::signin::service::issue_setup_if_needed(&state).await? {
        let url = format!("{base}{path}");
        println!();
        println!("Администратора ещё нет. Откройте эту ссылку (действует 30 минут), чтобы создать его:");
        println!("No administrator yet. Open this link (valid for 30 minutes) to create one:");
        println!("    {url}");
        println!();
    }

    let _control = control::listen(&config.data_dir, state.store.clone())
        .await
        .context("cannot open the control socket")?;
    let _housekeeping = tokio::spawn(housekeeping(state.clone()));

    let app = crate::app(state.clone());
    match certs {
        None => {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(shutdown)
                .await?;
        }
        Some(certs) => {
            if let Some(redirect) = config.redirect_listen {
                let redirect_listener = TcpListener::bind(redirect)
                    .await
                    .with_context(|| format!("cannot listen on {redirect}"))?;
                println!("HTTP → HTTPS: http://{}/", redirect_listener.local_addr()?);
                tokio::spawn(serve_redirect(redirect_listener, addr.port()));
            }
            let tls_config = Arc::new(tls::server_config(certs)?);
            serve_tls(listener, tls_config, app, shutdown).await?;
        }
    }
    let _ = std::fs::remove_file(control::socket_path(&config.data_dir));
    Ok(())
}

/// Ctrl-C or SIGTERM. The handlers are installed when this is called, not when first polled,
/// so a signal that arrives while the server is still starting is not lost.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut int = signal(SignalKind::interrupt())?;
    let mut term = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! { _ = int.recv() => {}, _ = term.recv() => {} }
        tracing::info!("shutting down");
    })
}

/// Serves HTTPS connections with hyper, HTTP/1.1 and HTTP/2.
async fn serve_tls(
    listener: TcpListener,
    tls_config: Arc<rustls::ServerConfig>,
    app: Router,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    let acceptor = tokio_rustls::TlsAcceptor::from(tls_config);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => { tracing::warn!(error = %e, "accept failed"); continue; }
            },
            _ = &mut shutdown => break,
        };
        let acceptor = acceptor.clone();
        let app = app.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let Ok(Ok(stream)) = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await
            else {
                return;
            };
            let svc = app.map_request(move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            });
            let builder = auto::Builder::new(TokioExecutor::new());
            let conn =
                builder.serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(svc));
            let _ = watcher.watch(conn.into_owned()).await;
        });
    }
    tokio::select! {
        _ = graceful.shutdown() => {},
        _ = tokio::time::sleep(Duration::from_secs(10)) => tracing::warn!("connections still open at shutdown"),
    }
    Ok(())
}

/// Answers every plain-HTTP request with a permanent redirect to the same path over HTTPS.
async fn serve_redirect(listener: TcpListener, https_port: u16) {
    let app = Router::new().fallback(move |uri: Uri, headers: axum::http::HeaderMap| async move {
        redirect_target(&uri, headers.get(header::HOST).and_then(|h| h.to_str().ok()), https_port)
    });
    let _ = axum::serve(listener, app).await;
}

fn redirect_target(uri: &Uri, host: Option<&str>, https_port: u16) -> Response {
    let Some(host) = host.map(|h| {
        h.rsplit_once(':').map_or(h, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) && !h.ends_with(']') { name } else { h }
        })
    }) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let port = if https_port == 443 { String::new() } else { format!(":{https_port}") };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let target = format!("https://{host}{port}{path}");
    match HeaderValue::from_str(&target) {
        Ok(v) => (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, v)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// Hourly: removes expired sessions.
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let life = state.lifetimes();
        let now = state.clock.unix();
        match state.store.write(move |tx| session::purge_expired(tx, now, life)).await {
            Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "session cleanup failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(r: &Response) -> &str {
        r.headers().get(header::LOCATION).unwrap().to_str().unwrap()
    }

    #[test]
    fn redirects_keep_host_and_path_and_switch_port() {
        let uri: Uri = "/admin/users?q=a".parse().unwrap();
        assert_eq!(
            location(&redirect_target(&uri, Some("school.local:8080"), 8443)),
            "https://school.local:8443/admin/users?q=a"
        );
        assert_eq!(
            location(&redirect_target(&uri, Some("school.local"), 443)),
            "https://school.local/admin/users?q=a"
        );
        assert_eq!(redirect_target(&uri, None, 443).status(), StatusCode::BAD_REQUEST);
    }
}
