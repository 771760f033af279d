//! `shiori check --external`: do the links to other sites still work?
//!
//! AWS renames documentation pages; the catalog silently points at pages
//! that are gone or moved. This asks every external URL of the site — the
//! catalog's and the notes' — once, politely (one request at a time per site,
//! spaced, retried when rate limited), remembers what worked in `.shiori/`,
//! and reports the rest as diagnostics at the place each URL is written.
//! Nothing here runs unless asked: a plain `check` or `build` never touches
//! the network.

mod cache;
mod collect;
mod probe;
mod retry_after;
mod settings;
mod throttle;

pub use cache::CACHE_FILE;
pub use collect::{collect, Targets};
pub use probe::{Outcome, USER_AGENT};
pub use settings::ExternalLinks;

use crate::content::{CATALOG_FILE, CONTENT_DIR};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::links::Library;
use cache::Cache;
use probe::Prober;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::SystemTime;
use throttle::{host_of, Throttle};

/// How one run checks.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Reuse recent working results from `.shiori/external-links.json`.
    /// Without it every URL is asked again (and the cache is rewritten).
    pub use_cache: bool,
    pub now: SystemTime,
}

/// What a check found, and how much of it came from the cache.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct URLs found (skipped ones included).
    pub urls: usize,
    pub asked: usize,
    pub from_cache: usize,
    pub skipped: usize,
    /// Why the cache could not be written, if it could not.
    pub cache_error: Option<String>,
}

/// Checks every external URL of `library`, a site in `root`.
/// `before_asking(urls, sites)` is called once the URLs to ask are known,
/// before the first request (a check of many URLs on one site takes a while).
pub fn check(
    root: &Path,
    library: &Library,
    config: &ExternalLinks,
    options: &CheckOptions,
    before_asking: impl FnOnce(usize, usize),
) -> Report {
    let catalog_text =
        std::fs::read_to_string(root.join(CONTENT_DIR).join(CATALOG_FILE)).unwrap_or_default();
    let targets = collect(library, &catalog_text);
    let mut cache = Cache::load(root);
    let mut report = Report {
        urls: targets.len(),
        ..Report::default()
    };
    let mut outcomes: BTreeMap<&str, Outcome> = BTreeMap::new();
    let mut to_ask: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for url in targets.keys() {
        if config.is_skipped(url) {
            report.skipped += 1;
        } else if let Some(outcome) = options
            .use_cache
            .then(|| cache.fresh(url, config.cache_for(), options.now))
            .flatten()
        {
            report.from_cache += 1;
            outcomes.insert(url, outcome.clone());
        } else {
            report.asked += 1;
            to_ask.entry(host_of(url)).or_default().push(url);
        }
    }
    if report.asked > 0 {
        before_asking(report.asked, to_ask.len());
    }
    for (url, outcome) in ask(to_ask, config) {
        cache.record(url, &outcome, options.now);
        outcomes.insert(url, outcome);
    }
    if report.asked > 0 {
        report.cache_error = cache.save(root).err().map(|e| e.to_string());
    }
    for (url, outcome) in &outcomes {
        for location in &targets[*url] {
            if let Some(d) = diagnostic(url, outcome, location) {
                report.diagnostics.push(d);
            }
        }
    }
    report
}

/// Asks each host's URLs in turn, several hosts at once.
fn ask<'a>(
    by_host: BTreeMap<&'a str, Vec<&'a str>>,
    config: &ExternalLinks,
) -> Vec<(&'a str, Outcome)> {
    let prober = Prober::new(config);
    let throttle = Throttle::new(config.host_delay());
    let workers = config.concurrency.max(1).min(by_host.len());
    let queue = Mutex::new(by_host.into_values());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                let Some(urls) = next else { break };
                let mut unreachable: Option<(&str, String)> = None;
                for url in urls {
                    let outcome = match &unreachable {
                        Some((first, reason)) => Outcome::Unreachable {
                            reason: format!("{reason} (not asked: `{first}` on the same site could not be reached)"),
                        },
                        None => prober.probe(url, &throttle),
                    };
                    if let Outcome::Unreachable { reason } = &outcome {
                        unreachable.get_or_insert((url, reason.clone()));
                    }
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((url, outcome));
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The diagnostic for `url` written at `location`; none when it works.
fn diagnostic(url: &str, outcome: &Outcome, location: &Location) -> Option<Diagnostic> {
    let in_catalog = location.file.ends_with(CATALOG_FILE);
    Some(match outcome {
        Outcome::Works => return None,
        Outcome::Moved { to, status } => Diagnostic::warning(
            Code::ExternalRedirect,
            location.clone(),
            format!("`{url}` has moved permanently ({status}) to `{to}`"),
        )
        .with_help(if in_catalog {
            format!("change this entry's `url:` to `{to}`")
        } else {
            format!("link to `{to}` instead")
        }),
        Outcome::Broken { reason } | Outcome::Unreachable { reason } => Diagnostic::error(
            Code::ExternalLink,
            location.clone(),
            format!("`{url}` {reason}"),
        ),
        Outcome::Unknown { reason } => Diagnostic::warning(
            Code::ExternalLink,
            location.clone(),
            format!("`{url}` {reason}"),
        ),
    })
}
