//! The load stage: `content/` on disk → notes, sections and the catalog.

pub mod book_variables;
mod cache;
pub mod catalog;
mod doc_suggest;
pub mod front_matter;
mod headless;
pub mod includes;
mod names;
mod order;
mod output_names;
mod source_keys;
mod tool_order;
mod vault;

use crate::ids::{indexed_by, DocId, NoteId, SectionId};
pub use cache::{load, load_cached, reload, LoadCache};
pub use catalog::{Catalog, DocIndex, DocPage, CATALOG_FILE};
pub use front_matter::FrontMatter;
pub use names::{normalize_name, tag_key};
pub use tool_order::nav_label;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use front_matter::{FrontSource, Split};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The folder of notes inside a site root.
pub const CONTENT_DIR: &str = "content";

/// A Markdown note as read from disk, before parsing.
#[derive(Debug, Clone)]
pub struct SourceNote {
    /// Path relative to the site root, as diagnostics show it (`content/network/snat.md`).
    pub file: PathBuf,
    /// The whole file text (a UTF-8 BOM removed); shared, as rebuilds copy notes.
    pub text: std::sync::Arc<str>,
    /// A hash of `text`, computed once when the file is read.
    pub text_hash: u64,
    pub split: Split,
    pub front: FrontMatter,
    pub title: String,
    /// The `#` heading shown as the page's heading, so it is not shown
    /// twice: the first one when it gave the title, or the one the body
    /// opens with under a front-matter title.
    pub title_heading: Option<Range<usize>>,
    /// That opening heading's wording when the front matter titles the note
    /// otherwise: the page shows it, `title` names the page elsewhere
    /// (`<title>`, the sidebar, links).
    pub heading: Option<String>,
    /// The wikilink name: the file stem, or `slug:` from the front matter.
    pub slug: String,
    /// Path without extension relative to `content/` (`network/snat`), also a wikilink name.
    pub path_id: String,
    /// Output path relative to the output root (`network/snat.html`).
    pub output: String,
    pub section: SectionId,
    /// The files its include directives name, read at load time.
    pub includes: std::sync::Arc<Vec<includes::Included>>,
    /// In an Obsidian vault, the front-matter properties to show on the page.
    pub properties: Vec<(String, String)>,
}

impl SourceNote {
    pub fn body(&self) -> &str {
        &self.text[self.split.body.clone()]
    }

    /// The anchor of the page's heading when it is the heading a note
    /// with a front-matter title opens with: links to that heading
    /// (`[Ecosystem](#ecosystem)`) lead to the page's heading.
    pub fn page_heading_id(&self) -> Option<String> {
        self.front.title.as_ref()?;
        self.title_heading.as_ref()?;
        let text = self.heading.as_ref().unwrap_or(&self.title);
        Some(crate::markdown::heading_id(text))
    }

    pub fn front_source(&self) -> FrontSource<'_> {
        FrontSource {
            file: &self.file,
            text: &self.text,
            split: &self.split,
        }
    }
}

/// A folder of notes; `_index.md` gives it a title, weight and intro text.
#[derive(Debug, Clone)]
pub struct SourceSection {
    /// Folder relative to `content/` (empty for the root).
    pub dir: String,
    pub parent: Option<SectionId>,
    pub title: String,
    pub weight: Option<i64>,
    pub description: Option<String>,
    /// The `_index.md` (or `index.md`) of the folder, rendered as the section's intro.
    pub index: Option<SourceNote>,
    /// `network/index.html`, `index.html` for the root.
    pub output: String,
    /// Sub-sections in reading order.
    pub children: Vec<SectionId>,
    /// Notes in reading order (indices into [`Content::notes`]).
    pub notes: Vec<NoteId>,
}

/// Everything the load stage found.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Notes in reading order.
    pub notes: Vec<SourceNote>,
    /// Sections; index 0 is the root (the home page).
    pub sections: Vec<SourceSection>,
    pub catalog: Catalog,
    /// Other files under `content/`, copied to the output as they are (paths relative to `content/`).
    pub assets: Vec<PathBuf>,
    /// The folder is an Obsidian vault, whose notes link notes not yet
    /// written on purpose.
    pub vault: bool,
}

/// What to load.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub drafts: bool,
    /// The longest output path (in bytes, relative to the output folder)
    /// that a page may have: the system's path limit less the output
    /// folder's own path ([`crate::emit::page_path_max`]).
    pub page_path_max: usize,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            drafts: false,
            // No output folder to fit in: no limit.
            page_path_max: usize::MAX,
        }
    }
}

fn is_markdown(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx")
}

/// Builds [`Content`] from files held in memory (paths relative to
/// `content/`), as [`load`] does from disk; for tools and fuzzing.
pub fn from_memory(
    files: Vec<(String, Vec<u8>)>,
    options: LoadOptions,
    diagnostics: &mut Diagnostics,
) -> Content {
    let mut content = Content::default();
    let mut markdown: Vec<(SourceNote, Vec<Diagnostic>)> = Vec::new();
    let mut order_files: BTreeMap<String, String> = BTreeMap::new();
    let mut files = files;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let by_path: HashMap<String, Vec<u8>> = files.iter().cloned().collect();
    for (rel, bytes) in files {
        let file = Path::new(CONTENT_DIR).join(&rel);
        if rel == CATALOG_FILE || is_markdown(&rel) {
            match decode_text(&bytes, &file) {
                Ok(text) if rel == CATALOG_FILE => {
                    let mut out = Vec::new();
                    content.catalog = Catalog::parse(&text, &file, &mut out);
                    diagnostics.extend(out);
                }
                Ok(text) => {
                    let (mut note, found) = read_note(&rel, file, text);
                    let read = |p: &str| by_path.get(p).cloned();
                    note.includes = includes::collect(&note.path_id, note.body(), read).into();
                    markdown.push((note, found));
                }
                Err(d) => diagnostics.push(*d),
            }
        } else if tool_order::is_order_file(&rel) {
            match decode_text(&bytes, &file) {
                Ok(text) => {
                    order_files.insert(rel, text);
                }
                Err(d) => diagnostics.push(*d),
            }
        } else {
            content.assets.push(PathBuf::from(rel));
        }
    }
    assemble(content, markdown, &order_files, options, diagnostics)
}

fn read_text(abs: &Path, file: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Box::new(Diagnostic::error(
            Code::Io,
            Location::file(file),
            format!("cannot read: {e}"),
        ))
    })?;
    decode_text(&bytes, file)
}

/// UTF-8 text without a BOM, or a diagnostic at the first invalid byte.
fn decode_text(bytes: &[u8], file: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut location = Location::file(file);
            location.line = line;
            location.column = column;
            Err(Box::new(
                Diagnostic::error(
                    Code::Encoding,
                    location,
                    format!(
                        "not valid UTF-8 (invalid byte 0x{:02X})",
                        bytes[e.valid_up_to()]
                    ),
                )
                .with_help(
                    "save the file as UTF-8 (for example with `iconv -f SHIFT_JIS -t UTF-8`)",
                ),
            ))
        }
    }
}

/// Builds notes and sections from the Markdown files, in parallel for the
/// per-file work, then orders everything.
fn assemble(
    mut content: Content,
    files: Vec<(SourceNote, Vec<Diagnostic>)>,
    order_files: &BTreeMap<String, String>,
    options: LoadOptions,
    diagnostics: &mut Diagnostics,
) -> Content {
    let index_files = order::index_files(&files);
    let parsed: Vec<(SourceNote, bool, Vec<Diagnostic>)> = files
        .into_iter()
        .map(|(mut note, out)| {
            let is_index = index_files.contains(&note.path_id);
            if !is_index && note.slug == "index" {
                // Another file is the folder's index: this one keeps its own name.
                note.slug = file_name(&note.path_id).to_string();
                let dir = parent_dir(&note.path_id);
                note.output = if dir.is_empty() {
                    format!("{}.html", note.slug)
                } else {
                    format!("{dir}/{}.html", note.slug)
                };
            }
            (note, is_index, out)
        })
        .collect();

    let mut parsed = parsed;
    if vault::is_vault(parsed.iter().map(|(n, _, _)| n)) {
        content.vault = true;
        for (note, _, _) in &mut parsed {
            vault::apply(note);
        }
    }
    let hidden = headless::hidden(parsed.iter().map(|(n, is_index, _)| (n, *is_index)));
    if !hidden.is_empty() {
        parsed.retain(|(n, _, _)| !hidden.contains(&n.path_id));
    }
    let mut sections: BTreeMap<String, SourceSection> = BTreeMap::new();
    sections.insert(String::new(), new_section(""));
    let mut notes = Vec::new();
    for (mut note, is_index, mut out) in parsed {
        output_names::check_page_path(&note, options.page_path_max, &mut out);
        diagnostics.extend(out);
        let dir = parent_dir(&note.path_id).to_string();
        ensure_sections(&mut sections, &dir);
        if is_index {
            let section = sections.get_mut(&dir).expect("ensured");
            if let Some(title) = &note.front.title {
                section.title = title.clone();
            } else if note.title_heading.is_some() {
                section.title = note.title.clone();
            }
            if dir.is_empty() && note.front.title.is_some() {
                // The home page's heading is the site's title: the root
                // index keeps its own heading in its text.
                note.title_heading = None;
                note.heading = None;
            }
            section.weight = note.front.weight;
            section.description = note
                .front
                .description
                .clone()
                .or_else(|| note.front.summary.clone());
            section.index = Some(note);
        } else if note.front.draft && !options.drafts {
            continue;
        } else {
            notes.push((dir, note));
        }
    }

    if !order_files.is_empty() {
        let mut found = Vec::new();
        tool_order::apply(order_files, &mut sections, &mut notes, &mut found);
        diagnostics.extend(found);
    }

    // Order sections: parents before children, siblings by weight then title.
    let dirs: Vec<String> = sections.keys().cloned().collect();
    let mut order: Vec<String> = Vec::new();
    visit_sections("", &sections, &dirs, &mut order);
    let position: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let mut ordered: Vec<SourceSection> = order
        .iter()
        .map(|d| sections.remove(d).expect("listed"))
        .collect();
    for i in 0..ordered.len() {
        let dir = ordered[i].dir.clone();
        if !dir.is_empty() {
            let parent = position[parent_dir(&dir)];
            ordered[i].parent = Some(SectionId(parent));
            ordered[parent].children.push(SectionId(i));
        }
    }

    // Notes in reading order: section by section (depth first), each by weight then title.
    let mut notes: Vec<(usize, SourceNote)> = notes
        .into_iter()
        .map(|(dir, note)| (position[dir.as_str()], note))
        .collect();
    order::apply_summaries(&mut notes);
    notes.sort_by(|(sa, a), (sb, b)| {
        sa.cmp(sb)
            .then(weight_key(a.front.weight).cmp(&weight_key(b.front.weight)))
            .then_with(|| order::natural_cmp(&a.title, &b.title))
            .then_with(|| a.path_id.cmp(&b.path_id))
    });
    for (section, mut note) in notes {
        note.section = SectionId(section);
        ordered[section].notes.push(NoteId(content.notes.len()));
        content.notes.push(note);
    }
    content.sections = ordered;
    content
}

fn weight_key(weight: Option<i64>) -> (bool, i64) {
    (weight.is_none(), weight.unwrap_or(0))
}

fn visit_sections(
    dir: &str,
    sections: &BTreeMap<String, SourceSection>,
    dirs: &[String],
    order: &mut Vec<String>,
) {
    order.push(dir.to_string());
    let mut children: Vec<&SourceSection> = dirs
        .iter()
        .filter(|d| !d.is_empty() && parent_dir(d) == dir)
        .map(|d| &sections[d])
        .collect();
    children.sort_by(|a, b| {
        weight_key(a.weight)
            .cmp(&weight_key(b.weight))
            .then_with(|| order::natural_cmp(&a.title, &b.title))
    });
    for child in children {
        visit_sections(&child.dir, sections, dirs, order);
    }
}

fn ensure_sections(sections: &mut BTreeMap<String, SourceSection>, dir: &str) {
    let mut current = dir;
    while !current.is_empty() && !sections.contains_key(current) {
        sections.insert(current.to_string(), new_section(current));
        current = parent_dir(current);
    }
}

fn new_section(dir: &str) -> SourceSection {
    SourceSection {
        dir: dir.to_string(),
        parent: None,
        title: file_name(dir).to_string(),
        weight: None,
        description: None,
        index: None,
        output: if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        },
        children: Vec::new(),
        notes: Vec::new(),
    }
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// Splits front matter, reads its fields and settles the title and output path.
fn read_note(rel: &str, file: PathBuf, text: String) -> (SourceNote, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let (split, unclosed) = front_matter::split(&text);
    if unclosed {
        out.push(
            Diagnostic::warning(Code::FrontMatter, Location::in_text(&file, &text, 0..3), "the file starts with `---` but has no closing `---`")
                .with_help("close the front matter with a `---` line, or start the file with something else if `---` is meant as a rule"),
        );
    }
    let mut front = front_matter::parse(
        &FrontSource {
            file: &file,
            text: &text,
            split: &split,
        },
        &mut out,
    );
    source_keys::apply(&mut front);
    let path_id = rel
        .rsplit_once('.')
        .map_or(rel, |(stem, _)| stem)
        .to_string();
    let stem = file_name(&path_id).to_string();
    let slug = front.slug.clone().unwrap_or_else(|| stem.clone());
    let dir = parent_dir(&path_id);
    let output = if dir.is_empty() {
        format!("{slug}.html")
    } else {
        format!("{dir}/{slug}.html")
    };
    output_names::check_note(
        &FrontSource {
            file: &file,
            text: &text,
            split: &split,
        },
        &front,
        &output,
        &mut out,
    );

    let body_start = split.body.start;
    // A note without a title in its front matter takes its first heading's;
    // one with a title shows the heading it opens with once, as its page's.
    let heading = || {
        crate::markdown::first_heading(&text[split.body.clone()])
            .map(|(t, r)| (t, r.start + body_start..r.end + body_start))
    };
    let (title, title_heading, shown_heading) = match &front.title {
        Some(t) => match crate::markdown::opening_heading(&text[split.body.clone()]) {
            Some((h, r)) => {
                let range = r.start + body_start..r.end + body_start;
                (t.clone(), Some(range), (h != *t).then_some(h))
            }
            None => (t.clone(), None, None),
        },
        None => match heading() {
            Some((t, range)) => (t, Some(range), None),
            None => (stem.clone(), None, None),
        },
    };
    let front_matter_failed = out.iter().any(|d| d.code == Code::FrontMatter);
    if split.format.is_some()
        && front.title.is_none()
        && title_heading.is_none()
        && !front_matter_failed
    {
        out.push(
            Diagnostic::warning(
                Code::MissingTitle,
                front_source_start(&file, &text, &split),
                format!("no title; using the file name `{stem}`"),
            )
            .with_help("add `title:` to the front matter or start the note with a `# ` heading"),
        );
    }
    let text_hash = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut hasher);
        hasher.finish()
    };
    let note = SourceNote {
        file,
        text_hash,
        text: text.into(),
        split,
        front,
        title,
        title_heading,
        heading: shown_heading,
        slug,
        path_id,
        output,
        section: SectionId::ROOT,
        includes: Default::default(),
        properties: Vec::new(),
    };
    (note, out)
}

fn front_source_start(file: &Path, text: &str, split: &Split) -> Location {
    Location::in_text(
        file,
        text,
        split.front.start.saturating_sub(4)..split.front.start.saturating_sub(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(body: &str) -> Option<String> {
        crate::markdown::first_heading(body).map(|(title, _)| title)
    }

    #[test]
    fn the_title_heading_is_the_first_level_one_heading_as_markdown_reads_it() {
        let body = "```\n# not a heading\n```\n\n# **EKS** とは\n";
        let (title, range) = crate::markdown::first_heading(body).unwrap();
        assert_eq!(title, "EKS とは");
        assert_eq!(&body[range], "# **EKS** とは\n");
        // Inside a four-backtick fence, which a three-backtick line does not close.
        assert_eq!(
            heading("````md\n```\n# inside\n```\n````\n# 外\n").as_deref(),
            Some("外")
        );
        // A setext heading.
        assert_eq!(heading("概要\n===\n\n本文\n").as_deref(), Some("概要"));
        // Inside an HTML block and an HTML comment.
        assert_eq!(
            heading("<div>\n# in html\n</div>\n\n<!--\n# in a comment\n-->\n\n# 本当\n").as_deref(),
            Some("本当")
        );
        // The heading's `{#id}` is not part of the title; escapes and
        // `<br>` read as a reader sees them.
        assert_eq!(heading("# Title {#custom}\n").as_deref(), Some("Title"));
        assert_eq!(heading("# a \\< b<br>c\n").as_deref(), Some("a < b c"));
        assert_eq!(heading("## only level two\n"), None);
    }

    #[test]
    fn a_note_without_front_matter_takes_its_title_from_the_heading_then_the_file_name() {
        let (note, diags) = read_note(
            "net/snat.md",
            "content/net/snat.md".into(),
            "# 外部 SNAT\n\n本文".into(),
        );
        assert_eq!(note.title, "外部 SNAT");
        assert_eq!(note.output, "net/snat.html");
        assert!(diags.is_empty());
        let (note, _) = read_note(
            "net/no-title.md",
            "content/net/no-title.md".into(),
            "本文だけ".into(),
        );
        assert_eq!(note.title, "no-title");
    }
}

indexed_by!(NoteId => SourceNote);
indexed_by!(SectionId => SourceSection);
indexed_by!(DocId => DocPage);
