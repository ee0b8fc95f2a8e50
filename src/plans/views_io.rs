//! Pages of the plan import (upload form, preview) and of the copy of a plan.

use maud::{Markup, html};

use super::copy::{CopyForm, CopyPage};
use super::export::PlanHead;
use super::import::{Column, ImportError, Problem, RowKind};
use super::model::LessonKind;
use super::routes_io::Preview;
use super::service::MAX_TOPICS;
use crate::error::FieldErrors;
use crate::exchange::table::{FileError, Source};
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

fn n(ctx: &Ctx, key: &str, count: usize) -> String {
    ctx.t_args(key, &[("n", Arg::Num(count as i64))])
}

/// «Математика, 5А · 2026/2027» or «Математика, 5 классы · 2026/2027».
pub fn plan_name(ctx: &Ctx, h: &PlanHead) -> String {
    let scope = match (&h.class, h.grade) {
        (Some(c), _) => c.clone(),
        (None, g) => ctx.t_args("plio-grade", &[("grade", Arg::Num(g.unwrap_or(0) as i64))]),
    };
    format!("{}, {} · {}", h.subject, scope, h.year)
}

fn back(ctx: &Ctx, h: &PlanHead) -> Markup {
    html! { p { a href=(format!("/plans/{}", h.id)) { "← " (plan_name(ctx, h)) } } }
}

pub fn kind_text(ctx: &Ctx, k: LessonKind) -> String {
    ctx.t(match k {
        LessonKind::New => "plio-kind-new",
        LessonKind::Practice => "plio-kind-practice",
        LessonKind::Combined => "plio-kind-combined",
        LessonKind::Review => "plio-kind-review",
        LessonKind::Control => "plio-kind-control",
        LessonKind::Lab => "plio-kind-lab",
        LessonKind::Other => "plio-kind-other",
    })
}

/// The short name of a column.
fn column_key(c: Column) -> &'static str {
    match c {
        Column::Number => "plio-col-number",
        Column::Section => "plio-col-section",
        Column::Topic => "plio-col-topic",
        Column::Hours => "plio-col-hours",
        Column::Date => "plio-col-date",
        Column::Kind => "plio-col-kind",
        Column::Homework => "plio-col-homework",
        Column::Control => "plio-col-control",
    }
}

/// What a column holds and how it is read.
fn help_key(c: Column) -> &'static str {
    match c {
        Column::Number => "plio-help-number",
        Column::Section => "plio-help-section",
        Column::Topic => "plio-help-topic",
        Column::Hours => "plio-help-hours",
        Column::Date => "plio-help-date",
        Column::Kind => "plio-help-kind",
        Column::Homework => "plio-help-homework",
        Column::Control => "plio-help-control",
    }
}

/// The header names shown as examples (the file's own words, not translated).
fn examples(c: Column) -> &'static [&'static str] {
    match c {
        Column::Number => &["№", "№ п/п"],
        Column::Section => &["Раздел"],
        Column::Topic => &["Тема", "Тема урока"],
        Column::Hours => &["Количество часов", "Кол-во часов", "Часы"],
        Column::Date => &["Дата", "Дата проведения", "План. дата"],
        Column::Kind => &["Тип урока"],
        Column::Homework => &["Домашнее задание", "Д/з"],
        Column::Control => &["Контроль", "Контрольная работа"],
    }
}

/// What the importer reads, column by column.
fn columns_help(ctx: &Ctx) -> Markup {
    html! {
        div.table-wrap {
            table.list {
                thead { tr {
                    th scope="col" { (ctx.t("plio-th-column")) }
                    th scope="col" { (ctx.t("plio-th-meaning")) }
                } }
                tbody {
                    @for c in Column::ALL {
                        tr {
                            td {
                                @for (i, e) in examples(c).iter().enumerate() {
                                    @if i > 0 { ", " }
                                    code { (e) }
                                }
                                @if c == Column::Topic { " " span.badge { (ctx.t("plio-required")) } }
                            }
                            td { (ctx.t(help_key(c))) }
                        }
                    }
                }
            }
        }
    }
}

fn import_error_text(ctx: &Ctx, e: &ImportError) -> String {
    match e {
        ImportError::NoTopicColumn => ctx.t("plio-no-topic-column"),
        ImportError::File(FileError::TooManyRows(n)) => {
            ctx.t_args("ex-file-too-many-rows", &[("n", Arg::Num(*n as i64))])
        }
        ImportError::File(f) => ctx.t(f.key()),
    }
}

/// GET /plans/{id}/import: the upload form, with why a file was refused; `limit` is the
/// largest file accepted, in bytes.
pub fn import_form(
    ctx: &Ctx,
    h: &PlanHead,
    limit: usize,
    error: Option<&ImportError>,
    missing: bool,
) -> Markup {
    let action = format!("/plans/{}/import?_csrf={}", h.id, ctx.csrf);
    let mb = (limit / (1024 * 1024)).max(1) as i64;
    html! {
        (back(ctx, h))
        h1 { (ctx.t("plio-import-title")) }
        p.muted { (ctx.t("plio-import-intro")) }
        @if h.closed { div.alert role="alert" { (ctx.t("plans-year-closed")) } }
        @if let Some(e) = error { div.alert role="alert" { (import_error_text(ctx, e)) } }
        @if missing { div.alert role="alert" { (ctx.t("plio-file-missing")) } }
        form.card method="post" action=(action) enctype="multipart/form-data" {
            div.field.invalid[error.is_some() || missing] {
                label for="plan_file" { (ctx.t("plio-file")) }
                input #plan_file type="file" name="file" required
                    accept=".xlsx,.csv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                small.hint { (ctx.t_args("plio-file-hint", &[("mb", Arg::Num(mb))])) }
            }
            p.muted { (ctx.t("plio-upload-note")) }
            button.primary type="submit" { (ctx.t("plio-check")) }
        }
        h2 { (ctx.t("plio-columns")) }
        p.muted { (ctx.t("plio-columns-hint")) }
        (columns_help(ctx))
    }
}

fn source_text(ctx: &Ctx, s: &Source) -> String {
    match s {
        Source::Xlsx { sheet } => ctx.t_args("plio-source-xlsx", &[("sheet", Arg::from(sheet.as_str()))]),
        Source::Csv { encoding, separator } => {
            let sep = if *separator == b'\t' {
                ctx.t("plio-separator-tab")
            } else {
                format!("«{}»", *separator as char)
            };
            ctx.t_args(
                "plio-source-csv",
                &[("encoding", Arg::from(encoding.label())), ("separator", Arg::Str(sep))],
            )
        }
    }
}

/// «строка 14: нет темы».
pub fn problem_text(ctx: &Ctx, line: usize, p: &Problem) -> String {
    let message = ctx.t_args(p.key, &[("value", Arg::Str(p.value.clone()))]);
    ctx.t_args("plio-problem-line", &[("line", Arg::Num(line as i64)), ("message", Arg::Str(message))])
}

/// GET /plans/{id}/import/{file}: what the file holds, problems first.
pub fn preview(ctx: &Ctx, p: &Preview) -> Markup {
    let parsed = &p.parsed;
    let bad = parsed.bad_rows();
    let sections = parsed.sections.iter().filter(|s| !s.title.is_empty()).count();
    let blocked = parsed.blocked() || p.head.closed;
    let used: Vec<String> = parsed
        .header
        .iter()
        .filter_map(|(name, c)| c.map(|c| format!("«{name}» — {}", ctx.t(column_key(c)))))
        .collect();
    let ignored: Vec<String> =
        parsed.header.iter().filter(|(_, c)| c.is_none()).map(|(name, _)| format!("«{name}»")).collect();
    html! {
        (back(ctx, &p.head))
        h1 { (ctx.t("plio-preview-title")) }
        p { strong { (p.file_name) } " · " (source_text(ctx, &p.source)) }
        p.muted { (ctx.t("plio-columns-used")) ": " (used.join("; ")) }
        @if !ignored.is_empty() { p.muted { (ctx.t("plio-columns-ignored")) ": " (ignored.join(", ")) } }
        ul.stats {
            @if sections > 0 { li { span { strong { (sections) } " " (n(ctx, "plio-w-sections", sections)) } } }
            li { span { strong { (parsed.topics()) } " " (n(ctx, "plio-w-topics", parsed.topics())) } }
            li { span { strong { (parsed.hours()) } " " (n(ctx, "plio-w-hours", parsed.hours() as usize)) } }
        }
        @if p.head.closed { div.alert role="alert" { (ctx.t("plans-year-closed")) } }
        @if bad > 0 {
            div.alert role="alert" {
                p { (n(ctx, "plio-bad-rows", bad)) }
                ul.exchange-problems {
                    @for r in parsed.rows.iter().filter(|r| !r.problems.is_empty()) {
                        @for pr in &r.problems { li { (problem_text(ctx, r.line, pr)) } }
                    }
                }
            }
        } @else if parsed.topics() == 0 {
            div.alert role="alert" { (ctx.t("plio-no-topics")) }
        } @else if parsed.topics() > MAX_TOPICS {
            div.alert role="alert" { (ctx.t("plans-too-many-topics")) }
        } @else if !blocked {
            p.flash role="status" { (ctx.t("plio-ok")) }
        }
        (decision(ctx, p, blocked))
        @if !parsed.rows.is_empty() {
            div.table-wrap {
                table.list.exchange-preview {
                    thead { tr {
                        th scope="col" { (ctx.t("plio-th-line")) }
                        th scope="col" { (ctx.t("plio-th-number")) }
                        th scope="col" { (ctx.t("plio-col-topic")) }
                        th scope="col" { (ctx.t("plio-col-hours")) }
                        th scope="col" { (ctx.t("plio-col-kind")) }
                        th scope="col" { (ctx.t("plio-col-date")) }
                        th scope="col" { (ctx.t("plio-col-homework")) }
                        th scope="col" { (ctx.t("plio-th-check")) }
                    } }
                    tbody {
                        @for r in &parsed.rows {
                            @match &r.kind {
                                RowKind::Section(title) => tr {
                                    td { (r.line) }
                                    td colspan="7" { strong { (title) } " " span.badge { (ctx.t("plio-section")) } }
                                },
                                RowKind::Topic(t) => tr {
                                    td { (r.line) }
                                    td { (r.number) }
                                    td { (t.title) @if t.control { " " span.badge.warn { (ctx.t("plio-control")) } } }
                                    td { (t.hours) }
                                    td { (kind_text(ctx, t.kind)) }
                                    td { @if let Some(d) = t.date { (d.format("%d.%m.%Y")) } }
                                    td { (t.homework) }
                                    td { span.exchange-ok { "✓" } }
                                },
                                RowKind::Bad => tr.exchange-bad {
                                    td { (r.line) }
                                    td { (r.number) }
                                    td colspan="5" { (r.title) }
                                    td { ul.exchange-problems { @for pr in &r.problems { li { (problem_text(ctx, r.line, pr)) } } } }
                                },
                            }
                        }
                    }
                }
            }
            (decision(ctx, p, blocked))
        }
    }
}

/// Replace or append (disabled while the file has problems), cancel, another file.
fn decision(ctx: &Ctx, p: &Preview, blocked: bool) -> Markup {
    let action = format!("/plans/{}/import/{}", p.head.id, p.file);
    html! {
        div.actions.exchange-decision {
            form method="post" action=(action) {
                (csrf_field(ctx))
                button.primary type="submit" name="mode" value="replace" disabled[blocked] { (ctx.t("plio-replace")) }
                " "
                button type="submit" name="mode" value="append" disabled[blocked || p.append_blocked()] { (ctx.t("plio-append")) }
            }
            form method="post" action=(format!("{action}/cancel")) {
                (csrf_field(ctx))
                button type="submit" { (ctx.t("plio-cancel")) }
            }
            a.button href=(format!("/plans/{}/import", p.head.id)) { (ctx.t("plio-upload-again")) }
        }
        @if blocked {
            p.hint { (ctx.t("plio-blocked")) }
        } @else if p.existing > 0 {
            p.hint { (n(ctx, "plio-replace-warning", p.existing)) }
        }
    }
}

/// GET /plans/{id}/copy: whom the copy is for, its title, whether the class follows it.
pub fn copy_form(ctx: &Ctx, page: &CopyPage, form: &CopyForm, errors: &FieldErrors) -> Markup {
    let h = &page.head;
    let target_error = errors.get("target").or(errors.get("scope")).or(errors.get("year"));
    html! {
        (back(ctx, h))
        h1 { (ctx.t("plio-copy-title")) }
        p { (plan_name(ctx, h)) " · " (n(ctx, "plio-n-topics", h.topics)) ", " (n(ctx, "plio-n-hours", h.hours as usize)) }
        p.muted { (ctx.t("plio-copy-intro")) }
        @if !errors.is_empty() { div.alert role="alert" { (ctx.t("form-has-errors")) } }
        @if page.choices.is_empty() {
            p.empty { (ctx.t("plio-copy-nowhere")) }
        } @else {
            form.card method="post" action=(format!("/plans/{}/copy", h.id)) {
                (csrf_field(ctx))
                fieldset.roles.checks.invalid[target_error.is_some()] {
                    legend { (ctx.t("plio-copy-target")) }
                    @for c in &page.choices {
                        @let value = c.target.value();
                        label.check {
                            input type="radio" name="target" value=(value) checked[form.target == value] required;
                            @match &c.class {
                                Some(class) => { (class) " · " (c.teacher) }
                                None => { (ctx.t_args("plio-grade", &[("grade", Arg::Num(c.grade as i64))])) }
                            }
                            " · " span.muted { (c.year) }
                        }
                    }
                    @if let Some(key) = target_error { p.error { (ctx.t(key)) } }
                }
                div.field.invalid[errors.get("title").is_some()] {
                    label for="copy_title" { (ctx.t("plio-copy-name")) }
                    input #copy_title type="text" name="title" value=(form.title) maxlength="300";
                    @if let Some(key) = errors.get("title") { p.error { (ctx.t(key)) } }
                }
                label.check {
                    input type="checkbox" name="bind" checked[form.bind];
                    (ctx.t("plio-copy-bind"))
                }
                p { button.primary type="submit" { (ctx.t("plio-copy-submit")) } }
            }
        }
    }
}
