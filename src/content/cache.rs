//! What a load found, kept between loads: `shiori serve` re-reads only the
//! files the watcher reported, and walks `content/` again only when the
//! report is ambiguous (a folder appeared or vanished, a symlink changed,
//! events were lost).

use super::{assemble, is_markdown, read_note, read_text, Catalog, Content, LoadOptions};
use super::{SourceNote, CATALOG_FILE, CONTENT_DIR};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

type FileStamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// Every file of `content/` as last read, keyed by path inside `content/`.
/// A note whose size and modification time are unchanged is not read again.
#[derive(Default, Clone)]
pub struct LoadCache {
    /// Set once a full walk has filled the cache.
    walked: bool,
    notes: HashMap<String, (FileStamp, SourceNote, Vec<Diagnostic>)>,
    /// Markdown files that could not be read (or are not UTF-8).
    unreadable: HashMap<String, Diagnostic>,
    assets: BTreeSet<String>,
    catalog: Option<(Catalog, Vec<Diagnostic>)>,
    /// Other tools' order files (`_category_.json`, `mkdocs.yml`) by path, as text.
    orders: BTreeMap<String, String>,
    /// Entries the walk skipped (symlinks out of `content/`, unreadable folders).
    skipped: Vec<Diagnostic>,
}

/// What one file of `content/` is.
enum Kind {
    Markdown,
    Catalog,
    Order,
    Asset,
}

fn kind_of(rel: &str) -> Kind {
    if rel == CATALOG_FILE {
        Kind::Catalog
    } else if super::tool_order::is_order_file(rel) {
        Kind::Order
    } else if is_markdown(rel) {
        Kind::Markdown
    } else {
        Kind::Asset
    }
}

/// A file as read: what goes into the cache for it.
enum Read {
    Asset,
    Catalog(Catalog, Vec<Diagnostic>),
    Order(String),
    Note(Box<(FileStamp, SourceNote, Vec<Diagnostic>)>),
    Unchanged,
    Unreadable(Diagnostic),
}

/// Reads `<root>/content`, reporting every problem into `diagnostics`.
pub fn load(root: &Path, options: LoadOptions, diagnostics: &mut Diagnostics) -> Content {
    let mut cache = LoadCache::default();
    if !fill(root, &mut cache, diagnostics) {
        return Content::default();
    }
    // Nothing keeps the cache: its notes move into the content.
    cache.into_content(options, diagnostics)
}

/// [`load`], reusing what `cache` holds for files that did not change.
pub fn load_cached(
    root: &Path,
    options: LoadOptions,
    cache: &mut LoadCache,
    diagnostics: &mut Diagnostics,
) -> Content {
    if !fill(root, cache, diagnostics) {
        return Content::default();
    }
    cache.content(options, diagnostics)
}

/// Walks `content/` and reads into `cache` what changed; false (with the
/// cache emptied) when there is no `content/`.
fn fill(root: &Path, cache: &mut LoadCache, diagnostics: &mut Diagnostics) -> bool {
    let content_dir = root.join(CONTENT_DIR);
    let Ok(canonical_root) = content_dir.canonicalize() else {
        *cache = LoadCache::default();
        diagnostics.push(
            Diagnostic::error(
                Code::Io,
                Location::file(Path::new(CONTENT_DIR)),
                format!("no content folder at {}", content_dir.display()),
            )
            .with_help(
                "start a site with `shiori init`, or pass the site's folder with `--root DIR`",
            ),
        );
        return false;
    };
    let mut skipped = Vec::new();
    let entries = walk(root, &content_dir, &canonical_root, &mut skipped);
    let previous = std::mem::take(cache);
    let read: Vec<Read> = entries
        .par_iter()
        .map(|(rel, abs)| read_file(rel, abs, previous.notes.get(rel)))
        .collect();
    let mut fresh = LoadCache {
        walked: true,
        skipped,
        ..LoadCache::default()
    };
    let mut previous_notes = previous.notes;
    for ((rel, _), read) in entries.into_iter().zip(read) {
        let kept = previous_notes.remove(&rel);
        fresh.store(rel, read, kept);
    }
    // MkDocs keeps `mkdocs.yml` beside its docs folder: here, beside `content/`.
    for name in ["mkdocs.yml", "mkdocs.yaml"] {
        if fresh.orders.contains_key(name) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(root.join(name)) {
            fresh.orders.insert(name.to_string(), text);
        }
    }
    *cache = fresh;
    true
}

/// [`load_cached`] after the files at `changed` (absolute paths) were created,
/// modified or removed: only those are read again. Falls back to a full walk
/// when a change cannot be placed (a folder, a symlink, an unknown path that
/// vanished) or `rescan` is set.
pub fn reload(
    root: &Path,
    options: LoadOptions,
    cache: &mut LoadCache,
    changed: &[PathBuf],
    rescan: bool,
    diagnostics: &mut Diagnostics,
) -> Content {
    let content_dir = root.join(CONTENT_DIR);
    let changes: Option<Vec<(String, PathBuf)>> = changed
        .iter()
        .filter(|p| p.starts_with(&content_dir))
        .filter_map(|abs| match relative(&content_dir, abs) {
            Some(rel) if rel.split('/').any(|part| part.starts_with('.')) => None,
            Some(rel) => Some(Some((rel, abs.clone()))),
            None => Some(None),
        })
        .collect();
    let placed = changes.filter(|changes| {
        cache.walked && !rescan && changes.iter().all(|(rel, abs)| cache.can_place(rel, abs))
    });
    let Some(changes) = placed else {
        return load_cached(root, options, cache, diagnostics);
    };
    for (rel, abs) in changes {
        if std::fs::symlink_metadata(&abs).is_ok() {
            let read = read_file(&rel, &abs, cache.notes.get(&rel));
            let kept = cache.notes.remove(&rel);
            cache.store(rel, read, kept);
        } else {
            cache.forget(&rel);
        }
    }
    cache.content(options, diagnostics)
}

/// `abs` as a path inside `content_dir` with `/` separators; `None` when not valid UTF-8.
fn relative(content_dir: &Path, abs: &Path) -> Option<String> {
    abs.strip_prefix(content_dir)
        .ok()
        .and_then(Path::to_str)
        .map(|s| s.replace('\\', "/"))
        .filter(|s| !s.is_empty())
}

impl LoadCache {
    /// Whether a change at `rel` can be applied alone: a regular file that
    /// exists, or a vanished path that held no known file below it.
    fn can_place(&self, rel: &str, abs: &Path) -> bool {
        match std::fs::symlink_metadata(abs) {
            Ok(meta) => meta.file_type().is_file(),
            Err(_) => {
                let below = format!("{rel}/");
                let known_below = |key: &String| key.starts_with(&below);
                !(self.notes.keys().any(known_below)
                    || self.unreadable.keys().any(known_below)
                    || self.assets.iter().any(known_below))
            }
        }
    }

    fn store(
        &mut self,
        rel: String,
        read: Read,
        kept: Option<(FileStamp, SourceNote, Vec<Diagnostic>)>,
    ) {
        self.forget(&rel);
        match read {
            Read::Asset => {
                self.assets.insert(rel);
            }
            Read::Catalog(catalog, found) => self.catalog = Some((catalog, found)),
            Read::Order(text) => {
                self.orders.insert(rel, text);
            }
            Read::Note(note) => {
                self.notes.insert(rel, *note);
            }
            Read::Unchanged => {
                if let Some(note) = kept {
                    self.notes.insert(rel, note);
                }
            }
            Read::Unreadable(d) => {
                self.unreadable.insert(rel, d);
            }
        }
    }

    fn forget(&mut self, rel: &str) {
        self.notes.remove(rel);
        self.unreadable.remove(rel);
        self.assets.remove(rel);
        self.orders.remove(rel);
        if rel == CATALOG_FILE {
            self.catalog = None;
        }
    }

    /// The content the cache holds, the cache used up.
    fn into_content(self, options: LoadOptions, diagnostics: &mut Diagnostics) -> Content {
        diagnostics.extend(self.skipped);
        diagnostics.extend(self.unreadable.into_values());
        let mut content = Content {
            assets: self.assets.iter().map(PathBuf::from).collect(),
            ..Content::default()
        };
        if let Some((catalog, found)) = self.catalog {
            content.catalog = catalog;
            diagnostics.extend(found);
        }
        let notes = self
            .notes
            .into_values()
            .map(|(_, note, found)| (note, found))
            .collect();
        assemble(content, notes, &self.orders, options, diagnostics)
    }

    /// The content as the cache holds it, the cache kept for the next load.
    fn content(&self, options: LoadOptions, diagnostics: &mut Diagnostics) -> Content {
        self.clone().into_content(options, diagnostics)
    }
}

/// Reads one file; a note whose stamp matches `cached` is not read again.
fn read_file(
    rel: &str,
    abs: &Path,
    cached: Option<&(FileStamp, SourceNote, Vec<Diagnostic>)>,
) -> Read {
    let file = Path::new(CONTENT_DIR).join(rel);
    match kind_of(rel) {
        Kind::Asset => Read::Asset,
        Kind::Order => match read_text(abs, &file) {
            Ok(text) => Read::Order(text),
            Err(d) => Read::Unreadable(*d),
        },
        Kind::Catalog => match read_text(abs, &file) {
            Ok(text) => {
                let mut found = Vec::new();
                let catalog = Catalog::parse(&text, &file, &mut found);
                Read::Catalog(catalog, found)
            }
            Err(d) => Read::Catalog(Catalog::default(), vec![*d]),
        },
        Kind::Markdown => {
            let stamp = stamp(abs);
            if stamp.is_some() && cached.is_some_and(|(old, _, _)| Some(old) == stamp.as_ref()) {
                return Read::Unchanged;
            }
            match read_text(abs, &file) {
                Ok(text) => {
                    let (mut note, found) = read_note(rel, file, text);
                    let depth = rel.split('/').count();
                    if let Some(content_dir) = abs.ancestors().nth(depth) {
                        let read = |p: &str| super::includes::read_on_disk(content_dir, p);
                        note.includes =
                            super::includes::collect(&note.path_id, note.body(), read).into();
                    }
                    Read::Note(Box::new((stamp.unwrap_or_default(), note, found)))
                }
                Err(d) => Read::Unreadable(*d),
            }
        }
    }
}

/// Every file under `content_dir` (hidden entries skipped), sorted by name
/// within each folder; entries that cannot be used are reported in `skipped`.
fn walk(
    root: &Path,
    content_dir: &Path,
    canonical_root: &Path,
    skipped: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let mut entries = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for item in walker {
        let entry = match item {
            Ok(entry) => entry,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new(CONTENT_DIR));
                skipped.push(Diagnostic::warning(
                    Code::Io,
                    Location::file(rel),
                    format!("skipped: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if entry.depth() == 0 {
            continue;
        }
        let display = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let Some(rel) = relative(content_dir, path) else {
            skipped.push(Diagnostic::warning(
                Code::Path,
                Location::file(&display),
                "skipped: the file name is not valid UTF-8",
            ));
            continue;
        };
        if entry.path_is_symlink() {
            if let Some(reason) = unusable_symlink(path, canonical_root) {
                skipped.push(Diagnostic::warning(
                    Code::Path,
                    Location::file(&display),
                    reason,
                ));
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        entries.push((rel, path.to_path_buf()));
    }
    entries
}

/// Why a symlink is skipped: it leaves `content/`, is a folder, or is broken.
fn unusable_symlink(path: &Path, canonical_root: &Path) -> Option<String> {
    match path.canonicalize() {
        Ok(target) if !target.starts_with(canonical_root) => Some(format!(
            "skipped: the symlink points outside content/ (to {})",
            target.display()
        )),
        Ok(target) if target.is_dir() => {
            Some("skipped: symlinked folders are not followed".to_string())
        }
        Ok(_) => None,
        Err(e) => Some(format!("skipped: broken symlink ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
        let path = root.join(CONTENT_DIR).join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The notes, sections and assets as a reader would list them.
    fn listing(content: &Content) -> Vec<String> {
        let notes = content
            .notes
            .iter()
            .map(|n| format!("{} {} {}", n.file.display(), n.title, n.output));
        let sections = content
            .sections
            .iter()
            .map(|s| format!("section {}", s.dir));
        let assets = content
            .assets
            .iter()
            .map(|a| format!("asset {}", a.display()));
        notes.chain(sections).chain(assets).collect()
    }

    fn fresh(root: &Path) -> Vec<String> {
        listing(&load(root, LoadOptions::default(), &mut Diagnostics::new()))
    }

    #[test]
    fn reloading_changed_paths_matches_a_fresh_load() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let edited = write(root, "net/snat.md", "# 外部 SNAT\n");
        let removed = write(root, "net/old.md", "# 古い\n");
        write(root, "ops/upgrade.md", "# アップグレード\n");
        let mut cache = LoadCache::default();
        load_cached(
            root,
            LoadOptions::default(),
            &mut cache,
            &mut Diagnostics::new(),
        );

        std::fs::write(&edited, "# 外部 SNAT 改\n").unwrap();
        std::fs::remove_file(&removed).unwrap();
        let added = write(root, "net/new.md", "# 新しい\n");
        let asset = write(root, "net/figure.png", "png");
        let hidden = write(root, "net/.snat.md.swp", "swap");
        let changed = [edited, removed, added, asset, hidden];
        let mut diagnostics = Diagnostics::new();
        let content = reload(
            root,
            LoadOptions::default(),
            &mut cache,
            &changed,
            false,
            &mut diagnostics,
        );
        assert_eq!(listing(&content), fresh(root));
        assert!(listing(&content).contains(&"asset net/figure.png".to_string()));

        // A folder renamed: only the folders are reported, so everything is walked.
        std::fs::rename(root.join("content/ops"), root.join("content/operations")).unwrap();
        let changed = [root.join("content/ops"), root.join("content/operations")];
        let content = reload(
            root,
            LoadOptions::default(),
            &mut cache,
            &changed,
            false,
            &mut diagnostics,
        );
        assert_eq!(listing(&content), fresh(root));
        assert!(listing(&content).contains(&"section operations".to_string()));

        // A folder moved in from outside: only the folder is reported.
        std::fs::create_dir_all(root.join("drafts")).unwrap();
        std::fs::write(root.join("drafts/idea.md"), "# 案\n").unwrap();
        std::fs::rename(root.join("drafts"), root.join("content/ideas")).unwrap();
        let changed = [root.join("content/ideas")];
        let content = reload(
            root,
            LoadOptions::default(),
            &mut cache,
            &changed,
            false,
            &mut diagnostics,
        );
        assert_eq!(listing(&content), fresh(root));
        assert!(listing(&content).iter().any(|l| l.contains("案")));
    }
}
