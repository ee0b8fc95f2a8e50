//! What the staff reports share: who was in a class over a range of days (from the movements,
//! so a student who left or arrived midway is counted on their days only), the lessons the
//! timetable held, the school's time zone, and figures written for the facts lines.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::auth::accounts;
use crate::auth::model::User;
use crate::people::model::CLASS_STUDENTS;
use crate::people::model::{Movement, class_on};
use crate::people::service::movements;
use crate::school;
use crate::store::ids::{ClassId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::timetable::calendar::ClassCalendar;
use crate::web::i18n::Lang;

/// A student placed in the class at some time, with their movements.
#[derive(Clone, Debug)]
pub struct Member {
    pub id: UserId,
    pub user: User,
    pub movements: Vec<Movement>,
}

impl Member {
    /// Whether the student is in `class` on `day`.
    pub fn in_class(&self, class: ClassId, day: NaiveDate) -> bool {
        class_on(&self.movements, day) == Some(class)
    }

    /// Whether the student is in `class` on some day of `from..=to`: on the first day, or from
    /// a movement inside the range.
    pub fn in_class_during(&self, class: ClassId, from: NaiveDate, to: NaiveDate) -> bool {
        self.in_class(class, from)
            || self.movements.iter().any(|m| from < m.date && m.date <= to && self.in_class(class, m.date))
    }
}

/// Everyone in `class` on some day of `from..=to`, by surname and name.
pub fn members(
    tx: &impl Reader,
    class: ClassId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Member>, StoreError> {
    let mut ids = Vec::new();
    CLASS_STUDENTS.scan_prefix(tx, &class, Order::Asc, |(_, s), ()| {
        ids.push(s);
        true
    })?;
    let mut out = Vec::new();
    for id in ids {
        let Some(user) = accounts::get(tx, id)? else { continue };
        let m = Member { id, user, movements: movements(tx, id)? };
        if m.in_class_during(class, from, to) {
            out.push(m);
        }
    }
    out.sort_by_key(|m| name_key(&m.user));
    Ok(out)
}

/// How names sort in lists: surname, name, patronymic, ignoring case.
pub fn name_key(u: &User) -> (String, String, String) {
    (u.surname.to_lowercase(), u.first_name.to_lowercase(), u.patronymic.to_lowercase())
}

/// The lessons the timetable holds over `from..=to`, by teaching assignment: `(day, number)`.
pub fn held_lessons(
    cal: &ClassCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> HashMap<TeachingId, Vec<(NaiveDate, u8)>> {
    let mut out: HashMap<TeachingId, Vec<(NaiveDate, u8)>> = HashMap::new();
    for day in from.iter_days().take_while(|d| *d <= to) {
        for p in cal.day(day) {
            if p.held() {
                out.entry(p.teaching).or_default().push((day, p.number));
            }
        }
    }
    out
}

/// The school's time zone, from its card (Moscow when unset or not understood).
pub fn school_tz(tx: &impl Reader) -> Result<Tz, StoreError> {
    Ok(school::card(tx)?.time_zone.parse().unwrap_or(chrono_tz::Europe::Moscow))
}

/// The unix time at which `day` starts in `tz`.
pub fn day_start(tz: Tz, day: NaiveDate) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => t.timestamp(),
        None => midnight.and_utc().timestamp(),
    }
}

/// `[start of from, start of the day after to)` in unix seconds.
pub fn day_bounds(tz: Tz, from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    let end = to.succ_opt().unwrap_or(to);
    (day_start(tz, from), day_start(tz, end))
}

/// The school day of a moment.
pub fn local_day(tz: Tz, unix: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(unix, 0).map(|t| t.with_timezone(&tz).date_naive())
}

/// A percentage for a facts line: «83,3 %», or «—» when there is nothing to divide by.
pub fn pct_text(lang: Lang, v: Option<f64>) -> String {
    match v {
        Some(x) => number_text(lang, x, 1) + " %",
        None => "—".into(),
    }
}

/// A number with `decimals` places, with a decimal comma in Russian.
pub fn number_text(lang: Lang, x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match lang {
        Lang::Ru => s.replace('.', ","),
        Lang::En => s,
    }
}

/// `part × 100 / whole`, `None` for an empty whole.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::model::MovementKind;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn member(moves: &[(NaiveDate, MovementKind, Option<u64>)]) -> Member {
        let user = User {
            login: "x".into(),
            surname: "Иванов".into(),
            first_name: "Пётр".into(),
            patronymic: String::new(),
            roles: vec![],
            email: String::new(),
            phone: String::new(),
            position: String::new(),
            disabled: false,
            lang: None,
            created_at: 0,
        };
        let movements = moves
            .iter()
            .enumerate()
            .map(|(i, (date, kind, class))| Movement {
                date: *date,
                kind: *kind,
                class: class.map(ClassId),
                reason: String::new(),
                order: String::new(),
                recorded_by: None,
                recorded_at: i as i64,
            })
            .collect();
        Member { id: UserId(1), user, movements }
    }

    #[test]
    fn a_student_who_arrives_or_leaves_midway_is_in_the_range() {
        let c = ClassId(5);
        let arrived = member(&[(d(10, 15), MovementKind::Enrol, Some(5))]);
        assert!(arrived.in_class_during(c, d(9, 1), d(10, 31)));
        assert!(!arrived.in_class_during(c, d(9, 1), d(10, 14)));
        let left =
            member(&[(d(9, 1), MovementKind::Enrol, Some(5)), (d(10, 1), MovementKind::Withdraw, None)]);
        assert!(left.in_class_during(c, d(9, 20), d(10, 31)));
        assert!(!left.in_class_during(c, d(10, 1), d(10, 31)));
        let moved =
            member(&[(d(9, 1), MovementKind::Enrol, Some(4)), (d(11, 2), MovementKind::Transfer, Some(5))]);
        assert!(moved.in_class_during(c, d(11, 1), d(11, 3)));
        assert!(!moved.in_class_during(ClassId(4), d(11, 2), d(11, 3)));
    }

    #[test]
    fn days_start_at_the_schools_midnight() {
        let tz = chrono_tz::Europe::Moscow;
        // 28.11.2026 00:00 in Moscow is 27.11.2026 21:00 UTC.
        let (from, to) = day_bounds(tz, d(11, 28), d(11, 28));
        assert_eq!(to - from, 86_400);
        assert_eq!(local_day(tz, from), Some(d(11, 28)));
        assert_eq!(local_day(tz, from - 1), Some(d(11, 27)));
        assert_eq!(local_day(tz, to), Some(d(11, 29)));
    }

    #[test]
    fn percentages_read_in_each_language() {
        assert_eq!(pct_text(Lang::Ru, percent(1, 3)), "33,3 %");
        assert_eq!(pct_text(Lang::En, percent(1, 2)), "50.0 %");
        assert_eq!(pct_text(Lang::Ru, percent(1, 0)), "—");
    }
}
