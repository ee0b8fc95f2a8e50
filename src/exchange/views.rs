//! Pages of import and export: the overview with templates, exports and the column reference;
//! the upload forms; the preview of a checked file; the result of an import.

use maud::{Markup, html};

use super::apply::Done;
use super::columns::{self, Field};
use super::plan::{Problem, RowView};
use super::service::{Overview, Preview};
use super::table::{Encoding, FileError, MAX_ROWS, Source};
use super::{ListKind, ListKind::Staff, ListKind::Students};
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// Rows per page of the preview.
pub const PAGE_SIZE: usize = 100;

fn n(ctx: &Ctx, key: &str, count: usize) -> String {
    ctx.t_args(key, &[("n", Arg::Num(count as i64))])
}

fn back(ctx: &Ctx) -> Markup {
    html! { p { a href="/exchange" { "← " (ctx.t("ex-title")) } } }
}

fn quoted(items: &[String]) -> String {
    items.iter().map(|c| format!("«{c}»")).collect::<Vec<_>>().join(", ")
}

pub fn title_key(kind: ListKind) -> &'static str {
    match kind {
        Students => "ex-import-students",
        Staff => "ex-import-staff",
    }
}

/// GET /exchange
pub fn overview(ctx: &Ctx, o: &Overview, max_mb: u32) -> Markup {
    html! {
        h1 { (ctx.t("ex-title")) }
        p.muted { (ctx.t("ex-intro")) }
        @match &o.year {
            Some(name) => p { (ctx.t_args("ex-year-current", &[("name", Arg::Str(name.clone()))])) },
            None => div.alert role="alert" { (ctx.t("ex-year-missing")) },
        }
        div.exchange-cards {
            @for kind in [Students, Staff] {
                section.card {
                    h2 { (ctx.t(title_key(kind))) }
                    p.muted { (ctx.t(match kind { Students => "ex-import-students-hint", Staff => "ex-import-staff-hint" })) }
                    p { a.button.primary href=(format!("/exchange/{}", kind.slug())) { (ctx.t("ex-upload-start")) } }
                    p.exchange-downloads {
                        (ctx.t("ex-template")) ": "
                        a href=(format!("/exchange/template/{}.xlsx", kind.slug())) download { "XLSX" } " · "
                        a href=(format!("/exchange/template/{}.csv", kind.slug())) download { "CSV" }
                    }
                }
            }
        }
        section.card {
            h2 { (ctx.t("ex-export")) }
            p.muted { (ctx.t("ex-export-hint")) }
            form.exchange-export method="get" action="/exchange/export/students.xlsx" {
                label for="export-class" { (ctx.t("ex-export-students")) }
                select #export-class name="class" {
                    option value="" { (ctx.t("ex-export-all-classes")) }
                    @for (id, name) in &o.classes { option value=(id) { (name) } }
                }
                button type="submit" { "XLSX" }
                button type="submit" formaction="/exchange/export/students.csv" { "CSV" }
            }
            p.exchange-downloads {
                (ctx.t("ex-export-staff")) ": "
                a href="/exchange/export/staff.xlsx" download { "XLSX" } " · "
                a href="/exchange/export/staff.csv" download { "CSV" }
            }
        }
        section.card {
            h2 { (ctx.t("ex-columns")) }
            p { (ctx.t_args("ex-formats", &[("rows", Arg::Num(MAX_ROWS as i64)), ("mb", Arg::Num(i64::from(max_mb)))])) }
            p.muted { (ctx.t("ex-columns-hint")) }
            (columns_table(ctx, Students))
            (columns_table(ctx, Staff))
        }
    }
}

/// The column reference of one list.
fn columns_table(ctx: &Ctx, kind: ListKind) -> Markup {
    let fields = match kind {
        Students => columns::student_columns(1),
        Staff => columns::staff_columns(),
    };
    html! {
        h3 { (ctx.t(match kind { Students => "ex-template-students", Staff => "ex-template-staff" })) }
        div.table-wrap {
            table.list {
                thead { tr {
                    th scope="col" { (ctx.t("ex-column")) }
                    th scope="col" { (ctx.t("ex-meaning")) }
                } }
                tbody {
                    @for f in fields {
                        tr {
                            td { code { (f.header()) } @if columns::is_required(kind, f) { " " span.badge { (ctx.t("ex-required")) } } }
                            td { (ctx.t(f.description_key())) }
                        }
                    }
                    tr { td { code { (Field::FullName.header()) } } td { (ctx.t(Field::FullName.description_key())) } }
                }
            }
        }
        @if kind == Students { p.muted { (ctx.t("ex-parents-more")) } }
    }
}

fn file_error_text(ctx: &Ctx, e: &FileError) -> String {
    match e {
        FileError::TooManyRows(n) => ctx.t_args(e.key(), &[("n", Arg::Num(*n as i64))]),
        FileError::MissingColumns(cols) => ctx.t_args(e.key(), &[("columns", Arg::Str(quoted(cols)))]),
        FileError::DuplicateColumn(c) => ctx.t_args(e.key(), &[("column", Arg::Str(c.clone()))]),
        _ => ctx.t(e.key()),
    }
}

/// GET /exchange/students and /exchange/staff: the upload form, with why a file was refused.
pub fn upload_form(
    ctx: &Ctx,
    kind: ListKind,
    error: Option<&FileError>,
    missing: bool,
    max_mb: u32,
) -> Markup {
    let action = format!("/exchange/{}?_csrf={}", kind.slug(), ctx.csrf);
    html! {
        (back(ctx))
        h1 { (ctx.t(title_key(kind))) }
        @if let Some(e) = error { div.alert role="alert" { (file_error_text(ctx, e)) } }
        @if missing { div.alert role="alert" { (ctx.t("ex-file-missing")) } }
        form.card method="post" action=(action) enctype="multipart/form-data" {
            p.muted { (ctx.t("ex-upload-note")) }
            div.field.invalid[error.is_some() || missing] {
                label for="file" { (ctx.t("ex-file")) }
                input #file type="file" name="file" required
                    accept=".xlsx,.csv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                small.hint { (ctx.t_args("ex-file-hint", &[("mb", Arg::Num(i64::from(max_mb)))])) }
            }
            button.primary type="submit" { (ctx.t("ex-check")) }
        }
        p.exchange-downloads {
            (ctx.t("ex-template")) ": "
            a href=(format!("/exchange/template/{}.xlsx", kind.slug())) download { "XLSX" } " · "
            a href=(format!("/exchange/template/{}.csv", kind.slug())) download { "CSV" }
        }
        (columns_table(ctx, kind))
    }
}

fn source_text(ctx: &Ctx, s: &Source) -> String {
    match s {
        Source::Xlsx { sheet } => ctx.t_args("ex-source-xlsx", &[("sheet", Arg::Str(sheet.clone()))]),
        Source::Csv { encoding, separator } => {
            let sep = match separator {
                b';' => "«;»".to_string(),
                b',' => "«,»".to_string(),
                b'\t' => ctx.t("ex-separator-tab"),
                other => format!("«{}»", *other as char),
            };
            let enc: Encoding = *encoding;
            ctx.t_args(
                "ex-source-csv",
                &[("encoding", Arg::Str(enc.label().into())), ("separator", Arg::Str(sep))],
            )
        }
    }
}

pub fn problem_text(ctx: &Ctx, p: &Problem) -> String {
    let message =
        ctx.t_args(p.key, &[("value", Arg::Str(p.value.clone())), ("line", Arg::Num(p.line as i64))]);
    match &p.column {
        Some(c) => ctx.t_args(
            "ex-problem-in-column",
            &[("column", Arg::Str(c.clone())), ("message", Arg::Str(message))],
        ),
        None => message,
    }
}

fn counts(ctx: &Ctx, kind: ListKind, c: (usize, usize, usize, usize, usize)) -> Markup {
    let (students, parents_new, parents_existing, links, staff) = c;
    html! {
        ul.stats {
            @if kind == Students {
                li { span { strong { (students) } " " (n(ctx, "ex-n-students", students)) } }
                li { span { strong { (parents_new) } " " (n(ctx, "ex-n-parents-new", parents_new)) } }
                @if parents_existing > 0 {
                    li { span { strong { (parents_existing) } " " (n(ctx, "ex-n-parents-existing", parents_existing)) } }
                }
                li { span { strong { (links) } " " (n(ctx, "ex-n-links", links)) } }
            } @else {
                li { span { strong { (staff) } " " (n(ctx, "ex-n-staff", staff)) } }
            }
        }
    }
}

/// The preview: counts, then the rows with problems first, a page at a time.
pub fn preview(ctx: &Ctx, p: &Preview, page: usize) -> Markup {
    let plan = &p.plan;
    let c = &plan.counts;
    let mut order: Vec<&RowView> = plan.rows.iter().filter(|r| !r.problems.is_empty()).collect();
    order.extend(plan.rows.iter().filter(|r| r.problems.is_empty()));
    let pages = order.len().div_ceil(PAGE_SIZE).max(1);
    let page = page.min(pages - 1);
    let shown = &order[(page * PAGE_SIZE).min(order.len())..((page + 1) * PAGE_SIZE).min(order.len())];
    let students = p.kind == Students;
    html! {
        (back(ctx))
        h1 { (ctx.t("ex-preview-title")) }
        p { strong { (p.file_name) } " · " (source_text(ctx, &p.source)) " · " (n(ctx, "ex-n-rows", c.rows)) }
        @for problem in &plan.file_problems { div.alert role="alert" { (problem_text(ctx, problem)) } }
        @if !plan.ignored.is_empty() {
            p.muted { (ctx.t_args("ex-ignored", &[("columns", Arg::Str(quoted(&plan.ignored)))])) }
        }
        h2 { (ctx.t("ex-will-create")) }
        (counts(ctx, p.kind, (c.students, c.parents_new, c.parents_existing, c.links, c.staff)))
        @if c.bad_rows > 0 {
            div.alert role="alert" { (n(ctx, "ex-problems-alert", c.bad_rows)) }
        } @else if plan.file_problems.is_empty() {
            p.flash role="status" { (ctx.t("ex-ok-alert")) }
        }
        (decision(ctx, p))
        @if c.rows == 0 { p.empty { (ctx.t("ex-no-rows")) } } @else {
            p.muted { (ctx.t("ex-order-note")) }
            div.table-wrap {
                table.list.exchange-preview {
                    thead { tr {
                        th scope="col" { (ctx.t("ex-th-line")) }
                        th scope="col" { (ctx.t("ex-th-name")) }
                        @if students { th scope="col" { (ctx.t("ex-th-birth")) } }
                        th scope="col" { (ctx.t(if students { "ex-th-class" } else { "ex-th-position" })) }
                        th scope="col" { (ctx.t("ex-th-login")) }
                        @if students { th scope="col" { (ctx.t("ex-th-parents")) } }
                        th scope="col" { (ctx.t("ex-th-check")) }
                    } }
                    tbody {
                        @for r in shown {
                            tr.exchange-bad[!r.problems.is_empty()] {
                                td { (r.line) }
                                td { (r.name) }
                                @if students { td { @if let Some(b) = r.birth { (b.format("%d.%m.%Y")) } } }
                                td { (r.detail) }
                                td { code { (r.login) } }
                                @if students { td { (parents_cell(ctx, r)) } }
                                td {
                                    @if r.problems.is_empty() { span.exchange-ok { "✓ " (ctx.t("ex-ok")) } } @else {
                                        ul.exchange-problems { @for pr in &r.problems { li { (problem_text(ctx, pr)) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav.pager aria-label=(ctx.t("pager")) {
                    @if page > 0 { a href=(format!("/exchange/preview?file={}&page={}", p.file, page - 1)) rel="prev" { "← " (ctx.t("pager-prev")) } }
                    span { (ctx.t_args("ex-page-of", &[("n", Arg::Num(page as i64 + 1)), ("total", Arg::Num(pages as i64))])) }
                    @if page + 1 < pages { a href=(format!("/exchange/preview?file={}&page={}", p.file, page + 1)) rel="next" { (ctx.t("pager-next")) " →" } }
                }
            }
            (decision(ctx, p))
        }
    }
}

fn parents_cell(ctx: &Ctx, r: &RowView) -> Markup {
    html! {
        @for pv in &r.parents {
            div.exchange-parent {
                (pv.name) " "
                span.muted { "(" (ctx.t(&format!("ex-rel-{}", pv.relation.key()))) ")" }
                " " code { (pv.login) }
                @if pv.existing { " " span.badge { (ctx.t("ex-parent-existing")) } }
                @if let Some(line) = pv.shared_with {
                    " " span.badge { (ctx.t_args("ex-parent-shared", &[("line", Arg::Num(line as i64))])) }
                }
            }
        }
    }
}

/// Confirm (disabled while there are problems) and cancel.
fn decision(ctx: &Ctx, p: &Preview) -> Markup {
    let blocked = p.plan.has_problems() || p.plan.counts.rows == 0;
    html! {
        div.actions.exchange-decision {
            form method="post" action="/exchange/confirm" {
                (csrf_field(ctx))
                input type="hidden" name="file" value=(p.file);
                button.primary type="submit" disabled[blocked] { (ctx.t("ex-confirm")) }
            }
            form method="post" action="/exchange/cancel" {
                (csrf_field(ctx))
                input type="hidden" name="file" value=(p.file);
                button type="submit" { (ctx.t("ex-cancel")) }
            }
            a.button href=(format!("/exchange/{}", p.kind.slug())) { (ctx.t("ex-upload-again")) }
        }
        @if blocked { p.hint { (ctx.t("ex-confirm-blocked")) } }
    }
}

/// The result of an import.
pub fn done(ctx: &Ctx, d: &Done) -> Markup {
    let kind = d.kind.unwrap_or(Students);
    html! {
        h1 { (ctx.t("ex-done-title")) }
        (counts(ctx, kind, (d.students, d.parents_new, d.parents_existing, d.links, d.staff)))
        @if !d.per_class.is_empty() {
            h2 { (ctx.t("ex-done-per-class")) }
            div.table-wrap {
                table.list {
                    thead { tr { th scope="col" { (ctx.t("ex-th-class")) } th scope="col" { (ctx.t("ex-done-new-students")) } } }
                    tbody { @for (name, count) in &d.per_class { tr { td { (name) } td { (count) } } } }
                }
            }
        }
        p.muted { (ctx.t("ex-done-passwords")) }
        div.actions {
            @if kind == Students {
                a.button href="/admin/users?role=student" { (ctx.t("ex-link-students")) }
                a.button href="/admin/users?role=parent" { (ctx.t("ex-link-parents")) }
            } @else {
                a.button href="/admin/users" { (ctx.t("ex-link-staff")) }
            }
            a.button.primary href="/exchange" { (ctx.t("ex-link-again")) }
        }
    }
}
