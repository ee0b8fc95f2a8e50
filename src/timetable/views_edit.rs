//! The editor of a class's week: lesson numbers × Monday–Saturday, each cell a choice of the
//! class's teaching assignments and a room, with a second choice for a split into two groups.

use maud::{Markup, html};

use super::model::WEEKDAYS;
use super::queries::EditPage;
use super::service::{PARTS, Problems, cell_field, room_field, teaching_field};
use super::views::{Tab, messages, subnav, summary, weekday_long, weekday_short};
use super::views_week::versions;
use crate::web::ctx::Ctx;
use crate::web::i18n::{Arg, long_date};
use crate::web::layout::csrf_field;

pub fn title(ctx: &Ctx, page: &EditPage) -> String {
    ctx.t_args("tt-edit-title", &[("name", Arg::Str(page.class.clone()))])
}

pub fn edit_page(ctx: &Ctx, page: &EditPage, problems: &Problems) -> Markup {
    let class = page.class_id;
    let shift = page.form.shift.as_str();
    html! {
        (subnav(ctx, Tab::None))
        p.no-print { a href=(format!("/timetable/classes/{class}")) { "← " (ctx.t_args("tt-class-week", &[("name", Arg::Str(page.class.clone()))])) } }
        h1 { (title(ctx, page)) }
        form.search method="get" action=(format!("/timetable/classes/{class}/edit")) {
            label for="tt_from_pick" { (ctx.t("tt-version-from")) }
            input #tt_from_pick type="date" name="from" value=(page.from)
                min=(page.year.start) max=(page.year.end);
            button type="submit" { (ctx.t("tt-open")) }
        }
        p.hint {
            @if page.first { (ctx.t("tt-edit-first-hint")) } @else { (ctx.t("tt-edit-later-hint")) }
        }
        (summary(ctx, problems))
        form.tt-editor method="post" action=(format!("/timetable/classes/{class}/versions")) data-guard {
            (csrf_field(ctx))
            input type="hidden" name="from" value=(page.form.from);
            p.tt-from-line {
                strong { (ctx.t_args("tt-version-of", &[("date", Arg::Str(long_date(ctx.lang, page.from)))])) }
                (messages(ctx, problems, "from"))
            }
            div.field.tt-shift-pick.invalid[problems.has("shift")] {
                label for="f-shift" { (ctx.t("tt-shift")) }
                select #f-shift name="shift" {
                    @for s in 1..=2u8 {
                        option value=(s) selected[shift == s.to_string()] disabled[!page.bells.contains_key(&s) && shift != s.to_string()] {
                            (ctx.t_args("tt-shift-n", &[("n", (s as i64).into())]))
                        }
                    }
                }
                (messages(ctx, problems, "shift"))
            }
            @if page.options.is_empty() {
                p.alert { (ctx.t("tt-no-teaching")) }
            }
            div.tt-scroll {
                table.tt-grid.tt-edit {
                    thead { tr {
                        th.tt-num scope="col" { span.visually-hidden { (ctx.t("tt-lesson-no")) } }
                        @for wd in WEEKDAYS {
                            th scope="col" { (weekday_long(ctx, wd)) }
                        }
                    } }
                    tbody {
                        @for n in &page.numbers {
                            tr {
                                th.tt-num scope="row" {
                                    strong { (n) }
                                    @if let Some(b) = page.bells.get(&1).and_then(|b| b.of(*n)) {
                                        br; small.tt-time { (b.start.format("%H:%M")) }
                                    }
                                }
                                @for wd in WEEKDAYS {
                                    (cell(ctx, page, problems, wd, *n))
                                }
                            }
                        }
                    }
                }
            }
            div.actions {
                button.primary type="submit" { (ctx.t("tt-save-version")) }
                a.button href=(format!("/timetable/classes/{class}")) { (ctx.t("tt-cancel")) }
            }
        }
        (versions(ctx, class, &page.versions, true))
    }
}

fn cell(ctx: &Ctx, page: &EditPage, problems: &Problems, wd: u8, n: u8) -> Markup {
    let bad = problems.has(&cell_field(wd, n))
        || (0..PARTS).any(|p| problems.has(&teaching_field(wd, n, p)) || problems.has(&room_field(wd, n, p)));
    let where_ =
        format!("{}, {}", weekday_short(ctx, wd), ctx.t_args("tt-lesson-n", &[("n", (n as i64).into())]));
    html! {
        td.tt-cell.invalid[bad] {
            @for part in 0..PARTS {
                @let typed = page.form.part(wd, n, part).cloned().unwrap_or_default();
                @let (t, r) = (teaching_field(wd, n, part), room_field(wd, n, part));
                @if part == 0 {
                    (choice(ctx, page, &where_, part, &t, &r, &typed.teaching, &typed.room))
                } @else {
                    details.tt-split open[!typed.teaching.is_empty() || bad] {
                        summary { (ctx.t("tt-add-group")) }
                        (choice(ctx, page, &where_, part, &t, &r, &typed.teaching, &typed.room))
                    }
                }
                (messages(ctx, problems, &t))
                (messages(ctx, problems, &r))
            }
            (messages(ctx, problems, &cell_field(wd, n)))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn choice(
    ctx: &Ctx,
    page: &EditPage,
    where_: &str,
    part: usize,
    t_field: &str,
    r_field: &str,
    teaching: &str,
    room: &str,
) -> Markup {
    let part_label = if part == 0 { String::new() } else { format!(" ({})", ctx.t("tt-second-group")) };
    html! {
        div.tt-part {
            label.visually-hidden for=(format!("f-{t_field}")) { (where_) (part_label) }
            select id=(format!("f-{t_field}")) name=(t_field) {
                option value="" { "—" }
                @for (id, label) in &page.options {
                    option value=(id) selected[id.to_string() == teaching] { (label) }
                }
            }
            label.visually-hidden for=(format!("f-{r_field}")) { (ctx.t("tt-room")) ", " (where_) (part_label) }
            input.tt-room-input type="text" id=(format!("f-{r_field}")) name=(r_field) value=(room)
                placeholder=(ctx.t("tt-room-short")) maxlength="32" autocomplete="off";
        }
    }
}
