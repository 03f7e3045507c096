//! Per-client throttles for public surfaces: at most `max` uses per key (a client address) within a
//! sliding window. Checking and recording are one step, so parallel requests cannot slip through.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Bounds memory under a flood of distinct keys.
const MAX_KEYS: usize = 100_000;

/// The client an address stands for: an IPv4 address, or the /64 network of an IPv6 one (what
/// one subscriber usually holds).
pub fn network_of(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        v4 => v4,
    }
}

/// [`network_of`] as a throttle key.
pub fn client_key(ip: IpAddr) -> String {
    network_of(ip).to_string()
}

pub struct Throttle {
    max: usize,
    window: Duration,
    uses: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    pub fn new(max: usize, window: Duration) -> Throttle {
        Throttle {
            max,
            window,
            uses: Mutex::new(HashMap::new()),
        }
    }

    /// Records a use by `key` and says whether it is within the limit; a refused use is not counted.
    pub fn allow(&self, key: &str) -> bool {
        let mut uses = self.uses.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if uses.len() >= MAX_KEYS && !uses.contains_key(key) {
            uses.retain(|_, times| times.back().is_some_and(|t| now - *t < self.window));
        }
        let times = uses.entry(key.to_string()).or_default();
        while times.front().is_some_and(|t| now - *t >= self.window) {
            times.pop_front();
        }
        if times.len() >= self.max {
            return false;
        }
        times.push_back(now);
        true
    }

    /// How long a refused client should wait, for `Retry-After`.
    pub fn window(&self) -> Duration {
        self.window
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_beyond_the_limit_per_key_only() {
        let throttle = Throttle::new(3, Duration::from_secs(60));
        assert!((0..3).all(|_| throttle.allow("192.0.2.1")));
        assert!(!throttle.allow("192.0.2.1"));
        assert!(
            throttle.allow("192.0.2.2"),
            "another client has its own count"
        );
    }

    #[test]
    fn forgets_uses_older_than_the_window() {
        let throttle = Throttle::new(1, Duration::from_millis(20));
        assert!(throttle.allow("a"));
        assert!(!throttle.allow("a"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(throttle.allow("a"));
    }
}
