//! The parse stage: a note's Markdown → HTML, headings with ids, the links it
//! makes (resolved through the [`Resolver`]), plain text per heading section
//! for search, and a summary.

mod contrast;
mod highlight;
mod plain_text;
mod sanitize;

pub use highlight::Highlighter;

use crate::config::Language;
use crate::content::SourceNote;
use crate::diagnostics::Diagnostic;
use crate::links::{LinkTarget, LinkUse, Resolver};
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// Settings of the Markdown stage shared by every note of a build.
pub struct MarkdownOptions<'a> {
    pub language: Language,
    pub allow_raw_html: bool,
    pub highlighter: &'a Highlighter,
}

/// A heading of a note with its unique anchor id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    #[serde(skip)]
    pub span: Range<usize>,
}

/// The plain text under one heading: the unit of search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSection {
    /// `None` for the text before the first heading.
    pub anchor: Option<String>,
    /// Headings from the top of the note down to this one.
    pub heading_path: Vec<String>,
    pub text: String,
}

/// What the parse stage learned about one note.
#[derive(Debug, Clone, Default)]
pub struct ParsedNote {
    pub html: String,
    pub headings: Vec<Heading>,
    pub sections: Vec<TextSection>,
    /// Front-matter summary, else the first paragraph as plain text.
    pub summary: String,
    pub links: Vec<LinkUse>,
    pub diagnostics: Vec<Diagnostic>,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// An anchor id for a heading: lower case, spaces as `-`, punctuation dropped,
/// letters of every script kept (`制限事項` stays `制限事項`).
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            id.extend(c.to_lowercase());
        } else if c.is_whitespace() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for HTML content and attribute values.
pub fn push_escaped(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = write_escaped(out, text);
}

/// Writes `text` escaped for HTML: the runs between the five special
/// characters are written as they are, in one piece.
pub fn write_escaped<W: std::fmt::Write + ?Sized>(out: &mut W, text: &str) -> std::fmt::Result {
    let mut written = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[written..at])?;
        out.write_str(entity)?;
        written = at + 1;
    }
    out.write_str(&text[written..])
}

struct OpenLink {
    /// Replace the link's own text with this (a wikilink written without a label).
    label: Option<String>,
    broken: bool,
}

struct OpenHeading {
    out_index: usize,
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<String>,
    text: String,
    span: Range<usize>,
}

/// Parses one note (its body after the front matter) into HTML and metadata.
pub fn parse(
    note: &SourceNote,
    resolver: &Resolver<'_>,
    options: &MarkdownOptions<'_>,
) -> ParsedNote {
    let body_start = note.split.body.start;
    let body = note.body();
    let mut parsed = ParsedNote::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<OpenHeading> = None;
    let mut links: Vec<OpenLink> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut skip_title = false;
    let mut has_raw_html = false;
    let mut depth = 0usize;
    let mut first_paragraph: Option<String> = None;
    let mut in_first_paragraph = false;
    let mut section = TextSection {
        anchor: None,
        heading_path: Vec::new(),
        text: String::new(),
    };
    let mut path: Vec<(u8, String)> = Vec::new();

    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        let span = range.start + body_start..range.end + body_start;
        if skip_title {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                skip_title = false;
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                if level == HeadingLevel::H1
                    && note
                        .title_heading
                        .as_ref()
                        .is_some_and(|t| t.start == span.start)
                {
                    skip_title = true;
                    continue;
                }
                heading = Some(OpenHeading {
                    out_index: events.len(),
                    level,
                    explicit_id: id.map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    text: String::new(),
                    span,
                });
                events.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some(open) = heading.take() else { continue };
                let base = open
                    .explicit_id
                    .clone()
                    .unwrap_or_else(|| heading_id(&open.text));
                let id = unique_id(&mut ids, base);
                let level = open.level as u8;
                let class = if open.classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape_html(&open.classes.join(" ")))
                };
                let escaped = escape_html(&id);
                events[open.out_index] =
                    Event::Html(format!("<h{level} id=\"{escaped}\"{class}>").into());
                events.push(Event::Html(format!("<a class=\"heading-anchor\" href=\"#{escaped}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n").into()));
                let text = open.text.trim().to_string();
                parsed.headings.push(Heading {
                    level,
                    id: id.clone(),
                    text: text.clone(),
                    span: open.span,
                });
                // A new search section starts at every heading.
                let next = TextSection {
                    anchor: Some(id),
                    heading_path: Vec::new(),
                    text: String::new(),
                };
                parsed.sections.push(std::mem::replace(&mut section, next));
                path.retain(|(l, _)| *l < level);
                path.push((level, text));
                section.heading_path = path.iter().map(|(_, t)| t.clone()).collect();
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    section.text.push_str(&text);
                    section.text.push(plain_text::BLOCK);
                    events.push(Event::Html(
                        options.highlighter.highlight(&lang, &text).into(),
                    ));
                }
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buffer)) = code.as_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let resolution = match link_type {
                    LinkType::WikiLink { .. } => resolver.wikilink(note, &dest_url, span.clone()),
                    _ => resolver.url(note, &dest_url, span.clone()),
                };
                if let Some(d) = resolution.diagnostic {
                    parsed.diagnostics.push(d);
                }
                let label = match link_type {
                    LinkType::WikiLink { has_pothole: false } => Some(
                        resolution
                            .label
                            .clone()
                            .unwrap_or_else(|| dest_url.to_string()),
                    ),
                    _ => None,
                };
                let class = match resolution.target {
                    LinkTarget::Doc(_) => " class=\"doc-link\"",
                    LinkTarget::External => " class=\"external\"",
                    LinkTarget::Note { .. } | LinkTarget::Section { .. }
                        if matches!(link_type, LinkType::WikiLink { .. }) =>
                    {
                        " class=\"wikilink\""
                    }
                    _ => "",
                };
                let broken = resolution.href.is_none();
                if broken {
                    events.push(Event::Html("<span class=\"broken-link\">".into()));
                } else {
                    let href = escape_html(resolution.href.as_deref().unwrap_or_default());
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape_html(&title))
                    };
                    let rel =
                        if matches!(resolution.target, LinkTarget::External | LinkTarget::Doc(_)) {
                            " rel=\"noopener noreferrer\""
                        } else {
                            ""
                        };
                    events.push(Event::Html(
                        format!("<a href=\"{href}\"{class}{title}{rel}>").into(),
                    ));
                }
                parsed.links.push(LinkUse {
                    target: resolution.target,
                    span,
                    wikilink: matches!(link_type, LinkType::WikiLink { .. }),
                });
                links.push(OpenLink { label, broken });
            }
            Event::End(TagEnd::Link) => {
                if let Some(open) = links.pop() {
                    if let Some(label) = open.label {
                        push_text(
                            &mut heading,
                            &mut section,
                            &label,
                            in_first_paragraph.then_some(&mut first_paragraph),
                        );
                        events.push(Event::Text(label.into()));
                    }
                    events.push(Event::Html(
                        if open.broken { "</span>" } else { "</a>" }.into(),
                    ));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let resolution = resolver.url(note, &dest_url, span.clone());
                if let Some(d) = resolution.diagnostic {
                    parsed.diagnostics.push(d);
                }
                let dest = match (&resolution.target, resolution.href) {
                    (LinkTarget::Broken, _) if crate::urls::is_dangerous(&dest_url) => {
                        CowStr::Borrowed("")
                    }
                    (LinkTarget::Broken, _) => dest_url,
                    (_, Some(href)) => href.into(),
                    (_, None) => CowStr::Borrowed(""),
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                depth += 1;
                let (class, title) = alert_title(kind, options.language);
                events.push(Event::Html(format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n").into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                depth -= 1;
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Paragraph) => {
                if depth == 0 && first_paragraph.is_none() && heading.is_none() {
                    in_first_paragraph = true;
                    first_paragraph = Some(String::new());
                }
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                in_first_paragraph = false;
                section.text.push(plain_text::BLOCK);
                events.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(tag) => {
                if is_container(&tag) {
                    depth += 1;
                }
                events.push(Event::Start(tag));
            }
            Event::End(tag) => {
                if is_container_end(&tag) {
                    depth = depth.saturating_sub(1);
                    section.text.push(plain_text::BLOCK);
                }
                match tag {
                    TagEnd::TableCell => section.text.push(plain_text::CELL),
                    TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow => {
                        section.text.push(plain_text::BLOCK)
                    }
                    _ => {}
                }
                events.push(Event::End(tag));
            }
            text_event @ (Event::Text(_) | Event::Code(_)) => {
                // A wikilink written without a label shows the target's title instead.
                if links.last().is_none_or(|l| l.label.is_none()) {
                    let (Event::Text(text) | Event::Code(text)) = &text_event else {
                        unreachable!()
                    };
                    push_text(
                        &mut heading,
                        &mut section,
                        text,
                        in_first_paragraph.then_some(&mut first_paragraph),
                    );
                    events.push(text_event);
                }
            }
            Event::TaskListMarker(checked) => {
                events.push(Event::Html(task_checkbox(checked, options.language).into()));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                has_raw_html = true;
                events.push(Event::Html(html));
            }
            line_break @ (Event::SoftBreak | Event::HardBreak) => {
                push_text(
                    &mut heading,
                    &mut section,
                    " ",
                    in_first_paragraph.then_some(&mut first_paragraph),
                );
                events.push(line_break);
            }
            other => events.push(other),
        }
    }
    parsed.sections.push(section);
    parsed
        .sections
        .retain(|s| s.anchor.is_some() || !s.text.trim().is_empty());
    for s in &mut parsed.sections {
        s.text = plain_text::finish(&s.text);
    }

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Table alignment comes as inline styles, which a strict CSP blocks.
    if html.contains(" style=\"text-align: ") {
        html = html
            .replace(" style=\"text-align: left\"", " class=\"align-left\"")
            .replace(" style=\"text-align: center\"", " class=\"align-center\"")
            .replace(" style=\"text-align: right\"", " class=\"align-right\"");
    }
    if has_raw_html && !options.allow_raw_html {
        html = sanitize::clean(&html);
    }
    parsed.html = html;
    parsed.summary = match &note.front.summary {
        Some(s) => s.clone(),
        None => truncate(
            &collapse_whitespace(&first_paragraph.unwrap_or_default()),
            200,
        ),
    };
    parsed
}

fn push_text(
    heading: &mut Option<OpenHeading>,
    section: &mut TextSection,
    text: &str,
    first_paragraph: Option<&mut Option<String>>,
) {
    match heading {
        Some(h) => h.text.push_str(text),
        None => {
            section.text.push_str(text);
            if let Some(Some(p)) = first_paragraph {
                p.push_str(text);
            }
        }
    }
}

fn is_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_) | Tag::Table(_)
    )
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition | TagEnd::Table
    )
}

/// `base`, or `base-1`, `base-2`, ... when taken; `ids` maps each base to its next suffix.
fn unique_id(ids: &mut HashMap<String, usize>, base: String) -> String {
    let mut next = match ids.get(&base) {
        None => {
            ids.insert(base.clone(), 1);
            return base;
        }
        Some(&n) => n,
    };
    loop {
        let candidate = format!("{base}-{next}");
        next += 1;
        if !ids.contains_key(&candidate) {
            ids.insert(base, next);
            ids.insert(candidate.clone(), 1);
            return candidate;
        }
    }
}

fn alert_title(kind: BlockQuoteKind, language: Language) -> (&'static str, &'static str) {
    let ja = language == Language::Ja;
    match kind {
        BlockQuoteKind::Note => ("note", if ja { "注記" } else { "Note" }),
        BlockQuoteKind::Tip => ("tip", if ja { "ヒント" } else { "Tip" }),
        BlockQuoteKind::Important => ("important", if ja { "重要" } else { "Important" }),
        BlockQuoteKind::Warning => ("warning", if ja { "警告" } else { "Warning" }),
        BlockQuoteKind::Caution => ("caution", if ja { "注意" } else { "Caution" }),
    }
}

/// A task list's checkbox, named for screen readers since nothing labels it.
fn task_checkbox(checked: bool, language: Language) -> String {
    let ja = language == Language::Ja;
    let (checked, label) = match (checked, ja) {
        (true, true) => (" checked=\"\"", "完了"),
        (true, false) => (" checked=\"\"", "done"),
        (false, true) => ("", "未完了"),
        (false, false) => ("", "not done"),
    };
    format!("<input type=\"checkbox\" disabled=\"\"{checked} aria-label=\"{label}\">\n")
}

pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Shortens `text` to at most `max` characters, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max - 1).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests;
