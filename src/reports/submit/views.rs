//! The administration's pages: the list of dues with their counts and the form of a new due;
//! one due with every expected submission, its snapshots, history, and accept / return.

use maud::{Markup, html};

use super::dues::{DueForm, MAX_NOTE};
use super::model::{ReportDue, Status, Step, Submission, Tally, Who};
use super::queries::{DuePage, DuesPage, Names};
use crate::reports::filters::period_name;
use crate::store::ids::{PeriodId, ReportDueId, SubmissionId};
use crate::structure::model::Period;
use crate::structure::views::year_picker;
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, error_summary};
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// «28.11.2026 10:15» in the school's time zone.
pub fn moment(ctx: &Ctx, unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.with_timezone(&ctx.tz).format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_default()
}

pub fn day(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// «Классные руководители 2–9 классов» / «Учителя».
pub fn who_text(ctx: &Ctx, due: &ReportDue) -> String {
    match due.who {
        Who::Chiefs => ctx.t_args(
            "rsub-who-chiefs-of",
            &[("from", Arg::Num(i64::from(due.grade_from))), ("to", Arg::Num(i64::from(due.grade_to)))],
        ),
        Who::Teachers => ctx.t("rsub-who-all_teachers"),
    }
}

pub fn badge(ctx: &Ctx, s: Status) -> Markup {
    html! { span.badge.(s.tone()) { (ctx.t(s.key())) } }
}

fn message(ctx: &Ctx, errors: &FieldErrors, name: &str) -> Markup {
    html! {
        @if let Some(key) = errors.get(name) { p.error id=(format!("f-{name}-error")) { (ctx.t(key)) } }
    }
}

/// «12 из 22 сдали · 2 не сдали в срок · 3 ждут решения».
pub fn tally_line(ctx: &Ctx, t: &Tally) -> Markup {
    let n = |v: usize| Arg::Num(v as i64);
    html! {
        span { (ctx.t_args("rsub-tally-handed", &[("n", n(t.handed())), ("of", n(t.expected))])) }
        @if t.late > 0 { " · " span.rs-late-text { (ctx.t_args("rsub-tally-late", &[("n", n(t.late))])) } }
        @if t.waiting > 0 { " · " (ctx.t_args("rsub-tally-waiting", &[("n", n(t.waiting))])) }
        @if t.returned > 0 { " · " (ctx.t_args("rsub-tally-returned", &[("n", n(t.returned))])) }
        @if t.accepted > 0 { " · " (ctx.t_args("rsub-tally-accepted", &[("n", n(t.accepted))])) }
    }
}

/// The form of a due, new or changed.
pub fn due_form(
    ctx: &Ctx,
    action: &str,
    periods: &[(PeriodId, Period)],
    f: &DueForm,
    errors: &FieldErrors,
) -> Markup {
    let kinds: Vec<(String, String)> = crate::reports::catalog::SPECS
        .iter()
        .filter(|s| Who::ALL.iter().any(|w| w.fits(s.kind)))
        .map(|s| (s.slug.to_string(), ctx.t(&s.kind.title_key())))
        .collect();
    html! {
        (error_summary(ctx, errors))
        form.rs-form method="post" action=(action) novalidate {
            (csrf_field(ctx))
            div.field.invalid[errors.get("kind").is_some()] {
                label for="f-kind" { (ctx.t("rsub-kind")) }
                select id="f-kind" name="kind" {
                    @for (slug, title) in &kinds {
                        option value=(slug) selected[&f.kind == slug] { (title) }
                    }
                }
                (message(ctx, errors, "kind"))
            }
            fieldset.invalid[errors.get("who").is_some()] {
                legend { (ctx.t("rsub-who")) }
                @for w in Who::ALL {
                    label.check {
                        input type="radio" name="who" value=(w.slug()) checked[f.who == w.slug()];
                        (ctx.t(&format!("rsub-who-{}", w.slug())))
                    }
                }
                small.hint { (ctx.t("rsub-who-hint")) }
                (message(ctx, errors, "who"))
            }
            div.grid {
                div.field.invalid[errors.get("period").is_some()] {
                    label for="f-period" { (ctx.t("rsub-period")) }
                    select id="f-period" name="period" {
                        @for (id, p) in periods {
                            option value=(id) selected[f.period == id.to_string()] {
                                (period_name(ctx.lang, p)) " (" (day(p.start)) " – " (day(p.end)) ")"
                            }
                        }
                    }
                    (message(ctx, errors, "period"))
                }
                div.field.invalid[errors.get("deadline").is_some()] {
                    label for="f-deadline" { (ctx.t("rsub-deadline")) span.req aria-hidden="true" { " *" } }
                    input id="f-deadline" type="date" name="deadline" value=(f.deadline) required;
                    (message(ctx, errors, "deadline"))
                }
            }
            div.grid.invalid[errors.get("grade_from").is_some()] {
                div.field {
                    label for="f-grade_from" { (ctx.t("rsub-grade-from")) }
                    input id="f-grade_from" type="number" name="grade_from" min="1" max="11" value=(f.grade_from);
                }
                div.field {
                    label for="f-grade_to" { (ctx.t("rsub-grade-to")) }
                    input id="f-grade_to" type="number" name="grade_to" min="1" max="11" value=(f.grade_to);
                }
            }
            small.hint { (ctx.t("rsub-grades-hint")) }
            (message(ctx, errors, "grade_from"))
            div.field.invalid[errors.get("note").is_some()] {
                label for="f-note" { (ctx.t("rsub-note")) }
                textarea id="f-note" name="note" rows="3" maxlength=(MAX_NOTE) { (f.note) }
                (message(ctx, errors, "note"))
            }
            div.actions { button.primary type="submit" { (ctx.t("rsub-save")) } }
        }
    }
}

/// GET /reports/submissions
pub fn dues_page(ctx: &Ctx, page: &DuesPage, f: &DueForm, errors: &FieldErrors) -> Markup {
    html! {
        (super::views_mine::subnav(ctx, "/reports/submissions"))
        div.page-head {
            h1 { (ctx.t("rsub-title")) }
            (year_picker(ctx, "/reports/submissions", &page.years, &[]))
        }
        p.hint { (ctx.t("rsub-intro")) }
        @if page.rows.is_empty() {
            p.empty { (ctx.t("rsub-no-dues")) }
        } @else {
            div.table-wrap {
                table.list.rs-dues {
                    thead { tr {
                        th scope="col" { (ctx.t("rsub-kind")) }
                        th scope="col" { (ctx.t("rsub-period")) }
                        th scope="col" { (ctx.t("rsub-who")) }
                        th scope="col" { (ctx.t("rsub-deadline")) }
                        th scope="col" { (ctx.t("rsub-progress")) }
                    } }
                    tbody {
                        @for r in &page.rows {
                            tr {
                                th scope="row" {
                                    a href=(format!("/reports/submissions/{}", r.id)) { (ctx.t(&r.due.kind.title_key())) }
                                }
                                td { (period_name(ctx.lang, &r.period)) }
                                td { (who_text(ctx, &r.due)) }
                                td.date { (day(r.due.deadline)) }
                                td { (tally_line(ctx, &r.tally)) }
                            }
                        }
                    }
                }
            }
        }
        section.card.rs-new {
            h2 { (ctx.t("rsub-new")) }
            @if page.periods.is_empty() {
                p.empty { (ctx.t("rsub-no-periods")) }
            } @else {
                (due_form(ctx, "/reports/submissions", &page.periods, f, errors))
            }
        }
    }
}

/// GET /reports/submissions/{due}/edit
pub fn edit_page(
    ctx: &Ctx,
    id: ReportDueId,
    periods: &[(PeriodId, Period)],
    f: &DueForm,
    errors: &FieldErrors,
) -> Markup {
    let back = format!("/reports/submissions/{id}");
    html! {
        div.narrow {
            p.no-print { a href=(back) { "← " (ctx.t("rsub-back-due")) } }
            h1 { (ctx.t("rsub-edit")) }
            (due_form(ctx, &back, periods, f, errors))
        }
    }
}

/// One step of a submission's history.
fn step_line(ctx: &Ctx, names: &Names, s: &Step) -> Markup {
    html! {
        li {
            span.rs-when { (moment(ctx, s.at)) } " — " (ctx.t(s.kind.key()))
            @if let Some(id) = s.snapshot {
                " · " a href=(format!("/reports/snapshots/{id}")) { (ctx.t("rsub-open-snapshot")) }
            }
            " (" (names.of(s.by)) ")"
            @if !s.comment.is_empty() { br; q.rs-comment { (s.comment) } }
        }
    }
}

/// Accept and return (with a comment) for a submission waiting for a decision; `error` is the
/// refused return of this row (its messages and the comment as typed).
fn decide_forms(
    ctx: &Ctx,
    due: ReportDueId,
    sid: SubmissionId,
    error: Option<(&FieldErrors, &str)>,
) -> Markup {
    let base = format!("/reports/submissions/{due}/{sid}");
    let (errors, typed) = match error {
        Some((e, t)) => (e.clone(), t),
        None => (FieldErrors::default(), ""),
    };
    let field_id = format!("f-comment-{sid}");
    html! {
        div.rs-decide {
            form.inline method="post" action=(format!("{base}/accept")) {
                (csrf_field(ctx))
                button.primary.small type="submit" { (ctx.t("rsub-accept")) }
            }
            form.rs-return method="post" action=(format!("{base}/return")) novalidate {
                (csrf_field(ctx))
                div.field.invalid[errors.get("comment").is_some()] {
                    label for=(field_id) { (ctx.t("rsub-comment")) }
                    textarea id=(field_id) name="comment" rows="2" maxlength=(MAX_NOTE)
                        aria-invalid=[errors.get("comment").map(|_| "true")] { (typed) }
                    @if let Some(key) = errors.get("comment") { p.error role="alert" { (ctx.t(key)) } }
                }
                button.small type="submit" { (ctx.t("rsub-return")) }
            }
        }
    }
}

fn submission_cell(
    ctx: &Ctx,
    page: &DuePage,
    sid: SubmissionId,
    s: &Submission,
    error: Option<(&FieldErrors, &str)>,
) -> Markup {
    html! {
        ul.plain.rs-history {
            @for step in &s.steps { (step_line(ctx, &page.names, step)) }
        }
        @if s.state == super::model::State::Submitted { (decide_forms(ctx, page.id, sid, error)) }
    }
}

/// GET /reports/submissions/{due}; `error` is a refused return (its row, messages, comment).
pub fn due_page(ctx: &Ctx, page: &DuePage, error: Option<(SubmissionId, &FieldErrors, &str)>) -> Markup {
    let d = &page.due;
    let headers = match d.who {
        Who::Chiefs => ("rsub-col-class", "rsub-col-chiefs"),
        Who::Teachers => ("rsub-col-teacher", ""),
    };
    html! {
        div.page-head {
            h1 { (ctx.t(&d.kind.title_key())) " · " (period_name(ctx.lang, &page.period)) }
            p.no-print { a href="/reports/submissions" { "← " (ctx.t("rsub-title")) } }
        }
        dl.pairs.rs-due {
            dt { (ctx.t("rsub-who")) } dd { (who_text(ctx, d)) }
            dt { (ctx.t("rsub-deadline")) } dd { (day(d.deadline)) }
            @if !d.note.is_empty() { dt { (ctx.t("rsub-note")) } dd.rs-note { (d.note) } }
            dt { (ctx.t("rsub-set-by")) } dd { (page.names.of(d.by)) ", " (moment(ctx, d.at)) }
            dt { (ctx.t("rsub-progress")) } dd { (tally_line(ctx, &page.tally)) }
        }
        div.actions.no-print {
            a.button.secondary href=(format!("/reports/submissions/{}/edit", page.id)) { (ctx.t("rsub-edit")) }
            @if page.tally.handed() == 0 && page.rows.iter().all(|r| r.sub.is_none()) {
                form.inline method="post" action=(format!("/reports/submissions/{}/delete", page.id)) {
                    (csrf_field(ctx))
                    button.danger type="submit" { (ctx.t("rsub-delete")) }
                }
            }
        }
        div.table-wrap {
            table.list.rs-rows {
                thead { tr {
                    th scope="col" { (ctx.t(headers.0)) }
                    @if !headers.1.is_empty() { th scope="col" { (ctx.t(headers.1)) } }
                    th scope="col" { (ctx.t("rsub-col-state")) }
                    th scope="col" { (ctx.t("rsub-col-history")) }
                } }
                tbody {
                    @for r in &page.rows {
                        tr.(r.status.tone()) {
                            th scope="row" { (r.name) }
                            @if !headers.1.is_empty() {
                                td {
                                    @if r.people.is_empty() { span.muted { (ctx.t("rsub-no-chief")) } }
                                    @for (i, p) in r.people.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        (page.names.of(*p))
                                    }
                                }
                            }
                            td { (badge(ctx, r.status)) }
                            td {
                                @if let Some((sid, s)) = &r.sub {
                                    @let err = error.filter(|(e, _, _)| e == sid).map(|(_, e, t)| (e, t));
                                    (submission_cell(ctx, page, *sid, s, err))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
