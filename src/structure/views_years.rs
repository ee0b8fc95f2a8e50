//! Pages of study years: the list with the form of a new year, and one year with its dates,
//! periods under each scheme, the scheme of each parallel, and holidays.

use maud::{Markup, html};

use super::access::{YearPage, Years};
use super::forms::{HolidayForm, PERIOD_END, PERIOD_START, PeriodsForm, YearForm};
use super::model::{Scheme, Year};
use super::views::{Tab, closed_notice, date, date_range, period_label, scheme_label, subnav};
use crate::store::ids::YearId;
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// The badges of a year: current, closed.
fn badges(ctx: &Ctx, years: &Years, id: YearId, year: &Year) -> Markup {
    html! {
        @if years.current == Some(id) { span.badge.current { (ctx.t("st-badge-current")) } " " }
        @if year.closed { span.badge { (ctx.t("st-badge-closed")) } }
    }
}

/// The name and dates of a year, for the new-year form and a year's own form.
fn year_fields(ctx: &Ctx, form: &YearForm, errors: &FieldErrors) -> Markup {
    html! {
        div.grid {
            (field(ctx, Input::text("name", &ctx.t("st-year-name"), &form.name).required().hint(ctx.t("st-year-name-hint")), errors))
            (field(ctx, Input::text("start", &ctx.t("st-start"), &form.start).kind("date").required(), errors))
            (field(ctx, Input::text("end", &ctx.t("st-end"), &form.end).kind("date").required(), errors))
        }
    }
}

/// GET /structure/years: every year, and the form of a new one.
pub fn years_list(ctx: &Ctx, years: &Years, form: &YearForm, errors: &FieldErrors, can_edit: bool) -> Markup {
    html! {
        (subnav(ctx, Tab::Years, None))
        h1 { (ctx.t("st-years-title")) }
        @if years.all.is_empty() {
            p.empty { (ctx.t("st-no-years")) }
        } @else {
            div.table-wrap {
                table.list {
                    thead { tr {
                        th scope="col" { (ctx.t("st-year")) }
                        th scope="col" { (ctx.t("st-dates")) }
                        th scope="col" { (ctx.t("st-state")) }
                    } }
                    tbody {
                        @for (id, y) in &years.all {
                            tr.disabled[y.closed] {
                                td { a href=(format!("/structure/years/{id}")) { (y.name) } }
                                td { (date_range(ctx, y.start, y.end)) }
                                td { (badges(ctx, years, *id, y)) }
                            }
                        }
                    }
                }
            }
        }
        @if can_edit {
            section.card.spaced #new {
                h2 { (ctx.t("st-year-new")) }
                (error_summary(ctx, errors))
                form method="post" action="/structure/years#new" data-guard {
                    (csrf_field(ctx))
                    (year_fields(ctx, form, errors))
                    p.hint { (ctx.t("st-year-new-hint")) }
                    button.primary type="submit" { (ctx.t("st-create")) }
                }
            }
        }
    }
}

/// Forms of the year page that come back refused, with what was typed.
#[derive(Clone, Debug, Default)]
pub struct YearEdits {
    pub year: Option<(YearForm, FieldErrors)>,
    pub periods: Option<(Scheme, PeriodsForm, FieldErrors)>,
    pub holiday: Option<(HolidayForm, FieldErrors)>,
}

/// GET /structure/years/{id}.
pub fn year_page(ctx: &Ctx, page: &YearPage, edits: &YearEdits, can_edit: bool) -> Markup {
    let id = page.id;
    let year = &page.year;
    let editable = can_edit && !year.closed;
    let no_errors = FieldErrors::default();
    let (year_form, year_errors) = match &edits.year {
        Some((f, e)) => (f.clone(), e),
        None => (YearForm::of(year), &no_errors),
    };
    html! {
        (subnav(ctx, Tab::Years, Some(&page.years)))
        p { a href="/structure/years" { "← " (ctx.t("st-years-title")) } }
        div.page-head {
            h1 { (year.name) " " (badges(ctx, &page.years, id, year)) }
            a.button href=(format!("/structure/classes?year={id}")) { (ctx.t("st-tab-classes")) }
        }
        (closed_notice(ctx, year))
        section.card {
            h2 { (ctx.t("st-year-dates")) }
            (error_summary(ctx, year_errors))
            form method="post" action=(format!("/structure/years/{id}")) data-guard {
                (csrf_field(ctx))
                fieldset disabled[!editable] {
                    (year_fields(ctx, &year_form, year_errors))
                    @if editable { button.primary type="submit" { (ctx.t("save")) } }
                }
            }
        }
        @if can_edit {
            section.card {
                h2 { (ctx.t("st-state")) }
                @if page.years.current == Some(id) {
                    p { (ctx.t("st-year-is-current")) }
                } @else {
                    p.hint { (ctx.t("st-year-make-current-hint")) }
                    form method="post" action=(format!("/structure/years/{id}/current")) {
                        (csrf_field(ctx))
                        button type="submit" { (ctx.t("st-year-make-current")) }
                    }
                }
                @if !year.closed {
                    p.hint { (ctx.t("st-year-close-hint")) }
                    form method="post" action=(format!("/structure/years/{id}/close")) {
                        (csrf_field(ctx))
                        button.danger type="submit" { (ctx.t("st-year-close")) }
                    }
                }
            }
        }
        section.card #periods {
            h2 { (ctx.t("st-periods")) }
            div.schemes {
                @for (scheme, periods) in &page.periods {
                    @let refused = edits.periods.as_ref().filter(|(s, _, _)| s == scheme);
                    @let (form, errors) = match refused {
                        Some((_, f, e)) => (f.clone(), e),
                        None => (PeriodsForm::of(periods), &no_errors),
                    };
                    (periods_form(ctx, id, *scheme, &form, errors, editable))
                }
            }
        }
        (schemes_form(ctx, page, editable))
        (holidays(ctx, page, edits, editable))
    }
}

/// The periods of one scheme: a start and an end for each, each with its own message.
fn periods_form(
    ctx: &Ctx,
    id: YearId,
    scheme: Scheme,
    form: &PeriodsForm,
    errors: &FieldErrors,
    editable: bool,
) -> Markup {
    let key = scheme.key();
    let action = format!("/structure/years/{id}/periods/{key}#periods-{key}");
    html! {
        form.periods id=(format!("periods-{key}")) method="post" action=(action) data-guard {
            (csrf_field(ctx))
            h3 { (scheme_label(ctx, scheme)) }
            (error_summary(ctx, errors))
            fieldset disabled[!editable] {
                @for (i, (start, end)) in form.dates.iter().enumerate() {
                    fieldset.period {
                        legend { (period_label(ctx, scheme, i as u8 + 1)) }
                        div.pair {
                            (field(ctx, Input::text(PERIOD_START[i], &ctx.t("st-start"), start).kind("date").required(), errors))
                            (field(ctx, Input::text(PERIOD_END[i], &ctx.t("st-end"), end).kind("date").required(), errors))
                        }
                    }
                }
                @if editable { button.primary type="submit" { (ctx.t("save")) } }
            }
        }
    }
}

/// Which scheme each parallel 1–11 uses.
fn schemes_form(ctx: &Ctx, page: &YearPage, editable: bool) -> Markup {
    html! {
        section.card #schemes {
            h2 { (ctx.t("st-grade-schemes")) }
            p.hint { (ctx.t("st-grade-schemes-hint")) }
            form method="post" action=(format!("/structure/years/{}/schemes#schemes", page.id)) data-guard {
                (csrf_field(ctx))
                fieldset disabled[!editable] {
                    div.grades {
                        @for (i, current) in page.schemes.iter().enumerate() {
                            @let name = format!("g{}", i + 1);
                            div.field {
                                label for=(format!("f-{name}")) { (ctx.t_args("st-grade", &[("n", Arg::Num(i as i64 + 1))])) }
                                select id=(format!("f-{name}")) name=(name) {
                                    @for s in Scheme::ALL {
                                        option value=(s.key()) selected[s == *current] { (scheme_label(ctx, s)) }
                                    }
                                }
                            }
                        }
                    }
                    @if editable { button.primary type="submit" { (ctx.t("save")) } }
                }
            }
        }
    }
}

/// The holidays of the year, and the form of a new one.
fn holidays(ctx: &Ctx, page: &YearPage, edits: &YearEdits, editable: bool) -> Markup {
    let no_errors = FieldErrors::default();
    let (form, errors) = match &edits.holiday {
        Some((f, e)) => (f.clone(), e),
        None => (HolidayForm::default(), &no_errors),
    };
    html! {
        section.card #holidays {
            h2 { (ctx.t("st-holidays")) }
            @if page.holidays.is_empty() {
                p.empty { (ctx.t("st-holidays-none")) }
            } @else {
                div.table-wrap {
                    table.list {
                        thead { tr {
                            th scope="col" { (ctx.t("st-holiday-name")) }
                            th scope="col" { (ctx.t("st-dates")) }
                            th scope="col" { (ctx.t("st-days")) }
                            @if editable { th scope="col" { span.visually-hidden { (ctx.t("st-actions")) } } }
                        } }
                        tbody {
                            @for (hid, h) in &page.holidays {
                                tr {
                                    td { (h.name) }
                                    td { (date(ctx, h.start)) " — " (date(ctx, h.end)) }
                                    td { ((h.end - h.start).num_days() + 1) }
                                    @if editable {
                                        td {
                                            form method="post" action=(format!("/structure/holidays/{hid}/delete")) {
                                                (csrf_field(ctx))
                                                button.danger.small type="submit" { (ctx.t("st-delete")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if editable {
                h3 { (ctx.t("st-holiday-new")) }
                (error_summary(ctx, errors))
                form method="post" action=(format!("/structure/years/{}/holidays#holidays", page.id)) data-guard {
                    (csrf_field(ctx))
                    div.grid {
                        (field(ctx, Input::text("name", &ctx.t("st-holiday-name"), &form.name).required().hint(ctx.t("st-holiday-name-hint")), errors))
                        (field(ctx, Input::text("start", &ctx.t("st-start"), &form.start).kind("date").required(), errors))
                        (field(ctx, Input::text("end", &ctx.t("st-end"), &form.end).kind("date").required(), errors))
                    }
                    button.primary type="submit" { (ctx.t("st-add")) }
                }
            }
        }
    }
}
