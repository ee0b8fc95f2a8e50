//! The real `parta serve` as a child process: started on a data directory, killed with SIGKILL
//! or stopped with SIGTERM, its log kept for the failure message; and `parta check`.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use parta::store::DB_FILE;

use super::http;

pub struct Server {
    child: Child,
    pub addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

fn parta() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parta"));
    for var in ["PARTA_DATA", "PARTA_LISTEN", "PARTA_DEMO", "PARTA_TLS", "PARTA_LOG", "PARTA_PUBLIC_URL"] {
        cmd.env_remove(var);
    }
    cmd.env("PARTA_TODAY", crate::common::NOW);
    cmd
}

impl Server {
    /// `parta serve --demo` on `data` (the demo fills only an empty directory), on a free
    /// port; returns once /healthz answers. `fsize`: a file-size limit (RLIMIT_FSIZE) on the
    /// process, with SIGXFSZ ignored so that writes past it fail with EFBIG.
    pub fn start(data: &Path, fsize: Option<u64>) -> Server {
        let mut cmd = parta();
        cmd.args(["serve", "--demo", "--listen", "127.0.0.1:0", "--log", "warn", "--data"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(limit) = fsize {
            // SAFETY: only async-signal-safe calls between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    // The soft limit only: the test lifts it from outside as space comes back.
                    let lim = libc::rlimit { rlim_cur: limit, rlim_max: libc::RLIM_INFINITY };
                    if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                    Ok(())
                });
            }
        }
        let mut child = cmd.spawn().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let err = BufReader::new(child.stderr.take().unwrap());
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in err.lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                let status = child.wait();
                panic!("the server stopped before listening ({status:?}): {:?}", log.lock().unwrap());
            };
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest
                    .trim_end_matches(')')
                    .trim_end_matches('/')
                    .trim_start_matches("http://")
                    .to_string();
            }
        };
        // The log goes to stdout; keep it (and keep the pipe from filling up).
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let server = Server { child, addr, log };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let head = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.addr);
            match http::request(&server.addr, &head, b"") {
                Ok(r) if r.status == 200 && r.body == "ok" => return server,
                other => {
                    let why = other.map(|r| r.status.to_string()).unwrap_or_else(|e| e.to_string());
                    assert!(Instant::now() < deadline, "/healthz never answered: {why}; {}", server.log());
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        }
    }

    /// Lifts the file-size limit of the running server: space is back.
    pub fn lift_fsize_limit(&self) {
        let unlimited = libc::rlimit { rlim_cur: libc::RLIM_INFINITY, rlim_max: libc::RLIM_INFINITY };
        // SAFETY: prlimit(2) on our own child, with valid pointers.
        let done = unsafe {
            libc::prlimit(
                self.child.id() as libc::pid_t,
                libc::RLIMIT_FSIZE,
                &unlimited,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(done, 0, "prlimit: {}", std::io::Error::last_os_error());
    }

    /// What the server logged (its log on stdout, panics on stderr).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// A panic in the log is a finding whatever the answers were.
    pub fn assert_no_panic(&self) {
        let log = self.log();
        assert!(!log.contains("panicked"), "the server panicked:\n{log}");
    }

    /// SIGKILL: the process ends at once, in the middle of whatever it was doing.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, the way systemd stops it; returns whether it exited cleanly.
    pub fn terminate(&mut self) -> bool {
        // SAFETY: a plain kill(2) of our own child.
        let sent = unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(sent, 0, "SIGTERM could not be sent");
        self.child.wait().unwrap().success()
    }

    /// Whether the process still runs.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `parta check --data <dir>`: through the running server's socket, or on the file.
pub fn check(data: &Path) -> Result<String, String> {
    let out = parta().arg("check").arg("--data").arg(data).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() && text.contains("data file OK") { Ok(text) } else { Err(text) }
}

/// The data file of `parta serve --demo` over an empty directory, stopped cleanly: seeded once
/// per test process (seconds in a debug build) and copied for each test.
fn demo_file() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let mut server = Server::start(&data, None);
        assert!(server.terminate(), "the seeding server did not stop cleanly: {}", server.log());
        std::fs::read(data.join(DB_FILE)).unwrap()
    })
}

/// A fresh data directory holding the seeded demo school; returns it and its data file.
pub fn demo_dir(root: &Path) -> (PathBuf, PathBuf) {
    let data = root.join("data");
    parta::ops::create_private_dir(&data).unwrap();
    let file = data.join(DB_FILE);
    std::fs::write(&file, demo_file()).unwrap();
    (data, file)
}
