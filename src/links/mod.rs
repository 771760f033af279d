//! The link stage: every note's links resolved and checked, then the
//! cross-references readers navigate by — backlinks, official-doc citations,
//! related notes, tags, reading order — gathered into one [`Library`].

mod glossary;
pub mod mount;
mod outputs;
mod pretty;
mod repository;
mod resolve;
mod resolved;
mod unwritten;

pub use outputs::SiteFiles;
pub use repository::SiteRepository;
pub use resolve::{normalize_name, Resolution, Resolver, Suggest};
pub use resolved::{
    add_suggestions, resolve, Href, NoteParse, Resolved, ResolvedLink, SUGGESTION_LIMIT,
};
pub use unwritten::{collect as collect_unwritten, Unwritten};

use crate::content::{Catalog, Content, DocIndex, SourceNote, SourceSection};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use crate::markdown::heading_id;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::ids::indexed_by;
pub use crate::ids::{DocId, NoteId, SectionId};

/// What a link points at once resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    Note {
        note: NoteId,
        anchor: Option<String>,
    },
    Section {
        section: SectionId,
        anchor: Option<String>,
    },
    /// An official documentation page from the catalog.
    Doc(DocIndex),
    /// A heading of the same page.
    Anchor(String),
    /// A URL outside the site.
    External,
    /// A file copied from `content/`.
    Asset,
    /// A note named by a wikilink and not written yet: its page lists
    /// who links to it ([`unwritten`]).
    Unwritten(String),
    Broken,
}

/// A note with everything the link stage learned about it.
#[derive(Debug, Clone)]
pub struct Note {
    pub source: SourceNote,
    /// Its parse and resolved links.
    pub parse: NoteParse,
    /// Front-matter summary, else the first paragraph, titles of linked notes in.
    pub summary: String,
    /// Other notes this note links to, in first-mention order.
    pub outgoing: Vec<NoteId>,
    /// Notes linking to this one, in reading order.
    pub backlinks: Vec<NoteId>,
    /// Official pages cited: front matter `docs:` first, then inline citations.
    pub docs: Vec<DocIndex>,
    /// Notes sharing the most tags with this one.
    pub related: Vec<NoteId>,
    pub prev: Option<NoteId>,
    pub next: Option<NoteId>,
    /// `reviewed` is older than `stale_after_days`.
    pub stale: bool,
    /// Tag page keys ([`tag_key`]) of this note's tags.
    pub tag_keys: Vec<String>,
}

/// A section with its parsed intro text (`_index.md`).
#[derive(Debug, Clone)]
pub struct Section {
    pub source: SourceSection,
    pub intro: Option<NoteParse>,
}

/// A tag and the notes carrying it, in reading order.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub key: String,
    pub notes: Vec<NoteId>,
}

/// The whole site after linking: what render, search and check work from.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub notes: Vec<Note>,
    pub sections: Vec<Section>,
    /// Tags sorted by key.
    pub tags: Vec<Tag>,
    /// Notes linked by name and not written yet, by key.
    pub unwritten: Vec<Unwritten>,
    pub catalog: Catalog,
    /// For each catalog page, the notes citing it, in reading order.
    pub citations: Vec<Vec<NoteId>>,
    pub assets: Vec<PathBuf>,
}

/// Settings of the link stage.
#[derive(Debug, Clone, Copy)]
pub struct LinkOptions {
    pub today: Date,
    pub stale_after_days: u32,
}

pub use crate::content::tag_key;

const RELATED_LIMIT: usize = 5;
/// Past this many notes, a tag relates a note only to the notes of the tag
/// nearest to it in reading order (see [`near_in_tag`]): otherwise the
/// computation would be quadratic in the size of the site.
const RELATED_TAG_CAP: usize = 1000;

/// Checks every link and builds the [`Library`].
///
/// `parsed` holds the parse result of each note of `content.notes` (same order), and
/// `intros` that of each section's `_index.md`.
pub fn link(
    content: Content,
    parsed: Vec<NoteParse>,
    intros: Vec<Option<NoteParse>>,
    options: LinkOptions,
    diagnostics: &mut Diagnostics,
) -> Library {
    let (library, found) = link_noting(content, parsed, intros, options);
    diagnostics.extend(found.notes.into_iter().flatten());
    diagnostics.extend(found.intros);
    library
}

/// The diagnostics of the link stage, by where they were found, so a
/// rebuild can replace one note's without checking every note again.
#[derive(Debug, Clone, Default)]
pub struct LinkDiagnostics {
    /// For each note, its parse diagnostics and what linking it found.
    pub notes: Vec<Vec<Diagnostic>>,
    /// The section intros' diagnostics.
    pub intros: Vec<Diagnostic>,
}

/// [`link`], returning the diagnostics by note.
pub fn link_noting(
    content: Content,
    parsed: Vec<NoteParse>,
    intros: Vec<Option<NoteParse>>,
    options: LinkOptions,
) -> (Library, LinkDiagnostics) {
    let Content {
        notes: sources,
        sections,
        catalog,
        assets,
        ..
    } = content;
    let count = sources.len();
    let mut notes: Vec<Note> = sources
        .into_iter()
        .zip(parsed)
        .map(|(source, parse)| Note {
            source,
            summary: parse.summary(),
            parse,
            outgoing: Vec::new(),
            backlinks: Vec::new(),
            docs: Vec::new(),
            related: Vec::new(),
            prev: None,
            next: None,
            stale: false,
            tag_keys: Vec::new(),
        })
        .collect();
    let sections = sections_with_intros(sections, intros);
    let linked: Vec<NoteLinks> = (0..count)
        .into_par_iter()
        .map(|i| link_note(i, &notes, &sections, &catalog, options))
        .collect();
    let mut found = LinkDiagnostics {
        notes: Vec::with_capacity(count),
        intros: check_intros(&notes, &sections),
    };
    let mut citations: Vec<Vec<NoteId>> = vec![Vec::new(); catalog.pages.len()];
    for (i, (note, links)) in notes.iter_mut().zip(linked).enumerate() {
        let i = NoteId(i);
        note.outgoing = links.outgoing;
        note.docs = links.docs;
        note.stale = links.stale;
        for &doc in &note.docs {
            citations[doc].push(i);
        }
        found.notes.push(links.diagnostics);
    }

    for i in (0..count).map(NoteId) {
        for j in notes[i].outgoing.clone() {
            notes[j].backlinks.push(i);
        }
        notes[i].prev = i.0.checked_sub(1).map(NoteId);
        notes[i].next = (i.0 + 1 < count).then_some(NoteId(i.0 + 1));
    }

    let tags = collect_tags(&mut notes);
    let related = related_notes(&notes, &tags);
    for (note, related) in notes.iter_mut().zip(related) {
        note.related = related;
    }
    let unwritten = unwritten::collect(&notes);
    let library = Library {
        notes,
        sections,
        tags,
        unwritten,
        catalog,
        citations,
        assets,
    };
    (library, found)
}

/// What one note links to, by itself: other notes, cited docs, whether it is
/// stale, and the problems found on the way (its parse diagnostics first).
#[derive(Debug, Clone)]
pub struct NoteLinks {
    pub outgoing: Vec<NoteId>,
    pub docs: Vec<DocIndex>,
    pub stale: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Links note `i` of `notes`; needs the other notes only for their headings.
pub fn link_note(
    i: usize,
    notes: &[Note],
    sections: &[Section],
    catalog: &Catalog,
    options: LinkOptions,
) -> NoteLinks {
    let note = &notes[i];
    let mut diagnostics = note.parse.parsed.diagnostics.clone();
    diagnostics.extend(note.parse.resolved.diagnostics.iter().cloned());
    check_note_links(&note.source, &note.parse, notes, sections, &mut diagnostics);
    let mut docs = Vec::new();
    for id in &note.source.front.docs {
        match catalog.get(id) {
            Some(doc) => push_unique(&mut docs, doc),
            None => {
                let mut d = Diagnostic::error(
                    Code::UnknownDoc,
                    note.source.front_source().value_location("docs", id),
                    format!("unknown official doc id `{id}` in `docs:`"),
                );
                d = d.with_help(match catalog.suggest(id) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("add `{id}` to content/{}", crate::content::CATALOG_FILE),
                });
                diagnostics.push(d);
            }
        }
    }
    let mut outgoing = Vec::new();
    for link in &note.parse.resolved.links {
        match &link.target {
            LinkTarget::Note { note: target, .. } if target.0 != i => {
                push_unique(&mut outgoing, *target)
            }
            LinkTarget::Doc(doc) => push_unique(&mut docs, *doc),
            _ => {}
        }
    }
    let mut stale = false;
    if let Some(reviewed) = note.source.front.reviewed {
        let age = reviewed.days_until(options.today);
        if age > i64::from(options.stale_after_days) {
            stale = true;
            diagnostics.push(
                Diagnostic::warning(
                    Code::StaleNote,
                    note.source.front_source().key_location("reviewed"),
                    format!(
                        "stale: last reviewed {reviewed}, {age} days ago (limit {} days)",
                        options.stale_after_days
                    ),
                )
                .with_help("check the note against the official docs and update `reviewed:`"),
            );
        }
    }
    NoteLinks {
        outgoing,
        docs,
        stale,
        diagnostics,
    }
}

/// The section intros' parse diagnostics and broken anchors.
pub fn check_intros(notes: &[Note], sections: &[Section]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for section in sections {
        if let Some(intro) = &section.intro {
            found.extend(intro.parsed.diagnostics.iter().cloned());
            found.extend(intro.resolved.diagnostics.iter().cloned());
            if let Some(source) = &section.source.index {
                check_note_links(source, intro, notes, sections, &mut found);
            }
        }
    }
    found
}

/// Each loaded section with its parsed intro (`_index.md`), in order.
pub(crate) fn sections_with_intros(
    sections: Vec<crate::content::SourceSection>,
    intros: Vec<Option<NoteParse>>,
) -> Vec<Section> {
    sections
        .into_iter()
        .zip(intros)
        .map(|(source, intro)| Section { source, intro })
        .collect()
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Checks the anchors of resolved links against the target's headings.
fn check_note_links(
    source: &SourceNote,
    parse: &NoteParse,
    notes: &[Note],
    sections: &[Section],
    out: &mut Vec<Diagnostic>,
) {
    for (slot, link) in parse.parsed.links.iter().zip(&parse.resolved.links) {
        let (target, anchor, target_name, page) = match &link.target {
            LinkTarget::Note {
                note: NoteId(note),
                anchor: Some(anchor),
            } => (
                &notes[*note].parse,
                anchor,
                notes[*note].source.file.display().to_string(),
                Some(&notes[*note].source),
            ),
            LinkTarget::Section {
                section: SectionId(section),
                anchor: Some(anchor),
            } => match &sections[*section].intro {
                Some(intro) => (
                    intro,
                    anchor,
                    format!("the section {}", sections[*section].source.title),
                    None,
                ),
                None => continue,
            },
            LinkTarget::Anchor(anchor) => (parse, anchor, "this note".to_string(), Some(source)),
            _ => continue,
        };
        let headings = &target.parsed.headings;
        let wanted = heading_id(anchor);
        if headings.iter().any(|h| h.id == *anchor || h.id == wanted)
            || page
                .and_then(SourceNote::page_heading_id)
                .is_some_and(|id| id == wanted)
        {
            continue;
        }
        let block = anchor.strip_prefix('^').map(crate::markdown::block_anchor);
        if block.is_some_and(|b| target.parsed.blocks.contains(&b)) {
            continue;
        }
        let location = Location::in_text(&source.file, &source.text, slot.span.clone());
        let message = format!("no heading `{anchor}` in {target_name}");
        let mut d = if slot.is_wikilink() {
            Diagnostic::error(Code::MissingAnchor, location, message)
        } else {
            Diagnostic::warning(Code::MissingAnchor, location, message)
        };
        let texts: Vec<String> = headings
            .iter()
            .map(|h| target.text(&h.text).into_owned())
            .collect();
        if let Some(near) = crate::suggest::closest(anchor, texts.iter().map(String::as_str)) {
            d = d.with_help(format!("did you mean `#{near}`?"));
        } else if !texts.is_empty() {
            let list: Vec<String> = texts.iter().take(8).map(|t| format!("`{t}`")).collect();
            d = d.with_help(format!("headings there: {}", list.join(", ")));
        }
        out.push(d);
    }
}

fn collect_tags(notes: &mut [Note]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, note) in notes.iter_mut().enumerate() {
        let i = NoteId(i);
        for name in &note.source.front.tags {
            let key = tag_key(name);
            let tag = tags.entry(key.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                key: key.clone(),
                notes: Vec::new(),
            });
            if tag.notes.last() != Some(&i) {
                tag.notes.push(i);
            }
            push_unique(&mut note.tag_keys, key);
        }
    }
    tags.into_values().collect()
}

/// For each note, the notes sharing most tags (ties in reading order).
/// The notes of a tag that count for the related notes of note `i`: all of
/// them, or for a tag of more than [`RELATED_TAG_CAP`] notes, that many
/// around `i` in reading order (`notes` is sorted), so the work per note
/// stays bounded however large the site.
fn near_in_tag(notes: &[NoteId], i: NoteId) -> &[NoteId] {
    if notes.len() <= RELATED_TAG_CAP {
        return notes;
    }
    let at = notes.partition_point(|&n| n < i);
    let start = at
        .saturating_sub(RELATED_TAG_CAP / 2)
        .min(notes.len() - RELATED_TAG_CAP);
    &notes[start..start + RELATED_TAG_CAP]
}

fn related_notes(notes: &[Note], tags: &[Tag]) -> Vec<Vec<NoteId>> {
    let by_key: HashMap<&str, &Tag> = tags.iter().map(|t| (t.key.as_str(), t)).collect();
    // Shared-tag counts in a dense array per worker, reset through the list of
    // touched notes: no hashing in the inner loop.
    notes
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; notes.len()], Vec::new()),
            |(counts, touched), (i, note)| {
                for key in &note.tag_keys {
                    let tag = by_key[key.as_str()];
                    for &NoteId(other) in near_in_tag(&tag.notes, NoteId(i)) {
                        if other != i {
                            if counts[other] == 0 {
                                touched.push(other);
                            }
                            counts[other] += 1;
                        }
                    }
                }
                // The best few so far, best first: most shared tags, then
                // reading order. Most candidates lose to the last at once.
                let mut best: Vec<(Reverse<u32>, usize)> = Vec::with_capacity(RELATED_LIMIT + 1);
                for &n in touched.iter() {
                    let candidate = (Reverse(counts[n]), n);
                    counts[n] = 0;
                    if best.len() == RELATED_LIMIT && best[RELATED_LIMIT - 1] <= candidate {
                        continue;
                    }
                    let at = best.partition_point(|b| *b < candidate);
                    best.insert(at, candidate);
                    best.truncate(RELATED_LIMIT);
                }
                touched.clear();
                best.into_iter().map(|(_, n)| NoteId(n)).collect()
            },
        )
        .collect()
}

indexed_by!(NoteId => Note);
indexed_by!(SectionId => Section);

#[cfg(test)]
mod tests {
    use super::{near_in_tag, tag_key, NoteId, RELATED_TAG_CAP};

    #[test]
    fn a_large_tag_relates_a_note_to_its_neighbours_in_reading_order() {
        let small: Vec<NoteId> = (0..10).map(NoteId).collect();
        assert_eq!(near_in_tag(&small, NoteId(3)), &small[..]);
        let large: Vec<NoteId> = (0..2_500).map(|n| NoteId(n * 2)).collect();
        let middle = near_in_tag(&large, NoteId(2_400));
        assert_eq!(middle.len(), RELATED_TAG_CAP);
        assert_eq!(
            (middle[0], middle[RELATED_TAG_CAP - 1]),
            (NoteId(1_400), NoteId(3_398))
        );
        assert_eq!(near_in_tag(&large, NoteId(0))[0], NoteId(0));
        assert_eq!(
            *near_in_tag(&large, NoteId(4_998)).last().unwrap(),
            NoteId(4_998)
        );
    }

    #[test]
    fn tag_keys_are_safe_file_names() {
        assert_eq!(tag_key("Load Balancing"), "load-balancing");
        assert_eq!(tag_key("../etc"), "etc");
        assert_eq!(tag_key("ネットワーク"), "ネットワーク");
        assert_eq!(tag_key("///"), "tag");
        assert_eq!(tag_key("Index"), "index-tag");
    }
}
