//! Sign-in rate limiting, in memory: failures per account (by the login typed, whether or not
//! it exists, so the limit does not reveal accounts) and per client address.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Limits; from the config.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub per_login: u32,
    pub per_ip: u32,
    pub window: Duration,
}

/// Failure counters inside a sliding window.
pub struct RateLimiter {
    limits: Limits,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimiter {
    pub fn new(limits: Limits) -> Self {
        RateLimiter { limits, failures: Mutex::new(HashMap::new()) }
    }

    /// When sign-in is blocked for this login or address, how long until it is allowed again.
    pub fn blocked_for(&self, login: &str, ip: &str, now: Instant) -> Option<Duration> {
        let mut map = self.failures.lock().expect("rate limiter lock");
        let a = self.wait(&mut map, &login_key(login), self.limits.per_login, now);
        let b = self.wait(&mut map, &ip_key(ip), self.limits.per_ip, now);
        a.max(b)
    }

    pub fn record_failure(&self, login: &str, ip: &str, now: Instant) {
        let mut map = self.failures.lock().expect("rate limiter lock");
        for key in [login_key(login), ip_key(ip)] {
            map.entry(key).or_default().push(now);
        }
        // Keep the map from growing without bound under a spray of logins.
        if map.len() > 100_000 {
            let window = self.limits.window;
            map.retain(|_, v| v.last().is_some_and(|t| now.duration_since(*t) < window));
        }
    }

    /// A successful sign-in clears the account's failures (not the address's).
    pub fn record_success(&self, login: &str) {
        self.failures.lock().expect("rate limiter lock").remove(&login_key(login));
    }

    fn wait(
        &self,
        map: &mut HashMap<String, Vec<Instant>>,
        key: &str,
        limit: u32,
        now: Instant,
    ) -> Option<Duration> {
        let window = self.limits.window;
        let list = map.get_mut(key)?;
        list.retain(|t| now.duration_since(*t) < window);
        if list.len() as u32 >= limit {
            let oldest = list[list.len() - limit as usize];
            Some(window.saturating_sub(now.duration_since(oldest)))
        } else {
            None
        }
    }
}

fn login_key(login: &str) -> String {
    format!("l:{}", login.trim().to_lowercase())
}

fn ip_key(ip: &str) -> String {
    format!("i:{ip}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> RateLimiter {
        RateLimiter::new(Limits { per_login: 3, per_ip: 5, window: Duration::from_secs(600) })
    }

    #[test]
    fn blocks_a_login_after_the_limit_and_frees_it_after_the_window() {
        let rl = limiter();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(rl.blocked_for("Ivanov", "1.1.1.1", t0).is_none());
            rl.record_failure("ivanov", "1.1.1.1", t0);
        }
        let wait = rl.blocked_for("IVANOV ", "2.2.2.2", t0).expect("blocked by login");
        assert_eq!(wait, Duration::from_secs(600));
        assert!(rl.blocked_for("petrov", "2.2.2.2", t0).is_none());
        assert!(rl.blocked_for("ivanov", "1.1.1.1", t0 + Duration::from_secs(601)).is_none());
    }

    #[test]
    fn blocks_an_address_spraying_many_logins() {
        let rl = limiter();
        let t0 = Instant::now();
        for i in 0..5 {
            rl.record_failure(&format!("user{i}"), "9.9.9.9", t0);
        }
        assert!(rl.blocked_for("someone-else", "9.9.9.9", t0).is_some());
        assert!(rl.blocked_for("someone-else", "8.8.8.8", t0).is_none());
    }

    #[test]
    fn success_clears_the_login_counter() {
        let rl = limiter();
        let t0 = Instant::now();
        rl.record_failure("a", "1.1.1.1", t0);
        rl.record_failure("a", "1.1.1.1", t0);
        rl.record_success("a");
        rl.record_failure("a", "1.1.1.1", t0);
        assert!(rl.blocked_for("a", "3.3.3.3", t0).is_none());
    }
}
