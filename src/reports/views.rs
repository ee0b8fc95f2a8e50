//! Report pages: filters on top (a plain GET form), the table, the school and the date on print.

use maud::{Markup, html};

use super::formulas::Counts;
use super::quality::Quality;
use super::table::{Cell, Table};
use crate::diary::views::period_name;
use crate::web::ctx::Ctx;
use crate::web::i18n::long_date;

/// «83,3» — one decimal, Russian comma; «—» for none.
fn pct(v: Option<f64>) -> String {
    match v {
        Some(x) => format!("{x:.1}").replace('.', ","),
        None => "—".into(),
    }
}

fn avg(v: Option<f64>) -> String {
    match v {
        Some(x) => format!("{x:.2}").replace('.', ","),
        None => "—".into(),
    }
}

/// The headers of the count columns, in the order of [`cells`]: N, the marks, зач, незач, н/а, осв.
fn count_headers(ctx: &Ctx) -> Vec<String> {
    let mut h: Vec<String> = ["N", "5", "4", "3", "2"].map(String::from).to_vec();
    h.extend(
        ["reports-col-pass", "reports-col-fail", "reports-col-na", "reports-col-exempt"].map(|k| ctx.t(k)),
    );
    h
}

fn cells(c: &Counts) -> Markup {
    html! {
        td.num { (c.n()) }
        td.num { (c.n5) } td.num { (c.n4) } td.num { (c.n3) } td.num { (c.n2) }
        td.num { (c.pass) } td.num { (c.fail) } td.num { (c.na) } td.num { (c.exempt) }
        td.num { (pct(c.success())) } td.num { (pct(c.quality())) } td.num { (pct(c.sou())) } td.num { (avg(c.average())) }
    }
}

/// GET /reports/quality
pub fn quality(ctx: &Ctx, q: &Quality) -> Markup {
    html! {
        div.page-head {
            h1 { (ctx.t("reports-quality-title")) }
        }
        p.print-only { (ctx.school.short_name) " · " (long_date(ctx.lang, ctx.today())) }
        form.row.report-filters.no-print method="get" action="/reports/quality" {
            label for="f-class" { (ctx.t("reports-class")) }
            select id="f-class" name="class" {
                @for (id, name) in &q.classes {
                    option value=(id) selected[q.class.as_ref().is_some_and(|(c, _)| c == id)] { (name) }
                }
            }
            label for="f-period" { (ctx.t("reports-period")) }
            select id="f-period" name="period" {
                @for (id, p) in &q.periods {
                    option value=(id) selected[q.period.as_ref().is_some_and(|(c, _)| c == id)] { (period_name(ctx, p)) }
                }
            }
            button type="submit" { (ctx.t("reports-show")) }
        }
        @match (&q.class, &q.period) {
            (Some((_, class)), Some((_, period))) => {
                h2 { (class) " · " (period_name(ctx, period)) }
                @if q.rows.is_empty() {
                    p.empty { (ctx.t("reports-no-subjects")) }
                } @else {
                    div.table-wrap {
                        table.list.report {
                            thead { tr {
                                th scope="col" { (ctx.t("reports-subject")) }
                                th scope="col" { (ctx.t("reports-teacher")) }
                                th scope="col" .num title=(ctx.t("reports-n-hint")) { "N" }
                                @for h in &count_headers(ctx)[1..] { th scope="col" .num { (h) } }
                                th scope="col" .num title=(ctx.t("reports-success-hint")) { (ctx.t("reports-success")) }
                                th scope="col" .num title=(ctx.t("reports-quality-hint")) { (ctx.t("reports-quality")) }
                                th scope="col" .num title=(ctx.t("reports-sou-hint")) { (ctx.t("reports-sou")) }
                                th scope="col" .num title=(ctx.t("reports-average-hint")) { (ctx.t("reports-average")) }
                            } }
                            tbody {
                                @for r in &q.rows {
                                    tr { th scope="row" { (r.subject) } td { (r.teacher) } (cells(&r.counts)) }
                                }
                            }
                            tfoot {
                                tr { th scope="row" colspan="2" { (ctx.t("reports-total")) } (cells(&q.total)) }
                            }
                        }
                    }
                    p.hint { (ctx.t("reports-formulas")) }
                    @if let (Some((c, _)), Some((pid, _))) = (&q.class, &q.period) {
                        p.no-print {
                            a.button href=(format!("/reports/quality.xlsx?class={c}&period={pid}")) download { (ctx.t("reports-xlsx")) }
                            " "
                            a.button href=(format!("/reports/quality.csv?class={c}&period={pid}")) download { (ctx.t("reports-csv")) }
                        }
                    }
                }
            }
            _ => p.empty { (ctx.t("reports-nothing")) },
        }
    }
}

/// The quality report as a table for XLSX and CSV: the same columns as on screen.
pub fn quality_table(ctx: &Ctx, q: &Quality) -> Table {
    let mut title = vec![ctx.school.short_name.clone(), ctx.t("reports-quality-title")];
    if let (Some((_, class)), Some((_, period))) = (&q.class, &q.period) {
        title.push(format!("{class} · {}", period_name(ctx, period)));
    }
    title.push(long_date(ctx.lang, ctx.today()));
    let mut columns: Vec<(String, f64)> =
        vec![(ctx.t("reports-subject"), 32.0), (ctx.t("reports-teacher"), 22.0)];
    for h in count_headers(ctx) {
        columns.push((h, 7.0));
    }
    for key in ["reports-success-hint", "reports-quality-hint", "reports-sou-hint", "reports-average"] {
        columns.push((ctx.t(key).split(':').next().unwrap_or_default().to_string(), 12.0));
    }
    let row = |label: String, teacher: String, c: &Counts| {
        vec![
            Cell::Text(label),
            Cell::Text(teacher),
            Cell::Int(c.n()),
            Cell::Int(c.n5),
            Cell::Int(c.n4),
            Cell::Int(c.n3),
            Cell::Int(c.n2),
            Cell::Int(c.pass),
            Cell::Int(c.fail),
            Cell::Int(c.na),
            Cell::Int(c.exempt),
            Cell::num(c.success(), 1),
            Cell::num(c.quality(), 1),
            Cell::num(c.sou(), 1),
            Cell::num(c.average(), 2),
        ]
    };
    let mut rows: Vec<Vec<Cell>> =
        q.rows.iter().map(|r| row(r.subject.clone(), r.teacher.clone(), &r.counts)).collect();
    if !q.rows.is_empty() {
        rows.push(row(ctx.t("reports-total"), String::new(), &q.total));
    }
    Table { title, columns, rows }
}
