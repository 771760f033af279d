//! The link stage for a small edit: when the notes are the same files in the
//! same order and the edited notes kept their names, tags, weight and
//! section, the previous [`Library`] is reused and only the edited notes are
//! linked again — their outgoing links, cited docs and staleness, the
//! backlinks and citations those change, and the anchors of notes linking
//! to them. Anything else (a note added, removed or renamed, a tag or title
//! changed, a section intro or the catalog edited) links the whole site.

use crate::content::{Content, SourceNote, SourceSection};
use crate::links::{self, Library, LinkDiagnostics, LinkOptions, Note, NoteId, NoteParse};
use std::collections::BTreeSet;
use std::sync::Arc;

/// More edited notes than this at once are linked the usual way.
const PATCH_LIMIT: usize = 64;

/// The site after linking, and which note pages may show something new.
pub struct Linked {
    pub library: Library,
    pub diagnostics: LinkDiagnostics,
    /// Notes whose page may have changed; `None` means every note.
    pub affected: Option<BTreeSet<usize>>,
    /// Nothing changed at all (a file saved as it was).
    pub unchanged: bool,
}

/// What the link stage starts from: the loaded content and its parse.
pub struct Unlinked {
    pub content: Content,
    pub parsed: Vec<NoteParse>,
    pub intros: Vec<Option<NoteParse>>,
}

/// Links the site by patching `previous`, or gives the input back when the
/// edit is not one a patch can follow.
pub fn patch(
    previous: &Library,
    found: &LinkDiagnostics,
    input: Unlinked,
    options: LinkOptions,
) -> Result<Linked, Box<Unlinked>> {
    let Some(edited) = edited_notes(previous, &input.content, &input.parsed) else {
        return Err(Box::new(input));
    };
    let Unlinked {
        content,
        parsed,
        intros,
    } = input;
    let Content {
        notes,
        sections,
        catalog,
        assets,
        ..
    } = content;
    let notes: Vec<Note> = notes
        .into_iter()
        .zip(parsed)
        .zip(&previous.notes)
        .map(|((source, parsed), old)| relinked(old, source, parsed))
        .collect();
    let sections = links::sections_with_intros(sections, intros);
    let unwritten = links::collect_unwritten(&notes);
    let mut library = Library {
        notes,
        sections,
        tags: previous.tags.clone(),
        unwritten,
        catalog,
        citations: previous.citations.clone(),
        assets,
    };
    let mut diagnostics = found.clone();
    let mut summary_changed = BTreeSet::new();
    for &i in &edited {
        let new = links::link_note(
            i,
            &library.notes,
            &library.sections,
            &library.catalog,
            options,
        );
        let old = &previous.notes[i];
        for &target in symmetric_difference(&old.outgoing, &new.outgoing).iter() {
            toggle(&mut library.notes[target].backlinks, NoteId(i));
            summary_changed.insert(target.0);
        }
        for &doc in symmetric_difference(&old.docs, &new.docs).iter() {
            toggle(&mut library.citations[doc], NoteId(i));
        }
        if old.stale != new.stale || old.source.title != library.notes[i].source.title {
            summary_changed.insert(i);
        }
        let note = &mut library.notes[i];
        note.outgoing = new.outgoing;
        note.docs = new.docs;
        note.stale = new.stale;
        diagnostics.notes[i] = new.diagnostics;
    }
    // Notes linking to an edited note check their anchors against its new headings.
    let linking: BTreeSet<usize> = edited
        .iter()
        .flat_map(|&i| previous.notes[i].backlinks.iter().map(|n| n.0))
        .filter(|j| !edited.contains(j))
        .collect();
    for j in linking {
        diagnostics.notes[j] = links::link_note(
            j,
            &library.notes,
            &library.sections,
            &library.catalog,
            options,
        )
        .diagnostics;
    }
    diagnostics.intros = links::check_intros(&library.notes, &library.sections);
    let affected = affected_pages(previous, &library, &edited, &summary_changed);
    Ok(Linked {
        library,
        diagnostics,
        affected,
        unchanged: edited.is_empty(),
    })
}

/// `old`'s links and cross-references on the note's new source and parse.
fn relinked(old: &Note, source: SourceNote, parse: NoteParse) -> Note {
    let summary = if same_parse(&old.parse, &parse) {
        old.summary.clone()
    } else {
        parse.summary()
    };
    Note {
        source,
        parse,
        summary,
        outgoing: old.outgoing.clone(),
        backlinks: old.backlinks.clone(),
        docs: old.docs.clone(),
        related: old.related.clone(),
        prev: old.prev,
        next: old.next,
        stale: old.stale,
        tag_keys: old.tag_keys.clone(),
    }
}

/// The notes whose text or parse changed, when everything else about the
/// site is as before; `None` when a patch cannot follow the edit.
fn edited_notes(
    previous: &Library,
    content: &Content,
    parsed: &[NoteParse],
) -> Option<BTreeSet<usize>> {
    let same_shape = previous.notes.len() == content.notes.len()
        && previous.sections.len() == content.sections.len()
        && previous.catalog.pages == content.catalog.pages
        && previous.assets == content.assets
        && previous
            .sections
            .iter()
            .zip(&content.sections)
            .all(|(old, new)| same_section(&old.source, new));
    if !same_shape {
        return None;
    }
    let mut edited = BTreeSet::new();
    for (i, (old, new)) in previous.notes.iter().zip(&content.notes).enumerate() {
        if old.source.file != new.file {
            return None;
        }
        if old.source.text_hash != new.text_hash || !same_parse(&old.parse, &parsed[i]) {
            if !same_place(&old.source, new) {
                return None;
            }
            edited.insert(i);
        }
        if edited.len() > PATCH_LIMIT {
            return None;
        }
    }
    Some(edited)
}

/// Whether the rebuild took both the parse and the resolved links from the previous one.
fn same_parse(old: &NoteParse, new: &NoteParse) -> bool {
    Arc::ptr_eq(&old.parsed, &new.parsed) && Arc::ptr_eq(&old.resolved, &new.resolved)
}

/// Whether a note keeps its output, tags and place in the reading order
/// (its title and aliases may change: the notes linking to it were parsed
/// again, and their pages are among the affected ones).
fn same_place(old: &SourceNote, new: &SourceNote) -> bool {
    old.slug == new.slug
        && old.path_id == new.path_id
        && old.output == new.output
        && old.section == new.section
        && old.front.tags == new.front.tags
        && old.front.weight == new.front.weight
}

fn same_section(old: &SourceSection, new: &SourceSection) -> bool {
    old.dir == new.dir
        && old.title == new.title
        && old.weight == new.weight
        && old.description == new.description
        && old.output == new.output
        && old.parent == new.parent
        && old.children == new.children
        && old.notes == new.notes
        && old.index.as_ref().map(|n| n.text_hash) == new.index.as_ref().map(|n| n.text_hash)
}

/// Items in exactly one of `a` and `b`.
fn symmetric_difference<T: PartialEq + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter()
        .filter(|x| !b.contains(x))
        .chain(b.iter().filter(|x| !a.contains(x)))
        .copied()
        .collect()
}

/// Adds `item` to the sorted `list`, or removes it if present.
fn toggle(list: &mut Vec<NoteId>, item: NoteId) {
    match list.binary_search(&item) {
        Ok(at) => {
            list.remove(at);
        }
        Err(at) => list.insert(at, item),
    }
}

/// The note pages that may show something new: the edited notes, and every
/// page listing a note whose summary (backlink count, staleness) changed —
/// its linked and linking notes, notes relating to it, its neighbours in
/// reading order and the pages whose navigation shows it.
fn affected_pages(
    previous: &Library,
    library: &Library,
    edited: &BTreeSet<usize>,
    summary_changed: &BTreeSet<usize>,
) -> Option<BTreeSet<usize>> {
    if super::keys::max_backlinks(previous) != super::keys::max_backlinks(library) {
        return None;
    }
    let mut affected = edited.clone();
    // Pages embedding an edited note show its new text (embeds link, so
    // they are among its backlinks, and theirs when embedded in turn).
    let mut frontier: Vec<usize> = edited.iter().copied().collect();
    for _ in 0..=crate::render::EMBED_DEPTH {
        let next: Vec<usize> = frontier
            .iter()
            .flat_map(|&n| library.notes[n].backlinks.iter().map(|b| b.0))
            .filter(|&b| affected.insert(b))
            .collect();
        frontier = next;
    }
    let mut sections = BTreeSet::new();
    for &n in summary_changed {
        let note = &library.notes[n];
        affected.insert(n);
        let ids = |list: &[NoteId]| list.iter().map(|n| n.0).collect::<Vec<_>>();
        affected.extend(ids(&note.backlinks));
        affected.extend(ids(&note.outgoing));
        affected.extend(ids(&previous.notes[n].backlinks));
        affected.extend(note.prev.iter().chain(&note.next).map(|n| n.0));
        sections.insert(note.source.section);
    }
    if summary_changed.is_empty() {
        return Some(affected);
    }
    if library.notes.len() <= super::keys::EXPAND_ALL_LIMIT {
        return None;
    }
    for section in sections {
        affected.extend(library.sections[section].source.notes.iter().map(|n| n.0));
    }
    for (m, note) in library.notes.iter().enumerate() {
        if note.related.iter().any(|r| summary_changed.contains(&r.0)) {
            affected.insert(m);
        }
    }
    Some(affected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::content::{self, LoadOptions};
    use crate::date::Date;
    use crate::diagnostics::Diagnostics;

    fn unlinked(files: &[(&str, &str)]) -> Unlinked {
        let files = files
            .iter()
            .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
            .collect();
        let content = content::from_memory(files, LoadOptions::default(), &mut Diagnostics::new());
        let settings = crate::settings::Settings {
            root: std::path::PathBuf::from("/nonexistent-shiori-site"),
            config: SiteConfig::default(),
            theme: crate::render::Theme::new(
                std::path::Path::new("/nonexistent-shiori-site"),
                "default",
            ),
            today: options().today,
            drafts: false,
            history: Default::default(),
            out: std::path::PathBuf::from("/nonexistent-shiori-site/public"),
            book: Default::default(),
        };
        let parses = crate::pipeline::parse(
            &settings,
            &content,
            &mut Diagnostics::new(),
            &Default::default(),
            &mut |_, _| {},
            None,
        );
        let (parsed, intros) = (parses.notes, parses.intros);
        Unlinked {
            content,
            parsed,
            intros,
        }
    }

    fn options() -> LinkOptions {
        LinkOptions {
            today: Date::parse("2026-06-01").unwrap(),
            stale_after_days: 30,
        }
    }

    fn full(input: Unlinked) -> (Library, LinkDiagnostics) {
        links::link_noting(input.content, input.parsed, input.intros, options())
    }

    /// What a reader sees of the links: per note, its outgoing links,
    /// backlinks, docs and staleness; the citations; the diagnostics.
    fn seen(library: &Library, found: &LinkDiagnostics) -> String {
        let notes: Vec<_> = library
            .notes
            .iter()
            .map(|n| (&n.outgoing, &n.backlinks, &n.docs, n.stale, &n.related))
            .collect();
        let diagnostics: Vec<String> = found
            .notes
            .iter()
            .flatten()
            .chain(&found.intros)
            .map(|d| d.to_string())
            .collect();
        format!("{notes:?}\n{:?}\n{diagnostics:#?}", library.citations)
    }

    /// `files` loaded and parsed, notes whose parse did not change sharing
    /// their previous one, as a rebuild's parse cache makes them.
    fn reparsed(previous: &Library, files: &[(&str, &str)]) -> Unlinked {
        let mut input = unlinked(files);
        for (i, parse) in input.parsed.iter_mut().enumerate() {
            let old = &previous.notes[i].parse;
            if parse.parsed == old.parsed && parse.resolved == old.resolved {
                *parse = old.clone();
            }
        }
        input
    }

    const CATALOG: &str = "- id: vpc\n  title: VPC\n  url: https://example.com/vpc\n";

    #[test]
    fn a_patched_library_matches_linking_everything() {
        let before = [
            ("official-docs.yaml", CATALOG),
            (
                "net/a.md",
                "---\ntitle: ア\ntags: [x]\n---\n[[イ]] [[ウ#見出し]]\n",
            ),
            ("net/b.md", "---\ntitle: イ\ntags: [x]\n---\n本文\n"),
            ("net/c.md", "---\ntitle: ウ\n---\n## 見出し\n"),
        ];
        let edits: [(&str, &str); 5] = [
            // A new link and a doc citation: backlinks and citations change.
            (
                "net/b.md",
                "---\ntitle: イ\ntags: [x]\n---\n[[ア]] [[doc:vpc]]\n",
            ),
            // A link removed.
            (
                "net/a.md",
                "---\ntitle: ア\ntags: [x]\n---\n[[ウ#見出し]]\n",
            ),
            // The heading another note links to is gone.
            ("net/c.md", "---\ntitle: ウ\n---\n## 別\n"),
            // Retitled, in the same place in the reading order.
            ("net/b.md", "---\ntitle: イ改\ntags: [x]\n---\n本文\n"),
            // Reviewed long ago: stale.
            (
                "net/c.md",
                "---\ntitle: ウ\nreviewed: 2025-01-01\n---\n## 見出し\n",
            ),
        ];
        for (path, text) in edits {
            let (previous, found) = full(unlinked(&before));
            let after: Vec<(&str, &str)> = before
                .iter()
                .map(|&(p, t)| if p == path { (p, text) } else { (p, t) })
                .collect();
            let patched = match patch(&previous, &found, reparsed(&previous, &after), options()) {
                Ok(patched) => patched,
                Err(_) => panic!("{path}: the edit should be patched"),
            };
            let (expected, expected_found) = full(unlinked(&after));
            assert_eq!(
                seen(&patched.library, &patched.diagnostics),
                seen(&expected, &expected_found),
                "{path}"
            );
        }
    }

    #[test]
    fn renames_reordering_and_new_tags_are_linked_in_full() {
        let before = [("a.md", "---\ntitle: ア\n---\n"), ("b.md", "# イ\n")];
        let (previous, found) = full(unlinked(&before));
        for after in [
            [("a.md", "---\ntitle: ウ\n---\n"), ("b.md", "# イ\n")],
            [
                ("a.md", "---\ntitle: ア\ntags: [t]\n---\n"),
                ("b.md", "# イ\n"),
            ],
            [("a.md", "---\ntitle: ア\n---\n"), ("c.md", "# イ\n")],
        ] {
            assert!(patch(&previous, &found, unlinked(&after), options()).is_err());
        }
    }
}
