//! The diff stage: for each note page, a hash of everything it shows — its
//! own text and what it draws from other notes (backlinks, related notes,
//! prev/next, the navigation). A page whose key is unchanged is not rendered.

use crate::ids::NoteId;
use crate::links::Library;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

pub use crate::paths::EXPAND_ALL_LIMIT;

pub fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// What every page key shares: the site settings and the navigation.
pub struct PageKeys<'a> {
    library: &'a Library,
    site: u64,
    /// The navigation hash of each section (all equal when every section is expanded).
    navs: Vec<u64>,
    max_in: usize,
}

/// What a note looks like where other pages list it.
type Summary<'a> = (&'a String, &'a String, usize, bool);

impl<'a> PageKeys<'a> {
    /// `site` stands for everything outside the library a page depends on (configuration, theme).
    pub fn new(library: &'a Library, site: u64) -> PageKeys<'a> {
        let section_titles = hash_of(
            library
                .sections
                .iter()
                .map(|s| (&s.source.title, &s.source.output))
                .collect::<Vec<_>>(),
        );
        let keys = PageKeys {
            library,
            site,
            navs: Vec::new(),
            max_in: max_backlinks(library),
        };
        let section_navs: Vec<u64> = library
            .sections
            .par_iter()
            .map(|s| {
                let notes: Vec<Summary> = s.source.notes.iter().map(|&n| keys.summary(n)).collect();
                hash_of((&s.source.title, &s.source.output, section_titles, notes))
            })
            .collect();
        let navs = if library.notes.len() <= EXPAND_ALL_LIMIT {
            vec![hash_of(&section_navs); section_navs.len()]
        } else {
            section_navs
        };
        PageKeys { navs, ..keys }
    }

    fn summary(&self, n: NoteId) -> Summary<'a> {
        let note = &self.library.notes[n];
        (
            &note.source.title,
            &note.source.output,
            note.backlinks.len(),
            note.stale,
        )
    }

    /// The key of note `i`'s page.
    pub fn key(&self, i: usize) -> u64 {
        let library = self.library;
        let note = &library.notes[i];
        let list = |notes: &[NoteId]| notes.iter().map(|&n| self.summary(n)).collect::<Vec<_>>();
        let docs: Vec<(&String, bool)> = note
            .docs
            .iter()
            .map(|&d| {
                (
                    &library.catalog.pages[d].title,
                    library.citations[d].is_empty(),
                )
            })
            .collect();
        hash_of((
            (self.site, self.navs[note.source.section.0], self.max_in),
            note.source.text_hash,
            note.stale,
            list(&note.backlinks),
            list(&note.outgoing),
            list(&note.related),
            note.prev.map(|n| self.summary(n)),
            note.next.map(|n| self.summary(n)),
            docs,
            // What its embeds show.
            crate::render::shown_notes(&library.notes, i)
                .iter()
                .map(|&n| library.notes[n].source.text_hash)
                .collect::<Vec<_>>(),
        ))
    }

    /// The keys of `notes`, computed in parallel.
    pub fn keys_of(&self, notes: &[usize]) -> Vec<(usize, u64)> {
        notes.par_iter().map(|&i| (i, self.key(i))).collect()
    }
}

pub fn max_backlinks(library: &Library) -> usize {
    library
        .notes
        .iter()
        .map(|n| n.backlinks.len())
        .max()
        .unwrap_or(0)
}
