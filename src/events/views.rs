//! The lists of events by week: `/events` (with a class filter for those who see several
//! classes) and a class's `/classes/{class}/events`. Overlapping events are flagged, events
//! called off are struck through, past ones are quiet.

use chrono::{Duration, NaiveDate, NaiveTime};
use maud::{Markup, html};

use super::model::{Event, EventKind};
use super::pages::{ListPage, Row, WEEKS};
use crate::diary::views::{day_month, weekday};
use crate::web::ctx::Ctx;
use crate::web::i18n::{Arg, long_date};

/// «Классный час».
pub fn kind_label(ctx: &Ctx, kind: EventKind) -> String {
    ctx.t(&format!("event-kind-{}", kind.slug()))
}

/// «14:00–14:45», «с 14:00», or nothing for an event without a time.
pub fn when(ctx: &Ctx, start: Option<NaiveTime>, end: Option<NaiveTime>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{}–{}", s.format("%H:%M"), e.format("%H:%M")),
        (Some(s), None) => {
            ctx.t_args("events-from-time", &[("time", Arg::Str(s.format("%H:%M").to_string()))])
        }
        _ => String::new(),
    }
}

/// «пятница, 28 ноября».
pub fn day_label(ctx: &Ctx, d: NaiveDate) -> String {
    format!("{}, {}", weekday(ctx, d).to_lowercase(), day_month(ctx, d))
}

/// The title of a list page.
pub fn title(ctx: &Ctx, page: &ListPage) -> String {
    match &page.class {
        Some((_, name)) => ctx.t_args("events-class-title", &[("class", Arg::Str(name.clone()))]),
        None => ctx.t("events-title"),
    }
}

fn base(page: &ListPage) -> String {
    match (&page.class, page.chosen) {
        (Some((id, _)), _) => format!("/classes/{id}/events?"),
        (None, Some(c)) => format!("/events?class={c}&"),
        (None, None) => "/events?".into(),
    }
}

/// The status badges of an event: called off, overlapping.
pub fn badges(ctx: &Ctx, e: &Event, overlaps: bool) -> Markup {
    html! {
        @if e.cancelled { " " span.badge.ev-off { (ctx.t("events-cancelled")) } }
        @if overlaps && !e.cancelled {
            " " span.badge.warn.ev-overlap title=(ctx.t("events-overlap-hint")) { (ctx.t("events-overlap")) }
        }
    }
}

/// GET /events and GET /classes/{class}/events
pub fn list_page(ctx: &Ctx, page: &ListPage) -> Markup {
    let base = base(page);
    let prev = page.from - Duration::weeks(WEEKS);
    let next = page.from + Duration::weeks(WEEKS);
    let last = page.from + Duration::weeks(WEEKS) - Duration::days(1);
    let this_monday = super::pages::monday_of(page.today);
    html! {
        div.ev {
            @if let Some((id, name)) = &page.class {
                p.no-print { a href=(format!("/classes/{id}")) { "← " (name) } " · " a href="/events" { (ctx.t("events-title")) } }
            }
            div.page-head {
                h1 { (title(ctx, page)) }
                @if let Some(c) = page.can_create {
                    a.button.primary.no-print href=(format!("/classes/{c}/events/new")) { (ctx.t("events-new")) }
                }
            }
            @if !page.classes.is_empty() {
                form.search.no-print method="get" action="/events" {
                    label for="ev-class" { (ctx.t("events-class")) }
                    select id="ev-class" name="class" {
                        option value="" { (ctx.t("events-all-classes")) }
                        @for (id, name) in &page.classes {
                            option value=(id) selected[page.chosen == Some(*id)] { (name) }
                        }
                    }
                    input type="hidden" name="from" value=(page.from);
                    button type="submit" { (ctx.t("events-show")) }
                    @if let Some(c) = page.chosen {
                        a href=(format!("/classes/{c}/events?from={}", page.from)) { (ctx.t("events-class-page")) }
                    }
                }
            }
            nav.ev-nav.no-print aria-label=(ctx.t("events-weeks")) {
                a.button href=(format!("{base}from={prev}")) rel="prev" { "← " (ctx.t("events-earlier")) }
                strong { (day_month(ctx, page.from)) " — " (long_date(ctx.lang, last)) }
                @if page.from != this_monday { a href=(format!("{base}from={this_monday}")) { (ctx.t("events-to-now")) } }
                a.button href=(format!("{base}from={next}")) rel="next" { (ctx.t("events-later")) " →" }
            }
            @if page.weeks.iter().all(|(_, rows)| rows.is_empty()) {
                p.empty { (ctx.t("events-none")) }
            }
            @for (monday, rows) in &page.weeks {
                @if !rows.is_empty() {
                    section.ev-week {
                        h2 { (ctx.t_args("events-week-of", &[("date", Arg::Str(day_month(ctx, *monday)))])) }
                        ol.ev-list {
                            @for r in rows { (row(ctx, page, r)) }
                        }
                    }
                }
            }
        }
    }
}

fn row(ctx: &Ctx, page: &ListPage, r: &Row) -> Markup {
    let e = &r.event;
    let past = e.date < page.today;
    let time = when(ctx, e.start, e.end);
    html! {
        li.ev-item.ev-cancelled[e.cancelled].ev-past[past].ev-overlaps[r.overlaps && !e.cancelled] id=(format!("ev-{}", r.id)) {
            div.ev-when {
                strong { (day_label(ctx, e.date)) }
                @if !time.is_empty() { " " span.ev-time { (time) } }
            }
            div.ev-what {
                span.ev-kind { (kind_label(ctx, e.kind)) }
                @if page.class.is_none() { " · " span.ev-class { (r.class_name) } }
                " "
                a.ev-title href=(format!("/events/{}", r.id)) { (e.title) }
                (badges(ctx, e, r.overlaps))
            }
            @if !e.place.is_empty() || !r.responsible.is_empty() || !r.children.is_empty() {
                div.ev-meta.muted {
                    @if !e.place.is_empty() { (e.place) }
                    @if !e.place.is_empty() && !r.responsible.is_empty() { " · " }
                    @if !r.responsible.is_empty() { (ctx.t("events-responsible-short")) " " (r.responsible) }
                    @if !r.children.is_empty() { " · " (r.children.join(", ")) }
                }
            }
        }
    }
}
