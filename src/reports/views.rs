//! Report pages: the catalogue, and one page for every report — the filters (a GET form that
//! htmx re-submits on change), the blocks of the report, the files, and on paper the school
//! and the date above it.

use maud::{Markup, html};

use super::catalog::{Audience, Filter, Kind, SPECS, Spec};
use super::chart;
use super::filters::{Asked, Choices, Scope, period_name};
use super::model::{Block, Report};
use super::table::{Cell, Table};
use crate::store::ids::UserId;
use crate::web::ctx::Ctx;
use crate::web::i18n::long_date;

/// The groups of the catalogue, in order.
const GROUPS: [&str; 4] = ["progress", "student", "attendance", "journal"];

/// GET /reports — the reports the user has, by group; `extra` (the reports to hand in) on top.
/// `children`: a member of staff's own children, whose reports are linked straight to them.
pub fn catalogue(ctx: &Ctx, kinds: &[Kind], children: &[(UserId, String)], extra: Markup) -> Markup {
    let about_one: Vec<&Spec> = SPECS.iter().filter(|s| s.audience == Audience::Student).collect();
    html! {
        (super::submit::views_mine::subnav(ctx, "/reports"))
        div.page-head { h1 { (ctx.t("reports-nav")) } }
        (extra)
        @if !children.is_empty() {
            section.card.report-children {
                h2 { (ctx.t("reports-my-children")) }
                @for (id, name) in children {
                    p {
                        strong { (name) } ": "
                        @for (i, s) in about_one.iter().enumerate() {
                            @if i > 0 { " · " }
                            a href=(format!("/reports/{}?student={id}", s.slug)) { (ctx.t(&s.kind.title_key())) }
                        }
                    }
                }
            }
        }
        @for group in GROUPS {
            @let specs: Vec<&Spec> = SPECS.iter().filter(|s| s.group == group && kinds.contains(&s.kind)).collect();
            @if !specs.is_empty() {
                section.report-group {
                    h2 { (ctx.t(&format!("reports-group-{group}"))) }
                    ul.report-list {
                        @for s in specs {
                            li {
                                a href=(format!("/reports/{}", s.slug)) { (ctx.t(&s.kind.title_key())) }
                                p.hint { (ctx.t(&format!("{}-hint", s.kind.title_key()))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The query string of the current report, for the file links.
pub fn query_of(scope: &Scope) -> String {
    Asked::of_scope(scope).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

fn select<T: std::fmt::Display + PartialEq>(
    ctx: &Ctx,
    name: &str,
    label: &str,
    options: &[(T, String)],
    chosen: Option<&T>,
) -> Markup {
    html! {
        label.report-filter {
            span { (ctx.t(label)) }
            // An id lets htmx give the focus back to the select after the swap.
            select id=(format!("f-{name}")) name=(name) {
                @for (id, text) in options {
                    option value=(id) selected[chosen == Some(id)] { (text) }
                }
            }
        }
    }
}

/// The subject of a report about one student: «all subjects» first (the empty value), then the
/// student's. The hidden field names the student the subject was chosen for, so switching the
/// student falls back to all subjects instead of a missing page (`filters::student_subject`).
fn student_subject(ctx: &Ctx, ch: &Choices, s: &Scope) -> Markup {
    let mut options = vec![(String::new(), ctx.t("reports-all-subjects"))];
    options.extend(ch.subjects.iter().map(|(id, name)| (id.to_string(), name.clone())));
    let chosen = s.subject.as_ref().map_or(String::new(), |(id, _)| id.to_string());
    html! {
        (select(ctx, "subject", "reports-subject", &options, Some(&chosen)))
        @if let Some((id, _)) = &s.student {
            input type="hidden" name="subject_for" value=(id);
        }
    }
}

/// The filter form: a plain GET form; with htmx, a change reloads the report part in place.
fn filters(ctx: &Ctx, kind: Kind, ch: &Choices, s: &Scope) -> Markup {
    let spec = kind.spec();
    let has = |f: Filter| spec.filters.contains(&f);
    let action = format!("/reports/{}", spec.slug);
    html! {
        form.report-filters.no-print method="get" action=(action)
            hx-get=(action) hx-target="#report-page" hx-select="#report-page" hx-swap="outerHTML"
            hx-trigger="change" hx-push-url="true" {
            @if has(Filter::Year) && ch.years.len() > 1 {
                (select(ctx, "year", "reports-year", &ch.years, Some(&s.year.0)))
            }
            @if has(Filter::Class) && !ch.classes.is_empty() {
                (select(ctx, "class", "reports-class", &ch.classes, s.class.as_ref().map(|(id, _)| id)))
            }
            @if has(Filter::Grade) && !ch.grades.is_empty() {
                @let grades: Vec<(u8, String)> = ch.grades.iter().map(|g| (*g, ctx.t_args("reports-grade-n", &[("n", i64::from(*g).into())]))).collect();
                (select(ctx, "grade", "reports-grade", &grades, s.grade.as_ref()))
            }
            @if has(Filter::Student) && ch.students.len() > 1 {
                (select(ctx, "student", "reports-student", &ch.students, s.student.as_ref().map(|(id, _)| id)))
            }
            @if has(Filter::Subject) && !ch.subjects.is_empty() {
                (select(ctx, "subject", "reports-subject", &ch.subjects, s.subject.as_ref().map(|(id, _)| id)))
            }
            @if has(Filter::StudentSubject) && !ch.subjects.is_empty() {
                (student_subject(ctx, ch, s))
            }
            @if has(Filter::Teacher) && ch.teachers.len() > 1 {
                (select(ctx, "teacher", "reports-teacher", &ch.teachers, s.teacher.as_ref().map(|(id, _)| id)))
            }
            @if has(Filter::Period) && !ch.periods.is_empty() {
                @let periods: Vec<_> = ch.periods.iter().map(|(id, p)| (*id, period_name(ctx.lang, p))).collect();
                (select(ctx, "period", "reports-period", &periods, s.period.as_ref().map(|(id, _)| id)))
            }
            @if has(Filter::Range) {
                label.report-filter {
                    span { (ctx.t("reports-from")) }
                    input #f-from type="date" name="from" value=(s.from) min=(s.year.1.start) max=(s.year.1.end);
                }
                label.report-filter {
                    span { (ctx.t("reports-to")) }
                    input #f-to type="date" name="to" value=(s.to) min=(s.year.1.start) max=(s.year.1.end);
                }
            }
            button type="submit" { (ctx.t("reports-show")) }
        }
    }
}

/// One cell on screen.
fn cell(c: &Cell) -> Markup {
    match c {
        Cell::Mark(m) => {
            let tone = match m.as_str() {
                "5" => "m5",
                "4" => "m4",
                "3" => "m3",
                "2" | "1" => "m2",
                _ => "mx",
            };
            html! { td.num.mark { span class=(tone) { (m) } } }
        }
        c if c.is_number() => html! { td.num { (c.display()) } },
        Cell::Date(_) => html! { td.date { (c.display()) } },
        c => html! { td { (c.display()) } },
    }
}

/// A report table; its first column names the row.
pub fn table(t: &Table) -> Markup {
    html! {
        div.table-wrap {
            table.list.report.wide[t.is_wide()] {
                thead { tr {
                    @for (i, c) in t.columns.iter().enumerate() {
                        @let num = t.rows.first().and_then(|r| r.cells.get(i)).is_some_and(|c| c.is_number());
                        @if c.hint.is_empty() {
                            th scope="col" .num[num] { (c.head) }
                        } @else {
                            th scope="col" .num[num] title=(c.hint) { abbr title=(c.hint) { (c.head) } }
                        }
                    }
                } }
                tbody {
                    @for r in &t.rows {
                        tr.strong[r.strong] {
                            @for (i, c) in r.cells.iter().enumerate() {
                                @if i == 0 { th scope="row" { (c.display()) } } @else { (cell(c)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The blocks of a report, as on screen and on paper (the page's header carries the school's
/// name and the page's heading the report's, on paper too).
pub fn body(ctx: &Ctx, r: &Report) -> Markup {
    html! {
        div.report-head {
            @for line in &r.subtitle { p.report-subtitle { (line) } }
            p.print-only.report-date { (ctx.t("reports-made")) " " (long_date(ctx.lang, r.made)) }
        }
        @for b in &r.blocks {
            @match b {
                Block::Heading(h) => h3 { (h) },
                Block::Facts(f) => dl.report-facts {
                    @for (k, v) in f { div { dt { (k) } dd { (v) } } }
                },
                Block::Table(t) => (table(t)),
                Block::Chart(c) => (chart::render(c)),
                Block::Note(n) => p.hint { (n) },
                Block::PageBreak => div.page-break {},
            }
        }
    }
}

/// GET /reports/{slug}
pub fn page(ctx: &Ctx, r: &Report, ch: &Choices, s: &Scope, extra: Markup) -> Markup {
    let slug = r.kind.slug();
    let q = query_of(s);
    html! {
        div.page-head {
            h1 { (r.title) }
            p.no-print { a href="/reports" { (ctx.t("reports-all")) } }
        }
        div #report-page {
            (filters(ctx, r.kind, ch, s))
            div.report-actions.no-print {
                button.secondary type="button" data-print { (ctx.t("reports-print")) }
                a.button.secondary href=(format!("/reports/{slug}.xlsx?{q}")) download { (ctx.t("reports-xlsx")) }
                a.button.secondary href=(format!("/reports/{slug}.csv?{q}")) download { (ctx.t("reports-csv")) }
                (extra)
            }
            article.report-body data-report=(slug) { (body(ctx, r)) }
        }
    }
}
