//! The start page after sign-in: who you are, and the way to what your roles use — for a
//! teacher, today's lessons with their journals (`today.rs`).

pub mod events;
pub mod today;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use maud::html;

use crate::auth::accounts;
use crate::auth::model::Role;
use crate::auth::permission::{Action, may_at_school};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::ctx::Auth;
use crate::web::i18n::Arg;
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// GET /
async fn home(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let user = &auth.me.user;
    // Administrators see how many accounts of each role exist: the first thing to check after
    // an import or at the start of a year.
    let counts = if may_at_school(&user.roles, Action::UsersView) {
        let actor = auth.actor();
        Some(
            state
                .store
                .read(move |tx| {
                    crate::auth::permission::permit(
                        tx,
                        &actor,
                        Action::UsersView,
                        crate::auth::permission::Target::School,
                    )?;
                    let mut counts = [0i64; Role::ALL.len()];
                    accounts::each(tx, |_, u| {
                        for (i, r) in Role::ALL.iter().enumerate() {
                            if u.has(*r) && !u.disabled {
                                counts[i] += 1;
                            }
                        }
                        true
                    })?;
                    Ok::<_, AppError>(counts)
                })
                .await?,
        )
    } else {
        None
    };
    let children = crate::people::queries::home_students(&state, auth.actor()).await?;
    let lessons = if user.has(Role::Teacher) {
        let (id, day) = (auth.me.id, auth.ctx.today());
        Some(state.store.read(move |tx| today::lessons_of_day(tx, id, day)).await?)
    } else {
        None
    };
    let events = events::read(&state, auth.actor()).await?;
    let ctx = &auth.ctx;
    let greeting_name = [user.first_name.as_str(), user.patronymic.as_str()].join(" ").trim().to_string();
    let body = html! {
        h1 { (ctx.t_args("home-greeting", &[("name", Arg::Str(greeting_name))])) }
        p.muted {
            (user.roles.iter().map(|r| ctx.t(&format!("role-{}", r.key()))).collect::<Vec<_>>().join(", "))
            @if !ctx.school.full_name.is_empty() { " · " (ctx.school.full_name) }
        }
        (events::card(ctx, &events))
        @if let Some(lessons) = &lessons {
            section.card {
                h2 { (ctx.t("home-today")) " " span.muted { (crate::web::i18n::long_date(ctx.lang, ctx.today())) } }
                @if lessons.is_empty() {
                    p.muted { (ctx.t("home-today-none")) }
                } @else {
                    ol.today {
                        @for l in lessons {
                            li.away[l.away] {
                                span.num { (l.number) }
                                @if let Some(start) = l.start { span.time { (start.format("%H:%M")) } }
                                a href=(format!("/journal/{}", l.teaching)) { (l.class) " · " (l.subject) }
                                @if !l.room.is_empty() { span.muted { " " (ctx.t("home-room")) " " (l.room) } }
                                @if l.substitute { " " span.tag { (ctx.t("home-substitute")) } }
                                @if l.away { " " span.tag { (ctx.t("home-away")) } }
                            }
                        }
                    }
                }
            }
        }
        @if !children.is_empty() {
            section.card {
                h2 { (ctx.t(if user.has(Role::Parent) { "home-children" } else { "home-my-file" })) }
                ul.plain {
                    @for c in &children {
                        li {
                            a href=(format!("/students/{}", c.id)) { (c.name) }
                            @if let Some(class) = &c.class { " " span.muted { (class) } }
                            " · " a href=(format!("/diary/{}", c.id)) { (ctx.t("nav-diary")) }
                        }
                    }
                }
            }
        }
        @if let Some(counts) = counts {
            section.card {
                h2 { (ctx.t("home-accounts")) }
                ul.stats {
                    @for (i, r) in Role::ALL.iter().enumerate() {
                        li {
                            a href=(format!("/admin/users?role={}", r.key())) {
                                strong { (counts[i]) }
                                span { (ctx.t(&format!("role-{}", r.key()))) }
                            }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (ctx.t("home-account")) }
            ul {
                li { a href="/account/password" { (ctx.t("password-change-title")) } }
            }
        }
    };
    Ok(respond(ctx, &ctx.t("nav-home"), body))
}
