//! Pages of the administration area.

use std::collections::HashMap;

use maud::{Markup, html};

use super::service::{PAGE_SIZE, UserPage};
use crate::audit::{AuditEntry, Outcome};
use crate::auth::accounts::Profile;
use crate::auth::model::{Role, SignInEntry, SignInOutcome, SignInStats};
use crate::store::ids::{AuditId, SignInId, UserId};
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::i18n::Arg;
use crate::web::layout::csrf_field;

fn role_label(ctx: &Ctx, role: Role) -> String {
    ctx.t(&format!("role-{}", role.key()))
}

fn pager(ctx: &Ctx, base: &str, page: usize, has_more: bool) -> Markup {
    let sep = if base.contains('?') { '&' } else { '?' };
    html! {
        @if page > 0 || has_more {
            nav.pager aria-label=(ctx.t("pager")) {
                @if page > 0 { a href=(format!("{base}{sep}page={}", page - 1)) rel="prev" { "← " (ctx.t("pager-prev")) } }
                span { (ctx.t_args("pager-page", &[("n", Arg::Num(page as i64 + 1))])) }
                @if has_more { a href=(format!("{base}{sep}page={}", page + 1)) rel="next" { (ctx.t("pager-next")) " →" } }
            }
        }
    }
}

/// The results table of the account list (also the htmx fragment of a search).
pub fn users_table(ctx: &Ctx, page: &UserPage, query: &str, role: Option<Role>) -> Markup {
    let base = format!(
        "/admin/users?q={}{}",
        crate::web::middleware::urlencode(query),
        role.map(|r| format!("&role={}", r.key())).unwrap_or_default()
    );
    html! {
        div #users-results {
            p.muted { (ctx.t_args("users-found", &[("n", Arg::Num(page.total as i64))])) }
            @if page.rows.is_empty() {
                p.empty { (ctx.t("users-none")) }
            } @else {
                div.table-wrap {
                    table.list {
                        thead { tr {
                            th scope="col" { (ctx.t("field-full-name")) }
                            th scope="col" { (ctx.t("field-login")) }
                            th scope="col" { (ctx.t("field-roles")) }
                            th scope="col" { (ctx.t("users-last-sign-in")) }
                        } }
                        tbody {
                            @for row in &page.rows {
                                tr.disabled[row.user.disabled] {
                                    td { a href=(format!("/admin/users/{}", row.id)) { (row.user.full_name()) } }
                                    td { code { (row.user.login) } }
                                    td { (row.user.roles.iter().map(|r| role_label(ctx, *r)).collect::<Vec<_>>().join(", ")) }
                                    td {
                                        @if row.user.disabled { span.badge { (ctx.t("users-disabled")) } " " }
                                        @match row.last_sign_in {
                                            Some(t) => (ctx.date_time(t)),
                                            None => span.muted { (ctx.t("users-never")) },
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (pager(ctx, &base, page.page, (page.page + 1) * PAGE_SIZE < page.total))
        }
    }
}

pub fn users(ctx: &Ctx, page: &UserPage, query: &str, role: Option<Role>, can_manage: bool) -> Markup {
    html! {
        div.page-head {
            h1 { (ctx.t("users-title")) }
            @if can_manage { a.button.primary href="/admin/users/new" { (ctx.t("users-new")) } }
        }
        form.search method="get" action="/admin/users" role="search"
            hx-get="/admin/users" hx-target="#users-results" hx-select="#users-results" hx-swap="outerHTML"
            hx-trigger="input changed delay:250ms from:input, change from:select, submit" hx-push-url="true" {
            label for="q" { (ctx.t("users-search")) }
            input #q type="search" name="q" value=(query) autocomplete="off" placeholder=(ctx.t("users-search-hint"));
            select name="role" aria-label=(ctx.t("field-roles")) {
                option value="" { (ctx.t("users-all-roles")) }
                @for r in Role::ALL {
                    option value=(r.key()) selected[role == Some(r)] { (role_label(ctx, r)) }
                }
            }
            button type="submit" { (ctx.t("search")) }
        }
        (users_table(ctx, page, query, role))
    }
}

/// Values of the account form as typed.
pub fn user_form(
    ctx: &Ctx,
    id: Option<UserId>,
    p: &Profile,
    errors: &FieldErrors,
    info: Option<(&SignInStats, bool, bool)>,
    can_manage: bool,
) -> Markup {
    let action = match id {
        Some(id) => format!("/admin/users/{id}"),
        None => "/admin/users".into(),
    };
    let title = if id.is_some() { ctx.t("users-edit") } else { ctx.t("users-new") };
    let roles_error = errors.get("roles");
    html! {
        p { a href="/admin/users" { "← " (ctx.t("users-title")) } }
        h1 { (title) }
        (error_summary(ctx, errors))
        form.card method="post" action=(action) data-guard {
            (csrf_field(ctx))
            fieldset disabled[!can_manage] {
                div.grid {
                    (field(ctx, Input::text("surname", &ctx.t("field-surname"), &p.surname).required(), errors))
                    (field(ctx, Input::text("first_name", &ctx.t("field-first-name"), &p.first_name).required(), errors))
                    (field(ctx, Input::text("patronymic", &ctx.t("field-patronymic"), &p.patronymic), errors))
                    (field(ctx, Input::text("login", &ctx.t("field-login"), &p.login).required().autocomplete("off").hint(ctx.t("login-rule")), errors))
                    (field(ctx, Input::text("email", &ctx.t("field-email"), &p.email).kind("email"), errors))
                    (field(ctx, Input::text("phone", &ctx.t("field-phone"), &p.phone).kind("tel"), errors))
                    (field(ctx, Input::text("position", &ctx.t("field-position"), &p.position), errors))
                }
                fieldset.roles.invalid[roles_error.is_some()] {
                    legend { (ctx.t("field-roles")) }
                    @for r in Role::ALL {
                        label.check {
                            input type="checkbox" name="roles" value=(r.key()) checked[p.roles.contains(&r)];
                            (role_label(ctx, r))
                        }
                    }
                    @if let Some(m) = roles_error { p.error { (ctx.t(m)) } }
                }
                @if can_manage {
                    button.primary type="submit" { (ctx.t("save")) }
                }
            }
        }
        @if let (Some(id), Some((stats, disabled, must_change))) = (id, info) {
            section.card {
                h2 { (ctx.t("users-access")) }
                p {
                    (ctx.t("users-last-sign-in")) ": "
                    @if stats.count > 0 { (ctx.date_time(stats.last)) " · " (ctx.t_args("users-sign-in-count", &[("n", Arg::Num(stats.count as i64))])) }
                    @else { (ctx.t("users-never")) }
                }
                @if must_change { p.muted { (ctx.t("users-must-change")) } }
                @if disabled { p { span.badge { (ctx.t("users-disabled")) } } }
                @if can_manage {
                    div.actions {
                        form method="post" action=(format!("/admin/users/{id}/password")) {
                            (csrf_field(ctx))
                            button type="submit" { (ctx.t("users-reset-password")) }
                        }
                        form method="post" action=(format!("/admin/users/{id}/{}", if disabled { "enable" } else { "disable" })) {
                            (csrf_field(ctx))
                            button.danger[!disabled] type="submit" { (ctx.t(if disabled { "users-enable" } else { "users-disable" })) }
                        }
                    }
                }
            }
        }
    }
}

/// The one-time password, shown once after creation or a reset: printable.
pub fn one_time_password(
    ctx: &Ctx,
    id: UserId,
    full_name: &str,
    login: &str,
    password: &str,
    address: &str,
    created: bool,
) -> Markup {
    html! {
        section.narrow.letter {
            h1 { (ctx.t(if created { "users-created" } else { "users-password-reset" })) }
            dl.pairs {
                dt { (ctx.t("field-full-name")) } dd { (full_name) }
                dt { (ctx.t("sign-in-address")) } dd { code { (address) } }
                dt { (ctx.t("field-login")) } dd { code.big { (login) } }
                dt { (ctx.t("users-one-time-password")) } dd { code.big #otp { (password) } }
            }
            p.muted { (ctx.t("users-one-time-hint")) }
            p.no-print { a href=(format!("/admin/users/{id}")) { (ctx.t("users-back-to-account")) } }
        }
    }
}

fn outcome_label(ctx: &Ctx, o: SignInOutcome) -> String {
    ctx.t(match o {
        SignInOutcome::Success => "signins-success",
        SignInOutcome::BadCredentials => "signins-bad-credentials",
        SignInOutcome::Disabled => "signins-disabled",
        SignInOutcome::RateLimited => "signins-rate-limited",
    })
}

pub fn sign_ins(
    ctx: &Ctx,
    rows: &[(SignInId, SignInEntry)],
    names: &HashMap<UserId, String>,
    page: usize,
) -> Markup {
    html! {
        h1 { (ctx.t("signins-title")) }
        @if rows.is_empty() { p.empty { (ctx.t("log-empty")) } } @else {
            div.table-wrap {
                table.list {
                    thead { tr {
                        th scope="col" { (ctx.t("log-when")) }
                        th scope="col" { (ctx.t("field-login")) }
                        th scope="col" { (ctx.t("log-who")) }
                        th scope="col" { (ctx.t("signins-outcome")) }
                        th scope="col" { (ctx.t("signins-address")) }
                    } }
                    tbody {
                        @for (_, e) in rows {
                            tr.bad[e.outcome != SignInOutcome::Success] {
                                td { (ctx.date_time(e.at)) }
                                td { code { (e.login) } }
                                td { @if let Some(u) = e.user { (names.get(&u).map(String::as_str).unwrap_or("")) } }
                                td { (outcome_label(ctx, e.outcome)) }
                                td { (e.ip) }
                            }
                        }
                    }
                }
            }
        }
        (pager(ctx, "/admin/signins", page, rows.len() == PAGE_SIZE))
    }
}

pub fn audit(
    ctx: &Ctx,
    rows: &[(AuditId, AuditEntry)],
    names: &HashMap<UserId, String>,
    page: usize,
) -> Markup {
    html! {
        h1 { (ctx.t("audit-title")) }
        @if rows.is_empty() { p.empty { (ctx.t("log-empty")) } } @else {
            div.table-wrap {
                table.list {
                    thead { tr {
                        th scope="col" { (ctx.t("log-when")) }
                        th scope="col" { (ctx.t("log-who")) }
                        th scope="col" { (ctx.t("audit-action")) }
                        th scope="col" { (ctx.t("audit-object")) }
                        th scope="col" { (ctx.t("audit-outcome")) }
                    } }
                    tbody {
                        @for (_, e) in rows {
                            tr.bad[e.outcome == Outcome::Denied] {
                                td { (ctx.date_time(e.at)) }
                                td { @if let Some(u) = e.actor { (names.get(&u).map(String::as_str).unwrap_or("")) } }
                                td { code { (e.action) } }
                                td { (e.object) " " span.muted { (e.detail) } }
                                td { (ctx.t(if e.outcome == Outcome::Denied { "audit-denied" } else { "audit-allowed" })) }
                            }
                        }
                    }
                }
            }
        }
        (pager(ctx, "/admin/audit", page, rows.len() == PAGE_SIZE))
    }
}
