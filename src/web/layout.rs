//! The one layout every full page goes through, and the fragment-or-page responder.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::ctx::Ctx;
use super::i18n::Lang;
use crate::auth::permission::{Action, may_at_school, may_somewhere};
use crate::web::session::CSRF_FIELD;

/// A navigation entry: where it goes, its catalog key, and whether the path marks it current.
struct NavItem {
    href: &'static str,
    label: &'static str,
}

impl NavItem {
    fn current(&self, path: &str) -> bool {
        self.href == path || (self.href != "/" && path.starts_with(self.href))
    }
}

/// The menus of the signed-in account, by what its roles may do: the daily ones, and those of
/// running the school (shown as one «Управление» entry when there are several). Features add
/// entries here as they land.
fn nav_items(ctx: &Ctx) -> (Vec<NavItem>, Vec<NavItem>) {
    let Some(me) = &ctx.authed else {
        return (Vec::new(), Vec::new());
    };
    let roles = &me.user.roles;
    let mut items = vec![NavItem { href: "/", label: "nav-home" }];
    if may_somewhere(roles, Action::StudentsView) && roles.iter().any(|r| r.is_staff()) {
        items.push(NavItem { href: "/classes", label: "nav-classes" });
    }
    // A diary of one's own or of one's children: a student's or a parent's, staff or not.
    if may_somewhere(roles, Action::DiaryView) && roles.iter().any(|r| !r.is_staff()) {
        items.push(NavItem { href: "/diary", label: "nav-diary" });
    }
    if may_somewhere(roles, Action::JournalView) {
        items.push(NavItem { href: "/journal", label: "nav-journal" });
    }
    if may_somewhere(roles, Action::TimetableView) {
        items.push(NavItem { href: "/timetable", label: "nav-timetable" });
    }
    // Issue 5 (events/, plans/): class events for those who see some class's events, КТП.
    if may_somewhere(roles, Action::EventsView) {
        items.push(NavItem { href: "/events", label: "events-nav" });
    }
    if may_somewhere(roles, Action::PlansView) {
        items.push(NavItem { href: "/plans", label: "events-nav-plans" });
    }
    // Reports (reports/): staff for their classes and subjects, students and parents their own.
    if may_somewhere(roles, Action::ReportsView) {
        items.push(NavItem { href: "/reports", label: "reports-nav" });
    }
    let mut admin = Vec::new();
    if may_at_school(roles, Action::StructureView) {
        admin.push(NavItem { href: "/structure", label: "nav-structure" });
    }
    if may_at_school(roles, Action::PeriodsClose) {
        admin.push(NavItem { href: "/periods", label: "nav-periods" });
    }
    if may_at_school(roles, Action::PeopleImport) {
        admin.push(NavItem { href: "/exchange", label: "nav-exchange" });
    }
    if may_at_school(roles, Action::UsersView) {
        admin.push(NavItem { href: "/admin/users", label: "nav-users" });
    }
    if may_at_school(roles, Action::SchoolEdit) {
        admin.push(NavItem { href: "/admin/school", label: "nav-school" });
    }
    if may_at_school(roles, Action::SignInsView) {
        admin.push(NavItem { href: "/admin/signins", label: "nav-signins" });
    }
    if may_at_school(roles, Action::AuditView) {
        admin.push(NavItem { href: "/admin/audit", label: "nav-audit" });
    }
    if admin.len() < 2 {
        items.append(&mut admin);
    }
    (items, admin)
}

/// The header's menu: the daily entries, then «Управление» opening the school's (a
/// `details`, so it works without JavaScript; app.js closes it on a click elsewhere).
fn nav(ctx: &Ctx) -> Markup {
    let (items, admin) = nav_items(ctx);
    let entry = |item: &NavItem| {
        html! { li { a href=(item.href) aria-current=[item.current(&ctx.path).then_some("page")] { (ctx.t(item.label)) } } }
    };
    html! {
        nav #top-nav aria-label=(ctx.t("nav-main")) {
            ul {
                @for item in &items { (entry(item)) }
                @if !admin.is_empty() {
                    li.nav-group {
                        details {
                            summary class=[admin.iter().any(|i| i.current(&ctx.path)).then_some("current")] { (ctx.t("nav-admin")) }
                            ul { @for item in &admin { (entry(item)) } }
                        }
                    }
                }
            }
        }
    }
}

/// A hidden CSRF field for a form.
pub fn csrf_field(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(ctx.csrf); }
}

/// The full page around `body`.
pub fn page(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let school = if ctx.school.short_name.is_empty() { "Parta" } else { ctx.school.short_name.as_str() };
    let hx_headers = format!(r#"{{"X-CSRF-Token":"{}"}}"#, ctx.csrf);
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="htmx-config" content=r#"{"includeIndicatorStyles":false,"allowScriptTags":false,"selfRequestsOnly":true}"#;
                title { (title) " — " (school) }
                link rel="stylesheet" href="/assets/vendor/modern-normalize/modern-normalize.css";
                link rel="stylesheet" href="/assets/app.css";
                @if ctx.school.logo.is_some() { link rel="icon" href="/school/logo"; }
                script src="/assets/vendor/htmx/htmx.min.js" defer {}
                script src="/assets/app.js" defer {}
            }
            body hx-headers=(hx_headers) {
                a.skip href="#main" { (ctx.t("skip-to-content")) }
                header.top {
                    a.brand href="/" {
                        @if ctx.school.logo.is_some() { img src="/school/logo" alt="" width="28" height="28"; }
                        span { (school) }
                    }
                    @if ctx.authed.is_some() { (nav(ctx)) }
                    // On a wide screen the tools sit together on the right. On a phone (with
                    // app.js) the header folds into one bar — the school, the notices and a
                    // menu button that unfolds the menu and the account (app.css).
                    div.tools {
                        @if let Some(me) = &ctx.authed {
                            // Notices (notify/): the unread count is loaded by htmx, so no page
                            // waits for it.
                            a.nt-link.no-print href="/notices" aria-current=[ctx.path.starts_with("/notices").then_some("page")] {
                                (ctx.t("notices-nav"))
                                span hx-get="/notices/badge" hx-trigger="load" hx-swap="outerHTML" {}
                            }
                            div.account #top-account {
                                a.no-print href="/calendar" aria-current=[ctx.path.starts_with("/calendar").then_some("page")] { (ctx.t("cal-title")) }
                                a href="/account/password" title=(me.user.full_name()) { (me.user.short_name()) }
                                form method="post" action="/logout" {
                                    (csrf_field(ctx))
                                    button.link type="submit" { (ctx.t("sign-out")) }
                                }
                            }
                        }
                        (lang_switch(ctx))
                        @if ctx.authed.is_some() {
                            button.menu-toggle type="button" hidden aria-expanded="false" aria-controls="top-nav top-account" {
                                span aria-hidden="true" { "☰ " } (ctx.t("nav-menu"))
                            }
                        }
                    }
                }
                main id="main" {
                    @if let Some(key) = &ctx.flash {
                        p.flash role="status" { (ctx.t(key)) }
                    }
                    (body)
                }
                footer.bottom {
                    span { "Parta" }
                }
            }
        }
    }
}

fn lang_switch(ctx: &Ctx) -> Markup {
    html! {
        form.lang method="post" action="/lang" {
            (csrf_field(ctx))
            input type="hidden" name="back" value=(ctx.path);
            @for lang in Lang::ALL {
                @if lang != ctx.lang {
                    button.link type="submit" name="lang" value=(lang.code()) lang=(lang.code()) {
                        (lang.t("lang-name"))
                    }
                }
            }
        }
    }
}

/// A whole page, or only `body` when htmx asked for a fragment. Always `Vary: HX-Request`.
pub fn respond(ctx: &Ctx, title: &str, body: Markup) -> Response {
    let markup = if ctx.htmx { body } else { page(ctx, title, body) };
    let mut response = markup.into_response();
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("HX-Request"));
    response
}
