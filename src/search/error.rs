//! The search module's error type.

use std::path::PathBuf;

/// Everything that can go wrong while indexing, searching or bundling.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed (corrupt index, I/O inside the index directory, ...).
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `build_index` was pointed at a directory that holds something else.
    #[error(
        "{0} is not empty and does not look like a shiori search index; refusing to replace it"
    )]
    NotAnIndexDir(PathBuf),
    /// The index on disk was written by another version of shiori: rebuild it.
    #[error("the search index in {path} has format {found:?}, this shiori needs {expected:?}; rebuild it")]
    IndexVersion {
        /// The index directory.
        path: PathBuf,
        /// The format found on disk (empty when there is no marker).
        found: String,
        /// The format this build of shiori writes.
        expected: &'static str,
    },
    /// The index holds data the bundle format cannot express.
    #[error("cannot bundle the search index: {0}")]
    Bundle(String),
}

impl SearchError {
    /// The file or folder the error is about, when it is about one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            SearchError::Io { path, .. }
            | SearchError::NotAnIndexDir(path)
            | SearchError::IndexVersion { path, .. } => Some(path),
            SearchError::Index(_) | SearchError::Bundle(_) => None,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> SearchError {
        let path = path.into();
        move |source| SearchError::Io { path, source }
    }
}
