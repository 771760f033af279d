//! Rebuilding after an edit without rebuilding everything: unchanged files are
//! not read again, unchanged notes are not parsed again, and only the pages
//! whose inputs changed are rendered and written. `shiori serve` drives this.
//!
//! A rebuild has two phases. [`Session::rebuild`] re-reads the files that
//! changed, parses them, links them (patching the previous library when the
//! edit allows, see [`patch`]) and renders the notes the edit affects (the
//! edited note, notes whose backlinks, related notes, prev/next or
//! navigation changed); the caller can reload the browser right away. A
//! [`SiteJob`] then renders the site-wide pages (sections, tags, catalog,
//! map, print) and the search index, which may trail: it works on a
//! snapshot and can run on another thread.

mod keys;
mod patch;
mod site;
#[cfg(test)]
mod tests;

pub use site::SiteJob;

use crate::build::{load_config, BuildError, BuildOptions};
use crate::config::SiteConfig;
use crate::content::{self, Content, LoadCache, LoadOptions};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{EmitError, OutputDir};
use crate::links::{self, Library, LinkDiagnostics, LinkOptions, NoteParse, Resolver};
use crate::markdown::{self, Highlighter, MarkdownOptions};
use crate::render::Selection;
use keys::{hash_of, PageKeys};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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
    /// Nothing the site shows changed (a file saved as it was): the
    /// site-wide pages and the search index need no update.
    pub unchanged: bool,
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
    cache: LoadCache,
    /// Parse results and resolved links by source file, with the hash of
    /// the note text they were made from.
    parsed: HashMap<PathBuf, (u64, NoteParse)>,
    /// What links could name (see [`names_key`]) as of the last rebuild:
    /// while it stays the same, an unchanged note's links resolve as before.
    names: Option<u64>,
    /// What each rendered note page was made from, by output path.
    page_keys: HashMap<String, u64>,
    /// The note pages on disk.
    outputs: HashSet<String>,
    /// The library as of the last successful rebuild, and its link diagnostics.
    library: Arc<Library>,
    link_diagnostics: LinkDiagnostics,
    /// Bumped when the theme or configuration changes: every page is rendered again.
    theme_generation: u64,
    /// The generation whose theme files the last site job wrote.
    theme_written: Option<u64>,
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
            cache: LoadCache::default(),
            parsed: HashMap::new(),
            names: None,
            page_keys: HashMap::new(),
            outputs: HashSet::new(),
            library: Arc::default(),
            link_diagnostics: LinkDiagnostics::default(),
            theme_generation: 0,
            theme_written: None,
        };
        let mut update = session.rebuild(&[], true)?;
        let rest = session.finish()?;
        update.written.extend(rest.written);
        update.elapsed += rest.elapsed;
        Ok((session, update))
    }

    /// The library as of the last successful rebuild.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Phase one after the files at `changed` changed (`rescan`: changes may
    /// have been missed, look at every file): re-read and re-parse what
    /// changed, link, and render the notes whose pages changed. When the
    /// content has errors nothing is written and the previous pages stay.
    pub fn rebuild(&mut self, changed: &[PathBuf], rescan: bool) -> Result<Update, BuildError> {
        let start = Instant::now();
        let mut timings = Vec::new();
        let mut lap = |name: &'static str, since: &mut Instant| {
            timings.push((name, since.elapsed()));
            *since = Instant::now();
        };
        let mut since = Instant::now();
        let config_changed = self.refresh_config(changed)?;
        let mut diagnostics = Diagnostics::new();
        let content = content::reload(
            &self.options.root,
            LoadOptions {
                drafts: self.options.drafts,
            },
            &mut self.cache,
            changed,
            rescan,
            &mut diagnostics,
        );
        lap("load", &mut since);
        let (parsed, intros) = self.parse(&content, &mut diagnostics);
        lap("parse", &mut since);
        let patch::Linked {
            library,
            diagnostics: found,
            affected,
            unchanged,
        } = self.link(content, parsed, intros);
        diagnostics.extend(found.notes.iter().flatten().cloned());
        diagnostics.extend(found.intros.iter().cloned());
        lap("link", &mut since);
        if diagnostics.has_errors() {
            return Ok(Update {
                diagnostics: diagnostics.sorted(),
                elapsed: start.elapsed(),
                timings,
                ..Update::default()
            });
        }

        let site = hash_of((self.theme_generation, format!("{:?}", self.config)));
        let keys = PageKeys::new(&library, site);
        let candidates: Vec<usize> = match &affected {
            Some(notes) if !self.page_keys.is_empty() => notes.iter().copied().collect(),
            _ => (0..library.notes.len()).collect(),
        };
        let keys = keys.keys_of(&candidates);
        let changed_notes: HashSet<usize> = keys
            .iter()
            .filter(|(i, key)| self.page_keys.get(&library.notes[*i].source.output) != Some(key))
            .map(|(i, _)| *i)
            .collect();
        lap("diff", &mut since);
        self.library = Arc::new(library);
        self.link_diagnostics = found;
        let written = self.snapshot(false).render(Selection {
            notes: Some(changed_notes),
            notes_only: true,
        })?;
        self.remove_vanished_notes()?;
        if affected.is_none() {
            self.page_keys.clear();
        }
        for (i, key) in keys {
            let output = self.library.notes[i].source.output.clone();
            self.page_keys.insert(output, key);
        }
        lap("render", &mut since);
        Ok(Update {
            written,
            diagnostics: diagnostics.sorted(),
            elapsed: start.elapsed(),
            timings,
            unchanged: unchanged && !config_changed,
        })
    }

    /// Reloads `site.yaml`; a changed configuration or theme means every page
    /// is rendered again. Returns whether it did change.
    fn refresh_config(&mut self, changed: &[PathBuf]) -> Result<bool, BuildError> {
        let config = load_config(&self.options)?;
        let themes = self.options.root.join("themes");
        let changed = changed.iter().any(|p| p.starts_with(&themes))
            || format!("{config:?}") != format!("{:?}", self.config);
        if changed {
            self.theme_generation += 1;
            self.page_keys.clear();
        }
        self.config = config;
        Ok(changed)
    }

    /// Links the site, patching the previous library when the edit allows.
    /// Also returns the notes whose pages may have changed (`None`: all).
    fn link(
        &self,
        content: Content,
        parsed: Vec<NoteParse>,
        intros: Vec<Option<NoteParse>>,
    ) -> patch::Linked {
        let options = LinkOptions {
            today: Date::today(),
            stale_after_days: self.config.stale_after_days,
        };
        let previous = &self.library;
        let input = patch::Unlinked {
            content,
            parsed,
            intros,
        };
        match patch::patch(previous, &self.link_diagnostics, input, options) {
            Ok(linked) => linked,
            Err(input) => {
                let patch::Unlinked {
                    content,
                    parsed,
                    intros,
                } = *input;
                let (library, diagnostics) = links::link_noting(content, parsed, intros, options);
                patch::Linked {
                    library,
                    diagnostics,
                    affected: None,
                    unchanged: false,
                }
            }
        }
    }

    /// Removes the pages of notes that no longer exist (renamed or deleted).
    fn remove_vanished_notes(&mut self) -> Result<(), BuildError> {
        let current: HashSet<String> = self
            .library
            .notes
            .iter()
            .map(|n| n.source.output.clone())
            .collect();
        let files = OutputDir { dir: &self.out };
        for gone in self.outputs.difference(&current) {
            files.remove(gone)?;
            self.page_keys.remove(gone);
        }
        self.outputs = current;
        Ok(())
    }

    /// Phase two, here and now: the site-wide pages, theme files, assets and
    /// the search index.
    pub fn finish(&mut self) -> Result<Update, BuildError> {
        self.site_job().run()
    }

    /// Phase two as a job that can run on another thread: what it needs is a snapshot.
    pub fn site_job(&mut self) -> SiteJob {
        let theme_files = self.theme_written != Some(self.theme_generation);
        self.theme_written = Some(self.theme_generation);
        self.snapshot(theme_files)
    }

    fn snapshot(&self, theme_files: bool) -> SiteJob {
        SiteJob {
            root: self.options.root.clone(),
            out: self.out.clone(),
            config: self.config.clone(),
            library: self.library.clone(),
            theme_files,
        }
    }

    /// Parses the notes whose text changed and resolves their links; when
    /// anything a link can name changed ([`names_key`]), every note's links
    /// are resolved again (a note keeps its previous resolution where it
    /// came out the same). The rest come from the previous rebuild.
    fn parse(
        &mut self,
        content: &Content,
        diagnostics: &mut Diagnostics,
    ) -> (Vec<NoteParse>, Vec<Option<NoteParse>>) {
        let mut found = Vec::new();
        let site = crate::build::site_files(&self.options.root, &self.config);
        let resolver = Resolver::new(content, &site, &mut found);
        diagnostics.extend(found);
        let names = names_key(content);
        let same_names = self.names.replace(names) == Some(names);
        let options = MarkdownOptions {
            language: self.config.language,
            allow_raw_html: self.config.allow_raw_html,
            highlighter: Highlighter::shared(),
        };
        let previous = &self.parsed;
        // Each parse, and whether it was made now rather than taken from the cache.
        let parse_one = |note: &content::SourceNote| -> (NoteParse, bool) {
            let cached = previous
                .get(&note.file)
                .filter(|(text, _)| *text == note.text_hash)
                .map(|(_, parse)| parse);
            match cached {
                Some(cached) if same_names => (cached.clone(), false),
                Some(cached) => {
                    let resolved = links::resolve(&resolver, note, &cached.parsed);
                    if resolved == *cached.resolved {
                        (cached.clone(), false)
                    } else {
                        let parse = NoteParse {
                            parsed: cached.parsed.clone(),
                            resolved: Arc::new(resolved),
                        };
                        (parse, true)
                    }
                }
                None => {
                    let parsed = markdown::parse(note, &options);
                    let resolved = links::resolve(&resolver, note, &parsed);
                    let parse = NoteParse {
                        parsed: Arc::new(parsed),
                        resolved: Arc::new(resolved),
                    };
                    (parse, true)
                }
            }
        };
        let mut notes: Vec<(NoteParse, bool)> = content.notes.par_iter().map(parse_one).collect();
        let mut intros: Vec<Option<(NoteParse, bool)>> = content
            .sections
            .par_iter()
            .map(|s| s.index.as_ref().map(parse_one))
            .collect();
        links::add_suggestions(
            &resolver,
            notes
                .iter_mut()
                .chain(intros.iter_mut().flatten())
                .filter(|(_, fresh)| *fresh)
                .map(|(p, _)| Arc::make_mut(&mut p.resolved)),
        );
        let sources = content.notes.iter().zip(&notes).chain(
            content
                .sections
                .iter()
                .zip(&intros)
                .filter_map(|(s, i)| s.index.as_ref().zip(i.as_ref())),
        );
        let fresh: Vec<_> = sources
            .filter(|(_, (_, fresh))| *fresh)
            .map(|(source, (parse, _))| (source.file.clone(), (source.text_hash, parse.clone())))
            .collect();
        self.parsed.extend(fresh);
        let current = notes.len() + intros.iter().flatten().count();
        if self.parsed.len() > 2 * current {
            // Renamed and deleted notes pile up; keep what exists.
            let files: HashSet<&PathBuf> = content
                .notes
                .iter()
                .chain(content.sections.iter().filter_map(|s| s.index.as_ref()))
                .map(|n| &n.file)
                .collect();
            self.parsed.retain(|file, _| files.contains(file));
        }
        let intros = intros.into_iter().map(|i| i.map(|(p, _)| p)).collect();
        (notes.into_iter().map(|(p, _)| p).collect(), intros)
    }

    /// Where the session writes.
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// A hash of everything a link can resolve to: each note's names and output
/// in reading order (links point at notes by their place in it), the
/// sections, the catalog and the copied files.
fn names_key(content: &Content) -> u64 {
    let notes: Vec<_> = content
        .notes
        .iter()
        .map(|n| {
            (
                &n.file,
                &n.path_id,
                &n.slug,
                &n.title,
                &n.front.aliases,
                &n.output,
            )
        })
        .collect();
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
    hash_of((notes, sections, pages, &content.assets))
}
