//! The page of one's calendar feed: what it holds, the address (shown once, when made),
//! when it was made and last fetched, making a new one or revoking it, and how to subscribe.

use maud::{Markup, html};

use super::model::Feed;
use crate::auth::model::Role;
use crate::web::ctx::Ctx;
use crate::web::layout::csrf_field;

/// What the page shows.
pub struct Page {
    pub feed: Option<Feed>,
    /// Just made: the address and its `webcal://` twin.
    pub fresh: Option<(String, String)>,
}

pub fn page(ctx: &Ctx, page: &Page) -> Markup {
    let roles: &[Role] = ctx.authed.as_ref().map(|a| a.user.roles.as_slice()).unwrap_or(&[]);
    html! {
        section.calendar-page {
            div.page-head { h1 { (ctx.t("cal-title")) } }
            p { (ctx.t("cal-intro")) }
            ul {
                @if roles.contains(&Role::Student) { li { (ctx.t("cal-has-student")) } }
                @if roles.contains(&Role::Parent) { li { (ctx.t("cal-has-parent")) } }
                @if roles.iter().any(|r| r.is_staff()) { li { (ctx.t("cal-has-staff")) } }
            }
            p.hint { (ctx.t("cal-window")) }
            @if let Some((url, webcal)) = &page.fresh {
                section.card.cal-fresh #address {
                    h2 { (ctx.t("cal-fresh-title")) }
                    p role="status" { strong { (ctx.t("cal-fresh-once")) } }
                    label for="feed-url" { (ctx.t("cal-address")) }
                    textarea.cal-url #feed-url rows="3" readonly { (url) }
                    p.actions {
                        a.button.primary href=(webcal) { (ctx.t("cal-subscribe-here")) }
                    }
                }
            }
            (address(ctx, page))
            (how_to(ctx))
        }
    }
}

fn address(ctx: &Ctx, page: &Page) -> Markup {
    html! {
        section.card {
            h2 { (ctx.t("cal-address-title")) }
            @match &page.feed {
                None => p { (ctx.t("cal-none")) },
                Some(feed) => {
                    p.cal-dates {
                        (ctx.t("cal-created")) ": " (ctx.date_time(feed.created_at))
                        br;
                        (ctx.t("cal-last-used")) ": "
                        @match feed.last_used {
                            Some(t) => (ctx.date_time(t)),
                            None => span.muted { (ctx.t("cal-never")) },
                        }
                    }
                    @if page.fresh.is_none() { p.hint { (ctx.t("cal-lost")) } }
                },
            }
            div.actions {
                form method="post" action="/calendar" {
                    (csrf_field(ctx))
                    button.primary type="submit" {
                        (ctx.t(if page.feed.is_some() { "cal-recreate" } else { "cal-create" }))
                    }
                }
                @if page.feed.is_some() {
                    form method="post" action="/calendar/revoke" {
                        (csrf_field(ctx))
                        button.danger type="submit" { (ctx.t("cal-revoke")) }
                    }
                }
            }
            p.hint { (ctx.t("cal-private")) }
        }
    }
}

fn how_to(ctx: &Ctx) -> Markup {
    html! {
        section.card.cal-how {
            h2 { (ctx.t("cal-how-title")) }
            h3 { (ctx.t("cal-iphone")) }
            ol {
                li { (ctx.t("cal-iphone-1")) }
                li { (ctx.t("cal-iphone-2")) }
                li { (ctx.t("cal-iphone-3")) }
            }
            h3 { (ctx.t("cal-android")) }
            ol {
                li { (ctx.t("cal-android-1")) }
                li { (ctx.t("cal-android-2")) }
                li { (ctx.t("cal-android-3")) }
            }
        }
    }
}
