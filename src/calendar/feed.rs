//! The feed itself: what a user's calendar holds from two weeks ago to eight weeks ahead —
//! their lessons (a parent: each child's), homework by due day, and class events — read in
//! one snapshot and written as iCalendar. Times are written in UTC; the calendar names the
//! school's time zone for clients that show it.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::ics::Ics;
use super::lessons::Lookup;
use super::model::Feed;
use super::service::resolve;
use crate::auth::accounts;
use crate::auth::model::{Role, User};
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::events::model::Event;
use crate::events::queries::{for_parent, for_staff, for_student};
use crate::people::service::children_of;
use crate::state::AppState;
use crate::store::ids::{EventId, UserId};
use crate::store::{Reader, StoreError};
use crate::web::i18n::{Arg, Lang};

/// Days before today the feed covers.
pub const DAYS_BACK: i64 = 14;
/// Days after today the feed covers.
pub const DAYS_AHEAD: i64 = 56;

/// When an item happens.
#[derive(Clone, Debug, PartialEq)]
pub enum When {
    Timed {
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
    },
    /// A whole day (homework due, an event without a time).
    Day(NaiveDate),
}

/// One VEVENT.
#[derive(Clone, Debug)]
pub struct Item {
    /// Stable across fetches, so calendars update the event rather than add another.
    pub uid: String,
    pub when: When,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub cancelled: bool,
    /// Unix seconds of the last change, when known.
    pub modified: Option<i64>,
    /// Takes up time (a lesson) rather than being a reminder (homework).
    pub busy: bool,
}

impl Item {
    fn sort_key(&self) -> (NaiveDate, Option<DateTime<Utc>>) {
        match &self.when {
            When::Timed { start, .. } => (start.date_naive(), Some(*start)),
            When::Day(d) => (*d, None),
        }
    }
}

/// A fetched feed: the text, and whose feed it was (to record the fetch).
pub struct Fetched {
    pub text: String,
    pub user: UserId,
    pub feed: Feed,
}

/// GET /calendar/{token}.ics: `None` for an unknown or revoked address.
pub async fn fetch(state: &AppState, token: String, now: DateTime<Utc>) -> Result<Option<Fetched>, AppError> {
    let tz = state.tz();
    let default_lang = state.config.lang.clone();
    state
        .store
        .read(move |tx| {
            let Some((id, user, feed)) = resolve(tx, &token)? else { return Ok(None) };
            let today = now.with_timezone(&tz).date_naive();
            let actor = Actor { id, roles: user.roles.clone(), today, now: now.timestamp() };
            // The token stands for its owner: the feed is the owner's own.
            permit(tx, &actor, Action::FeedManage, Target::User(id))?;
            let lang = user
                .lang
                .as_deref()
                .and_then(Lang::from_code)
                .or_else(|| Lang::from_code(&default_lang))
                .unwrap_or_default();
            let mut look = Lookup::new(
                tx,
                lang,
                tz,
                today - Duration::days(DAYS_BACK),
                today + Duration::days(DAYS_AHEAD),
            )?;
            let items = collect(tx, &mut look, id, &user)?;
            let name = lang.t_args(
                "cal-feed-name",
                &[("name", Arg::Str(format!("{} {}", user.surname, user.first_name)))],
            );
            let text = render(&name, tz.name(), &items, now);
            Ok(Some(Fetched { text, user: id, feed }))
        })
        .await
}

/// Everything the feed of `user` holds, each item once, in time order.
pub fn collect<R: Reader>(
    tx: &R,
    look: &mut Lookup<'_, R>,
    id: UserId,
    user: &User,
) -> Result<Vec<Item>, StoreError> {
    let (from, to) = (look.from, look.to);
    let mut items = Vec::new();
    if user.has(Role::Student) {
        items.extend(look.student(id, None)?);
        for (eid, e) in for_student(tx, id, from, to)? {
            items.push(event(look, tx, eid, &e, None)?);
        }
    }
    if user.has(Role::Parent) {
        let mut first_names = Vec::new();
        for child in children_of(tx, id)? {
            let name = accounts::get(tx, child)?.map(|u| u.first_name).unwrap_or_default();
            items.extend(look.student(child, Some(&name))?);
            first_names.push((child, name));
        }
        for (eid, e, child) in for_parent(tx, id, from, to)? {
            let name = first_names.iter().find(|(c, _)| *c == child).map(|(_, n)| n.as_str());
            items.push(event(look, tx, eid, &e, name)?);
        }
    }
    if user.roles.iter().any(|r| r.is_staff()) {
        items.extend(look.teacher(id)?);
        for (eid, e) in for_staff(tx, id, from, to)? {
            items.push(event(look, tx, eid, &e, None)?);
        }
    }
    let mut seen = BTreeSet::new();
    items.retain(|i| seen.insert(i.uid.clone()));
    items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then_with(|| a.uid.cmp(&b.uid)));
    Ok(items)
}

/// The item of a class event; `child` names the child in a parent's feed.
fn event<R: Reader>(
    look: &mut Lookup<'_, R>,
    tx: &R,
    id: EventId,
    e: &Event,
    child: Option<&str>,
) -> Result<Item, StoreError> {
    let lang = look.lang;
    let when = match e.start.and_then(|s| look.instant(e.date, s)) {
        Some(start) => When::Timed {
            start,
            end: e.end.and_then(|end| look.instant(e.date, end)).filter(|end| *end > start),
        },
        None => When::Day(e.date),
    };
    let mut summary =
        if e.title.trim().is_empty() { lang.t("cal-event") } else { e.title.trim().to_string() };
    if let Some(child) = child {
        summary = format!("{child}: {summary}");
    }
    if e.cancelled {
        summary = lang.t_args("cal-cancelled", &[("what", Arg::Str(summary))]);
    }
    let mut lines = vec![look.names.class_name(tx, e.class)?];
    let responsible = match e.responsible {
        Some(u) => look.names.user(tx, u)?.map(User::full_name).unwrap_or_default(),
        None => e.responsible_name.trim().to_string(),
    };
    if !responsible.is_empty() {
        lines.push(lang.t_args("cal-event-responsible", &[("name", Arg::Str(responsible))]));
    }
    if !e.notes.trim().is_empty() {
        lines.push(e.notes.trim().to_string());
    }
    Ok(Item {
        uid: format!("event-{id}@parta"),
        when,
        summary,
        location: e.place.trim().to_string(),
        description: lines.join("\n"),
        cancelled: e.cancelled,
        modified: (e.updated_at > 0).then_some(e.updated_at),
        busy: true,
    })
}

/// The iCalendar text of a feed named `name`.
pub fn render(name: &str, tz: &str, items: &[Item], now: DateTime<Utc>) -> String {
    let mut ics = Ics::new();
    ics.begin("VCALENDAR");
    ics.raw("VERSION", "2.0");
    ics.raw("PRODID", "-//Parta//Parta calendar feed//RU");
    ics.raw("CALSCALE", "GREGORIAN");
    ics.raw("METHOD", "PUBLISH");
    ics.text("X-WR-CALNAME", name);
    ics.text("X-WR-TIMEZONE", tz);
    ics.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
    ics.raw("X-PUBLISHED-TTL", "PT1H");
    for item in items {
        ics.begin("VEVENT");
        ics.text("UID", &item.uid);
        ics.utc("DTSTAMP", now);
        match &item.when {
            When::Timed { start, end } => {
                ics.utc("DTSTART", *start);
                if let Some(end) = end {
                    ics.utc("DTEND", *end);
                }
            }
            When::Day(day) => {
                ics.date("DTSTART", *day);
                ics.date("DTEND", day.succ_opt().unwrap_or(*day));
            }
        }
        ics.text("SUMMARY", &item.summary);
        ics.text("LOCATION", &item.location);
        ics.text("DESCRIPTION", &item.description);
        ics.raw("STATUS", if item.cancelled { "CANCELLED" } else { "CONFIRMED" });
        ics.raw("TRANSP", if item.busy && !item.cancelled { "OPAQUE" } else { "TRANSPARENT" });
        if let Some(at) = item.modified.and_then(|t| DateTime::from_timestamp(t, 0)) {
            ics.utc("LAST-MODIFIED", at);
        }
        ics.end("VEVENT");
    }
    ics.end("VCALENDAR");
    ics.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_has_the_calendar_properties_and_one_block_per_item() {
        let now = DateTime::from_timestamp(1_796_000_000, 0).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let items = vec![
            Item {
                uid: "lesson-1-20261130-1@parta".into(),
                when: When::Timed { start: now, end: Some(now + Duration::minutes(45)) },
                summary: "Математика".into(),
                location: "21".into(),
                description: "Смирнова\nдроби, а; б".into(),
                cancelled: false,
                modified: None,
                busy: true,
            },
            Item {
                uid: "hw-1-20261130-1@parta".into(),
                when: When::Day(day),
                summary: "Д/з".into(),
                location: String::new(),
                description: String::new(),
                cancelled: true,
                modified: Some(1_796_000_000),
                busy: false,
            },
        ];
        let text = render("Parta — Петров Артём", "Europe/Moscow", &items, now);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.contains("X-WR-TIMEZONE:Europe/Moscow\r\n"));
        assert!(text.contains("DTSTART:20261130T005320Z\r\nDTEND:20261130T013820Z\r\n"));
        assert!(text.contains("DESCRIPTION:Смирнова\\nдроби\\, а\\; б\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261130\r\nDTEND;VALUE=DATE:20261201\r\n"));
        assert!(
            text.contains("STATUS:CANCELLED\r\nTRANSP:TRANSPARENT\r\nLAST-MODIFIED:20261130T005320Z\r\n")
        );
        assert!(!text.contains("LOCATION:\r\n"), "empty text properties are left out");
    }
}
