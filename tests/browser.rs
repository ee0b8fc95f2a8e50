//! Real-browser tests: the `parta` binary serving the demo school, driven through headless
//! Chromium by chromedriver (WebDriver). Each test signs in through the form as its role and
//! does what that person does: a teacher types a row of marks into the journal from the
//! keyboard, a parent reads the diary on a phone, the class chief prints access letters and
//! letters to parents, the principal opens the reports. `PARTA_SCREENSHOTS=1` also saves
//! pictures of the pages into docs/screenshots. Needs `chromedriver` and `chromium`
//! (docs/security.md).

#[path = "browser/harness.rs"]
mod harness;
#[path = "browser/print.rs"]
mod print;

use fantoccini::Locator;
use fantoccini::key::Key;
use harness::{Browser, Screen, Server};
use serde_json::{Value, json};

/// The journal's cells of lesson column `column` (its heading's id) for the first `n` students:
/// `[student id, cell classes, the input's value]`.
const CELLS_JS: &str = "
    const [column, n] = arguments;
    const table = document.querySelector('table.jg');
    if (!table) return null;
    const at = document.getElementById(column).cellIndex;
    return [...table.tBodies[0].rows].slice(0, n).map(tr => {
        const td = tr.cells[at];
        const input = td.querySelector('input');
        return [tr.dataset.s, td.className, input ? input.value : null];
    });";

async fn cells(b: &Browser, column: &str, n: usize) -> Vec<(String, String, Option<String>)> {
    let v = b.js_with(CELLS_JS, vec![json!(column), json!(n)]).await;
    v.as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    let s = |i: usize| r[i].as_str().map(str::to_string);
                    (s(0).unwrap_or_default(), s(1).unwrap_or_default(), s(2))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Marks typed so that each differs from what the cell holds (an unchanged cell is not
/// saved): what is typed, and the cell's label once saved («н» is stored as «ОТ»).
fn plan_marks(current: &[Option<String>]) -> Vec<(&'static str, &'static str)> {
    let wanted = [("5", "5"), ("4", "4"), ("н", "ОТ"), ("3", "3"), ("2", "2")];
    let spare = [("5", "5"), ("3", "3"), ("4", "4")];
    current
        .iter()
        .zip(wanted)
        .map(|(now, w)| {
            let now = now.as_deref().unwrap_or_default();
            if now == w.1 { spare.into_iter().find(|s| s.1 != now).unwrap() } else { w }
        })
        .collect()
}

#[tokio::test]
async fn a_teacher_types_a_row_of_marks_that_survive_a_reload_and_a_crash() {
    let mut server = Server::start();
    let b = Browser::open(Screen::Desktop).await;
    b.sign_in(&server, "teacher").await;

    // The journal of 5А, found as the teacher finds it: from the list of journals.
    b.goto(&server, "/journal").await;
    b.c.find(Locator::XPath("//section[h2='5А']//a[starts-with(@href, '/journal/')]"))
        .await
        .expect("the list of journals has 5А")
        .click()
        .await
        .unwrap();
    b.until("the grid of 5А", || async { b.c.find(Locator::Css("table.jg input")).await.is_ok() }).await;
    let journal = b.c.current_url().await.unwrap().path().to_string();
    let period = b.js("return document.querySelector('nav.jperiods [aria-current=page]').innerText").await;

    // The last lesson before today in the open period (the grid opens on the current one);
    // on a period's first day, when there is none yet, its first lesson.
    let column = b
        .js("const today = new Date().toISOString().slice(0, 10);
             const lessons = [...document.querySelectorAll('table.jg thead th.l1')];
             const past = lessons.filter(th => th.dataset.l.slice(0, 10) < today);
             const th = past.length ? past[past.length - 1] : lessons[0];
             return th ? th.id : null;")
        .await;
    let column = column.as_str().unwrap_or_else(|| panic!("no lesson in the open period {period}"));
    let before = cells(&b, column, 5).await;
    assert_eq!(before.len(), 5, "5А has at least five students");
    let plan = plan_marks(&before.iter().map(|c| c.2.clone()).collect::<Vec<_>>());

    // Click the first student's cell and type down the column: a mark, Enter (or the down
    // arrow), the next mark…
    // Scrolled to the middle first, as a person would: at the edge the sticky totals cover it.
    let first =
        b.c.find(Locator::Css(&format!("input[aria-labelledby='s{} {column}']", before[0].0))).await.unwrap();
    b.js_with("arguments[0].scrollIntoView({ block: 'center', inline: 'center' })", vec![json!(first)]).await;
    first.click().await.unwrap();
    let enter = Key::Enter.to_string();
    let down = Key::Down.to_string();
    let mut typed = Vec::new();
    for (i, (key, _)) in plan.iter().enumerate() {
        typed.push(*key);
        typed.push(if i == 2 { down.as_str() } else { enter.as_str() });
    }
    b.keys(&typed).await;

    // Each cell comes back from the server as saved («ok»), with the stored label.
    let expected: Vec<&str> = plan.iter().map(|p| p.1).collect();
    b.until("the five cells to be saved", || async {
        let now = cells(&b, column, 5).await;
        now.iter()
            .zip(&expected)
            .all(|(c, want)| c.1.split(' ').any(|k| k == "ok") && c.2.as_deref() == Some(want))
    })
    .await;
    let focused = b.js("return document.activeElement.getAttribute('aria-labelledby')").await;
    let sixth = b
        .js(&format!(
            "return 's' + document.querySelector('table.jg').tBodies[0].rows[5].dataset.s + ' {column}'"
        ))
        .await;
    assert_eq!(focused, sixth, "Enter moves down to the next student");

    // A reload reads the marks back from the store.
    b.c.refresh().await.unwrap();
    b.until("the grid after a reload", || async { cells(&b, column, 5).await.len() == 5 }).await;
    let after: Vec<Option<String>> = cells(&b, column, 5).await.into_iter().map(|c| c.2).collect();
    let want: Vec<Option<String>> = expected.iter().map(|s| Some(s.to_string())).collect();
    assert_eq!(after, want, "the marks typed in {column} after a reload");
    if std::env::var_os("PARTA_SCREENSHOTS").is_some() {
        b.js(&format!(
            "document.getElementById('{column}').scrollIntoView({{ inline: 'center' }}); scrollTo(0, 0)"
        ))
        .await;
        b.screenshot("journal", false).await;
    }

    // And they are on disk: the server killed outright and started again over the same file.
    server.restart();
    b.goto(&server, &journal).await;
    b.until("the grid after a restart", || async { cells(&b, column, 5).await.len() == 5 }).await;
    let restarted: Vec<Option<String>> = cells(&b, column, 5).await.into_iter().map(|c| c.2).collect();
    assert_eq!(restarted, want, "the marks typed in {column} after SIGKILL and a restart");
    b.close().await;
}

/// What makes the page wider than a 360 px phone, or null: with a page wider than the screen
/// a phone's browser scrolls sideways or zooms out (and `innerWidth` grows past 360).
async fn horizontal_overflow(b: &Browser) -> Value {
    b.js("const e = document.scrollingElement;
          if (e.scrollWidth <= innerWidth && innerWidth <= 360) return null;
          const wide = [...document.querySelectorAll('body *')]
              .filter(x => x.getBoundingClientRect().right > 360.5)
              .map(x => x.tagName + '.' + x.className + ' → ' + Math.round(x.getBoundingClientRect().right));
          return { scrollWidth: e.scrollWidth, innerWidth, wide: wide.slice(0, 12) };")
        .await
}

#[tokio::test]
async fn a_parent_reads_the_diary_on_a_phone_without_scrolling_sideways() {
    let server = Server::start();
    let b = Browser::open(Screen::Phone).await;
    b.sign_in(&server, "parent").await;
    assert_eq!(b.js("return screen.width").await, json!(360), "a phone's screen");
    assert_eq!(horizontal_overflow(&b).await, Value::Null, "the start page is as wide as the phone");

    // The header folds into one bar (the school, the notices, the menu button); the menu
    // unfolds on a tap and leads to the diary.
    let header = "return Math.round(document.querySelector('header.top').getBoundingClientRect().height)";
    let folded = b.js(header).await.as_u64().unwrap();
    assert!(folded <= 64, "the folded header is one bar, not {folded} px");
    let diary = "return (() => { const a = document.querySelector('header.top nav a[href=\"/diary\"]');
                 return a !== null && a.getBoundingClientRect().height > 0; })()";
    assert_eq!(b.js(diary).await, json!(false), "the menu starts folded");
    let toggle = b.c.find(Locator::Css("header.top .menu-toggle")).await.unwrap();
    assert_eq!(toggle.attr("aria-expanded").await.unwrap().as_deref(), Some("false"));
    toggle.click().await.unwrap();
    assert_eq!(b.js(diary).await, json!(true), "a tap on the menu button shows the diary's link");
    assert_eq!(toggle.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));
    assert_eq!(horizontal_overflow(&b).await, Value::Null, "the open menu is as wide as the phone");
    b.c.find(Locator::Css("header.top nav a[href='/diary']")).await.unwrap().click().await.unwrap();
    b.until("the diary", || async { b.c.find(Locator::Css(".dy-days")).await.is_ok() }).await;
    assert_eq!(horizontal_overflow(&b).await, Value::Null, "the diary's week is as wide as the phone");

    // Back week by week to one with marks (the demo journal runs up to today; a holiday week
    // has none); every page on the way is as wide as the phone.
    for _ in 0..12 {
        if b.c.find(Locator::Css(".dy-marks .dy-mark")).await.is_ok() {
            break;
        }
        let shown = b.c.current_url().await.unwrap();
        b.c.find(Locator::Css(".dy-weeknav a[rel=prev]")).await.unwrap().click().await.unwrap();
        b.until("the week before", || async { b.c.current_url().await.unwrap() != shown }).await;
        assert_eq!(horizontal_overflow(&b).await, Value::Null, "a week of the diary is as wide as the phone");
    }
    let lessons = b.js("return document.querySelectorAll('.dy-lesson .dy-subject').length").await;
    assert!(lessons.as_u64().unwrap() >= 5, "the week's lessons are listed: {lessons}");
    if std::env::var_os("PARTA_SCREENSHOTS").is_some() {
        b.js("document.querySelector('.dy-marks').closest('.dy-day').scrollIntoView()").await;
        b.screenshot("phone-diary", false).await;
    }
    assert_eq!(horizontal_overflow(&b).await, Value::Null, "the week with marks is as wide as the phone");
    let marks = b
        .js("return [...document.querySelectorAll('.dy-marks .dy-mark')].map(m => {
                 const r = m.getBoundingClientRect();
                 return [m.innerText.trim(), r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth];
             });")
        .await;
    let marks = marks.as_array().unwrap();
    assert!(!marks.is_empty(), "no week with marks in the twelve before this one");
    for m in marks {
        assert!(
            !m[0].as_str().unwrap().is_empty() && m[1] == json!(true),
            "a mark drawn off the screen: {m}"
        );
    }

    // The reports about the child fit the phone too: their filters (a subject's long name in
    // a select) and tables (which scroll inside their box).
    for path in ["/reports/dynamics", "/reports/averages", "/reports/student", "/reports/letter"] {
        b.goto(&server, path).await;
        b.until(path, || async { b.c.find(Locator::Css("form.report-filters")).await.is_ok() }).await;
        assert_eq!(horizontal_overflow(&b).await, Value::Null, "{path} is as wide as the phone");
    }
    b.close().await;
}

#[tokio::test]
async fn the_principal_sees_the_reports_and_the_chart_is_drawn() {
    let server = Server::start();
    let b = Browser::open(Screen::Desktop).await;
    b.sign_in(&server, "director").await;

    b.goto(&server, "/reports").await;
    b.c.find(Locator::Css("a[href^='/reports/quality-school']"))
        .await
        .expect("the catalogue offers the school's quality report")
        .click()
        .await
        .unwrap();
    b.until("the school's quality report", || async {
        b.c.find(Locator::Css("svg.chart-plot")).await.is_ok()
    })
    .await;
    let chart = b
        .js("const svg = document.querySelector('figure.chart svg');
             const box = svg.getBoundingClientRect();
             const bars = [...svg.querySelectorAll('rect.ch-bar')].map(r => r.getBoundingClientRect())
                 .map(r => [r.width, r.height, r.left >= box.left && r.right <= box.right + 0.5
                     && r.top >= box.top && r.bottom <= box.bottom + 0.5]);
             return { w: box.width, h: box.height, bars };")
        .await;
    assert!(
        chart["w"].as_f64().unwrap() > 100.0 && chart["h"].as_f64().unwrap() > 50.0,
        "the chart's size: {chart}"
    );
    let bars = chart["bars"].as_array().unwrap();
    assert!(!bars.is_empty(), "the chart has bars: {chart}");
    assert!(
        bars.iter().any(|b| b[1].as_f64().unwrap() > 1.0),
        "at least one bar is drawn with a height: {chart}"
    );
    for bar in bars {
        assert!(bar[0].as_f64().unwrap() > 0.0 && bar[2] == json!(true), "a bar outside its chart: {chart}");
    }
    b.screenshot("report-school", true).await;

    if std::env::var_os("PARTA_SCREENSHOTS").is_some() {
        b.goto(&server, "/reports").await;
        b.screenshot("reports", true).await;
        b.goto(&server, "/reports/submissions").await;
        b.screenshot("report-submissions", true).await;
    }
    b.close().await;
}

#[tokio::test]
async fn the_class_chief_prints_access_letters_three_to_a_page() {
    let server = Server::start();
    let b = Browser::open(Screen::Desktop).await;
    b.sign_in(&server, "chief").await;

    // From the class to its letters page.
    b.goto(&server, "/classes").await;
    b.c.find(Locator::XPath("//ul[contains(@class,'class-tiles')]//a[strong='5А']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.c.find(Locator::Css("a[href$='/letters']"))
        .await
        .expect("the class page links its letters")
        .click()
        .await
        .unwrap();
    b.until("the letters form", || async { b.c.find(Locator::Css("input[name=id]")).await.is_ok() }).await;

    // Four people chosen by hand: nobody else.
    let boxes = b.c.find_all(Locator::Css("input[type=checkbox][name=id]")).await.unwrap();
    for cb in &boxes {
        if cb.is_selected().await.unwrap() {
            cb.click().await.unwrap();
        }
    }
    let mut chosen = Vec::new();
    for cb in boxes.iter().take(4) {
        cb.click().await.unwrap();
        chosen.push(cb.attr("aria-label").await.unwrap().unwrap());
    }
    b.c.find(Locator::Css("main form button[type=submit]")).await.unwrap().click().await.unwrap();
    b.until("the printable letters", || async { b.c.find(Locator::Css("article.letter")).await.is_ok() })
        .await;

    let letters = b
        .js("return [...document.querySelectorAll('article.letter')].map(l => {
                 const codes = [...l.querySelectorAll('code.big')].map(c => c.innerText.trim());
                 const qr = l.querySelector('.qr svg');
                 const box = qr ? qr.getBoundingClientRect() : null;
                 return { who: l.querySelector('.who').innerText, codes,
                          qr: box ? [box.width, box.height, qr.querySelectorAll('path, rect').length] : null,
                          keep: getComputedStyle(l).breakInside };
             });")
        .await;
    let letters = letters.as_array().unwrap();
    assert_eq!(letters.len(), chosen.len(), "one letter per chosen person: {letters:?}");
    for name in &chosen {
        assert!(
            letters.iter().any(|l| l["who"].as_str().unwrap().starts_with(name.as_str())),
            "a letter for {name}: {letters:?}"
        );
    }
    for l in letters {
        let codes = l["codes"].as_array().unwrap();
        assert_eq!(codes.len(), 2, "a login and a one-time password: {l}");
        let password = codes[1].as_str().unwrap();
        assert!(password.len() >= 8 && !password.contains(' '), "a one-time password: {l}");
        let qr = l["qr"].as_array().unwrap_or_else(|| panic!("a QR code on the letter: {l}"));
        assert!(qr[0].as_f64().unwrap() > 50.0 && qr[1].as_f64().unwrap() > 50.0, "the QR code's size: {l}");
        assert!(qr[2].as_u64().unwrap() > 0, "the QR code is drawn: {l}");
        assert_eq!(l["keep"], json!("avoid"), "a letter is never cut by a page break: {l}");
    }
    let address = b.js("return document.querySelector('article.letter dd code').innerText").await;
    assert_eq!(address, json!(server.url("/login")), "the letter gives the address to sign in at");
    let passwords: std::collections::HashSet<&str> =
        letters.iter().map(|l| l["codes"][1].as_str().unwrap()).collect();
    assert_eq!(passwords.len(), letters.len(), "every letter has its own password");

    // On paper (A4, the page's 15 mm margins): a page break after every third letter, and
    // nothing of a letter cut off by its fixed height.
    b.as_on_paper(15.0).await;
    let paper = b
        .js("return [...document.querySelectorAll('article.letter')].map(l => [
                 getComputedStyle(l).breakAfter, l.scrollHeight <= l.clientHeight + 1, l.scrollHeight, l.clientHeight]);")
        .await;
    b.as_on_screen().await;
    let paper = paper.as_array().unwrap();
    let breaks: Vec<&str> = paper.iter().map(|l| l[0].as_str().unwrap()).collect();
    assert_eq!(breaks, ["auto", "auto", "page", "auto"], "three letters to a page");
    for l in paper {
        assert_eq!(l[1], json!(true), "a letter is cut off on paper: {l}");
    }

    // Printed on A4: three letters to a page, so four take two pages.
    let pdf = b.c.print(print::a4()).await.unwrap();
    print::assert_pages(&pdf, 2, "access-letters", "four access letters printed three to a page");
    b.close().await;
}

#[tokio::test]
async fn letters_to_parents_print_one_to_a_page() {
    let server = Server::start();
    let b = Browser::open(Screen::Desktop).await;

    // A parent's letter about their child.
    b.sign_in(&server, "parent").await;
    b.goto(&server, "/reports").await;
    b.c.find(Locator::Css("a[href^='/reports/letter']"))
        .await
        .expect("a parent has the letter")
        .click()
        .await
        .unwrap();
    b.until("the letter", || async { b.c.find(Locator::Css("table.report")).await.is_ok() }).await;
    b.screenshot("letter", true).await;
    let cut = "return [...document.querySelectorAll('.report-body .table-wrap')]
                   .filter(w => w.scrollWidth > w.clientWidth + 1).length";
    b.as_on_paper(12.0).await;
    assert_eq!(b.js(cut).await, json!(0), "the letter's table fits the width of A4");
    b.as_on_screen().await;
    let pdf = b.c.print(print::a4()).await.unwrap();
    print::assert_pages(&pdf, 1, "letter", "one child's letter fits one page");
    b.c.find(Locator::Css("form[action='/logout'] button")).await.unwrap().click().await.unwrap();

    // The class chief prints the whole class: a page each.
    b.sign_in(&server, "chief").await;
    b.goto(&server, "/reports").await;
    b.c.find(Locator::Css("a[href^='/reports/letters']"))
        .await
        .expect("the chief has the class's letters")
        .click()
        .await
        .unwrap();
    b.until("the class's letters", || async { b.c.find(Locator::Css(".page-break")).await.is_ok() }).await;
    let letters = b.js("return document.querySelectorAll('.report-body > .page-break').length + 1").await;
    let letters = letters.as_u64().unwrap() as usize;
    assert!(letters > 5, "a letter for every student of the class: {letters}");
    b.as_on_paper(12.0).await;
    assert_eq!(b.js(cut).await, json!(0), "the letters' tables fit the width of A4");
    b.as_on_screen().await;
    let pdf = b.c.print(print::a4()).await.unwrap();
    print::assert_pages(&pdf, letters, "letters", "the class's letters printed one to a page");
    b.close().await;
}
