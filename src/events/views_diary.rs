//! The events of a day in the diary's day card: kind, title, time and place; for a parent
//! invited, their answer and the buttons to give or change it.

use maud::{Markup, html};

use super::diary::DiaryEvent;
use super::views::{kind_label, when};
use super::views_event::{reply_form, reply_text};
use crate::error::FieldErrors;
use crate::store::ids::UserId;
use crate::web::ctx::Ctx;

/// The events of one day; `back` is the diary week to return to after an answer.
pub fn day_events(ctx: &Ctx, events: &[DiaryEvent], student: UserId, back: &str) -> Markup {
    let none = FieldErrors::default();
    html! {
        @if !events.is_empty() {
            ul.ev-diary aria-label=(ctx.t("events-title")) {
                @for e in events {
                    @let time = when(ctx, e.start, e.end);
                    li.ev-ditem.ev-cancelled[e.cancelled] {
                        div {
                            span.ev-kind { (kind_label(ctx, e.kind)) }
                            @if !time.is_empty() { " " span.ev-time { (time) } }
                            @if e.cancelled { " " span.badge.ev-off { (ctx.t("events-cancelled")) } }
                        }
                        a.ev-title href=(format!("/events/{}", e.id)) { (e.title) }
                        @if !e.place.is_empty() { " " span.muted { "· " (e.place) } }
                        @if let Some(r) = &e.reply {
                            div.ev-myanswer { (ctx.t("events-your-answer")) ": " (reply_text(ctx, r)) }
                        }
                        @if e.can_answer {
                            details.ev-answer-box open[e.reply.is_none()] {
                                summary { (ctx.t(if e.reply.is_some() { "events-change-answer" } else { "events-give-answer" })) }
                                (reply_form(ctx, e.id, student, &e.reply.as_ref().map(|r| r.note.clone()).unwrap_or_default(), back, &none))
                            }
                        }
                    }
                }
            }
        }
    }
}
