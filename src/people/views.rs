//! Pages of classes and students: the class list, a class with its students and parents, a
//! student's card, access letters and the «who has signed in» list.

use maud::{Markup, PreEscaped, html};

use super::letters::Letter;
use super::model::{MovementKind, Relation, Sex};
use super::queries::{ClassLink, ClassView, LoginState, Person, StudentView};
use crate::structure::model::Year;
use crate::web::ctx::Ctx;
use crate::web::form::{FieldErrors, Input, error_summary, field};
use crate::web::i18n::{Arg, long_date};
use crate::web::layout::csrf_field;

fn login_badge(ctx: &Ctx, state: LoginState) -> Markup {
    html! {
        @match state {
            LoginState::NoPassword => span.badge.warn { (ctx.t("people-no-password")) },
            LoginState::NeverSignedIn => span.badge { (ctx.t("people-never-signed-in")) },
            LoginState::SignedIn(t) => span.muted { (ctx.date_time(t)) },
        }
    }
}

fn relation_label(ctx: &Ctx, r: Relation) -> String {
    ctx.t(&format!("relation-{}", r.key()))
}

pub fn classes(ctx: &Ctx, year: Option<&Year>, classes: &[ClassLink]) -> Markup {
    html! {
        div.page-head {
            h1 { (ctx.t("classes-title")) @if let Some(y) = year { " " span.muted { (y.name) } } }
        }
        @if year.is_none() {
            p.empty { (ctx.t("classes-no-year")) }
        } @else if classes.is_empty() {
            p.empty { (ctx.t("classes-none")) }
        } @else {
            ul.class-tiles {
                @for c in classes {
                    li.mine[c.mine] {
                        a href=(format!("/classes/{}", c.id)) {
                            strong { (c.class.name()) }
                            span.muted { (ctx.t_args("classes-students", &[("n", Arg::Num(c.students as i64))])) }
                            @if c.mine { span.badge { (ctx.t("classes-mine")) } }
                        }
                    }
                }
            }
        }
    }
}

fn person_name(p: &Person) -> String {
    p.user.full_name()
}

pub fn class_page(
    ctx: &Ctx,
    v: &ClassView,
    form: &super::manage::StudentForm,
    errors: &FieldErrors,
) -> Markup {
    let chiefs = v.chiefs.iter().map(|u| u.full_name()).collect::<Vec<_>>().join(", ");
    html! {
        p.no-print { a href="/classes" { "← " (ctx.t("classes-title")) } }
        div.page-head {
            h1 { (ctx.t_args("classes-class-title", &[("name", Arg::Str(v.class.name())), ("year", Arg::Str(v.year.name.clone()))])) }
            div.actions.no-print {
                @if v.can_progress {
                    a.button href=(format!("/classes/{}/progress", v.id)) { (ctx.t("classes-progress")) }
                }
                @if v.can_attendance {
                    a.button href=(format!("/classes/{}/attendance", v.id)) { (ctx.t("classes-attendance")) }
                }
                @if v.can_timetable {
                    a.button href=(format!("/timetable/classes/{}", v.id)) { (ctx.t("classes-timetable")) }
                }
                @if v.can_logins {
                    a.button href=(format!("/classes/{}/letters", v.id)) { (ctx.t("letters-title")) }
                    a.button href=(format!("/classes/{}/signins", v.id)) { (ctx.t("signins-class-title")) }
                }
            }
        }
        p.muted {
            (ctx.t("classes-chief")) ": " @if chiefs.is_empty() { "—" } @else { (chiefs) }
            @if !v.class.room.is_empty() { " · " (ctx.t("classes-room")) " " (v.class.room) }
            @if !v.class.profile.is_empty() { " · " (v.class.profile) }
        }
        p { (ctx.t_args("classes-students", &[("n", Arg::Num(v.students.len() as i64))])) }
        @if v.students.is_empty() {
            p.empty { (ctx.t("classes-empty")) }
        } @else {
            div.table-wrap {
                table.list {
                    thead { tr {
                        th scope="col" { "№" }
                        th scope="col" { (ctx.t("field-full-name")) }
                        th scope="col" { (ctx.t("people-birth-date")) }
                        th scope="col" { (ctx.t("people-sign-in")) }
                        th scope="col" { (ctx.t("people-parents")) }
                    } }
                    tbody {
                        @for (i, s) in v.students.iter().enumerate() {
                            tr {
                                td { (i + 1) }
                                td {
                                    a href=(format!("/students/{}", s.person.id)) { (person_name(&s.person)) }
                                    @if v.can_diary {
                                        " " a.small.no-print href=(format!("/diary/{}", s.person.id)) { (ctx.t("classes-diary")) }
                                    }
                                }
                                td { @if let Some(d) = s.info.birth_date { (d.format("%d.%m.%Y")) } }
                                td { (login_badge(ctx, s.person.login)) }
                                td {
                                    @for p in &s.parents {
                                        div.parent {
                                            (person_name(&p.person)) " " span.muted { "(" (relation_label(ctx, p.guardian.relation)) ")" }
                                            @if v.contacts {
                                                @if !p.person.user.phone.is_empty() { " " a href=(format!("tel:{}", p.person.user.phone)) { (p.person.user.phone) } }
                                                @if !p.person.user.email.is_empty() { " " a href=(format!("mailto:{}", p.person.user.email)) { (p.person.user.email) } }
                                            }
                                            " " (login_badge(ctx, p.person.login))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if v.can_edit {
            section.card.no-print {
                h2 { (ctx.t("classes-add-student")) }
                (error_summary(ctx, errors))
                form method="post" action=(format!("/classes/{}/students", v.id)) data-guard {
                    (csrf_field(ctx))
                    (student_fields(ctx, form, errors))
                    button.primary type="submit" { (ctx.t("classes-add-student")) }
                }
            }
        }
    }
}

fn student_fields(ctx: &Ctx, f: &super::manage::StudentForm, errors: &FieldErrors) -> Markup {
    let sex_error = errors.get("sex");
    html! {
        div.grid {
            (field(ctx, Input::text("surname", &ctx.t("field-surname"), &f.surname).required(), errors))
            (field(ctx, Input::text("first_name", &ctx.t("field-first-name"), &f.first_name).required(), errors))
            (field(ctx, Input::text("patronymic", &ctx.t("field-patronymic"), &f.patronymic), errors))
            (field(ctx, Input::text("birth_date", &ctx.t("people-birth-date"), &f.birth_date).kind("date"), errors))
            div.field.invalid[sex_error.is_some()] {
                label for="f-sex" { (ctx.t("people-sex")) }
                select #f-sex name="sex" {
                    option value="" { "—" }
                    option value="male" selected[f.sex == "male"] { (ctx.t("people-sex-male")) }
                    option value="female" selected[f.sex == "female"] { (ctx.t("people-sex-female")) }
                }
            }
        }
    }
}

/// The typed values of a student's form from the stored data.
pub fn student_form_of(v: &StudentView) -> super::manage::StudentForm {
    let u = &v.row.person.user;
    super::manage::StudentForm {
        surname: u.surname.clone(),
        first_name: u.first_name.clone(),
        patronymic: u.patronymic.clone(),
        birth_date: v.row.info.birth_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        sex: match v.row.info.sex {
            Some(Sex::Male) => "male".into(),
            Some(Sex::Female) => "female".into(),
            None => String::new(),
        },
    }
}

/// What the forms of the student page hold after a refused submit.
#[derive(Default)]
pub struct StudentPageForms {
    pub basic: Option<super::manage::StudentForm>,
    pub movement: super::manage::MovementForm,
    pub parent: super::manage::ParentForm,
    pub link_login: String,
    pub errors: FieldErrors,
}

pub fn student_page(ctx: &Ctx, v: &StudentView, forms: &StudentPageForms) -> Markup {
    let u = &v.row.person.user;
    let errors = &forms.errors;
    let basic = forms.basic.clone().unwrap_or_else(|| student_form_of(v));
    html! {
        @if let Some((id, c)) = &v.class {
            p.no-print { a href=(format!("/classes/{id}")) { "← " (c.name()) } }
        }
        h1 { (u.full_name()) }
        p.muted {
            @match &v.class {
                Some((_, c)) => { (ctx.t("people-class")) " " (c.name()) }
                None => { (ctx.t("people-not-in-class")) }
            }
            " · " (ctx.t("field-login")) " " code { (u.login) } " · " (login_badge(ctx, v.row.person.login))
        }
        @if v.can_diary || v.can_timetable {
            p.actions.no-print {
                @if v.can_diary { a.button href=(format!("/diary/{}", v.row.person.id)) { (ctx.t("nav-diary")) } }
                @if v.can_timetable { a.button href=(format!("/timetable/students/{}", v.row.person.id)) { (ctx.t("classes-timetable")) } }
            }
        }
        (error_summary(ctx, errors))
        @if v.can_edit {
            section.card {
                h2 { (ctx.t("people-basic")) }
                form method="post" action=(format!("/students/{}", v.row.person.id)) data-guard {
                    (csrf_field(ctx))
                    (student_fields(ctx, &basic, errors))
                    button.primary type="submit" { (ctx.t("save")) }
                }
            }
        } @else {
            section.card {
                dl.pairs {
                    dt { (ctx.t("people-birth-date")) }
                    dd { @if let Some(d) = v.row.info.birth_date { (long_date(ctx.lang, d)) } @else { "—" } }
                }
            }
        }
        section.card {
            h2 { (ctx.t("people-parents")) }
            @if v.row.parents.is_empty() { p.empty { (ctx.t("people-no-parents")) } }
            ul.plain {
                @for p in &v.row.parents {
                    li {
                        strong { (person_name(&p.person)) } " " span.muted { "(" (relation_label(ctx, p.guardian.relation)) ")" }
                        @if v.contacts {
                            @if !p.person.user.phone.is_empty() { " · " a href=(format!("tel:{}", p.person.user.phone)) { (p.person.user.phone) } }
                            @if !p.person.user.email.is_empty() { " · " a href=(format!("mailto:{}", p.person.user.email)) { (p.person.user.email) } }
                        }
                        " · " code { (p.person.user.login) } " " (login_badge(ctx, p.person.login))
                        @if v.can_edit {
                            form.inline method="post" action=(format!("/students/{}/parents/{}/unlink", v.row.person.id, p.person.id)) {
                                (csrf_field(ctx))
                                button.link type="submit" { (ctx.t("people-unlink")) }
                            }
                        }
                    }
                }
            }
            @if v.can_edit {
                details open[!forms.parent.surname.is_empty() || errors.get("relation").is_some()] {
                    summary { (ctx.t("people-add-parent")) }
                    form method="post" action=(format!("/students/{}/parents", v.row.person.id)) data-guard {
                        (csrf_field(ctx))
                        div.grid {
                            (field(ctx, Input::text("surname", &ctx.t("field-surname"), &forms.parent.surname).required(), errors))
                            (field(ctx, Input::text("first_name", &ctx.t("field-first-name"), &forms.parent.first_name).required(), errors))
                            (field(ctx, Input::text("patronymic", &ctx.t("field-patronymic"), &forms.parent.patronymic), errors))
                            (relation_select(ctx, "relation", &forms.parent.relation, errors))
                            (field(ctx, Input::text("phone", &ctx.t("field-phone"), &forms.parent.phone).kind("tel"), errors))
                            (field(ctx, Input::text("email", &ctx.t("field-email"), &forms.parent.email).kind("email"), errors))
                        }
                        button.primary type="submit" { (ctx.t("people-add-parent")) }
                    }
                }
                details open[!forms.link_login.is_empty()] {
                    summary { (ctx.t("people-link-parent")) }
                    form method="post" action=(format!("/students/{}/parents/link", v.row.person.id)) {
                        (csrf_field(ctx))
                        div.grid {
                            (field(ctx, Input::text("link_login", &ctx.t("field-login"), &forms.link_login).required(), errors))
                            (relation_select(ctx, "link_relation", "", errors))
                        }
                        button type="submit" { (ctx.t("people-link-parent")) }
                    }
                }
            }
        }
        section.card {
            h2 { (ctx.t("people-movement")) }
            div.table-wrap {
                table.list {
                    thead { tr {
                        th scope="col" { (ctx.t("people-date")) }
                        th scope="col" { (ctx.t("people-movement-kind")) }
                        th scope="col" { (ctx.t("people-class")) }
                        th scope="col" { (ctx.t("people-reason")) }
                    } }
                    tbody {
                        @for (m, c) in &v.movements {
                            tr {
                                td { (m.date.format("%d.%m.%Y")) }
                                td { (ctx.t(match m.kind { MovementKind::Enrol => "movement-enrol", MovementKind::Transfer => "movement-transfer", MovementKind::Withdraw => "movement-withdraw" })) }
                                td { @if let Some(c) = c { (c.name()) } }
                                td { (m.reason) @if !m.order.is_empty() { " " span.muted { (ctx.t("people-order")) " " (m.order) } } }
                            }
                        }
                    }
                }
            }
            @if v.can_edit {
                details open[!forms.movement.kind.is_empty()] {
                    summary { (ctx.t("people-record-movement")) }
                    form method="post" action=(format!("/students/{}/movement", v.row.person.id)) data-guard {
                        (csrf_field(ctx))
                        div.grid {
                            div.field {
                                label for="f-kind" { (ctx.t("people-movement-kind")) }
                                select #f-kind name="kind" {
                                    option value="transfer" selected[forms.movement.kind != "withdraw"] { (ctx.t("movement-transfer")) }
                                    option value="withdraw" selected[forms.movement.kind == "withdraw"] { (ctx.t("movement-withdraw")) }
                                }
                            }
                            div.field.invalid[errors.get("class").is_some()] {
                                label for="f-class" { (ctx.t("people-to-class")) }
                                select #f-class name="class" {
                                    option value="" { "—" }
                                    @for (id, c) in &v.classes {
                                        option value=(id) selected[forms.movement.class == id.to_string()] { (c.name()) }
                                    }
                                }
                                @if let Some(m) = errors.get("class") { p.error { (ctx.t(m)) } }
                            }
                            (field(ctx, Input::text("date", &ctx.t("people-date"), &forms.movement.date).kind("date").required(), errors))
                            (field(ctx, Input::text("reason", &ctx.t("people-reason"), &forms.movement.reason), errors))
                            (field(ctx, Input::text("order", &ctx.t("people-order"), &forms.movement.order), errors))
                        }
                        button.primary type="submit" { (ctx.t("people-record-movement")) }
                    }
                }
            }
        }
    }
}

fn relation_select(ctx: &Ctx, name: &'static str, value: &str, errors: &FieldErrors) -> Markup {
    let error = errors.get(name);
    html! {
        div.field.invalid[error.is_some()] {
            label for=(format!("f-{name}")) { (ctx.t("people-relation")) }
            select id=(format!("f-{name}")) name=(name) required {
                option value="" { "—" }
                @for r in Relation::ALL {
                    option value=(r.key()) selected[value == r.key()] { (relation_label(ctx, r)) }
                }
            }
            @if let Some(m) = error { p.error { (ctx.t(m)) } }
        }
    }
}

/// The choice of whom to print letters for: students and parents of the class; those without
/// a password are ticked.
pub fn letters_form(ctx: &Ctx, v: &ClassView) -> Markup {
    html! {
        p.no-print { a href=(format!("/classes/{}", v.id)) { "← " (v.class.name()) } }
        h1 { (ctx.t("letters-title")) " — " (v.class.name()) }
        p { (ctx.t("letters-intro")) }
        form method="post" action=(format!("/classes/{}/letters", v.id)) {
            (csrf_field(ctx))
            div.table-wrap {
                table.list {
                    thead { tr {
                        th scope="col" { (ctx.t("letters-print")) }
                        th scope="col" { (ctx.t("field-full-name")) }
                        th scope="col" { (ctx.t("people-sign-in")) }
                    } }
                    tbody {
                        @for s in &v.students {
                            tr {
                                td { input type="checkbox" name="id" value=(s.person.id) checked[s.person.login == LoginState::NoPassword] aria-label=(person_name(&s.person)); }
                                td { strong { (person_name(&s.person)) } " " span.muted { (ctx.t("role-student")) } }
                                td { (login_badge(ctx, s.person.login)) }
                            }
                            @for p in &s.parents {
                                tr {
                                    td { input type="checkbox" name="id" value=(p.person.id) checked[p.person.login == LoginState::NoPassword] aria-label=(person_name(&p.person)); }
                                    td.indent { (person_name(&p.person)) " " span.muted { (relation_label(ctx, p.guardian.relation)) } }
                                    td { (login_badge(ctx, p.person.login)) }
                                }
                            }
                        }
                    }
                }
            }
            p.muted { (ctx.t("letters-warning")) }
            button.primary type="submit" { (ctx.t("letters-print-button")) }
        }
    }
}

/// The printable letters: A4, three to a page, each with the QR code of the sign-in address.
pub fn letters(ctx: &Ctx, class_name: &str, address: &str, qr: &str, letters: &[Letter]) -> Markup {
    html! {
        div.no-print.page-head {
            h1 { (ctx.t("letters-title")) " — " (class_name) }
            p { (ctx.t_args("letters-ready", &[("n", Arg::Num(letters.len() as i64))])) " " (ctx.t("letters-print-hint")) }
        }
        div.letters {
            @for l in letters {
                article.letter {
                    header {
                        strong { (ctx.school.full_name) }
                        span { (ctx.t("letters-heading")) }
                    }
                    div.letter-body {
                        div {
                            p.who {
                                (l.full_name)
                                @if l.is_parent { br; span.muted { (ctx.t("letters-parent-of")) " " (l.children.join(", ")) } }
                                @else { br; span.muted { (ctx.t("role-student")) ", " (class_name) } }
                            }
                            dl.pairs {
                                dt { (ctx.t("sign-in-address")) } dd { code { (address) } }
                                dt { (ctx.t("field-login")) } dd { code.big { (l.login) } }
                                dt { (ctx.t("users-one-time-password")) } dd { code.big { (l.password) } }
                            }
                            p.small { (ctx.t("letters-instructions")) }
                        }
                        div.qr { (PreEscaped(qr)) }
                    }
                }
            }
        }
    }
}

pub fn signins(ctx: &Ctx, v: &ClassView, only_never: bool) -> Markup {
    let mut rows: Vec<(&Person, bool)> = Vec::new();
    for s in &v.students {
        rows.push((&s.person, false));
        for p in &s.parents {
            if !rows.iter().any(|(r, _)| r.id == p.person.id) {
                rows.push((&p.person, true));
            }
        }
    }
    let total = rows.len();
    let signed = rows.iter().filter(|(p, _)| matches!(p.login, LoginState::SignedIn(_))).count();
    if only_never {
        rows.retain(|(p, _)| !matches!(p.login, LoginState::SignedIn(_)));
    }
    html! {
        p.no-print { a href=(format!("/classes/{}", v.id)) { "← " (v.class.name()) } }
        h1 { (ctx.t("signins-class-title")) " — " (v.class.name()) }
        p { (ctx.t_args("signins-class-summary", &[("signed", Arg::Num(signed as i64)), ("total", Arg::Num(total as i64))])) }
        p.no-print {
            @if only_never { a href=(format!("/classes/{}/signins", v.id)) { (ctx.t("signins-class-all")) } }
            @else { a href=(format!("/classes/{}/signins?never=1", v.id)) { (ctx.t("signins-class-never-only")) } }
        }
        div.table-wrap {
            table.list {
                thead { tr {
                    th scope="col" { (ctx.t("field-full-name")) }
                    th scope="col" { (ctx.t("field-roles")) }
                    th scope="col" { (ctx.t("field-login")) }
                    th scope="col" { (ctx.t("people-sign-in")) }
                } }
                tbody {
                    @for (p, parent) in &rows {
                        tr {
                            td { (person_name(p)) }
                            td { (ctx.t(if *parent { "role-parent" } else { "role-student" })) }
                            td { code { (p.user.login) } }
                            td { (login_badge(ctx, p.login)) }
                        }
                    }
                }
            }
        }
    }
}
