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

use crate::build::{BuildError, BuildOptions};
use crate::content::{self, Content, LoadCache};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{EmitError, OutputDir};
use crate::links::{self, Library, LinkDiagnostics};
use crate::pipeline::{self, ParseCache};
use crate::render::Selection;
use crate::settings::Settings;
use keys::PageKeys;
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
    /// The theme's files were written again: every page looks different.
    pub theme_changed: bool,
    /// The search bundle changed (a different manifest).
    pub index_changed: bool,
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
    settings: Settings,
    cache: LoadCache,
    /// Parses and resolved links of the last rebuild.
    parsed: ParseCache,
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
        let settings = Settings::resolve(&options).map_err(BuildError::Config)?;
        std::fs::create_dir_all(&out).map_err(|source| EmitError::Io {
            path: out.clone(),
            source,
        })?;
        let mut session = Session {
            options,
            out,
            settings,
            cache: LoadCache::default(),
            parsed: ParseCache::default(),
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
            self.settings.load(),
            &mut self.cache,
            changed,
            rescan,
            &mut diagnostics,
        );
        lap("load", &mut since);
        let parses = pipeline::parse(
            &self.settings,
            &content,
            &mut diagnostics,
            &self.options.progress,
            &mut |_, _| {},
            Some(&mut self.parsed),
        );
        lap("parse", &mut since);
        let patch::Linked {
            library,
            diagnostics: found,
            affected,
            unchanged,
        } = self.link(content, parses);
        diagnostics.extend(found.notes.iter().flatten().cloned());
        diagnostics.extend(found.intros.iter().cloned());
        // As a build: a broken link is shown, and warned about, not fatal.
        diagnostics.relax_readable();
        lap("link", &mut since);
        if diagnostics.has_errors() {
            return Ok(Update {
                diagnostics: diagnostics.sorted(),
                elapsed: start.elapsed(),
                timings,
                ..Update::default()
            });
        }

        let keys = PageKeys::new(&library, self.theme_generation);
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
        let current: HashSet<&str> = self
            .library
            .notes
            .iter()
            .map(|n| n.source.output.as_str())
            .collect();
        let mut vanished: Vec<String> = self
            .outputs
            .iter()
            .filter(|output| !current.contains(output.as_str()))
            .cloned()
            .collect();
        vanished.sort();
        let written = self.snapshot(false).render(Selection {
            notes: Some(changed_notes),
            notes_only: true,
            vanished,
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
            ..Update::default()
        })
    }

    /// Resolves the settings again; a changed configuration or theme (or a
    /// new day, for staleness) means every page is rendered again. Returns
    /// whether they did change.
    fn refresh_config(&mut self, changed: &[PathBuf]) -> Result<bool, BuildError> {
        let settings = Settings::resolve_after(&self.options, Some(&self.settings))
            .map_err(BuildError::Config)?;
        let themes = self.options.root.join("themes");
        let changed =
            changed.iter().any(|p| p.starts_with(&themes)) || !settings.same_pages(&self.settings);
        if changed {
            self.theme_generation += 1;
            self.page_keys.clear();
        }
        self.settings = settings;
        Ok(changed)
    }

    /// Links the site, patching the previous library when the edit allows.
    /// Also returns the notes whose pages may have changed (`None`: all).
    fn link(&self, content: Content, parses: pipeline::Parses) -> patch::Linked {
        let options = self.settings.link();
        let previous = &self.library;
        let input = patch::Unlinked {
            content,
            parsed: parses.notes,
            intros: parses.intros,
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
            out: self.out.clone(),
            settings: self.settings.clone(),
            library: self.library.clone(),
            theme_files,
        }
    }

    /// Where the session writes.
    pub fn out(&self) -> &Path {
        &self.out
    }
}
