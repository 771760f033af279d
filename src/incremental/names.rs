//! Which cached parses survive a change of names. A note's HTML depends on
//! the names its links resolve against (titles, slugs, aliases, paths) and
//! on its targets' titles and outputs. When notes are added, removed,
//! renamed or retitled, only the notes that could see it are parsed again:
//! those linking to a changed note, those whose link text mentions one of
//! its old or new names, and those with a broken link. Reused parses point
//! at notes by index, so they are renumbered when the reading order moved.
//! A change to sections, the catalog or the assets parses every note again.

use super::keys::hash_of;
use crate::content::{Content, SourceNote};
use crate::links::{normalize_name, LinkTarget};
use crate::markdown::ParsedNote;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The names of every note as of the last parse.
#[derive(Default)]
pub struct NameIndex {
    notes: HashMap<PathBuf, NoteNames>,
    /// Files of the notes in reading order, which parse results index into.
    order: Vec<PathBuf>,
    /// Sections, catalog and assets; `None` before the first parse.
    others: Option<u64>,
}

struct NoteNames {
    key: u64,
    /// Everything a link could name this note by, normalised.
    names: Vec<String>,
}

/// What the names changed since the last parse mean for cached parses.
pub enum Plan {
    /// No name changed: a parse is reused when the note's text is the same.
    Reuse,
    /// Something every note may link to changed: parse everything.
    ParseAll,
    /// Some notes' names changed.
    Some(Changed),
}

pub struct Changed {
    /// Notes added, removed, renamed or retitled (files).
    files: HashSet<PathBuf>,
    /// Their old and new names.
    names: Vec<String>,
    /// The previous reading order, when it moved: old index → new index.
    renumber: Option<Vec<Option<usize>>>,
    previous_order: Vec<PathBuf>,
}

fn note_key(note: &SourceNote) -> u64 {
    hash_of((
        &note.path_id,
        &note.slug,
        &note.title,
        &note.front.aliases,
        &note.output,
    ))
}

fn note_names(note: &SourceNote) -> NoteNames {
    let file = note.file.to_string_lossy();
    let stem = note.path_id.rsplit('/').next().unwrap_or(&note.path_id);
    let mut names: Vec<String> = [&note.title, &note.slug, &note.path_id]
        .into_iter()
        .chain(&note.front.aliases)
        .map(|n| n.as_str())
        .chain([stem, file.as_ref()])
        .map(normalize_name)
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    NoteNames {
        key: note_key(note),
        names,
    }
}

/// Sections, catalog pages and assets, which links can name too.
fn others_key(content: &Content) -> u64 {
    let sections: Vec<_> = content
        .sections
        .iter()
        .map(|s| (&s.dir, &s.output))
        .collect();
    let pages: Vec<_> = content
        .catalog
        .pages
        .iter()
        .map(|p| (&p.id, &p.title, &p.url))
        .collect();
    hash_of((sections, pages, &content.assets))
}

impl NameIndex {
    /// Compares `content`'s names with the last parse's and remembers them.
    pub fn update(&mut self, content: &Content) -> Plan {
        let others = others_key(content);
        let previous_others = self.others.replace(others);
        let order: Vec<PathBuf> = content.notes.iter().map(|n| n.file.clone()).collect();
        let previous_order = std::mem::replace(&mut self.order, order);
        let mut files = HashSet::new();
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        for note in content.notes.iter() {
            seen.insert(&note.file);
            let key = note_key(note);
            if self.notes.get(&note.file).is_some_and(|old| old.key == key) {
                continue;
            }
            let fresh = note_names(note);
            if let Some(old) = self.notes.insert(note.file.clone(), fresh) {
                names.extend(old.names);
            }
            names.extend(self.notes[&note.file].names.iter().cloned());
            files.insert(note.file.clone());
        }
        let gone: Vec<PathBuf> = self
            .notes
            .keys()
            .filter(|f| !seen.contains(f))
            .cloned()
            .collect();
        for file in gone {
            if let Some(old) = self.notes.remove(&file) {
                names.extend(old.names);
            }
            files.insert(file);
        }
        if previous_others != Some(others) {
            return Plan::ParseAll;
        }
        if files.is_empty() {
            return Plan::Reuse;
        }
        names.sort();
        names.dedup();
        let renumber = (previous_order != self.order).then(|| {
            let now: HashMap<&PathBuf, usize> =
                self.order.iter().enumerate().map(|(i, f)| (f, i)).collect();
            previous_order.iter().map(|f| now.get(f).copied()).collect()
        });
        Plan::Some(Changed {
            files,
            names,
            renumber,
            previous_order,
        })
    }
}

impl Plan {
    /// The cached parse of `note`, fit for the current names, if there is one.
    pub fn reuse(&self, note: &SourceNote, cached: &Arc<ParsedNote>) -> Option<Arc<ParsedNote>> {
        match self {
            Plan::Reuse => Some(cached.clone()),
            Plan::ParseAll => None,
            Plan::Some(changed) => changed.reuse(note, cached),
        }
    }
}

impl Changed {
    fn reuse(&self, note: &SourceNote, cached: &Arc<ParsedNote>) -> Option<Arc<ParsedNote>> {
        if self.files.contains(&note.file) {
            return None;
        }
        for link in &cached.links {
            match &link.target {
                LinkTarget::Broken => return None,
                LinkTarget::Note { note: target, .. }
                    if self.files.contains(&self.previous_order[*target]) =>
                {
                    return None
                }
                _ => {}
            }
            let written = note.text.get(link.span.clone()).unwrap_or_default();
            let written = normalize_name(&crate::urls::decode(written));
            if self
                .names
                .iter()
                .any(|name| written.contains(name.as_str()))
            {
                return None;
            }
        }
        Some(self.renumbered(cached))
    }

    /// `cached` with its note links pointing at the notes' new places.
    fn renumbered(&self, cached: &Arc<ParsedNote>) -> Arc<ParsedNote> {
        let Some(renumber) = &self.renumber else {
            return cached.clone();
        };
        let moves = cached.links.iter().any(
            |l| matches!(l.target, LinkTarget::Note { note, .. } if renumber[note] != Some(note)),
        );
        if !moves {
            return cached.clone();
        }
        let mut parsed = (**cached).clone();
        for link in &mut parsed.links {
            if let LinkTarget::Note { note, .. } = &mut link.target {
                *note = renumber[*note].expect("links to removed notes are parsed again");
            }
        }
        Arc::new(parsed)
    }
}
