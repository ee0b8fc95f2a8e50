//! Who misses which lessons in the demo journal: illness streaks of 2–5 days (Б on every
//! lesson of the class on those days, then a week or so exempt from PE — ОСВ), a few whole days
//! УП (a competition, a family trip) and НП, and single lessons: late (ОП, mostly the first
//! lesson), skipped (НП), excused (УП). Absences of the last three school days are still ОТ:
//! the class chief has not yet set their reason. About 3–5 % of lessons are missed.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::Rng;
use crate::journal::model::Code;
use crate::store::ids::UserId;

/// A standard normal number (Box–Muller).
pub fn normal(rng: &mut Rng) -> f64 {
    let unit = |rng: &mut Rng| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let (u1, u2) = (unit(rng).max(1e-12), unit(rng));
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// The absences of one class.
pub struct Absences {
    days: HashMap<(UserId, NaiveDate), Code>,
    /// PE exemption after an illness: (student, first day, last day).
    exempt: Vec<(UserId, NaiveDate, NaiveDate)>,
    /// From this day on, a missed lesson is still ОТ.
    recent: NaiveDate,
}

impl Absences {
    /// Whole-day absences of `students` over the school days `days` (in order, before today).
    pub fn generate(rng: &mut Rng, students: &[UserId], days: &[NaiveDate]) -> Absences {
        let recent = days.len().checked_sub(3).map_or(NaiveDate::MAX, |i| days[i]);
        let mut out = Absences { days: HashMap::new(), exempt: Vec::new(), recent };
        for &s in students {
            let mut i = 0;
            while i < days.len() {
                let roll = rng.below(10_000);
                if roll < 95 {
                    let end = (i + 2 + rng.below(4) as usize).min(days.len());
                    let code = if days[end - 1] >= recent { Code::Absent } else { Code::Ill };
                    for d in &days[i..end] {
                        out.days.insert((s, *d), code);
                    }
                    let back = days[end - 1] + Days::new(1);
                    out.exempt.push((s, back, back + Days::new(10)));
                    i = end + 5;
                    continue;
                }
                let code = match roll {
                    95..115 => Some(Code::Excused),
                    115..125 => Some(Code::Unexcused),
                    _ => None,
                };
                if let Some(code) = code {
                    out.days.insert((s, days[i]), if days[i] >= recent { Code::Absent } else { code });
                }
                i += 1;
            }
        }
        out
    }

    /// The attendance code of a student at a lesson, if any.
    pub fn code(&self, s: UserId, day: NaiveDate, number: u8, pe: bool, rng: &mut Rng) -> Option<Code> {
        if let Some(c) = self.days.get(&(s, day)) {
            return Some(*c);
        }
        if pe && self.exempt.iter().any(|(x, from, to)| *x == s && *from <= day && day <= *to) {
            return Some(Code::Exempt);
        }
        let late = if number == 1 { 60 } else { 10 };
        let roll = rng.below(10_000);
        let missed = |c: Code| if day >= self.recent { Code::Absent } else { c };
        if roll < late {
            Some(Code::Late)
        } else if roll < late + 15 {
            Some(missed(Code::Unexcused))
        } else if roll < late + 25 {
            Some(missed(Code::Excused))
        } else {
            None
        }
    }
}
