//! Extractors that give a handler what a page needs: [`Ctx`] for any page, [`Auth`] for pages
//! that require a signed-in account.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use super::i18n::{Arg, Lang};
use crate::auth::permission::Actor;
use crate::error::AppError;
use crate::school::model::SchoolCard;
use crate::state::AppState;
use crate::web::session::{Authed, RequestSession};

/// Everything the layout and views need about the request.
#[derive(Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub authed: Option<Arc<Authed>>,
    pub csrf: String,
    pub flash: Option<String>,
    /// The request came from htmx and wants a fragment.
    pub htmx: bool,
    pub school: Arc<SchoolCard>,
    pub tz: chrono_tz::Tz,
    pub demo: bool,
    pub path: String,
    /// The moment of the request, from the state's clock.
    pub now: chrono::DateTime<chrono::Utc>,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    pub fn t_args(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        self.lang.t_args(key, args)
    }

    /// Today in the school's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now.with_timezone(&self.tz).date_naive()
    }

    /// The moment of the request in unix seconds.
    pub fn unix(&self) -> i64 {
        self.now.timestamp()
    }

    /// «28 ноября 2026, 14:05» in the school's time zone.
    pub fn date_time(&self, unix: i64) -> String {
        super::i18n::date_time(self.lang, self.tz, unix)
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let rs = parts.extensions.get::<RequestSession>().cloned().unwrap_or(RequestSession {
            authed: None,
            csrf: String::new(),
            flash: None,
            lang_cookie: None,
        });
        let lang = pick_lang(&parts.headers, Some(&rs), &state.config.lang);
        let htmx = parts.headers.contains_key("hx-request")
            && !parts.headers.contains_key("hx-history-restore-request");
        let school = state.school();
        let tz = school.time_zone.parse().unwrap_or(chrono_tz::Europe::Moscow);
        Ok(Ctx {
            lang,
            authed: rs.authed,
            csrf: rs.csrf,
            flash: rs.flash,
            htmx,
            school,
            tz,
            demo: state.demo,
            path: parts.uri.path().to_string(),
            now: state.clock.now(),
        })
    }
}

/// The account's choice, then the browser's cookie, then `Accept-Language`, then the default.
pub fn pick_lang(headers: &HeaderMap, rs: Option<&RequestSession>, default: &str) -> Lang {
    rs.and_then(|rs| rs.authed.as_ref())
        .and_then(|a| a.user.lang.as_deref())
        .and_then(Lang::from_code)
        .or_else(|| rs.and_then(|rs| rs.lang_cookie.as_deref()).and_then(Lang::from_code))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .or_else(|| Lang::from_code(default))
        .unwrap_or_default()
}

/// A page that requires sign-in. Rejects with [`AppError::SignInRequired`] (a redirect to the
/// sign-in page) when nobody is signed in.
pub struct Auth {
    pub ctx: Ctx,
    pub me: Arc<Authed>,
}

impl Auth {
    pub fn actor(&self) -> Actor {
        self.me.actor(self.ctx.today(), self.ctx.unix())
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        let me = ctx.authed.clone().ok_or(AppError::SignInRequired)?;
        Ok(Auth { ctx, me })
    }
}
