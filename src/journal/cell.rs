//! What a journal cell holds and how typed text becomes it: pure rules, no storage.
//!
//! A cell of a lesson's first column holds the student's attendance code and the mark of the
//! first assignment («ОТ», «5», «ОП 4»); the other columns hold one mark each. What the user
//! types replaces the whole cell: tokens separated by spaces, at most one code and one mark;
//! an empty cell clears it. The cell as shown (its label) is also what a write carries back as
//! `was`, so two people editing the same cell are noticed ([`same_cell`]).

use super::model::{Code, MarkValue};

/// The content of one cell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellValue {
    pub code: Option<Code>,
    pub mark: Option<MarkValue>,
}

impl CellValue {
    /// The cell as shown and as `was` carries it: the code, then the mark («ОТ», «ОП 4», «5»).
    pub fn label(&self) -> String {
        label(self.code, self.mark)
    }

    /// The CSS class of its look: the mark's when there is one, else the code's.
    pub fn css(&self) -> &'static str {
        match (self.mark, self.code) {
            (Some(m), _) => m.css(),
            (None, Some(c)) => c.css(),
            (None, None) => "",
        }
    }
}

/// «ОП 4»: the code, then the mark, separated by a space.
pub fn label(code: Option<Code>, mark: Option<MarkValue>) -> String {
    match (code, mark) {
        (Some(c), Some(m)) => format!("{} {}", c.label(), m.label()),
        (Some(c), None) => c.label().to_string(),
        (None, Some(m)) => m.label().to_string(),
        (None, None) => String::new(),
    }
}

/// Why typed text is refused (catalog keys).
pub const ERR_UNKNOWN: &str = "journal-cell-unknown";
pub const ERR_CODE_NOT_HERE: &str = "journal-cell-code-first";
pub const ERR_TOO_MANY: &str = "journal-cell-too-many";
pub const ERR_FINAL: &str = "journal-final-unknown";

/// Parses what was typed into a lesson cell. `first`: whether the column is the lesson's
/// first, the only one that takes an attendance code.
pub fn parse(input: &str, first: bool) -> Result<CellValue, &'static str> {
    let mut out = CellValue::default();
    for token in input.split_whitespace() {
        if let Some(code) = Code::parse(token) {
            if !first {
                return Err(ERR_CODE_NOT_HERE);
            }
            if out.code.replace(code).is_some() {
                return Err(ERR_TOO_MANY);
            }
        } else if let Some(mark) = MarkValue::parse_lesson(token) {
            if out.mark.replace(mark).is_some() {
                return Err(ERR_TOO_MANY);
            }
        } else {
            return Err(ERR_UNKNOWN);
        }
    }
    Ok(out)
}

/// Parses a final mark as typed: 1–5, зач, незач, н/а, осв; empty clears it.
pub fn parse_final(input: &str) -> Result<Option<MarkValue>, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    MarkValue::parse_final(s).map(Some).ok_or(ERR_FINAL)
}

/// Whether the stored cell still is what the user saw: the labels compared with spacing and
/// case ignored, and with what the user saw parsed the way it would be typed («н» is «ОТ»).
pub fn same_cell(stored: &str, was: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    if norm(stored) == norm(was) {
        return true;
    }
    // `was` came back from a page: parse it as a first-column cell to compare values, not text.
    match (parse(stored, true), parse(was, true)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether a stored final mark still is what the user saw.
pub fn same_final(stored: Option<MarkValue>, was: &str) -> bool {
    match parse_final(was) {
        Ok(seen) => seen == stored,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_become_a_code_and_a_mark() {
        assert_eq!(parse("5", true), Ok(CellValue { code: None, mark: Some(MarkValue::Num(5)) }));
        assert_eq!(parse(" н ", true), Ok(CellValue { code: Some(Code::Absent), mark: None }));
        assert_eq!(
            parse("ОП  4", true),
            Ok(CellValue { code: Some(Code::Late), mark: Some(MarkValue::Num(4)) })
        );
        assert_eq!(
            parse("4 оп", true),
            Ok(CellValue { code: Some(Code::Late), mark: Some(MarkValue::Num(4)) }),
            "order does not matter"
        );
        assert_eq!(parse(".", false), Ok(CellValue { code: None, mark: Some(MarkValue::Duty) }));
        assert_eq!(parse("зач", false), Ok(CellValue { code: None, mark: Some(MarkValue::Pass) }));
        assert_eq!(parse("осв", true), Ok(CellValue { code: Some(Code::Exempt), mark: None }));
        assert_eq!(parse("   ", true), Ok(CellValue::default()), "empty clears");
    }

    #[test]
    fn wrong_tokens_are_refused_with_their_reason() {
        assert_eq!(parse("7", true), Err(ERR_UNKNOWN));
        assert_eq!(parse("abc", true), Err(ERR_UNKNOWN));
        assert_eq!(parse("0", true), Err(ERR_UNKNOWN));
        assert_eq!(parse("н/а", true), Err(ERR_UNKNOWN), "н/а is a final mark only");
        assert_eq!(parse("Н", false), Err(ERR_CODE_NOT_HERE));
        assert_eq!(parse("5 4", true), Err(ERR_TOO_MANY));
        assert_eq!(parse("Н Б", true), Err(ERR_TOO_MANY));
    }

    #[test]
    fn labels_round_trip_through_parsing() {
        for code in [None, Some(Code::Absent), Some(Code::Late)] {
            for mark in [None, Some(MarkValue::Num(3)), Some(MarkValue::Duty), Some(MarkValue::Fail)] {
                let v = CellValue { code, mark };
                assert_eq!(parse(&v.label(), true), Ok(v));
            }
        }
        assert_eq!(CellValue { code: Some(Code::Absent), mark: None }.css(), "ared");
        assert_eq!(CellValue { code: Some(Code::Absent), mark: Some(MarkValue::Num(5)) }.css(), "m5");
    }

    #[test]
    fn conflicts_compare_values_not_spelling() {
        assert!(same_cell("", ""));
        assert!(same_cell("ОП 4", " оп   4 "));
        assert!(same_cell("ОТ", "н"), "«н» is what «ОТ» is typed as");
        assert!(same_cell("•", "."));
        assert!(!same_cell("5", ""));
        assert!(!same_cell("", "5"));
        assert!(!same_cell("5", "4"));
        assert!(!same_cell("ОТ 5", "5"));
        assert!(!same_cell("5", "garbage"));
    }

    #[test]
    fn final_marks_parse_and_compare() {
        assert_eq!(parse_final("н/а"), Ok(Some(MarkValue::NotCertified)));
        assert_eq!(parse_final(" "), Ok(None));
        assert_eq!(parse_final("."), Err(ERR_FINAL));
        assert!(same_final(Some(MarkValue::Num(4)), "4"));
        assert!(same_final(None, ""));
        assert!(!same_final(None, "4"));
        assert!(!same_final(Some(MarkValue::Exempt), ""));
    }
}
