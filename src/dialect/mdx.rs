//! MDX read as Markdown: `import`/`export` lines and `{/* comments */}` are
//! dropped, the components every docs site uses (Tabs/TabItem, Admonition,
//! Details, details/summary and react.dev's boxes) are mapped, and any other
//! component is unwrapped — its content kept — with a warning.

use super::admonitions::{self, details_html, kind_named, write_box, Fold};
use super::blocks::{blocks, common_indent, dedented};
use super::tabs::TabGroup;
use super::{Context, Line, Out};

/// A JSX tag alone on a line: `<Name a="b">`, `<Name />` or `</Name>`.
#[derive(Debug)]
pub(crate) struct Jsx<'a> {
    pub name: &'a str,
    pub attrs: Vec<(&'a str, &'a str)>,
    pub closing: bool,
    pub self_closing: bool,
}

impl Jsx<'_> {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

/// Parses a line that is exactly one JSX tag of a component (capitalised) or of `details`/`summary`.
pub(crate) fn jsx(text: &str) -> Option<Jsx<'_>> {
    let t = text.trim();
    let inner = t.strip_prefix('<')?.strip_suffix('>')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let (inner, self_closing) = match inner.strip_suffix('/') {
        Some(i) => (i, true),
        None => (inner, false),
    };
    let name_len = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    let first = name.chars().next()?;
    if !(first.is_ascii_uppercase() || name == "details") {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = inner[name_len..].trim_start();
    while !rest.is_empty() {
        let key_len = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        rest = &rest[key_len..];
        if let Some(value) = rest.strip_prefix('=') {
            let (v, after) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = value[1..].find(q).map_or(value.len(), |e| e + 1);
                    (&value[1..end], value.get(end + 1..).unwrap_or(""))
                }
                Some('{') => {
                    let end = value.find('}').unwrap_or(value.len() - 1);
                    (
                        value[1..end].trim_matches(['"', '\'', '`']),
                        &value[end + 1..],
                    )
                }
                _ => {
                    let end = value.find(char::is_whitespace).unwrap_or(value.len());
                    (&value[..end], &value[end..])
                }
            };
            attrs.push((key, v));
            rest = after.trim_start();
        } else {
            if !key.is_empty() {
                attrs.push((key, "true"));
            }
            rest = rest.trim_start();
            if key.is_empty() {
                break;
            }
        }
    }
    Some(Jsx {
        name,
        attrs,
        closing,
        self_closing,
    })
}

/// The line closing the component opened on line `i` (same name, nesting counted).
fn closing_line(lines: &[Line<'_>], i: usize, name: &str) -> Option<usize> {
    let mut depth = 1;
    for (j, l) in lines.iter().enumerate().skip(i + 1) {
        let Some(tag) = jsx(l.text).filter(|t| t.name == name && !t.self_closing) else {
            continue;
        };
        if tag.closing {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        } else {
            depth += 1;
        }
    }
    None
}

fn is_import_or_export(text: &str, mdx: bool) -> bool {
    let t = text.trim_end();
    if let Some(rest) = t.strip_prefix("import ") {
        let quoted = t.ends_with(['\'', '"', ';']);
        return quoted && (mdx || rest.contains(" from ") || rest.starts_with(['\'', '"']));
    }
    mdx && t.starts_with("export ")
}

/// The lines an `export` starting at `i` takes: until its braces and brackets balance.
fn export_len(lines: &[Line<'_>], i: usize) -> usize {
    let mut depth: i64 = 0;
    for (n, l) in lines[i..].iter().enumerate() {
        for c in l.text.chars() {
            match c {
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            return n + 1;
        }
    }
    lines.len() - i
}

/// Boxes of react.dev and other MDX sites: component name → box kind name and titles.
fn component_box(name: &str) -> Option<(&'static str, Option<(&'static str, &'static str)>)> {
    Some(match name {
        "Note" => ("note", None),
        "Tip" => ("tip", None),
        "Info" => ("info", None),
        "Warning" => ("warning", None),
        "Caution" => ("caution", None),
        "Danger" => ("danger", None),
        "Important" => ("important", None),
        "Pitfall" => ("warning", Some(("Pitfall", "落とし穴"))),
        "YouWillLearn" => ("note", Some(("You will learn", "このページで学ぶこと"))),
        "Recap" => ("note", Some(("Recap", "まとめ"))),
        "Hint" => ("tip", Some(("Hint", "ヒント"))),
        _ => return None,
    })
}

/// Components that only wrap their content, or that stand for something
/// shiori's layout shows anyway: kept silently.
/// `Sandpack` and `CodeBlock` hold fenced code, which is what a reader of a static page gets.
const WRAPPERS: &[&str] = &[
    "Intro",
    "InlineToc",
    "MDXProvider",
    "Fragment",
    "LearnMore",
    "Sandpack",
    "CodeBlock",
    "Challenges",
    "Recipes",
];

/// An MDX construct starting at line `i`.
pub(crate) fn block(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let line = lines[i];
    if line.indent() == 0 && is_import_or_export(line.text, cx.mdx) {
        let n = if line.text.starts_with("export ") {
            export_len(lines, i)
        } else {
            1
        };
        out.emit(line.at, "\n");
        return Some(n);
    }
    if let Some(html) = html_with_jsx_attributes(line.text) {
        out.emit(line.at, &format!("{pad}{html}\n"));
        return Some(1);
    }
    let tag = jsx(line.text).or_else(|| details_open(line.text))?;
    if tag.closing {
        // The closing tag of a component whose opening was not on a line of its own.
        out.emit(line.at, "\n");
        return Some(1);
    }
    if tag.self_closing {
        if !WRAPPERS.contains(&tag.name) {
            cx.warn(
                line.at,
                line.text.len(),
                format!("unknown MDX component `<{} />` removed", tag.name),
                "",
            );
        }
        out.emit(line.at, "\n");
        return Some(1);
    }
    let end = closing_line(lines, i, tag.name);
    let body_end = end.unwrap_or(i + 1);
    let raw_body = &lines[i + 1..body_end];
    let body = dedented(raw_body, common_indent(raw_body));
    let consumed = body_end - i + usize::from(end.is_some());
    match tag.name {
        "Tabs" => write_tabs(cx, &body, line.at, out, pad),
        "Admonition" => {
            let kind = kind_named(tag.attr("type").unwrap_or("note"))
                .or_else(|| kind_named("note"))
                .expect("note is a kind");
            let html = admonitions::open_html(cx, kind, tag.attr("title"), Fold::None);
            write_box(cx, out, pad, line.at, &html, &body, "</div>");
        }
        "Details" | "details" | "DeepDive" | "DetailedExplanation" | "Solution" => {
            let named = tag.attr("summary").or_else(|| tag.attr("title"));
            let named = named.or(match (tag.name, cx.ja()) {
                ("Solution", true) => Some("解答"),
                ("Solution", false) => Some("Solution"),
                _ => None,
            });
            let (summary, body) = summary_of(&body, named);
            let html = details_html(cx, &summary, tag.attr("open").is_some());
            write_box(cx, out, pad, line.at, &html, &body, "</details>");
        }
        name => {
            if let Some((kind, title)) = component_box(name) {
                let kind = kind_named(kind).expect("listed kinds exist");
                let title = tag
                    .attr("title")
                    .or(title.map(|(en, ja)| if cx.ja() { ja } else { en }));
                let html = admonitions::open_html(cx, kind, title, Fold::None);
                write_box(cx, out, pad, line.at, &html, &body, "</div>");
            } else {
                if !WRAPPERS.contains(&name) {
                    cx.warn(
                        line.at,
                        line.text.len(),
                        format!(
                            "unknown MDX component `<{name}>`; its content is shown without it"
                        ),
                        "",
                    );
                }
                out.emit(line.at, "\n");
                blocks(cx, &body, out, pad);
            }
        }
    }
    Some(consumed)
}

/// An HTML tag inside a line written with JSX attributes (`- <span
/// style={{color: 'red'}}>Mount</span>`), at the start of `rest`: its
/// length and the tag as HTML ([`html_with_jsx_attributes`]). A `{…}`
/// attribute value is no HTML, whatever the file's extension.
pub(crate) fn inline_tag(rest: &str) -> Option<(usize, String)> {
    const MAX_TAG: usize = 2000;
    if !rest[1..].starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut end = None;
    // A tag is short: a long run without its end is text.
    for (i, c) in rest
        .char_indices()
        .skip(1)
        .take_while(|(i, _)| *i < MAX_TAG)
    {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => depth = depth.checked_sub(1)?,
            (None, '>') if depth == 0 => {
                end = Some(i + 1);
                break;
            }
            (None, '<' | '\n') if depth == 0 => return None,
            _ => {}
        }
    }
    let end = end?;
    let html = html_with_jsx_attributes(&rest[..end])?;
    Some((end, html))
}

/// An HTML tag alone on its line written with JSX attributes
/// (`<img src="a.png" style={{margin: 0}} />`): the `{…}` attributes, which no
/// browser reads, are dropped and `className` is `class`, so the tag is HTML again.
fn html_with_jsx_attributes(text: &str) -> Option<String> {
    let t = text.trim();
    if !t.starts_with('<') || !t.ends_with('>') || !t.contains("={") {
        return None;
    }
    if !t[1..].starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(at) = rest.find("={") {
        // Back up over the attribute name.
        let name_start = rest[..at].rfind(char::is_whitespace).map_or(0, |w| w + 1);
        out.push_str(rest[..name_start].trim_end());
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, c) in rest[at + 1..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + 1 + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Some(out.replace(" className=", " class="))
}

/// `<details>` with its `<summary>` on the same line.
fn details_open(text: &str) -> Option<Jsx<'_>> {
    let t = text.trim();
    let rest = t.strip_prefix("<details")?;
    if !rest.starts_with(['>', ' ']) {
        return None;
    }
    Some(Jsx {
        name: "details",
        attrs: if rest.contains(" open") {
            vec![("open", "true")]
        } else {
            Vec::new()
        },
        closing: false,
        self_closing: false,
    })
}

/// The summary of a details box (an attribute, a `<summary>` line or the
/// first heading of its body) and the body without it.
fn summary_of<'a>(body: &[Line<'a>], attr: Option<&str>) -> (String, Vec<Line<'a>>) {
    if let Some(s) = attr {
        return (s.to_string(), body.to_vec());
    }
    let first = body.iter().position(|l| !l.is_blank());
    if let Some(k) = first {
        let t = body[k].trimmed();
        let summary = t
            .strip_prefix("<summary>")
            .and_then(|r| r.strip_suffix("</summary>"))
            .map(str::to_string)
            .or_else(|| {
                t.starts_with('#')
                    .then(|| t.trim_start_matches('#').trim().to_string())
            });
        if let Some(s) = summary {
            let mut rest = body.to_vec();
            rest.remove(k);
            return (strip_inline_markup(&s), rest);
        }
    }
    (String::new(), body.to_vec())
}

fn strip_inline_markup(s: &str) -> String {
    s.replace(['*', '`'], "")
        .replace("<b>", "")
        .replace("</b>", "")
}

/// `<Tabs>` whose `<TabItem value="x" label="X">` children become tabs.
fn write_tabs(cx: &mut Context<'_>, body: &[Line<'_>], at: usize, out: &mut Out, pad: &str) {
    let mut group = TabGroup::new(cx);
    let mut j = 0;
    while j < body.len() {
        let Some(item) = jsx(body[j].text).filter(|t| t.name == "TabItem" && !t.closing) else {
            j += 1;
            continue;
        };
        let label = item
            .attr("label")
            .or_else(|| item.attr("value"))
            .unwrap_or("")
            .to_string();
        let end = closing_line(body, j, "TabItem").unwrap_or(body.len());
        group.tab(out, pad, body[j].at, &label);
        let inner = &body[j + 1..end.min(body.len())];
        let inner = dedented(inner, common_indent(inner));
        blocks(cx, &inner, out, pad);
        j = end + 1;
    }
    group.end(out, pad, at);
}
