//! Pages of sign-in, password change and first-start setup.

use maud::{Markup, html};

use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::layout::csrf_field;

/// The demo accounts listed on the sign-in page of a demo school: (login, role catalog key).
pub const DEMO_ACCOUNTS: [(&str, &str); 9] = [
    ("admin", "role-admin"),
    ("director", "role-principal"),
    ("teacher", "role-teacher"),
    ("chief", "role-class-chief"),
    ("psychologist", "role-psychologist"),
    ("socped", "role-social_pedagogue"),
    ("student", "role-student"),
    ("parent", "role-parent"),
    (crate::demo::staff_parent::LOGIN, "role-teacher-parent"),
];

pub struct LoginForm<'a> {
    pub login: &'a str,
    pub next: &'a str,
    /// A catalog key of the message over the form.
    pub message: Option<String>,
}

pub fn login(ctx: &Ctx, form: LoginForm<'_>) -> Markup {
    let none = FieldErrors::default();
    html! {
        section.narrow {
            h1 { (ctx.t("sign-in-title")) }
            @if !ctx.school.full_name.is_empty() { p.muted { (ctx.school.full_name) } }
            @if let Some(m) = &form.message { div.alert role="alert" { (m) } }
            form method="post" action="/login" {
                (csrf_field(ctx))
                input type="hidden" name="next" value=(form.next);
                (field(ctx, Input::text("login", &ctx.t("field-login"), form.login).required().autocomplete("username"), &none))
                (field(ctx, Input::text("password", &ctx.t("field-password"), "").kind("password").required().autocomplete("current-password"), &none))
                button.primary type="submit" { (ctx.t("sign-in")) }
            }
            @if ctx.demo {
                aside.demo {
                    h2 { (ctx.t("demo-accounts")) }
                    p.muted { (ctx.t("demo-password-hint")) }
                    table {
                        tbody {
                            @for (login, role) in DEMO_ACCOUNTS {
                                tr { td { code { (login) } } td { (ctx.t(role)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn change_password(ctx: &Ctx, forced: bool, errors: &FieldErrors) -> Markup {
    html! {
        section.narrow {
            h1 { (ctx.t("password-change-title")) }
            @if forced { div.alert role="status" { (ctx.t("password-must-change")) } }
            (error_summary(ctx, errors))
            form method="post" action="/account/password" data-guard {
                (csrf_field(ctx))
                (field(ctx, Input::text("current", &ctx.t("field-password-current"), "").kind("password").required().autocomplete("current-password"), errors))
                (field(ctx, Input::text("new", &ctx.t("field-password-new"), "").kind("password").required().autocomplete("new-password")
                    .hint(ctx.t_args("password-rule", &[("n", (crate::auth::password::MIN_LEN as i64).into())])), errors))
                (field(ctx, Input::text("repeat", &ctx.t("field-password-repeat"), "").kind("password").required().autocomplete("new-password"), errors))
                button.primary type="submit" { (ctx.t("save")) }
            }
        }
    }
}

pub struct SetupForm<'a> {
    pub token: &'a str,
    pub login: &'a str,
    pub surname: &'a str,
    pub first_name: &'a str,
    pub patronymic: &'a str,
}

pub fn setup(ctx: &Ctx, form: SetupForm<'_>, errors: &FieldErrors) -> Markup {
    html! {
        section.narrow {
            h1 { (ctx.t("setup-title")) }
            p { (ctx.t("setup-intro")) }
            (error_summary(ctx, errors))
            form method="post" action=(format!("/setup/{}", form.token)) {
                (csrf_field(ctx))
                (field(ctx, Input::text("login", &ctx.t("field-login"), form.login).required().autocomplete("username"), errors))
                (field(ctx, Input::text("surname", &ctx.t("field-surname"), form.surname).required(), errors))
                (field(ctx, Input::text("first_name", &ctx.t("field-first-name"), form.first_name).required(), errors))
                (field(ctx, Input::text("patronymic", &ctx.t("field-patronymic"), form.patronymic), errors))
                (field(ctx, Input::text("new", &ctx.t("field-password-new"), "").kind("password").required().autocomplete("new-password")
                    .hint(ctx.t_args("password-rule", &[("n", (crate::auth::password::MIN_LEN as i64).into())])), errors))
                (field(ctx, Input::text("repeat", &ctx.t("field-password-repeat"), "").kind("password").required().autocomplete("new-password"), errors))
                button.primary type="submit" { (ctx.t("setup-create")) }
            }
        }
    }
}
