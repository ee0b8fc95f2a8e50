//! The notices page and the unread-count badge of the navigation.

use maud::{Markup, html};

use super::model::Notice;
use super::service::render;
use crate::store::ids::NoticeId;
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

/// GET /notices — newest first, unread ones marked.
pub fn page(ctx: &Ctx, notices: &[(NoticeId, Notice)], unread: usize) -> Markup {
    html! {
        div.page-head {
            h1 { (ctx.t("notices-title")) }
            @if unread > 0 {
                form method="post" action="/notices/read" {
                    (csrf_field(ctx))
                    button type="submit" { (ctx.t("notices-mark-all-read")) }
                }
            }
        }
        p.muted.nt-summary {
            @if unread > 0 {
                (ctx.t_args("notices-unread", &[("n", Arg::Num(unread as i64))]))
            } @else {
                (ctx.t("notices-all-read"))
            }
        }
        @if notices.is_empty() {
            p.empty { (ctx.t("notices-none")) }
        } @else {
            ul.nt-list {
                @for (id, n) in notices {
                    li.nt-unread[!n.read] {
                        @if !n.read { span.badge.nt-new { (ctx.t("notices-new")) } " " }
                        @if n.link.is_empty() {
                            span.nt-text { (render(ctx.lang, n)) }
                        } @else {
                            a.nt-text href=(format!("/notices/{id}")) { (render(ctx.lang, n)) }
                        }
                        br;
                        small.muted { (ctx.date_time(n.at)) }
                    }
                }
            }
        }
    }
}

/// GET /notices/badge — the count beside the notices link (nothing when all are read).
pub fn badge(ctx: &Ctx, unread: usize) -> Markup {
    html! {
        @if unread > 0 {
            span.badge.nt-count title=(ctx.t_args("notices-unread", &[("n", Arg::Num(unread as i64))])) { (unread) }
        }
    }
}
