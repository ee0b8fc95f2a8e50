//! The school card page.

use maud::{Markup, html};

use crate::school::model::{Rounding, SchoolCard};
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::layout::csrf_field;

/// Time zones of Russia, offered first; any IANA name is accepted.
pub const RUSSIAN_ZONES: [&str; 11] = [
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
];

pub fn card(ctx: &Ctx, card: &SchoolCard, errors: &FieldErrors, can_edit: bool) -> Markup {
    let tz_error = errors.get("time_zone");
    html! {
        h1 { (ctx.t("school-title")) }
        (error_summary(ctx, errors))
        form.card method="post" action="/admin/school" data-guard {
            (csrf_field(ctx))
            fieldset disabled[!can_edit] {
                (field(ctx, Input::text("full_name", &ctx.t("school-full-name"), &card.full_name).required(), errors))
                div.grid {
                    (field(ctx, Input::text("short_name", &ctx.t("school-short-name"), &card.short_name).required(), errors))
                    (field(ctx, Input::text("director", &ctx.t("school-director"), &card.director), errors))
                }
                (field(ctx, Input::text("address", &ctx.t("school-address"), &card.address), errors))
                div.grid {
                    (field(ctx, Input::text("phone", &ctx.t("field-phone"), &card.phone).kind("tel"), errors))
                    (field(ctx, Input::text("email", &ctx.t("field-email"), &card.email).kind("email"), errors))
                    (field(ctx, Input::text("website", &ctx.t("school-website"), &card.website), errors))
                    div.field.invalid[tz_error.is_some()] {
                        label for="f-time_zone" { (ctx.t("school-time-zone")) }
                        input #f-time_zone name="time_zone" list="zones" value=(card.time_zone) required;
                        datalist #zones { @for z in RUSSIAN_ZONES { option value=(z); } }
                        @if let Some(m) = tz_error { p.error { (ctx.t(m)) } }
                    }
                }
                div.field {
                    label for="f-rounding" { (ctx.t("school-rounding")) }
                    select #f-rounding name="rounding" {
                        @for r in [Rounding::Half, Rounding::Strict] {
                            option value=(r.key()) selected[card.rounding == r] { (ctx.t(&format!("school-rounding-{}", r.key()))) }
                        }
                    }
                    small.hint { (ctx.t("school-rounding-hint")) }
                }
                @if can_edit { button.primary type="submit" { (ctx.t("save")) } }
            }
        }
        section.card {
            h2 { (ctx.t("school-logo")) }
            @if card.logo.is_some() {
                img.logo-preview src="/school/logo" alt=(ctx.t("school-logo"));
            } @else {
                p.muted { (ctx.t("school-logo-none")) }
            }
            @if can_edit {
                form method="post" action=(format!("/admin/school/logo?_csrf={}", ctx.csrf)) enctype="multipart/form-data" {
                    label for="logo" { (ctx.t("school-logo-choose")) }
                    input #logo type="file" name="logo" accept="image/png,image/jpeg,image/webp" required;
                    small.hint { (ctx.t("school-logo-hint")) }
                    button type="submit" { (ctx.t("upload")) }
                }
                @if card.logo.is_some() {
                    form method="post" action="/admin/school/logo/delete" {
                        (csrf_field(ctx))
                        button.danger type="submit" { (ctx.t("school-logo-remove")) }
                    }
                }
            }
        }
    }
}
