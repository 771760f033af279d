//! The fuzz input format and the checks run on every input, shared by the
//! fuzz target (`fuzz_targets/note.rs`) and the regression tests
//! (`tests/fuzz_regressions.rs` includes this file as a module).
//!
//! An input is two header bytes and then files separated by [`SEPARATOR`]:
//!
//! - byte 0, bits 0-2: how many Markdown files (1 + value % 6);
//!   bit 3: the first file is `official-docs.yaml`;
//!   bit 4: one Markdown file is an `_index.md`;
//!   bit 5: `language: en`; bit 6: `allow_raw_html: true`; bit 7: drafts built;
//! - byte 1 picks the note paths (distinct paths from [`NOTE_PATHS`]) and where
//!   the `_index.md` goes.
//!
//! Each input goes through the pipeline a build runs, in memory: load
//! (`content::from_memory`), parse and link (the pipeline's stages, see
//! [`link_content`] here) and, when the content has no errors, render of
//! every page with the built-in theme.

use shiori::config::{Language, SiteConfig};
use shiori::content::{self, LoadOptions, CATALOG_FILE};
use shiori::diagnostics::Diagnostics;
use shiori::links::Library;
use shiori::pipeline;
use shiori::render::{render_site, RenderContext, Renderer, Theme};
use shiori::settings::Settings;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// Separates the files of one input.
pub const SEPARATOR: &[u8] = b"\0\0";

/// Where notes go (relative to `content/`): nested folders, a repeated file
/// name, Japanese, a space and `#`, the `.markdown` extension, `index.md`.
pub const NOTE_PATHS: [&str; 8] = [
    "a.md",
    "net/b.md",
    "net/a.md",
    "日本語/ノート.md",
    "net/deep/c.md",
    "x y/#1.md",
    "b.markdown",
    "index.md",
];

/// The files, settings and options one input stands for.
pub struct SiteInput {
    pub files: Vec<(String, Vec<u8>)>,
    pub config: SiteConfig,
    pub load: LoadOptions,
}

/// Reads an input in the format described at the top of this file.
pub fn decode(data: &[u8]) -> SiteInput {
    let (flags, pick, rest) = match data {
        [flags, pick, rest @ ..] => (*flags, *pick, rest),
        [flags] => (*flags, 0, &[][..]),
        [] => (0, 0, &[][..]),
    };
    let markdown_count = 1 + (flags & 0b111) as usize % 6;
    let with_catalog = flags & 0b1000 != 0;
    let with_index = flags & 0b1_0000 != 0;
    let mut config = SiteConfig::default();
    if flags & 0b10_0000 != 0 {
        config.language = Language::En;
    }
    config.allow_raw_html = flags & 0b100_0000 != 0;
    let load = LoadOptions {
        drafts: flags & 0b1000_0000 != 0,
        ..LoadOptions::default()
    };

    let mut chunks = split(rest, SEPARATOR).into_iter();
    let mut files = Vec::new();
    if with_catalog {
        files.push((
            CATALOG_FILE.to_string(),
            chunks.next().unwrap_or_default().to_vec(),
        ));
    }
    for i in 0..markdown_count {
        let path = if with_index && i == 0 {
            match pick >> 6 {
                0 | 1 => "_index.md".to_string(),
                2 => "net/_index.md".to_string(),
                _ => "日本語/_index.md".to_string(),
            }
        } else {
            NOTE_PATHS[(pick as usize + i) % NOTE_PATHS.len()].to_string()
        };
        files.push((path, chunks.next().unwrap_or_default().to_vec()));
    }
    SiteInput {
        files,
        config,
        load,
    }
}

/// Builds the input the other way round (for seeds and tests).
pub fn encode(flags: u8, pick: u8, files: &[&[u8]]) -> Vec<u8> {
    let mut data = vec![flags, pick];
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            data.extend_from_slice(SEPARATOR);
        }
        data.extend_from_slice(file);
    }
    data
}

fn split<'a>(data: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + separator.len() <= data.len() {
        if &data[i..i + separator.len()] == separator {
            parts.push(&data[start..i]);
            i += separator.len();
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(&data[start..]);
    parts
}

/// What one input produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Error diagnostics (the build would stop before rendering).
    pub errors: usize,
    /// Rendered pages by output path, when there were no errors.
    pub pages: BTreeMap<String, String>,
}

/// A site root that does not exist: only the built-in theme is used.
const NO_SITE: &str = "/nonexistent-shiori-site";

/// Runs the pipeline on `data` and panics on any broken invariant: a page
/// written twice or outside the output, a template error of the built-in
/// theme, or (unless raw HTML is allowed) a script or script URL in a page.
pub fn run(data: &[u8]) -> Outcome {
    let input = decode(data);
    let mut diagnostics = Diagnostics::new();
    let content = content::from_memory(input.files, input.load, &mut diagnostics);
    let library = link_content(&input.config, content, &mut diagnostics);
    // As a build does: a broken link is a warning there.
    diagnostics.relax_readable();
    let mut outcome = Outcome {
        errors: diagnostics.error_count(),
        ..Outcome::default()
    };
    if diagnostics.has_errors() {
        // As a build does: every diagnostic reported, in order, and nothing rendered.
        diagnostics.sorted();
        return outcome;
    }

    let theme = Theme::new(Path::new(NO_SITE), "default");
    let renderer = Renderer::new(&theme, "default");
    // No git history: dates come from front matter, as fuzzed.
    let history = shiori::history::History::default();
    let cx = RenderContext {
        config: &input.config,
        search_manifest: None,
        selection: Default::default(),
        history: &history,
    };
    let pages = Mutex::new(BTreeMap::new());
    let check_scripts = !input.config.allow_raw_html;
    let rendered = render_site(&library, &renderer, &cx, |page| {
        assert_safe_path(&page.path);
        if check_scripts {
            if let Err(problem) = check_html(&page.content) {
                panic!("{}: {problem}\n{}", page.path, page.content);
            }
        }
        let previous = pages
            .lock()
            .unwrap()
            .insert(page.path.clone(), page.content);
        assert!(previous.is_none(), "{} is written twice", page.path);
        Ok(())
    });
    if let Err(d) = rendered {
        panic!("the built-in theme failed to render: {d:?}");
    }
    outcome.pages = pages.into_inner().unwrap();
    outcome
}

/// The settings a fuzzed site builds with: its own configuration, the
/// built-in theme.
fn settings(config: &SiteConfig) -> Settings {
    Settings {
        root: Path::new(NO_SITE).to_path_buf(),
        config: config.clone(),
        theme: Theme::new(Path::new(NO_SITE), "default"),
        today: shiori::date::Date::today(),
        drafts: false,
        history: Default::default(),
        out: Path::new(NO_SITE).join("public"),
        book: Default::default(),
    }
}

/// Parse and link, as a build does.
fn link_content(
    config: &SiteConfig,
    content: content::Content,
    diagnostics: &mut Diagnostics,
) -> Library {
    let settings = settings(config);
    let parses = pipeline::parse(
        &settings,
        &content,
        diagnostics,
        &Default::default(),
        &mut |_, _| {},
        None,
    );
    pipeline::link(&settings, content, parses, diagnostics)
}

fn assert_safe_path(path: &str) {
    let ok = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    assert!(ok, "page path {path:?} would leave the output folder");
}

/// Tags that must never appear in a page built with sanitising on.
const FORBIDDEN_TAGS: [&str; 5] = ["iframe", "object", "embed", "base", "frame"];
/// Attributes holding a URL a browser may navigate to or load.
const URL_ATTRIBUTES: [&str; 6] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
];

/// Scans the tags of `html`: no inline `<script>` (one with `src` is the
/// theme's), no event handler attribute, no `javascript:`/`vbscript:` URL.
pub fn check_html(html: &str) -> Result<(), String> {
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let Some(tag) = parse_tag(&html[start + 1..]) else {
            i = start + 1;
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        if name == "script" && !tag.attributes.iter().any(|(a, _)| a == "src") {
            return Err(format!("inline <script> at byte {start}"));
        }
        if FORBIDDEN_TAGS.contains(&name.as_str()) {
            return Err(format!("<{name}> at byte {start}"));
        }
        for (attribute, value) in &tag.attributes {
            if attribute.starts_with("on") {
                return Err(format!(
                    "event handler {attribute} on <{name}> at byte {start}"
                ));
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) && is_script_url(value) {
                return Err(format!("{attribute}={value:?} on <{name}> at byte {start}"));
            }
        }
        i = start + 1 + tag.len;
        // The text of <script> and <style> is not markup.
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let lower = html[i..].to_ascii_lowercase();
            i += lower.find(&close).unwrap_or(lower.len());
        }
    }
    Ok(())
}

struct Tag {
    name: String,
    /// Names lower-cased, values with character references decoded.
    attributes: Vec<(String, String)>,
    /// Bytes after the `<` up to and including the `>`.
    len: usize,
}

/// Reads a start tag after its `<`, as a browser tokenizer would (loosely).
fn parse_tag(s: &str) -> Option<Tag> {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_alphabetic() {
        return None;
    }
    let mut i = 0;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = s[..i].to_string();
    let mut attributes = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return Some(Tag {
                name,
                attributes,
                len: i,
            });
        }
        if b[i] == b'>' {
            return Some(Tag {
                name,
                attributes,
                len: i + 1,
            });
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attribute = s[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let value_start = i + 1;
                i = value_start;
                while i < b.len() && b[i] != quote {
                    i += 1;
                }
                value = decode_references(&s[value_start..i.min(b.len())]);
                i = (i + 1).min(b.len());
            } else {
                let value_start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_references(&s[value_start..i]);
            }
        }
        attributes.push((attribute, value));
    }
}

/// Decodes numeric character references and the few named ones that can
/// hide a scheme (`&colon;`, `&Tab;`, `&NewLine;`) or are common.
fn decode_references(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let entity = &rest[1..end];
        let decoded = if let Some(hex) = entity
            .strip_prefix("#x")
            .or_else(|| entity.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match entity.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match decoded {
            Some(c) if end > 1 => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL that runs script when followed, as a browser reads it: leading
/// spaces and control characters skipped, tabs and newlines removed anywhere.
fn is_script_url(value: &str) -> bool {
    let cleaned: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:") || cleaned.starts_with("vbscript:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checker_sees_what_a_browser_would_run() {
        for bad in [
            "<p><script>alert(1)</script></p>",
            "<SCRIPT>x</SCRIPT>",
            "<a href=\"jav&#x61;script:alert(1)\">x</a>",
            "<a href=' java\tscript&colon;x'>x</a>",
            "<img src=x onerror=alert(1)>",
            "<iframe src=\"https://example.com\">",
        ] {
            assert!(check_html(bad).is_err(), "{bad}");
        }
        for good in [
            "<script src=\"search.js\" defer></script>",
            "<p>&lt;script&gt; javascript:alert(1)</p>",
            "<a href=\"https://example.com/javascript:\">x</a>",
            "<style>a<b{}</style><p>x</p>",
        ] {
            assert!(check_html(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn inputs_round_trip() {
        let data = encode(0b1_1001, 2, &[b"- id: x", b"# index", b"# note"]);
        let input = decode(&data);
        let paths: Vec<&str> = input.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["official-docs.yaml", "_index.md", "日本語/ノート.md"]
        );
        assert_eq!(input.files[2].1, b"# note");
    }
}
