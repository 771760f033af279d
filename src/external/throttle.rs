//! The per-site rate limit: requests to one host are spaced by at least
//! `host_delay`, and a host that asked to wait (`Retry-After`) is left alone
//! until then — by every worker, redirects to it included.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Throttle {
    delay: Duration,
    /// When each host may be asked next.
    next: Mutex<HashMap<String, Instant>>,
}

impl Throttle {
    pub fn new(delay: Duration) -> Throttle {
        Throttle {
            delay,
            next: Mutex::new(HashMap::new()),
        }
    }

    /// Sleeps until `url`'s host may be asked, and books the turn.
    pub fn wait_turn(&self, url: &str) {
        let host = host_of(url).to_string();
        let wait = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let at = next.get(&host).copied().unwrap_or(now).max(now);
            next.insert(host, at + self.delay);
            at - now
        };
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }

    /// Keeps every request away from `url`'s host for `wait`.
    pub fn hold_host(&self, url: &str, wait: Duration) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + wait;
        let entry = next.entry(host_of(url).to_string()).or_insert(until);
        *entry = (*entry).max(until);
    }
}

/// `https://docs.example.com:8443` of a URL: scheme and authority.
pub fn host_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_to_one_host_are_spaced_but_other_hosts_are_not_held_up() {
        let throttle = Throttle::new(Duration::from_millis(120));
        let start = Instant::now();
        throttle.wait_turn("http://a.example/1");
        throttle.wait_turn("http://b.example/1");
        assert!(start.elapsed() < Duration::from_millis(100));
        throttle.wait_turn("http://a.example/2?x");
        assert!(start.elapsed() >= Duration::from_millis(120));
        assert_eq!(
            host_of("https://a.example:8443/x?y"),
            "https://a.example:8443"
        );
    }
}
