//! Phase two of a rebuild: the site-wide pages (sections, tags, catalog,
//! map, print), theme files, assets and the search index, made from a
//! snapshot of the library so they can trail the note pages on another thread.

use super::{Update, SERVE_MANIFEST};
use crate::build::BuildError;
use crate::emit::{EmitError, OutputDir};
use crate::links::Library;
use crate::pipeline;
use crate::render::Selection;
use crate::settings::Settings;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Lists the files of the last search bundle, inside `search/`.
const PREVIOUS_FILES: &str = ".bundle-files";

/// The site-wide part of a rebuild, ready to run.
pub struct SiteJob {
    pub(super) out: PathBuf,
    pub(super) settings: Settings,
    pub(super) library: Arc<Library>,
    /// The theme's static files and the highlight stylesheet need writing.
    pub(super) theme_files: bool,
}

impl SiteJob {
    /// Takes over what an older job, never run, still had to do.
    pub fn absorb(&mut self, older: SiteJob) {
        self.theme_files |= older.theme_files;
    }

    /// Writes the site-wide pages, theme files, assets and search index.
    pub fn run(self) -> Result<Update, BuildError> {
        let start = Instant::now();
        let mut written = self.render(Selection {
            notes: Some(HashSet::new()),
            notes_only: false,
            vanished: Vec::new(),
        })?;
        self.remove_dropped_pages(&written);
        let files = OutputDir { dir: &self.out };
        if self.theme_files {
            pipeline::write_theme_files(&self.settings, &files)?;
        }
        pipeline::copy_assets(&self.settings, &self.library, &files)?;
        let index_changed = self.update_search()?;
        written.sort();
        Ok(Update {
            written,
            elapsed: start.elapsed(),
            theme_changed: self.theme_files,
            index_changed,
            ..Update::default()
        })
    }

    /// Removes the numbered pages (print parts, pages of the section list)
    /// that an earlier pass wrote and the site no longer has, as it shrank.
    /// `written` is every site-wide page of this pass; a note or a file of
    /// `content/` with such a name is kept.
    fn remove_dropped_pages(&self, written: &[String]) {
        let assets: Vec<String> = self
            .library
            .assets
            .iter()
            .map(|a| a.to_string_lossy().replace('\\', "/"))
            .collect();
        let keep: HashSet<&str> = written
            .iter()
            .map(String::as_str)
            .chain(self.library.notes.iter().map(|n| n.source.output.as_str()))
            .chain(assets.iter().map(String::as_str))
            .collect();
        let Ok(entries) = std::fs::read_dir(&self.out) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if crate::paths::is_numbered_page(&name) && !keep.contains(name.as_str()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Renders the `selection` of pages into the output folder; returns their paths.
    pub(super) fn render(&self, selection: Selection) -> Result<Vec<String>, BuildError> {
        let files = OutputDir { dir: &self.out };
        let progress = crate::progress::ProgressHandle::default();
        Ok(pipeline::write_pages(
            &self.settings,
            &self.library,
            SERVE_MANIFEST,
            selection,
            &files,
            &progress,
        )?)
    }

    /// Rebuilds the search index and bundle. Pages load the manifest under a
    /// fixed name ([`SERVE_MANIFEST`]) so a changed index does not change
    /// every page. Returns whether the manifest changed.
    fn update_search(&self) -> Result<bool, BuildError> {
        let (_, bundle) =
            crate::search::site::index_and_bundle(&self.settings.root, &self.library, &self.out)?;
        let search_dir = self.out.join("search");
        let manifest =
            std::fs::read(search_dir.join(&bundle.manifest)).map_err(|source| EmitError::Io {
                path: search_dir.join(&bundle.manifest),
                source,
            })?;
        let changed = std::fs::read(search_dir.join(SERVE_MANIFEST)).ok() != Some(manifest.clone());
        if changed {
            OutputDir { dir: &search_dir }.write(SERVE_MANIFEST, &manifest)?;
        }
        // Files of the index before this one are kept one more round: an
        // open page still on it may be loading them until it is told of
        // this one. Older ones are no longer referenced.
        let listed = search_dir.join(PREVIOUS_FILES);
        let previous = std::fs::read_to_string(&listed).unwrap_or_default();
        let keep: HashSet<&str> = bundle
            .files
            .iter()
            .map(String::as_str)
            // Pages load the manifest as manifest.js, never by its hashed name.
            .chain(previous.lines().filter(|name| !name.starts_with("m-")))
            .collect();
        let _ = std::fs::write(&listed, bundle.files.join("\n"));
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
        Ok(changed)
    }
}
