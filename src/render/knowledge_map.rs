//! The [`Library`] as a [`MapGraph`] for the map page and the per-note maps.

use crate::links::{Library, Note, SectionId};
use crate::map::{MapDoc, MapGraph, MapNote, MapSection};
use crate::urls;

/// Sections without notes are left out so the map shows no empty headings.
pub fn graph(library: &Library) -> MapGraph {
    // Each section's column, when it has notes (every note's section has).
    let mut section_index: Vec<Option<usize>> = vec![None; library.sections.len()];
    let mut sections = Vec::new();
    for (i, section) in library.sections.iter().enumerate() {
        if !section.source.notes.is_empty() {
            section_index[i] = Some(sections.len());
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
            section: section_index[n.source.section.0].expect("a note's section has notes"),
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
fn note_pairs<'a, T: Copy + Into<usize> + 'a>(
    library: &'a Library,
    of: impl Fn(&'a Note) -> &'a [T] + Copy + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    library
        .notes
        .iter()
        .enumerate()
        .flat_map(move |(i, n)| of(n).iter().map(move |&t| (i, t.into())))
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
            href: format!(
                "{}#{}",
                crate::paths::CATALOG,
                crate::paths::doc_anchor(&page.id)
            ),
            covered: !library.citations[d].is_empty(),
        })
        .collect()
}

/// The most sections the map of a large site draws.
pub const MAP_SECTIONS: usize = 60;

/// The map of a large site, one level up: sections with notes are the nodes
/// (in the column of their top-level section), a link between two of their
/// notes joins two sections, and a section cites what its notes cite. At
/// most [`MAP_SECTIONS`] are drawn: those whose notes link to and from
/// other sections most. It stays readable, and its page stays small,
/// whatever the number of notes.
///
/// Returns the graph and the number of sections with notes.
pub fn section_graph(library: &Library) -> (MapGraph, usize) {
    let (shown, with_notes) = busiest_sections(library);
    let top_level = |mut s: usize| {
        while let Some(parent) = library.sections[s]
            .source
            .parent
            .filter(|&p| p != SectionId::ROOT)
        {
            s = parent.0;
        }
        s
    };
    // The node of each section drawn, and the column of each top-level section.
    let mut node_of: Vec<Option<usize>> = vec![None; library.sections.len()];
    let mut column_of: Vec<Option<usize>> = vec![None; library.sections.len()];
    let mut sections = Vec::new();
    let mut notes = Vec::new();
    for (i, section) in library.sections.iter().enumerate() {
        if !shown[i] {
            continue;
        }
        let top = top_level(i);
        let column = *column_of[top].get_or_insert_with(|| {
            sections.push(MapSection {
                title: library.sections[top].source.title.clone(),
            });
            sections.len() - 1
        });
        node_of[i] = Some(notes.len());
        notes.push(MapNote {
            title: format!("{} ({})", section.source.title, section.source.notes.len()),
            section: column,
            href: urls::encode_path(&section.source.output),
        });
    }
    let node = |n: usize| node_of[library.notes[n].source.section.0];
    let mut pairs: Vec<(usize, usize)> = note_pairs(library, |n| &n.outgoing)
        .filter_map(|(i, j)| Some((node(i)?, node(j)?)))
        .filter(|&(a, b)| a != b)
        .collect();
    pairs.sort_unstable();
    let links = strongest(&pairs, SECTION_LINKS);
    let mut cited: Vec<(usize, usize)> = note_pairs(library, |n| &n.docs)
        .filter_map(|(i, d)| Some((node(i)?, d)))
        .collect();
    cited.sort_unstable();
    let citations = strongest(&cited, SECTION_CITATIONS);
    let graph = MapGraph {
        sections,
        notes,
        docs: docs(library),
        links,
        citations,
    };
    (graph, with_notes)
}

/// Which sections the map of a large site draws: every section with notes,
/// or, past [`MAP_SECTIONS`], those with the most links between their notes
/// and other sections' (ties: more notes, then reading order). Returns
/// which are drawn and how many sections have notes.
fn busiest_sections(library: &Library) -> (Vec<bool>, usize) {
    let sections = library.sections.len();
    let with_notes: Vec<usize> = (0..sections)
        .filter(|&s| !library.sections[s].source.notes.is_empty())
        .collect();
    let count = with_notes.len();
    let mut shown = vec![false; sections];
    if count <= MAP_SECTIONS {
        for s in with_notes {
            shown[s] = true;
        }
        return (shown, count);
    }
    let section = |n: usize| library.notes[n].source.section.0;
    let mut links = vec![0usize; sections];
    for (from, to) in note_pairs(library, |n| &n.outgoing) {
        let (a, b) = (section(from), section(to));
        if a != b {
            links[a] += 1;
            links[b] += 1;
        }
    }
    let mut ranked = with_notes;
    ranked.sort_by_key(|&s| {
        (
            std::cmp::Reverse(links[s]),
            std::cmp::Reverse(library.sections[s].source.notes.len()),
            s,
        )
    });
    for &s in &ranked[..MAP_SECTIONS] {
        shown[s] = true;
    }
    (shown, count)
}
