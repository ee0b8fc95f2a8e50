//! Printing a page to PDF through WebDriver's «Print Page» (print media, A4) and counting the
//! pages of what comes out.

use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};

/// A4 with 1 cm margins, backgrounds on: what a school's printer gets.
pub fn a4() -> PrintConfiguration {
    PrintConfiguration::builder()
        .size(PrintSize::A4)
        .margins(PrintMargins { top: 1.0, bottom: 1.0, left: 1.0, right: 1.0 })
        .background(true)
        .build()
        .unwrap()
}

/// Asserts the number of pages of a printed PDF, which is kept for a look in the target
/// directory (`…/tmp/browser-{name}.pdf`).
#[track_caller]
pub fn assert_pages(pdf: &[u8], expected: usize, name: &str, what: &str) {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("browser-{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    assert_eq!(pages(pdf), expected, "{what} (the PDF: {})", path.display());
}

/// The number of pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). Chromium
/// writes page dictionaries in the clear.
pub fn pages(pdf: &[u8]) -> usize {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let mut n = 0;
    let mut rest = pdf;
    while let Some(at) = find(rest, b"/Type") {
        rest = &rest[at + 5..];
        let name = rest.iter().position(|&c| c != b' ' && c != b'\n' && c != b'\r').map(|i| &rest[i..]);
        if let Some(name) = name
            && name.starts_with(b"/Page")
            && !name[5..].first().is_some_and(|c| c.is_ascii_alphanumeric())
        {
            n += 1;
        }
    }
    assert!(n > 0, "no page objects found in the PDF");
    n
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
