//! Links written as the URLs another tool publishes, resolved against the
//! content tree: Hugo's and VitePress's `/section/page/`, Docusaurus's
//! `./page` and number-prefixed ids (`01-intro.md` is `/intro`), absolute
//! `slug: /x`, a doc's `id`, a folder's `index` or `README` (or the file
//! that became its index), Hugo lower-casing paths, and
//! a site published under a path (`/handbook/…`) whose prefix the links
//! repeat.

use crate::content::Content;
use std::collections::HashMap;

/// A page a URL can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Note(usize),
    Section(usize),
}

/// Every note's and section's URL forms, normalised ([`key`]).
pub struct PrettyUrls {
    pages: HashMap<String, Page>,
    /// The first segment of every folder at the top of `content/`: a link's
    /// first segment that is none of them may be the prefix the site is
    /// published under.
    top: std::collections::HashSet<String>,
}

impl PrettyUrls {
    pub fn new(content: &Content) -> PrettyUrls {
        let mut pages = HashMap::new();
        let mut add = |url: &str, page: Page| {
            // The first claim wins: a note's own path before another's slug.
            pages.entry(key(url)).or_insert(page);
        };
        for (i, section) in content.sections.iter().enumerate() {
            add(&section.dir, Page::Section(i));
            add(&without_numbers(&section.dir), Page::Section(i));
            // The file that became the folder's index (`slug: index`, a
            // README), linked by its own name.
            if let Some(index) = &section.index {
                add(&index.path_id, Page::Section(i));
            }
        }
        for (i, note) in content.notes.iter().enumerate() {
            add(&note.path_id, Page::Note(i));
            let output = note.output.trim_end_matches(".html");
            add(output, Page::Note(i));
            add(&without_numbers(&note.path_id), Page::Note(i));
            if let Some(slug) = note.front.slug.as_deref().filter(|s| s.starts_with('/')) {
                add(slug, Page::Note(i));
            }
        }
        // Docusaurus publishes a doc under its `id` (or relative `slug`) in its folder.
        for (i, note) in content.notes.iter().enumerate() {
            let dir = note.path_id.rsplit_once('/').map_or("", |(d, _)| d);
            let named = [
                note.front.extra.get("id").and_then(|v| v.as_str()),
                note.front.slug.as_deref().filter(|s| !s.starts_with('/')),
            ];
            for name in named.into_iter().flatten().filter(|n| !n.contains('/')) {
                let url = if dir.is_empty() {
                    name.to_string()
                } else {
                    format!("{dir}/{name}")
                };
                add(&url, Page::Note(i));
                add(&without_numbers(&url), Page::Note(i));
            }
        }
        let top = content
            .sections
            .iter()
            .filter_map(|s| s.dir.split('/').next())
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase)
            .collect();
        PrettyUrls { pages, top }
    }

    /// The page `path` (joined onto the linking note's folder, or from the
    /// root for a site-absolute link) names; then, for a site-absolute link,
    /// the same without a leading prefix the content has no folder for.
    pub fn find(&self, path: &str, absolute: bool) -> Option<Page> {
        if let Some(page) = self.pages.get(&key(path)) {
            return Some(*page);
        }
        if !absolute {
            return None;
        }
        let trimmed = path.trim_matches('/');
        let (first, rest) = trimmed.split_once('/')?;
        if self.top.contains(&first.to_lowercase()) {
            return None;
        }
        self.pages.get(&key(rest)).copied()
    }
}

/// A URL path as a lookup key: lower case, no slashes at either end, no
/// page extension, a folder's `index`, `_index` or `README` standing for
/// the folder.
fn key(path: &str) -> String {
    let mut key = path.trim_matches('/').to_lowercase();
    for ext in [".html", ".htm", ".md", ".mdx", ".markdown"] {
        if let Some(stem) = key.strip_suffix(ext) {
            key.truncate(stem.len());
            break;
        }
    }
    for index in ["index", "_index", "readme"] {
        if key == index {
            key.clear();
        } else if let Some(dir) = key.strip_suffix(&format!("/{index}")) {
            key.truncate(dir.len());
        }
    }
    key
}

/// A path without the number prefixes that order files in Docusaurus and
/// GitBook-style folders (`01-intro`, `2_setup`): they are not in its URLs.
fn without_numbers(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let digits = segment.bytes().take_while(u8::is_ascii_digit).count();
            match segment.as_bytes().get(digits) {
                Some(b'-' | b'_' | b'.') if digits > 0 && digits + 1 < segment.len() => {
                    &segment[digits + 1..]
                }
                _ => segment,
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_the_forms_of_one_page() {
        for url in [
            "/Handbook/Company/",
            "handbook/company",
            "handbook/company/index.html",
            "handbook/company/_index.md",
        ] {
            assert_eq!(key(url), "handbook/company", "{url}");
        }
        assert_eq!(key("README.md"), "");
        assert_eq!(without_numbers("01-tutorial/02_basics"), "tutorial/basics");
        assert_eq!(without_numbers("2024/12/05/post"), "2024/12/05/post");
        assert_eq!(without_numbers("1-"), "1-");
    }
}
