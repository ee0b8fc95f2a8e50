//! Shared pieces of the journal's pages (a cell, the journal's heading and tabs) and the list
//! of journals. The grid is in `views_grid.rs`, the lesson panel in `views_lesson.rs`, final
//! marks and periods in `views_finals.rs`, the change log in `views_log.rs`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use super::list::{ClassJournals, JournalList};
use super::queries::{CellData, Head};
use crate::store::ids::UserId;
use crate::web::ctx::Ctx;
use crate::web::i18n::{Arg, long_date};

/// How a cell is drawn beyond its content.
#[derive(Default)]
pub struct TdOpts<'a> {
    pub id: Option<String>,
    /// Extra classes («tf» for a final mark).
    pub class: &'static str,
    /// `Some(ids of the row and column headers)`: the cell is an input.
    pub label_by: Option<String>,
    /// What the user typed, shown instead of the stored value (a refused write).
    pub typed: Option<&'a str>,
    /// The value the next write compares with, when it is not the one shown.
    pub was: Option<String>,
    /// A message next to the cell (refusal, conflict).
    pub msg: Option<String>,
    /// Saved just now: a quiet tick.
    pub saved: bool,
    pub placeholder: Option<String>,
    /// An out-of-band swap (the totals of a saved cell's row).
    pub oob: bool,
}

/// The titles of cells: «Смирнова О. Н., 2 ноября 2026, 14:05», and a comment under it. The
/// who-and-when part is formatted once per author and minute, so a grid of two thousand cells
/// formats a few dozen dates.
pub struct Titles<'a> {
    ctx: &'a Ctx,
    names: &'a HashMap<UserId, String>,
    cache: RefCell<HashMap<(UserId, i64), Rc<str>>>,
}

impl<'a> Titles<'a> {
    pub fn new(ctx: &'a Ctx, names: &'a HashMap<UserId, String>) -> Titles<'a> {
        Titles { ctx, names, cache: RefCell::new(HashMap::new()) }
    }

    pub fn of(&self, cell: &CellData) -> Option<String> {
        let mut t = String::new();
        if let Some((by, at)) = cell.who {
            let minute = at.div_euclid(60);
            let mut cache = self.cache.borrow_mut();
            let who = cache.entry((by, minute)).or_insert_with(|| {
                let name = self.names.get(&by).map(String::as_str).unwrap_or("");
                format!("{name}, {}", self.ctx.date_time(at)).into()
            });
            t.push_str(who);
        }
        if !cell.comment.is_empty() {
            if !t.is_empty() {
                t.push('\n');
            }
            t.push_str(
                &self.ctx.t_args("journal-comment-title", &[("text", Arg::from(cell.comment.as_str()))]),
            );
        }
        (!t.is_empty()).then_some(t)
    }
}

/// One cell of a grid: the value (or an input for it), who changed it last in the title, a
/// corner mark for a comment, the message of a refused write.
pub fn td(cell: &CellData, titles: &Titles<'_>, o: TdOpts<'_>) -> Markup {
    let label = cell.value.label();
    // A refused value is shown as typed, without the colour of what is stored.
    let mut class = String::from(if o.typed.is_some() { "" } else { cell.value.css() });
    for (on, c) in [
        (!cell.comment.is_empty(), "cm"),
        (o.msg.is_some(), "bad"),
        (o.saved, "ok"),
        (!o.class.is_empty(), o.class),
    ] {
        if on {
            if !class.is_empty() {
                class.push(' ');
            }
            class.push_str(c);
        }
    }
    let value = o.typed.unwrap_or(&label);
    let msg_id = o.id.as_ref().map(|id| format!("{id}-m"));
    html! {
        td id=[o.id.as_deref()] class=[(!class.is_empty()).then_some(class.as_str())] title=[titles.of(cell)]
            hx-swap-oob=[o.oob.then_some("true")] {
            @if let Some(by) = &o.label_by {
                input value=(value) aria-labelledby=(by) data-w=[o.was.as_deref()] placeholder=[o.placeholder.as_deref()]
                    aria-invalid=[o.msg.as_ref().map(|_| "true")] aria-describedby=[o.msg.as_ref().and(msg_id.as_deref())];
            } @else {
                (value)
                @if let Some(p) = o.placeholder.as_deref().filter(|_| label.is_empty()) { span.sug { (p) } }
            }
            @if let Some(m) = &o.msg { span.msg id=[msg_id.as_deref()] role="alert" { (m) } }
        }
    }
}

/// «02.11».
pub fn day_month(d: NaiveDate) -> String {
    format!("{:02}.{:02}", d.day(), d.month())
}

/// «пн», «вт», …
pub fn weekday(ctx: &Ctx, d: NaiveDate) -> String {
    ctx.t(&format!("journal-wd-{}", d.weekday().number_from_monday()))
}

/// «2 ноября 2026, 3-й урок».
pub fn lesson_when(ctx: &Ctx, d: NaiveDate, number: u8) -> String {
    ctx.t_args(
        "journal-lesson-when",
        &[("date", Arg::from(long_date(ctx.lang, d))), ("n", Arg::Num(i64::from(number)))],
    )
}

/// Which tab of a journal is open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Grid,
    Finals,
    Log,
}

/// The journal's heading: class, subject, teacher, and its tabs.
pub fn head(ctx: &Ctx, h: &Head, tab: Tab, query: &str) -> Markup {
    let base = format!("/journal/{}", h.id);
    let tabs = [
        (Tab::Grid, format!("{base}{query}"), "journal-tab-grid"),
        (Tab::Finals, format!("{base}/finals"), "journal-tab-finals"),
        (Tab::Log, format!("{base}/log"), "journal-tab-log"),
    ];
    html! {
        div.page-head.jhead {
            div {
                h1 { (h.title()) }
                p.muted { (h.teacher) " · " (h.year.name) }
            }
            p.no-print { a href="/journal" { (ctx.t("journal-all")) } }
        }
        nav.subnav.no-print aria-label=(ctx.t("journal-tabs")) {
            ul {
                @for (t, href, key) in tabs {
                    li { a href=(href) aria-current=[(t == tab).then_some("page")] { (ctx.t(key)) } }
                }
            }
        }
        div.print-head {
            strong { (ctx.school.full_name) }
            span { (h.title()) " · " (h.teacher) }
            span { (long_date(ctx.lang, ctx.today())) }
        }
    }
}

fn journals_block(ctx: &Ctx, c: &ClassJournals) -> Markup {
    html! {
        section.card.jclass {
            h2 { (c.name) }
            @if c.journals.is_empty() {
                p.empty { (ctx.t("journal-class-empty")) }
            } @else {
                ul.jlinks {
                    @for j in &c.journals {
                        li {
                            a href=(format!("/journal/{}", j.id)) {
                                strong { (j.subject) }
                                @if let Some(g) = &j.group { " · " (g) }
                            }
                            span.muted { (j.teacher) }
                        }
                    }
                }
            }
        }
    }
}

/// GET /journal: the viewer's journals.
pub fn list(ctx: &Ctx, l: &JournalList) -> Markup {
    let nothing =
        l.mine.is_empty() && l.substitutions.is_empty() && l.chief.is_empty() && l.classes.is_none();
    html! {
        h1 { (ctx.t("journal-title")) }
        @if nothing { p.empty { (ctx.t("journal-none")) } }
        @if !l.mine.is_empty() {
            h2 { (ctx.t("journal-mine")) }
            div.jgrid-list { @for c in &l.mine { (journals_block(ctx, c)) } }
        }
        @if !l.substitutions.is_empty() {
            section.card {
                h2 { (ctx.t("journal-substitutions")) }
                ul.plain {
                    @for s in &l.substitutions {
                        li {
                            a href=(format!("/journal/{}?lesson={}.{}", s.journal.id, s.day, s.number)) {
                                (s.class) " · " (s.journal.subject)
                            }
                            " — " (lesson_when(ctx, s.day, s.number))
                            span.muted { " (" (s.journal.teacher) ")" }
                        }
                    }
                }
            }
        }
        @if !l.chief.is_empty() {
            h2 { (ctx.t("journal-my-class")) }
            div.jgrid-list { @for c in &l.chief { (journals_block(ctx, c)) } }
        }
        @if let Some(classes) = &l.classes {
            h2 { (ctx.t("journal-pick-class")) }
            ul.class-tiles.jpick {
                @for (id, c) in classes {
                    li.mine[l.picked.as_ref().is_some_and(|p| p.id == *id)] {
                        a href=(format!("/journal?class={id}")) { strong { (c.name()) } }
                    }
                }
            }
            @if let Some(p) = &l.picked { (journals_block(ctx, p)) }
        }
    }
}
