//! What the browser tests stand on: the real `parta serve --demo` on a free port, one shared
//! chromedriver for the whole test binary, and a headless Chromium session per test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// How long a page or a save may take before a test gives up (a debug build on a busy
/// machine): a bound on waiting, never an assertion about speed.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// `parta serve --demo` over its own copy of the demo school; killed when dropped.
pub struct Server {
    child: Child,
    /// «http://127.0.0.1:41234», without the trailing slash.
    pub base: String,
    dir: tempfile::TempDir,
}

impl Server {
    pub fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("parta.redb"), demo_template()).unwrap();
        let (child, base) = spawn_server(&data);
        Server { child, base, dir }
    }

    /// Kills the server outright (SIGKILL: nothing is flushed on the way out) and starts it
    /// again over the same data file, on a new port.
    pub fn restart(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let (child, base) = spawn_server(&self.dir.path().join("data"));
        self.child = child;
        self.base = base;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on a free port (the address it prints is the one access letters carry)
/// and waits until it listens.
fn spawn_server(data: &Path) -> (Child, String) {
    let listen = format!("127.0.0.1:{}", free_port());
    let mut child = Command::new(env!("CARGO_BIN_EXE_parta"))
        .args(["serve", "--demo", "--listen", &listen, "--log", "warn", "--data"])
        .arg(data)
        .env_remove("PARTA_LISTEN")
        .env("PARTA_TODAY", crate::common::NOW)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    let base = loop {
        let Some(Ok(line)) = lines.next() else {
            panic!("parta serve exited before listening: {seen:?}");
        };
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest.trim_end_matches(')').trim_end_matches('/').to_string();
        }
        seen.push(line);
    };
    // Keep reading so a full pipe never blocks the server.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    (child, base)
}

/// The data file of the demo school as the real binary seeds it: once per test process (half
/// a year of journal takes seconds in a debug build), stopped with SIGTERM so the file is
/// closed cleanly, then copied under each test's server.
fn demo_template() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (mut child, _) = spawn_server(&data);
        let killed = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
        assert!(killed.success());
        assert!(child.wait().unwrap().success(), "the demo server did not stop cleanly");
        std::fs::read(data.join("parta.redb")).unwrap()
    })
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.closed {
            return;
        }
        // No runtime to await on while unwinding: a plain `DELETE /session/{id}`.
        let host = driver().trim_start_matches("http://");
        if let Ok(mut s) = TcpStream::connect(host) {
            let _ = s.set_read_timeout(Some(PATIENCE));
            let _ = write!(
                s,
                "DELETE /session/{} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                self.session
            );
            let _ = s.read_to_end(&mut Vec::new());
        }
    }
}

/// A free TCP port on the loopback.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The chromedriver every test of this binary talks to. It runs under a small shell that
/// stops it when our end of the shell's stdin closes, that is when the test process exits,
/// however it exits (the shell itself is never waited for: it outlives the tests).
fn driver() -> &'static str {
    static DRIVER: OnceLock<(String, ChildStdin, Child)> = OnceLock::new();
    &DRIVER
        .get_or_init(|| {
            let program = std::env::var("PARTA_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
            if Command::new(&program).arg("--version").output().is_err() {
                panic!(
                    "the browser tests need chromedriver and Chromium, and `{program}` was not found. \
                     On Debian or Ubuntu: `sudo apt-get install chromium chromium-driver` \
                     (.ci/run does this on CI); or point PARTA_CHROMEDRIVER at a chromedriver."
                );
            }
            let port = free_port();
            let mut shell = Command::new("sh")
                .args(["-c", "\"$1\" --port=\"$2\" --silent >/dev/null 2>&1 & d=$!; read _; kill $d", "sh"])
                .arg(&program)
                .arg(port.to_string())
                .stdin(Stdio::piped())
                .spawn()
                .unwrap();
            let stdin = shell.stdin.take().unwrap();
            let started = Instant::now();
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(started.elapsed() < PATIENCE, "chromedriver did not start on port {port}");
                std::thread::sleep(Duration::from_millis(50));
            }
            (format!("http://127.0.0.1:{port}"), stdin, shell)
        })
        .0
}

/// The shape of the window a test browses in.
#[derive(Clone, Copy)]
pub enum Screen {
    /// 1280 × 900.
    Desktop,
    /// A phone: a 360 × 740 viewport, touch, the phone's pixel ratio.
    Phone,
}

/// A headless Chromium session, in Russian. Close it with [`Browser::close`]; the session of a
/// test that failed before is ended when it is dropped (chromedriver leaves a browser whose
/// session is never deleted running after it exits).
pub struct Browser {
    pub c: Client,
    session: String,
    closed: bool,
}

impl Browser {
    pub async fn open(screen: Screen) -> Browser {
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--lang=ru".into(),
            "--hide-scrollbars".into(),
        ];
        let mut options = serde_json::Map::new();
        match screen {
            Screen::Desktop => args.push("--window-size=1280,900".into()),
            Screen::Phone => {
                args.push("--window-size=360,740".into());
                options.insert(
                    "mobileEmulation".into(),
                    json!({ "deviceMetrics": { "width": 360, "height": 740, "pixelRatio": 2.0, "touch": true } }),
                );
            }
        }
        options.insert("args".into(), json!(args));
        options.insert("prefs".into(), json!({ "intl.accept_languages": "ru-RU,ru" }));
        if let Ok(binary) = std::env::var("PARTA_CHROMIUM") {
            options.insert("binary".into(), json!(binary));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), Value::Object(options));
        let c = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(driver())
            .await
            .unwrap_or_else(|e| panic!("could not start headless Chromium through chromedriver: {e}"));
        let session = c.session_id().await.unwrap().unwrap_or_default();
        Browser { c, session, closed: false }
    }

    pub async fn close(mut self) {
        self.closed = true;
        self.c.clone().close().await.unwrap();
    }

    /// Signs in through the form, as a person would, and lands on the start page.
    pub async fn sign_in(&self, server: &Server, login: &str) {
        self.c.goto(&server.url("/login")).await.unwrap();
        self.c.find(fantoccini::Locator::Id("f-login")).await.unwrap().send_keys(login).await.unwrap();
        self.c.find(fantoccini::Locator::Id("f-password")).await.unwrap().send_keys("demo").await.unwrap();
        self.c
            .find(fantoccini::Locator::Css("main form button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.until(&format!("the start page after signing in as {login}"), || async {
            !self.c.current_url().await.unwrap().path().starts_with("/login")
        })
        .await;
        let who = self.js("return document.querySelector('header.top')?.innerText || ''").await;
        assert!(
            self.c.find(fantoccini::Locator::Css("form[action='/logout']")).await.is_ok(),
            "{login} is not signed in: {who}"
        );
    }

    pub async fn goto(&self, server: &Server, path: &str) {
        self.c.goto(&server.url(path)).await.unwrap();
    }

    /// Runs a script (with `return …`) and gives back its value.
    pub async fn js(&self, script: &str) -> Value {
        self.c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.c.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits for a condition to hold; fails with `what` when it never does.
    pub async fn until<F, Fut>(&self, what: &str, mut ready: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let started = Instant::now();
        while !ready().await {
            assert!(started.elapsed() < PATIENCE, "waited in vain for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Keys typed on the keyboard into whatever has the focus, the way a person types: each a
    /// key down and up, so the page's own key handlers move the focus between them.
    pub async fn keys(&self, keys: &[&str]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for k in keys {
            for ch in k.chars() {
                actions = actions.then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch });
            }
        }
        self.c.perform_actions(actions).await.unwrap();
    }

    /// Saves a screenshot of the page into docs/screenshots when `PARTA_SCREENSHOTS` is set.
    /// `full`: the whole page, however long (the window is made as tall for the picture).
    pub async fn screenshot(&self, name: &str, full: bool) {
        if std::env::var_os("PARTA_SCREENSHOTS").is_none() {
            return;
        }
        let (w, h) = self.c.get_window_size().await.unwrap();
        if full {
            // The window's height less its viewport's is the browser's own; the page's added.
            let more = self
                .js("return document.documentElement.scrollHeight + outerHeight - innerHeight")
                .await
                .as_u64()
                .unwrap();
            self.c.set_window_size(w as u32, more.max(h) as u32).await.unwrap();
        }
        let png = self.c.screenshot().await.unwrap();
        if full {
            self.c.set_window_size(w as u32, h as u32).await.unwrap();
        }
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots").join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        eprintln!("screenshot: {}", path.display());
    }

    /// A Chrome DevTools command, through chromedriver's own extension of WebDriver
    /// (`goog/cdp/execute`).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        #[derive(Debug)]
        struct Cdp(String, Value);
        impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
            fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
                base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
            }
            fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
                (axum::http::Method::POST, Some(json!({ "cmd": self.0, "params": self.1 }).to_string()))
            }
        }
        self.c.issue_cmd(Cdp(cmd.into(), params)).await.unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
    }

    /// Lays the page out as on paper: print media, as wide as A4 less `margin_mm` on each
    /// side, so the page's own measurements tell what would be cut off.
    pub async fn as_on_paper(&self, margin_mm: f64) {
        let width = ((210.0 - 2.0 * margin_mm) * 96.0 / 25.4).floor();
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" })).await;
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 1100, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
    }

    /// Back to the screen after [`Browser::as_on_paper`].
    pub async fn as_on_screen(&self) {
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": "" })).await;
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await;
    }
}
