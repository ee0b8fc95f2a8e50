//! Pages of subjects and assignment types: each a list with the form of a new one, and an
//! edit page with archiving.

use maud::{Markup, html};

use super::forms::{SubjectForm, WorkTypeForm};
use super::model::{Subject, WorkType};
use super::views::{Tab, subnav};
use crate::store::ids::{SubjectId, WorkTypeId};
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::layout::csrf_field;

fn archived_badge(ctx: &Ctx, archived: bool) -> Markup {
    html! { @if archived { span.badge { (ctx.t("st-badge-archived")) } } }
}

fn subject_fields(ctx: &Ctx, form: &SubjectForm, errors: &FieldErrors) -> Markup {
    html! {
        div.grid {
            (field(ctx, Input::text("name", &ctx.t("st-subject-name"), &form.name).required(), errors))
            (field(ctx, Input::text("short", &ctx.t("st-subject-short"), &form.short).hint(ctx.t("st-subject-short-hint")), errors))
        }
    }
}

/// The archive or restore button of a subject or an assignment type.
fn archive_form(ctx: &Ctx, base: &str, archived: bool) -> Markup {
    html! {
        section.card {
            h2 { (ctx.t("st-archive-title")) }
            p.hint { (ctx.t(if archived { "st-restore-hint" } else { "st-archive-hint" })) }
            form method="post" action=(format!("{base}/{}", if archived { "restore" } else { "archive" })) {
                (csrf_field(ctx))
                @if archived {
                    button type="submit" { (ctx.t("st-restore")) }
                } @else {
                    button.danger type="submit" { (ctx.t("st-archive")) }
                }
            }
        }
    }
}

/// GET /structure/subjects.
pub fn subjects_list(
    ctx: &Ctx,
    subjects: &[(SubjectId, Subject)],
    form: &SubjectForm,
    errors: &FieldErrors,
    can_edit: bool,
) -> Markup {
    html! {
        (subnav(ctx, Tab::Subjects, None))
        h1 { (ctx.t("st-subjects-title")) }
        @if subjects.is_empty() {
            p.empty { (ctx.t("st-subjects-none")) }
        } @else {
            div.table-wrap {
                table.list {
                    thead { tr {
                        th scope="col" { (ctx.t("st-subject-name")) }
                        th scope="col" { (ctx.t("st-subject-short")) }
                        th scope="col" { (ctx.t("st-state")) }
                    } }
                    tbody {
                        @for (id, s) in subjects {
                            tr.disabled[s.archived] {
                                td { a href=(format!("/structure/subjects/{id}")) { (s.name) } }
                                td { (s.short) }
                                td { (archived_badge(ctx, s.archived)) }
                            }
                        }
                    }
                }
            }
        }
        @if can_edit {
            section.card.spaced #new {
                h2 { (ctx.t("st-subject-new")) }
                (error_summary(ctx, errors))
                form method="post" action="/structure/subjects#new" data-guard {
                    (csrf_field(ctx))
                    (subject_fields(ctx, form, errors))
                    button.primary type="submit" { (ctx.t("st-add")) }
                }
            }
        }
    }
}

/// GET /structure/subjects/{id}.
pub fn subject_page(
    ctx: &Ctx,
    id: SubjectId,
    subject: &Subject,
    form: &SubjectForm,
    errors: &FieldErrors,
    can_edit: bool,
) -> Markup {
    html! {
        p { a href="/structure/subjects" { "← " (ctx.t("st-subjects-title")) } }
        h1 { (subject.name) " " (archived_badge(ctx, subject.archived)) }
        (error_summary(ctx, errors))
        form.card method="post" action=(format!("/structure/subjects/{id}")) data-guard {
            (csrf_field(ctx))
            fieldset disabled[!can_edit] {
                (subject_fields(ctx, form, errors))
                @if can_edit { button.primary type="submit" { (ctx.t("save")) } }
            }
        }
        @if can_edit { (archive_form(ctx, &format!("/structure/subjects/{id}"), subject.archived)) }
    }
}

fn work_type_fields(ctx: &Ctx, form: &WorkTypeForm, errors: &FieldErrors) -> Markup {
    html! {
        div.grid {
            (field(ctx, Input::text("name", &ctx.t("st-work-type-name"), &form.name).required(), errors))
            (field(ctx, Input::text("abbr", &ctx.t("st-work-type-abbr"), &form.abbr).required().hint(ctx.t("st-work-type-abbr-hint")), errors))
            (field(ctx, Input::text("weight", &ctx.t("st-work-type-weight"), &form.weight).kind("number").required().hint(ctx.t("st-work-type-weight-hint")), errors))
        }
    }
}

/// GET /structure/work-types.
pub fn work_types_list(
    ctx: &Ctx,
    types: &[(WorkTypeId, WorkType)],
    form: &WorkTypeForm,
    errors: &FieldErrors,
    can_edit: bool,
) -> Markup {
    html! {
        (subnav(ctx, Tab::WorkTypes, None))
        h1 { (ctx.t("st-work-types-title")) }
        p.hint { (ctx.t("st-work-types-hint")) }
        @if types.is_empty() {
            p.empty { (ctx.t("st-work-types-none")) }
        } @else {
            div.table-wrap {
                table.list {
                    thead { tr {
                        th scope="col" { (ctx.t("st-work-type-name")) }
                        th scope="col" { (ctx.t("st-work-type-abbr")) }
                        th.num scope="col" { (ctx.t("st-work-type-weight")) }
                        th scope="col" { (ctx.t("st-state")) }
                    } }
                    tbody {
                        @for (id, w) in types {
                            tr.disabled[w.archived] {
                                td { a href=(format!("/structure/work-types/{id}")) { (w.name) } }
                                td { (w.abbr) }
                                td.num { (w.weight) }
                                td { (archived_badge(ctx, w.archived)) }
                            }
                        }
                    }
                }
            }
        }
        @if can_edit {
            section.card.spaced #new {
                h2 { (ctx.t("st-work-type-new")) }
                (error_summary(ctx, errors))
                form method="post" action="/structure/work-types#new" data-guard {
                    (csrf_field(ctx))
                    (work_type_fields(ctx, form, errors))
                    button.primary type="submit" { (ctx.t("st-add")) }
                }
            }
        }
    }
}

/// GET /structure/work-types/{id}.
pub fn work_type_page(
    ctx: &Ctx,
    id: WorkTypeId,
    wt: &WorkType,
    form: &WorkTypeForm,
    errors: &FieldErrors,
    can_edit: bool,
) -> Markup {
    html! {
        p { a href="/structure/work-types" { "← " (ctx.t("st-work-types-title")) } }
        h1 { (wt.name) " " (archived_badge(ctx, wt.archived)) }
        (error_summary(ctx, errors))
        form.card method="post" action=(format!("/structure/work-types/{id}")) data-guard {
            (csrf_field(ctx))
            fieldset disabled[!can_edit] {
                (work_type_fields(ctx, form, errors))
                @if can_edit { button.primary type="submit" { (ctx.t("save")) } }
            }
        }
        @if can_edit { (archive_form(ctx, &format!("/structure/work-types/{id}"), wt.archived)) }
    }
}
