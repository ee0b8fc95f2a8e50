//! The changes of a day (замены, отмены, переносы) in every class, and the form to add one.

use chrono::Duration;
use maud::{Markup, html};

use super::changes::{ChangeForm, Kind};
use super::model::ChangeKind;
use super::queries::{ChangeRow, ChangesPage};
use super::service::Problems;
use super::views::{Tab, messages, print_head, subnav, summary};
use crate::web::ctx::Ctx;
use crate::web::i18n::{Arg, long_date};
use crate::web::layout::csrf_field;

pub fn title(ctx: &Ctx, page: &ChangesPage) -> String {
    ctx.t_args("tt-changes-title", &[("date", Arg::Str(long_date(ctx.lang, page.date)))])
}

pub fn changes_page(ctx: &Ctx, page: &ChangesPage, form: &ChangeForm, problems: &Problems) -> Markup {
    let link = |d: chrono::NaiveDate| format!("/timetable/changes?date={d}");
    html! {
        (subnav(ctx, Tab::Changes))
        div.tt-printable {
            (print_head(ctx))
            h1 { (title(ctx, page)) }
            form.search.no-print method="get" action="/timetable/changes" {
                label for="tt_day" { (ctx.t("tt-date")) }
                input #tt_day type="date" name="date" value=(page.date);
                button type="submit" { (ctx.t("tt-open")) }
                a href=(link(page.date - Duration::days(1))) rel="prev" { "← " (ctx.t("tt-day-prev")) }
                a href=(link(page.date + Duration::days(1))) rel="next" { (ctx.t("tt-day-next")) " →" }
            }
            @if page.rows.is_empty() {
                p.empty { (ctx.t("tt-changes-none")) }
            } @else {
                div.table-wrap {
                    table.list.tt-changes {
                        thead { tr {
                            th scope="col" { (ctx.t("tt-class")) }
                            th.num scope="col" { (ctx.t("tt-lesson-no")) }
                            th scope="col" { (ctx.t("tt-subject")) }
                            th scope="col" { (ctx.t("tt-change")) }
                            th scope="col" { (ctx.t("tt-note")) }
                            th scope="col" { (ctx.t("tt-changed-by")) }
                            @if page.can_edit { th.no-print scope="col" { span.visually-hidden { (ctx.t("tt-actions")) } } }
                        } }
                        tbody {
                            @for r in &page.rows { (row(ctx, page, r)) }
                        }
                    }
                }
            }
        }
        @if page.can_edit {
            (add_form(ctx, page, form, problems))
        }
    }
}

fn row(ctx: &Ctx, page: &ChangesPage, r: &ChangeRow) -> Markup {
    html! {
        tr {
            td { a href=(format!("/timetable/classes/{}?week={}", r.class_id, page.date)) { (r.class) } }
            td.num { (r.number) }
            td { (r.subject) br; span.muted { (r.teacher) } }
            td {
                @match &r.kind {
                    ChangeKind::Cancelled => span.tt-badge.tt-badge-off { (ctx.t("tt-mark-cancelled")) },
                    ChangeKind::Substituted { .. } => {
                        span.tt-badge { (ctx.t("tt-mark-substituted")) }
                        " " (r.substitute.clone().unwrap_or_default())
                    }
                    ChangeKind::Added => span.tt-badge { (ctx.t("tt-mark-added")) },
                }
                @if let Some(room) = &r.room { br; span.muted { (ctx.t("tt-room-short")) " " (room) } }
            }
            td { (r.note) }
            td { (r.by) br; span.muted { (ctx.date_time(r.at)) } }
            @if page.can_edit {
                td.no-print {
                    form method="post" action=(format!("/timetable/changes/{}/{}/{}/delete", r.class_id, page.date, r.id)) {
                        (csrf_field(ctx))
                        button.danger.small type="submit" { (ctx.t("tt-delete")) }
                    }
                }
            }
        }
    }
}

fn select(
    ctx: &Ctx,
    problems: &Problems,
    name: &'static str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    placeholder: &str,
) -> Markup {
    let bad = problems.has(name);
    html! {
        div.field.invalid[bad] {
            label for=(format!("f-{name}")) { (label) }
            select id=(format!("f-{name}")) name=(name) aria-invalid=[bad.then_some("true")] {
                option value="" { (placeholder) }
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
            (messages(ctx, problems, name))
        }
    }
}

fn input(ctx: &Ctx, problems: &Problems, name: &'static str, label: &str, kind: &str, value: &str) -> Markup {
    let bad = problems.has(name);
    html! {
        div.field.invalid[bad] {
            label for=(format!("f-{name}")) { (label) }
            input id=(format!("f-{name}")) name=(name) type=(kind) value=(value) aria-invalid=[bad.then_some("true")];
            (messages(ctx, problems, name))
        }
    }
}

fn add_form(ctx: &Ctx, page: &ChangesPage, f: &ChangeForm, problems: &Problems) -> Markup {
    let classes: Vec<(String, String)> =
        page.classes.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let teachings: Vec<(String, String)> =
        page.teachings.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let teachers: Vec<(String, String)> =
        page.teachers.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let class = page.class.map(|c| c.to_string()).unwrap_or_default();
    let date = if f.date.is_empty() { page.date.to_string() } else { f.date.clone() };
    let kind = Kind::from_key(&f.kind);
    html! {
        section.card.spaced.no-print #tt-change-form {
            h2 { (ctx.t("tt-change-new")) }
            (summary(ctx, problems))
            form method="post" action="/timetable/changes" data-guard {
                (csrf_field(ctx))
                div.grid {
                    div hx-get="/timetable/changes" hx-trigger="change" hx-include="closest form"
                        hx-target="#tt-change-form" hx-select="#tt-change-form" hx-swap="outerHTML" {
                        (select(ctx, problems, "class", &ctx.t("tt-class"), &classes, &class, &ctx.t("tt-choose")))
                    }
                    (input(ctx, problems, "date", &ctx.t("tt-date"), "date", &date))
                }
                button.small.tt-pick type="submit" formmethod="get" formaction="/timetable/changes" formnovalidate {
                    (ctx.t("tt-show-lessons"))
                }
                @if page.class.is_some() && page.lessons.is_empty() {
                    p.muted { (ctx.t("tt-no-lessons-that-day")) }
                }
                (select(ctx, problems, "lesson", &ctx.t("tt-lesson"), &page.lessons, &f.lesson,
                    &ctx.t(if page.class.is_some() { "tt-choose" } else { "tt-choose-class-first" })))
                fieldset.tt-kinds.invalid[problems.has("kind")] {
                    legend { (ctx.t("tt-change")) }
                    @for k in Kind::ALL {
                        label.check {
                            input type="radio" name="kind" value=(k.key()) checked[kind == Some(k)];
                            (ctx.t(&format!("tt-kind-{}", k.key())))
                        }
                    }
                    (messages(ctx, problems, "kind"))
                }
                div.tt-kind-fields {
                    fieldset.card {
                        legend { (ctx.t("tt-kind-substitute")) }
                        (select(ctx, problems, "teacher", &ctx.t("tt-substitute"), &teachers, &f.teacher, &ctx.t("tt-choose")))
                    }
                    fieldset.card {
                        legend { (ctx.t("tt-kind-move")) }
                        (input(ctx, problems, "to_date", &ctx.t("tt-to-date"), "date", &f.to_date))
                        (input(ctx, problems, "to_number", &ctx.t("tt-to-number"), "number", &f.to_number))
                    }
                    fieldset.card {
                        legend { (ctx.t("tt-kind-add")) }
                        (select(ctx, problems, "teaching", &ctx.t("tt-teaching"), &teachings, &f.teaching, &ctx.t("tt-choose")))
                        (input(ctx, problems, "number", &ctx.t("tt-to-number"), "number", &f.number))
                    }
                }
                div.grid {
                    (input(ctx, problems, "room", &ctx.t("tt-room-change"), "text", &f.room))
                    (input(ctx, problems, "note", &ctx.t("tt-note"), "text", &f.note))
                }
                button.primary type="submit" { (ctx.t("tt-change-save")) }
            }
        }
    }
}
