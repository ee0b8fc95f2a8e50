//! The start page's card of class events and notices (events/, notify/): the unread notices,
//! and the coming two weeks' events of a teacher's classes, a student's own, a parent's
//! children's. The administration has the whole school's list at /events.

use chrono::Duration;
use maud::{Markup, html};

use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, allows};
use crate::error::AppError;
use crate::events::model::Event;
use crate::events::queries::{for_staff, for_student};
use crate::events::views::{day_label, kind_label, when};
use crate::people::service::children_of;
use crate::state::AppState;
use crate::store::ids::EventId;
use crate::structure::model::CLASSES;
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;

/// How many coming events the card lists.
const SHOWN: usize = 6;

pub struct HomeEvents {
    pub unread: usize,
    pub events: Vec<(EventId, Event, String)>,
}

/// Reads the card in one transaction: events through `diary.view` for families, the teacher's
/// own classes and responsibilities for staff.
pub async fn read(state: &AppState, actor: Actor) -> Result<HomeEvents, AppError> {
    state
        .store
        .read(move |tx| {
            let (from, to) = (actor.today, actor.today + Duration::days(13));
            let mut found = Vec::new();
            if actor.roles.contains(&Role::Teacher) {
                found.extend(for_staff(tx, actor.id, from, to)?);
            }
            let mut students = Vec::new();
            if actor.roles.contains(&Role::Student) {
                students.push(actor.id);
            }
            if actor.roles.contains(&Role::Parent) {
                students.extend(children_of(tx, actor.id)?);
            }
            for s in students {
                if allows(tx, &actor, Action::DiaryView, Target::Student(s))? {
                    found.extend(for_student(tx, s, from, to)?);
                }
            }
            found.sort_by_key(|(id, e)| (e.date, e.start, *id));
            found.dedup_by_key(|(id, _)| *id);
            let mut events = Vec::new();
            for (id, e) in found.into_iter().filter(|(_, e)| !e.cancelled).take(SHOWN) {
                let class = CLASSES.get(tx, &e.class)?.map(|c| c.name()).unwrap_or_default();
                events.push((id, e, class));
            }
            let unread = crate::notify::service::unread_count(tx, actor.id)?;
            Ok(HomeEvents { unread, events })
        })
        .await
}

pub fn card(ctx: &Ctx, h: &HomeEvents) -> Markup {
    html! {
        @if h.unread > 0 {
            p.notice {
                a href="/notices" { (ctx.t_args("notices-unread", &[("n", Arg::Num(h.unread as i64))])) }
            }
        }
        @if !h.events.is_empty() {
            section.card {
                h2 { (ctx.t("events-home-upcoming")) }
                ul.plain {
                    @for (id, e, class) in &h.events {
                        @let time = when(ctx, e.start, e.end);
                        li {
                            strong { (day_label(ctx, e.date)) }
                            @if !time.is_empty() { " " span.muted { (time) } }
                            " · " (kind_label(ctx, e.kind)) " "
                            a href=(format!("/events/{id}")) { (e.title) }
                            " " span.muted { (class) }
                        }
                    }
                }
                p { a href="/events" { (ctx.t("events-home-all")) } }
            }
        }
    }
}
