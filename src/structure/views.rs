//! The structure pages' shared parts (the section menu, the choice of year, dates, scheme
//! names) and the overview page. Each page group has its own file: `views_years.rs`,
//! `views_classes.rs`, `views_subjects.rs`, `views_teaching.rs`.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::access::{Overview, Years};
use super::model::{Scheme, Subject, Year};
use crate::error::FieldErrors;
use crate::store::ids::{SubjectId, YearId};
use crate::web::ctx::Ctx;
use crate::web::i18n::{Arg, long_date};

/// The sections of the structure pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Years,
    Classes,
    Subjects,
    WorkTypes,
    Teaching,
}

impl Tab {
    const ALL: [(Tab, &'static str, &'static str); 6] = [
        (Tab::Overview, "/structure", "st-tab-overview"),
        (Tab::Years, "/structure/years", "st-tab-years"),
        (Tab::Classes, "/structure/classes", "st-tab-classes"),
        (Tab::Subjects, "/structure/subjects", "st-tab-subjects"),
        (Tab::WorkTypes, "/structure/work-types", "st-tab-work-types"),
        (Tab::Teaching, "/structure/teaching", "st-tab-teaching"),
    ];
}

/// `?year=ID` for links that keep the viewed year (none when it is the current year).
pub fn year_query(years: &Years) -> String {
    match years.viewed_id() {
        Some(id) if Some(id) != years.current => format!("?year={id}"),
        _ => String::new(),
    }
}

/// A path of a page of the viewed year.
pub fn year_link(path: &str, year: Option<YearId>) -> String {
    match year {
        Some(id) => format!("{path}?year={id}"),
        None => path.to_string(),
    }
}

/// The menu of the structure sections; pages of a year keep the viewed year in the links.
pub fn subnav(ctx: &Ctx, active: Tab, years: Option<&Years>) -> Markup {
    let query = years.map(year_query).unwrap_or_default();
    html! {
        nav.subnav aria-label=(ctx.t("st-title")) {
            ul {
                @for (tab, path, label) in Tab::ALL {
                    @let keeps_year = matches!(tab, Tab::Overview | Tab::Classes | Tab::Teaching);
                    @let href = if keeps_year { format!("{path}{query}") } else { path.to_string() };
                    li { a href=(href) aria-current=[(tab == active).then_some("page")] { (ctx.t(label)) } }
                }
            }
        }
    }
}

/// A year's name with its marks: «2026/2027 (текущий)», «2025/2026 (закрыт)».
pub fn year_label(ctx: &Ctx, years: &Years, id: YearId, year: &Year) -> String {
    let mut s = year.name.clone();
    if years.current == Some(id) {
        s.push(' ');
        s.push_str(&ctx.t("st-current-mark"));
    }
    if year.closed {
        s.push(' ');
        s.push_str(&ctx.t("st-closed-mark"));
    }
    s
}

/// The choice of the viewed year: a GET form to `path`, keeping `hidden` query fields.
pub fn year_picker(ctx: &Ctx, path: &str, years: &Years, hidden: &[(&'static str, String)]) -> Markup {
    let viewed = years.viewed_id();
    html! {
        @if years.all.len() > 1 {
            form.search method="get" action=(path) {
                label for="year_pick" { (ctx.t("st-year")) }
                select #year_pick name="year" {
                    @for (id, y) in &years.all {
                        option value=(id) selected[Some(*id) == viewed] { (year_label(ctx, years, *id, y)) }
                    }
                }
                @for (name, value) in hidden { input type="hidden" name=(name) value=(value); }
                button type="submit" { (ctx.t("st-show")) }
            }
        }
    }
}

/// «1 сентября 2026».
pub fn date(ctx: &Ctx, d: NaiveDate) -> String {
    long_date(ctx.lang, d)
}

/// «1 сентября 2026 — 31 августа 2027».
pub fn date_range(ctx: &Ctx, start: NaiveDate, end: NaiveDate) -> String {
    format!("{} — {}", date(ctx, start), date(ctx, end))
}

/// «Четверти», «Триместры», «Полугодия».
pub fn scheme_label(ctx: &Ctx, scheme: Scheme) -> String {
    ctx.t(&format!("st-scheme-{}", scheme.key()))
}

/// «2 четверть», «1 полугодие».
pub fn period_label(ctx: &Ctx, scheme: Scheme, number: u8) -> String {
    ctx.t_args(&format!("st-period-{}", scheme.key()), &[("n", Arg::Num(i64::from(number)))])
}

/// A page that needs a year when there is none yet.
pub fn no_year(ctx: &Ctx, can_edit: bool) -> Markup {
    html! {
        p.empty {
            (ctx.t("st-no-years"))
            @if can_edit { " " a href="/structure/years" { (ctx.t("st-year-create-first")) } }
        }
    }
}

/// A refusal of the whole action (not of one field): the reason, above the form.
pub fn refusal(ctx: &Ctx, key: Option<&'static str>) -> Markup {
    html! { @if let Some(key) = key { div.alert role="alert" { (ctx.t(key)) } } }
}

/// The notice on every page of a closed year.
pub fn closed_notice(ctx: &Ctx, year: &Year) -> Markup {
    html! { @if year.closed { p.notice { (ctx.t("st-year-is-closed")) } } }
}

/// GET /structure: the sections with what each holds in the viewed year.
pub fn overview(ctx: &Ctx, o: &Overview, can_edit: bool) -> Markup {
    let q = year_query(&o.years);
    let stats: [(&str, &str, usize); 6] = [
        ("/structure/classes", "st-stat-classes", o.classes),
        ("/structure/classes", "st-stat-students", o.students),
        ("/structure/teaching", "st-stat-teaching", o.teaching),
        ("", "st-stat-holidays", o.holidays),
        ("/structure/subjects", "st-stat-subjects", o.subjects),
        ("/structure/work-types", "st-stat-work-types", o.work_types),
    ];
    html! {
        (subnav(ctx, Tab::Overview, Some(&o.years)))
        h1 { (ctx.t("st-title")) }
        (year_picker(ctx, "/structure", &o.years, &[]))
        @match &o.years.viewed {
            None => (no_year(ctx, can_edit)),
            Some((id, year)) => {
                section.card {
                    h2 { a href=(format!("/structure/years/{id}")) { (year_label(ctx, &o.years, *id, year)) } }
                    p.muted { (date_range(ctx, year.start, year.end)) }
                    ul.stats.tight {
                        @for (path, label, n) in stats {
                            @let href = match path {
                                "" => format!("/structure/years/{id}#holidays"),
                                "/structure/subjects" | "/structure/work-types" => path.to_string(),
                                _ => format!("{path}{q}"),
                            };
                            li { a href=(href) { strong { (n) } span { (ctx.t(label)) } } }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (ctx.t("st-sections")) }
            ul.links {
                li { a href="/structure/years" { (ctx.t("st-tab-years")) } span.muted { " — " (ctx.t("st-about-years")) } }
                li { a href=(format!("/structure/classes{q}")) { (ctx.t("st-tab-classes")) } span.muted { " — " (ctx.t("st-about-classes")) } }
                li { a href="/structure/subjects" { (ctx.t("st-tab-subjects")) } span.muted { " — " (ctx.t("st-about-subjects")) } }
                li { a href="/structure/work-types" { (ctx.t("st-tab-work-types")) } span.muted { " — " (ctx.t("st-about-work-types")) } }
                li { a href=(format!("/structure/teaching{q}")) { (ctx.t("st-tab-teaching")) } span.muted { " — " (ctx.t("st-about-teaching")) } }
            }
        }
    }
}

/// A labelled select with the chosen value and, when refused, its message; `placeholder` is
/// the text of an empty first choice.
pub fn select_field(
    ctx: &Ctx,
    name: &'static str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    placeholder: Option<&str>,
    errors: &FieldErrors,
) -> Markup {
    let error = errors.get(name);
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    html! {
        div.field.invalid[error.is_some()] {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| err_id.as_str())] {
                @if let Some(p) = placeholder { option value="" { (p) } }
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
            @if let Some(key) = error { p.error id=(err_id) { (ctx.t(key)) } }
        }
    }
}

/// The subjects to choose from: those in use, and the chosen one even when archived.
pub fn subject_options(subjects: &[(SubjectId, Subject)], selected: &str) -> Vec<(String, String)> {
    subjects
        .iter()
        .filter(|(id, s)| !s.archived || id.to_string() == selected)
        .map(|(id, s)| (id.to_string(), s.name.clone()))
        .collect()
}
