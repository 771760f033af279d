//! Problems found in a build, each tied to a place in a source file.
//!
//! Every stage pushes into one [`Diagnostics`] collector so a build reports all
//! of its problems at once instead of stopping at the first.

use serde::Serialize;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings do not (unless denied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A stable, machine-readable name for each kind of problem (used by `check --format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    Config,
    Io,
    Encoding,
    FrontMatter,
    FieldType,
    MissingTitle,
    DuplicateSlug,
    DuplicateAlias,
    BrokenLink,
    MissingAnchor,
    AmbiguousLink,
    UnknownDoc,
    Catalog,
    StaleNote,
    Path,
    Theme,
    /// A directive of another tool (shortcode, container, component) that
    /// shiori removed or unwrapped.
    Directive,
    /// A redirect page that would replace a page or lead nowhere.
    Redirect,
    /// A Mermaid diagram that cannot be drawn (shown as its source).
    Diagram,
    /// A `$…$` formula that cannot be read (shown as its source).
    Math,
    /// An external link (or catalog URL) that is broken or cannot be
    /// checked (`check --external`).
    ExternalLink,
    /// An external link that moved permanently: link to the new URL.
    ExternalRedirect,
}

impl Code {
    /// Problems a reader can live with: a link shown as unresolved, an
    /// official page not listed, a redirect page left out (the page it
    /// would replace wins), a diagram or formula shown as its source. `check` reports them as errors; `build`
    /// and `serve` write the site and warn, unless strict. Broken front
    /// matter stays an error: building on it could publish a draft.
    pub fn is_readable(self) -> bool {
        matches!(
            self,
            Code::BrokenLink
                | Code::MissingAnchor
                | Code::AmbiguousLink
                | Code::UnknownDoc
                | Code::Redirect
                | Code::Diagram
                | Code::Math
        )
    }
}

/// Where a problem is: a file relative to the site root, 1-based line and
/// column (in characters), and the byte range inside the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub span: Range<usize>,
    /// The full text of the line the span starts on (without its newline).
    #[serde(skip)]
    pub line_text: String,
    /// The span relative to `line_text`, clamped to it.
    #[serde(skip)]
    pub line_span: Range<usize>,
}

impl Location {
    /// Locates `span` (byte offsets into `text`) in `file`.
    pub fn in_text(file: &Path, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..start].matches('\n').count() + 1;
        Location::on_line(file, text, span, line, line_start)
    }

    /// Builds the location of `span` once its line (1-based) and the
    /// offset where that line starts are known.
    fn on_line(
        file: &Path,
        text: &str,
        span: Range<usize>,
        line: usize,
        line_start: usize,
    ) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let column = text[line_start..start].chars().count() + 1;
        let line_text = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let rel_start = start - line_start;
        let rel_end = (end.min(line_end) - line_start)
            .min(line_text.len())
            .max(rel_start);
        Location {
            file: file.to_path_buf(),
            line,
            column,
            span: start..end,
            line_text,
            line_span: rel_start.min(rel_end)..rel_end,
        }
    }

    /// A location at a 1-based line and column when no text is at hand.
    pub fn at_line(file: &Path, text: &str, line: usize, column: usize) -> Location {
        let mut offset = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let col_bytes: usize = l
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                offset += col_bytes;
                return Location::in_text(file, text, offset..offset);
            }
            offset += l.len();
        }
        Location::in_text(file, text, text.len()..text.len())
    }

    /// A location naming only a file.
    pub fn file(file: &Path) -> Location {
        Location {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            span: 0..0,
            line_text: String::new(),
            line_span: 0..0,
        }
    }
}

/// Where each line of a text starts: many spans of one long file (a catalog
/// of 100,000 entries) are located without counting its lines from the top
/// for each.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// Locates `span` (byte offsets into `text`, the text this index was made from).
    pub fn locate(&self, file: &Path, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= start);
        Location::on_line(file, text, span, line, self.starts[line - 1])
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found while building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
    /// A fix to offer, such as "did you mean `snat`?".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            location,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: Code, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code,
            location,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = &self.location;
        if loc.line > 0 {
            write!(f, "{}:{}:{}: ", loc.file.display(), loc.line, loc.column)?;
        } else {
            write!(f, "{}: ", loc.file.display())?;
        }
        write!(f, "{}: {}", self.severity, self.message)
    }
}

/// Collects every problem of a build.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// As a (non-strict) build reports them: the errors a reader can live
    /// with ([`Code::is_readable`]) become warnings.
    pub fn relax_readable(&mut self) {
        for d in &mut self.items {
            if d.severity == Severity::Error && d.code.is_readable() {
                d.severity = Severity::Warning;
            }
        }
    }

    pub fn has_warnings(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems in a stable order: by file, then position, then message.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (
                &a.location.file,
                a.location.line,
                a.location.column,
                &a.message,
            )
                .cmp(&(
                    &b.location.file,
                    b.location.line,
                    b.location.column,
                    &b.message,
                ))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_spans_in_japanese_text_by_character_column() {
        let text = "---\ntitle: テスト\n---\n本文の[[なし]]です\n";
        let start = text.find("[[").unwrap();
        let loc = Location::in_text(Path::new("a.md"), text, start..start + "[[なし]]".len());
        assert_eq!((loc.line, loc.column), (4, 4));
        assert_eq!(loc.line_text, "本文の[[なし]]です");
        assert_eq!(&loc.line_text[loc.line_span.clone()], "[[なし]]");
    }

    #[test]
    fn at_line_maps_back_to_a_byte_offset() {
        let text = "a: 1\nbé: [x\n";
        let loc = Location::at_line(Path::new("site.yaml"), text, 2, 4);
        assert_eq!((loc.line, loc.column), (2, 4));
        assert_eq!(&text[loc.span.start..], " [x\n");
    }
}
