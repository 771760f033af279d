//! A note's link slots resolved: where each leads, independent of the page
//! that shows it, and what was wrong with them.

use super::{LinkTarget, Resolver, Suggest};
use crate::content::SourceNote;
use crate::diagnostics::Diagnostic;
use crate::markdown::ParsedNote;
use rayon::prelude::*;
use std::sync::Arc;

/// Where a resolved link leads, independent of the page that shows it:
/// render writes it relative to each page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Href {
    /// Broken or unsafe: the text is shown without a link.
    None,
    /// A URL written as it is (another site, an official page).
    Url(String),
    /// `#fragment` of the page showing the note (encoded, without `#`).
    Fragment(String),
    /// A file of the site, by its output path, with an encoded fragment.
    Page {
        path: String,
        fragment: Option<String>,
    },
}

/// One link slot of a note, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResolvedLink {
    pub target: LinkTarget,
    pub href: Href,
    /// Text for a wikilink written without a label (the target's title).
    pub label: Option<String>,
}

/// A note's (or a section intro's) link slots resolved, and what was wrong with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    /// Slot `n` of the note's parse is `links[n]`.
    pub links: Vec<ResolvedLink>,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics (by index) of broken links that may get a "did you
    /// mean", and what they named ([`add_suggestions`]).
    pub pending: Vec<(usize, Suggest)>,
}

/// Resolves every link slot of `parsed`, written in `from`.
pub fn resolve(resolver: &Resolver<'_>, from: &SourceNote, parsed: &ParsedNote) -> Resolved {
    let mut resolved = Resolved::default();
    for resolution in resolver.resolve_all(from, &parsed.links) {
        let super::Resolution {
            target,
            href,
            label,
            diagnostic,
            suggest,
        } = resolution;
        resolved.links.push(ResolvedLink {
            target,
            href,
            label,
        });
        if let Some(d) = diagnostic {
            if let Some(suggest) = suggest {
                resolved.pending.push((resolved.diagnostics.len(), suggest));
            }
            resolved.diagnostics.push(d);
        }
    }
    resolved
}

/// "Did you mean" suggestions take a moment each: a folder full of broken
/// links (foreign content) gets them for its first links only.
pub const SUGGESTION_LIMIT: usize = 500;

/// Adds a "did you mean" to the first [`SUGGESTION_LIMIT`] broken links of
/// `resolved` (in the order given: the reading order), whatever the order
/// in which they were resolved.
pub fn add_suggestions<'r>(
    resolver: &Resolver<'_>,
    resolved: impl Iterator<Item = &'r mut Resolved>,
) {
    let mut wanted: Vec<(&mut Diagnostic, Suggest)> = Vec::new();
    for r in resolved.filter(|r| !r.pending.is_empty()) {
        let Resolved {
            diagnostics,
            pending,
            ..
        } = r;
        let mut rest: Vec<Option<&mut Diagnostic>> = diagnostics.iter_mut().map(Some).collect();
        for (at, suggest) in pending.drain(..) {
            if wanted.len() == SUGGESTION_LIMIT {
                break;
            }
            if let Some(d) = rest.get_mut(at).and_then(Option::take) {
                wanted.push((d, suggest));
            }
        }
        if wanted.len() == SUGGESTION_LIMIT {
            break;
        }
    }
    let helps: Vec<Option<String>> = wanted
        .par_iter()
        .map(|(_, suggest)| resolver.suggest(suggest))
        .collect();
    for ((d, _), help) in wanted.into_iter().zip(helps) {
        if let Some(help) = help {
            d.help = Some(help);
        }
    }
}

/// One note's parse and its links resolved: what the link stage takes per note.
#[derive(Debug, Clone, Default)]
pub struct NoteParse {
    /// Shared, so a rebuild can reuse an unchanged note's parse without copying it.
    pub parsed: Arc<ParsedNote>,
    pub resolved: Arc<Resolved>,
}

impl NoteParse {
    /// The text of unlabelled wikilink `n`: its target's title, else as written.
    pub fn label(&self, n: usize) -> &str {
        match self.resolved.links.get(n).and_then(|l| l.label.as_deref()) {
            Some(label) => label,
            None => self.parsed.written_label(n),
        }
    }

    /// Plain text of this note (a heading, a search section) with its
    /// unlabelled wikilinks' titles in.
    pub fn text<'a>(&'a self, text: &'a str) -> std::borrow::Cow<'a, str> {
        crate::markdown::fill_labels(text, &|n| self.label(n))
    }

    pub fn summary(&self) -> String {
        self.parsed.summary_with(&|n| self.label(n))
    }
}
