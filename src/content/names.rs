//! How names are compared and turned into file names: a note's or tag's
//! name normalised for matching, and a tag's page key.

use unicode_normalization::UnicodeNormalization;

/// Normalises a name for matching: NFKC, lower case, single spaces.
pub fn normalize_name(name: &str) -> String {
    // NFKC leaves ASCII as it is.
    let folded = if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.nfkc().collect::<String>().to_lowercase()
    };
    crate::markdown::collapse_whitespace(&folded)
}

/// A file-name-safe key for a tag page: the tag lower-cased, with characters
/// that cannot stand in a file name replaced.
pub fn tag_key(tag: &str) -> String {
    let key: String = normalize_name(tag)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let key = key.trim_matches(['-', '.']).to_string();
    match key.as_str() {
        "" => "tag".to_string(),
        // `tags/index.html` is the list of all tags.
        "index" => "index-tag".to_string(),
        _ => key,
    }
}
