//! Pieces shared by the diary pages: a mark, an attendance code, dates, the child switcher and
//! the period tabs.

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use crate::journal::model::{Code, MarkValue};
use crate::journal::rules::show_average;
use crate::store::ids::{PeriodId, UserId};
use crate::structure::model::Period;
use crate::web::ctx::Ctx;
use crate::web::i18n::long_date;

/// «Понедельник».
pub fn weekday(ctx: &Ctx, day: NaiveDate) -> String {
    ctx.t(&format!("diary-weekday-{}", day.weekday().number_from_monday()))
}

/// «23 ноября»: the long date without the year.
pub fn day_month(ctx: &Ctx, day: NaiveDate) -> String {
    let long = long_date(ctx.lang, day);
    match long.rsplit_once(' ') {
        Some((head, _)) => head.to_string(),
        None => long,
    }
}

/// A mark: its value in its colour, the weight as a subscript when above 1, a corner mark when
/// it has a comment. It takes focus, so a tap shows its title (date, type, weight, comment).
pub fn mark(value: MarkValue, weight: u8, title: &str, commented: bool) -> Markup {
    let class = if commented {
        format!("dy-mark dy-commented {}", value.css())
    } else {
        format!("dy-mark {}", value.css())
    };
    html! {
        span class=(class) title=(title) tabindex="0" {
            (value.label())
            @if weight > 1 { sub { (weight) } }
        }
    }
}

/// A final mark, or «—».
pub fn final_mark(value: Option<MarkValue>) -> Markup {
    html! {
        @match value {
            Some(v) => span class=(format!("dy-mark dy-final {}", v.css())) { (v.label()) },
            None => span.muted { "—" },
        }
    }
}

/// An attendance code in its colour.
pub fn code(c: Code) -> Markup {
    html! { span class=(format!("dy-code {}", c.css())) { (c.label()) } }
}

/// A weighted average: «4,57» or «—».
pub fn average(avg: Option<f64>) -> String {
    show_average(avg)
}

/// A parent's switcher between children (shown with two or more); `path` builds each link.
pub fn child_tabs(
    ctx: &Ctx,
    tabs: &[(UserId, String)],
    current: UserId,
    path: impl Fn(UserId) -> String,
) -> Markup {
    html! {
        @if tabs.len() > 1 {
            nav.dy-tabs.no-print aria-label=(ctx.t("diary-children")) {
                ul {
                    @for (id, name) in tabs {
                        li { a href=(path(*id)) aria-current=[(*id == current).then_some("page")] { (name) } }
                    }
                }
            }
        }
    }
}

/// Links to each period of the year; the shown one is current.
pub fn period_tabs(
    ctx: &Ctx,
    periods: &[(PeriodId, Period)],
    current: Option<PeriodId>,
    path: impl Fn(PeriodId) -> String,
) -> Markup {
    html! {
        @if periods.len() > 1 {
            nav.dy-tabs.no-print aria-label=(ctx.t("diary-periods")) {
                ul {
                    @for (id, p) in periods {
                        li {
                            a href=(path(*id)) aria-current=[(Some(*id) == current).then_some("page")] {
                                (period_name(ctx, p))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// «2 четверть».
pub fn period_name(ctx: &Ctx, p: &Period) -> String {
    crate::structure::views::period_label(ctx, p.scheme, p.number)
}
