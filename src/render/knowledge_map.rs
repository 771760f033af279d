//! The [`Library`] as a [`MapGraph`] for the map page and the per-note maps.

use crate::links::Library;
use crate::map::{MapDoc, MapGraph, MapNote, MapSection};
use crate::urls;

/// Sections without notes are left out so the map shows no empty headings.
pub fn graph(library: &Library) -> MapGraph {
    let mut section_index = vec![usize::MAX; library.sections.len()];
    let mut sections = Vec::new();
    for (i, section) in library.sections.iter().enumerate() {
        if !section.source.notes.is_empty() {
            section_index[i] = sections.len();
            sections.push(MapSection {
                title: section.source.title.clone(),
            });
        }
    }
    let notes = library
        .notes
        .iter()
        .map(|n| MapNote {
            title: n.source.title.clone(),
            section: section_index[n.source.section],
            href: urls::encode_path(&n.source.output),
        })
        .collect();
    let docs = library
        .catalog
        .pages
        .iter()
        .enumerate()
        .map(|(d, page)| MapDoc {
            title: page.title.clone(),
            category: page.category.clone(),
            href: format!("official-docs.html#{}", super::pages::doc_anchor(&page.id)),
            covered: !library.citations[d].is_empty(),
        })
        .collect();
    let links = library
        .notes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| n.outgoing.iter().map(move |&j| (i, j)))
        .collect();
    let citations = library
        .notes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| n.docs.iter().map(move |&d| (i, d)))
        .collect();
    MapGraph {
        sections,
        notes,
        docs,
        links,
        citations,
    }
}
