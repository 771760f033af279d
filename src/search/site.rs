//! The search stage of a site build: the linked site's heading sections as
//! search documents, the index in `<root>/.shiori/index`, the bundle in
//! `<staging>/search`.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::error::SearchError;
use super::{build_index, BundleInfo, SearchIndex, SectionDoc};
use crate::content::CONTENT_DIR;
use crate::links::Library;
use crate::urls::{encode_fragment, encode_path};

/// Where a site keeps its search index (a cache: gitignored, outside `public/`).
pub fn index_dir(root: &Path) -> PathBuf {
    root.join(".shiori").join("index")
}

/// One document per heading section of every note, in reading order.
pub fn section_docs(library: &Library) -> Vec<SectionDoc> {
    let mut docs = Vec::new();
    for note in &library.notes {
        let source = &note.source;
        let page = encode_path(&source.output);
        if note.parsed.sections.is_empty() {
            // A note of only a title is still found by its title.
            docs.push(SectionDoc {
                note_id: source.slug.clone(),
                url: page.clone(),
                title: source.title.clone(),
                heading_path: Vec::new(),
                tags: source.front.tags.clone(),
                body: String::new(),
            });
        }
        for section in &note.parsed.sections {
            docs.push(SectionDoc {
                note_id: source.slug.clone(),
                url: match &section.anchor {
                    Some(anchor) => format!("{page}#{}", encode_fragment(anchor)),
                    None => page.clone(),
                },
                title: source.title.clone(),
                heading_path: section.heading_path.clone(),
                tags: source.front.tags.clone(),
                body: section.text.clone(),
            });
        }
    }
    docs
}

/// The build's search stage: rebuilds the index of `root` from `library`
/// and writes the browser bundle into `<staging_dir>/search`.
///
/// The index is built in a folder of its own and then moved into place, so
/// two builds of one site at the same time (or a killed build) never leave a
/// half-written index behind.
pub fn index_and_bundle(
    root: &Path,
    library: &Library,
    staging_dir: &Path,
) -> Result<(SearchIndex, BundleInfo), SearchError> {
    let final_dir = index_dir(root);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let building =
        final_dir.with_file_name(format!("index.building-{}-{nanos}", std::process::id()));
    let index = build_index(&section_docs(library), &building)?;
    let bundle = index.write_bundle(&staging_dir.join("search"))?;
    let retired = final_dir.with_file_name(format!("index.old-{}-{nanos}", std::process::id()));
    let _ = std::fs::rename(&final_dir, &retired);
    if std::fs::rename(&building, &final_dir).is_err() {
        // Another build put its index in place meanwhile: it is as good as ours.
        let _ = std::fs::remove_dir_all(&building);
    }
    let _ = std::fs::remove_dir_all(&retired);
    Ok((index, bundle))
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
