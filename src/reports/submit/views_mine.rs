//! A teacher's side, and what everyone shares: the list of what is due from me with the
//! hand-in form, the form under a report, the box on the catalogue, and a frozen snapshot.

use maud::{Markup, html};

use super::model::{State, Status};
use super::queries::{CatalogueBox, Mine, MinePage, SnapshotPage};
use super::service::query;
use super::views::{badge, day, moment, tally_line};
use crate::auth::permission::{Action, may_at_school, may_somewhere};
use crate::reports::filters::period_name;
use crate::structure::views::year_picker;
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// «Качество знаний … · 5А · 1 четверть».
fn what(ctx: &Ctx, m: &Mine) -> String {
    format!("{} · {} · {}", ctx.t(&m.due.kind.title_key()), m.name, period_name(ctx.lang, &m.period))
}

/// The report's page with the due's filters.
fn report_link(m: &Mine) -> String {
    format!("/reports/{}?{}", m.due.kind.slug(), query(&m.asked))
}

/// Where the reports pages are: the catalogue, the administration's dues, one's own dues —
/// the tabs the account has (none but the catalogue: no tabs).
pub fn subnav(ctx: &Ctx, current: &str) -> Markup {
    let roles = ctx.authed.as_ref().map(|a| a.user.roles.as_slice()).unwrap_or_default();
    let mut tabs = vec![("/reports", "reports-all")];
    if may_at_school(roles, Action::ReportsManage) {
        tabs.push(("/reports/submissions", "rsub-title"));
    }
    if may_somewhere(roles, Action::ReportsSubmit) {
        tabs.push(("/reports/mine", "rsub-mine"));
    }
    html! {
        @if tabs.len() > 1 {
            nav.subnav.no-print aria-label=(ctx.t("reports-nav")) {
                ul {
                    @for (path, label) in tabs {
                        li { a href=(path) aria-current=[(path == current).then_some("page")] { (ctx.t(label)) } }
                    }
                }
            }
        }
    }
}

/// The hand-in button: «Сдать отчёт», or «Сдать заново» after a return; nothing once accepted.
pub fn hand_in_form(ctx: &Ctx, m: &Mine) -> Markup {
    let label = match m.sub.as_ref().map(|s| s.state) {
        None => "rsub-hand-in",
        Some(State::Accepted) => return html! {},
        Some(_) => "rsub-hand-in-again",
    };
    html! {
        form.inline.rs-hand-in method="post" action=(format!("/reports/mine/{}", m.due_id)) {
            (csrf_field(ctx))
            input type="hidden" name="slot" value=(m.slot.code());
            button.primary type="submit" { (ctx.t(label)) }
        }
    }
}

/// The last decision, when there is one: «Возвращён: …» with the comment.
fn decision(ctx: &Ctx, m: &Mine) -> Markup {
    html! {
        @if let Some(s) = m.sub.as_ref().and_then(|s| s.last_decision()) {
            @if m.status == Status::Returned && !s.comment.is_empty() {
                p.rs-comment-box { strong { (ctx.t("rsub-returned-with")) } " " q.rs-comment { (s.comment) } }
            }
        }
    }
}

/// GET /reports/mine
pub fn mine_page(ctx: &Ctx, page: &MinePage) -> Markup {
    let items = &page.items;
    html! {
        (subnav(ctx, "/reports/mine"))
        div.page-head {
            h1 { (ctx.t("rsub-mine")) }
            (year_picker(ctx, "/reports/mine", &page.years, &[]))
        }
        p.hint { (ctx.t("rsub-mine-intro")) }
        @if items.is_empty() { p.empty { (ctx.t("rsub-mine-none")) } }
        ul.plain.rs-mine {
            @for m in items {
                li.card.(m.status.tone()) {
                    h2 { a href=(report_link(m)) { (what(ctx, m)) } }
                    p {
                        (badge(ctx, m.status)) " "
                        (ctx.t_args("rsub-until", &[("date", Arg::Str(day(m.due.deadline)))]))
                    }
                    @if !m.due.note.is_empty() { p.rs-note { (m.due.note) } }
                    (decision(ctx, m))
                    @if let Some(s) = &m.sub {
                        ul.plain.rs-history {
                            @for (id, step) in s.snapshots() {
                                li {
                                    a href=(format!("/reports/snapshots/{id}")) {
                                        (ctx.t_args("rsub-snapshot-of", &[("at", Arg::Str(moment(ctx, step.at)))]))
                                    }
                                }
                            }
                        }
                    }
                    div.actions {
                        a.button.secondary href=(report_link(m)) { (ctx.t("rsub-open-report")) }
                        (hand_in_form(ctx, m))
                    }
                }
            }
        }
    }
}

/// Under a report: what is due from the viewer for exactly this report.
pub fn report_extra(ctx: &Ctx, items: &[Mine]) -> Markup {
    html! {
        @for m in items {
            div.rs-extra {
                (badge(ctx, m.status)) " "
                span { (ctx.t_args("rsub-due-by", &[("date", Arg::Str(day(m.due.deadline)))])) }
                " " (hand_in_form(ctx, m))
            }
        }
    }
}

/// On the catalogue: «Сдача отчётов».
pub fn catalogue_box(ctx: &Ctx, b: &CatalogueBox) -> Markup {
    if b.manage.is_none() && b.open.is_empty() {
        return html! {};
    }
    html! {
        section.card.rs-box {
            h2 { (ctx.t("rsub-title")) }
            @if let Some(rows) = &b.manage {
                @if rows.is_empty() { p { (ctx.t("rsub-no-dues")) } }
                ul.plain {
                    @for r in rows.iter().take(5) {
                        li {
                            a href=(format!("/reports/submissions/{}", r.id)) {
                                (ctx.t(&r.due.kind.title_key())) " · " (period_name(ctx.lang, &r.period))
                            }
                            " — " (ctx.t_args("rsub-until", &[("date", Arg::Str(day(r.due.deadline)))])) ": "
                            (tally_line(ctx, &r.tally))
                        }
                    }
                }
                p { a href="/reports/submissions" { (ctx.t("rsub-manage-link")) } }
            }
            @if !b.open.is_empty() {
                ul.plain {
                    @for m in b.open.iter().take(5) {
                        li {
                            (badge(ctx, m.status)) " "
                            a href=(report_link(m)) { (what(ctx, m)) }
                            " — " (ctx.t_args("rsub-until", &[("date", Arg::Str(day(m.due.deadline)))]))
                        }
                    }
                }
                p { a href="/reports/mine" { (ctx.t("rsub-mine-link")) } }
            }
        }
    }
}

/// GET /reports/snapshots/{id}: the banner, the files, then the report as it was handed in.
pub fn snapshot_page(ctx: &Ctx, p: &SnapshotPage) -> Markup {
    let r = &p.snapshot.report;
    let back = match (&p.manager, &p.due) {
        (true, Some(_)) => format!("/reports/submissions/{}", p.snapshot.due),
        (true, None) => "/reports/submissions".to_string(),
        _ => "/reports/mine".to_string(),
    };
    let state = p.sub.as_ref().map(|s| s.state);
    let latest = p.sub.as_ref().is_some_and(|s| s.snapshot == p.id);
    html! {
        div.page-head {
            h1 { (r.title) }
            p.no-print { a href=(back) { "← " (ctx.t("rsub-back")) } }
        }
        div #report-page {
            p.rs-banner role="note" {
                strong { (ctx.t_args("rsub-banner", &[("at", Arg::Str(moment(ctx, p.snapshot.at))), ("who", Arg::Str(p.by.clone()))])) }
                @match (state, latest) {
                    (_, false) => { " " span.badge { (ctx.t("rsub-banner-older")) } }
                    (Some(State::Accepted), true) => { " " span.badge.rs-ok { (ctx.t("rsub-status-accepted")) } }
                    (Some(State::Returned), true) => { " " span.badge.rs-back { (ctx.t("rsub-status-returned")) } }
                    _ => {}
                }
                br;
                span.hint { (ctx.t("rsub-banner-frozen")) }
            }
            div.report-actions.no-print {
                button.secondary type="button" data-print { (ctx.t("reports-print")) }
                a.button.secondary href=(format!("/reports/snapshots/{}.xlsx", p.id)) download { (ctx.t("reports-xlsx")) }
                a.button.secondary href=(format!("/reports/snapshots/{}.csv", p.id)) download { (ctx.t("reports-csv")) }
            }
            article.report-body { (crate::reports::views::body(ctx, r)) }
        }
    }
}
