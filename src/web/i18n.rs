//! Interface languages: Russian (default) and English, with Fluent catalogs in
//! `assets/locales/{ru,en}/*.ftl` embedded at build time (fluent-templates). Fluent is chosen
//! for its CLDR plural rules: «1 урок, 2 урока, 5 уроков» come out right without code.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use unic_langid::langid;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./assets/locales",
        fallback_language: "ru",
        // No Unicode isolation marks around arguments: they break copy-paste of logins.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static RU: LanguageIdentifier = langid!("ru");
static EN: LanguageIdentifier = langid!("en");

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| Lang::from_code(tag.split('-').next().unwrap_or("")))
            .next()
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }

    /// The message `key`. A missing key shows as `⟦key⟧` so that it is seen, not hidden.
    pub fn t(self, key: &str) -> String {
        LOCALES.try_lookup(self.id(), key).unwrap_or_else(|| format!("⟦{key}⟧"))
    }

    /// The message `key` with named arguments (numbers choose plural forms).
    pub fn t_args(self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| {
                let v = match value {
                    Arg::Num(n) => FluentValue::from(*n),
                    Arg::Str(s) => FluentValue::from(s.clone()),
                };
                (Cow::Borrowed(*name), v)
            })
            .collect();
        LOCALES.try_lookup_with_args(self.id(), key, &map).unwrap_or_else(|| format!("⟦{key}⟧"))
    }
}

/// An argument of a message.
#[derive(Clone, Debug)]
pub enum Arg {
    Num(i64),
    Str(String),
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

/// The Russian month names in the genitive, for «28 ноября 2026».
const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as people write it: «28 ноября 2026» / «28 November 2026».
pub fn long_date(lang: Lang, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let m = date.month0() as usize;
    match lang {
        Lang::Ru => format!("{} {} {}", date.day(), MONTHS_RU[m], date.year()),
        Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[m], date.year()),
    }
}

/// A moment in the school's time zone: «28 ноября 2026, 14:05».
pub fn date_time(lang: Lang, tz: chrono_tz::Tz, unix: i64) -> String {
    match chrono::DateTime::from_timestamp(unix, 0) {
        Some(utc) => {
            let local = utc.with_timezone(&tz);
            format!("{}, {}", long_date(lang, local.date_naive()), local.format("%H:%M"))
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(lang: &str) -> std::collections::BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/locales").join(lang);
        let mut out = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" =")
                    && !key.starts_with([' ', '#', '.', '[', '*'])
                    && !key.is_empty()
                {
                    out.insert(key.trim().to_string());
                }
            }
        }
        out
    }

    #[test]
    fn both_catalogs_have_the_same_keys() {
        let ru = keys("ru");
        let en = keys("en");
        let only_ru: Vec<_> = ru.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&ru).collect();
        assert!(only_ru.is_empty() && only_en.is_empty(), "only ru: {only_ru:?}; only en: {only_en:?}");
    }

    /// Every string literal in `src/` shaped like a catalog key (`word-word…`) whose first word
    /// is a prefix the catalog uses must be in the catalog.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let ru = keys("ru");
        let prefixes: std::collections::BTreeSet<&str> =
            ru.iter().filter_map(|k| k.split('-').next()).collect();
        let is_key = |s: &str| {
            s.contains('-')
                && s.split('-').all(|p| {
                    !p.is_empty()
                        && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                })
                && prefixes.contains(s.split('-').next().unwrap())
        };
        let mut missing = Vec::new();
        let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for literal in text.split('"').skip(1).step_by(2) {
                    // Versioned table names (`users-1`) share prefixes with keys; skip them.
                    let versioned =
                        literal.rsplit('-').next().is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
                    if is_key(literal) && !ru.contains(literal) && !literal.ends_with('-') && !versioned {
                        missing.push(format!("{}: {literal}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys missing from the catalogs: {missing:#?}");
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        let n = |k: i64| Lang::Ru.t_args("n-minutes", &[("n", Arg::Num(k))]);
        assert_eq!(n(1), "1 минуту");
        assert_eq!(n(2), "2 минуты");
        assert_eq!(n(5), "5 минут");
        assert_eq!(n(21), "21 минуту");
        assert_eq!(Lang::En.t_args("n-minutes", &[("n", Arg::Num(1))]), "1 minute");
    }

    #[test]
    fn accept_language_picks_the_first_known() {
        assert_eq!(Lang::from_accept_language("de-DE,en;q=0.8,ru;q=0.5"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("ru-RU,ru;q=0.9"), Some(Lang::Ru));
        assert_eq!(Lang::from_accept_language("fr"), None);
    }

    #[test]
    fn dates_read_naturally() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(long_date(Lang::Ru, d), "28 ноября 2026");
        assert_eq!(long_date(Lang::En, d), "28 November 2026");
    }
}
