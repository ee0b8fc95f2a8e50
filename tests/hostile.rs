//! Hostile input (issue 7): script and markup payloads in every free-text field a user can
//! fill, read back on every page, export and feed that shows them; path traversal; uploads
//! over the limit. Run with `cargo test --test hostile`; docs/security.md lists what is
//! covered.
//!
//! Every page goes through one check, `inert::assert_inert`; the tests below prove that it
//! fails on pages that are not inert.

use crate::common;
#[path = "hostile/inert.rs"]
mod inert;
#[path = "hostile/paths.rs"]
mod paths;
#[path = "hostile/poison.rs"]
mod poison;
#[path = "hostile/support.rs"]
mod support;
#[path = "hostile/uploads.rs"]
mod uploads;
#[path = "hostile/xss_exchange.rs"]
mod xss_exchange;
#[path = "hostile/xss_journal.rs"]
mod xss_journal;
#[path = "hostile/xss_life.rs"]
mod xss_life;
#[path = "hostile/xss_people.rs"]
mod xss_people;
#[path = "hostile/xss_plans.rs"]
mod xss_plans;
#[path = "hostile/xss_reflected.rs"]
mod xss_reflected;
#[path = "hostile/xss_reports.rs"]
mod xss_reports;

use inert::{ICS_BREAK, IMG, SCRIPT, SVG, check_csv, check_ics, check_inert, check_xlsx, escape, hostile};

/// Pages that would run a payload: each must fail the check.
const UNSAFE: [&str; 9] = [
    "<p>Иванов <script>alert(1)</script></p>",
    "<input name=\"q\" value=\"\"><img src=x onerror=alert(1)>\">",
    "<textarea></textarea><svg onload=alert(1)></textarea>",
    "<a href=\"javascript:alert(1)\">сайт</a>",
    "<a href=\" JaVaScRiPt:alert(1)\">сайт</a>",
    "<input value='x' onfocus='alert(1)'>",
    "<div title=\"a\" \"><b>\">",
    "<td>x<iframe src=\"/\"></iframe></td>",
    "<script src=\"https://evil.example/x.js\"></script>",
];

#[test]
fn the_check_fails_on_pages_that_are_not_inert() {
    for sample in UNSAFE {
        assert!(check_inert(sample).is_err(), "not caught: {sample}");
        let page = format!("<!DOCTYPE html><html><body><main>{sample}</main></body></html>");
        assert!(check_inert(&page).is_err(), "not caught in a page: {sample}");
    }
    // Every payload, written into a page without escaping, is caught.
    let raw = hostile("=X");
    for html in
        [format!("<p>{raw}</p>"), format!("<input value=\"{raw}\">"), format!("<textarea>{raw}</textarea>")]
    {
        assert!(check_inert(&html).is_err(), "{html}");
    }
    for payload in [SCRIPT, IMG, SVG] {
        assert!(check_inert(&format!("<td>{payload}</td>")).is_err(), "{payload}");
    }
    // Inside a quoted value only a quote breaks out.
    assert!(check_inert(&format!("<input value=\"{IMG}\">")).is_err());
    assert_eq!(check_inert(&format!("<input value=\"{SCRIPT}\">")), Ok(()));
}

#[test]
fn the_check_passes_escaped_payloads_and_the_pages_own_markup() {
    let escaped = escape(&hostile("=X"));
    for html in [
        format!("<p title=\"{escaped}\">{escaped} {{{{7*7}}}} javascript:alert(1)</p>"),
        format!("<textarea name=\"homework\">{escaped}</textarea>"),
        "<!DOCTYPE html><script src=\"/assets/app.js\" defer></script><a href=\"/diary\">x</a>".to_string(),
        "<input type=\"checkbox\" checked><svg class=\"chart\" viewBox=\"0 0 10 10\"><rect x=\"1\"/></svg>"
            .to_string(),
    ] {
        assert_eq!(check_inert(&html), Ok(()), "{html}");
    }
}

#[test]
fn the_feed_check_catches_a_line_break_that_was_not_escaped() {
    let event = |summary: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let raw = event(&format!("Собрание{ICS_BREAK}"));
    assert!(check_ics("text/calendar; charset=utf-8", &raw).is_err());
    let escaped = event("Собрание\\nX-INJECTED:1\\nEND:VEVENT");
    assert_eq!(check_ics("text/calendar; charset=utf-8", &escaped), Ok(()));
    assert!(check_ics("text/html; charset=utf-8", &escaped).is_err(), "a feed is no page");
}

#[test]
fn the_spreadsheet_checks_catch_a_formula() {
    assert!(check_csv("Фамилия;Имя\r\n=HYPERLINK(\"http://x\");Пётр\r\n".as_bytes()).is_err());
    assert!(check_csv("a;b\r\n@SUM(A1);x\r\n".as_bytes()).is_err());
    assert!(check_csv("a;b\r\n+cmd;x\r\n".as_bytes()).is_err());
    let safe = "\u{feff}a;b\r\n'=HYPERLINK(\"http://x\");+7 900 000-00-00\r\n-1,5;'@x\r\n";
    assert_eq!(check_csv(safe.as_bytes()), Ok(()));

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "=1+1").unwrap();
    let text_only = book.save_to_buffer().unwrap();
    assert_eq!(check_xlsx(&text_only), Ok(()));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_formula(0, 0, "=1+1").unwrap();
    assert!(check_xlsx(&book.save_to_buffer().unwrap()).is_err());
}
