//! The diary week: one card per day (today's first on a phone), each lesson with its time,
//! room, teacher, topic, homework, marks and attendance; then the period's summary per subject
//! and the work not handed in.

use chrono::{Duration, NaiveDate};
use maud::{Markup, html};

use super::summary::{SubjectSummary, Summary};
use super::views::{average, child_tabs, code, day_month, final_mark, mark, period_name, weekday};
use super::week::{DiaryDay, DiaryLesson, DiaryMark, Homework, State, WeekView};
use crate::store::ids::UserId;
use crate::web::ctx::Ctx;
use crate::web::i18n::Arg;

fn week_link(v: &WeekView, monday: NaiveDate) -> String {
    format!("/diary/{}?week={}", v.student, monday)
}

/// GET /diary/{student}
pub fn page(ctx: &Ctx, v: &WeekView, today: NaiveDate) -> Markup {
    let monday = v.days[0].date;
    let saturday = v.days[v.days.len() - 1].date;
    let this_week = (monday..=saturday + Duration::days(1)).contains(&today);
    let labels = Labels::new(ctx);
    html! {
        div.dy {
            (child_tabs(ctx, &v.tabs, v.student, |id| format!("/diary/{id}")))
            div.page-head {
                h1 {
                    (ctx.t("diary-title")) ": " (v.name)
                    @if let Some(c) = &v.class_name { " " span.muted { (c) } }
                }
                a.button.no-print href=(format!("/diary/{}/marks", v.student)) { (ctx.t("diary-all-marks")) }
            }
            nav.dy-weeknav aria-label=(ctx.t("diary-weeks")) {
                a.button href=(week_link(v, monday - Duration::days(7))) rel="prev" { "← " (ctx.t("diary-week-prev")) }
                strong { (day_month(ctx, monday)) " — " (day_month(ctx, saturday)) }
                @if !this_week { a.no-print href=(format!("/diary/{}", v.student)) { (ctx.t("diary-week-this")) } }
                a.button href=(week_link(v, monday + Duration::days(7))) rel="next" { (ctx.t("diary-week-next")) " →" }
            }
            div.dy-days {
                @for d in &v.days { (day_card(ctx, &labels, d, today, v.student, &week_link(v, monday))) }
            }
            @if let Some(s) = &v.summary { (summary(ctx, v, s)) }
        }
    }
}

/// The words a page repeats for every lesson, looked up once per page.
struct Labels {
    today: String,
    no_lessons: String,
    topic: String,
    due: String,
    given: String,
    due_prefix: String,
    room_prefix: String,
    weight_prefix: String,
    mark: String,
    file: String,
    states: [String; 4],
}

impl Labels {
    fn new(ctx: &Ctx) -> Labels {
        Labels {
            today: ctx.t("diary-today"),
            no_lessons: ctx.t("diary-no-lessons"),
            topic: ctx.t("diary-topic"),
            due: ctx.t("diary-homework-due"),
            given: ctx.t("diary-homework-given"),
            due_prefix: ctx.t("diary-due-prefix"),
            room_prefix: ctx.t("diary-room-prefix"),
            weight_prefix: ctx.t("diary-weight-prefix"),
            mark: ctx.t("diary-mark"),
            file: ctx.t("diary-file"),
            states: [
                ctx.t("diary-state-substituted"),
                ctx.t("diary-state-added"),
                ctx.t("diary-state-cancelled"),
                ctx.t("diary-state-unplanned"),
            ],
        }
    }
}

fn day_card(ctx: &Ctx, t: &Labels, d: &DiaryDay, today: NaiveDate, student: UserId, back: &str) -> Markup {
    let is_today = d.date == today;
    html! {
        article.dy-day.dy-today[is_today] aria-current=[is_today.then_some("date")] {
            h2 {
                (weekday(ctx, d.date)) ", " (day_month(ctx, d.date))
                @if is_today { " " span.badge.current { (t.today) } }
            }
            (crate::events::views_diary::day_events(ctx, &d.events, student, back))
            @if d.lessons.is_empty() && d.loose.is_empty() {
                p.empty { (t.no_lessons) }
            }
            @if !d.lessons.is_empty() {
                ol.dy-lessons {
                    @for l in &d.lessons { (lesson(ctx, t, l)) }
                }
            }
            @for (subject, hw) in &d.loose {
                div.dy-hw {
                    strong { (subject) ": " } (homework_body(t, hw))
                }
            }
        }
    }
}

fn state_badge(t: &Labels, s: State) -> Markup {
    let label = match s {
        State::Regular => return html! {},
        State::Substituted => &t.states[0],
        State::Added => &t.states[1],
        State::Cancelled => &t.states[2],
        State::Unplanned => &t.states[3],
    };
    html! { " " span.badge.dy-state { (label) } }
}

fn lesson(ctx: &Ctx, t: &Labels, l: &DiaryLesson) -> Markup {
    let cancelled = l.state == State::Cancelled;
    html! {
        li.dy-lesson.dy-cancelled[cancelled] {
            div.dy-lhead {
                span.dy-num { (l.number) }
                @if let Some(b) = l.bell {
                    span.dy-time { (b.start.format("%H:%M")) "–" (b.end.format("%H:%M")) }
                }
                strong.dy-subject { (l.subject) }
                (state_badge(t, l.state))
                @if let Some(c) = l.attendance { " " (code(c)) }
            }
            @if !l.room.is_empty() || !l.teacher.is_empty() {
                div.dy-meta.muted {
                    @if !l.room.is_empty() { (t.room_prefix) " " (l.room) }
                    @if !l.room.is_empty() && !l.teacher.is_empty() { " · " }
                    (l.teacher)
                }
            }
            @if !l.topic.is_empty() {
                p.dy-topic { span.muted { (t.topic) ": " } (l.topic) }
            }
            @for hw in &l.due {
                div.dy-hw.dy-due {
                    span.dy-label { (t.due) ": " }
                    (homework_body(t, hw))
                }
            }
            @if let Some(hw) = &l.given {
                div.dy-hw.dy-given {
                    span.dy-label { (t.given) }
                    @if let Some(due) = hw.due { " " span.muted { (t.due_prefix) " " (day_month(ctx, due)) } }
                    ": " (homework_body(t, hw))
                }
            }
            @if !l.marks.is_empty() {
                ul.dy-marks {
                    @for m in &l.marks { li { (lesson_mark(t, m)) } }
                }
            }
        }
    }
}

fn homework_body(t: &Labels, hw: &Homework) -> Markup {
    html! {
        span.dy-hwtext { (hw.text) }
        @if !hw.files.is_empty() {
            ul.dy-files {
                @for (blob, name) in &hw.files {
                    li {
                        a href=(format!("/homework/{}/{}", hw.teaching, blob)) download {
                            @if name.is_empty() { (t.file) } @else { (name) }
                        }
                    }
                }
            }
        }
    }
}

fn mark_title(t: &Labels, m: &DiaryMark) -> String {
    let work = if m.work.is_empty() { &t.mark } else { &m.work };
    let mut title = work.clone();
    if !m.name.is_empty() {
        title.push_str(" · ");
        title.push_str(&m.name);
    }
    title.push_str(&format!(" · {} {}", t.weight_prefix, m.weight));
    title
}

fn lesson_mark(t: &Labels, m: &DiaryMark) -> Markup {
    html! {
        (mark(m.value, m.weight, &mark_title(t, m), false))
        @if !m.abbr.is_empty() { " " abbr.dy-work title=(m.work) { (m.abbr) } }
        @if !m.name.is_empty() { " " span.muted { (m.name) } }
        @if !m.comment.is_empty() { " " q.dy-comment { (m.comment) } }
    }
}

fn summary(ctx: &Ctx, v: &WeekView, s: &Summary) -> Markup {
    html! {
        section.card.dy-summary {
            h2 {
                (ctx.t("diary-summary")) ": " (period_name(ctx, &s.period))
                @if s.period.closed { " " span.badge { (ctx.t("diary-period-closed")) } }
            }
            @if s.subjects.is_empty() {
                p.empty { (ctx.t("diary-no-subjects")) }
            } @else {
                div.table-wrap {
                    table.list.dy-sum {
                        thead { tr {
                            th scope="col" { (ctx.t("diary-subject")) }
                            th scope="col" .num { (ctx.t("diary-average")) }
                            th scope="col" .num { (ctx.t("diary-period-mark")) }
                            th scope="col" { (ctx.t("diary-needs")) }
                        } }
                        tbody {
                            @for row in &s.subjects {
                                tr {
                                    th scope="row" { (row.subject) }
                                    td.num { (average(row.tally.weighted_average())) }
                                    td.num { (final_mark(row.period_mark)) }
                                    td { (needs(ctx, row)) }
                                }
                            }
                        }
                    }
                }
            }
            p.no-print { a href=(format!("/diary/{}/marks?period={}", v.student, s.period_id)) { (ctx.t("diary-all-marks")) } }
        }
        section.card.dy-duties id="duties" {
            h2 { (ctx.t("diary-duties")) }
            @if s.duties.is_empty() {
                p.empty { (ctx.t("diary-no-duties")) }
            } @else {
                ul.plain {
                    @for d in &s.duties {
                        li {
                            span class="dy-mark mduty" { "•" } " "
                            strong { (d.subject) } " · " (day_month(ctx, d.date))
                            @if !d.work.is_empty() { " · " (d.work) }
                        }
                    }
                }
            }
        }
    }
}

fn needs(ctx: &Ctx, row: &SubjectSummary) -> Markup {
    let Some(n) = row.needs else {
        return html! { span.muted { (ctx.t("diary-no-marks")) } };
    };
    html! {
        @match n.for_five {
            None => span.dy-ok { (ctx.t("diary-needs-none")) },
            Some(k) => span { (ctx.t_args("diary-needs-five", &[("n", Arg::Num(k as i64))])) },
        }
        @if let Some(k) = n.for_four {
            br;
            span.dy-warn { (ctx.t_args("diary-needs-four", &[("n", Arg::Num(k as i64))])) }
        }
    }
}
