//! The control socket: `DATA/parta.sock`, a Unix socket only the data directory's owner can
//! reach. CLI commands that must not fight the running server for the data file (backup,
//! check, administrator bootstrap and recovery) ask the server through it.
//!
//! Protocol: one request line `COMMAND<TAB>ARGUMENT`, one reply line `ok<TAB>TEXT` or
//! `err<TAB>TEXT` (newlines in TEXT escaped as `\n`).

use std::path::{Path, PathBuf};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

use crate::ops;
use crate::store::Store;

/// The socket's file name inside the data directory.
pub const SOCKET: &str = "parta.sock";

pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SOCKET)
}

/// Binds the socket (replacing a stale one left by a crash) and serves it until the task is
/// dropped.
pub async fn listen(data_dir: &Path, store: Store) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let path = socket_path(data_dir);
    if path.exists() {
        if UnixStream::connect(&path).await.is_ok() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AddrInUse,
                "another Parta server answers on this data directory",
            ));
        }
        std::fs::remove_file(&path)?;
    }
    let listener = UnixListener::bind(&path)?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let store = store.clone();
            tokio::spawn(async move {
                if let Err(e) = handle(stream, store).await {
                    tracing::warn!(error = %e, "control socket request failed");
                }
            });
        }
    }))
}

async fn handle(stream: UnixStream, store: Store) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut line = String::new();
    BufReader::new(read).take_line(&mut line).await?;
    let (command, arg) = line.trim_end_matches('\n').split_once('\t').unwrap_or((line.trim_end(), ""));
    let (command, arg) = (command.to_string(), arg.to_string());
    let result = tokio::task::spawn_blocking(move || ops::run_command(&store, &command, &arg))
        .await
        .unwrap_or_else(|e| Err(anyhow::anyhow!("command failed: {e}")));
    let reply = match result {
        Ok(text) => format!("ok\t{}\n", text.replace('\n', "\\n")),
        Err(e) => format!("err\t{}\n", format!("{e:#}").replace('\n', "\\n")),
    };
    write.write_all(reply.as_bytes()).await?;
    write.shutdown().await
}

trait TakeLine {
    async fn take_line(&mut self, out: &mut String) -> std::io::Result<()>;
}

impl<R: tokio::io::AsyncBufRead + Unpin> TakeLine for R {
    /// Reads one line of at most 4 KiB.
    async fn take_line(&mut self, out: &mut String) -> std::io::Result<()> {
        use tokio::io::AsyncReadExt;
        let mut limited = (&mut *self).take(4096);
        limited.read_line(out).await.map(|_| ())
    }
}

/// Asks a running server. `Ok(None)` when no server listens on this data directory.
pub fn request(data_dir: &Path, command: &str, arg: &str) -> anyhow::Result<Option<String>> {
    use std::io::{BufRead, Write};
    let path = socket_path(data_dir);
    let mut stream = match std::os::unix::net::UnixStream::connect(&path) {
        Ok(s) => s,
        Err(e)
            if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused) =>
        {
            return Ok(None);
        }
        Err(e) => {
            return Err(anyhow::anyhow!("cannot reach the server at {}: {e}", path.display()));
        }
    };
    stream.write_all(format!("{command}\t{arg}\n").as_bytes())?;
    let mut reply = String::new();
    std::io::BufReader::new(stream).read_line(&mut reply)?;
    let reply = reply.trim_end_matches('\n').replace("\\n", "\n");
    match reply.split_once('\t') {
        Some(("ok", text)) => Ok(Some(text.to_string())),
        Some(("err", text)) => Err(anyhow::anyhow!("{text}")),
        _ => Err(anyhow::anyhow!("the server gave no answer")),
    }
}
