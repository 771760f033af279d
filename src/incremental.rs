//! Rebuilding after an edit without rebuilding everything: unchanged files are
//! not read again, unchanged notes are not parsed again, and only the pages
//! whose inputs changed are rendered and written. `shiori serve` drives this.
//!
//! A rebuild has two phases. [`Session::rebuild`] renders the notes the edit
//! affects (the edited note, notes whose backlinks, related notes, prev/next
//! or navigation changed); the caller can reload the browser right away.
//! [`Session::finish`] then renders the site-wide pages (sections, tags,
//! catalog, map, print) that may trail by a moment.

use crate::build::{load_config, BuildError, BuildOptions};
use crate::config::SiteConfig;
use crate::content::{self, Content, LoadCache, LoadOptions};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{EmitError, OutputDir};
use crate::links::{self, Library, LinkOptions, Resolver};
use crate::markdown::{self, Highlighter, MarkdownOptions, ParsedNote};
use crate::render::{self, RenderContext, Renderer, Selection, Theme};
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The name `shiori serve` gives the search manifest: stable across rebuilds.
pub const SERVE_MANIFEST: &str = "manifest.js";

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Update {
    /// Output paths written, in no particular order.
    pub written: Vec<String>,
    /// Every diagnostic of the site as it is now; errors mean nothing was written.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Time of each step, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Update {
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
    }
}

/// A site kept in memory between rebuilds.
pub struct Session {
    options: BuildOptions,
    out: PathBuf,
    config: SiteConfig,
    highlighter: Highlighter,
    cache: LoadCache,
    /// Parse results by source file, with the hash of the note text and of
    /// every note's names they were made with.
    parsed: HashMap<PathBuf, (u64, u64, Arc<ParsedNote>)>,
    /// What each rendered note page was made from, by output path.
    page_keys: HashMap<String, u64>,
    outputs: HashSet<String>,
    library: Library,
    theme_generation: u64,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Session {
    /// Builds the whole site into `out` (a folder the session owns) and keeps it in memory.
    pub fn start(options: BuildOptions, out: PathBuf) -> Result<(Session, Update), BuildError> {
        let config = load_config(&options)?;
        std::fs::create_dir_all(&out).map_err(|source| EmitError::Io {
            path: out.clone(),
            source,
        })?;
        let mut session = Session {
            options,
            out,
            config,
            highlighter: Highlighter::new(),
            cache: LoadCache::default(),
            parsed: HashMap::new(),
            page_keys: HashMap::new(),
            outputs: HashSet::new(),
            library: Library::default(),
            theme_generation: 0,
        };
        let mut update = session.rebuild(&[])?;
        let rest = session.finish()?;
        update.written.extend(rest.written);
        update.elapsed += rest.elapsed;
        Ok((session, update))
    }

    /// The library as of the last successful rebuild.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Phase one after `changed` files changed: reload, re-parse what changed,
    /// re-link, and render the notes whose pages changed. When the content has
    /// errors nothing is written and the previous pages stay.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Update, BuildError> {
        let start = Instant::now();
        let mut timings = Vec::new();
        let mut lap = |name: &'static str, since: &mut Instant| {
            timings.push((name, since.elapsed()));
            *since = Instant::now();
        };
        let mut since = Instant::now();
        let config = load_config(&self.options)?;
        let themes = self.options.root.join("themes");
        if changed.iter().any(|p| p.starts_with(&themes))
            || format!("{config:?}") != format!("{:?}", self.config)
        {
            self.theme_generation += 1;
            self.page_keys.clear();
        }
        self.config = config;
        let mut diagnostics = Diagnostics::new();
        let content = content::load_cached(
            &self.options.root,
            LoadOptions {
                drafts: self.options.drafts,
            },
            &mut self.cache,
            &mut diagnostics,
        );
        lap("load", &mut since);
        let (parsed, intros) = self.parse(&content, &mut diagnostics);
        lap("parse", &mut since);
        let link_options = LinkOptions {
            today: Date::today(),
            stale_after_days: self.config.stale_after_days,
        };
        let library = links::link(content, parsed, intros, link_options, &mut diagnostics);
        lap("link", &mut since);
        if diagnostics.has_errors() {
            return Ok(Update {
                diagnostics: diagnostics.sorted(),
                elapsed: start.elapsed(),
                timings,
                ..Update::default()
            });
        }

        let keys = note_keys(
            &library,
            hash_of((self.theme_generation, format!("{:?}", self.config))),
        );
        let changed_notes: HashSet<usize> = keys
            .iter()
            .enumerate()
            .filter(|(i, key)| self.page_keys.get(&library.notes[*i].source.output) != Some(key))
            .map(|(i, _)| i)
            .collect();
        lap("diff", &mut since);
        self.library = library;
        let written = self.render(Selection {
            notes: Some(changed_notes),
            notes_only: true,
        })?;
        self.page_keys = keys
            .into_iter()
            .enumerate()
            .map(|(i, key)| (self.library.notes[i].source.output.clone(), key))
            .collect();
        lap("render", &mut since);
        Ok(Update {
            written,
            diagnostics: diagnostics.sorted(),
            elapsed: start.elapsed(),
            timings,
        })
    }

    /// Phase two: the site-wide pages, theme files and assets; outputs of
    /// notes that no longer exist are removed.
    pub fn finish(&mut self) -> Result<Update, BuildError> {
        let start = Instant::now();
        let mut written = self.render(Selection {
            notes: Some(HashSet::new()),
            notes_only: false,
        })?;
        let files = OutputDir { dir: &self.out };
        let theme = Theme::new(&self.options.root, &self.config.theme);
        for (path, bytes) in theme.static_files() {
            files.write(&path, &bytes)?;
        }
        files.write("highlight.css", Highlighter::stylesheet().as_bytes())?;
        let content_dir = self.options.root.join(content::CONTENT_DIR);
        for asset in &self.library.assets {
            let rel = asset.to_string_lossy().replace('\\', "/");
            files.copy(&content_dir.join(asset), &rel)?;
        }
        self.update_search()?;
        let current: HashSet<String> = self
            .library
            .notes
            .iter()
            .map(|n| n.source.output.clone())
            .collect();
        for gone in self.outputs.difference(&current) {
            files.remove(gone)?;
        }
        self.outputs = current;
        written.sort();
        Ok(Update {
            written,
            diagnostics: Vec::new(),
            elapsed: start.elapsed(),
            timings: Vec::new(),
        })
    }

    /// Rebuilds the search index and bundle. Pages load the manifest under a
    /// fixed name ([`SERVE_MANIFEST`]) so a changed index does not change every page.
    fn update_search(&self) -> Result<(), BuildError> {
        let search_error = |e: crate::search::SearchError| {
            BuildError::Content(vec![Diagnostic::error(
                crate::diagnostics::Code::Io,
                crate::diagnostics::Location::file(Path::new(".shiori/index")),
                e.to_string(),
            )])
        };
        let (_, bundle) =
            crate::search::site::index_and_bundle(&self.options.root, &self.library, &self.out)
                .map_err(search_error)?;
        let search_dir = self.out.join("search");
        let manifest =
            std::fs::read(search_dir.join(&bundle.manifest)).map_err(|source| EmitError::Io {
                path: search_dir.join(&bundle.manifest),
                source,
            })?;
        OutputDir { dir: &search_dir }.write(SERVE_MANIFEST, &manifest)?;
        // Shards of earlier indexes are no longer referenced.
        let keep: HashSet<&str> = bundle.files.iter().map(String::as_str).collect();
        if let Ok(entries) = std::fs::read_dir(&search_dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let bundle_file =
                    name.len() > 3 && name.as_bytes()[1] == b'-' && name.ends_with(".js");
                if bundle_file && name != SERVE_MANIFEST && !keep.contains(name.as_str()) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Ok(())
    }

    /// Parses the notes whose text or whose link targets' names changed; the
    /// rest come from the previous rebuild.
    fn parse(
        &mut self,
        content: &Content,
        diagnostics: &mut Diagnostics,
    ) -> (Vec<Arc<ParsedNote>>, Vec<Option<ParsedNote>>) {
        let mut found = Vec::new();
        let site = crate::build::site_files(&self.options.root, &self.config);
        let resolver = Resolver::new(content, &site, &mut found);
        diagnostics.extend(found);
        let names = names_hash(content);
        let options = MarkdownOptions {
            language: self.config.language,
            allow_raw_html: self.config.allow_raw_html,
            highlighter: &self.highlighter,
        };
        let previous = &self.parsed;
        let parse_one = |note: &content::SourceNote| -> Arc<ParsedNote> {
            match previous.get(&note.file) {
                Some((text, n, parsed)) if *text == note.text_hash && *n == names => parsed.clone(),
                _ => Arc::new(markdown::parse(note, &resolver, &options)),
            }
        };
        let notes: Vec<Arc<ParsedNote>> = content.notes.par_iter().map(parse_one).collect();
        let intros: Vec<Option<Arc<ParsedNote>>> = content
            .sections
            .par_iter()
            .map(|s| s.index.as_ref().map(parse_one))
            .collect();
        let mut cache = HashMap::with_capacity(notes.len());
        for (note, parsed) in content.notes.iter().zip(&notes) {
            cache.insert(note.file.clone(), (note.text_hash, names, parsed.clone()));
        }
        for (section, intro) in content.sections.iter().zip(&intros) {
            if let (Some(index), Some(parsed)) = (&section.index, intro) {
                cache.insert(index.file.clone(), (index.text_hash, names, parsed.clone()));
            }
        }
        self.parsed = cache;
        let intros = intros
            .into_iter()
            .map(|i| i.map(|p| (*p).clone()))
            .collect();
        (notes, intros)
    }

    fn render(&self, selection: Selection) -> Result<Vec<String>, BuildError> {
        let theme = Theme::new(&self.options.root, &self.config.theme);
        let renderer = Renderer::new(&theme, &self.config.theme);
        let cx = RenderContext {
            config: &self.config,
            search_manifest: Some(SERVE_MANIFEST.to_string()),
            today: Date::today(),
            selection,
        };
        let files = OutputDir { dir: &self.out };
        let written = std::sync::Mutex::new(Vec::new());
        render::render_site(&self.library, &renderer, &cx, |page| {
            files
                .write(&page.path, page.content.as_bytes())
                .map_err(|e| Box::new(crate::build::output_diagnostic(e)))?;
            written.lock().expect("not poisoned").push(page.path);
            Ok(())
        })
        .map_err(|d| BuildError::Content(vec![*d]))?;
        Ok(written.into_inner().expect("not poisoned"))
    }

    /// Where the session writes.
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// Everything a wikilink can resolve against: when it changes, every note is parsed again.
fn names_hash(content: &Content) -> u64 {
    let mut hasher = DefaultHasher::new();
    for note in &content.notes {
        (
            &note.path_id,
            &note.slug,
            &note.title,
            &note.front.aliases,
            &note.output,
        )
            .hash(&mut hasher);
    }
    for page in &content.catalog.pages {
        (&page.id, &page.title, &page.url).hash(&mut hasher);
    }
    for section in &content.sections {
        (&section.dir, &section.output).hash(&mut hasher);
    }
    content.assets.hash(&mut hasher);
    hasher.finish()
}

/// For each note, a hash of everything its page shows: its own text and
/// everything drawn from other notes (backlinks, related, prev/next, the
/// navigation, the neighbourhood map).
fn note_keys(library: &Library, site: u64) -> Vec<u64> {
    let nav_all = hash_of(
        library
            .sections
            .iter()
            .map(|s| {
                (
                    &s.source.title,
                    &s.source.output,
                    s.source
                        .notes
                        .iter()
                        .map(|&n| (&library.notes[n].source.title, library.notes[n].stale))
                        .collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>(),
    );
    let expand_all = library.notes.len() <= 300;
    let section_titles = hash_of(
        library
            .sections
            .iter()
            .map(|s| (&s.source.title, &s.source.output))
            .collect::<Vec<_>>(),
    );
    let max_in = library
        .notes
        .iter()
        .map(|n| n.backlinks.len())
        .max()
        .unwrap_or(0);
    let summary = |n: usize| {
        let note = &library.notes[n];
        (
            &note.source.title,
            &note.source.output,
            note.backlinks.len(),
            note.stale,
        )
    };
    let section_navs: Vec<u64> = library
        .sections
        .par_iter()
        .map(|s| {
            hash_of((
                section_titles,
                s.source
                    .notes
                    .iter()
                    .map(|&n| summary(n))
                    .collect::<Vec<_>>(),
            ))
        })
        .collect();
    library
        .notes
        .par_iter()
        .map(|note| {
            let nav = if expand_all {
                nav_all
            } else {
                section_navs[note.source.section]
            };
            hash_of((
                site,
                nav,
                max_in,
                note.source.text_hash,
                &note.docs,
                note.stale,
                note.backlinks
                    .iter()
                    .map(|&n| summary(n))
                    .collect::<Vec<_>>(),
                note.outgoing
                    .iter()
                    .map(|&n| summary(n))
                    .collect::<Vec<_>>(),
                note.related.iter().map(|&n| summary(n)).collect::<Vec<_>>(),
                note.prev.map(summary),
                note.next.map(summary),
                note.docs
                    .iter()
                    .map(|&d| {
                        (
                            &library.catalog.pages[d].title,
                            library.citations[d].is_empty(),
                        )
                    })
                    .collect::<Vec<_>>(),
            ))
        })
        .collect()
}
