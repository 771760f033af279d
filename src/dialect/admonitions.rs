//! Admonitions and callouts of every tool, written in the shape of shiori's
//! own alerts: MkDocs `!!! note "T"` / `??? note` / `???+ note` with indented
//! bodies, `:::tip Title` containers (Docusaurus, VitePress, Starlight) and
//! Obsidian callouts `> [!tip] 題名` with fold markers.

use super::blocks::{self, blocks, fence_open, fenced_len};
use super::{escape, tabs, Context, Line, Out};

/// How a box is shown: always open, or folded behind its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fold {
    None,
    Closed,
    Open,
}

/// A kind of box: the alert class it is drawn with and its default titles.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    /// One of shiori's five alert classes (note, tip, important, warning, caution).
    pub class: &'static str,
    /// The name the source tool gave it, kept as a second class when it differs.
    pub name: &'static str,
    en: &'static str,
    ja: &'static str,
}

const KINDS: &[(&[&str], Kind)] = &[
    (&["note", "notes"], kind("note", "note", "Note", "注記")),
    (
        &["tip", "hint", "tips"],
        kind("tip", "tip", "Tip", "ヒント"),
    ),
    (
        &["important"],
        kind("important", "important", "Important", "重要"),
    ),
    (
        &["warning", "warn", "attention"],
        kind("warning", "warning", "Warning", "警告"),
    ),
    (&["caution"], kind("caution", "caution", "Caution", "注意")),
    (
        &["info", "information"],
        kind("note", "info", "Info", "情報"),
    ),
    (
        &["abstract", "summary", "tldr"],
        kind("note", "abstract", "Abstract", "概要"),
    ),
    (&["todo"], kind("note", "todo", "Todo", "TODO")),
    (
        &["success", "check", "done"],
        kind("tip", "success", "Success", "成功"),
    ),
    (
        &["question", "help", "faq"],
        kind("note", "question", "Question", "質問"),
    ),
    (
        &["failure", "fail", "missing"],
        kind("caution", "failure", "Failure", "失敗"),
    ),
    (
        &["danger", "error"],
        kind("caution", "danger", "Danger", "危険"),
    ),
    (&["bug"], kind("caution", "bug", "Bug", "バグ")),
    (&["example"], kind("note", "example", "Example", "例")),
    (&["quote", "cite"], kind("note", "quote", "Quote", "引用")),
    (
        &["secondary", "seealso"],
        kind("note", "seealso", "See also", "参照"),
    ),
];

const fn kind(class: &'static str, name: &'static str, en: &'static str, ja: &'static str) -> Kind {
    Kind {
        class,
        name,
        en,
        ja,
    }
}

/// The kind named `name` (any case), if it is one a tool knows.
pub(crate) fn kind_named(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    KINDS
        .iter()
        .find(|(names, _)| names.contains(&lower.as_str()))
        .map(|(_, k)| *k)
}

/// The opening HTML of a box; `title` `None` gives the kind's own name, `Some("")` none.
pub(crate) fn open_html(cx: &Context<'_>, kind: Kind, title: Option<&str>, fold: Fold) -> String {
    let default = if cx.ja() { kind.ja } else { kind.en };
    let title = escape(title.map_or(default, str::trim));
    let class = if kind.class == kind.name {
        format!("alert alert-{}", kind.class)
    } else {
        format!("alert alert-{} alert-{}", kind.class, kind.name)
    };
    match fold {
        Fold::None if title.is_empty() => format!("<div class=\"{class}\" role=\"note\">"),
        Fold::None => {
            format!("<div class=\"{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>")
        }
        Fold::Closed | Fold::Open => {
            let open = if fold == Fold::Open { " open" } else { "" };
            let title = if title.is_empty() {
                escape(default)
            } else {
                title
            };
            format!(
                "<details class=\"{class}\"{open}><summary class=\"alert-title\">{title}</summary>"
            )
        }
    }
}

pub(crate) fn close_html(fold: Fold) -> &'static str {
    if fold == Fold::None {
        "</div>"
    } else {
        "</details>"
    }
}

/// Writes a whole box: its opening, `body` translated, its closing.
pub(crate) fn write_box(
    cx: &mut Context<'_>,
    out: &mut Out,
    pad: &str,
    at: usize,
    open: &str,
    body: &[Line<'_>],
    close: &str,
) {
    out.block(at, pad, open);
    blocks(cx, body, out, pad);
    out.block(at, pad, close);
}

/// A plain `<details>` box (`::: details`, Hugo `details`, MDX `<details>`).
pub(crate) fn details_html(cx: &Context<'_>, summary: &str, open: bool) -> String {
    let summary = if summary.trim().is_empty() {
        if cx.ja() { "詳細" } else { "Details" }.to_string()
    } else {
        escape(summary.trim())
    };
    let open = if open { " open" } else { "" };
    format!("<details class=\"details\"{open}><summary>{summary}</summary>")
}

/// MkDocs `!!! type "title"`, `??? type`, `???+ type` with a body indented by four.
pub(crate) fn mkdocs(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let line = lines[i];
    let t = line.text.trim_start();
    // In a definition list (`:   !!! note`) the box is the definition's body.
    let (t, in_definition) = match t.strip_prefix(':') {
        Some(r) if r.starts_with("   ") => (r.trim_start(), true),
        _ => (t, false),
    };
    let (fold, rest) = if let Some(r) = t.strip_prefix("!!!") {
        (Fold::None, r)
    } else if let Some(r) = t.strip_prefix("???+") {
        (Fold::Open, r)
    } else if let Some(r) = t.strip_prefix("???") {
        (Fold::Closed, r)
    } else {
        return None;
    };
    let rest = rest.trim();
    let (words, title) = match rest.find('"') {
        Some(q) => (&rest[..q], Some(rest[q..].trim_matches('"'))),
        None => (rest, None),
    };
    let mut words = words.split_whitespace();
    let name = words.next()?;
    // `!!! type "title"`, with MkDocs' `inline end annotate` modifiers at most: prose
    // that happens to start with `!!!` is left alone.
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        || words.any(|w| !matches!(w, "inline" | "end" | "annotate"))
    {
        return None;
    }
    let kind = kind_named(name).unwrap_or_else(|| {
        cx.warn(
            line.at,
            line.text.len(),
            format!("unknown admonition type `{name}`, shown as a note"),
            "use note, tip, info, warning, danger or another MkDocs type",
        );
        KINDS[0].1
    });
    let indent = line.indent() + if in_definition { 4 } else { 0 };
    let n = blocks::indented_body(lines, i, indent);
    let body = blocks::dedented(&lines[i + 1..i + 1 + n], indent + 4);
    let open = open_html(cx, kind, title, fold);
    let pad = format!("{pad}{}", " ".repeat(line.indent()));
    write_box(cx, out, &pad, line.at, &open, &body, close_html(fold));
    Some(n + 1)
}

/// The colons, name and title of a `:::name[Title]` / `::: name Title` /
/// `:::name{title="T"}` line.
fn colon_open(text: &str) -> Option<(usize, &str, &str)> {
    let t = text.trim();
    let colons = t.chars().take_while(|c| *c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = t[colons..].trim_start();
    let name_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    if name_len == 0 {
        return None;
    }
    let (name, after) = rest.split_at(name_len);
    let after = after.trim();
    let title = if let Some(inner) = after.strip_prefix('[') {
        inner.rsplit_once(']').map_or(inner, |(t, _)| t)
    } else if let Some(attrs) = after.strip_prefix('{') {
        attrs
            .split_once("title=")
            .map(|(_, v)| v.trim_start_matches(['"', '\'']))
            .and_then(|v| v.split(['"', '\'']).next())
            .unwrap_or("")
    } else {
        after
    };
    Some((colons, name, title))
}

fn is_colon_close(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 3 && t.chars().all(|c| c == ':')
}

/// The body of a `:::` container opened at `i`: the lines up to the colons
/// that close it (containers nest), and whether it was closed.
pub(crate) fn colon_body(lines: &[Line<'_>], i: usize) -> (usize, bool) {
    let mut depth = 1;
    let mut j = i + 1;
    while j < lines.len() {
        let l = lines[j];
        if let Some(fence) = fence_open(&l) {
            j += fenced_len(lines, j, fence);
            continue;
        }
        if is_colon_close(l.text) {
            depth -= 1;
            if depth == 0 {
                return (j - i - 1, true);
            }
        } else if colon_open(l.text).is_some() {
            depth += 1;
        }
        j += 1;
    }
    (j - i - 1, false)
}

/// `:::tip Title` … `:::` (Docusaurus, VitePress, Starlight), `::: details`,
/// `::: code-group`; an unknown name is unwrapped with a warning.
pub(crate) fn colons(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let line = lines[i];
    if line.indent() >= 4 {
        return None;
    }
    let (_, name, title) = match colon_open(line.text) {
        Some(open) => open,
        None if is_colon_close(line.text) => {
            cx.warn(
                line.at,
                line.text.len(),
                "a `:::` line closes no container; removed".into(),
                "",
            );
            return Some(1);
        }
        None => return None,
    };
    let (n, closed) = colon_body(lines, i);
    if !closed {
        cx.warn(
            line.at,
            line.text.len(),
            format!("`:::{name}` is never closed; it runs to the end of the note"),
            "close the container with a `:::` line",
        );
    }
    let indent = blocks::common_indent(&lines[i + 1..i + 1 + n]).min(line.indent());
    let body = blocks::dedented(&lines[i + 1..i + 1 + n], indent);
    let consumed = n + 1 + usize::from(closed);
    let lower = name.to_ascii_lowercase();
    if lower == "details" {
        let open = details_html(cx, title, false);
        write_box(cx, out, pad, line.at, &open, &body, "</details>");
    } else if lower == "code-group" {
        tabs::code_group(cx, &body, line.at, out, pad);
    } else if let Some(kind) = kind_named(&lower) {
        let title = (!title.trim().is_empty()).then_some(title);
        let open = open_html(cx, kind, title, Fold::None);
        write_box(cx, out, pad, line.at, &open, &body, "</div>");
    } else {
        cx.warn(
            line.at,
            line.text.len(),
            format!("unknown container `:::{name}`; its content is shown without it"),
            "shiori knows note, tip, info, warning, danger, caution, details and code-group",
        );
        blocks(cx, &body, out, pad);
    }
    Some(consumed)
}

/// The type, fold marker and title of an Obsidian callout's first line `> [!type]± title`.
fn callout_open(text: &str) -> Option<(&str, Fold, &str)> {
    let t = text.trim_start().strip_prefix('>')?.trim_start();
    let rest = t.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let name = &rest[..close];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &rest[close + 1..];
    let (fold, title) = match after.chars().next() {
        Some('-') => (Fold::Closed, &after[1..]),
        Some('+') => (Fold::Open, &after[1..]),
        _ => (Fold::None, after),
    };
    Some((name, fold, title.trim()))
}

/// Obsidian callouts: any type, a title, `-`/`+` fold markers. A GitHub alert
/// written plainly (`> [!NOTE]`) is left to the Markdown parser.
pub(crate) fn callout(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let line = lines[i];
    if line.indent() >= 4 {
        return None;
    }
    let (name, fold, title) = callout_open(line.text)?;
    let github = ["note", "tip", "important", "warning", "caution"];
    if fold == Fold::None
        && title.is_empty()
        && github.contains(&name.to_ascii_lowercase().as_str())
    {
        return None;
    }
    let n = lines[i + 1..]
        .iter()
        .take_while(|l| l.indent() < 4 && l.text.trim_start().starts_with('>'))
        .count();
    let body: Vec<Line<'_>> = lines[i + 1..i + 1 + n]
        .iter()
        .map(|l| {
            let gt = l.text.find('>').map_or(0, |g| g + 1);
            let after = l.from(gt);
            if after.text.starts_with(' ') {
                after.from(1)
            } else {
                after
            }
        })
        .collect();
    let kind = kind_named(name).unwrap_or_else(|| {
        cx.warn(
            line.at,
            line.text.len(),
            format!("unknown callout type `{name}`, shown as a note"),
            "",
        );
        KINDS[0].1
    });
    let title = (!title.is_empty()).then_some(title);
    let open = open_html(cx, kind, title, fold);
    write_box(cx, out, pad, line.at, &open, &body, close_html(fold));
    Some(n + 1)
}
