//! The plan list (my classes with their plans and progress, the year's plans, a new plan) and
//! the report of the plans behind.

use maud::{Markup, html};

use super::distribute::Layout;
use super::forms::NewForm;
use super::model::PlanScope;
use super::queries::{BehindPage, ListPage, Progress};
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, error_summary};
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// «12 из 30 ч · отставание 2 ч», with a badge for behind, ahead or no room.
pub fn progress(ctx: &Ctx, l: &Layout) -> Markup {
    let n = |k: u32| Arg::Num(k as i64);
    html! {
        span.num { (ctx.t_args("plans-given-of", &[("given", n(l.given)), ("due", n(l.due)), ("hours", n(l.hours))])) }
        @if l.behind() > 0 {
            " " span.badge.warn { (ctx.t_args("plans-behind-by", &[("n", n(l.behind()))])) }
        } @else if l.ahead() > 0 {
            " " span.badge.current { (ctx.t_args("plans-ahead-by", &[("n", n(l.ahead()))])) }
        } @else if l.hours > 0 {
            " " span.badge { (ctx.t("plans-on-time")) }
        }
        @if l.no_room > 0 {
            " " span.badge.warn { (ctx.t_args("plans-no-room", &[("n", n(l.no_room))])) }
        }
    }
}

fn progress_rows(ctx: &Ctx, rows: &[Progress], with_teacher: bool) -> Markup {
    html! {
        div.table-wrap {
            table.list.plans-progress {
                thead { tr {
                    th scope="col" { (ctx.t("plans-class")) }
                    th scope="col" { (ctx.t("plans-subject")) }
                    @if with_teacher { th scope="col" { (ctx.t("plans-teacher")) } }
                    th scope="col" { (ctx.t("plans-plan")) }
                    th scope="col" { (ctx.t("plans-progress")) }
                } }
                tbody {
                    @for r in rows {
                        tr {
                            th scope="row" { (r.teaching.class) }
                            td { (r.teaching.subject) }
                            @if with_teacher { td { (r.teaching.teacher) } }
                            td {
                                @match &r.plan {
                                    Some((id, title)) => a href=(format!("/plans/{id}?class={}", r.teaching.id)) {
                                        @if title.is_empty() { (ctx.t("plans-open")) } @else { (title) }
                                    },
                                    None => span.muted { (ctx.t("plans-none")) },
                                }
                            }
                            td { @if let Some(l) = &r.layout { (progress(ctx, l)) } }
                        }
                    }
                }
            }
        }
    }
}

/// GET /plans
pub fn list(ctx: &Ctx, page: &ListPage, mine_only: bool, form: &NewForm, errors: &FieldErrors) -> Markup {
    html! {
        div.page-head {
            h1 { (ctx.t("plans-title")) }
            @if let Some((_, y)) = &page.year { span.muted { (y.name) } }
            a.button.no-print href="/plans/behind" { (ctx.t("plans-behind-title")) }
        }
        @if page.years.len() > 1 {
            nav.plans-years.no-print aria-label=(ctx.t("plans-years")) {
                @for (id, name) in &page.years {
                    @if page.year.as_ref().is_some_and(|(y, _)| y == id) { strong { (name) } }
                    @else { a href=(format!("/plans?year={id}{}", if mine_only { "" } else { "&all=1" })) { (name) } }
                    " "
                }
            }
        }
        @if page.year.is_none() {
            p.empty { (ctx.t("plans-no-year")) }
        } @else {
            section.card {
                h2 { @if mine_only { (ctx.t("plans-my-classes")) } @else { (ctx.t("plans-all-classes")) } }
                @if page.rows.is_empty() {
                    p.empty { (ctx.t("plans-no-classes")) }
                } @else {
                    (progress_rows(ctx, &page.rows, !mine_only))
                }
                @if mine_only { p { a href="/plans?all=1" { (ctx.t("plans-show-all")) } } }
            }
            @if !page.creatable.is_empty() { (new_form(ctx, page, form, errors)) }
            section.card {
                h2 { (ctx.t("plans-of-year")) }
                @if page.plans.is_empty() {
                    p.empty { (ctx.t("plans-none-yet")) }
                } @else {
                    ul.plain {
                        @for (id, p, subject, scope) in &page.plans {
                            li {
                                a href=(format!("/plans/{id}")) {
                                    (subject) " · "
                                    @match p.scope {
                                        PlanScope::Grade(_) => (ctx.t_args("plans-grade", &[("grade", Arg::from(scope.as_str()))])),
                                        PlanScope::Teaching(_) => (scope),
                                    }
                                }
                                @if !p.title.is_empty() { " — " (p.title) }
                                " " span.muted { (ctx.t_args("plans-n-hours", &[("n", Arg::Num(p.hours() as i64))])) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn new_form(ctx: &Ctx, page: &ListPage, form: &NewForm, errors: &FieldErrors) -> Markup {
    let scope_error = errors.get("scope");
    html! {
        section.card {
            h2 { (ctx.t("plans-new")) }
            (error_summary(ctx, errors))
            form method="post" action="/plans" data-guard {
                (csrf_field(ctx))
                div.field.invalid[scope_error.is_some()] {
                    label for="f-scope" { (ctx.t("plans-for")) }
                    select id="f-scope" name="scope" required {
                        option value="" { "—" }
                        optgroup label=(ctx.t("plans-for-class")) {
                            @for t in &page.creatable {
                                @let v = format!("t{}", t.id);
                                option value=(v) selected[form.scope == v] { (t.class) " · " (t.subject) }
                            }
                        }
                        optgroup label=(ctx.t("plans-for-grade")) {
                            @for (grade, subject, name) in &page.grades {
                                @let v = format!("g{grade}:{subject}");
                                option value=(v) selected[form.scope == v] {
                                    (ctx.t_args("plans-grade", &[("grade", Arg::Num(*grade as i64))])) " · " (name)
                                }
                            }
                        }
                    }
                    @if let Some(key) = scope_error { p.error { (ctx.t(key)) } }
                }
                (crate::web::form::field(ctx, crate::web::form::Input::text("title", &ctx.t("plans-title-field"), &form.title).hint(ctx.t("plans-title-hint")), errors))
                button.primary type="submit" { (ctx.t("plans-create")) }
            }
        }
    }
}

/// GET /plans/behind
pub fn behind(ctx: &Ctx, page: &BehindPage) -> Markup {
    html! {
        div.page-head { h1 { (ctx.t("plans-behind-title")) } }
        section.card {
            h2 { (ctx.t("plans-behind-list")) }
            @if page.behind.is_empty() {
                p.empty { (ctx.t("plans-behind-none")) }
            } @else {
                (progress_rows(ctx, &page.behind, true))
            }
        }
        section.card {
            h2 { (ctx.t("plans-without")) }
            @if page.without.is_empty() {
                p.empty { (ctx.t("plans-without-none")) }
            } @else {
                ul.plain.columns {
                    @for t in &page.without { li { (t.class) " · " (t.subject) " " span.muted { (t.teacher) } } }
                }
            }
        }
    }
}
