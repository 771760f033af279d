//! Hugo's glossary links: `[page resources](g)` leads to the glossary entry
//! the link's text names (the Hugo documentation's link render hook does
//! this; sites built on its theme follow it). An entry is a note in a folder
//! named `glossary`, found by its file name or title, the text's plural
//! read as its singular. Without such a folder, or without the entry, the
//! link is broken and says why.

use super::resolve::normalize_name;
use crate::content::Content;
use std::collections::HashMap;

pub use crate::markdown::slots::BY_TEXT_DEST as GLOSSARY_DEST;

/// The glossary entries of a site by term.
#[derive(Debug, Default)]
pub struct Glossary {
    entries: HashMap<String, usize>,
}

impl Glossary {
    pub fn new(content: &Content) -> Glossary {
        let mut entries = HashMap::new();
        for (i, note) in content.notes.iter().enumerate() {
            let dir = note.path_id.rsplit_once('/').map_or("", |(d, _)| d);
            let folder = dir.rsplit('/').next().unwrap_or(dir);
            if !folder.eq_ignore_ascii_case("glossary") {
                continue;
            }
            let name = note.path_id.rsplit('/').next().unwrap_or(&note.path_id);
            for key in [term_key(name), term_key(&note.title), term_key(&note.slug)] {
                entries.entry(key).or_insert(i);
            }
        }
        Glossary { entries }
    }

    /// Whether the site has a glossary at all.
    pub fn exists(&self) -> bool {
        !self.entries.is_empty()
    }

    /// The entry `term` names, singular or plural.
    pub fn find(&self, term: &str) -> Option<usize> {
        let key = term_key(term);
        let found = singulars(&key).find_map(|k| self.entries.get(&k).copied());
        found
    }
}

/// A term as entries are looked up: case, width and the separators of
/// file names (`page-resource`) folded away.
fn term_key(term: &str) -> String {
    normalize_name(term)
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `key` as written, then its last word made singular the ways English does.
fn singulars(key: &str) -> impl Iterator<Item = String> + '_ {
    let forms = [
        key.strip_suffix("ies").map(|s| format!("{s}y")),
        key.strip_suffix("es").map(str::to_string),
        key.strip_suffix('s').map(str::to_string),
    ];
    std::iter::once(key.to_string()).chain(forms.into_iter().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_file_names_meet() {
        assert_eq!(term_key("Page-Resource"), "page resource");
        let forms: Vec<String> = singulars("glob patterns").collect();
        assert!(forms.contains(&"glob pattern".to_string()));
        let forms: Vec<String> = singulars("taxonomies").collect();
        assert!(forms.contains(&"taxonomy".to_string()));
    }
}
