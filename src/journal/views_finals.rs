//! The final marks of a journal, and the page where periods are closed.

use maud::{Markup, html};

use super::finals::FinalsPage;
use super::model::FinalKind;
use super::periods::PeriodsPage;
use super::rules::show_average;
use super::views::{self, Tab, TdOpts, Titles};
use super::views_grid::final_td;
use crate::structure::views::{date_range, period_label, scheme_label};
use crate::web::ctx::Ctx;
use crate::web::layout::csrf_field;

fn kind_label(ctx: &Ctx, page: &FinalsPage, i: usize) -> String {
    let col = &page.cols[i];
    match (col.kind, &col.period) {
        (FinalKind::Period(_), Some(p)) => period_label(ctx, p.scheme, p.number),
        (FinalKind::Year, _) => ctx.t("journal-kind-year"),
        (FinalKind::Exam, _) => ctx.t("journal-kind-exam"),
        _ => ctx.t("journal-kind-final"),
    }
}

/// GET /journal/{teaching}/finals
pub fn finals(ctx: &Ctx, page: &FinalsPage) -> Markup {
    let t = page.head.id;
    let editable = page.cols.iter().any(|c| c.editable);
    let titles = Titles::new(ctx, &page.names);
    html! {
        (views::head(ctx, &page.head, Tab::Finals, ""))
        @if let Some(k) = page.locked { p.notice { (ctx.t(k)) } }
        @if page.rows.is_empty() {
            p.empty { (ctx.t("journal-no-students")) }
        } @else {
            div.jscroll tabindex="0" {
                table.jg.finals data-fin=(format!("/journal/{t}/finals")) {
                    thead { tr {
                        th.n scope="col" { (ctx.t("journal-student")) }
                        @for (i, col) in page.cols.iter().enumerate() {
                            @if matches!(col.kind, FinalKind::Period(_)) {
                                th.avg scope="col" title=(ctx.t("journal-weighted-title")) { (ctx.t("journal-weighted")) }
                            }
                            th id=(format!("k{}", col.kind.slug())) data-k=(col.kind.slug()) scope="col"
                                class=[col.period.as_ref().filter(|p| p.closed).map(|_| "closed")] {
                                (kind_label(ctx, page, i))
                                @if col.period.as_ref().is_some_and(|p| p.closed) { " " span.badge { (ctx.t("journal-closed")) } }
                            }
                        }
                    } }
                    tbody {
                        @for row in &page.rows {
                            tr data-s=(row.id) class=[row.withdrawn.then_some("gone")] {
                                th.n id=(format!("s{}", row.id)) scope="row" title=(row.full) {
                                    (row.short)
                                    @if row.withdrawn { " " small.muted { (ctx.t("journal-withdrawn")) } }
                                }
                                @for (col, cell) in page.cols.iter().zip(&row.cells) {
                                    @if matches!(col.kind, FinalKind::Period(_)) {
                                        td.avg { (show_average(cell.average)) }
                                    }
                                    (final_td(row.id, col.kind, &cell.data(), &titles, col.editable,
                                        cell.suggestion, TdOpts::default()))
                                }
                            }
                        }
                    }
                }
            }
            @if editable { p.jlegend.no-print { (ctx.t("journal-finals-hint")) } }
        }
    }
}

/// GET /periods
pub fn periods(ctx: &Ctx, page: &PeriodsPage) -> Markup {
    html! {
        h1 { (ctx.t("journal-periods-title")) }
        @match &page.year {
            None => p.empty { (ctx.t("journal-no-year")) },
            Some((_, year)) => {
                p.muted { (year.name) }
                @if year.closed { p.notice { (ctx.t("journal-year-closed")) } }
                p { (ctx.t("journal-periods-intro")) }
                @for (scheme, list) in &page.schemes {
                    section.card {
                        h2 { (scheme_label(ctx, *scheme)) }
                        div.table-wrap {
                            table.list {
                                thead { tr {
                                    th scope="col" { (ctx.t("journal-period")) }
                                    th scope="col" { (ctx.t("journal-dates")) }
                                    th scope="col" { (ctx.t("journal-state")) }
                                    th scope="col" { span.visually-hidden { (ctx.t("journal-actions")) } }
                                } }
                                tbody {
                                    @for (id, p) in list {
                                        tr {
                                            td { (period_label(ctx, p.scheme, p.number)) }
                                            td { (date_range(ctx, p.start, p.end)) }
                                            td { @if p.closed { span.badge { (ctx.t("journal-closed")) } } @else { (ctx.t("journal-open")) } }
                                            td {
                                                @if !year.closed {
                                                    @let (path, key) = if p.closed { ("reopen", "journal-reopen") } else { ("close", "journal-close-period") };
                                                    form.inline method="post" action=(format!("/periods/{id}/{path}")) {
                                                        (csrf_field(ctx))
                                                        button.small type="submit" { (ctx.t(key)) }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
