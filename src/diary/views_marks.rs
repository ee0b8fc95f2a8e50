//! A student's marks of a period by subject, with the averages and every final mark.

use maud::{Markup, html};

use super::marks::{MarkCell, MarksView};
use super::views::{average, child_tabs, day_month, final_mark, mark, period_name, period_tabs};
use crate::web::ctx::Ctx;

fn title(ctx: &Ctx, weight: &str, m: &MarkCell) -> String {
    let mut parts = vec![day_month(ctx, m.date)];
    if !m.work.is_empty() {
        parts.push(m.work.clone());
    }
    parts.push(format!("{weight} {}", m.weight));
    if !m.comment.is_empty() {
        parts.push(m.comment.clone());
    }
    parts.join(" · ")
}

/// GET /diary/{student}/marks
pub fn page(ctx: &Ctx, v: &MarksView) -> Markup {
    let current = v.period.as_ref().map(|(id, _)| *id);
    let student = v.student;
    html! {
        div.dy {
            (child_tabs(ctx, &v.tabs, v.student, |id| format!("/diary/{id}/marks")))
            p.no-print { a href=(format!("/diary/{}", v.student)) { "← " (ctx.t("diary-title")) } }
            div.page-head {
                h1 {
                    (ctx.t("diary-marks-title")) ": " (v.name)
                    @if let Some(c) = &v.class_name { " " span.muted { (c) } }
                }
            }
            (period_tabs(ctx, &v.periods, current, |id| format!("/diary/{student}/marks?period={id}")))
            @match &v.period {
                None => p.empty { (ctx.t("diary-no-periods")) },
                Some((_, p)) => {
                    h2 { (period_name(ctx, p)) @if p.closed { " " span.badge { (ctx.t("diary-period-closed")) } } }
                    @if v.rows.is_empty() {
                        p.empty { (ctx.t("diary-no-subjects")) }
                    } @else {
                        (table(ctx, v))
                    }
                }
            }
        }
    }
}

fn table(ctx: &Ctx, v: &MarksView) -> Markup {
    let weight = ctx.t("diary-weight-prefix");
    html! {
        div.table-wrap {
            table.list.dy-marktable {
                thead { tr {
                    th scope="col" { (ctx.t("diary-subject")) }
                    th scope="col" .num { (ctx.t("diary-average")) }
                    th scope="col" { (ctx.t("diary-marks")) }
                    @for (_, p) in &v.periods {
                        th scope="col" .num { (period_name(ctx, p)) }
                    }
                    th scope="col" .num { (ctx.t("diary-final-year")) }
                    th scope="col" .num { (ctx.t("diary-final-exam")) }
                    th scope="col" .num { (ctx.t("diary-final-final")) }
                } }
                tbody {
                    @for row in &v.rows {
                        tr {
                            th scope="row" { (row.subject) }
                            td.num { strong { (average(row.tally.weighted_average())) } }
                            td {
                                div.dy-markrow {
                                    @if row.marks.is_empty() { span.muted { "—" } }
                                    @for m in &row.marks { (mark(m.value, m.weight, &title(ctx, &weight, m), !m.comment.is_empty())) " " }
                                }
                            }
                            @for p in &row.periods { td.num { (final_mark(*p)) } }
                            td.num { (final_mark(row.year)) }
                            td.num { (final_mark(row.exam)) }
                            td.num { (final_mark(row.final_mark)) }
                        }
                    }
                }
            }
        }
        p.hint { (ctx.t("diary-marks-hint")) }
    }
}
