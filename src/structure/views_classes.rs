//! Pages of classes and groups: the classes of a year by parallel, the form of a new class, a
//! class with its groups, and a group with its students.

use maud::{Markup, html};

use super::access::Person;
use super::access_classes::{ClassEditor, ClassPage, ClassesPage, GroupPage};
use super::forms::{ClassForm, GroupForm};
use super::views::{
    Tab, closed_notice, no_year, refusal, select_field, subject_options, subnav, year_link, year_picker,
};
use crate::store::ids::ClassId;
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// GET /structure/classes: the classes of the viewed year, by parallel.
pub fn classes_list(ctx: &Ctx, page: &ClassesPage, can_edit: bool) -> Markup {
    let year = page.years.viewed.as_ref();
    let editable = can_edit && year.is_some_and(|(_, y)| !y.closed);
    html! {
        (subnav(ctx, Tab::Classes, Some(&page.years)))
        div.page-head {
            h1 {
                (ctx.t("st-classes-title"))
                @if let Some((_, y)) = year { " " span.muted { (y.name) } }
            }
            @if editable {
                a.button.primary href=(year_link("/structure/classes/new", page.years.viewed_id())) { (ctx.t("st-class-new")) }
            }
        }
        (year_picker(ctx, "/structure/classes", &page.years, &[]))
        @match year {
            None => (no_year(ctx, can_edit)),
            Some((_, y)) => {
                (closed_notice(ctx, y))
                @if page.rows.is_empty() {
                    p.empty { (ctx.t("st-classes-none")) }
                } @else {
                    div.table-wrap {
                        table.list {
                            thead { tr {
                                th scope="col" { (ctx.t("st-class")) }
                                th scope="col" { (ctx.t("st-chiefs")) }
                                th scope="col" { (ctx.t("st-room")) }
                                th scope="col" { (ctx.t("st-profile")) }
                                th.num scope="col" { (ctx.t("st-students")) }
                            } }
                            @for grade in 1..=11u8 {
                                @let rows: Vec<_> = page.rows.iter().filter(|r| r.class.grade == grade).collect();
                                @if !rows.is_empty() {
                                    tbody {
                                        tr.group { th colspan="5" scope="rowgroup" { (ctx.t_args("st-grade", &[("n", Arg::Num(i64::from(grade)))])) } }
                                        @for r in rows {
                                            tr {
                                                td { a href=(format!("/structure/classes/{}", r.id)) { strong { (r.class.name()) } } }
                                                td { (r.chiefs.join(", ")) }
                                                td { (r.class.room) }
                                                td { (r.class.profile) }
                                                td.num { (r.students) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The fields of a class: parallel, letter, room, profile, chiefs.
fn class_fields(ctx: &Ctx, teachers: &[Person], form: &ClassForm, errors: &FieldErrors) -> Markup {
    let grades: Vec<(String, String)> = (1..=11).map(|g: u8| (g.to_string(), g.to_string())).collect();
    let chiefs_error = errors.get("chiefs");
    html! {
        div.grid {
            (select_field(ctx, "grade", &ctx.t("st-grade-number"), &grades, form.grade.trim(), None, errors))
            (field(ctx, Input::text("letter", &ctx.t("st-letter"), &form.letter).required().autocomplete("off").hint(ctx.t("st-letter-hint")), errors))
            (field(ctx, Input::text("room", &ctx.t("st-room"), &form.room), errors))
            (field(ctx, Input::text("profile", &ctx.t("st-profile"), &form.profile).hint(ctx.t("st-profile-hint")), errors))
        }
        fieldset.roles.checks.invalid[chiefs_error.is_some()] {
            legend { (ctx.t("st-chiefs")) }
            @if teachers.is_empty() {
                p.muted { (ctx.t("st-no-teachers")) }
            }
            @for (id, name) in teachers {
                label.check {
                    input type="checkbox" name="chiefs" value=(id) checked[form.chiefs.contains(id)];
                    (name)
                }
            }
            @if let Some(m) = chiefs_error { p.error { (ctx.t(m)) } }
        }
    }
}

/// GET /structure/classes/new: the form of a new class of the viewed year.
pub fn class_new(ctx: &Ctx, editor: &ClassEditor, form: &ClassForm, errors: &FieldErrors) -> Markup {
    html! {
        p { a href=(year_link("/structure/classes", Some(editor.year_id))) { "← " (ctx.t("st-classes-title")) } }
        h1 { (ctx.t("st-class-new")) " " span.muted { (editor.year.name) } }
        (closed_notice(ctx, &editor.year))
        (error_summary(ctx, errors))
        form.card method="post" action="/structure/classes" data-guard {
            (csrf_field(ctx))
            input type="hidden" name="year" value=(editor.year_id);
            fieldset disabled[editor.year.closed] {
                (class_fields(ctx, &editor.teachers, form, errors))
                button.primary type="submit" { (ctx.t("st-create")) }
            }
        }
    }
}

/// What the class page shows besides its data: a refused form or a refused deletion.
#[derive(Clone, Debug, Default)]
pub struct ClassEdits {
    pub class: Option<(ClassForm, FieldErrors)>,
    pub group: Option<(GroupForm, FieldErrors)>,
    pub refusal: Option<&'static str>,
}

/// GET /structure/classes/{id}: the class, its groups, and its deletion.
pub fn class_page(ctx: &Ctx, page: &ClassPage, edits: &ClassEdits, can_edit: bool) -> Markup {
    let editable = can_edit && !page.year.closed;
    let no_errors = FieldErrors::default();
    let (form, errors) = match &edits.class {
        Some((f, e)) => (f.clone(), e),
        None => (ClassForm::of(&page.class), &no_errors),
    };
    let (group_form, group_errors) = match &edits.group {
        Some((f, e)) => (f.clone(), e),
        None => (GroupForm::default(), &no_errors),
    };
    let back = year_link("/structure/classes", Some(page.class.year));
    html! {
        p { a href=(back) { "← " (ctx.t("st-classes-title")) } }
        div.page-head {
            h1 { (ctx.t_args("st-class-title", &[("name", Arg::Str(page.class.name()))])) " " span.muted { (page.year.name) } }
            a.button href=(format!("/structure/teaching?year={}&class={}", page.class.year, page.id)) { (ctx.t("st-tab-teaching")) }
        }
        (closed_notice(ctx, &page.year))
        (refusal(ctx, edits.refusal))
        section.card {
            p { (ctx.t_args("st-students-count", &[("n", Arg::Num(page.students as i64))])) }
            (error_summary(ctx, errors))
            form method="post" action=(format!("/structure/classes/{}", page.id)) data-guard {
                (csrf_field(ctx))
                fieldset disabled[!editable] {
                    (class_fields(ctx, &page.teachers, &form, errors))
                    @if editable { button.primary type="submit" { (ctx.t("save")) } }
                }
            }
        }
        section.card #groups {
            h2 { (ctx.t("st-groups")) }
            p.hint { (ctx.t("st-groups-hint")) }
            @if page.groups.is_empty() {
                p.empty { (ctx.t("st-groups-none")) }
            } @else {
                div.table-wrap {
                    table.list {
                        thead { tr {
                            th scope="col" { (ctx.t("st-group")) }
                            th scope="col" { (ctx.t("st-subject")) }
                            th.num scope="col" { (ctx.t("st-students")) }
                        } }
                        tbody {
                            @for g in &page.groups {
                                tr {
                                    td { a href=(format!("/structure/groups/{}", g.id)) { (g.group.name) } }
                                    td { (g.subject) }
                                    td.num { (g.group.students.len()) }
                                }
                            }
                        }
                    }
                }
            }
            @if editable {
                h3 { (ctx.t("st-group-new")) }
                (error_summary(ctx, group_errors))
                form method="post" action=(format!("/structure/classes/{}/groups#groups", page.id)) data-guard {
                    (csrf_field(ctx))
                    div.grid {
                        (field(ctx, Input::text("name", &ctx.t("st-group-name"), &group_form.name).required().hint(ctx.t("st-group-name-hint")), group_errors))
                        (select_field(ctx, "subject", &ctx.t("st-subject"), &subject_options(&page.subjects, &group_form.subject), &group_form.subject, Some(&ctx.t("st-choose")), group_errors))
                    }
                    button.primary type="submit" { (ctx.t("st-add")) }
                }
            }
        }
        @if editable {
            section.card {
                h2 { (ctx.t("st-class-delete-title")) }
                p.hint { (ctx.t("st-class-delete-hint")) }
                form method="post" action=(format!("/structure/classes/{}/delete", page.id)) {
                    (csrf_field(ctx))
                    button.danger type="submit" { (ctx.t("st-class-delete")) }
                }
            }
        }
    }
}

/// GET /structure/groups/{id}: the group's name, subject and students.
pub fn group_page(
    ctx: &Ctx,
    page: &GroupPage,
    form: &GroupForm,
    errors: &FieldErrors,
    refused: Option<&'static str>,
    can_edit: bool,
) -> Markup {
    let editable = can_edit && !page.year.closed;
    let class_id: ClassId = page.group.class;
    let students_error = errors.get("students");
    html! {
        p { a href=(format!("/structure/classes/{class_id}")) { "← " (ctx.t_args("st-class-title", &[("name", Arg::Str(page.class.name()))])) } }
        h1 { (ctx.t("st-group")) " «" (page.group.name) "» " span.muted { (page.class.name()) } }
        (closed_notice(ctx, &page.year))
        (refusal(ctx, refused))
        (error_summary(ctx, errors))
        form.card method="post" action=(format!("/structure/groups/{}", page.id)) data-guard {
            (csrf_field(ctx))
            fieldset disabled[!editable] {
                div.grid {
                    (field(ctx, Input::text("name", &ctx.t("st-group-name"), &form.name).required(), errors))
                    (select_field(ctx, "subject", &ctx.t("st-subject"), &subject_options(&page.subjects, &form.subject), &form.subject, Some(&ctx.t("st-choose")), errors))
                }
                fieldset.roles.checks.invalid[students_error.is_some()] {
                    legend { (ctx.t("st-group-students")) " (" (form.students.len()) ")" }
                    @if !page.students_visible {
                        p.muted { (ctx.t("st-students-hidden")) }
                    } @else if page.students.is_empty() {
                        p.muted { (ctx.t("st-class-empty")) }
                    }
                    @for (id, name, present) in &page.students {
                        label.check {
                            input type="checkbox" name="students" value=(id) checked[form.students.contains(id)];
                            (name)
                            @if !present { " " span.muted { (ctx.t("st-left-class")) } }
                        }
                    }
                    @if let Some(m) = students_error { p.error { (ctx.t(m)) } }
                }
                @if editable { button.primary type="submit" { (ctx.t("save")) } }
            }
        }
        @if editable {
            section.card {
                h2 { (ctx.t("st-group-delete-title")) }
                p.hint { (ctx.t("st-group-delete-hint")) }
                form method="post" action=(format!("/structure/groups/{}/delete", page.id)) {
                    (csrf_field(ctx))
                    button.danger type="submit" { (ctx.t("st-group-delete")) }
                }
            }
        }
    }
}
