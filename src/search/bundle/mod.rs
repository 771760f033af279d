//! Compiling the tantivy index into the browser bundle.

/// What `write_bundle` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleInfo {
    /// The content-hashed manifest script every page loads.
    pub manifest: String,
    /// Every file written, manifest included, sorted.
    pub files: Vec<String>,
    /// Their total size in bytes.
    pub total_bytes: u64,
}
