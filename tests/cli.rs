//! The `parta` binary as the school's IT person runs it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn parta(args: &[&str], data: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parta"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("PARTA_LISTEN")
        .output()
        .unwrap()
}

fn text(out: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A server on a free port; killed when dropped.
struct Server {
    child: Child,
    addr: String,
    output: Vec<String>,
}

impl Server {
    fn start(data: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_parta"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(extra)
            .env("PARTA_LOG", "warn")
            .env("PARTA_TODAY", crate::common::NOW)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut output = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        let addr = loop {
            assert!(Instant::now() < deadline, "the server did not start: {output:?}");
            let line = lines.next().expect("server output").unwrap();
            output.push(line.clone());
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest.trim_end_matches(')').trim_end_matches('/').to_string();
            }
        };
        // Keep reading so a full pipe never blocks the server; collect the setup link.
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Server { child, addr, output }
    }
}

impl Server {
    /// Stops the server the way systemd does, and waits for it to exit.
    fn terminate(&mut self) {
        let status = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
        let code = self.child.wait().unwrap();
        assert!(code.success(), "clean exit after SIGTERM: {code:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http_get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let host = addr.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn admin_create_and_reset_print_one_time_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = parta(&["admin", "create", "--login", "Boss"], &data);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("one-time password"));
    let again = parta(&["admin", "create", "--login", "boss"], &data);
    assert!(!again.status.success());
    assert!(text(&again).contains("is taken"), "{}", text(&again));
    let reset = parta(&["admin", "reset-password", "--login", "boss"], &data);
    assert!(reset.status.success(), "{}", text(&reset));
    let nobody = parta(&["admin", "reset-password", "--login", "nobody"], &data);
    assert!(!nobody.status.success());
    assert!(text(&nobody).contains("no account"), "{}", text(&nobody));
    let bad = parta(&["admin", "create", "--login", "два слова"], &data);
    assert!(!bad.status.success());
}

#[test]
fn check_counts_records_and_refuses_a_foreign_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(parta(&["admin", "create", "--login", "it"], &data).status.success());
    let out = parta(&["check"], &data);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("data file OK") && t.contains("users-1") && t.contains("credentials-1"), "{t}");

    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("parta.redb"), b"garbage").unwrap();
    let out = parta(&["check"], &other);
    assert!(!out.status.success());
    let missing = parta(&["check"], &dir.path().join("nothing-here"));
    assert!(!missing.status.success());
    assert!(text(&missing).contains("no data file"), "{}", text(&missing));
}

#[test]
fn a_running_server_backs_up_through_its_socket_and_blocks_restore_and_a_second_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&data, &["--demo"]);
    assert!(http_get(&server.addr, "/healthz").ends_with("ok"));
    let login = http_get(&server.addr, "/login");
    assert!(login.contains("200 OK") && login.contains("demo"), "{login}");

    let copy = dir.path().join("copy.redb");
    let out = Command::new(env!("CARGO_BIN_EXE_parta"))
        .args(["backup", "--out"])
        .arg(&copy)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("backup written"));
    let check = parta(&["check"], &data);
    assert!(check.status.success(), "check works while serving: {}", text(&check));

    let restore = Command::new(env!("CARGO_BIN_EXE_parta"))
        .arg("restore")
        .arg(&copy)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(!restore.status.success());
    assert!(text(&restore).contains("server is running"), "{}", text(&restore));

    let second = Command::new(env!("CARGO_BIN_EXE_parta"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(!second.status.success());
    assert!(text(&second).contains("in use by another Parta server"), "{}", text(&second));

    // A crash leaves a stale socket; the next start and a restore both cope.
    drop(server);
    let restore = Command::new(env!("CARGO_BIN_EXE_parta"))
        .arg("restore")
        .arg(&copy)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(restore.status.success(), "{}", text(&restore));
    let again = Server::start(&data, &[]);
    assert!(http_get(&again.addr, "/healthz").ends_with("ok"));
}

#[test]
fn a_fresh_server_prints_a_setup_link_and_a_demo_server_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = Server::start(&dir.path().join("fresh"), &[]);
    let early: String = fresh.output.join("\n");
    drop(fresh);
    // The setup link comes after the listening line; start again and read further.
    let mut child = Command::new(env!("CARGO_BIN_EXE_parta"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir.path().join("fresh"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = String::new();
    let link = loop {
        let line = lines.next().expect("output").unwrap();
        seen.push_str(&line);
        if let Some(i) = line.find("/setup/") {
            break line[i..].trim().to_string();
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(early.contains("listening on"), "{early}");
    assert_eq!(link.len(), "/setup/".len() + 43, "{seen}");

    let demo = Server::start(&dir.path().join("demo"), &["--demo"]);
    assert!(demo.output.iter().any(|l| l.contains("Демо-школа создана")), "{:?}", demo.output);
}

#[test]
fn bad_settings_are_reported_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("parta.toml"), "lissen = \"0.0.0.0:80\"\n").unwrap();
    let out = parta(&["serve"], &data);
    assert!(!out.status.success());
    assert!(text(&out).contains("lissen"), "{}", text(&out));
    std::fs::write(data.join("parta.toml"), "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_parta"))
        .args(["serve", "--tls", "acme", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("use off, self-signed or files"), "{}", text(&out));
    assert!(!data.join("parta.redb").exists(), "nothing created on a bad start");
}

#[test]
fn https_with_a_self_signed_certificate_and_the_redirect() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Pick a free port for the redirect listener.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let redirect = format!("127.0.0.1:{port}");
    let server = Server::start(
        &data,
        &["--tls", "self-signed", "--hosts", "localhost,127.0.0.1", "--redirect-listen", &redirect],
    );
    assert!(server.addr.starts_with("https://"), "{}", server.addr);
    assert!(data.join("tls/self-signed.crt").exists());
    let deadline = Instant::now() + Duration::from_secs(10);
    let answer = loop {
        if let Ok(mut s) = std::net::TcpStream::connect(&redirect) {
            use std::io::{Read, Write};
            write!(s, "GET /login?x=1 HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            break out;
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(50));
    };
    let https_port = server.addr.rsplit(':').next().unwrap();
    assert!(answer.starts_with("HTTP/1.1 308"), "{answer}");
    assert!(
        answer.to_lowercase().contains(&format!("location: https://localhost:{https_port}/login?x=1")),
        "{answer}"
    );

    // A TLS handshake against the server with its own certificate as the trust root.
    let pem = std::fs::read(data.join("tls/self-signed.crt")).unwrap();
    use rustls::pki_types::pem::PemObject;
    let cert = rustls::pki_types::CertificateDer::from_pem_slice(&pem).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut conn = rustls::ClientConnection::new(std::sync::Arc::new(config), name).unwrap();
    let host = server.addr.trim_start_matches("https://");
    let mut tcp = std::net::TcpStream::connect(host).unwrap();
    let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
    use std::io::{Read, Write};
    write!(tls, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = tls.read_to_string(&mut out);
    assert!(out.starts_with("HTTP/1.1 200") && out.ends_with("ok"), "{out}");
}

#[test]
fn a_killed_server_restarts_on_its_repaired_file_with_the_data_intact() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&data, &["--demo"]);
    assert!(http_get(&server.addr, "/login").contains("200 OK"));
    drop(server); // SIGKILL: no clean shutdown
    let again = Server::start(&data, &[]);
    assert!(http_get(&again.addr, "/healthz").ends_with("ok"));
    let login = http_get(&again.addr, "/login");
    assert!(login.contains("МБОУ СОШ № 7"), "the demo school is still there");
    drop(again);
    // Killed again: the offline check says the file needs repair, and changes nothing.
    let check = parta(&["check"], &data);
    assert!(!check.status.success());
    assert!(text(&check).contains("needs repair"), "{}", text(&check));
    // A clean stop (SIGTERM) leaves a file the offline check reads.
    let mut clean = Server::start(&data, &[]);
    clean.terminate();
    let check = parta(&["check"], &data);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("users-1"));
}
