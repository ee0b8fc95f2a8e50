//! `AppError`: every way a request can fail, and the status each one gets.
//!
//! `into_response` sets the status and puts an [`ErrorInfo`] into the response extensions; it
//! renders nothing and logs nothing. The error-page layer (`web::middleware::error_pages`)
//! turns that into a page in the user's language, logs internal causes and writes denials to
//! the audit log. Users never see internal error text.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 404: no such page or object (also what a stranger gets for an object they may not know of).
    #[error("not found")]
    NotFound,
    /// 401 → redirect to the sign-in page.
    #[error("sign-in required")]
    SignInRequired,
    /// 403: the permission check said no.
    #[error("forbidden: {0:?}")]
    Forbidden(Denial),
    /// 403: the CSRF token is missing or wrong.
    #[error("CSRF token missing or invalid")]
    Csrf,
    /// 400: the request is malformed; the message is a catalog key.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// 422: a form was refused; each field has its message. Handlers re-render the form.
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// 413: the body or upload is over the limit.
    #[error("payload too large")]
    TooLarge,
    /// 500: the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// 500: anything else.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What the error-page layer needs to render and log an error.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    /// Catalog key of the message the user reads.
    pub message: &'static str,
    /// Logged, never shown.
    pub cause: Option<String>,
    pub denial: Option<Denial>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::SignInRequired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn info(self) -> ErrorInfo {
        let message = match &self {
            AppError::NotFound => "error-not-found",
            AppError::SignInRequired => "error-sign-in-required",
            AppError::Forbidden(_) => "error-forbidden",
            AppError::Csrf => "error-csrf",
            AppError::BadRequest(key) => key,
            AppError::Invalid(_) => "error-bad-request",
            AppError::TooLarge => "error-too-large",
            AppError::Store(_) | AppError::Internal(_) => "error-internal",
        };
        let cause = match &self {
            AppError::Store(e) => Some(e.to_string()),
            AppError::Internal(e) => Some(format!("{e:#}")),
            _ => None,
        };
        let denial = match self {
            AppError::Forbidden(d) => Some(d),
            _ => None,
        };
        ErrorInfo { message, cause, denial }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = status.into_response();
        response.extensions_mut().insert(self.info());
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A refusal: what was attempted on what. Logged to the audit log by the web layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denial {
    pub action: &'static str,
    pub object: String,
}

/// Messages per field (catalog keys), in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(&'static str, &'static str)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: &'static str) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }

    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was found, else the errors.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}
