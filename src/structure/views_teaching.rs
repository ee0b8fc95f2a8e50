//! The teaching page: who teaches which subject to which class or group, how many hours a
//! week; filtered by class or by teacher, with the form of a new assignment.

use maud::{Markup, html};

use super::access_teaching::{TeachingFilter, TeachingPage};
use super::forms::{Taught, TeachingForm};
use super::views::{Tab, closed_notice, no_year, select_field, subject_options, subnav, year_picker};
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::i18n::Lang;
use crate::web::layout::csrf_field;

/// Hours as people write them: «3», «1,5» (Russian) or «1.5».
pub fn hours_text(lang: Lang, hours: f32) -> String {
    let s = format!("{:.2}", hours);
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if lang == Lang::Ru { s.replace('.', ",") } else { s }
}

/// GET /structure/teaching.
pub fn teaching(
    ctx: &Ctx,
    page: &TeachingPage,
    filter: &TeachingFilter,
    form: &TeachingForm,
    errors: &FieldErrors,
    can_edit: bool,
) -> Markup {
    let year = page.years.viewed.as_ref();
    let editable = can_edit && year.is_some_and(|(_, y)| !y.closed);
    html! {
        (subnav(ctx, Tab::Teaching, Some(&page.years)))
        h1 {
            (ctx.t("st-teaching-title"))
            @if let Some((_, y)) = year { " " span.muted { (y.name) } }
        }
        (year_picker(ctx, "/structure/teaching", &page.years, &[]))
        @match year {
            None => (no_year(ctx, can_edit)),
            Some((year_id, y)) => {
                (closed_notice(ctx, y))
                (filter_form(ctx, page, filter, *year_id))
                (table(ctx, page, filter, editable))
                @if editable {
                    section.card.spaced #add {
                        h2 { (ctx.t("st-teaching-new")) }
                        (error_summary(ctx, errors))
                        form method="post" action="/structure/teaching#add" data-guard {
                            (csrf_field(ctx))
                            input type="hidden" name="year" value=(year_id);
                            div.grid {
                                (taught_select(ctx, page, form, errors))
                                (select_field(ctx, "subject", &ctx.t("st-subject"), &subject_options(&page.subjects, &form.subject), &form.subject, Some(&ctx.t("st-choose")), errors))
                                (select_field(ctx, "teacher", &ctx.t("st-teacher"), &page.teachers.iter().map(|(id, n)| (id.to_string(), n.clone())).collect::<Vec<_>>(), &form.teacher, Some(&ctx.t("st-choose")), errors))
                                (field(ctx, Input::text("hours", &ctx.t("st-hours"), &form.hours).required().autocomplete("off").hint(ctx.t("st-hours-hint")), errors))
                            }
                            button.primary type="submit" { (ctx.t("st-add")) }
                        }
                    }
                }
            }
        }
    }
}

/// The filter by class or teacher (a GET form; htmx swaps only the table).
fn filter_form(
    ctx: &Ctx,
    page: &TeachingPage,
    filter: &TeachingFilter,
    year_id: crate::store::ids::YearId,
) -> Markup {
    html! {
        form.search method="get" action="/structure/teaching" role="search"
            hx-get="/structure/teaching" hx-target="#teaching-results" hx-select="#teaching-results"
            hx-swap="outerHTML" hx-trigger="change from:select, submit" hx-push-url="true" {
            input type="hidden" name="year" value=(year_id);
            label for="filter_class" { (ctx.t("st-class")) }
            select #filter_class name="class" {
                option value="" { (ctx.t("st-all-classes")) }
                @for c in &page.classes {
                    option value=(c.id) selected[filter.class == Some(c.id)] { (c.name) }
                }
            }
            label for="filter_teacher" { (ctx.t("st-teacher")) }
            select #filter_teacher name="teacher" {
                option value="" { (ctx.t("st-all-teachers")) }
                @for (id, name) in &page.teachers {
                    option value=(id) selected[filter.teacher == Some(*id)] { (name) }
                }
            }
            button type="submit" { (ctx.t("st-show")) }
        }
    }
}

fn table(ctx: &Ctx, page: &TeachingPage, filter: &TeachingFilter, editable: bool) -> Markup {
    let total: f32 = page.rows.iter().map(|r| r.hours).sum();
    let filtered = filter.class.is_some() || filter.teacher.is_some();
    html! {
        div #teaching-results {
            @if page.rows.is_empty() {
                p.empty { (ctx.t(if filtered { "st-teaching-none-found" } else { "st-teaching-none" })) }
            } @else {
                div.table-wrap {
                    table.list {
                        thead { tr {
                            th scope="col" { (ctx.t("st-class")) }
                            th scope="col" { (ctx.t("st-group")) }
                            th scope="col" { (ctx.t("st-subject")) }
                            th scope="col" { (ctx.t("st-teacher")) }
                            th.num scope="col" { (ctx.t("st-hours")) }
                            @if editable { th scope="col" { span.visually-hidden { (ctx.t("st-actions")) } } }
                        } }
                        tbody {
                            @for r in &page.rows {
                                tr {
                                    td { a href=(format!("/structure/classes/{}", r.class_id)) { (r.class) } }
                                    td { @match &r.group { Some(g) => (g), None => span.muted { (ctx.t("st-whole-class")) } } }
                                    td { (r.subject) }
                                    td { a href=(format!("/structure/teaching?year={}&teacher={}", page.years.viewed_id().map(|y| y.0).unwrap_or_default(), r.teacher_id)) { (r.teacher) } }
                                    td.num { (hours_text(ctx.lang, r.hours)) }
                                    @if editable {
                                        td {
                                            form method="post" action=(format!("/structure/teaching/{}/delete", r.id)) {
                                                (csrf_field(ctx))
                                                button.danger.small type="submit" { (ctx.t("st-delete")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        tfoot { tr {
                            th scope="row" colspan="4" { (ctx.t("st-total")) }
                            td.num { strong { (hours_text(ctx.lang, total)) } }
                            @if editable { td {} }
                        } }
                    }
                }
            }
        }
    }
}

/// One choice of who is taught: a class, or one of its groups (grouped under the class).
fn taught_select(ctx: &Ctx, page: &TeachingPage, form: &TeachingForm, errors: &FieldErrors) -> Markup {
    let error = errors.get("taught");
    let selected = Taught::parse(&form.taught);
    html! {
        div.field.invalid[error.is_some()] {
            label for="f-taught" { (ctx.t("st-taught")) }
            select #f-taught name="taught" aria-invalid=[error.map(|_| "true")] {
                option value="" { (ctx.t("st-choose")) }
                @for c in &page.classes {
                    optgroup label=(c.name) {
                        @let whole = Taught::Class(c.id);
                        option value=(whole.value()) selected[selected == Some(whole)] {
                            (c.name) " — " (ctx.t("st-whole-class"))
                        }
                        @for (gid, label) in &c.groups {
                            @let g = Taught::Group(*gid);
                            option value=(g.value()) selected[selected == Some(g)] { (c.name) " — " (label) }
                        }
                    }
                }
            }
            @if let Some(key) = error { p.error { (ctx.t(key)) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_naturally() {
        assert_eq!(hours_text(Lang::Ru, 3.0), "3");
        assert_eq!(hours_text(Lang::Ru, 1.5), "1,5");
        assert_eq!(hours_text(Lang::En, 0.25), "0.25");
        assert_eq!(hours_text(Lang::En, 0.0), "0");
    }
}
