//! Forms: a field component that shows the user's value and its own message, and the error
//! collection a service fills when it refuses input.

use maud::{Markup, html};

use super::ctx::Ctx;

pub use crate::error::FieldErrors;

/// How an input is drawn.
pub struct Input<'a> {
    pub name: &'static str,
    pub label: &'a str,
    pub value: &'a str,
    pub kind: &'static str,
    pub required: bool,
    pub autocomplete: Option<&'static str>,
    pub hint: Option<String>,
}

impl<'a> Input<'a> {
    pub fn text(name: &'static str, label: &'a str, value: &'a str) -> Self {
        Input { name, label, value, kind: "text", required: false, autocomplete: None, hint: None }
    }

    pub fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn autocomplete(mut self, value: &'static str) -> Self {
        self.autocomplete = Some(value);
        self
    }

    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// A labelled input with the user's value and, when refused, its message.
pub fn field(ctx: &Ctx, input: Input<'_>, errors: &FieldErrors) -> Markup {
    let error = errors.get(input.name);
    let id = format!("f-{}", input.name);
    let err_id = format!("{id}-error");
    let value = if input.kind == "password" { "" } else { input.value };
    html! {
        div.field.invalid[error.is_some()] {
            label for=(id) { (input.label) @if input.required { span.req aria-hidden="true" { " *" } } }
            input id=(id) name=(input.name) type=(input.kind) value=(value)
                required[input.required] autocomplete=[input.autocomplete]
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| err_id.as_str())];
            @if let Some(hint) = &input.hint { small.hint { (hint) } }
            @if let Some(key) = error { p.error id=(err_id) { (ctx.t(key)) } }
        }
    }
}

/// The summary at the top of a refused form.
pub fn error_summary(ctx: &Ctx, errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.alert role="alert" { (ctx.t("form-has-errors")) }
        }
    }
}

/// A submitted form as ordered pairs, for forms with repeated fields (checkbox groups).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// Whether the field was sent at all (even empty).
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// Every value of a repeated field.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}
