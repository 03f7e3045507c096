//! Login throttling: after too many failures from one address or for one account within a window,
//! further attempts are refused until the window has passed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_FAILURES: usize = 10;
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Bounds memory under a flood of distinct keys.
const MAX_KEYS: usize = 100_000;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    /// True when any of `keys` (address, account) has used up its failures.
    pub fn is_blocked(&self, keys: &[&str]) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        keys.iter().any(|key| {
            failures.get_mut(*key).is_some_and(|times| {
                times.retain(|t| now.duration_since(*t) < WINDOW);
                times.len() >= MAX_FAILURES
            })
        })
    }

    pub fn record_failure(&self, keys: &[&str]) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if failures.len() >= MAX_KEYS {
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        for key in keys {
            failures.entry((*key).to_string()).or_default().push(now);
        }
    }

    pub fn clear(&self, keys: &[&str]) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in keys {
            failures.remove(*key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_ten_failures_and_clears_on_success() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(!limiter.is_blocked(&["ip", "anna@example.nl"]));
            limiter.record_failure(&["ip", "anna@example.nl"]);
        }
        assert!(limiter.is_blocked(&["other-ip", "anna@example.nl"]));
        limiter.clear(&["ip", "anna@example.nl"]);
        assert!(!limiter.is_blocked(&["ip", "anna@example.nl"]));
    }
}
