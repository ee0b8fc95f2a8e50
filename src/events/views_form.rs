//! The form of an event, new or changed: kind, title, date and times, place, the responsible
//! person (an account from the list or a name written in), participants (the whole class or
//! the students ticked, parents invited), notes. A refused form comes back as typed with a
//! message next to each field.

use maud::{Markup, html};

use super::model::EventKind;
use super::pages_event::FormPage;
use super::rules::{EventForm, MAX_LINE, MAX_NOTES};
use super::views::kind_label;
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

pub fn title(ctx: &Ctx, page: &FormPage) -> String {
    let key = if page.event.is_some() { "events-edit-title" } else { "events-new-title" };
    ctx.t_args(key, &[("class", Arg::Str(page.class_name.clone()))])
}

fn message(ctx: &Ctx, errors: &FieldErrors, name: &str) -> Markup {
    html! {
        @if let Some(key) = errors.get(name) { p.error id=(format!("f-{name}-error")) { (ctx.t(key)) } }
    }
}

pub fn page(ctx: &Ctx, page: &FormPage, f: &EventForm, errors: &FieldErrors) -> Markup {
    let (action, back) = match page.event {
        Some(id) => (format!("/events/{id}"), format!("/events/{id}")),
        None => (format!("/classes/{}/events", page.class), format!("/classes/{}/events", page.class)),
    };
    let chosen = f.who == "chosen";
    html! {
        div.ev.narrow {
            p.no-print { a href=(back) { "← " (ctx.t("events-back")) } }
            h1 { (title(ctx, page)) }
            (error_summary(ctx, errors))
            form.ev-form method="post" action=(action) data-guard novalidate {
                (csrf_field(ctx))
                div.field.invalid[errors.get("kind").is_some()] {
                    label for="f-kind" { (ctx.t("events-kind")) }
                    select id="f-kind" name="kind" {
                        @for k in EventKind::ALL {
                            option value=(k.slug()) selected[f.kind == k.slug()] { (kind_label(ctx, k)) }
                        }
                    }
                    (message(ctx, errors, "kind"))
                }
                (field(ctx, Input::text("title", &ctx.t("events-title-field"), &f.title).required(), errors))
                div.grid.ev-times {
                    (field(ctx, Input::text("date", &ctx.t("events-date"), &f.date).kind("date").required(), errors))
                    (field(ctx, Input::text("start", &ctx.t("events-start"), &f.start).kind("time"), errors))
                    (field(ctx, Input::text("end", &ctx.t("events-end"), &f.end).kind("time"), errors))
                }
                (field(ctx, Input::text("place", &ctx.t("events-place"), &f.place)
                    .hint(ctx.t_args("events-at-most", &[("n", Arg::Num(MAX_LINE as i64))])), errors))
                fieldset.ev-responsible {
                    legend { (ctx.t("events-responsible")) }
                    div.field.invalid[errors.get("responsible").is_some()] {
                        label for="f-responsible" { (ctx.t("events-responsible-account")) }
                        select id="f-responsible" name="responsible" {
                            option value="" { (ctx.t("events-responsible-none")) }
                            @for (id, name) in &page.staff {
                                option value=(id) selected[f.responsible == id.to_string()] { (name) }
                            }
                        }
                        (message(ctx, errors, "responsible"))
                    }
                    (field(ctx, Input::text("responsible_name", &ctx.t("events-responsible-name"), &f.responsible_name)
                        .hint(ctx.t("events-responsible-name-hint")), errors))
                }
                fieldset.ev-who.invalid[errors.get("who").is_some() || errors.get("students").is_some()] {
                    legend { (ctx.t("events-participants")) }
                    label.check {
                        input type="radio" name="who" value="class" checked[f.who == "class"];
                        (ctx.t("events-whole-class"))
                    }
                    label.check {
                        input type="radio" name="who" value="chosen" checked[chosen];
                        (ctx.t("events-chosen-students"))
                    }
                    (message(ctx, errors, "who"))
                    details.ev-students open[chosen || errors.get("students").is_some()] {
                        summary { (ctx.t("events-class-list")) }
                        @if page.students.is_empty() { p.muted { (ctx.t("events-no-students")) } }
                        div.ev-students-list {
                            @for (id, name) in &page.students {
                                label.check {
                                    input type="checkbox" name="students" value=(id) checked[f.has_student(*id)];
                                    (name)
                                }
                            }
                        }
                    }
                    (message(ctx, errors, "students"))
                    label.check {
                        input type="checkbox" name="parents" value="1" checked[f.parents];
                        (ctx.t("events-invite-parents"))
                    }
                    small.hint { (ctx.t("events-parent-meeting-hint")) }
                }
                div.field.invalid[errors.get("notes").is_some()] {
                    label for="f-notes" { (ctx.t("events-notes")) }
                    textarea id="f-notes" name="notes" rows="4" maxlength=(MAX_NOTES) { (f.notes) }
                    (message(ctx, errors, "notes"))
                }
                div.actions {
                    button.primary type="submit" { (ctx.t("events-save")) }
                    a href=(back) { (ctx.t("events-back")) }
                }
            }
        }
    }
}
