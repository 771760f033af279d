//! `.shiori/external-links.json`: what each URL answered, and when, so a
//! second `check --external` does not ask every site again.

use super::probe::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The cache file inside the site root.
pub const CACHE_FILE: &str = ".shiori/external-links.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch.
    checked: u64,
    #[serde(flatten)]
    outcome: Outcome,
}

const VERSION: u32 = 1;

impl Cache {
    pub fn path(root: &Path) -> PathBuf {
        root.join(CACHE_FILE)
    }

    /// The cache of `root`; an unreadable or older-format file is an empty cache.
    pub fn load(root: &Path) -> Cache {
        std::fs::read(Cache::path(root))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
            .filter(|cache| cache.version == VERSION)
            .unwrap_or_default()
    }

    /// A working result not older than `keep`; failures are never reused.
    pub fn fresh(&self, url: &str, keep: Duration, now: SystemTime) -> Option<&Outcome> {
        let entry = self.entries.get(url)?;
        let age = seconds(now).saturating_sub(entry.checked);
        (entry.outcome.is_success() && age <= keep.as_secs()).then_some(&entry.outcome)
    }

    pub fn record(&mut self, url: &str, outcome: &Outcome, now: SystemTime) {
        self.entries.insert(
            url.to_string(),
            Entry {
                checked: seconds(now),
                outcome: outcome.clone(),
            },
        );
    }

    /// Writes the cache next to itself and renames it in, so a check
    /// interrupted while writing leaves the previous cache whole.
    pub fn save(&mut self, root: &Path) -> std::io::Result<()> {
        self.version = VERSION;
        let path = Cache::path(root);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let partial = path.with_extension(format!("json.{}", std::process::id()));
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&partial, text)?;
        std::fs::rename(&partial, &path)
    }
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successes_are_kept_for_a_while_and_failures_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut cache = Cache::load(dir.path());
        cache.record("https://a.example/", &Outcome::Works, now);
        let broken = Outcome::Broken {
            reason: "answered 404 Not Found".into(),
        };
        cache.record("https://b.example/", &broken, now);
        cache.save(dir.path()).unwrap();

        let cache = Cache::load(dir.path());
        let day = Duration::from_secs(86_400);
        assert_eq!(
            cache.fresh("https://a.example/", day, now + day),
            Some(&Outcome::Works)
        );
        assert_eq!(cache.fresh("https://a.example/", day, now + day * 2), None);
        assert_eq!(cache.fresh("https://b.example/", day, now), None);
    }
}
