//! The class's day of attendance and the form of reasons.

use maud::{Markup, html};

use super::attendance::DayView;
use super::rules::{ReasonForm, next_school_day};
use super::views::{code, day_month, weekday};
use crate::journal::model::Code;
use crate::timetable::model::MAX_LESSONS;
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// What the page says above the grid after a save: how many lessons changed.
pub fn changed_message(ctx: &Ctx, n: i64) -> String {
    if n == 0 {
        ctx.t("diary-reason-nothing")
    } else {
        ctx.t_args("diary-reason-done", &[("n", Arg::Num(n))])
    }
}

/// GET /classes/{class}/attendance
pub fn page(ctx: &Ctx, v: &DayView, form: &ReasonForm, errors: &FieldErrors, done: Option<i64>) -> Markup {
    let base = format!("/classes/{}/attendance", v.class_id);
    html! {
        div.dy {
            p.no-print { a href=(format!("/classes/{}", v.class_id)) { "← " (v.class_name) } }
            div.page-head {
                h1 { (ctx.t_args("diary-day-title", &[("class", Arg::Str(v.class_name.clone()))])) }
                a.button.no-print href=(format!("/classes/{}/progress", v.class_id)) { (ctx.t("diary-progress-short")) }
            }
            nav.dy-weeknav aria-label=(ctx.t("diary-days")) {
                a.button href=(format!("{base}?date={}", next_school_day(v.date, -1))) rel="prev" { "← " (ctx.t("diary-day-prev")) }
                strong { (weekday(ctx, v.date)) ", " (day_month(ctx, v.date)) }
                a.button href=(format!("{base}?date={}", next_school_day(v.date, 1))) rel="next" { (ctx.t("diary-day-next")) " →" }
            }
            form.search.no-print method="get" action=(base) {
                label for="f-date" { (ctx.t("diary-day-pick")) }
                input id="f-date" type="date" name="date" value=(v.date);
                button type="submit" { (ctx.t("diary-day-show")) }
            }
            @if let Some(n) = done { p.flash role="status" { (changed_message(ctx, n)) } }
            (grid(ctx, v))
            (reason_form(ctx, v, form, errors))
        }
    }
}

fn grid(ctx: &Ctx, v: &DayView) -> Markup {
    html! {
        @if v.lessons.is_empty() {
            p.empty { (ctx.t("diary-no-lessons")) }
        } @else if v.students.is_empty() {
            p.empty { (ctx.t("diary-no-students")) }
        } @else {
            div.table-wrap {
                table.list.dy-grid.dy-daygrid {
                    thead { tr {
                        th scope="col" { (ctx.t("diary-student")) }
                        @for l in &v.lessons {
                            th scope="col" .dy-cancelled[l.cancelled] title=(l.subject) {
                                (l.number) br; span.dy-small { (l.subject) }
                                @if !l.group.is_empty() { br; span.dy-small.muted { (l.group) } }
                            }
                        }
                    } }
                    tbody {
                        @for row in &v.students {
                            tr {
                                th scope="row" {
                                    a href=(format!("?date={}&student={}#reason", v.date, row.id)) title=(row.name) { (row.short) }
                                }
                                @for c in &row.codes {
                                    @match c {
                                        None => td.dy-notours aria-label=(ctx.t("diary-not-their-lesson")) {},
                                        Some(None) => td {},
                                        Some(Some(x)) => td { (code(*x)) },
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.hint { (ctx.t("diary-day-legend")) }
        }
    }
}

fn reason_form(ctx: &Ctx, v: &DayView, form: &ReasonForm, errors: &FieldErrors) -> Markup {
    let from = if form.from.is_empty() { v.date.to_string() } else { form.from.clone() };
    let code_error = errors.get("code");
    let student_error = errors.get("student");
    let lesson_error = errors.get("lesson");
    html! {
        section.card.no-print id="reason" {
            h2 { (ctx.t("diary-reason-title")) }
            @if v.closed { p.notice { (ctx.t("diary-reason-closed-day")) } }
            (error_summary(ctx, errors))
            form method="post" action=(format!("/classes/{}/attendance/reasons", v.class_id)) data-guard {
                (csrf_field(ctx))
                input type="hidden" name="date" value=(v.date);
                div.field.invalid[student_error.is_some()] {
                    label for="f-student" { (ctx.t("diary-student")) }
                    select id="f-student" name="student" required {
                        option value="" { (ctx.t("diary-reason-choose")) }
                        @for s in &v.students {
                            option value=(s.id) selected[form.student == s.id.to_string()] { (s.name) }
                        }
                    }
                    @if let Some(k) = student_error { p.error { (ctx.t(k)) } }
                }
                fieldset.dy-codes.invalid[code_error.is_some()] {
                    legend { (ctx.t("diary-reason-code")) }
                    @for c in Code::REASONS {
                        label.check.dy-tap {
                            input type="radio" name="code" value=(c.label())
                                checked[Code::parse(&form.code) == Some(c)] required;
                            (code(c)) " " (ctx.t(&format!("diary-code-{}", reason_key(c))))
                        }
                    }
                    @if let Some(k) = code_error { p.error { (ctx.t(k)) } }
                }
                div.pair {
                    (field(ctx, Input::text("from", &ctx.t("diary-reason-from"), &from).kind("date").required(), errors))
                    (field(ctx, Input::text("to", &ctx.t("diary-reason-to"), &form.to).kind("date").hint(ctx.t("diary-reason-to-hint")), errors))
                }
                div.field.invalid[lesson_error.is_some()] {
                    label for="f-lesson" { (ctx.t("diary-reason-lesson")) }
                    select id="f-lesson" name="lesson" {
                        option value="" { (ctx.t("diary-reason-all-lessons")) }
                        @for n in 0..=MAX_LESSONS {
                            option value=(n) selected[form.lesson == n.to_string()] { (ctx.t_args("diary-reason-lesson-n", &[("n", Arg::Num(i64::from(n)))])) }
                        }
                    }
                    @if let Some(k) = lesson_error { p.error { (ctx.t(k)) } }
                }
                label.check.dy-tap {
                    input type="checkbox" name="fill" value="1" checked[form.fill];
                    (ctx.t("diary-reason-fill"))
                }
                p.hint { (ctx.t("diary-reason-hint")) }
                button.primary type="submit" { (ctx.t("diary-reason-save")) }
            }
        }
    }
}

fn reason_key(c: Code) -> &'static str {
    match c {
        Code::Ill => "ill",
        Code::Excused => "excused",
        Code::Unexcused => "unexcused",
        Code::Absent => "absent",
        Code::Late => "late",
        Code::Exempt => "exempt",
    }
}
