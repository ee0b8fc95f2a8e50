//! Timetable pages: the index, the bells, and the pieces every page shares (tabs, the print
//! header, week navigation, messages). Week grids are in `views_week.rs`, the editor of a
//! class's week in `views_edit.rs`, the changes of a day in `views_changes.rs`.

use std::fmt::Write;

use chrono::{Duration, NaiveDate};
use maud::{Markup, html};

use super::bells::{BellsForm, bell_field};
use super::model::{Bells, MAX_LESSONS};
use super::queries::{BellsPage, IndexPage};
use super::service::Problems;
use crate::web::ctx::Ctx;
use crate::web::i18n::long_date;
use crate::web::layout::csrf_field;

/// A room name as a path segment: everything but unreserved characters percent-encoded.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

pub fn room_href(room: &str) -> String {
    format!("/timetable/rooms/{}", encode_segment(room))
}

/// «пн», «вт», … for weekday 1–6.
pub fn weekday_short(ctx: &Ctx, weekday: u8) -> String {
    ctx.t(&format!("tt-wd-{weekday}"))
}

/// «Понедельник», … for weekday 1–6.
pub fn weekday_long(ctx: &Ctx, weekday: u8) -> String {
    ctx.t(&format!("tt-weekday-{weekday}"))
}

/// The messages of one field.
pub fn messages(ctx: &Ctx, problems: &Problems, field: &str) -> Markup {
    html! {
        @for p in problems.of(field) {
            p.error { (ctx.t_args(p.key, &p.args)) }
        }
    }
}

/// The summary on top of a refused form.
pub fn summary(ctx: &Ctx, problems: &Problems) -> Markup {
    html! {
        @if !problems.is_empty() {
            div.alert role="alert" {
                (ctx.t("form-has-errors"))
                (messages(ctx, problems, "form"))
            }
        }
    }
}

/// The tabs of the timetable pages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Index,
    Changes,
    Bells,
    None,
}

pub fn subnav(ctx: &Ctx, current: Tab) -> Markup {
    let tabs = [
        (Tab::Index, "/timetable", "tt-tab-index"),
        (Tab::Changes, "/timetable/changes", "tt-tab-changes"),
        (Tab::Bells, "/timetable/bells", "tt-tab-bells"),
    ];
    html! {
        nav.subnav.no-print aria-label=(ctx.t("nav-timetable")) {
            ul {
                @for (tab, href, key) in tabs {
                    li { a href=(href) aria-current=[(tab == current).then_some("page")] { (ctx.t(key)) } }
                }
            }
        }
    }
}

/// What a printed page carries on top: the school's name and the day it was printed.
pub fn print_head(ctx: &Ctx) -> Markup {
    let school = if ctx.school.full_name.is_empty() { &ctx.school.short_name } else { &ctx.school.full_name };
    html! {
        div.tt-print-head {
            strong { (school) }
            span { (long_date(ctx.lang, ctx.today())) }
        }
    }
}

/// Links to the previous, this and the next week of the page at `base`.
pub fn week_nav(ctx: &Ctx, base: &str, monday: NaiveDate) -> Markup {
    let link = |d: NaiveDate| format!("{base}?week={d}");
    let this = super::week::monday_of(ctx.today());
    html! {
        nav.tt-weeknav.no-print aria-label=(ctx.t("tt-week-nav")) {
            a.button href=(link(monday - Duration::days(7))) rel="prev" { "← " (ctx.t("tt-week-prev")) }
            @if monday != this { a.button href=(link(this)) { (ctx.t("tt-week-this")) } }
            a.button href=(link(monday + Duration::days(7))) rel="next" { (ctx.t("tt-week-next")) " →" }
        }
    }
}

/// GET /timetable.
pub fn index(ctx: &Ctx, page: &IndexPage) -> Markup {
    html! {
        @if page.staff { (subnav(ctx, Tab::Index)) }
        h1 { (ctx.t("tt-title")) }
        @if let Some(me) = page.own {
            p { a.button.primary href=(format!("/timetable/teachers/{me}")) { (ctx.t("tt-my-week")) } }
        }
        @if !page.children.is_empty() {
            section.card {
                h2 { (ctx.t("tt-children")) }
                ul.plain {
                    @for (id, name, class) in &page.children {
                        li {
                            a href=(format!("/timetable/students/{id}")) { (name) }
                            @if let Some(c) = class { " " span.muted { (c) } }
                        }
                    }
                }
            }
        }
        @if page.staff {
            section.card {
                h2 { (ctx.t("tt-classes")) }
                @if page.classes.is_empty() {
                    p.empty { (ctx.t("tt-no-classes")) }
                } @else {
                    ul.tt-tiles {
                        @for (id, name) in &page.classes {
                            li { a href=(format!("/timetable/classes/{id}")) { (name) } }
                        }
                    }
                }
            }
            section.card {
                h2 { (ctx.t("tt-teachers")) }
                ul.tt-columns {
                    @for (id, name) in &page.teachers {
                        li { a href=(format!("/timetable/teachers/{id}")) { (name) } }
                    }
                }
            }
            section.card {
                h2 { (ctx.t("tt-rooms")) }
                @if page.rooms.is_empty() {
                    p.empty { (ctx.t("tt-no-rooms")) }
                } @else {
                    ul.tt-tiles.tt-small {
                        @for room in &page.rooms {
                            li { a href=(room_href(room)) { (room) } }
                        }
                    }
                }
            }
        }
    }
}

fn time_range(b: &super::model::Bell) -> String {
    format!("{}–{}", b.start.format("%H:%M"), b.end.format("%H:%M"))
}

fn bells_table(ctx: &Ctx, bells: &Bells) -> Markup {
    html! {
        div.table-wrap {
            table.list.tt-bells {
                thead { tr {
                    th.num scope="col" { (ctx.t("tt-lesson-no")) }
                    th scope="col" { (ctx.t("tt-time")) }
                } }
                tbody {
                    @for b in &bells.lessons {
                        tr { td.num { (b.number) } td { (time_range(b)) } }
                    }
                }
            }
        }
    }
}

/// GET /timetable/bells: the bells of each shift; an editor gets the form.
pub fn bells(ctx: &Ctx, page: &BellsPage, form: &BellsForm, problems: &Problems) -> Markup {
    html! {
        (subnav(ctx, Tab::Bells))
        div.tt-printable {
            (print_head(ctx))
            h1 { (ctx.t("tt-bells-title")) }
            @if page.can_edit {
                (summary(ctx, problems))
                form.tt-bells-form method="post" action="/timetable/bells" data-guard {
                    (csrf_field(ctx))
                    p.hint.no-print { (ctx.t("tt-bells-hint")) }
                    div.tt-shifts {
                        @for shift in 1..=2u8 {
                            (shift_editor(ctx, shift, form, problems))
                        }
                    }
                    button.primary type="submit" { (ctx.t("save")) }
                }
            } @else {
                div.tt-shifts {
                    @for (shift, bells) in &page.shifts {
                        section {
                            h2 { (ctx.t_args("tt-shift-n", &[("n", (*shift as i64).into())])) }
                            (bells_table(ctx, bells))
                        }
                    }
                }
            }
        }
    }
}

fn shift_editor(ctx: &Ctx, shift: u8, form: &BellsForm, problems: &Problems) -> Markup {
    let general = format!("s{shift}");
    html! {
        fieldset.tt-shift.invalid[problems.has(&general)] {
            legend { (ctx.t_args("tt-shift-n", &[("n", (shift as i64).into())])) }
            (messages(ctx, problems, &general))
            table.list {
                thead { tr {
                    th.num scope="col" { (ctx.t("tt-lesson-no")) }
                    th scope="col" { (ctx.t("tt-start")) }
                    th scope="col" { (ctx.t("tt-end")) }
                } }
                tbody {
                    @for n in 0..=MAX_LESSONS {
                        @let (s, e) = (bell_field(shift, n, false), bell_field(shift, n, true));
                        tr {
                            th.num scope="row" { (n) }
                            @for (field, key) in [(&s, "tt-start"), (&e, "tt-end")] {
                                td.invalid[problems.has(field)] {
                                    label.visually-hidden for=(format!("f-{field}")) {
                                        (ctx.t_args("tt-bell-label", &[("n", (n as i64).into()), ("what", ctx.t(key).into())]))
                                    }
                                    input type="time" id=(format!("f-{field}")) name=(field) value=(form.get(field))
                                        aria-invalid=[problems.has(field).then_some("true")];
                                    (messages(ctx, problems, field))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_names_become_path_segments() {
        assert_eq!(encode_segment("21"), "21");
        assert_eq!(
            encode_segment("Спортзал 2/1"),
            "%D0%A1%D0%BF%D0%BE%D1%80%D1%82%D0%B7%D0%B0%D0%BB%202%2F1"
        );
    }
}
