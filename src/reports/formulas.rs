//! The report formulas of `school-conventions.md` (as NetSchool documents them), over the
//! period marks of a set of students:
//!
//! - N = the students counted: not withdrawn by the period's end, minus those exempt («осв»),
//!   minus those with no mark at all;
//! - % успеваемости = (n5 + n4 + n3) × 100 / N;
//! - % качества знаний = (n5 + n4) × 100 / N;
//! - СОУ = (n5·100 + n4·64 + n3·36 + n2·16 + n_на·7) / N;
//! - средний балл = the mean of the numeric marks.
//!
//! Choices where the conventions are silent (docs/decisions.md): a «1» counts with the 2s; a
//! «зач» counts as passing and a «незач» as failing, both in N; neither is in the quality, the
//! СОУ or the average, which are over numeric marks — so a pass/fail subject has no quality.

use crate::journal::model::MarkValue;

/// Students counted by their period mark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub n5: u32,
    pub n4: u32,
    pub n3: u32,
    /// 2s and 1s.
    pub n2: u32,
    pub pass: u32,
    pub fail: u32,
    /// «н/а».
    pub na: u32,
    /// «осв»: not in N.
    pub exempt: u32,
    /// No period mark: not in N.
    pub none: u32,
    /// The sum of the numeric marks, for the average.
    pub sum: u32,
}

impl Counts {
    /// Counts one student's period mark (`None`: no mark).
    pub fn add(&mut self, mark: Option<MarkValue>) {
        if let Some(MarkValue::Num(n)) = mark {
            self.sum += u32::from(n);
        }
        match mark {
            Some(MarkValue::Num(5)) => self.n5 += 1,
            Some(MarkValue::Num(4)) => self.n4 += 1,
            Some(MarkValue::Num(3)) => self.n3 += 1,
            Some(MarkValue::Num(_)) => self.n2 += 1,
            Some(MarkValue::Pass) => self.pass += 1,
            Some(MarkValue::Fail) => self.fail += 1,
            Some(MarkValue::NotCertified) => self.na += 1,
            Some(MarkValue::Exempt) => self.exempt += 1,
            // A duty is not a mark.
            Some(MarkValue::Duty) | None => self.none += 1,
        }
    }

    /// Adds another set of counts (a class's subjects into the class, classes into a school).
    pub fn merge(&mut self, o: &Counts) {
        self.n5 += o.n5;
        self.n4 += o.n4;
        self.n3 += o.n3;
        self.n2 += o.n2;
        self.pass += o.pass;
        self.fail += o.fail;
        self.na += o.na;
        self.exempt += o.exempt;
        self.none += o.none;
        self.sum += o.sum;
    }

    /// N: the students counted.
    /// Any period mark at all, «осв» included.
    pub fn any(&self) -> bool {
        self.n() + self.exempt > 0
    }

    pub fn n(&self) -> u32 {
        self.n5 + self.n4 + self.n3 + self.n2 + self.pass + self.fail + self.na
    }

    fn numeric(&self) -> u32 {
        self.n5 + self.n4 + self.n3 + self.n2
    }

    fn pct(&self, part: u32) -> Option<f64> {
        (self.n() > 0).then(|| f64::from(part) * 100.0 / f64::from(self.n()))
    }

    /// % успеваемости; `None` when nobody is counted.
    pub fn success(&self) -> Option<f64> {
        self.pct(self.n5 + self.n4 + self.n3 + self.pass)
    }

    /// % качества знаний; `None` when nobody is counted or no mark is numeric.
    pub fn quality(&self) -> Option<f64> {
        if self.numeric() == 0 { None } else { self.pct(self.n5 + self.n4) }
    }

    /// СОУ, a percentage; `None` like the quality.
    pub fn sou(&self) -> Option<f64> {
        if self.numeric() == 0 {
            return None;
        }
        self.pct(0).map(|_| {
            f64::from(self.n5 * 100 + self.n4 * 64 + self.n3 * 36 + self.n2 * 16 + self.na * 7)
                / f64::from(self.n())
        })
    }

    /// The mean of the numeric marks.
    pub fn average(&self) -> Option<f64> {
        let n = self.numeric();
        (n > 0).then(|| f64::from(self.sum) / f64::from(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MarkValue::*;

    fn counts(marks: &[Option<MarkValue>]) -> Counts {
        let mut c = Counts::default();
        for m in marks {
            c.add(*m);
        }
        c
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a value");
        assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
    }

    #[test]
    fn a_class_of_ten_worked_by_hand() {
        // 2×5, 3×4, 3×3, 1×2, 1 н/а; one exempt and one without a mark are not counted.
        let c = counts(&[
            Some(Num(5)),
            Some(Num(5)),
            Some(Num(4)),
            Some(Num(4)),
            Some(Num(4)),
            Some(Num(3)),
            Some(Num(3)),
            Some(Num(3)),
            Some(Num(2)),
            Some(NotCertified),
            Some(Exempt),
            None,
        ]);
        assert_eq!(c.n(), 10);
        close(c.success(), 80.0); // (2 + 3 + 3) × 100 / 10
        close(c.quality(), 50.0); // (2 + 3) × 100 / 10
        // (2·100 + 3·64 + 3·36 + 1·16 + 1·7) / 10 = (200 + 192 + 108 + 16 + 7) / 10
        close(c.sou(), 52.3);
        // (10 + 12 + 9 + 2) / 9
        close(c.average(), 33.0 / 9.0);
    }

    #[test]
    fn pass_and_fail_count_in_n_but_not_in_quality() {
        let c = counts(&[Some(Pass), Some(Pass), Some(Pass), Some(Fail)]);
        assert_eq!(c.n(), 4);
        close(c.success(), 75.0);
        assert_eq!(c.quality(), None);
        assert_eq!(c.sou(), None);
        assert_eq!(c.average(), None);
    }

    #[test]
    fn nobody_counted_gives_no_figures() {
        let c = counts(&[Some(Exempt), None, Some(Duty)]);
        assert_eq!((c.n(), c.exempt, c.none), (0, 1, 2));
        assert_eq!((c.success(), c.quality(), c.sou(), c.average()), (None, None, None, None));
    }

    #[test]
    fn ones_count_with_twos_but_average_as_ones() {
        let c = counts(&[Some(Num(1)), Some(Num(5))]);
        assert_eq!(c.n2, 1);
        close(c.sou(), 58.0); // (100 + 16) / 2
        close(c.average(), 3.0);
    }

    #[test]
    fn counts_merge_into_totals() {
        let mut a = counts(&[Some(Num(5)), Some(Num(2))]);
        a.merge(&counts(&[Some(Num(4)), Some(NotCertified), Some(Exempt)]));
        assert_eq!(a.n(), 4);
        close(a.success(), 50.0);
        close(a.quality(), 50.0);
        close(a.average(), 11.0 / 3.0);
    }
}
