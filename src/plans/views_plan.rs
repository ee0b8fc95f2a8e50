//! One plan: who follows it and how far they have got, its sections and topics laid onto the
//! lessons of one class, and (for its editors) the forms to change it.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::distribute::{TopicPlace, TopicStatus};
use super::forms::TopicForm;
use super::model::{LessonKind, Topic};
use super::queries::PlanPage;
use super::views::progress;
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// Forms of the page as typed, when refused.
#[derive(Default)]
pub struct Forms {
    pub topic: Option<TopicForm>,
    pub section: Option<String>,
    pub errors: FieldErrors,
}

fn short(d: NaiveDate) -> String {
    d.format("%d.%m").to_string()
}

fn dates(place: Option<&TopicPlace>) -> String {
    let Some(p) = place else { return String::new() };
    match (p.dates.first(), p.dates.last()) {
        (Some(a), Some(b)) if a == b => short(*a),
        (Some(a), Some(b)) => format!("{}–{}", short(*a), short(*b)),
        _ => String::new(),
    }
}

fn status(ctx: &Ctx, place: Option<&TopicPlace>) -> Markup {
    let Some(p) = place else { return html! {} };
    let (class, key) = match p.status {
        TopicStatus::Given => ("badge plan-given", "plans-status-given"),
        TopicStatus::Started => ("badge current", "plans-status-started"),
        TopicStatus::Planned => ("badge", "plans-status-planned"),
        TopicStatus::NoRoom => ("badge warn", "plans-status-no-room"),
    };
    html! { span class=(class) { (ctx.t(key)) } }
}

fn kind_name(ctx: &Ctx, k: LessonKind) -> String {
    ctx.t(&format!("plans-kind-{}", k.slug()))
}

/// GET /plans/{id}
pub fn page(ctx: &Ctx, p: &PlanPage, f: &Forms) -> Markup {
    let places = p.shown.as_ref().map(|(_, l)| &l.topics);
    let place = |id: u32| places.and_then(|ps| ps.iter().find(|x| x.id == id));
    html! {
        div.page-head {
            h1 { (ctx.t("plans-plan")) ": " (p.subject) " · " (p.scope) }
            @if let Some(y) = &p.year { span.muted { (y.name) } }
            @if p.editable { a.button.no-print href=(format!("/plans/{}/copy", p.id)) { (ctx.t("plans-copy")) } }
            a.button.no-print href=(format!("/plans/{}/export.xlsx", p.id)) { (ctx.t("plans-export")) }
            @if p.editable { a.button.no-print href=(format!("/plans/{}/import", p.id)) { (ctx.t("plans-import")) } }
        }
        @if !p.plan.title.is_empty() { p.lead { (p.plan.title) } }
        (error_summary(ctx, &f.errors))
        (followers(ctx, p))
        @if p.plan.sections.is_empty() {
            p.empty { (ctx.t("plans-empty")) }
        }
        @for (s, section) in p.plan.sections.iter().enumerate() {
            section.card.plan-section {
                h2 {
                    @if section.title.is_empty() { (ctx.t("plans-section-untitled")) } @else { (section.title) }
                    " " span.muted { (ctx.t_args("plans-n-hours", &[("n", Arg::Num(section.topics.iter().map(|t| t.hours as i64).sum()))])) }
                }
                @if p.editable { (section_tools(ctx, p, s, section.topics.is_empty())) }
                @if !section.topics.is_empty() {
                    div.table-wrap {
                        table.list.plan-topics {
                            thead { tr {
                                th scope="col" .num { "№" }
                                th scope="col" { (ctx.t("plans-topic")) }
                                th scope="col" .num { (ctx.t("plans-hours")) }
                                th scope="col" { (ctx.t("plans-homework")) }
                                @if places.is_some() { th scope="col" { (ctx.t("plans-dates")) } }
                                @if p.editable { th scope="col" .no-print { span.visually-hidden { (ctx.t("plans-actions")) } } }
                            } }
                            tbody {
                                @let start: usize = p.plan.sections[..s].iter().map(|x| x.topics.len()).sum();
                                @for (i, t) in section.topics.iter().enumerate() {
                                    (topic_row(ctx, p, t, start + i + 1, place(t.id), places.is_some()))
                                }
                            }
                        }
                    }
                }
            }
        }
        @if p.editable { (add_forms(ctx, p, f)) }
    }
}

fn topic_row(
    ctx: &Ctx,
    p: &PlanPage,
    t: &Topic,
    number: usize,
    place: Option<&TopicPlace>,
    laid: bool,
) -> Markup {
    html! {
        tr id=(format!("t{}", t.id)) {
            td.num { (number) }
            td {
                (t.title)
                @if t.control { " " span.badge.warn { (ctx.t("plans-control")) } }
                br; span.muted.small { (kind_name(ctx, t.kind)) }
            }
            td.num.plan-hours {
                span.wide-only { (t.hours) }
                span.phone-only { (ctx.t_args("plans-n-hours", &[("n", Arg::Num(t.hours as i64))])) }
            }
            td.pre {
                (t.homework)
                @if !t.materials.is_empty() { (material_links(ctx, p, t)) }
            }
            @if laid { td { (dates(place)) " " (status(ctx, place)) } }
            @if p.editable {
                td.no-print.plan-actions {
                    a href=(format!("/plans/{}/topics/{}", p.id, t.id)) { (ctx.t("plans-edit")) }
                    @for (dir, label) in [("up", "↑"), ("down", "↓")] {
                        form.inline method="post" action=(format!("/plans/{}/topics/{}/move", p.id, t.id)) {
                            (csrf_field(ctx))
                            input type="hidden" name="dir" value=(dir);
                            button.link type="submit" title=(ctx.t(&format!("plans-move-{dir}"))) { (label) }
                        }
                    }
                    form.inline method="post" action=(format!("/plans/{}/topics/{}/delete", p.id, t.id)) data-confirm=(ctx.t("plans-topic-delete-confirm")) {
                        (csrf_field(ctx))
                        button.link.danger type="submit" { (ctx.t("plans-delete-topic")) }
                    }
                }
            }
        }
    }
}

fn material_links(ctx: &Ctx, p: &PlanPage, t: &Topic) -> Markup {
    html! {
        ul.plain.plan-materials {
            @for b in &t.materials {
                li { a href=(format!("/plans/{}/materials/{b}", p.id)) download { "📎 " (p.materials.get(b).cloned().unwrap_or_else(|| ctx.t("plans-material-file"))) } }
            }
        }
    }
}

fn followers(ctx: &Ctx, p: &PlanPage) -> Markup {
    html! {
        section.card {
            h2 { (ctx.t("plans-followers")) }
            @if p.followers.is_empty() {
                p.empty { (ctx.t("plans-followers-none")) }
            } @else {
                ul.plain {
                    @for f in &p.followers {
                        li {
                            @let shown = p.shown.as_ref().is_some_and(|(t, _)| *t == f.teaching.id);
                            @if shown { strong { (f.teaching.class) } } @else {
                                a href=(format!("/plans/{}?class={}", p.id, f.teaching.id)) { (f.teaching.class) }
                            }
                            " · " span.muted { (f.teaching.teacher) } " · "
                            @if let Some(l) = &f.layout { (progress(ctx, l)) }
                            " " a href=(format!("/journal/{}", f.teaching.id)) { (ctx.t("plans-journal")) }
                            @if p.editable {
                                form.inline method="post" action=(format!("/plans/{}/unbind", p.id)) data-confirm=(ctx.t("plans-unbind-confirm")) {
                                    (csrf_field(ctx))
                                    input type="hidden" name="teaching" value=(f.teaching.id);
                                    button.link type="submit" { (ctx.t("plans-unbind")) }
                                }
                            }
                        }
                    }
                }
                @if p.shown.is_some() { p.hint { (ctx.t("plans-dates-hint")) } }
            }
            @if !p.bindable.is_empty() {
                form.row method="post" action=(format!("/plans/{}/bind", p.id)) {
                    (csrf_field(ctx))
                    label for="f-teaching" { (ctx.t("plans-bind")) }
                    select id="f-teaching" name="teaching" {
                        @for t in &p.bindable { option value=(t.id) { (t.class) " · " (t.teacher) } }
                    }
                    button type="submit" { (ctx.t("plans-bind-button")) }
                }
            }
        }
    }
}

fn section_tools(ctx: &Ctx, p: &PlanPage, s: usize, empty: bool) -> Markup {
    let title = &p.plan.sections[s].title;
    html! {
        details.no-print {
            summary { (ctx.t("plans-section-edit")) }
            form.row method="post" action=(format!("/plans/{}/sections/{s}", p.id)) {
                (csrf_field(ctx))
                label for=(format!("f-section-{s}")) { (ctx.t("plans-section-title")) }
                input id=(format!("f-section-{s}")) name="title" value=(title) required maxlength="300";
                button type="submit" { (ctx.t("save")) }
            }
            @if empty {
                form.inline method="post" action=(format!("/plans/{}/sections/{s}/delete", p.id)) {
                    (csrf_field(ctx))
                    button.link.danger type="submit" { (ctx.t("plans-section-delete")) }
                }
            }
        }
    }
}

/// The fields of a topic, shared by «add» and «edit».
fn topic_fields(ctx: &Ctx, p: &PlanPage, typed: &TopicForm, errors: &FieldErrors) -> Markup {
    html! {
        (field(ctx, Input::text("title", &ctx.t("plans-topic"), &typed.title).required(), errors))
        div.field-row {
            (field(ctx, Input::text("hours", &ctx.t("plans-hours"), &typed.hours).kind("number"), errors))
            div.field.invalid[errors.get("kind").is_some()] {
                label for="f-kind" { (ctx.t("plans-kind")) }
                select id="f-kind" name="kind" {
                    @for k in LessonKind::ALL {
                        option value=(k.slug()) selected[typed.kind == k.slug() || (typed.kind.is_empty() && k == LessonKind::default())] { (kind_name(ctx, k)) }
                    }
                }
                @if let Some(key) = errors.get("kind") { p.error { (ctx.t(key)) } }
            }
            @if p.plan.sections.len() > 1 {
                div.field.invalid[errors.get("section").is_some()] {
                    label for="f-section" { (ctx.t("plans-section")) }
                    select id="f-section" name="section" {
                        @for (i, s) in p.plan.sections.iter().enumerate() {
                            option value=(i) selected[typed.section == i.to_string()] {
                                @if s.title.is_empty() { (ctx.t("plans-section-untitled")) } @else { (s.title) }
                            }
                        }
                    }
                }
            } @else {
                input type="hidden" name="section" value="0";
            }
        }
        div.field.check {
            label { input type="checkbox" name="control" value="1" checked[typed.control]; " " (ctx.t("plans-control-field")) }
        }
        div.field.invalid[errors.get("homework").is_some()] {
            label for="f-homework" { (ctx.t("plans-homework")) }
            textarea id="f-homework" name="homework" rows="2" { (typed.homework) }
            @if let Some(key) = errors.get("homework") { p.error { (ctx.t(key)) } }
        }
    }
}

fn add_forms(ctx: &Ctx, p: &PlanPage, f: &Forms) -> Markup {
    let blank = TopicForm {
        hours: "1".into(),
        section: p.plan.sections.len().saturating_sub(1).to_string(),
        ..TopicForm::default()
    };
    let typed = f.topic.as_ref().unwrap_or(&blank);
    let topic_errors = if f.topic.is_some() { &f.errors } else { &FieldErrors::default() };
    let section_errors = if f.section.is_some() { &f.errors } else { &FieldErrors::default() };
    html! {
        section.card.no-print id="add-topic" {
            h2 { (ctx.t("plans-add-topic")) }
            form method="post" action=(format!("/plans/{}/topics", p.id)) data-guard {
                (csrf_field(ctx))
                (topic_fields(ctx, p, typed, topic_errors))
                button.primary type="submit" { (ctx.t("plans-add-topic-button")) }
            }
        }
        section.card.no-print {
            h2 { (ctx.t("plans-add-section")) }
            form.row method="post" action=(format!("/plans/{}/sections", p.id)) {
                (csrf_field(ctx))
                (field(ctx, Input::text("title", &ctx.t("plans-section-title"), f.section.as_deref().unwrap_or("")), section_errors))
                button type="submit" { (ctx.t("plans-add-section-button")) }
            }
        }
        details.no-print.danger-zone {
            summary { (ctx.t("plans-delete")) }
            form method="post" action=(format!("/plans/{}/delete", p.id)) data-confirm=(ctx.t("plans-delete-confirm")) {
                (csrf_field(ctx))
                p.hint { (ctx.t("plans-delete-hint")) }
                button.danger type="submit" { (ctx.t("plans-delete")) }
            }
        }
    }
}

/// GET /plans/{id}/topics/{topic}
pub fn topic_page(ctx: &Ctx, p: &PlanPage, topic: u32, typed: &TopicForm, errors: &FieldErrors) -> Markup {
    html! {
        nav.crumbs { a href=(format!("/plans/{}#t{topic}", p.id)) { "← " (ctx.t("plans-plan")) ": " (p.subject) " · " (p.scope) } }
        h1 { (ctx.t("plans-edit-topic")) }
        (error_summary(ctx, errors))
        form.card method="post" action=(format!("/plans/{}/topics/{topic}", p.id)) data-guard {
            (csrf_field(ctx))
            (topic_fields(ctx, p, typed, errors))
            button.primary type="submit" { (ctx.t("save")) }
        }
        @if let Some(t) = p.plan.topic(topic) {
            section.card {
                h2 { (ctx.t("plans-materials")) }
                @if t.materials.is_empty() { p.muted { (ctx.t("plans-materials-none")) } }
                ul.plain {
                    @for b in &t.materials {
                        li {
                            a href=(format!("/plans/{}/materials/{b}", p.id)) download { (p.materials.get(b).cloned().unwrap_or_else(|| ctx.t("plans-material-file"))) }
                            form.inline method="post" action=(format!("/plans/{}/topics/{topic}/materials/{b}/delete", p.id)) data-confirm=(ctx.t("plans-material-delete-confirm")) {
                                (csrf_field(ctx))
                                button.link.danger type="submit" { (ctx.t("plans-delete-topic")) }
                            }
                        }
                    }
                }
                @let action = format!("/plans/{}/topics/{topic}/materials?_csrf={}", p.id, ctx.csrf);
                form.upload method="post" enctype="multipart/form-data" action=(action) {
                    label for="f-file" { (ctx.t("plans-material-add")) }
                    input id="f-file" type="file" name="file" required;
                    button type="submit" { (ctx.t("plans-material-upload")) }
                    p.hint { (ctx.t("plans-material-hint")) }
                }
            }
        }
    }
}
