//! The payloads, and the one check every page, export and feed goes through.
//!
//! `check_inert` reads an HTML body tag by tag, as a browser's tokenizer would at the points
//! that matter: a tag the page did not write (a `<script>` without our `src`, any `on…`
//! handler, a `javascript:` link, an attribute name made of a broken-out quote, an unquoted
//! value — maud quotes every value it writes) fails. Escaped text (`&lt;script&gt;`) is text
//! and passes. `check_csv` and `check_xlsx` do the same for spreadsheets: no cell a spreadsheet
//! would run as a formula.
#![allow(dead_code)]

use std::io::Cursor;

use calamine::{Data, Reader as _, Xlsx};

pub const SCRIPT: &str = "<script>alert(1)</script>";
pub const IMG: &str = "\"><img src=x onerror=alert(1)>";
pub const JS_URL: &str = "javascript:alert(1)";
pub const SVG: &str = "</textarea><svg onload=alert(1)>";
pub const TEMPLATE: &str = "{{7*7}}";
pub const QUOTES: &str = "O'Hara \"x\" 'y'";

/// Every payload in one line (95 characters), after `tag`: a field holds them all at once, and
/// the tag tells the fields apart on a page. A tag starting with `=`, `+`, `-` or `@` makes the
/// value a formula for a spreadsheet too.
pub fn hostile(tag: &str) -> String {
    format!("{tag}{SCRIPT}{IMG}{SVG}{TEMPLATE}'")
}

/// A file name: the payloads without `/` (a file name loses everything up to its last slash)
/// and without `"` (a browser sends it as `%22`).
pub fn file_name(tag: &str, ext: &str) -> String {
    format!("{tag}<img src=x onerror=alert(1)><svg onload=alert(1)><script>{TEMPLATE}'.{ext}")
}

/// A payload for fields of ten characters at most: a tag with a handler, after a quote.
pub fn short(tag: char) -> String {
    format!("{tag}\"<i onx>")
}

/// What maud writes for `s`: `&`, `<`, `>` and `"` escaped.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The page shows `value`, escaped — so the check above it was not run on a page without it.
#[track_caller]
pub fn assert_shown(what: &str, body: &str, value: &str) {
    let escaped = escape(value);
    assert!(body.contains(&escaped), "{what}: expected «{escaped}» in the page:\n{body}");
}

/// Fails when the body holds a tag, handler or link the page did not write itself.
#[track_caller]
pub fn assert_inert(what: &str, body: &str) {
    if let Err(e) = check_inert(body) {
        panic!("{what}: {e}\n{body}");
    }
}

/// Attributes a browser follows as an address (htmx's `hx-get` and the like too).
const URL_ATTRIBUTES: [&str; 10] =
    ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite", "background", "srcdoc"];

pub fn check_inert(body: &str) -> Result<(), String> {
    // ASCII lower-casing keeps every byte where it was.
    let lower = body.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        let at = i + off;
        i = at + 1;
        if lower[at..].starts_with("<!--") {
            i = lower[at..].find("-->").map(|e| at + e + 3).unwrap_or(b.len());
            continue;
        }
        let closing = b.get(at + 1) == Some(&b'/');
        let start = at + 1 + usize::from(closing);
        let mut j = start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b"-:".contains(&b[j])) {
            j += 1;
        }
        if j == start || !b[start].is_ascii_alphabetic() {
            continue; // `<!doctype`, or not a tag
        }
        let tag = &lower[start..j];
        let (attrs, end) = attributes(&lower, j).map_err(|e| format!("<{tag}…> at byte {at}: {e}"))?;
        i = end;
        if closing {
            continue;
        }
        let context = || format!("<{tag}> at byte {at}: «{}»", &body[at..end.min(at + 160)]);
        for (name, value) in &attrs {
            if name.starts_with("on") {
                return Err(format!("event handler {name}= in {}", context()));
            }
            let squeezed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            let url = URL_ATTRIBUTES.contains(&name.as_str()) || name.starts_with("hx-");
            if url && (squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:")) {
                return Err(format!("script link {name}=\"{value}\" in {}", context()));
            }
        }
        let src = attrs.iter().find(|(n, _)| n == "src").map(|(_, v)| v.as_str());
        match tag {
            "script" if !src.is_some_and(|s| s.starts_with("/assets/")) => {
                return Err(format!("a script the page did not write: {}", context()));
            }
            "iframe" | "frame" | "object" | "embed" | "base" | "applet" => {
                return Err(format!("a foreign element: {}", context()));
            }
            "img" if src.is_some_and(|s| s == "x") => {
                return Err(format!("an injected image: {}", context()));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The attributes of a tag whose name ends at `from`: (name, value) pairs and the index after
/// the `>`. Refuses what maud never writes: a quote or `<` in a name, an unquoted value.
fn attributes(s: &str, from: usize) -> Result<(Vec<(String, String)>, usize), String> {
    let b = s.as_bytes();
    let mut i = from;
    let mut out = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return Ok((out, b.len()));
        }
        if b[i] == b'>' {
            return Ok((out, i + 1));
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
            i += 1;
        }
        let name = &s[start..i];
        if name.is_empty() || name.contains(['"', '\'', '<', '`']) {
            return Err(format!("a broken attribute name «{name}» (a quote broke out)"));
        }
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = s[i + 1..].find(q as char).map(|e| i + 1 + e).ok_or("an unclosed value")?;
                    value = s[i + 1..end].to_string();
                    i = end + 1;
                }
                _ => return Err(format!("an unquoted value of {name}=")),
            }
        }
        out.push((name.to_string(), value));
    }
}

/// Whether a spreadsheet would take a cell starting with `=`, `+`, `-` or `@` as a formula:
/// numbers and phone numbers («-1,5», «+7 900 …») are not formulas.
fn formula_like(cell: &str) -> bool {
    let number_like = cell.chars().all(|c| c.is_ascii_digit() || " +-(),.%".contains(c))
        && cell.chars().any(|c| c.is_ascii_digit());
    cell.starts_with(['=', '+', '-', '@']) && !number_like
}

/// The cells of a CSV export (UTF-8 with or without a BOM, `;` as every export of Parta).
pub fn csv_cells(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .filter_map(Result::ok)
        .flat_map(|rec| rec.iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

pub fn check_csv(bytes: &[u8]) -> Result<(), String> {
    match csv_cells(bytes).into_iter().find(|c| formula_like(c)) {
        Some(cell) => Err(format!("a CSV cell a spreadsheet runs as a formula: «{cell}»")),
        None => Ok(()),
    }
}

/// A CSV export runs nothing, and holds `value` defused (after an apostrophe).
#[track_caller]
pub fn assert_csv_defused(what: &str, bytes: &[u8], values: &[&str]) {
    if let Err(e) = check_csv(bytes) {
        panic!("{what}: {e}");
    }
    let cells = csv_cells(bytes);
    for v in values {
        let shown = if formula_like(v) { format!("'{v}") } else { v.to_string() };
        assert!(cells.iter().any(|c| c.contains(&shown)), "{what}: «{shown}» not exported: {cells:?}");
    }
}

/// The string cells of every sheet of a workbook.
pub fn xlsx_strings(bytes: &[u8]) -> Vec<String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook");
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("a sheet");
        out.extend(range.used_cells().filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    out
}

/// No formula anywhere in the workbook: a cell that starts with `=` is stored as text, which a
/// spreadsheet shows and never runs.
pub fn check_xlsx(bytes: &[u8]) -> Result<(), String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| e.to_string())?;
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).map_err(|e| e.to_string())?;
        if let Some((r, c, f)) = formulas.used_cells().find(|(_, _, f)| !f.is_empty()) {
            return Err(format!("sheet {name}: a formula in ({r}, {c}): «{f}»"));
        }
    }
    Ok(())
}

/// A workbook runs nothing and holds each of `values` as a text cell.
#[track_caller]
pub fn assert_xlsx_defused(what: &str, bytes: &[u8], values: &[&str]) {
    if let Err(e) = check_xlsx(bytes) {
        panic!("{what}: {e}");
    }
    let cells = xlsx_strings(bytes);
    for v in values {
        assert!(cells.iter().any(|c| c.contains(v)), "{what}: «{v}» not exported as text: {cells:?}");
    }
}

/// A line break and a property after it: a feed that does not escape line breaks would end
/// the event there and start a property of the attacker's.
pub const ICS_BREAK: &str = "\r\nX-INJECTED:1\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected";

/// A calendar feed is served as a calendar, not a page, and every value stays inside its own
/// property: after unfolding, no line starts with a property a payload brought.
pub fn check_ics(content_type: &str, body: &str) -> Result<(), String> {
    if !content_type.starts_with("text/calendar") {
        return Err(format!("a feed served as {content_type}"));
    }
    let unfolded = unfold(body);
    for line in unfolded.split("\r\n") {
        if line.starts_with("X-INJECTED") || line.starts_with("SUMMARY:injected") {
            return Err(format!("an injected line: «{line}»"));
        }
        if !line.is_empty() && !line.contains(':') {
            return Err(format!("a line that is no property: «{line}»"));
        }
    }
    let (begins, ends) =
        (unfolded.matches("\r\nBEGIN:VEVENT").count(), unfolded.matches("\r\nEND:VEVENT").count());
    if begins != ends {
        return Err(format!("{begins} events begun, {ends} ended"));
    }
    Ok(())
}

/// A feed with its folded lines joined.
pub fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "").replace("\r\n\t", "")
}

#[track_caller]
pub fn assert_ics_inert(what: &str, content_type: &str, body: &str) {
    if let Err(e) = check_ics(content_type, body) {
        panic!("{what}: {e}\n{body}");
    }
}
