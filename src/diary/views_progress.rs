//! The class chief's overview of a period: students × subjects, averages, students at risk.

use maud::{Markup, html};

use super::progress::{Cell, ProgressView, SubjectColumn};
use super::views::{average, final_mark, period_name, period_tabs};
use crate::store::ids::PeriodId;
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;

/// GET /classes/{class}/progress
pub fn page(ctx: &Ctx, v: &ProgressView) -> Markup {
    let current = v.period.as_ref().map(|(id, _)| *id);
    let class = v.class_id;
    let at_risk: Vec<_> = v.students.iter().filter(|s| s.risk).collect();
    html! {
        div.dy {
            p.no-print { a href=(format!("/classes/{}", v.class_id)) { "← " (v.class_name) } }
            div.page-head {
                h1 { (ctx.t_args("diary-progress-title", &[("class", Arg::Str(v.class_name.clone()))])) }
                a.button.no-print href=(format!("/classes/{}/attendance", v.class_id)) { (ctx.t("diary-day-title-short")) }
            }
            (period_tabs(ctx, &v.periods, current, |id| format!("/classes/{class}/progress?period={id}")))
            @match (&v.period, current) {
                (Some((_, p)), Some(pid)) => {
                    h2 { (period_name(ctx, p)) @if p.closed { " " span.badge { (ctx.t("diary-period-closed")) } } }
                    @if at_risk.is_empty() {
                        p.dy-ok { (ctx.t("diary-risk-none")) }
                    } @else {
                        div.dy-risklist role="note" {
                            strong { (ctx.t_args("diary-risk-count", &[("n", Arg::Num(at_risk.len() as i64))])) }
                            ul {
                                @for s in &at_risk {
                                    li {
                                        (s.name) ": "
                                        (risk_subjects(v, &s.cells))
                                    }
                                }
                            }
                        }
                    }
                    @if v.students.is_empty() {
                        p.empty { (ctx.t("diary-no-students")) }
                    } @else {
                        (grid(ctx, v, pid))
                        p.dy-legend {
                            span.dy-risk-sample { "2,40" } " " (ctx.t("diary-risk-legend"))
                            " · " (ctx.t("diary-progress-legend"))
                        }
                    }
                }
                _ => p.empty { (ctx.t("diary-no-periods")) },
            }
        }
    }
}

fn risk_subjects(v: &ProgressView, cells: &[Cell]) -> String {
    v.subjects
        .iter()
        .zip(cells)
        .filter(|(_, c)| c.risk)
        .map(|(s, c)| match c.period_mark {
            Some(m) if super::rules::risky_final(m) => format!("{} ({})", s.name, m.label()),
            _ => format!("{} ({})", s.name, average(c.tally.weighted_average())),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn header(ctx: &Ctx, s: &SubjectColumn, period: PeriodId) -> Markup {
    html! {
        th scope="col" .dy-subjcol title=(s.name) {
            @match s.journals.as_slice() {
                [(t, _)] => a href=(format!("/journal/{t}?period={period}")) { (s.short) },
                _ => {
                    (s.short)
                    @for (t, group) in &s.journals {
                        br;
                        a.dy-group href=(format!("/journal/{t}?period={period}")) {
                            @if group.is_empty() { (ctx.t("diary-journal")) } @else { (group) }
                        }
                    }
                }
            }
        }
    }
}

fn grid(ctx: &Ctx, v: &ProgressView, period: PeriodId) -> Markup {
    html! {
        div.table-wrap {
            table.list.dy-grid {
                thead { tr {
                    th scope="col" { (ctx.t("diary-student")) }
                    @for s in &v.subjects { (header(ctx, s, period)) }
                    th scope="col" .num { (ctx.t("diary-average")) }
                } }
                tbody {
                    @for row in &v.students {
                        tr.dy-riskrow[row.risk] {
                            th scope="row" {
                                @if row.can_diary { a href=(format!("/diary/{}", row.id)) title=(row.name) { (row.short) } } @else { span title=(row.name) { (row.short) } }
                            }
                            @for c in &row.cells {
                                td.num.dy-risk[c.risk] {
                                    (average(c.tally.weighted_average()))
                                    @if c.period_mark.is_some() { " " (final_mark(c.period_mark)) }
                                }
                            }
                            td.num { strong { (average(row.average)) } }
                        }
                    }
                }
                tfoot { tr {
                    th scope="row" { (ctx.t("diary-class-average")) }
                    @for s in &v.subjects { td.num { (average(s.average)) } }
                    td.num { (average(super::rules::mean(v.students.iter().map(|s| s.average)))) }
                } }
            }
        }
    }
}
