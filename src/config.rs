//! One `Config`, merged from layers: built-in defaults, then `DATA/parta.toml`, then `PARTA_*`
//! environment variables, then command-line flags (clap reads the last two into one
//! [`Partial`], flags winning). [`Config::merge`] is a pure function with unit tests.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::clock::Clock;

/// The file name of the optional config file inside the data directory.
pub const FILE: &str = "parta.toml";

/// How the server speaks TLS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain HTTP (behind a reverse proxy, or on a trusted LAN).
    Off,
    /// A certificate and key from PEM files.
    Files { cert: PathBuf, key: PathBuf },
    /// A self-signed certificate for `hosts`, generated once and kept in `DATA/tls/`.
    SelfSigned,
}

/// The effective configuration of one run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where `parta.redb`, `parta.toml`, `tls/` and `backups/` live. Default `./parta-data`.
    pub data_dir: PathBuf,
    /// Address to serve on. Default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// With TLS: a plain-HTTP address that redirects to HTTPS. Default none.
    pub redirect_listen: Option<SocketAddr>,
    /// Default `Off`.
    pub tls: TlsMode,
    /// Host names the server answers to (self-signed certificate, printed addresses).
    /// Default `["localhost"]`.
    pub hosts: Vec<String>,
    /// The address people type, printed in setup links and access letters. Default derived
    /// from `listen` and TLS.
    pub public_url: String,
    /// Default interface language, `ru` or `en`. Default `ru`.
    pub lang: String,
    /// The school's time zone given to a new data file; afterwards the school card holds it
    /// (the administrator changes it there). Default `Europe/Moscow`.
    pub time_zone: chrono_tz::Tz,
    /// A session ends after this many minutes without a request. Default 1440 (one day).
    pub session_idle_minutes: u32,
    /// A session ends this many days after sign-in whatever happens. Default 30.
    pub session_max_days: u32,
    /// Largest request body for ordinary forms, in KiB. Default 1024.
    pub max_body_kb: u32,
    /// Largest uploaded file, in MiB. Default 20.
    pub max_upload_mb: u32,
    /// Failed sign-ins per login before a pause. Default 5.
    pub signin_limit_per_login: u32,
    /// Failed sign-ins per client address before a pause. Default 30.
    pub signin_limit_per_ip: u32,
    /// The window (and pause) of the sign-in limits, in minutes. Default 15.
    pub signin_window_minutes: u32,
    /// Log filter in `tracing` syntax. Default `info`.
    pub log: String,
    /// The day (and time, in the school's time zone) the server's clock starts at, for the demo
    /// and for trying Parta out on another day: `2026-11-25` or `2026-11-25T10:30`. Default
    /// none: the machine's clock.
    pub today: Option<Today>,
}

/// Where `--today` puts the server's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Today {
    /// That day, at the machine's present time of day.
    Day(chrono::NaiveDate),
    /// That moment of the school's wall clock.
    At(chrono::NaiveDateTime),
}

impl Today {
    pub fn parse(value: &str) -> Option<Today> {
        let value = value.trim();
        if let Ok(day) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            return Some(Today::Day(day));
        }
        ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
            .iter()
            .find_map(|f| chrono::NaiveDateTime::parse_from_str(value, f).ok())
            .map(Today::At)
    }
}

/// One layer of settings; every field optional. The config file has this shape (unknown keys
/// are refused, so a typo does not pass silently).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    pub listen: Option<String>,
    pub redirect_listen: Option<String>,
    /// `off`, `self-signed` or `files` (with `tls_cert` and `tls_key`).
    pub tls: Option<String>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub hosts: Option<Vec<String>>,
    pub public_url: Option<String>,
    pub lang: Option<String>,
    pub time_zone: Option<String>,
    pub session_idle_minutes: Option<u32>,
    pub session_max_days: Option<u32>,
    pub max_body_kb: Option<u32>,
    pub max_upload_mb: Option<u32>,
    pub signin_limit_per_login: Option<u32>,
    pub signin_limit_per_ip: Option<u32>,
    pub signin_window_minutes: Option<u32>,
    pub log: Option<String>,
    pub today: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("setting `{key}`: {message}")]
    Invalid { key: &'static str, message: String },
}

impl Partial {
    /// Fields set in `over` replace those in `self`.
    pub fn overlay(mut self, over: Partial) -> Partial {
        macro_rules! take {
            ($($f:ident),*) => {$( if over.$f.is_some() { self.$f = over.$f; } )*};
        }
        take!(
            listen,
            redirect_listen,
            tls,
            tls_cert,
            tls_key,
            hosts,
            public_url,
            lang,
            time_zone,
            session_idle_minutes,
            session_max_days,
            max_body_kb,
            max_upload_mb,
            signin_limit_per_login,
            signin_limit_per_ip,
            signin_window_minutes,
            log,
            today
        );
        self
    }

    /// Reads `DATA/parta.toml` if it exists.
    pub fn from_file(data_dir: &Path) -> Result<Partial, ConfigError> {
        let path = data_dir.join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Partial::parse(&text)
                .map_err(|message| ConfigError::File { file: path.display().to_string(), message }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Partial::default()),
            Err(e) => Err(ConfigError::File { file: path.display().to_string(), message: e.to_string() }),
        }
    }

    pub fn parse(text: &str) -> Result<Partial, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

fn addr(key: &'static str, value: &str) -> Result<SocketAddr, ConfigError> {
    value.parse().map_err(|_| ConfigError::Invalid {
        key,
        message: format!("«{value}» is not an address like 127.0.0.1:8080"),
    })
}

fn positive(key: &'static str, value: u32) -> Result<u32, ConfigError> {
    if value == 0 {
        Err(ConfigError::Invalid { key, message: "must be greater than zero".into() })
    } else {
        Ok(value)
    }
}

impl Config {
    /// Merges layers, lowest first, over the defaults, and validates the result.
    pub fn merge(data_dir: PathBuf, layers: &[Partial]) -> Result<Config, ConfigError> {
        let p = layers.iter().cloned().fold(Partial::default(), Partial::overlay);
        let listen = addr("listen", p.listen.as_deref().unwrap_or("127.0.0.1:8080"))?;
        let redirect_listen = p.redirect_listen.as_deref().map(|v| addr("redirect_listen", v)).transpose()?;
        let tls = match (p.tls.as_deref(), p.tls_cert, p.tls_key) {
            (None | Some("files"), Some(cert), Some(key)) => TlsMode::Files { cert, key },
            (Some("files"), _, _) | (None, Some(_), None) | (None, None, Some(_)) => {
                return Err(ConfigError::Invalid {
                    key: "tls",
                    message: "certificate files need both tls_cert and tls_key".into(),
                });
            }
            (None | Some("off"), None, None) => TlsMode::Off,
            (Some("self-signed"), None, None) => TlsMode::SelfSigned,
            (Some("off" | "self-signed"), _, _) => {
                return Err(ConfigError::Invalid {
                    key: "tls",
                    message: "tls_cert and tls_key go with tls = \"files\"".into(),
                });
            }
            (Some(other), _, _) => {
                return Err(ConfigError::Invalid {
                    key: "tls",
                    message: format!("«{other}»: use off, self-signed or files"),
                });
            }
        };
        if redirect_listen.is_some() && tls == TlsMode::Off {
            return Err(ConfigError::Invalid {
                key: "redirect_listen",
                message: "a redirect to HTTPS needs TLS to be on".into(),
            });
        }
        let hosts = p.hosts.filter(|h| !h.is_empty()).unwrap_or_else(|| vec!["localhost".into()]);
        let lang = p.lang.unwrap_or_else(|| "ru".into());
        if !matches!(lang.as_str(), "ru" | "en") {
            return Err(ConfigError::Invalid { key: "lang", message: format!("«{lang}»: use ru or en") });
        }
        let tz_name = p.time_zone.unwrap_or_else(|| "Europe/Moscow".into());
        let time_zone: chrono_tz::Tz = tz_name.parse().map_err(|_| ConfigError::Invalid {
            key: "time_zone",
            message: format!("«{tz_name}» is not an IANA time zone like Europe/Moscow"),
        })?;
        let public_url = match p.public_url {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.trim_end_matches('/').to_string()
            }
            Some(url) => {
                return Err(ConfigError::Invalid {
                    key: "public_url",
                    message: format!("«{url}» must start with http:// or https://"),
                });
            }
            None => {
                let scheme = if tls == TlsMode::Off { "http" } else { "https" };
                let host = if listen.ip().is_unspecified() || tls != TlsMode::Off {
                    hosts[0].clone()
                } else {
                    listen.ip().to_string()
                };
                let default_port = if tls == TlsMode::Off { 80 } else { 443 };
                if listen.port() == default_port {
                    format!("{scheme}://{host}")
                } else {
                    format!("{scheme}://{host}:{}", listen.port())
                }
            }
        };
        Ok(Config {
            data_dir,
            listen,
            redirect_listen,
            tls,
            hosts,
            public_url,
            lang,
            time_zone,
            session_idle_minutes: positive("session_idle_minutes", p.session_idle_minutes.unwrap_or(1440))?,
            session_max_days: positive("session_max_days", p.session_max_days.unwrap_or(30))?,
            max_body_kb: positive("max_body_kb", p.max_body_kb.unwrap_or(1024))?,
            max_upload_mb: positive("max_upload_mb", p.max_upload_mb.unwrap_or(20))?,
            signin_limit_per_login: positive(
                "signin_limit_per_login",
                p.signin_limit_per_login.unwrap_or(5),
            )?,
            signin_limit_per_ip: positive("signin_limit_per_ip", p.signin_limit_per_ip.unwrap_or(30))?,
            signin_window_minutes: positive("signin_window_minutes", p.signin_window_minutes.unwrap_or(15))?,
            log: p.log.unwrap_or_else(|| "info".into()),
            today: match p.today.as_deref() {
                None => None,
                Some(v) => Some(Today::parse(v).ok_or_else(|| ConfigError::Invalid {
                    key: "today",
                    message: format!("«{v}» is not a day like 2026-11-25 or a moment like 2026-11-25T10:30"),
                })?),
            },
        })
    }

    /// Defaults only; what tests start from.
    pub fn defaults(data_dir: PathBuf) -> Config {
        Config::merge(data_dir, &[]).expect("defaults are valid")
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(crate::store::DB_FILE)
    }

    /// The clock of this run: the machine's, or the one `today` starts.
    pub fn clock(&self) -> Clock {
        match self.today {
            None => Clock::system(),
            Some(Today::Day(day)) => Clock::on_day(day, self.time_zone),
            Some(Today::At(at)) => Clock::starting_at_local(at, self.time_zone),
        }
    }

    /// Cookies get `Secure` when the server itself speaks TLS.
    pub fn secure_cookies(&self) -> bool {
        self.tls != TlsMode::Off || self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        PathBuf::from("/tmp/parta-test")
    }

    #[test]
    fn defaults_serve_plain_http_on_localhost() {
        let c = Config::defaults(dir());
        assert_eq!(c.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(c.tls, TlsMode::Off);
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert_eq!(c.lang, "ru");
        assert_eq!(c.session_idle_minutes, 1440);
        assert!(!c.secure_cookies());
    }

    #[test]
    fn later_layers_win_field_by_field() {
        let file = Partial::parse("listen = \"0.0.0.0:80\"\nlang = \"en\"\nmax_upload_mb = 5").unwrap();
        let env_and_flags = Partial { listen: Some("127.0.0.1:9000".into()), ..Partial::default() };
        let c = Config::merge(dir(), &[file, env_and_flags]).unwrap();
        assert_eq!(c.listen.port(), 9000, "flags beat the file");
        assert_eq!(c.lang, "en", "the file beats the defaults");
        assert_eq!(c.max_upload_mb, 5);
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let err = Partial::parse("lissen = \"0.0.0.0:80\"").unwrap_err();
        assert!(err.contains("lissen"), "{err}");
    }

    #[test]
    fn tls_modes_are_validated() {
        let self_signed = Partial { tls: Some("self-signed".into()), ..Partial::default() };
        let c = Config::merge(dir(), std::slice::from_ref(&self_signed)).unwrap();
        assert_eq!(c.tls, TlsMode::SelfSigned);
        assert_eq!(c.public_url, "https://localhost:8080");
        assert!(c.secure_cookies());

        let files =
            Partial { tls_cert: Some("c.pem".into()), tls_key: Some("k.pem".into()), ..Partial::default() };
        assert!(matches!(Config::merge(dir(), &[files]).unwrap().tls, TlsMode::Files { .. }));

        let half = Partial { tls_cert: Some("c.pem".into()), ..Partial::default() };
        assert!(matches!(Config::merge(dir(), &[half]), Err(ConfigError::Invalid { key: "tls", .. })));

        let bogus = Partial { tls: Some("acme".into()), ..Partial::default() };
        assert!(Config::merge(dir(), &[bogus]).is_err());

        let redirect_without_tls =
            Partial { redirect_listen: Some("0.0.0.0:80".into()), ..Partial::default() };
        assert!(Config::merge(dir(), &[redirect_without_tls]).is_err());
    }

    #[test]
    fn bad_values_name_the_setting() {
        let p = Partial { listen: Some("localhost".into()), ..Partial::default() };
        assert!(matches!(Config::merge(dir(), &[p]), Err(ConfigError::Invalid { key: "listen", .. })));
        let p = Partial { session_idle_minutes: Some(0), ..Partial::default() };
        assert!(matches!(
            Config::merge(dir(), &[p]),
            Err(ConfigError::Invalid { key: "session_idle_minutes", .. })
        ));
        let p = Partial { public_url: Some("school.local".into()), ..Partial::default() };
        assert!(Config::merge(dir(), &[p]).is_err());
        let p = Partial { time_zone: Some("Mars/Olympus".into()), ..Partial::default() };
        assert!(matches!(Config::merge(dir(), &[p]), Err(ConfigError::Invalid { key: "time_zone", .. })));
        let p = Partial { time_zone: Some("Asia/Yekaterinburg".into()), ..Partial::default() };
        assert_eq!(Config::merge(dir(), &[p]).unwrap().time_zone, chrono_tz::Asia::Yekaterinburg);
        let p = Partial { today: Some("25.11.2026".into()), ..Partial::default() };
        assert!(matches!(Config::merge(dir(), &[p]), Err(ConfigError::Invalid { key: "today", .. })));
    }

    #[test]
    fn today_moves_the_clock_to_a_day_or_a_moment() {
        assert!(Config::defaults(dir()).clock().is_system());
        let day = chrono::NaiveDate::from_ymd_opt(2027, 2, 15).unwrap();
        let p = Partial { today: Some("2027-02-15".into()), ..Partial::default() };
        let c = Config::merge(dir(), &[p]).unwrap();
        assert_eq!(c.today, Some(Today::Day(day)));
        assert_eq!(c.clock().today(c.time_zone), day);
        let p = Partial { today: Some("2027-02-15T23:30".into()), ..Partial::default() };
        let c = Config::merge(dir(), &[p]).unwrap();
        let now = c.clock().now().with_timezone(&c.time_zone);
        assert_eq!(now.format("%Y-%m-%d %H:%M").to_string(), "2027-02-15 23:30");
    }
}
