//! The search stage of a site build: the linked site's pages as search
//! documents, the index in `<root>/.shiori/index`, the bundle in
//! `<staging>/search`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use super::bundle::{content_hash, write_fragment_files, BUNDLE_FORMAT};
use super::documents::{note_docs, section_page_docs, site_docs};
use super::error::SearchError;
use super::index::IndexWriting;
use super::{build_index, open_index, BundleInfo, SearchIndex, SectionDoc};
use crate::content::{SourceNote, CONTENT_DIR};
use crate::links::{Library, NoteParse, Section};

/// Where a site keeps its search index (a cache: gitignored, outside `public/`).
pub fn index_dir(root: &Path) -> PathBuf {
    root.join(".shiori").join("index")
}

/// One document per heading section of every page, in reading order (see
/// [`super::documents`]).
pub fn section_docs(library: &Library) -> Vec<SectionDoc> {
    site_docs(library)
}

/// The most text of one heading section that is indexed (bytes). A section
/// of tens of megabytes (a pasted log) would otherwise take a gigabyte to
/// index and most of the bundle; what follows its first megabyte is shown
/// on the page but not found by search.
pub const MAX_INDEXED_BODY: usize = 1 << 20;

pub(super) fn indexed_body(text: &str) -> &str {
    if text.len() <= MAX_INDEXED_BODY {
        return text;
    }
    let mut end = MAX_INDEXED_BODY;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What the search stage indexes, and the name its manifest will have.
///
/// The name is a hash of the documents (and the bundle format), known before
/// the index exists: pages can be rendered while the index is built, and
/// they name the right manifest, which changes exactly when the documents do.
pub struct SearchInput {
    pub docs: Vec<SectionDoc>,
    /// The manifest's name without `.js`, e.g. `m-0a1b2c3d4e`.
    pub manifest: String,
}

impl SearchInput {
    pub fn new(library: &Library) -> SearchInput {
        let docs = section_docs(library);
        let per_doc: Vec<String> = docs.par_iter().map(document_hash).collect();
        let manifest = manifest_name(&per_doc);
        SearchInput { docs, manifest }
    }
}

/// The manifest's name for documents of these hashes (see [`SearchInput`]).
fn manifest_name(per_doc: &[String]) -> String {
    let version = format!("{} {}", env!("CARGO_PKG_VERSION"), BUNDLE_FORMAT);
    let mut parts: Vec<&[u8]> = vec![version.as_bytes()];
    parts.extend(per_doc.iter().map(|h| h.as_bytes()));
    format!("m-{}", content_hash(&parts))
}

fn document_hash(doc: &SectionDoc) -> String {
    let counts = [doc.heading_path.len() as u64, doc.tags.len() as u64].map(u64::to_le_bytes);
    let mut parts: Vec<&[u8]> = vec![
        doc.note_id.as_bytes(),
        doc.url.as_bytes(),
        doc.title.as_bytes(),
        &counts[0],
        &counts[1],
        doc.body.as_bytes(),
    ];
    parts.extend(doc.heading_path.iter().map(|h| h.as_bytes()));
    parts.extend(doc.tags.iter().map(|t| t.as_bytes()));
    content_hash(&parts)
}

/// The build's search stage: rebuilds the index of `root` from `library`
/// and writes the browser bundle into `<staging_dir>/search`.
pub fn index_and_bundle(
    root: &Path,
    library: &Library,
    staging_dir: &Path,
) -> Result<(SearchIndex, BundleInfo), SearchError> {
    write_search(root, SearchInput::new(library), staging_dir).map(|w| (w.index, w.bundle))
}

/// What [`write_search`] made, and how long its two steps took.
pub struct WrittenSearch {
    pub index: SearchIndex,
    pub bundle: BundleInfo,
    /// `index` (tokenizing and indexing) and `bundle` (writing the browser bundle).
    pub timings: [(&'static str, Duration); 2],
}

/// Rebuilds the index of `root` from `input` and writes the browser bundle
/// into `<staging_dir>/search`, its manifest named `input.manifest`.
pub fn write_search(
    root: &Path,
    input: SearchInput,
    staging_dir: &Path,
) -> Result<WrittenSearch, SearchError> {
    let SearchInput { docs, manifest } = input;
    let mut feed = SearchFeed::start(root);
    feed.send(docs);
    feed.finish(staging_dir, &manifest)
}

/// The search stage of a build, begun before the notes are all parsed:
/// each parsed note's documents are fed in reading order, and tantivy
/// indexes them on its own threads while the build parses, links and
/// renders. The index is the longest step of a build and runs on one core,
/// so starting it early keeps both cores busy to the end.
///
/// The index is built in a private folder and then moved to
/// `.shiori/index`, so two builds of one site at once (a test run, `serve`
/// next to `build`) never see each other's half-written index. A feed
/// dropped unfinished (the build failed) removes its folder.
pub struct SearchFeed {
    target: PathBuf,
    private: PathBuf,
    send: Option<mpsc::Sender<Vec<SectionDoc>>>,
    feeder: Option<std::thread::JoinHandle<Fed>>,
    /// The hash of every document fed, for the manifest's name.
    hashes: Vec<String>,
    started: Instant,
}

/// What the feeding thread hands back: the index written so far and the
/// documents, or why the index could not be written.
type Fed = Result<(IndexWriting, Vec<SectionDoc>), SearchError>;

impl SearchFeed {
    /// Starts an empty index for the site at `root`. A failure to create
    /// it is reported by [`SearchFeed::finish`].
    pub fn start(root: &Path) -> SearchFeed {
        let target = index_dir(root);
        let private = private_dir(&target);
        let (send, receive) = mpsc::channel::<Vec<SectionDoc>>();
        let dir = private.clone();
        // Without a thread (the system refused one), `finish` says so.
        let feeder = std::thread::Builder::new()
            .name("shiori-index-feed".into())
            .spawn(move || -> Fed {
                let mut writing = IndexWriting::create(&dir)?;
                let mut docs = Vec::new();
                // The channel holds what parsing is ahead by: parsing never
                // waits for the index.
                for chunk in receive {
                    for doc in &chunk {
                        writing.add(doc)?;
                    }
                    docs.extend(chunk);
                }
                Ok((writing, docs))
            })
            .ok();
        let send = feeder.is_some().then_some(send);
        SearchFeed {
            target,
            private,
            send,
            feeder,
            hashes: Vec::new(),
            started: Instant::now(),
        }
    }

    /// Feeds the documents of these parsed notes (the next ones in reading order).
    pub fn feed(&mut self, notes: &[SourceNote], parsed: &[NoteParse]) {
        let mut docs = Vec::new();
        for (source, parsed) in notes.iter().zip(parsed) {
            note_docs(source, parsed, &mut docs);
        }
        self.send(docs);
    }

    /// Feeds the documents of the section pages, once every note is fed
    /// (the intros are parsed with the notes but known only once linked).
    pub fn feed_sections(&mut self, sections: &[Section]) {
        let mut docs = Vec::new();
        section_page_docs(sections, &mut docs);
        self.send(docs);
    }

    /// Feeds the next documents.
    fn send(&mut self, docs: Vec<SectionDoc>) {
        self.hashes.par_extend(docs.par_iter().map(document_hash));
        if let Some(send) = &self.send {
            // The feeder stops only on an error, which `finish` reports.
            let _ = send.send(docs);
        }
    }

    /// The manifest's name for the documents fed so far (see [`SearchInput`]).
    pub fn manifest(&self) -> String {
        manifest_name(&self.hashes)
    }

    /// Commits the index, writes the bundle into `<staging_dir>/search` with
    /// its manifest named `manifest`, and moves the index into place.
    pub fn finish(
        mut self,
        staging_dir: &Path,
        manifest: &str,
    ) -> Result<WrittenSearch, SearchError> {
        let written = self.write(staging_dir, manifest);
        match &written {
            Ok(_) => publish(&self.private, &self.target),
            Err(_) => {
                let _ = std::fs::remove_dir_all(&self.private);
            }
        }
        written
    }

    fn write(&mut self, staging_dir: &Path, manifest: &str) -> Result<WrittenSearch, SearchError> {
        self.send = None;
        let fed = match self.feeder.take().map(|feeder| feeder.join()) {
            Some(Ok(fed)) => fed,
            Some(Err(_)) => Err(SearchError::Bundle("the index feeder panicked".into())),
            None => Err(SearchError::Bundle(
                "no thread could be started to build the index".into(),
            )),
        };
        let (writing, docs) = fed?;
        let search_dir = staging_dir.join("search");
        // The fragments need only the documents: written while the index commits.
        let (index, fragments) = rayon::join(
            || writing.finish(),
            || write_fragment_files(&docs, &search_dir),
        );
        crate::drop_in_background(docs);
        let index = index?;
        let indexed = self.started.elapsed();
        let bundle = index.write_bundle_with_fragments(&search_dir, manifest, fragments?)?;
        Ok(WrittenSearch {
            index,
            bundle,
            timings: [
                ("index", indexed),
                ("bundle", self.started.elapsed() - indexed),
            ],
        })
    }
}

impl Drop for SearchFeed {
    fn drop(&mut self) {
        // Unfinished: stop the feeder and remove its half-built index.
        if let Some(feeder) = self.feeder.take() {
            self.send = None;
            let _ = feeder.join();
            let _ = std::fs::remove_dir_all(&self.private);
        }
    }
}

/// Rebuilds `<root>/.shiori/index` from `library` and opens it (what
/// `shiori search` does when [`index_is_current`] says the index is stale).
pub fn rebuild_index(root: &Path, library: &Library) -> Result<SearchIndex, SearchError> {
    let target = index_dir(root);
    let private = private_dir(&target);
    match build_index(&section_docs(library), &private) {
        Ok(index) => {
            drop(index);
            publish(&private, &target);
            open_index(&target)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&private);
            Err(e)
        }
    }
}

/// A folder next to `target` that no other process uses.
fn private_dir(target: &Path) -> PathBuf {
    remove_abandoned(target);
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = format!("index.build-{}-{nanos}-{n}", std::process::id());
    target.with_file_name(name)
}

/// Removes private index folders left by builds that were killed: their
/// process no longer exists (checked through `/proc`, so only on Linux). A
/// previous index moved aside (`.old`) is left to [`recover`], which may
/// need it back.
fn remove_abandoned(target: &Path) {
    let (Some(parent), true) = (target.parent(), Path::new("/proc/self").exists()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".old") {
            continue;
        }
        let Some(pid) = name
            .strip_prefix("index.build-")
            .and_then(|rest| rest.split('-').next())
        else {
            continue;
        };
        if pid != std::process::id().to_string() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Moves a freshly built index into place, under a lock so two builds of
/// one site publish one after the other. On Linux the two folders are
/// exchanged in one step; elsewhere the previous index is moved aside to
/// `<name>.old` first, and [`recover`] puts it back if the process dies
/// before the new one is in place. Either way a kill at any moment leaves
/// the previous index or the new one, and the next publish starts clean.
fn publish(built: &Path, target: &Path) {
    let lock = crate::emit::OutputLock::acquire(target, |_| {});
    recover(target);
    if target.exists() && crate::emit::exchange(built, target).is_ok() {
        crate::fault::point("index-swapped");
        // `built` now holds the previous index.
        let _ = std::fs::remove_dir_all(built);
        return;
    }
    let old = built.with_extension("old");
    let had_old = std::fs::rename(target, &old).is_ok();
    crate::fault::point("index-moved-aside");
    if std::fs::rename(built, target).is_err() {
        let _ = std::fs::remove_dir_all(built);
        if had_old {
            let _ = std::fs::rename(&old, target);
        }
    } else if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    drop(lock);
}

/// Clears what an interrupted publish left beside `target`: a previous index
/// moved aside (`index.old` as older versions named it, or
/// `index.build-….old`) is put back when `target` is missing, and removed
/// otherwise. Called with the publish lock held, so no other publish is
/// between its two renames.
fn recover(target: &Path) {
    let Some(parent) = target.parent() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut olds: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name == "index.old" || (name.starts_with("index.build-") && name.ends_with(".old"))
        })
        .map(|e| e.path())
        .collect();
    // The newest of several leftovers is the one to restore.
    olds.sort_by_key(|p| std::cmp::Reverse(modified(p)));
    for old in olds {
        if !target.exists() && old.join(super::index::FORMAT_MARKER).exists() {
            let _ = std::fs::rename(&old, target);
        } else {
            let _ = std::fs::remove_dir_all(&old);
        }
    }
}

/// Whether `<root>/.shiori/index` exists and is newer than every file under
/// `content/` and `site.yaml`: `shiori search` rebuilds it otherwise.
pub fn index_is_current(root: &Path) -> bool {
    let marker = index_dir(root).join(super::index::FORMAT_MARKER);
    let Some(built) = modified(&marker) else {
        return false;
    };
    let newest_source = walkdir::WalkDir::new(root.join(CONTENT_DIR))
        .into_iter()
        .flatten()
        .filter_map(|e| modified(e.path()))
        .chain(modified(&root.join("site.yaml")))
        .max();
    newest_source.is_none_or(|t| t <= built)
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}
