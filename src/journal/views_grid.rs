//! The journal grid: students × lessons (one column per assignment), with sticky headings,
//! the totals on the right and the lesson panel beside it. Kept compact: what every cell of a
//! column shares sits on the column's heading (`data-l`, `data-a`), what every cell of a row
//! shares on the row (`data-s`); `journal.js` puts them together when a cell is written.

use maud::{Markup, html};

use super::model::{Code, FinalKind, FinalMark};
use super::queries::{CellData, Column, Grid, Totals};
use super::rules::show_average;
use super::views::{self, Tab, TdOpts, Titles, day_month, td, weekday};
use crate::store::ids::{PeriodId, TeachingId, UserId};
use crate::structure::views::period_label;
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;

/// The id of a lesson column's heading: `h2026-11-02.3.0`.
pub fn column_id(slug: &str, a: u8) -> String {
    format!("h{slug}.{a}")
}

/// A final mark as a cell.
pub fn final_data(mark: Option<&FinalMark>) -> CellData {
    CellData {
        value: super::cell::CellValue { code: None, mark: mark.map(|m| m.value) },
        comment: String::new(),
        who: mark.map(|m| (m.by, m.at)),
    }
}

/// A final mark's cell: in the grid's last column and on the final marks page alike.
#[allow(clippy::too_many_arguments)]
pub fn final_td(
    student: UserId,
    kind: FinalKind,
    cell: &CellData,
    titles: &Titles<'_>,
    editable: bool,
    suggestion: Option<u8>,
    extra: TdOpts<'_>,
) -> Markup {
    let slug = kind.slug();
    td(
        cell,
        titles,
        TdOpts {
            id: Some(format!("f{student}-{slug}")),
            class: "tf",
            label_by: editable.then(|| format!("s{student} k{slug}")),
            placeholder: suggestion.map(|s| s.to_string()),
            ..extra
        },
    )
}

/// The totals of a row: weighted and simple average, absences by code, the period mark.
pub fn totals(
    student: UserId,
    t: &Totals,
    titles: &Titles<'_>,
    period: PeriodId,
    finals_editable: bool,
    oob: bool,
) -> Markup {
    let oob_attr = oob.then_some("true");
    let codes: Vec<(Code, u32)> = t.absences().collect();
    html! {
        td.tw id=(format!("w{student}")) hx-swap-oob=[oob_attr] { (show_average(t.tally.weighted_average())) }
        td.ts id=(format!("v{student}")) hx-swap-oob=[oob_attr] { (show_average(t.tally.simple_average())) }
        td.ta id=(format!("a{student}")) hx-swap-oob=[oob_attr] {
            @for (i, (code, n)) in codes.iter().enumerate() {
                @if i > 0 { " " }
                span class=(code.css()) { (code.label()) sub { (n) } }
            }
        }
        (final_td(student, FinalKind::Period(period), &final_data(t.final_mark.as_ref()), titles,
            finals_editable, t.suggestion, TdOpts { oob, ..TdOpts::default() }))
    }
}

fn period_nav(ctx: &Ctx, g: &Grid) -> Markup {
    html! {
        nav.jperiods.no-print aria-label=(ctx.t("journal-periods")) {
            @for (id, p) in &g.periods {
                a href=(format!("/journal/{}?period={id}", g.head.id)) aria-current=[(*id == g.period_id).then_some("page")] {
                    (period_label(ctx, p.scheme, p.number))
                    @if p.closed { " " span.badge { (ctx.t("journal-closed")) } }
                }
            }
        }
    }
}

/// A column heading's title: the lesson's topic and the assignment's name.
fn col_title(c: &Column) -> String {
    [c.topic.as_str(), c.name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

fn header(ctx: &Ctx, g: &Grid) -> Markup {
    let t = g.head.id;
    let fin = FinalKind::Period(g.period_id).slug();
    html! {
        thead {
            tr {
                th.n scope="col" { (ctx.t("journal-student")) }
                @for c in &g.columns {
                    @let slug = c.lesson.slug();
                    @let title = col_title(c);
                    th id=(column_id(&slug, c.a)) data-l=(slug) data-a=(c.a) scope="col"
                        class=[c.first.then_some("l1")] title=[(!title.is_empty()).then_some(title.as_str())] {
                        @if c.first {
                            a href=(format!("/journal/{t}/lessons/{slug}")) hx-get=(format!("/journal/{t}/lessons/{slug}"))
                                hx-target="#panel" {
                                span.dd { (day_month(c.lesson.date)) }
                                span.wd { (weekday(ctx, c.lesson.date)) }
                            }
                        }
                        abbr title=(c.type_name) { (c.abbr) }
                        @if c.weight > 1 { sub { (c.weight) } }
                    }
                }
                th.tw scope="col" title=(ctx.t("journal-weighted-title")) { (ctx.t("journal-weighted")) }
                th.ts scope="col" title=(ctx.t("journal-simple-title")) { (ctx.t("journal-simple")) }
                th.ta scope="col" { (ctx.t("journal-absences")) }
                th.tf id=(format!("k{fin}")) data-k=(fin) scope="col" title=(ctx.t("journal-final-title")) {
                    (ctx.t("journal-final"))
                }
            }
        }
    }
}

fn body(ctx: &Ctx, g: &Grid) -> Markup {
    let titles = Titles::new(ctx, &g.names);
    // The column headings' ids, formatted once.
    let heads: Vec<Option<String>> =
        g.columns.iter().map(|c| c.editable.then(|| column_id(&c.lesson.slug(), c.a))).collect();
    html! {
        tbody {
            @for row in &g.rows {
                tr data-s=(row.id) class=[row.withdrawn.then_some("gone")] {
                    th.n id=(format!("s{}", row.id)) scope="row" title=(row.full) {
                        (row.short)
                        @if row.withdrawn { " " small.muted { (ctx.t("journal-withdrawn")) } }
                    }
                    @for (head, cell) in heads.iter().zip(&row.cells) {
                        (td(cell, &titles, TdOpts {
                            label_by: head.as_ref().map(|h| format!("s{} {h}", row.id)),
                            ..TdOpts::default()
                        }))
                    }
                    (totals(row.id, &row.totals, &titles, g.period_id, g.finals_editable, false))
                }
            }
        }
    }
}

/// What an attendance code means (a catalog key).
pub fn code_key(code: Code) -> &'static str {
    match code {
        Code::Absent => "journal-code-absent",
        Code::Excused => "journal-code-excused",
        Code::Ill => "journal-code-ill",
        Code::Unexcused => "journal-code-unexcused",
        Code::Late => "journal-code-late",
        Code::Exempt => "journal-code-exempt",
    }
}

fn legend(ctx: &Ctx, g: &Grid) -> Markup {
    html! {
        div.jlegend.no-print {
            @if g.can_edit || g.finals_editable { p { (ctx.t("journal-keys-hint")) } }
            p.muted {
                @for code in Code::ALL {
                    span class=(code.css()) { (code.label()) } " — " (ctx.t(code_key(code))) ". "
                }
            }
        }
    }
}

/// GET /journal/{teaching}: the grid of a period, with the lesson panel (`panel`) when one is
/// open.
pub fn page(ctx: &Ctx, g: &Grid, panel: Option<Markup>) -> Markup {
    let t: TeachingId = g.head.id;
    html! {
        (views::head(ctx, &g.head, Tab::Grid, &format!("?period={}", g.period_id)))
        (period_nav(ctx, g))
        p.print-only { (period_label(ctx, g.period.scheme, g.period.number)) }
        @if let Some(key) = g.locked { p.notice { (ctx.t(key)) } }
        @if g.columns.is_empty() {
            p.empty { (ctx.t("journal-no-lessons")) }
        } @else if g.rows.is_empty() {
            p.empty { (ctx.t("journal-no-students")) }
        }
        div.jwrap {
            @if !g.columns.is_empty() && !g.rows.is_empty() {
                div.jscroll tabindex="0" aria-label=(g.head.title()) {
                    table.jg.marks data-cell=(format!("/journal/{t}/cell")) data-fin=(format!("/journal/{t}/finals")) {
                        caption.visually-hidden {
                            (ctx.t_args("journal-caption", &[
                                ("n", Arg::Num(g.rows.len() as i64)),
                                ("lessons", Arg::Num(g.columns.iter().filter(|c| c.first).count() as i64)),
                            ]))
                        }
                        colgroup {
                            col;
                            @for c in &g.columns {
                                col class=[(c.lesson.date == g.today).then_some("now")];
                            }
                        }
                        (header(ctx, g))
                        (body(ctx, g))
                    }
                }
            }
            aside #panel.panel aria-live="polite" { @if let Some(p) = panel { (p) } }
        }
        (legend(ctx, g))
    }
}
