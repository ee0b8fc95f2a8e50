//! A week of lessons: days × lesson numbers with bell times, subject, teacher, room; cancelled
//! lessons struck through, substitutions and added lessons marked; today highlighted. The
//! class page adds the list of its timetable versions.

use chrono::{Datelike, Duration, NaiveTime};
use maud::{Markup, html};

use super::queries::VersionRow;
use super::views::{Tab, print_head, room_href, subnav, week_nav, weekday_short};
use super::week::{Entry, Mark, WeekPage, Who};
use crate::auth::model::Role;
use crate::web::ctx::Ctx;
use crate::web::i18n::{Arg, long_date};
use crate::web::layout::csrf_field;

fn hhmm(t: (NaiveTime, NaiveTime)) -> String {
    format!("{}–{}", t.0.format("%H:%M"), t.1.format("%H:%M"))
}

/// The path of this page, for the week links.
fn base(who: &Who) -> String {
    match who {
        Who::Class(c) => format!("/timetable/classes/{c}"),
        Who::Teacher(u) => format!("/timetable/teachers/{u}"),
        Who::Room(r) => room_href(r),
        Who::Student(s) => format!("/timetable/students/{s}"),
    }
}

fn heading(ctx: &Ctx, page: &WeekPage) -> String {
    let key = match page.who {
        Who::Class(_) => "tt-class-week",
        Who::Teacher(_) => "tt-teacher-week",
        Who::Room(_) => "tt-room-week",
        Who::Student(_) => "tt-student-week",
    };
    ctx.t_args(key, &[("name", Arg::Str(page.title.clone()))])
}

/// The page title (the browser tab).
pub fn title(ctx: &Ctx, page: &WeekPage) -> String {
    heading(ctx, page)
}

pub fn week_page(ctx: &Ctx, page: &WeekPage) -> Markup {
    let g = &page.grid;
    let today = ctx.today();
    let saturday = g.monday + Duration::days(5);
    html! {
        @if page.staff {
            (subnav(ctx, Tab::None))
        } @else if ctx.authed.as_ref().is_some_and(|a| a.user.has(Role::Parent)) {
            p.no-print { a href="/timetable" { "← " (ctx.t("tt-children")) } }
        }
        div.tt-printable {
            (print_head(ctx))
            div.page-head {
                h1 {
                    (heading(ctx, page))
                    @if let Some(c) = &page.class { " " span.muted { (c) } }
                }
                @if let (Who::Class(c), true) = (&page.who, page.can_edit) {
                    div.actions.no-print {
                        a.button href=(format!("/timetable/classes/{c}/edit")) { (ctx.t("tt-edit-week")) }
                    }
                }
            }
            p.tt-range {
                (ctx.t_args("tt-week-range", &[
                    ("from", Arg::Str(long_date(ctx.lang, g.monday))),
                    ("to", Arg::Str(long_date(ctx.lang, saturday))),
                ]))
            }
            (week_nav(ctx, &base(&page.who), g.monday))
            @if g.is_empty() {
                p.empty { (ctx.t("tt-week-empty")) }
            }
            div.tt-scroll {
                table.tt-grid {
                    thead { tr {
                        th.tt-num scope="col" { span.visually-hidden { (ctx.t("tt-lesson-no")) } }
                        @for d in &g.days {
                            th scope="col" .tt-today[d.date == today] .tt-off[!d.study] {
                                span.tt-wd { (weekday_short(ctx, d.date.weekday().number_from_monday() as u8)) }
                                " " span.tt-date { (d.date.format("%d.%m")) }
                                @if !d.study { br; small { (ctx.t("tt-day-off")) } }
                            }
                        }
                    } }
                    tbody {
                        @for n in &g.numbers {
                            @let row_time = g.times.get(n).copied();
                            tr {
                                th.tt-num scope="row" {
                                    strong { (n) }
                                    @if let Some((start, end)) = row_time {
                                        span.tt-time.tt-row-time { (start.format("%H:%M")) span.visually-hidden { "–" } br; (end.format("%H:%M")) }
                                    }
                                }
                                @for d in &g.days {
                                    td .tt-today[d.date == today] .tt-off[!d.study] {
                                        @for e in g.cell(d.date, *n) {
                                            (lesson(ctx, &page.who, e, row_time))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (legend(ctx))
            @if let Who::Class(c) = page.who {
                (versions(ctx, c, &page.versions, page.can_edit))
            }
        }
    }
}

fn lesson(ctx: &Ctx, who: &Who, e: &Entry, row_time: Option<(NaiveTime, NaiveTime)>) -> Markup {
    let cancelled = e.mark == Mark::Cancelled;
    let changed = !matches!(e.mark, Mark::Regular | Mark::Cancelled);
    let away = matches!(e.mark, Mark::GivenAway(_));
    html! {
        div.tt-lesson .tt-cancelled[cancelled] .tt-changed[changed] .tt-away[away] {
            div.tt-what {
                @match who {
                    Who::Teacher(_) | Who::Room(_) => {
                        a.tt-class href=(format!("/timetable/classes/{}", e.class_id)) { (e.class) } " "
                    }
                    _ => {}
                }
                span.tt-subject { (e.subject) }
                @if let Some(g) = &e.group { " " span.tt-group { "(" (g) ")" } }
            }
            div.tt-meta {
                @if !matches!(who, Who::Teacher(_)) {
                    span.tt-teacher {
                        @match &e.mark {
                            Mark::Substituted(by) => { s { (e.teacher) } " " (by) }
                            _ => (e.teacher),
                        }
                    }
                }
                @if !e.room.is_empty() {
                    " " span.tt-room {
                        @if matches!(who, Who::Room(_)) { (ctx.t("tt-room-short")) " " (e.room) }
                        @else { a href=(room_href(&e.room)) { (ctx.t("tt-room-short")) " " (e.room) } }
                    }
                }
                @if let Some(t) = e.time.filter(|t| Some(*t) != row_time) {
                    " " span.tt-time { (hhmm(t)) }
                }
            }
            @match &e.mark {
                Mark::Regular => {}
                Mark::Cancelled => span.tt-badge.tt-badge-off { (ctx.t("tt-mark-cancelled")) }
                Mark::Substituted(_) => span.tt-badge { (ctx.t("tt-mark-substituted")) }
                Mark::Added => span.tt-badge { (ctx.t("tt-mark-added")) }
                Mark::GivenAway(by) => span.tt-badge { (ctx.t_args("tt-mark-given-away", &[("name", Arg::Str(by.clone()))])) }
                Mark::Substituting(owner) => span.tt-badge { (ctx.t_args("tt-mark-substituting", &[("name", Arg::Str(owner.clone()))])) }
            }
            @if !e.note.is_empty() { div.tt-note { (e.note) } }
        }
    }
}

fn legend(ctx: &Ctx) -> Markup {
    html! {
        p.tt-legend.muted {
            span.tt-badge.tt-badge-off { (ctx.t("tt-mark-cancelled")) } " " (ctx.t("tt-legend-cancelled")) " · "
            span.tt-badge { (ctx.t("tt-mark-substituted")) } " " (ctx.t("tt-legend-substituted")) " · "
            span.tt-badge { (ctx.t("tt-mark-added")) } " " (ctx.t("tt-legend-added"))
        }
    }
}

/// The versions of a class's week, newest first.
pub fn versions(ctx: &Ctx, class: crate::store::ids::ClassId, rows: &[VersionRow], can_edit: bool) -> Markup {
    html! {
        section.tt-versions.no-print {
            h2 { (ctx.t("tt-versions")) }
            @if rows.is_empty() {
                p.empty { (ctx.t("tt-versions-none")) }
            } @else {
                div.table-wrap {
                    table.list {
                        thead { tr {
                            th scope="col" { (ctx.t("tt-version-from")) }
                            th scope="col" { (ctx.t("tt-shift")) }
                            th.num scope="col" { (ctx.t("tt-version-lessons")) }
                            th scope="col" { (ctx.t("tt-version-saved-by")) }
                            th scope="col" { (ctx.t("tt-version-saved-at")) }
                            @if can_edit { th scope="col" { span.visually-hidden { (ctx.t("tt-actions")) } } }
                        } }
                        tbody {
                            @for v in rows {
                                tr {
                                    td {
                                        (long_date(ctx.lang, v.from))
                                        @if v.in_force { " " span.badge.current { (ctx.t("tt-version-in-force")) } }
                                        @if v.deletable { " " span.badge { (ctx.t("tt-version-future")) } }
                                    }
                                    td { (v.shift) }
                                    td.num { (v.lessons) }
                                    td { @if let Some(by) = &v.by { (by) } @else { "—" } }
                                    td { @if v.at > 0 { (ctx.date_time(v.at)) } @else { "—" } }
                                    @if can_edit {
                                        td.tt-row-actions {
                                            @if v.deletable {
                                                a href=(format!("/timetable/classes/{class}/edit?from={}", v.from)) { (ctx.t("tt-version-edit")) }
                                                form.inline method="post" action=(format!("/timetable/classes/{class}/versions/{}/delete", v.from)) {
                                                    (csrf_field(ctx))
                                                    button.danger.small type="submit" { (ctx.t("tt-delete")) }
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
}
