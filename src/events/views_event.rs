//! One event: what, when, where, who is responsible, who takes part; for the class chief the
//! parents' answers (who comes, who declined, who has not answered) and the actions; for a
//! parent the answer for their child.

use maud::{Markup, html};

use super::model::{Answer, Reply};
use super::pages_event::{ChildInvite, EventPage};
use super::service::ReplyForm;
use super::views::{badges, day_label, kind_label, when};
use crate::error::FieldErrors;
use crate::store::ids::UserId;
use crate::web::ctx::Ctx;
use crate::web::i18n::{Arg, long_date};
use crate::web::layout::csrf_field;

pub fn title(page: &EventPage) -> String {
    format!("{} · {}", page.event.title, page.class_name)
}

/// GET /events/{id}; `refused` is a parent's answer that came back with its messages.
pub fn page(ctx: &Ctx, p: &EventPage, refused: Option<(&ReplyForm, &FieldErrors)>) -> Markup {
    let e = &p.event;
    let time = when(ctx, e.start, e.end);
    html! {
        div.ev {
            p.no-print {
                @if p.staff_view {
                    a href=(format!("/classes/{}/events?from={}", e.class, e.date)) { "← " (ctx.t_args("events-class-title", &[("class", Arg::Str(p.class_name.clone()))])) }
                } @else {
                    a href="/events" { "← " (ctx.t("events-title")) }
                }
            }
            article.card.ev-event.ev-cancelled[e.cancelled] {
                h1 { span.ev-title { (e.title) } (badges(ctx, e, !p.overlaps.is_empty())) }
                @if p.can_edit { (actions(ctx, p)) }
                @if e.cancelled { p.alert { (ctx.t("events-cancelled-note")) } }
                dl.pairs {
                    dt { (ctx.t("events-kind")) } dd { (kind_label(ctx, e.kind)) }
                    dt { (ctx.t("events-class")) } dd { (p.class_name) }
                    dt { (ctx.t("events-date")) }
                    dd {
                        (day_label(ctx, e.date)) " " (e.date.format("%Y"))
                        @if !time.is_empty() { ", " (time) }
                    }
                    @if !e.place.is_empty() { dt { (ctx.t("events-place")) } dd { (e.place) } }
                    @if !p.responsible.is_empty() { dt { (ctx.t("events-responsible")) } dd { (p.responsible) } }
                    dt { (ctx.t("events-participants")) }
                    dd {
                        @if e.participants.whole_class { (ctx.t("events-whole-class")) }
                        @else { (ctx.t_args("events-n-students", &[("n", Arg::Num(e.participants.students.len() as i64))])) }
                        @if e.participants.parents || e.kind == super::model::EventKind::ParentMeeting {
                            ", " (ctx.t("events-with-parents"))
                        }
                    }
                    @if !e.notes.is_empty() { dt { (ctx.t("events-notes")) } dd.ev-notes { (e.notes) } }
                }
                @if !p.overlaps.is_empty() {
                    p.notice {
                        (ctx.t("events-overlaps-with")) " "
                        @for (i, (id, t)) in p.overlaps.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href=(format!("/events/{id}")) { (t) }
                        }
                    }
                }
                p.muted.ev-author {
                    (ctx.t_args("events-created-by", &[("who", Arg::Str(p.created_by.clone()))]))
                    @if let Some(u) = &p.updated_by {
                        " · " (ctx.t_args("events-updated-by", &[("who", Arg::Str(u.clone())), ("when", Arg::Str(ctx.date_time(e.updated_at)))]))
                    }
                }
            }
            @for invite in &p.invites { (invite_card(ctx, p, invite, refused)) }
            @if !p.answers.is_empty() { (answers(ctx, p)) }
            @if p.staff_view && !e.participants.whole_class && !p.students.is_empty() {
                section.card.spaced {
                    h2 { (ctx.t("events-participants")) }
                    ol { @for s in &p.students { li { (s) } } }
                }
            }
        }
    }
}

fn actions(ctx: &Ctx, p: &EventPage) -> Markup {
    let id = p.id;
    html! {
        div.actions.ev-actions.no-print {
            a.button href=(format!("/events/{id}/edit")) { (ctx.t("events-edit")) }
            @if p.event.cancelled {
                form method="post" action=(format!("/events/{id}/restore")) {
                    (csrf_field(ctx))
                    button type="submit" { (ctx.t("events-restore")) }
                }
            } @else {
                form method="post" action=(format!("/events/{id}/cancel")) {
                    (csrf_field(ctx))
                    button type="submit" { (ctx.t("events-cancel")) }
                }
            }
            details.ev-delete {
                summary { (ctx.t("events-delete")) }
                form method="post" action=(format!("/events/{id}/delete")) {
                    (csrf_field(ctx))
                    p { (ctx.t("events-delete-confirm")) }
                    button.danger type="submit" { (ctx.t("events-delete-yes")) }
                }
            }
        }
    }
}

/// «Придут» / «Не придут» with the note and when.
pub fn reply_text(ctx: &Ctx, r: &Reply) -> Markup {
    html! {
        span.ev-answer.ev-yes[r.answer == Answer::Yes].ev-no[r.answer == Answer::No] {
            (ctx.t(&format!("events-answer-{}", r.answer.slug())))
        }
        @if !r.note.is_empty() { " " q.ev-note { (r.note) } }
        " " small.muted { (ctx.date_time(r.at)) }
    }
}

/// The answer buttons for `student`; `back` is where the form returns.
pub fn reply_form(
    ctx: &Ctx,
    id: crate::store::ids::EventId,
    student: UserId,
    note: &str,
    back: &str,
    errors: &FieldErrors,
) -> Markup {
    html! {
        form.ev-reply method="post" action=(format!("/diary/{student}/reply")) {
            (csrf_field(ctx))
            input type="hidden" name="event" value=(id);
            input type="hidden" name="back" value=(back);
            div.field.invalid[errors.get("note").is_some()] {
                label for=(format!("ev-note-{id}-{student}")) { (ctx.t("events-reply-note")) }
                input id=(format!("ev-note-{id}-{student}")) type="text" name="note" value=(note) maxlength="500";
                @if let Some(k) = errors.get("note") { p.error { (ctx.t(k)) } }
            }
            @if let Some(k) = errors.get("answer") { p.error { (ctx.t(k)) } }
            div.actions {
                button.primary type="submit" name="answer" value="yes" { (ctx.t("events-reply-yes")) }
                button type="submit" name="answer" value="no" { (ctx.t("events-reply-no")) }
            }
        }
    }
}

fn invite_card(
    ctx: &Ctx,
    p: &EventPage,
    invite: &ChildInvite,
    refused: Option<(&ReplyForm, &FieldErrors)>,
) -> Markup {
    let none = FieldErrors::default();
    let (note, errors) = match refused {
        Some((f, errs)) if f.event == p.id.to_string() => (f.note.clone(), errs),
        _ => (invite.reply.as_ref().map(|r| r.note.clone()).unwrap_or_default(), &none),
    };
    html! {
        section.card.spaced.ev-invite id=(format!("invite-{}", invite.student)) {
            h2 { (ctx.t_args("events-invite-for", &[("student", Arg::Str(invite.name.clone()))])) }
            p {
                @match &invite.reply {
                    Some(r) => { (ctx.t("events-your-answer")) ": " (reply_text(ctx, r)) }
                    None => span.muted { (ctx.t("events-no-answer-yet")) },
                }
            }
            @if invite.can_answer {
                (reply_form(ctx, p.id, invite.student, &note, &format!("/events/{}", p.id), errors))
            } @else if !p.event.cancelled {
                p.muted { (ctx.t_args("events-reply-closed", &[("date", Arg::Str(long_date(ctx.lang, p.event.date)))])) }
            }
        }
    }
}

fn answers(ctx: &Ctx, p: &EventPage) -> Markup {
    let coming = p.answers.iter().filter(|a| a.state() == Some(true)).count() as i64;
    let declined = p.answers.iter().filter(|a| a.state() == Some(false)).count() as i64;
    let silent = p.answers.iter().filter(|a| a.state().is_none()).count() as i64;
    html! {
        section.card.spaced.ev-answers {
            h2 { (ctx.t("events-answers")) }
            p.ev-tally {
                span.ev-yes { (ctx.t("events-answers-yes")) ": " strong { (coming) } }
                " · " span.ev-no { (ctx.t("events-answers-no")) ": " strong { (declined) } }
                " · " span { (ctx.t("events-answers-none")) ": " strong { (silent) } }
            }
            div.table-wrap {
                table.list.ev-answers-table {
                    thead { tr {
                        th scope="col" { (ctx.t("events-student")) }
                        th scope="col" { (ctx.t("events-parents")) }
                    } }
                    tbody {
                        @for a in &p.answers {
                            tr.ev-silent[a.state().is_none()] {
                                th scope="row" { (a.student) }
                                td {
                                    @if a.parents.is_empty() { span.muted { (ctx.t("events-no-parents")) } }
                                    ul.ev-parents {
                                        @for (name, reply) in &a.parents {
                                            li {
                                                (name) ": "
                                                @match reply {
                                                    Some(r) => (reply_text(ctx, r)),
                                                    None => span.muted { (ctx.t("events-answer-none")) },
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
