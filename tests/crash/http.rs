//! A small HTTP/1.1 client over `TcpStream`, one connection per request (`Connection: close`),
//! that tells a complete response from a cut one: the harness must know exactly which writes
//! the server acknowledged before it was killed.

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A request that got no complete response.
#[derive(Debug)]
pub enum Failure {
    /// The connection was refused: nothing reached the server.
    NotSent(String),
    /// Sent (maybe in part), and the connection broke before the response was complete.
    Cut(String),
    /// No answer within the read timeout: the server hangs.
    Hung(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotSent(e) => write!(f, "not sent: {e}"),
            Failure::Cut(e) => write!(f, "no complete response: {e}"),
            Failure::Hung(e) => write!(f, "no response in time (hang): {e}"),
        }
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// How long a request may wait for its answer before the server counts as hung. Generous:
/// a debug build on two busy cores is slow, and this is a hang detector, not a speed test.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Sends one request and reads the whole response.
pub fn request(addr: &str, head: &str, body: &[u8]) -> Result<Response, Failure> {
    let mut s = TcpStream::connect(addr).map_err(|e| Failure::NotSent(e.to_string()))?;
    s.set_read_timeout(Some(TIMEOUT)).map_err(|e| Failure::Cut(e.to_string()))?;
    let mut out = head.as_bytes().to_vec();
    out.extend_from_slice(body);
    s.write_all(&out).map_err(|e| Failure::Cut(format!("while sending: {e}")))?;
    let mut raw = Vec::new();
    if let Err(e) = s.read_to_end(&mut raw) {
        return Err(match e.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => Failure::Hung(e.to_string()),
            _ => Failure::Cut(e.to_string()),
        });
    }
    parse(&raw)
}

/// Parses a response read to the end of the connection; it is complete when its body has the
/// announced length (or, chunked, ends with the last chunk).
fn parse(raw: &[u8]) -> Result<Response, Failure> {
    let cut = |what: &str| Failure::Cut(format!("{what} ({} bytes read)", raw.len()));
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| cut("no complete head"))?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| cut("no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let find = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v);
    let rest = &raw[end + 4..];
    let body = if let Some(len) = find("content-length") {
        let len: usize = len.parse().map_err(|_| cut("bad content-length"))?;
        if rest.len() != len {
            return Err(cut(&format!("body of {} bytes, {len} announced", rest.len())));
        }
        rest.to_vec()
    } else if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        dechunk(rest).ok_or_else(|| cut("chunked body without its last chunk"))?
    } else {
        return Err(cut("a body of unknown length"));
    };
    Ok(Response { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..line]).ok()?.trim(), 16).ok()?;
        rest = &rest[line + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// A signed-in browser: cookies and the session's CSRF token.
#[derive(Clone)]
pub struct Session {
    pub addr: String,
    cookies: BTreeMap<String, String>,
    csrf: String,
}

impl Session {
    pub fn new(addr: &str) -> Session {
        Session { addr: addr.to_string(), cookies: BTreeMap::new(), csrf: String::new() }
    }

    /// The same browser, talking to a restarted server.
    pub fn moved_to(&self, addr: &str) -> Session {
        Session { addr: addr.to_string(), ..self.clone() }
    }

    fn send(&mut self, method: &str, path: &str, form: Option<&[(&str, &str)]>) -> Result<Response, Failure> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            head.push_str(&format!("Cookie: {}\r\n", jar.join("; ")));
        }
        let body = form.map(|f| serde_urlencoded::to_string(f).unwrap()).unwrap_or_default();
        if form.is_some() {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
            head.push_str(&format!("X-CSRF-Token: {}\r\n", self.csrf));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let r = request(&self.addr, &head, body.as_bytes())?;
        for (k, v) in &r.headers {
            if k.eq_ignore_ascii_case("set-cookie") {
                let pair = v.split(';').next().unwrap_or("");
                if let Some((name, value)) = pair.split_once('=') {
                    if value.is_empty() || v.contains("Max-Age=0") {
                        self.cookies.remove(name);
                    } else {
                        self.cookies.insert(name.to_string(), value.to_string());
                    }
                }
            }
        }
        if let Some(token) = input_value(&r.body, "_csrf") {
            self.csrf = token;
        }
        Ok(r)
    }

    pub fn get(&mut self, path: &str) -> Result<Response, Failure> {
        self.send("GET", path, None)
    }

    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Result<Response, Failure> {
        self.send("POST", path, Some(form))
    }

    /// Signs in through the real form: the sign-in page for its token, the POST, then the home
    /// page for the session's token.
    pub fn sign_in(&mut self, login: &str, password: &str) -> Result<(), String> {
        let page = self.get("/login").map_err(|e| e.to_string())?;
        let token = input_value(&page.body, "_csrf").ok_or("no CSRF field on the sign-in page")?;
        let form = [("login", login), ("password", password), ("next", "/"), ("_csrf", token.as_str())];
        let r = self.send("POST", "/login", Some(&form)).map_err(|e| e.to_string())?;
        if r.status != 303 || !self.cookies.contains_key("parta_session") {
            return Err(format!("sign-in of {login} answered {}: {}", r.status, r.body));
        }
        let home = self.get("/").map_err(|e| e.to_string())?;
        if home.status != 200 {
            return Err(format!("the home page after sign-in answered {}", home.status));
        }
        Ok(())
    }
}

/// The value of `name="…" value="…"` (a hidden input).
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(unescape(&html[start..start + end]))
}

/// The value of an attribute in the first tag that has it.
pub fn attr(html: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(unescape(&html[start..start + end]))
}

/// Every cell input of a journal grid: its `aria-labelledby` («s12 h2026-11-02.3.0») and value.
pub fn grid_inputs(html: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for piece in html.split("<input ").skip(1) {
        let tag = &piece[..piece.find('>').unwrap_or(piece.len())];
        let tag = format!(" {tag}");
        if let (Some(value), Some(label)) = (attr(&tag, "value"), attr(&tag, "aria-labelledby")) {
            out.insert(label, value);
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
