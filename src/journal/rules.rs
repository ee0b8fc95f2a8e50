//! Averages, the suggested final mark and «what do I need for a 5» (school-conventions.md).
//!
//! Averages are kept as exact sums (Σ mark·weight, Σ weight) and compared in integers, so a
//! 4.5 never becomes 4.4999 on the way to a suggestion.

use super::model::MarkValue;

pub use crate::school::model::Rounding;

/// Sums over numeric marks: enough for both averages and for what is still needed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Σ mark·weight.
    pub weighted: u64,
    /// Σ weight.
    pub weights: u64,
    /// Σ mark.
    pub sum: u64,
    /// Number of numeric marks.
    pub count: u64,
}

impl Tally {
    /// Adds a mark; marks that are not numbers (зач, точка, …) do not count.
    pub fn add(&mut self, value: MarkValue, weight: u8) {
        if let Some(n) = value.numeric() {
            let (n, w) = (u64::from(n), u64::from(weight.max(1)));
            self.weighted += n * w;
            self.weights += w;
            self.sum += n;
            self.count += 1;
        }
    }

    /// Σ(markᵢ·weightᵢ) / Σ weightᵢ.
    pub fn weighted_average(&self) -> Option<f64> {
        (self.weights > 0).then(|| self.weighted as f64 / self.weights as f64)
    }

    /// Σ marks / n.
    pub fn simple_average(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// The mark the weighted average suggests under `rounding`.
    pub fn suggestion(&self, rounding: Rounding) -> Option<u8> {
        if self.weights == 0 {
            return None;
        }
        // In tenths: avg·10 = weighted·10 / weights; floor to whole marks, then compare the rest.
        let whole = self.weighted / self.weights;
        let rest_tenths = (self.weighted * 10 / self.weights) - whole * 10;
        let mark = if rest_tenths >= rounding.tenths() { whole + 1 } else { whole };
        Some(mark.clamp(1, 5) as u8)
    }

    /// How many more 5s of weight 1 lift the suggestion to `target`; `Some(0)` when it is there
    /// already, `None` when no number of 5s can (a target above 5).
    pub fn fives_needed(&self, target: u8, rounding: Rounding) -> Option<u64> {
        if !(1..=5).contains(&target) {
            return None;
        }
        // Needed: (weighted + 5k) / (weights + k) ≥ target − 1 + tenths/10, i.e. in tenths:
        // 10·(weighted + 5k) ≥ (10·target − 10 + tenths)·(weights + k).
        let bar = 10 * u64::from(target) - 10 + rounding.tenths();
        if bar > 50 {
            return None;
        }
        // With no marks yet, at least one is needed.
        (u64::from(self.weights == 0)..=1000)
            .find(|&k| 10 * (self.weighted + 5 * k) >= bar * (self.weights + k))
    }
}

/// An average as shown: two decimals with a comma («4,57»), or «—».
pub fn show_average(avg: Option<f64>) -> String {
    match avg {
        Some(a) => format!("{:.2}", a).replace('.', ","),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(marks: &[(u8, u8)]) -> Tally {
        let mut t = Tally::default();
        for &(m, w) in marks {
            t.add(MarkValue::Num(m), w);
        }
        t
    }

    #[test]
    fn weighted_and_simple_averages_by_hand() {
        // 5·1 + 3·3 + 4·2 = 22 over weights 6 → 3.666…; simple (5+3+4)/3 = 4.
        let t = tally(&[(5, 1), (3, 3), (4, 2)]);
        assert!((t.weighted_average().unwrap() - 22.0 / 6.0).abs() < 1e-9);
        assert_eq!(t.simple_average(), Some(4.0));
        assert_eq!(show_average(t.weighted_average()), "3,67");
        assert_eq!(show_average(None), "—");
    }

    #[test]
    fn marks_that_are_not_numbers_do_not_count() {
        let mut t = tally(&[(4, 1)]);
        t.add(MarkValue::Pass, 1);
        t.add(MarkValue::Duty, 3);
        assert_eq!(t.count, 1);
        assert_eq!(t.weighted_average(), Some(4.0));
        assert_eq!(Tally::default().suggestion(Rounding::Half), None);
    }

    #[test]
    fn suggestion_follows_the_rounding_setting() {
        // 4.5 exactly: up in the default, down in strict mode.
        let half = tally(&[(5, 1), (4, 1)]);
        assert_eq!(half.suggestion(Rounding::Half), Some(5));
        assert_eq!(half.suggestion(Rounding::Strict), Some(4));
        // 4.6 (5,5,4,4,5 → 23/5): up in both.
        let six = tally(&[(5, 1), (5, 1), (4, 1), (4, 1), (5, 1)]);
        assert_eq!(six.suggestion(Rounding::Strict), Some(5));
        // 3.49 stays 3 (weighted: 3·51 + 4·49 = 349 over 100).
        let just_below = tally(&[(3, 51), (4, 49)]);
        assert_eq!(just_below.suggestion(Rounding::Half), Some(3));
        assert_eq!(tally(&[(2, 1)]).suggestion(Rounding::Half), Some(2));
    }

    #[test]
    fn fives_needed_by_hand() {
        // 3 and 4 (avg 3.5): for a 5 at x.5: (7+5k)/(2+k) ≥ 4.5 → 7+5k ≥ 9+4.5k → k ≥ 4.
        let t = tally(&[(3, 1), (4, 1)]);
        assert_eq!(t.fives_needed(5, Rounding::Half), Some(4));
        // Strict (≥ 4.6): 7+5k ≥ 9.2+4.6k → k ≥ 5.5 → 6.
        assert_eq!(t.fives_needed(5, Rounding::Strict), Some(6));
        // Already a 4.
        assert_eq!(t.fives_needed(4, Rounding::Half), Some(0));
        // A heavy 2 (weight 3) with a 5: (6+5+5k)/(4+k) ≥ 3.5 → 11+5k ≥ 14+3.5k → k ≥ 2.
        let heavy = tally(&[(2, 3), (5, 1)]);
        assert_eq!(heavy.fives_needed(4, Rounding::Half), Some(2));
        // No marks at all: one 5 is enough.
        assert_eq!(Tally::default().fives_needed(5, Rounding::Half), Some(1));
        assert_eq!(t.fives_needed(6, Rounding::Half), None);
    }
}
