//! What open pages are told, and what they can ask. Every build that writes
//! pages gets the next sequence number; the hub remembers, for each output
//! path, the number of the last build that wrote it. A page is served with
//! the number its HTML is at, so a page that missed an event (it was
//! reloading, its stream was reconnecting) asks for the current number and
//! catches up: events are hints, the numbers are the truth.

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::incremental::Update;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// Open event streams and the state of the site they report on, shared by
/// the rebuild loop and the request tasks.
#[derive(Default)]
pub struct Hub {
    subscribers: Mutex<Vec<UnboundedSender<String>>>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The number of the last build that wrote pages.
    build: u64,
    /// The build that last wrote each output path.
    pages: HashMap<String, u64>,
    /// The last build that changed every page (theme files).
    all: u64,
    /// Bumped each time the search bundle changes.
    index: u64,
    /// The diagnostics of the current failure, as JSON, in overlay order.
    failure: Option<String>,
}

/// Where a page is, as one request of it sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageState {
    /// The build the page's file is at (0: never written).
    pub version: u64,
    /// The search bundle's number.
    pub index: u64,
    /// The diagnostics of a failed build, or `null`.
    pub failure: Option<serde_json::Value>,
}

impl Hub {
    pub fn subscribe(&self) -> UnboundedReceiver<String> {
        let (sender, receiver) = unbounded_channel();
        self.subscribers.lock().expect("not poisoned").push(sender);
        receiver
    }

    fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        self.subscribers
            .lock()
            .expect("not poisoned")
            .retain(|s| s.send(message.clone()).is_ok());
    }

    /// The state of the page at `path` (an output path such as
    /// `net/snat.html`). Read before the page's file: the file is then at
    /// least as new as the version returned.
    pub fn page(&self, path: &str) -> PageState {
        let state = self.state.lock().expect("not poisoned");
        let written = state.pages.get(path).copied().unwrap_or(0);
        PageState {
            version: if written == 0 {
                0
            } else {
                written.max(state.all)
            },
            index: state.index,
            failure: state
                .failure
                .as_deref()
                .and_then(|f| serde_json::from_str(f).ok()),
        }
    }

    /// The diagnostics of the current failure, as JSON.
    pub fn failure(&self) -> Option<String> {
        self.state.lock().expect("not poisoned").failure.clone()
    }

    /// Tells every page how phase one of a rebuild went: the diagnostics
    /// when it failed, otherwise the pages it wrote (and that an earlier
    /// failure is fixed).
    pub fn report(&self, update: &Update) {
        if update.failed() {
            let data = serde_json::to_string(&overlay_order(&update.diagnostics))
                .expect("diagnostics serialize");
            self.state.lock().expect("not poisoned").failure = Some(data.clone());
            self.broadcast("failed", &data);
            return;
        }
        let was_failing = self
            .state
            .lock()
            .expect("not poisoned")
            .failure
            .take()
            .is_some();
        if was_failing {
            self.broadcast("fixed", "{}");
        }
        self.pages_written(&update.written, false);
    }

    /// Tells every page what the background work wrote: site-wide pages,
    /// theme files (`theme`: every page changed) and the search bundle.
    pub fn report_site(&self, update: &Update) {
        self.pages_written(&update.written, update.theme_changed);
        if update.index_changed {
            let index = {
                let mut state = self.state.lock().expect("not poisoned");
                state.index += 1;
                state.index
            };
            self.broadcast("index", &format!("{{\"index\":{index}}}"));
        }
    }

    fn pages_written(&self, written: &[String], all: bool) {
        if written.is_empty() && !all {
            return;
        }
        let build = {
            let mut state = self.state.lock().expect("not poisoned");
            state.build += 1;
            let build = state.build;
            for page in written {
                state.pages.insert(page.clone(), build);
            }
            if all {
                state.all = build;
            }
            build
        };
        let data = serde_json::json!({ "build": build, "pages": written, "all": all });
        self.broadcast("reload", &data.to_string());
    }
}

/// The order the error overlay lists problems in: errors, then warnings,
/// then notes gone stale (the least urgent); otherwise as given.
pub fn overlay_order(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
    ordered.sort_by_key(|d| match (d.severity, d.code) {
        (Severity::Error, _) => 0,
        (_, Code::StaleNote) => 2,
        _ => 1,
    });
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;
    use std::path::Path;

    fn diagnostic(severity: Severity, code: Code, message: &str) -> Diagnostic {
        let location = Location::in_text(Path::new("content/a.md"), "x\n", 0..1);
        match severity {
            Severity::Error => Diagnostic::error(code, location, message),
            Severity::Warning => Diagnostic::warning(code, location, message),
        }
    }

    #[test]
    fn the_overlay_lists_errors_then_warnings_then_stale_notes() {
        let given = [
            diagnostic(Severity::Warning, Code::StaleNote, "stale"),
            diagnostic(Severity::Warning, Code::BrokenLink, "broken"),
            diagnostic(Severity::Error, Code::FrontMatter, "front matter"),
            diagnostic(Severity::Warning, Code::StaleNote, "stale too"),
            diagnostic(Severity::Error, Code::DuplicateSlug, "duplicate"),
        ];
        let order: Vec<&str> = overlay_order(&given)
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            order,
            ["front matter", "duplicate", "broken", "stale", "stale too"]
        );
    }

    #[test]
    fn a_page_is_at_the_build_that_last_wrote_it() {
        let hub = Hub::default();
        let wrote = |pages: &[&str]| Update {
            written: pages.iter().map(|p| p.to_string()).collect(),
            ..Update::default()
        };
        hub.report(&wrote(&["a.html", "b.html"]));
        hub.report(&wrote(&["a.html"]));
        assert_eq!(hub.page("a.html").version, 2);
        assert_eq!(hub.page("b.html").version, 1);
        assert_eq!(hub.page("missing.html").version, 0);
        // A theme change is a new version of every page.
        hub.report_site(&Update {
            theme_changed: true,
            index_changed: true,
            ..Update::default()
        });
        assert_eq!(hub.page("b.html").version, 3);
        assert_eq!(hub.page("b.html").index, 1);
        assert_eq!(hub.page("b.html").failure, None);
    }

    #[test]
    fn a_failure_is_remembered_until_a_build_succeeds() {
        let hub = Hub::default();
        hub.report(&Update {
            diagnostics: vec![diagnostic(Severity::Error, Code::FrontMatter, "bad")],
            ..Update::default()
        });
        let failure = hub.page("a.html").failure.expect("a failure");
        assert_eq!(failure[0]["message"], "bad");
        hub.report(&Update::default());
        assert_eq!(hub.page("a.html").failure, None);
    }
}
