//! Which URLs `check --external` asks about, and where each was written.

use crate::content::SourceNote;
use crate::content::CATALOG_FILE;
use crate::diagnostics::{LineIndex, Location};
use crate::links::{Library, LinkTarget, NoteParse};
use std::collections::BTreeMap;
use std::path::Path;

/// Every external URL of a site, without its `#fragment` (never sent), with
/// the places that name it in reading order: catalog entries first, then
/// notes and section intros.
pub type Targets = BTreeMap<String, Vec<Location>>;

/// The catalog's URLs and the notes' links to other sites.
pub fn collect(library: &Library, catalog_text: &str) -> Targets {
    let mut targets = Targets::new();
    let catalog_file = Path::new(crate::content::CONTENT_DIR).join(CATALOG_FILE);
    let lines = LineIndex::new(catalog_text);
    // Entries are in file order: each URL is looked for after the previous one.
    let mut from = 0;
    for page in &library.catalog.pages {
        let at = catalog_text[from..]
            .find(page.url.as_str())
            .map(|i| from + i)
            .or_else(|| catalog_text.find(page.url.as_str()));
        let location = match at {
            Some(at) => {
                from = at + page.url.len();
                lines.locate(&catalog_file, catalog_text, at..at + page.url.len())
            }
            None => Location::file(&catalog_file),
        };
        add(&mut targets, &page.url, location);
    }
    for section in &library.sections {
        if let (Some(index), Some(intro)) = (&section.source.index, &section.intro) {
            add_links(&mut targets, index, intro);
        }
    }
    for note in &library.notes {
        add_links(&mut targets, &note.source, &note.parse);
    }
    targets
}

fn add_links(targets: &mut Targets, source: &SourceNote, parse: &NoteParse) {
    for (slot, resolved) in parse.parsed.links.iter().zip(&parse.resolved.links) {
        // A link to a catalog page is checked at its catalog entry.
        if resolved.target == LinkTarget::External && crate::urls::is_http_url(&slot.dest) {
            let location = Location::in_text(&source.file, &source.text, slot.span.clone());
            add(targets, &slot.dest, location);
        }
    }
}

fn add(targets: &mut Targets, url: &str, location: Location) {
    let url = url.split('#').next().unwrap_or(url).trim();
    if crate::urls::is_http_url(url) {
        targets.entry(url.to_string()).or_default().push(location);
    }
}
