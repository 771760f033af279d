//! The stages of a build as functions both drivers call: [`crate::build`]
//! runs them once over the whole site, `shiori serve`'s session runs them
//! again after every edit with its caches ([`ParseCache`], the previous
//! library). Each takes the resolved [`Settings`] and what the stage before
//! it produced.

use crate::content::{self, Content, SourceNote};
use crate::diagnostics::Diagnostics;
use crate::emit::{EmitError, Output};
use crate::links::{self, Library, NoteParse, Resolver};
use crate::markdown::{self, Highlighter};
use crate::progress::ProgressHandle;
use crate::render::{self, RenderContext, RenderError, Renderer, Selection};
use crate::settings::Settings;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Notes just parsed, in reading order, with their parses and resolved
/// links: what a build hands the search stage while it goes on parsing.
pub type ParsedFeed<'f> = dyn FnMut(&[SourceNote], &[NoteParse]) + 'f;

/// Every note's parse and the section intros' (in the order of `Content`).
pub struct Parses {
    pub notes: Vec<NoteParse>,
    pub intros: Vec<Option<NoteParse>>,
}

/// Load: `content/` read from disk.
pub fn load(settings: &Settings, diagnostics: &mut Diagnostics) -> Content {
    content::load(&settings.root, settings.load(), diagnostics)
}

/// Notes parsed in parallel before they are handed on, in reading order.
const PARSE_CHUNK: usize = 256;

/// What a rebuild keeps of the last parse: each note's parse and resolved
/// links by file, and what its links could name then.
#[derive(Default)]
pub struct ParseCache {
    /// By source file, with the hash of the text the parse was made from.
    entries: HashMap<PathBuf, (u64, NoteParse)>,
    /// [`names_key`] of the last parse.
    names: Option<u64>,
}

/// Parse: every note and section intro parsed and its links resolved, in
/// parallel; `feed` gets the notes chunk by chunk, in reading order.
///
/// With a `cache`, a note whose text is unchanged keeps its parse; its
/// links are resolved again only when something a link can name changed
/// ([`names_key`]), and keep their previous resolution when it came out the
/// same (so later stages can tell what changed by pointer).
pub fn parse(
    settings: &Settings,
    content: &Content,
    diagnostics: &mut Diagnostics,
    progress: &ProgressHandle,
    feed: &mut ParsedFeed<'_>,
    cache: Option<&mut ParseCache>,
) -> Parses {
    let mut found = Vec::new();
    let resolver = Resolver::new(content, &settings.site_files(), &mut found)
        .with_repository(settings.repository())
        .with_mount(settings.config.mount.clone());
    diagnostics.extend(found);
    let options = settings.markdown();
    let names = cache.as_ref().map(|_| names_key(content));
    let previous = cache.as_deref();
    let same_names = previous.is_some_and(|c| c.names == names);
    // Each parse, and whether it was made now rather than taken from the cache.
    let parse_one = |note: &SourceNote| -> (NoteParse, bool) {
        let cached = previous
            .and_then(|c| c.entries.get(&note.file))
            .filter(|(text, _)| *text == note.text_hash)
            .map(|(_, parse)| parse);
        let parsed = match cached {
            Some(cached) if same_names => return (cached.clone(), false),
            Some(cached) => cached.parsed.clone(),
            None => Arc::new(parse_note(note, &options)),
        };
        let resolved = links::resolve(&resolver, note, &parsed);
        match cached {
            Some(cached) if *cached.resolved == resolved => (cached.clone(), false),
            _ => {
                let resolved = Arc::new(resolved);
                (NoteParse { parsed, resolved }, true)
            }
        }
    };
    let mut notes: Vec<(NoteParse, bool)> = Vec::with_capacity(content.notes.len());
    for chunk in content.notes.chunks(PARSE_CHUNK) {
        let parsed: Vec<(NoteParse, bool)> = chunk
            .par_iter()
            .map(|note| {
                let parse = parse_one(note);
                progress.step("parse");
                parse
            })
            .collect();
        let parses: Vec<NoteParse> = parsed.iter().map(|(p, _)| p.clone()).collect();
        feed(chunk, &parses);
        drop(parses);
        notes.extend(parsed);
    }
    let mut intros: Vec<Option<(NoteParse, bool)>> = content
        .sections
        .par_iter()
        .map(|section| section.index.as_ref().map(parse_one))
        .collect();
    links::add_suggestions(
        &resolver,
        notes
            .iter_mut()
            .chain(intros.iter_mut().flatten())
            .filter(|(_, fresh)| *fresh)
            .map(|(p, _)| Arc::make_mut(&mut p.resolved)),
    );
    if let Some(cache) = cache {
        cache.names = names;
        cache.remember(content, &notes, &intros);
    }
    Parses {
        notes: notes.into_iter().map(|(p, _)| p).collect(),
        intros: intros.into_iter().map(|i| i.map(|(p, _)| p)).collect(),
    }
}

/// One note's parse: other tools' directives translated first
/// ([`crate::dialect`]), spans kept pointing into the note's file.
pub fn parse_note(
    note: &SourceNote,
    options: &markdown::MarkdownOptions<'_>,
) -> markdown::ParsedNote {
    let translated = crate::dialect::translate(note, options.language, &options.book);
    let spans = |range| translated.span(range);
    let source = markdown::Source {
        body: translated.body(),
        spans: &spans,
        title_heading: note.title_heading.as_ref(),
        summary: note.front.summary.as_deref(),
        file: &note.file,
        text: &note.text,
    };
    let mut parsed = markdown::parse(&source, options);
    let mut diagnostics = translated.diagnostics.clone();
    diagnostics.append(&mut parsed.diagnostics);
    parsed.diagnostics = diagnostics;
    parsed
}

impl ParseCache {
    /// Keeps the parses made now; forgets notes that no longer exist once
    /// they pile up (renames, deletions).
    fn remember(
        &mut self,
        content: &Content,
        notes: &[(NoteParse, bool)],
        intros: &[Option<(NoteParse, bool)>],
    ) {
        let sources = content.notes.iter().zip(notes).chain(
            content
                .sections
                .iter()
                .zip(intros)
                .filter_map(|(s, i)| s.index.as_ref().zip(i.as_ref())),
        );
        for (source, (parse, fresh)) in sources {
            if *fresh {
                let entry = (source.text_hash, parse.clone());
                self.entries.insert(source.file.clone(), entry);
            }
        }
        let current = notes.len() + intros.iter().flatten().count();
        if self.entries.len() > 2 * current {
            let files: HashSet<&PathBuf> = content
                .notes
                .iter()
                .chain(content.sections.iter().filter_map(|s| s.index.as_ref()))
                .map(|n| &n.file)
                .collect();
            self.entries.retain(|file, _| files.contains(file));
        }
    }
}

/// A hash of everything a link can resolve to: each note's names and output
/// in reading order (links point at notes by their place in it), the
/// sections, the catalog and the copied files.
fn names_key(content: &Content) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for n in &content.notes {
        (
            &n.file,
            &n.path_id,
            &n.slug,
            &n.title,
            &n.front.aliases,
            &n.output,
        )
            .hash(&mut hasher);
    }
    for s in &content.sections {
        (&s.dir, &s.output).hash(&mut hasher);
    }
    for p in &content.catalog.pages {
        (&p.id, &p.title, &p.url).hash(&mut hasher);
    }
    content.assets.hash(&mut hasher);
    hasher.finish()
}

/// Link: the whole site's cross-references, from scratch.
pub fn link(
    settings: &Settings,
    content: Content,
    parses: Parses,
    diagnostics: &mut Diagnostics,
) -> Library {
    links::link(
        content,
        parses.notes,
        parses.intros,
        settings.link(),
        diagnostics,
    )
}

/// Render: the `selection` of pages written through `out`, naming the
/// search manifest `manifest`; returns the paths written.
pub fn write_pages(
    settings: &Settings,
    library: &Library,
    manifest: &str,
    selection: Selection,
    out: &dyn Output,
    progress: &ProgressHandle,
) -> Result<Vec<String>, RenderError> {
    let renderer = Renderer::new(&settings.theme, &settings.config.theme);
    let cx = RenderContext {
        config: &settings.config,
        search_manifest: Some(manifest.to_string()),
        selection,
        history: &settings.history,
    };
    let written = Mutex::new(Vec::new());
    render::render_site(library, &renderer, &cx, |page| {
        out.write(&page.path, page.content.as_bytes())?;
        progress.step("render");
        written.lock().expect("not poisoned").push(page.path);
        Ok(())
    })?;
    Ok(written.into_inner().expect("not poisoned"))
}

/// The theme's static files and the code highlighting stylesheet.
pub fn write_theme_files(settings: &Settings, out: &dyn Output) -> Result<(), EmitError> {
    for (path, bytes) in settings.theme.static_files() {
        out.write(&path, &bytes)?;
    }
    out.write("highlight.css", Highlighter::stylesheet().as_bytes())
}

/// The files of `content/` that are not notes, copied as they are.
pub fn copy_assets(
    settings: &Settings,
    library: &Library,
    out: &dyn Output,
) -> Result<(), EmitError> {
    let content_dir = settings.root.join(content::CONTENT_DIR);
    library.assets.par_iter().try_for_each(|asset| {
        let rel = asset.to_string_lossy().replace('\\', "/");
        out.copy(&content_dir.join(asset), &rel)
    })
}
