//! A small iCalendar (RFC 5545) writer: content lines with CRLF endings, TEXT values escaped,
//! lines folded at 75 octets without ever splitting a UTF-8 character.
//!
//! Only what the feed needs: components, text and raw properties, UTC date-times and dates.

use chrono::{DateTime, NaiveDate, Utc};

/// The longest content line, in octets, not counting the CRLF (RFC 5545 §3.1).
pub const LINE_OCTETS: usize = 75;

/// An iCalendar text being written.
#[derive(Default)]
pub struct Ics {
    out: String,
}

impl Ics {
    pub fn new() -> Ics {
        Ics::default()
    }

    /// `BEGIN:VEVENT`.
    pub fn begin(&mut self, component: &str) {
        self.raw("BEGIN", component);
    }

    /// `END:VEVENT`.
    pub fn end(&mut self, component: &str) {
        self.raw("END", component);
    }

    /// A property whose value is written as given (dates, durations, enumerations). `name` may
    /// carry parameters: `DTSTART;VALUE=DATE`.
    pub fn raw(&mut self, name: &str, value: &str) {
        self.out.push_str(&fold(&format!("{name}:{value}")));
    }

    /// A TEXT property: the value is escaped. Nothing is written for an empty value.
    pub fn text(&mut self, name: &str, value: &str) {
        if !value.trim().is_empty() {
            self.raw(name, &escape_text(value));
        }
    }

    /// A date-time in UTC: `DTSTART:20261130T053000Z`.
    pub fn utc(&mut self, name: &str, at: DateTime<Utc>) {
        self.raw(name, &utc_stamp(at));
    }

    /// A whole day: `DTSTART;VALUE=DATE:20261130`.
    pub fn date(&mut self, name: &str, day: NaiveDate) {
        self.raw(&format!("{name};VALUE=DATE"), &day.format("%Y%m%d").to_string());
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

/// `20261130T053000Z`.
pub fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value: backslash, semicolon and comma get a backslash, a line break becomes
/// `\n` (CRLF, CR and LF alike), other control characters (but tab) are dropped.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: no physical line longer than 75 octets, each continuation
/// starting with a space, every line ending in CRLF. A character is never split.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    // Room on the current physical line; a continuation line spends one octet on its space.
    let mut room = LINE_OCTETS;
    for c in line.chars() {
        let n = c.len_utf8();
        if n > room {
            out.push_str("\r\n ");
            room = LINE_OCTETS - 1;
        }
        out.push(c);
        room -= n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape_text(r"a,b;c\d"), r"a\,b\;c\\d");
        assert_eq!(escape_text("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape_text("tab\there\u{7}"), "tab\there");
        assert_eq!(escape_text("Математика: дроби"), "Математика: дроби");
    }

    #[test]
    fn short_lines_are_left_whole() {
        assert_eq!(fold("SUMMARY:Математика"), "SUMMARY:Математика\r\n");
        let exactly = "X".repeat(LINE_OCTETS);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn long_lines_are_folded_at_75_octets() {
        let line = format!("DESCRIPTION:{}", "a".repeat(200));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= LINE_OCTETS, "{} octets: {physical}", physical.len());
        }
        assert!(folded.split("\r\n").skip(1).filter(|l| !l.is_empty()).all(|l| l.starts_with(' ')));
        assert_eq!(unfold(&folded), format!("{line}\r\n"));
    }

    #[test]
    fn folding_never_splits_a_multibyte_character() {
        // Two-byte Cyrillic and four-byte emoji at every possible offset.
        for pad in 0..4 {
            let line = format!("SUMMARY:{}{}", "x".repeat(pad), "Дз😀ё".repeat(40));
            let folded = fold(&line);
            for physical in folded.split("\r\n") {
                assert!(physical.len() <= LINE_OCTETS);
                // Each piece is valid UTF-8 by construction of `&str`; it also must not be
                // empty apart from the final terminator.
            }
            assert_eq!(unfold(&folded), format!("{line}\r\n"));
            // Byte-level check: no line starts with a UTF-8 continuation byte.
            for physical in folded.as_bytes().split(|b| *b == b'\n') {
                let body = physical.strip_prefix(b" ").unwrap_or(physical);
                assert!(body.first().is_none_or(|b| (b & 0xC0) != 0x80));
            }
        }
    }

    #[test]
    fn the_writer_ends_every_line_with_crlf() {
        let mut ics = Ics::new();
        ics.begin("VCALENDAR");
        ics.text("SUMMARY", "a, b");
        ics.text("LOCATION", "  ");
        ics.date("DTSTART", NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        ics.utc("DTSTAMP", DateTime::from_timestamp(1_796_000_000, 0).unwrap());
        ics.end("VCALENDAR");
        let text = ics.finish();
        assert_eq!(
            text,
            "BEGIN:VCALENDAR\r\nSUMMARY:a\\, b\r\nDTSTART;VALUE=DATE:20261130\r\nDTSTAMP:20261130T005320Z\r\nEND:VCALENDAR\r\n"
        );
        assert!(!text.replace("\r\n", "").contains('\n'));
    }
}
