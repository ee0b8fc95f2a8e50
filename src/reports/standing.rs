//! A student's standing by their period marks, as the class chief's report counts it:
//! отличник (all 5), хорошист (4 and 5), с одной «3», успевающий с «3», неуспевающий (a 2, a 1,
//! «незач» or «н/а»). «осв» and a duty are not marks here; «зач» passes without changing the
//! standing. A student counts as succeeding when every period mark is ≥ 3 or «зач»
//! (school-conventions.md, «Report formulas»); the class's % успеваемости and % качества are
//! over the students with at least one mark.

use crate::journal::model::MarkValue;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Standing {
    /// Отличник: every numeric mark a 5.
    Excellent,
    /// Хорошист: 4s and 5s.
    Good,
    /// Exactly one 3, the rest 4 and 5.
    OneThree,
    /// Succeeding with 3s (or only «зач»).
    Fair,
    /// A 2 or 1, «незач» or «н/а».
    Failing,
    /// No period mark at all.
    NoMarks,
}

impl Standing {
    pub const ALL: [Standing; 6] = [
        Standing::Excellent,
        Standing::Good,
        Standing::OneThree,
        Standing::Fair,
        Standing::Failing,
        Standing::NoMarks,
    ];

    /// Counted in % успеваемости.
    pub fn succeeds(self) -> bool {
        matches!(self, Standing::Excellent | Standing::Good | Standing::OneThree | Standing::Fair)
    }

    /// Counted in % качества.
    pub fn quality(self) -> bool {
        matches!(self, Standing::Excellent | Standing::Good)
    }
}

/// The standing for a student's period marks in their subjects.
pub fn standing(marks: &[MarkValue]) -> Standing {
    let marks: Vec<MarkValue> =
        marks.iter().copied().filter(|m| !matches!(m, MarkValue::Exempt | MarkValue::Duty)).collect();
    if marks.is_empty() {
        return Standing::NoMarks;
    }
    if marks.iter().any(|m| is_failing(*m)) {
        return Standing::Failing;
    }
    let numeric: Vec<u8> = marks.iter().filter_map(|m| m.numeric()).collect();
    let threes = numeric.iter().filter(|n| **n == 3).count();
    match threes {
        0 if numeric.is_empty() => Standing::Fair,
        0 if numeric.iter().all(|n| *n == 5) => Standing::Excellent,
        0 => Standing::Good,
        1 => Standing::OneThree,
        _ => Standing::Fair,
    }
}

/// A period mark that leaves the student failing the subject.
pub fn is_failing(m: MarkValue) -> bool {
    matches!(m, MarkValue::Num(1 | 2) | MarkValue::Fail | MarkValue::NotCertified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use MarkValue::*;

    #[test]
    fn standings_follow_the_period_marks() {
        assert_eq!(standing(&[Num(5), Num(5), Pass, Exempt]), Standing::Excellent);
        assert_eq!(standing(&[Num(5), Num(4), Num(5)]), Standing::Good);
        assert_eq!(standing(&[Num(5), Num(3), Num(4)]), Standing::OneThree);
        assert_eq!(standing(&[Num(3), Num(3), Num(4)]), Standing::Fair);
        assert_eq!(standing(&[Pass, Pass]), Standing::Fair, "only pass/fail subjects: succeeding");
        assert_eq!(standing(&[Num(5), Num(2)]), Standing::Failing);
        assert_eq!(standing(&[Num(5), NotCertified]), Standing::Failing);
        assert_eq!(standing(&[Num(4), Fail]), Standing::Failing);
        assert_eq!(standing(&[Num(1)]), Standing::Failing);
        assert_eq!(standing(&[Exempt, Duty]), Standing::NoMarks);
        assert_eq!(standing(&[]), Standing::NoMarks);
    }

    #[test]
    fn only_excellent_and_good_students_make_the_quality() {
        let succeeding: Vec<_> = Standing::ALL.into_iter().filter(|s| s.succeeds()).collect();
        assert_eq!(succeeding, [Standing::Excellent, Standing::Good, Standing::OneThree, Standing::Fair]);
        let quality: Vec<_> = Standing::ALL.into_iter().filter(|s| s.quality()).collect();
        assert_eq!(quality, [Standing::Excellent, Standing::Good]);
    }
}
