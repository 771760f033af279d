//! `content/official-docs.yaml`: the official documentation pages notes cite.

use crate::diagnostics::{Code, Diagnostic, LineIndex, Location};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The file name of the catalog inside `content/`.
pub const CATALOG_FILE: &str = "official-docs.yaml";

/// One official documentation page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocPage {
    pub id: String,
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub category: String,
}

/// Every official page, in file order, with an index by id and by URL.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub pages: Vec<DocPage>,
    by_id: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
}

/// Index of a page inside [`Catalog::pages`].
pub type DocIndex = crate::ids::DocId;

impl Catalog {
    /// Parses the catalog text; `file` is used for diagnostics.
    pub fn parse(text: &str, file: &Path, out: &mut Vec<Diagnostic>) -> Catalog {
        if text.trim().is_empty() {
            return Catalog::default();
        }
        if let Some(at) = crate::yaml::depth::too_deep(text) {
            out.push(crate::yaml::depth::diagnostic(
                Code::Catalog,
                file,
                text,
                at,
            ));
            return Catalog::default();
        }
        let pages: Vec<DocPage> = match serde_yaml::from_str(text) {
            Ok(pages) => pages,
            Err(e) => {
                let mut d = crate::yaml::diagnostic(&e, text, file);
                d.code = Code::Catalog;
                out.push(d);
                return Catalog::default();
            }
        };
        let mut catalog = Catalog::default();
        let mut finder = IdFinder::default();
        let mut lines = None;
        for page in pages {
            let span = finder.find(text, &page.id);
            // Only an entry with a problem is located, from one index of the file's lines.
            let mut location = || match &span {
                Some(span) => lines.get_or_insert_with(|| LineIndex::new(text)).locate(
                    file,
                    text,
                    span.clone(),
                ),
                None => Location::file(file),
            };
            if page.id.trim().is_empty() {
                out.push(Diagnostic::error(
                    Code::Catalog,
                    location(),
                    "catalog entry without an id",
                ));
                continue;
            }
            if !crate::urls::is_http_url(&page.url) {
                out.push(Diagnostic::error(
                    Code::Catalog,
                    location(),
                    format!(
                        "catalog entry `{}` has url `{}`; it must be an http(s) URL",
                        page.id, page.url
                    ),
                ));
                continue;
            }
            if catalog.by_id.contains_key(&page.id) {
                out.push(Diagnostic::error(
                    Code::Catalog,
                    location(),
                    format!("catalog id `{}` is listed twice", page.id),
                ));
                continue;
            }
            let index = catalog.pages.len();
            catalog.by_id.insert(page.id.clone(), index);
            catalog
                .by_url
                .entry(normalize_url(&page.url))
                .or_insert(index);
            catalog.pages.push(page);
        }
        catalog
    }

    pub fn get(&self, id: &str) -> Option<DocIndex> {
        self.by_id.get(id).copied().map(crate::ids::DocId)
    }

    /// The page a plain link points at, ignoring fragment, query and a trailing slash.
    pub fn by_url(&self, url: &str) -> Option<DocIndex> {
        self.by_url
            .get(&normalize_url(url))
            .copied()
            .map(crate::ids::DocId)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.pages.iter().map(|p| p.id.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

fn normalize_url(url: &str) -> String {
    let url = url.split(['#', '?']).next().unwrap_or(url);
    url.trim_end_matches('/').to_ascii_lowercase()
}

/// Finds each entry's `id:` in the text, entries being met in file order:
/// the search goes on from the previous entry, and stops for good once an
/// id is not found (written another way, `id: "x"`), so the whole file is
/// read once however many entries it holds.
#[derive(Default)]
struct IdFinder {
    cursor: usize,
    lost: bool,
}

impl IdFinder {
    fn find(&mut self, text: &str, id: &str) -> Option<std::ops::Range<usize>> {
        if self.lost {
            return None;
        }
        let needle = format!("id: {id}");
        match text[self.cursor..].find(&needle) {
            Some(i) => {
                let start = self.cursor + i;
                self.cursor = start + needle.len();
                Some(start + 4..start + needle.len())
            }
            None => {
                self.lost = true;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pages_by_id_and_url() {
        let text = "- id: fargate\n  title: AWS Fargate\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/fargate.html\n  category: ノード\n";
        let mut out = Vec::new();
        let catalog = Catalog::parse(text, Path::new("official-docs.yaml"), &mut out);
        assert!(out.is_empty());
        assert_eq!(catalog.get("fargate"), Some(crate::ids::DocId(0)));
        assert_eq!(
            catalog.by_url(
                "https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/fargate.html#limits"
            ),
            Some(crate::ids::DocId(0))
        );
    }

    #[test]
    fn rejects_script_urls_and_duplicates() {
        let text = "- id: a\n  title: A\n  url: javascript:alert(1)\n- id: b\n  title: B\n  url: https://x/b\n- id: b\n  title: B2\n  url: https://x/b2\n";
        let mut out = Vec::new();
        let catalog = Catalog::parse(text, Path::new("official-docs.yaml"), &mut out);
        assert_eq!(catalog.pages.len(), 1);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].location.line, 1);
        assert_eq!(out[1].location.line, 7);
    }
}
