//! The one clock. Nothing else in Parta reads the wall clock: handlers get the moment of their
//! request from [`Clock`] (through `AppState`), services take it in the [`Actor`] or as an
//! argument. So the demo can run on any day (`parta serve --demo --today 2026-11-25`) and the
//! tests run on fixed days whatever the machine's date.
//!
//! A clock started at a given moment runs on from it with the machine's monotonic time, so
//! sessions still expire and "a minute later" is still a minute later.
//!
//! [`Actor`]: crate::auth::permission::Actor

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Where "now" comes from. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Clock(Arc<Source>);

#[derive(Debug)]
enum Source {
    /// The machine's wall clock.
    System,
    /// `start` at the moment `since` was taken, running on with monotonic time.
    From { start: DateTime<Utc>, since: Instant },
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl Clock {
    /// The machine's wall clock: what a school runs on.
    pub fn system() -> Clock {
        Clock(Arc::new(Source::System))
    }

    /// A clock that reads `start` now and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock(Arc::new(Source::From { start, since: Instant::now() }))
    }

    /// A clock that starts at `local`, a wall-clock time in the school's time zone (the later
    /// of two readings when the clocks go back; an hour later when they skip it).
    pub fn starting_at_local(local: NaiveDateTime, tz: chrono_tz::Tz) -> Clock {
        let start = tz
            .from_local_datetime(&local)
            .latest()
            .or_else(|| tz.from_local_datetime(&(local + chrono::Duration::hours(1))).latest())
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc));
        Clock::starting_at(start)
    }

    /// A clock on `day` at the machine's present time of day in `tz`: `--today` with a date only.
    pub fn on_day(day: NaiveDate, tz: chrono_tz::Tz) -> Clock {
        let time = Clock::system().now().with_timezone(&tz).time();
        Clock::starting_at_local(day.and_time(time), tz)
    }

    /// Whether this is the machine's own clock.
    pub fn is_system(&self) -> bool {
        matches!(*self.0, Source::System)
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &*self.0 {
            Source::System => Utc::now(),
            Source::From { start, since } => {
                *start + chrono::Duration::from_std(since.elapsed()).unwrap_or(chrono::Duration::zero())
            }
        }
    }

    /// Unix seconds: what records store.
    pub fn unix(&self) -> i64 {
        self.now().timestamp()
    }

    /// Today in `tz`.
    pub fn today(&self, tz: chrono_tz::Tz) -> NaiveDate {
        self.now().with_timezone(&tz).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_clock_reads_its_start_and_runs_on() {
        let start = Utc.with_ymd_and_hms(2027, 9, 1, 6, 30, 0).unwrap();
        let clock = Clock::starting_at(start);
        let a = clock.now();
        assert!(a >= start && a - start < chrono::Duration::seconds(5), "{a}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() > a);
        assert_eq!(clock.today(chrono_tz::Europe::Moscow), NaiveDate::from_ymd_opt(2027, 9, 1).unwrap());
        assert!(!clock.is_system());
    }

    #[test]
    fn a_local_start_is_read_in_the_school_time_zone() {
        let local = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap().and_hms_opt(0, 30, 0).unwrap();
        let clock = Clock::starting_at_local(local, chrono_tz::Asia::Yekaterinburg);
        // 00:30 in Yekaterinburg (UTC+5) is still the day before in UTC.
        assert_eq!(clock.now().date_naive(), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        assert_eq!(
            clock.today(chrono_tz::Asia::Yekaterinburg),
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
        );
    }

    #[test]
    fn a_day_keeps_the_time_of_day() {
        let day = NaiveDate::from_ymd_opt(2030, 2, 14).unwrap();
        let clock = Clock::on_day(day, chrono_tz::Europe::Moscow);
        assert_eq!(clock.today(chrono_tz::Europe::Moscow), day);
    }
}
