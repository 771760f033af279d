//! The [`Library`] as a [`MapGraph`] for the map page and the per-note maps.

use crate::links::{Library, Note};
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
    let links = note_pairs(library, |n| &n.outgoing).collect();
    let citations = note_pairs(library, |n| &n.docs).collect();
    MapGraph {
        sections,
        notes,
        docs: docs(library),
        links,
        citations,
    }
}

/// Section links drawn per section: the ones with the most note links.
const SECTION_LINKS: usize = 5;
/// Official pages joined to a section: the ones its notes cite most.
const SECTION_CITATIONS: usize = 3;

/// From sorted (from, to) pairs, one per note link or citation, the `limit`
/// targets each section points to most (ties: lower index first), so the
/// map of a large site stays legible and its size linear.
fn strongest(pairs: &[(usize, usize)], limit: usize) -> Vec<(usize, usize)> {
    let mut links = Vec::new();
    for from_group in pairs.chunk_by(|a, b| a.0 == b.0) {
        let mut counted: Vec<(usize, (usize, usize))> = from_group
            .chunk_by(|a, b| a == b)
            .map(|same| (same.len(), same[0]))
            .collect();
        counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        links.extend(counted.into_iter().take(limit).map(|(_, pair)| pair));
    }
    links.sort_unstable();
    links
}

/// (note, target) for every target `of` a note lists: its links or citations.
fn note_pairs<'a>(
    library: &'a Library,
    of: impl Fn(&'a Note) -> &'a [usize] + Copy + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    library
        .notes
        .iter()
        .enumerate()
        .flat_map(move |(i, n)| of(n).iter().map(move |&t| (i, t)))
}

fn docs(library: &Library) -> Vec<MapDoc> {
    library
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
        .collect()
}

/// The map of a large site, one level up: every section with notes is a
/// node (in the column of its top-level section), a link between two of
/// their notes joins two sections, and a section cites what its notes cite.
/// It stays readable, and its page stays small, whatever the number of notes.
pub fn section_graph(library: &Library) -> MapGraph {
    let top_level = |mut s: usize| {
        while let Some(parent) = library.sections[s].source.parent.filter(|&p| p != 0) {
            s = parent;
        }
        s
    };
    let mut node_of = vec![usize::MAX; library.sections.len()];
    let mut column_of = vec![usize::MAX; library.sections.len()];
    let mut sections = Vec::new();
    let mut notes = Vec::new();
    for (i, section) in library.sections.iter().enumerate() {
        if section.source.notes.is_empty() {
            continue;
        }
        let top = top_level(i);
        if column_of[top] == usize::MAX {
            column_of[top] = sections.len();
            sections.push(MapSection {
                title: library.sections[top].source.title.clone(),
            });
        }
        node_of[i] = notes.len();
        notes.push(MapNote {
            title: format!("{} ({})", section.source.title, section.source.notes.len()),
            section: column_of[top],
            href: urls::encode_path(&section.source.output),
        });
    }
    let node = |n: usize| node_of[library.notes[n].source.section];
    let mut pairs: Vec<(usize, usize)> = note_pairs(library, |n| &n.outgoing)
        .map(|(i, j)| (node(i), node(j)))
        .filter(|(a, b)| a != b)
        .collect();
    pairs.sort_unstable();
    let links = strongest(&pairs, SECTION_LINKS);
    let mut cited: Vec<(usize, usize)> = note_pairs(library, |n| &n.docs)
        .map(|(i, d)| (node(i), d))
        .collect();
    cited.sort_unstable();
    let citations = strongest(&cited, SECTION_CITATIONS);
    MapGraph {
        sections,
        notes,
        docs: docs(library),
        links,
        citations,
    }
}
