//! Who writes each output file. A note, a folder's page, a copied file of
//! `content/` and the pages and files of the site itself share one output
//! folder: two of them on one path, or on paths that differ only by letter
//! case (one file on macOS and Windows), would silently lose one. Each such
//! collision is an error naming both.

use crate::content::{Content, CONTENT_DIR};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::paths;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Pages and files every build writes besides notes, sections and assets.
const SITE_PAGES: [&str; 6] = [
    paths::NOT_FOUND,
    paths::MAP,
    paths::CATALOG,
    "print.html",
    paths::SEARCH,
    "highlight.css",
];
/// Folders the site fills itself, with what they hold.
const SITE_FOLDERS: [(&str, &str); 4] = [
    ("tags/", "the tag pages"),
    (
        "unwritten/",
        "the pages of notes linked and not written yet",
    ),
    ("search/", "the search index"),
    ("previews/", "the link previews"),
];

/// The files a build writes that come from neither notes nor `content/`:
/// the site's own pages and the theme's static files.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    pages: Vec<String>,
    theme_files: Vec<String>,
}

impl SiteFiles {
    /// The site's own pages, `sitemap.xml` when one is written, and
    /// `theme_files` (paths below the theme's `static/`).
    pub fn new(theme_files: impl IntoIterator<Item = String>, sitemap: bool) -> SiteFiles {
        let mut pages: Vec<String> = SITE_PAGES.iter().map(|p| p.to_string()).collect();
        if sitemap {
            pages.push(paths::SITEMAP.to_string());
        }
        SiteFiles {
            pages,
            theme_files: theme_files.into_iter().collect(),
        }
    }
}

impl SiteFiles {
    /// These files plus the numbered pages of `content`: the further parts
    /// of the print version (`print-2.html`, …) and of a large site's
    /// section list (`index-2.html`, …).
    fn with_numbered_pages(&self, content: &Content) -> SiteFiles {
        let mut files = self.clone();
        // A note written as `404.md` supplies the not-found page instead of colliding with it.
        if content.notes.iter().any(|n| n.output == paths::NOT_FOUND) {
            files.pages.retain(|p| p != paths::NOT_FOUND);
        }
        let parts = 1..paths::print_parts(content.notes.len());
        files.pages.extend(parts.map(paths::print_output));
        // The sidebar and the home page list the sections with notes or
        // sub-sections, the top folder aside.
        let listed = content
            .sections
            .iter()
            .skip(1)
            .filter(|s| !s.notes.is_empty() || !s.children.is_empty())
            .count();
        let home = 1..paths::home_pages(listed, content.notes.len());
        files.pages.extend(home.map(paths::home_output));
        files
    }
}

/// What writes an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Writer {
    SitePage,
    ThemeFile,
    Section(usize),
    Note(usize),
    Asset(usize),
}

impl Writer {
    fn is_site(self) -> bool {
        matches!(self, Writer::SitePage | Writer::ThemeFile)
    }
}

/// One output path and what writes it.
struct Claim<'a> {
    output: &'a str,
    writer: Writer,
}

/// Reports every output path claimed twice, claimed inside a folder the site
/// fills itself, or equal to another but for letter case.
pub fn check_outputs(content: &Content, site: &SiteFiles, out: &mut Vec<Diagnostic>) {
    let site = &site.with_numbered_pages(content);
    let assets: Vec<String> = content
        .assets
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let claims = claims(content, site, &assets);
    let mut exact: HashMap<&str, Writer> = HashMap::new();
    let mut folded: HashMap<String, &Claim<'_>> = HashMap::new();
    for claim in &claims {
        let key = fold_case(claim.output);
        if !claim.writer.is_site() {
            out.extend(in_site_folder(content, claim));
            if let Some(&first) = exact.get(claim.output) {
                out.push(same_output(content, claim, first));
            } else if let Some(first) = folded.get(&key) {
                out.push(same_but_for_case(content, claim, first));
            }
        }
        exact.entry(claim.output).or_insert(claim.writer);
        folded.entry(key).or_insert(claim);
    }
}

/// Every claim, the site's own first so that a note or file, never the
/// site, is the one reported.
fn claims<'a>(content: &'a Content, site: &'a SiteFiles, assets: &'a [String]) -> Vec<Claim<'a>> {
    let pages = site.pages.iter().map(|output| Claim {
        output,
        writer: Writer::SitePage,
    });
    let theme_files = site.theme_files.iter().map(|output| Claim {
        output,
        writer: Writer::ThemeFile,
    });
    let sections = content.sections.iter().enumerate().map(|(i, s)| Claim {
        output: &s.output,
        writer: Writer::Section(i),
    });
    let notes = content.notes.iter().enumerate().map(|(i, n)| Claim {
        output: &n.output,
        writer: Writer::Note(i),
    });
    let assets = assets.iter().enumerate().map(|(i, a)| Claim {
        output: a,
        writer: Writer::Asset(i),
    });
    pages
        .chain(theme_files)
        .chain(sections)
        .chain(notes)
        .chain(assets)
        .collect()
}

/// The name two paths share on a case-insensitive file system (which also
/// ignores Unicode normalisation, as macOS does).
fn fold_case(output: &str) -> String {
    // NFC leaves ASCII as it is.
    if output.is_ascii() {
        output.to_ascii_lowercase()
    } else {
        output.nfc().collect::<String>().to_lowercase()
    }
}

fn in_site_folder(content: &Content, claim: &Claim<'_>) -> Option<Diagnostic> {
    // `Tags/` is `tags/` on macOS and Windows.
    let folded = fold_case(claim.output);
    let (folder, holds) = SITE_FOLDERS
        .iter()
        .find(|(folder, _)| folded.starts_with(folder))?;
    Some(
        Diagnostic::error(
            Code::DuplicateSlug,
            location(content, claim.writer),
            format!(
                "`{}` is inside `{folder}`, which holds {holds}",
                claim.output
            ),
        )
        .with_help(move_help(claim.writer)),
    )
}

fn same_output(content: &Content, claim: &Claim<'_>, previous: Writer) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateSlug,
        location(content, claim.writer),
        format!(
            "{}this {} and {} would both be written to `{}`",
            if matches!(claim.writer, Writer::Note(_)) {
                "duplicate slug: "
            } else {
                ""
            },
            kind(claim.writer),
            describe(content, previous),
            claim.output
        ),
    )
    .with_help(move_help(claim.writer))
}

fn same_but_for_case(content: &Content, claim: &Claim<'_>, previous: &Claim<'_>) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateSlug,
        location(content, claim.writer),
        format!(
            "this {} is written to `{}` and {} to `{}`: the names differ only by letter case, so on macOS and Windows one overwrites the other",
            kind(claim.writer),
            claim.output,
            describe(content, previous.writer),
            previous.output
        ),
    )
    .with_help("rename one of them so the names differ by more than case")
}

fn kind(writer: Writer) -> &'static str {
    match writer {
        Writer::SitePage | Writer::ThemeFile => "page",
        Writer::Section(_) => "folder",
        Writer::Note(_) => "note",
        Writer::Asset(_) => "file",
    }
}

/// The other side of a collision, as a reader of the message knows it.
fn describe(content: &Content, writer: Writer) -> String {
    match writer {
        Writer::SitePage => "a page of the site itself".to_string(),
        Writer::ThemeFile => "a static file of the theme".to_string(),
        Writer::Section(i) if content.sections[i].dir.is_empty() => "the home page".to_string(),
        Writer::Section(i) => format!(
            "the page of the folder `{}`",
            section_dir(content, i).display()
        ),
        Writer::Note(i) => format!("`{}`", content.notes[i].file.display()),
        Writer::Asset(i) => format!(
            "`{}`",
            Path::new(CONTENT_DIR).join(&content.assets[i]).display()
        ),
    }
}

fn move_help(writer: Writer) -> &'static str {
    match writer {
        Writer::Note(_) => "move the note or folder elsewhere, or give the note another `slug:`",
        _ => "rename or move it",
    }
}

fn section_dir(content: &Content, i: usize) -> PathBuf {
    Path::new(CONTENT_DIR).join(&content.sections[i].dir)
}

/// A section's `_index.md` when it has one, else its folder.
fn section_file(content: &Content, i: usize) -> PathBuf {
    match &content.sections[i].index {
        Some(index) => index.file.clone(),
        None => section_dir(content, i),
    }
}

/// Where to point the reader: the `slug:` line of a note that sets one, else the file.
fn location(content: &Content, writer: Writer) -> Location {
    match writer {
        Writer::Note(i) if content.notes[i].front.slug.is_some() => {
            content.notes[i].front_source().key_location("slug")
        }
        Writer::Note(i) => Location::file(&content.notes[i].file),
        Writer::Section(i) => Location::file(&section_file(content, i)),
        Writer::Asset(i) => Location::file(&Path::new(CONTENT_DIR).join(&content.assets[i])),
        Writer::SitePage | Writer::ThemeFile => Location::file(Path::new(CONTENT_DIR)),
    }
}
