//! `AppState`: what every handler can reach. Cheap to clone.

use std::sync::{Arc, RwLock};

use crate::auth::ratelimit::{Limits, RateLimiter};
use crate::auth::session::Lifetimes;
use crate::auth::setup::SetupLink;
use crate::clock::Clock;
use crate::config::Config;
use crate::error::AppError;
use crate::school;
use crate::school::model::SchoolCard;
use crate::store::Store;
use crate::store::tables::meta;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    /// The one clock: every "now" and "today" of a request comes from here.
    pub clock: Clock,
    pub limiter: Arc<RateLimiter>,
    /// The school card, cached: every page header shows it. Replaced when the card is saved.
    pub school: Arc<RwLock<Arc<SchoolCard>>>,
    /// The one-time setup link printed at first start, while no administrator exists.
    pub setup: Arc<SetupLink>,
    /// The data file holds the demo school: the sign-in page lists the demo accounts.
    pub demo: bool,
}

impl AppState {
    /// Builds the state over an open store.
    pub fn new(store: Store, config: Config, clock: Clock) -> Result<AppState, AppError> {
        let (card, demo) = store.read_blocking(|tx| {
            let card = school::card(tx)?;
            let demo = meta::get(tx, meta::DEMO)?.unwrap_or(0) == 1;
            Ok::<_, AppError>((card, demo))
        })?;
        let limiter = RateLimiter::new(Limits {
            per_login: config.signin_limit_per_login,
            per_ip: config.signin_limit_per_ip,
            window: std::time::Duration::from_secs(u64::from(config.signin_window_minutes) * 60),
        });
        Ok(AppState {
            store,
            config: Arc::new(config),
            clock,
            limiter: Arc::new(limiter),
            school: Arc::new(RwLock::new(Arc::new(card))),
            setup: Arc::default(),
            demo,
        })
    }

    pub fn school(&self) -> Arc<SchoolCard> {
        self.school.read().expect("school lock").clone()
    }

    pub fn set_school(&self, card: SchoolCard) {
        *self.school.write().expect("school lock") = Arc::new(card);
    }

    pub fn lifetimes(&self) -> Lifetimes {
        Lifetimes {
            idle: i64::from(self.config.session_idle_minutes) * 60,
            absolute: i64::from(self.config.session_max_days) * 86_400,
        }
    }

    /// The school's time zone (the card's; Moscow if the card holds an unknown name).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.school().time_zone.parse().unwrap_or(chrono_tz::Europe::Moscow)
    }

    /// Today in the school's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today(self.tz())
    }
}
