//! Sending, counting, listing and reading notices. Every function works inside the caller's
//! transaction: a notice is written together with the change it tells about, or not at all.

use std::collections::HashSet;

use redb::WriteTransaction;

use super::model::Notice;
use crate::notify::model::NOTICES;
use crate::store::ids::{NoticeId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::web::i18n::{Arg, Lang, long_date};

/// How many notices a user keeps: older ones are dropped when a new one arrives.
pub const KEEP: usize = 200;

/// Gives `notice` to each of `recipients` (once each), dropping each one's notices beyond the
/// newest [`KEEP`].
pub fn send(tx: &WriteTransaction, recipients: &[UserId], notice: Notice) -> Result<(), StoreError> {
    let mut seen = HashSet::new();
    for &user in recipients {
        if !seen.insert(user) {
            continue;
        }
        let id = NoticeId::next(tx)?;
        NOTICES.insert(tx, &(user, id), &notice)?;
        prune(tx, user)?;
    }
    Ok(())
}

fn prune(tx: &WriteTransaction, user: UserId) -> Result<(), StoreError> {
    let mut old = Vec::new();
    let mut n = 0;
    NOTICES.scan_prefix(tx, &user, Order::Desc, |key, _| {
        n += 1;
        if n > KEEP {
            old.push(key);
        }
        true
    })?;
    for key in old {
        NOTICES.remove(tx, &key)?;
    }
    Ok(())
}

/// How many of the user's notices are unread.
pub fn unread_count(tx: &impl Reader, user: UserId) -> Result<usize, StoreError> {
    let mut n = 0;
    NOTICES.scan_prefix(tx, &user, Order::Desc, |_, notice| {
        if !notice.read {
            n += 1;
        }
        true
    })?;
    Ok(n)
}

/// The user's notices, newest first.
pub fn list(tx: &impl Reader, user: UserId) -> Result<Vec<(NoticeId, Notice)>, StoreError> {
    let mut out = Vec::new();
    NOTICES.scan_prefix(tx, &user, Order::Desc, |(_, id), notice| {
        out.push((id, notice));
        true
    })?;
    Ok(out)
}

/// Marks every notice of the user read; returns how many were unread.
pub fn mark_all_read(tx: &WriteTransaction, user: UserId) -> Result<usize, StoreError> {
    let mut unread = Vec::new();
    NOTICES.scan_prefix(tx, &user, Order::Asc, |key, notice| {
        if !notice.read {
            unread.push((key, notice));
        }
        true
    })?;
    for (key, mut notice) in unread.iter().cloned() {
        notice.read = true;
        NOTICES.insert(tx, &key, &notice)?;
    }
    Ok(unread.len())
}

/// Marks one notice of the user read and gives it back; none when it is not theirs.
pub fn open(tx: &WriteTransaction, user: UserId, id: NoticeId) -> Result<Option<Notice>, StoreError> {
    let Some(mut notice) = NOTICES.get(tx, &(user, id))? else { return Ok(None) };
    if !notice.read {
        notice.read = true;
        NOTICES.insert(tx, &(user, id), &notice)?;
    }
    Ok(Some(notice))
}

/// The names arguments may have (Fluent wants them for the life of the program).
const NAMES: [&str; 10] =
    ["title", "date", "class", "kind", "place", "changes", "student", "who", "answer", "n"];

/// One argument's value in the reader's language, by its tag (see `model::arg`).
fn value(lang: Lang, raw: &str) -> String {
    let Some((tag, rest)) = raw.split_once(':') else { return raw.to_string() };
    match tag {
        "text" => rest.to_string(),
        "key" => lang.t(rest),
        "keys" => rest.split(',').filter(|k| !k.is_empty()).map(|k| lang.t(k)).collect::<Vec<_>>().join(", "),
        "date" => {
            let (day, time) = rest.split_once(' ').unwrap_or((rest, ""));
            match day.parse::<chrono::NaiveDate>() {
                Ok(d) if time.is_empty() => long_date(lang, d),
                Ok(d) => format!("{}, {time}", long_date(lang, d)),
                Err(_) => rest.to_string(),
            }
        }
        _ => raw.to_string(),
    }
}

/// The notice's text in the reader's language.
pub fn render(lang: Lang, notice: &Notice) -> String {
    let args: Vec<(&'static str, Arg)> = notice
        .args
        .iter()
        .filter_map(|(name, raw)| {
            let name = NAMES.iter().find(|n| **n == name.as_str())?;
            Some((*name, Arg::Str(value(lang, raw))))
        })
        .collect();
    lang.t_args(&notice.key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::model::arg;
    use crate::store::Store;
    use redb::Durability;

    fn notice(key: &str) -> Notice {
        Notice { at: 1, key: key.into(), args: Vec::new(), link: "/events/1".into(), by: None, read: false }
    }

    #[test]
    fn notices_are_kept_per_user_newest_first_and_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("n.redb"), &crate::wiring::SCHEMA).unwrap();
        let (a, b) = (UserId(1), UserId(2));
        store
            .write_blocking(Durability::None, |tx| {
                send(tx, &[a, b, a], notice("first"))?;
                for _ in 0..KEEP + 5 {
                    send(tx, &[a], notice("more"))?;
                }
                send(tx, &[a], notice("last"))
            })
            .unwrap();
        store
            .read_blocking(|tx| {
                let mine = list(tx, a)?;
                assert_eq!(mine.len(), KEEP);
                assert_eq!(mine[0].1.key, "last");
                assert!(mine.iter().all(|(_, n)| n.key != "first"), "the oldest were dropped");
                assert_eq!(list(tx, b)?.len(), 1, "one each, even when named twice");
                assert_eq!(unread_count(tx, a)?, KEEP);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let first_of_b = store.read_blocking(|tx| list(tx, b)).unwrap()[0].0;
        store
            .write_blocking(Durability::None, |tx| {
                // Another's notice is not opened.
                assert!(open(tx, a, first_of_b)?.is_none());
                assert!(open(tx, b, first_of_b)?.is_some());
                assert_eq!(mark_all_read(tx, a)?, KEEP);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        store
            .read_blocking(|tx| {
                assert_eq!(unread_count(tx, a)?, 0);
                assert_eq!(unread_count(tx, b)?, 0);
                Ok::<_, StoreError>(())
            })
            .unwrap();
    }

    #[test]
    fn tagged_arguments_render_in_the_readers_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let t = chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap();
        assert_eq!(value(Lang::Ru, &arg::date(d, Some(t))), "28 ноября 2026, 18:00");
        assert_eq!(value(Lang::En, &arg::date(d, None)), "28 November 2026");
        assert_eq!(value(Lang::Ru, &arg::text("key:value")), "key:value");
        assert_eq!(value(Lang::Ru, "plain"), "plain");
        assert_eq!(value(Lang::Ru, &arg::key("lang-name")), Lang::Ru.t("lang-name"));
        assert_eq!(
            value(Lang::En, &arg::keys(&["lang-name", "lang-name"])),
            format!("{0}, {0}", Lang::En.t("lang-name"))
        );
    }
}
