//! The lesson panel: beside the grid (an htmx fragment) or as a page of its own without
//! JavaScript. Every form is a plain POST that htmx upgrades.

use maud::{Markup, html};

use super::assignments::AssignmentForm;
use super::lessons::{Panel, PanelPlan, TextForm};
use super::model::Assignment;
use super::views::lesson_when;
use crate::structure::forms::date_value;
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, field};
use crate::web::i18n::{Arg, long_date};
use crate::web::layout::csrf_field;

/// What the panel's forms show beyond the stored lesson: typed values and messages of a
/// refused write, or a quiet «Сохранено».
#[derive(Default)]
pub struct PanelForms {
    pub text: Option<TextForm>,
    pub add: Option<AssignmentForm>,
    pub errors: FieldErrors,
    pub refusal: Option<&'static str>,
    pub saved: bool,
}

fn url(p: &Panel) -> String {
    format!("/journal/{}/lessons/{}", p.head.id, p.key.slug())
}

/// «1,2 МБ», «340 КБ».
fn size(ctx: &Ctx, bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10 / (1024 * 1024)) as i64;
        ctx.t_args("journal-size-mb", &[("n", Arg::from(format!("{},{}", tenths / 10, tenths % 10)))])
    } else {
        ctx.t_args("journal-size-kb", &[("n", Arg::Num(bytes.div_ceil(1024) as i64))])
    }
}

fn text_form(ctx: &Ctx, p: &Panel, f: &PanelForms) -> Markup {
    let due = p.lesson.due.or(p.default_due).map(date_value).unwrap_or_default();
    let typed = f.text.clone().unwrap_or(TextForm {
        topic: p.lesson.topic.clone(),
        homework: p.lesson.homework.clone(),
        due,
        plan_topic: p.plan.as_ref().map(|pl| pl.topic.map(|t| t.to_string()).unwrap_or_default()),
    });
    let hw_error = f.errors.get("homework");
    html! {
        form method="post" action=(url(p)) hx-post=(url(p)) hx-target="#lp" hx-swap="outerHTML" data-guard {
            (csrf_field(ctx))
            @if let Some(plan) = &p.plan { (plan_topic(ctx, plan, typed.plan_topic.as_deref().unwrap_or(""), f)) }
            (field(ctx, Input::text("topic", &ctx.t("journal-topic"), &typed.topic), &f.errors))
            div.field.invalid[hw_error.is_some()] {
                label for="f-homework" { (ctx.t("journal-homework")) }
                textarea id="f-homework" name="homework" rows="3" aria-invalid=[hw_error.map(|_| "true")] { (typed.homework) }
                @if let Some(key) = hw_error { p.error { (ctx.t(key)) } }
            }
            (field(ctx, Input::text("due", &ctx.t("journal-due"), &typed.due).kind("date").hint(ctx.t("journal-due-hint")), &f.errors))
            button.primary type="submit" { (ctx.t("save")) }
        }
    }
}

/// The topic from the lesson plan: chosen from the plan's sections, or «a topic of my own».
fn plan_topic(ctx: &Ctx, plan: &PanelPlan, chosen: &str, f: &PanelForms) -> Markup {
    let error = f.errors.get("plan_topic");
    html! {
        div.field.invalid[error.is_some()] {
            label for="f-plan_topic" { (ctx.t("journal-plan-topic")) }
            select id="f-plan_topic" name="plan_topic" {
                option value="" selected[chosen.is_empty()] { (ctx.t("journal-plan-own")) }
                @for (section, topics) in &plan.sections {
                    optgroup label=(section) {
                        @for (id, title, hours) in topics {
                            @let v = id.to_string();
                            option value=(v) selected[chosen == v] {
                                (title) @if *hours > 1 { " (" (ctx.t_args("plans-n-hours", &[("n", Arg::Num(*hours as i64))])) ")" }
                            }
                        }
                    }
                }
            }
            @if let Some(key) = error { p.error { (ctx.t(key)) } }
            p.hint {
                @if plan.filled { (ctx.t("journal-plan-filled")) " " }
                a href=(format!("/plans/{}", plan.id)) { (ctx.t("journal-plan-open")) }
            }
            @if !plan.materials.is_empty() {
                ul.plain.files {
                    @for (b, name) in &plan.materials {
                        li { a href=(format!("/plans/{}/materials/{b}", plan.id)) download { "📎 " (name) } }
                    }
                }
            }
        }
    }
}

fn files(ctx: &Ctx, p: &Panel) -> Markup {
    let base = url(p);
    html! {
        h3 { (ctx.t("journal-files")) }
        @if p.files.is_empty() { p.muted { (ctx.t("journal-files-none")) } }
        ul.plain.files {
            @for (id, meta) in &p.files {
                li {
                    a href=(format!("/homework/{}/{id}", p.head.id)) download { (meta.name) }
                    " " span.muted { (size(ctx, meta.size)) }
                    @if p.editable {
                        form.inline method="post" action=(format!("{base}/files/{id}/delete"))
                            hx-post=(format!("{base}/files/{id}/delete")) hx-target="#lp" hx-swap="outerHTML" {
                            (csrf_field(ctx))
                            button.link type="submit" { (ctx.t("journal-delete")) }
                        }
                    }
                }
            }
        }
        @if p.editable {
            @let action = format!("{base}/files?_csrf={}", ctx.csrf);
            form.upload method="post" enctype="multipart/form-data" action=(action) hx-post=(action)
                hx-encoding="multipart/form-data" hx-target="#lp" hx-swap="outerHTML" {
                label for="f-file" { (ctx.t("journal-file-add")) }
                input id="f-file" type="file" name="file" required;
                button type="submit" { (ctx.t("upload")) }
                small.hint { (ctx.t("journal-file-limit")) }
            }
        }
    }
}

fn type_select(ctx: &Ctx, p: &Panel, id: &str, selected: &str, keep: Option<&Assignment>) -> Markup {
    html! {
        label for=(id) { (ctx.t("journal-type")) }
        select id=(id) name="work_type" data-weights {
            @for (wid, w) in &p.types.all {
                @if !w.archived || keep.is_some_and(|a| a.work_type == *wid) {
                    option value=(wid) data-w=(w.weight) selected[selected == wid.to_string()] { (w.name) " (" (w.abbr) ")" }
                }
            }
        }
    }
}

fn assignments(ctx: &Ctx, p: &Panel, f: &PanelForms) -> Markup {
    let base = url(p);
    let default = p.types.default_type();
    html! {
        h3 { (ctx.t("journal-assignments")) }
        @if p.lesson.assignments.is_empty() {
            p.muted {
                (ctx.t_args("journal-assignment-implicit", &[("type", Arg::from(default.map(|(_, w)| w.name.clone()).unwrap_or_default()))]))
            }
        }
        @for a in &p.lesson.assignments {
            @let (abbr, name) = p.types.abbr(a.work_type);
            div.asg {
                @if p.editable {
                    @let action = format!("{base}/assignments/{}", a.no);
                    form.asg-edit method="post" action=(action) hx-post=(action) hx-target="#lp" hx-swap="outerHTML" {
                        (csrf_field(ctx))
                        span { (type_select(ctx, p, &format!("a{}-type", a.no), &a.work_type.to_string(), Some(a))) }
                        span {
                            label for=(format!("a{}-weight", a.no)) { (ctx.t("journal-weight")) }
                            input id=(format!("a{}-weight", a.no)) type="number" name="weight" min="1" max="10" value=(a.weight);
                        }
                        span {
                            label for=(format!("a{}-name", a.no)) { (ctx.t("journal-assignment-name")) }
                            input id=(format!("a{}-name", a.no)) type="text" name="name" value=(a.name);
                        }
                        button type="submit" { (ctx.t("save")) }
                    }
                    @if p.marked.contains(&a.no) {
                        small.hint { (ctx.t("journal-assignment-has-marks")) }
                    } @else {
                        form.inline method="post" action=(format!("{action}/delete")) hx-post=(format!("{action}/delete"))
                            hx-target="#lp" hx-swap="outerHTML" {
                            (csrf_field(ctx))
                            button.link type="submit" { (ctx.t("journal-delete")) }
                        }
                    }
                } @else {
                    p { strong { (abbr) } " " (name) " · " (ctx.t_args("journal-weight-n", &[("n", Arg::Num(i64::from(a.weight)))]))
                        @if !a.name.is_empty() { " · " (a.name) } }
                }
            }
        }
        @if p.editable {
            @let add = f.add.clone().unwrap_or_default();
            @let selected = if add.work_type.is_empty() { default.map(|(id, _)| id.to_string()).unwrap_or_default() } else { add.work_type.clone() };
            form.asg-add method="post" action=(format!("{base}/assignments")) hx-post=(format!("{base}/assignments"))
                hx-target="#lp" hx-swap="outerHTML" {
                (csrf_field(ctx))
                h4 { (ctx.t("journal-assignment-new")) }
                div.field.invalid[f.errors.get("work_type").is_some()] {
                    (type_select(ctx, p, "f-work_type", &selected, None))
                    @if let Some(k) = f.errors.get("work_type") { p.error { (ctx.t(k)) } }
                }
                (field(ctx, Input::text("weight", &ctx.t("journal-weight"), &add.weight).kind("number")
                    .hint(ctx.t("journal-weight-hint")), &f.errors))
                (field(ctx, Input::text("name", &ctx.t("journal-assignment-name"), &add.name), &f.errors))
                button type="submit" { (ctx.t("journal-assignment-add")) }
            }
        }
    }
}

fn comments(ctx: &Ctx, p: &Panel) -> Markup {
    html! {
        @if !p.marks.is_empty() {
            h3 { (ctx.t("journal-comments")) }
            @if p.editable {
                form method="post" action=(format!("{}/comments", url(p))) hx-post=(format!("{}/comments", url(p)))
                    hx-target="#lp" hx-swap="outerHTML" data-guard {
                    (csrf_field(ctx))
                    @for m in &p.marks {
                        @let id = format!("c{}.{}", m.student, m.a);
                        div.field.comment {
                            label for=(id) { (m.name) " — " span class=(m.mark.value.css()) { (m.mark.value.label()) } }
                            input id=(id) type="text" name=(id) value=(m.mark.comment) maxlength="500";
                        }
                    }
                    button type="submit" { (ctx.t("save")) }
                }
            } @else {
                ul.plain {
                    @for m in p.marks.iter().filter(|m| !m.mark.comment.is_empty()) {
                        li { (m.name) " — " span class=(m.mark.value.css()) { (m.mark.value.label()) } ": " (m.mark.comment) }
                    }
                }
            }
        }
    }
}

fn read_only(ctx: &Ctx, p: &Panel) -> Markup {
    html! {
        dl.pairs {
            dt { (ctx.t("journal-topic")) } dd { (p.lesson.topic) }
            dt { (ctx.t("journal-homework")) } dd.pre { (p.lesson.homework) }
            @if let Some(d) = p.lesson.due { dt { (ctx.t("journal-due")) } dd { (long_date(ctx.lang, d)) } }
        }
    }
}

/// The lesson panel. `grid_link`: where «close» leads.
pub fn panel(ctx: &Ctx, p: &Panel, f: &PanelForms) -> Markup {
    let back = match &p.period {
        Some((id, _)) => format!("/journal/{}?period={id}", p.head.id),
        None => format!("/journal/{}", p.head.id),
    };
    html! {
        section #lp.lesson-panel aria-labelledby="lp-title" data-l=(p.key.slug()) {
            div.lp-head {
                h2 #lp-title { (lesson_when(ctx, p.key.date, p.key.number)) }
                a.close href=(back) data-close title=(ctx.t("journal-close")) { (ctx.t("journal-close")) }
            }
            p.muted { (p.head.title()) }
            @if f.saved { p.flash role="status" { (ctx.t("flash-saved")) } }
            @if let Some(k) = f.refusal { div.alert role="alert" { (ctx.t(k)) } }
            @if let Some(k) = p.locked { p.notice { (ctx.t(k)) } }
            @if p.editable { (text_form(ctx, p, f)) } @else { (read_only(ctx, p)) }
            (files(ctx, p))
            (assignments(ctx, p, f))
            (comments(ctx, p))
        }
    }
}
