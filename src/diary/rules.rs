//! The pure rules of the diary pages: which week a day belongs to, which period a page shows,
//! who is at risk, and the checks of the «reason of absence» form. No store access here.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::error::FieldErrors;
use crate::journal::model::{Code, MarkValue};
use crate::journal::rules::Tally;
use crate::store::ids::{PeriodId, UserId};
use crate::structure::model::Period;

/// The longest date range a reason may cover, in days (both ends included).
pub const MAX_REASON_DAYS: i64 = 31;

/// A weighted average below this, in tenths (2.6), puts a student at risk in a subject.
pub const RISK_TENTHS: u64 = 26;

/// The Monday of the week containing `day` (weeks run Monday to Sunday).
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The study days a diary week shows: Monday to Saturday of the week containing `day`.
pub fn week_days(day: NaiveDate) -> Vec<NaiveDate> {
    let monday = monday_of(day);
    (0..6).map(|i| monday + Duration::days(i)).collect()
}

/// The day whose week the diary shows: `?week=` when it is a date, otherwise today — and on a
/// Sunday the coming week, which is what a family looks at on Sunday evening.
pub fn diary_day(raw: Option<&str>, today: NaiveDate) -> NaiveDate {
    match raw.and_then(|s| s.trim().parse::<NaiveDate>().ok()) {
        Some(day) => day,
        None if today.weekday() == Weekday::Sun => today + Duration::days(1),
        None => today,
    }
}

/// A `?date=` parameter, or `today`.
pub fn day_or(raw: Option<&str>, today: NaiveDate) -> NaiveDate {
    raw.and_then(|s| s.trim().parse::<NaiveDate>().ok()).unwrap_or(today)
}

/// The day before or after `day` that is not a Sunday (`step` is 1 or -1).
pub fn next_school_day(day: NaiveDate, step: i64) -> NaiveDate {
    let mut d = day + Duration::days(step);
    if d.weekday() == Weekday::Sun {
        d += Duration::days(step);
    }
    d
}

/// The period a page shows: the one asked for (when it is one of `periods`), else the one
/// containing `day`, else the last one that has started by `day`, else the first.
pub fn pick_period(
    periods: &[(PeriodId, Period)],
    wanted: Option<PeriodId>,
    day: NaiveDate,
) -> Option<(PeriodId, Period)> {
    let found = wanted
        .and_then(|w| periods.iter().find(|(id, _)| *id == w))
        .or_else(|| periods.iter().find(|(_, p)| p.start <= day && day <= p.end))
        .or_else(|| periods.iter().rev().find(|(_, p)| p.start <= day))
        .or_else(|| periods.first());
    found.cloned()
}

/// Whether a subject's marks put the student at risk: a weighted average below 2.6.
pub fn below_risk(t: &Tally) -> bool {
    t.weights > 0 && t.weighted * 10 < RISK_TENTHS * t.weights
}

/// Whether a period mark puts the student at risk: a 2 (or a 1).
pub fn risky_final(value: MarkValue) -> bool {
    matches!(value, MarkValue::Num(n) if n <= 2)
}

/// The plain mean of the averages that exist («—» when none): a student's row average over
/// subjects, a subject's column average over students.
pub fn mean(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0u32);
    for v in values.into_iter().flatten() {
        sum += v;
        n += 1;
    }
    (n > 0).then(|| sum / f64::from(n))
}

/// What «what do I need» says for one subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs {
    /// More 5s needed for a 5; `None` when the average is there already.
    pub for_five: Option<u64>,
    /// More 5s needed for a 4, when the average is below it.
    pub for_four: Option<u64>,
}

/// «What do I need for a 5» (and for a 4 when below it); nothing without marks.
pub fn needs(t: &Tally, rounding: crate::journal::rules::Rounding) -> Option<Needs> {
    if t.weights == 0 {
        return None;
    }
    let positive = |n: Option<u64>| n.filter(|k| *k > 0);
    Some(Needs {
        for_five: positive(t.fives_needed(5, rounding)),
        for_four: positive(t.fives_needed(4, rounding)),
    })
}

/// The reason form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReasonForm {
    pub student: String,
    pub code: String,
    pub from: String,
    pub to: String,
    pub lesson: String,
    pub fill: bool,
}

/// A checked reason: set `code` on the student's absences from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reason {
    pub student: UserId,
    pub code: Code,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only this lesson number of each day.
    pub lesson: Option<u8>,
    /// Mark the lessons without an entry absent too (up to today).
    pub fill: bool,
}

/// Checks the form on its own (the class, periods and permissions are the service's part).
pub fn check_reason(form: &ReasonForm) -> Result<Reason, FieldErrors> {
    let mut e = FieldErrors::default();
    let student = form.student.trim().parse::<UserId>().ok();
    if student.is_none() {
        e.add("student", "diary-reason-student-required");
    }
    let code = Code::parse(&form.code).filter(|c| Code::REASONS.contains(c));
    if code.is_none() {
        e.add("code", "diary-reason-code-invalid");
    }
    let from = form.from.trim().parse::<NaiveDate>().ok();
    if from.is_none() {
        e.add("from", "diary-reason-date-invalid");
    }
    let to = if form.to.trim().is_empty() { from } else { form.to.trim().parse::<NaiveDate>().ok() };
    if to.is_none() && !form.to.trim().is_empty() {
        e.add("to", "diary-reason-date-invalid");
    }
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            e.add("to", "diary-reason-to-before-from");
        } else if (t - f).num_days() >= MAX_REASON_DAYS {
            e.add("to", "diary-reason-too-long");
        }
    }
    let lesson = match form.lesson.trim() {
        "" => None,
        s => match s.parse::<u8>() {
            Ok(n) if n <= crate::timetable::model::MAX_LESSONS => Some(n),
            _ => {
                e.add("lesson", "diary-reason-lesson-invalid");
                None
            }
        },
    };
    match (student, code, from, to) {
        (Some(student), Some(code), Some(from), Some(to)) if e.is_empty() => {
            Ok(Reason { student, code, from, to, lesson, fill: form.fill })
        }
        // Each missing part has added its message.
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::rules::Rounding;
    use crate::store::ids::YearId;
    use crate::structure::model::Scheme;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn weeks_run_monday_to_saturday() {
        // 28 November 2026 is a Saturday.
        assert_eq!(monday_of(d(11, 28)), d(11, 23));
        assert_eq!(monday_of(d(11, 23)), d(11, 23));
        assert_eq!(monday_of(d(11, 29)), d(11, 23), "Sunday belongs to its week");
        let days = week_days(d(11, 25));
        assert_eq!(days.len(), 6);
        assert_eq!((days[0], days[5]), (d(11, 23), d(11, 28)));
    }

    #[test]
    fn the_default_week_on_sunday_is_the_coming_one() {
        assert_eq!(monday_of(diary_day(None, d(11, 29))), d(11, 30));
        assert_eq!(monday_of(diary_day(None, d(11, 28))), d(11, 23));
        assert_eq!(diary_day(Some("2026-12-02"), d(11, 29)), d(12, 2));
        assert_eq!(diary_day(Some("not a date"), d(11, 27)), d(11, 27));
        assert_eq!(next_school_day(d(11, 28), 1), d(11, 30), "over Sunday");
        assert_eq!(next_school_day(d(11, 30), -1), d(11, 28));
    }

    #[test]
    fn the_period_is_the_asked_one_or_the_one_of_the_day() {
        let p = |n, start, end| Period {
            year: YearId(1),
            scheme: Scheme::Quarters,
            number: n,
            start,
            end,
            closed: false,
        };
        let periods = vec![(PeriodId(1), p(1, d(9, 1), d(10, 24))), (PeriodId(2), p(2, d(11, 5), d(12, 28)))];
        assert_eq!(pick_period(&periods, None, d(11, 28)).unwrap().0, PeriodId(2));
        assert_eq!(pick_period(&periods, Some(PeriodId(1)), d(11, 28)).unwrap().0, PeriodId(1));
        assert_eq!(pick_period(&periods, Some(PeriodId(9)), d(11, 28)).unwrap().0, PeriodId(2));
        assert_eq!(pick_period(&periods, None, d(10, 30)).unwrap().0, PeriodId(1), "in the holidays");
        assert_eq!(pick_period(&periods, None, d(8, 1)).unwrap().0, PeriodId(1), "before the year");
        assert!(pick_period(&[], None, d(8, 1)).is_none());
    }

    fn tally(marks: &[(u8, u8)]) -> Tally {
        let mut t = Tally::default();
        for &(m, w) in marks {
            t.add(MarkValue::Num(m), w);
        }
        t
    }

    #[test]
    fn risk_is_an_average_below_two_point_six_or_a_two_for_the_period() {
        assert!(below_risk(&tally(&[(2, 1), (3, 1), (2, 1)])), "2.33");
        assert!(!below_risk(&tally(&[(2, 2), (3, 3)])), "2.6 exactly is not below");
        assert!(below_risk(&tally(&[(2, 41), (3, 59)])), "2.59");
        assert!(!below_risk(&Tally::default()), "no marks, no risk");
        assert!(risky_final(MarkValue::Num(2)));
        assert!(!risky_final(MarkValue::Num(3)));
        assert!(!risky_final(MarkValue::Pass));
    }

    #[test]
    fn means_skip_missing_averages() {
        assert_eq!(mean([Some(4.0), None, Some(5.0)]), Some(4.5));
        assert_eq!(mean([None, None]), None);
    }

    #[test]
    fn needs_say_how_many_fives_are_missing() {
        // 3 and 4: four 5s for a 5 (see journal::rules), a 4 already.
        let n = needs(&tally(&[(3, 1), (4, 1)]), Rounding::Half).unwrap();
        assert_eq!(n, Needs { for_five: Some(4), for_four: None });
        // 2, 3: (5+5k)/(2+k) ≥ 3.5 → k ≥ 2 for a 4.
        let low = needs(&tally(&[(2, 1), (3, 1)]), Rounding::Half).unwrap();
        assert_eq!(low.for_four, Some(2));
        assert_eq!(needs(&tally(&[(5, 1)]), Rounding::Half).unwrap().for_five, None);
        assert_eq!(needs(&Tally::default(), Rounding::Half), None);
    }

    fn form(from: &str, to: &str) -> ReasonForm {
        ReasonForm {
            student: "7".into(),
            code: "б".into(),
            from: from.into(),
            to: to.into(),
            lesson: String::new(),
            fill: false,
        }
    }

    #[test]
    fn reason_forms_are_checked() {
        let r = check_reason(&form("2026-11-23", "")).unwrap();
        assert_eq!((r.code, r.from, r.to, r.lesson), (Code::Ill, d(11, 23), d(11, 23), None));
        let e = check_reason(&form("2026-11-23", "2026-11-20")).unwrap_err();
        assert_eq!(e.get("to"), Some("diary-reason-to-before-from"));
        assert!(check_reason(&form("2026-11-01", "2026-12-01")).is_ok(), "31 days");
        let e = check_reason(&form("2026-11-01", "2026-12-02")).unwrap_err();
        assert_eq!(e.get("to"), Some("diary-reason-too-long"));
        let mut bad = form("", "");
        bad.code = "ОП".into();
        bad.student = String::new();
        let e = check_reason(&bad).unwrap_err();
        assert!(e.get("code").is_some() && e.get("from").is_some() && e.get("student").is_some());
        let mut lesson = form("2026-11-23", "");
        lesson.lesson = "12".into();
        assert!(check_reason(&lesson).unwrap_err().get("lesson").is_some());
        lesson.lesson = "3".into();
        assert_eq!(check_reason(&lesson).unwrap().lesson, Some(3));
    }
}
