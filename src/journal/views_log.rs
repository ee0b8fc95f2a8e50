//! A journal's change log: who changed which mark, attendance entry or final mark, when, and
//! from what to what.

use maud::{Markup, html};

use super::list::LogPage;
use super::model::{FinalKind, LogEntry, LogField};
use super::views::{self, Tab, day_month};
use crate::structure::views::period_label;
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;

fn what(ctx: &Ctx, page: &LogPage, e: &LogEntry) -> (String, String) {
    match e.field {
        LogField::Mark(a) => (
            format!(
                "{} · {}",
                day_month(e.date),
                ctx.t_args("journal-lesson-n", &[("n", Arg::Num(i64::from(e.number)))])
            ),
            ctx.t_args("journal-log-mark", &[("n", Arg::Num(i64::from(a) + 1))]),
        ),
        LogField::Attendance => (
            format!(
                "{} · {}",
                day_month(e.date),
                ctx.t_args("journal-lesson-n", &[("n", Arg::Num(i64::from(e.number)))])
            ),
            ctx.t("journal-log-attendance"),
        ),
        LogField::Final(k, id) => {
            let kind = match FinalKind::from_key(k, id) {
                Some(FinalKind::Period(pid)) => match page.periods.get(&pid) {
                    Some(p) => period_label(ctx, p.scheme, p.number),
                    None => ctx.t("journal-kind-period"),
                },
                Some(FinalKind::Year) => ctx.t("journal-kind-year"),
                Some(FinalKind::Exam) => ctx.t("journal-kind-exam"),
                _ => ctx.t("journal-kind-final"),
            };
            (kind, ctx.t("journal-log-final"))
        }
    }
}

/// GET /journal/{teaching}/log
pub fn log(ctx: &Ctx, page: &LogPage) -> Markup {
    let name = |id| page.names.get(&id).map(String::as_str).unwrap_or("");
    html! {
        (views::head(ctx, &page.head, Tab::Log, ""))
        @if page.entries.is_empty() {
            p.empty { (ctx.t("log-empty")) }
        } @else {
            div.table-wrap {
                table.list.jlog {
                    thead { tr {
                        th scope="col" { (ctx.t("log-when")) }
                        th scope="col" { (ctx.t("log-who")) }
                        th scope="col" { (ctx.t("journal-student")) }
                        th scope="col" { (ctx.t("journal-log-lesson")) }
                        th scope="col" { (ctx.t("journal-log-field")) }
                        th scope="col" { (ctx.t("journal-log-change")) }
                    } }
                    tbody {
                        @for (_, e) in &page.entries {
                            @let (lesson, field) = what(ctx, page, e);
                            tr {
                                td { (ctx.date_time(e.at)) }
                                td { (name(e.by)) }
                                td { (name(e.student)) }
                                td { (lesson) }
                                td { (field) }
                                td.change {
                                    span.old { @if e.old.is_empty() { "—" } @else { (e.old) } }
                                    " → "
                                    span.new { @if e.new.is_empty() { "—" } @else { (e.new) } }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(next) = page.next {
                nav.pager aria-label=(ctx.t("pager")) {
                    a href=(format!("/journal/{}/log", page.head.id)) { (ctx.t("journal-log-newest")) }
                    a href=(format!("/journal/{}/log?before={next}", page.head.id)) { (ctx.t("pager-next")) }
                }
            }
        }
    }
}
