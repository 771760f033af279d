//! When each note last changed and who changed it: read from the site's git
//! history in one pass ([`git`]), else from the note's own front matter
//! (`updated:`, `lastmod:`, `date:`). Note pages show it, the recent
//! changes page lists it and the Atom feed publishes it.
//!
//! Only commits count: a note edited but not committed keeps the date of
//! its last commit, and a note never committed has none (unless its front
//! matter gives one). So builds of one commit give the same pages whatever
//! the working copy holds, and nothing depends on the clock.

mod git;

use crate::content::SourceNote;
use crate::date::Date;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The last change of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Seconds since the Unix epoch: the order of changes.
    pub timestamp: i64,
    /// RFC 3339, in the author's own time zone (`2026-11-30T23:30:00+09:00`),
    /// or the day alone when it comes from front matter.
    pub datetime: String,
    /// The day shown, in the author's time zone.
    pub date: Date,
    pub author: Option<String>,
}

impl Change {
    /// The moment as RFC 3339 with a time (Atom's `updated`).
    pub fn rfc3339(&self) -> String {
        if self.datetime.len() == 10 {
            format!("{}T00:00:00Z", self.datetime)
        } else {
            self.datetime.clone()
        }
    }
}

/// Why the site has no git history to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// `history: false` in `site.yaml`.
    Disabled,
    NotARepository,
    NoCommits,
    GitMissing,
    /// git ran and failed; its first line of error.
    Failed(String),
}

/// The site's history: the last commit of every file under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    changes: HashMap<PathBuf, Change>,
    /// How the history was read (`None`: not read at all, as in tests).
    status: Option<Result<HistoryRead, Unavailable>>,
}

/// What a successful read found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRead {
    /// The commit the history was read from.
    pub head: String,
    pub commits: usize,
    pub shallow: bool,
}

impl History {
    /// Reads the history of `<root>/content` (or nothing when `enabled` is false).
    pub fn read(root: &Path, enabled: bool) -> History {
        let unavailable = |why| History {
            changes: HashMap::new(),
            status: Some(Err(why)),
        };
        if !enabled {
            return unavailable(Unavailable::Disabled);
        }
        let (head, shallow) = match git::head(root) {
            Ok(found) => found,
            Err(why) => return unavailable(why),
        };
        match git::read(root, shallow) {
            Ok(log) => History {
                changes: log.changes,
                status: Some(Ok(HistoryRead {
                    head,
                    commits: log.commits,
                    shallow,
                })),
            },
            Err(why) => unavailable(why),
        }
    }

    /// Whether reading the history again would give this one: it was read
    /// from the commit checked out now. Asks git only which commit that is,
    /// so a rebuild after an edit (`shiori serve`) does not read the log again.
    pub fn is_current(&self, root: &Path, enabled: bool) -> bool {
        match &self.status {
            Some(Ok(read)) if enabled => git::head(root)
                .is_ok_and(|(head, shallow)| head == read.head && shallow == read.shallow),
            _ => false,
        }
    }

    /// The last change of `note`: its last commit, else the date its front matter gives.
    pub fn change(&self, note: &SourceNote) -> Option<Change> {
        self.changes
            .get(&note.file)
            .cloned()
            .or_else(|| front_matter_change(&note.front.extra))
    }

    /// A one-line note for the author when the history could not be read
    /// although it was asked for, or is incomplete; nothing when the site
    /// is simply not in a git repository.
    pub fn notice(&self) -> Option<String> {
        match self.status.as_ref()? {
            Ok(read) if read.shallow => Some(
                "this is a shallow git clone: notes last changed before its first commit show no date (fetch the whole history, e.g. `fetch-depth: 0`)".to_string(),
            ),
            Ok(_) => None,
            Err(Unavailable::GitMissing) => Some(
                "git is not installed: pages show no last-changed dates".to_string(),
            ),
            Err(Unavailable::Failed(why)) => Some(format!(
                "the git history could not be read ({why}): pages show no last-changed dates"
            )),
            Err(_) => None,
        }
    }

    /// How many commits were read, when the history was read.
    pub fn commits(&self) -> Option<usize> {
        match &self.status {
            Some(Ok(read)) => Some(read.commits),
            _ => None,
        }
    }
}

/// The warning of a site that has changes to publish but no `base_url`
/// to write the feed's absolute URLs with.
pub fn feed_warning(
    config: &crate::config::SiteConfig,
    history: &History,
    notes: &[crate::links::Note],
) -> Option<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Code, Diagnostic, Location};
    if !config.history || !config.feed || config.base_url.is_some() {
        return None;
    }
    notes.iter().find_map(|n| history.change(&n.source))?;
    let warning = Diagnostic::warning(
        Code::Config,
        Location::file(Path::new(crate::config::CONFIG_FILE)),
        "no Atom feed of changed notes was written: a feed needs absolute URLs and site.yaml has no `base_url`",
    );
    Some(warning.with_help(
        "set `base_url: https://…` in site.yaml (or pass --base-url), or `feed: false` to go without a feed",
    ))
}

/// Front-matter keys other tools use for the day a page last changed, in
/// the order they are trusted: Hugo's `lastmod`, then `updated` (Zola),
/// `last_update` (Docusaurus) and the page's `date`.
const DATE_KEYS: [&str; 4] = ["lastmod", "updated", "last_update", "date"];

/// A change from front matter: the first date of [`DATE_KEYS`], with
/// `author:` when it is a name.
fn front_matter_change(extra: &serde_json::Map<String, Value>) -> Option<Change> {
    let date = DATE_KEYS
        .iter()
        .filter_map(|key| extra.get(*key))
        .find_map(date_value)?;
    let author = match extra.get("author") {
        Some(Value::String(name)) if !name.trim().is_empty() => Some(name.trim().to_string()),
        _ => None,
    };
    Some(Change {
        timestamp: date.midnight_utc(),
        datetime: date.to_string(),
        date,
        author,
    })
}

/// A date written as a string, or as a TOML date (which reaches here as a
/// one-field table), or Docusaurus' `{ date: … }`.
fn date_value(value: &Value) -> Option<Date> {
    match value {
        Value::String(text) => Date::parse(text),
        Value::Object(map) if map.len() <= 2 => map.values().find_map(date_value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_dates_are_read_in_order_of_trust() {
        let extra: serde_json::Map<String, Value> = serde_json::from_str(
            r#"{"date": "2024-01-01", "lastmod": "2025-03-04T10:00:00+09:00", "author": "佐藤"}"#,
        )
        .unwrap();
        let change = front_matter_change(&extra).unwrap();
        assert_eq!(change.date.to_string(), "2025-03-04");
        assert_eq!(change.author.as_deref(), Some("佐藤"));
        assert_eq!(change.rfc3339(), "2025-03-04T00:00:00Z");
        let none: serde_json::Map<String, Value> =
            serde_json::from_str(r#"{"date": "someday"}"#).unwrap();
        assert_eq!(front_matter_change(&none), None);
    }
}
