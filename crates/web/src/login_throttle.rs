//! Login throttling: after too many failures from one address or for one account within a window,
//! further attempts are refused until the window has passed. Addresses and accounts are counted
//! apart, so an account named like an address cannot lock that address out. Each attempt is
//! counted as a failure when it starts, under one lock with the check, so parallel attempts cannot
//! all pass the check before any of them is recorded; a success takes its attempt back.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_FAILURES: usize = 10;
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Bounds memory under a flood of distinct keys.
const MAX_KEYS: usize = 100_000;

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    /// An IPv4 address, or the /64 network of an IPv6 one (what one client usually holds).
    Address(IpAddr),
    Account(String),
}

fn address_key(ip: IpAddr) -> Key {
    Key::Address(crate::throttle::network_of(ip))
}

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<Key, Vec<Instant>>>,
}

/// An attempt admitted by [`LoginLimiter::begin`]; it counts as a failure unless it succeeds.
pub struct Attempt {
    keys: [Key; 2],
    at: Instant,
}

impl LoginLimiter {
    /// Admits an attempt from `address` for `account` and counts it, or `None` when either has
    /// used up its failures.
    pub fn begin(&self, address: IpAddr, account: &str) -> Option<Attempt> {
        let keys = [address_key(address), Key::Account(account.to_string())];
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if failures.len() >= MAX_KEYS {
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        let blocked = keys.iter().any(|key| {
            failures.get_mut(key).is_some_and(|times| {
                times.retain(|t| now.duration_since(*t) < WINDOW);
                times.len() >= MAX_FAILURES
            })
        });
        if blocked {
            return None;
        }
        for key in &keys {
            failures.entry(key.clone()).or_default().push(now);
        }
        Some(Attempt { keys, at: now })
    }

    /// The attempt logged in: the account starts afresh and the address gets this attempt back.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let [address, account] = attempt.keys;
        failures.remove(&account);
        if let Some(times) = failures.get_mut(&address)
            && let Some(index) = times.iter().position(|t| *t == attempt.at)
        {
            times.swap_remove(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const THERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn blocks_after_ten_failures_and_clears_on_success() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.begin(HERE, "anna@example.nl").is_some());
        }
        assert!(limiter.begin(THERE, "anna@example.nl").is_none());
        assert!(limiter.begin(HERE, "bram@example.nl").is_none());
        let other = LoginLimiter::default();
        let attempt = other.begin(HERE, "anna@example.nl").expect("admitted");
        other.succeeded(attempt);
        assert!(
            other
                .failures
                .lock()
                .expect("lock")
                .values()
                .all(Vec::is_empty)
        );
    }

    #[test]
    fn an_account_named_like_an_address_is_counted_apart_from_it() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES {
            limiter.begin(THERE, &HERE.to_string());
        }
        assert!(limiter.begin(HERE, "anna@example.nl").is_some());
    }

    #[test]
    fn one_ipv6_network_counts_as_one_address() {
        let limiter = LoginLimiter::default();
        for host in 0..MAX_FAILURES as u16 {
            let ip: IpAddr = format!("2001:db8::{host:x}").parse().expect("ip");
            limiter.begin(ip, &format!("{host}@example.nl"));
        }
        let same_net: IpAddr = "2001:db8::ffff".parse().expect("ip");
        assert!(limiter.begin(same_net, "anna@example.nl").is_none());
    }
}
