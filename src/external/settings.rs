//! `external_links:` in `site.yaml`: how `check --external` treats other sites.

use serde::Deserialize;
use std::time::Duration;

/// How external links are checked. Every key is optional.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExternalLinks {
    /// URLs never requested: a prefix (`https://intranet.example/`), or a
    /// pattern where `*` stands for any text (`https://*.corp.example/*`).
    pub skip: Vec<String>,
    /// How long a working link's result is reused before it is asked again.
    /// Failures are always asked again.
    pub cache_hours: f64,
    /// Most time one request may take, answer included.
    pub timeout_seconds: f64,
    /// Most time to open a connection.
    pub connect_timeout_seconds: f64,
    /// How many sites are asked at once (one request at a time per site).
    pub concurrency: usize,
    /// The least time between two requests to one site.
    pub host_delay_ms: u64,
    /// How often a `429 Too Many Requests` or `503` answer is retried.
    pub retries: u32,
    /// The longest `Retry-After` honoured; a site asking for more is
    /// reported as rate limited rather than waited for.
    pub max_retry_wait_seconds: f64,
}

impl Default for ExternalLinks {
    fn default() -> ExternalLinks {
        ExternalLinks {
            skip: Vec::new(),
            cache_hours: 24.0,
            timeout_seconds: 20.0,
            connect_timeout_seconds: 10.0,
            concurrency: 8,
            host_delay_ms: 500,
            retries: 3,
            max_retry_wait_seconds: 60.0,
        }
    }
}

impl ExternalLinks {
    pub fn is_skipped(&self, url: &str) -> bool {
        self.skip
            .iter()
            .any(|pattern| matches_pattern(pattern, url))
    }

    pub fn cache_for(&self) -> Duration {
        seconds(self.cache_hours * 3600.0)
    }

    pub fn timeout(&self) -> Duration {
        seconds(self.timeout_seconds)
    }

    pub fn connect_timeout(&self) -> Duration {
        seconds(self.connect_timeout_seconds)
    }

    pub fn max_retry_wait(&self) -> Duration {
        seconds(self.max_retry_wait_seconds)
    }

    pub fn host_delay(&self) -> Duration {
        Duration::from_millis(self.host_delay_ms)
    }
}

fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value.max(0.0)).unwrap_or(Duration::MAX)
}

/// A prefix, or, when the pattern holds `*`, the whole URL against the
/// pattern with `*` matching any run of characters.
fn matches_pattern(pattern: &str, url: &str) -> bool {
    if !pattern.contains('*') {
        return url.starts_with(pattern);
    }
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = url.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_entries_are_prefixes_or_star_patterns() {
        let config = ExternalLinks {
            skip: vec![
                "https://intranet.example/".into(),
                "https://*.corp.example/*".into(),
                "*/private/*.html".into(),
            ],
            ..ExternalLinks::default()
        };
        assert!(config.is_skipped("https://intranet.example/a/b"));
        assert!(config.is_skipped("https://wiki.corp.example/x"));
        assert!(config.is_skipped("http://a.example/private/x.html"));
        assert!(!config.is_skipped("https://corp.example/x"));
        assert!(!config.is_skipped("https://intranet.example.org/"));
        assert!(!config.is_skipped("http://a.example/private/x.pdf"));
    }
}
