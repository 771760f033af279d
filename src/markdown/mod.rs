//! The parse stage: one note's Markdown → HTML with link slots (see
//! [`slots`]), headings with ids, the links it writes (nothing resolved),
//! plain text per heading section for search, and a summary. A parse
//! depends on the note's own text and the build's options, nothing else.

mod contrast;
mod embeds;
mod figures;
mod flush;
mod foreign;
mod highlight;
mod highlight_css;
mod images;
pub mod math;
pub mod mermaid;
mod parts;
mod plain_text;
mod sanitize;
pub mod slots;
mod text;
mod widgets;
mod wikilinks;

pub use highlight::Highlighter;
use images::image_tag;
pub use parts::Part;
pub use slots::{fill_labels, FillHtml, LinkSlot, NoteHtml, SlotKind};
pub(crate) use text::collapse_whitespace;
use text::unique_id;
pub use text::{
    escape_html, first_heading, heading_id, opening_heading, push_escaped, truncate, write_escaped,
};
use widgets::{alert_title, task_checkbox};
pub use wikilinks::block_anchor;

use crate::config::Language;
use crate::diagnostics::Diagnostic;
use flush::EventFlush;
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// Settings of the Markdown stage shared by every note of a build.
pub struct MarkdownOptions<'a> {
    pub language: Language,
    pub allow_raw_html: bool,
    pub highlighter: &'a Highlighter,
    /// `$…$` and `$$…$$` are formulas (`math: false` in site.yaml: text).
    pub math: bool,
    /// GitBook's `{{ book.x }}` values (`book.json`, `book.js`).
    pub book: std::sync::Arc<crate::content::book_variables::BookVariables>,
}

/// A heading of a note with its unique anchor id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text; an unlabelled wikilink in it is a label slot ([`fill_labels`]).
    pub text: String,
    #[serde(skip)]
    pub span: Range<usize>,
}

/// The plain text under one heading: the unit of search. Unlabelled
/// wikilinks in it are label slots ([`fill_labels`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextSection {
    /// `None` for the text before the first heading.
    pub anchor: Option<String>,
    /// Headings from the top of the note down to this one.
    pub heading_path: Vec<String>,
    pub text: String,
}

/// What the parse stage learned about one note, from its text alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedNote {
    pub html: NoteHtml,
    pub headings: Vec<Heading>,
    pub sections: Vec<TextSection>,
    /// Front-matter summary, else the first paragraph as plain text (cut
    /// to [`SUMMARY_CHARS`] once its label slots are filled).
    pub summary: String,
    /// The links written, in order: slot `n` of the HTML is `links[n]`.
    pub links: Vec<LinkSlot>,
    /// Anchors of the blocks with an Obsidian block id (`… ^id`).
    pub blocks: Vec<String>,
    /// The raw HTML went through the sanitiser, which writes attribute
    /// values and text in its own way: slots are filled the same way.
    pub sanitized: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Characters of a summary taken from the first paragraph.
pub const SUMMARY_CHARS: usize = 200;

impl ParsedNote {
    /// The text shown for slot `n` when it is an unlabelled wikilink whose
    /// target has no title to show: the destination as written.
    pub fn written_label(&self, n: usize) -> &str {
        self.links.get(n).map_or("", |l| l.dest.as_str())
    }

    /// The summary with its label slots filled by `label`.
    pub fn summary_with<'a>(&'a self, label: &dyn Fn(usize) -> &'a str) -> String {
        if !slots::has_labels(&self.summary) {
            return self.summary.clone();
        }
        truncate(&fill_labels(&self.summary, label), SUMMARY_CHARS)
    }
}

pub(super) fn parser_options(math: bool) -> Options {
    let math = if math {
        Options::ENABLE_MATH
    } else {
        Options::empty()
    };
    math | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

struct OpenLink {
    slot: usize,
    /// A wikilink written without a label: its text is the target's title.
    unlabelled: bool,
    /// Its text, for a link resolved by its text (see [`LinkSlot::text`]).
    text: Option<String>,
}

struct OpenHeading {
    out_index: usize,
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<String>,
    text: String,
    span: Range<usize>,
}

/// What parse reads of a note: its body and where it stands in the file.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    /// The text after the front matter, with other tools' directives
    /// already translated (see `crate::dialect`).
    pub body: &'a str,
    /// The byte range of the whole file that a range of `body` came from.
    pub spans: &'a dyn Fn(Range<usize>) -> Range<usize>,
    /// The `# ` heading that is the note's title (not shown twice), by file offsets.
    pub title_heading: Option<&'a Range<usize>>,
    /// The front matter's `summary`.
    pub summary: Option<&'a str>,
    /// The note's file (relative to the site root) and its whole text, to
    /// place diagnostics.
    pub file: &'a std::path::Path,
    pub text: &'a str,
}

/// Parses one note (its body after the front matter) into HTML and metadata.
pub fn parse(note: &Source<'_>, options: &MarkdownOptions<'_>) -> ParsedNote {
    let body = slots::without_markers(note.body);
    let body = body.as_ref();
    let mut parsed = ParsedNote::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<OpenHeading> = None;
    let mut links: Vec<OpenLink> = Vec::new();
    let mut code: Option<(String, figures::CodeText)> = None;
    let place = figures::Place {
        file: note.file,
        text: note.text,
    };
    // Diagrams, formulas and highlighted code are set aside while the HTML
    // is written and sanitised (ammonia would re-parse every span, and
    // strips SVG and MathML), and put back once it has run.
    let mut aside = sanitize::SetAside::default();
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

    let written = Parser::new_ext(body, parser_options(options.math)).into_offset_iter();
    // Most notes have no wikilink or block id: their events stream through.
    let mut events_read: Box<dyn Iterator<Item = wikilinks::Spanned<'_>>> =
        if body.contains("[[") || body.contains('^') {
            let (repaired, blocks) = wikilinks::repair(written.collect());
            parsed.blocks = blocks;
            Box::new(repaired.into_iter())
        } else {
            Box::new(written)
        };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let mut flush = EventFlush::new(body);
    while let Some((event, range)) = events_read.next() {
        flush.before(&event, &mut events, &mut html);
        let span = (note.spans)(range);
        if skip_title {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                skip_title = false;
            }
            continue;
        }
        let display = matches!(event, Event::DisplayMath(_));
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                if level == HeadingLevel::H1
                    && note.title_heading.is_some_and(|t| t.start == span.start)
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
                // An unlabelled wikilink counts as written, so the anchor
                // stays when the note it names is retitled.
                let base = open.explicit_id.clone().unwrap_or_else(|| {
                    heading_id(&fill_labels(&open.text, &|n| parsed.written_label(n)))
                });
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
                code = Some((lang, figures::CodeText::default()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((_, block)) = code.take_if(|(lang, _)| mermaid::is_diagram(lang)) {
                    let figure = figures::diagram(&block, place, options.highlighter, &mut aside);
                    section.text.push_str(&figure.text);
                    section.text.push(plain_text::BLOCK);
                    parsed.diagnostics.extend(figure.diagnostic);
                    events.push(Event::Html(figure.html.into()));
                } else if let Some((lang, figures::CodeText { text, .. })) = code.take() {
                    // A block too large to highlight would be most of the
                    // search index, and its memory: it is shown, not indexed.
                    if text.len() <= highlight::MAX_HIGHLIGHTED {
                        section.text.push_str(&text);
                        section.text.push(plain_text::BLOCK);
                    }
                    let block =
                        options
                            .highlighter
                            .highlight_bounded(&lang, &text, options.language);
                    events.push(Event::Html(aside.keep(block).into()));
                }
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buffer)) = code.as_mut() {
                    buffer.push(&text, span.start);
                }
            }
            Event::InlineMath(latex) if figures::is_price(place, &span) => {
                let text = format!("${latex}$");
                push_text(
                    &mut heading,
                    &mut section,
                    &text,
                    in_first_paragraph.then_some(&mut first_paragraph),
                );
                events.push(Event::Text(text.into()));
            }
            Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                let figure = figures::formula(&latex, display, span, place, &mut aside);
                let text = if figure.text.is_empty() {
                    " "
                } else {
                    &figure.text
                };
                push_text(
                    &mut heading,
                    &mut section,
                    text,
                    in_first_paragraph.then_some(&mut first_paragraph),
                );
                parsed.diagnostics.extend(figure.diagnostic);
                events.push(Event::Html(figure.html.into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let slot = parsed.links.len();
                let kind = match link_type {
                    LinkType::WikiLink { has_pothole } if embeds::is_embed(&id) => {
                        SlotKind::Embed {
                            labelled: has_pothole,
                        }
                    }
                    LinkType::WikiLink { has_pothole } => SlotKind::Wikilink {
                        labelled: has_pothole,
                    },
                    _ => SlotKind::Link,
                };
                parsed.links.push(LinkSlot {
                    kind,
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    text: String::new(),
                    span,
                });
                events.push(Event::Html(slots::open_marker(slot).into()));
                links.push(OpenLink {
                    text: (dest_url.trim() == slots::BY_TEXT_DEST).then(String::new),
                    slot,
                    unlabelled: matches!(
                        kind,
                        SlotKind::Wikilink { labelled: false }
                            | SlotKind::Embed { labelled: false }
                    ),
                });
            }
            Event::End(TagEnd::Link) => {
                if let Some(open) = links.pop() {
                    if let Some(text) = open.text {
                        parsed.links[open.slot].text = text;
                    }
                    if open.unlabelled {
                        let label = slots::label_marker(open.slot);
                        push_text(
                            &mut heading,
                            &mut section,
                            &label,
                            in_first_paragraph.then_some(&mut first_paragraph),
                        );
                        events.push(Event::Html(label.into()));
                    }
                    events.push(Event::Html(slots::close_marker(open.slot).into()));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let slot = parsed.links.len();
                let embed = matches!(link_type, LinkType::WikiLink { .. });
                parsed.links.push(LinkSlot {
                    kind: SlotKind::Image { embed },
                    dest: dest_url.to_string(),
                    title: String::new(),
                    text: String::new(),
                    span,
                });
                // The image's text, as pulldown-cmark writes an `alt`.
                let mut alt = String::new();
                let mut nested = 0usize;
                for (inner, _) in events_read.by_ref() {
                    match inner {
                        Event::Start(_) => nested += 1,
                        Event::End(_) if nested == 0 => break,
                        Event::End(_) => nested -= 1,
                        Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => {
                            push_text(
                                &mut heading,
                                &mut section,
                                &t,
                                in_first_paragraph.then_some(&mut first_paragraph),
                            );
                            alt.push_str(&t);
                        }
                        Event::SoftBreak | Event::HardBreak | Event::Rule => alt.push(' '),
                        _ => {}
                    }
                }
                // The image's end was read here: the flush keeps count of blocks.
                flush.before(&Event::End(TagEnd::Image), &mut events, &mut html);
                let _ = (link_type, id);
                events.push(Event::Html(
                    image_tag(slot, &dest_url, &alt, &title, embed).into(),
                ));
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
                if links.last().is_none_or(|l| !l.unlabelled) {
                    let (Event::Text(text) | Event::Code(text)) = &text_event else {
                        unreachable!()
                    };
                    if let Some(buffer) = links.last_mut().and_then(|l| l.text.as_mut()) {
                        buffer.push_str(text);
                    }
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
            Event::Html(html) if wikilinks::is_block_anchor(&html) => {
                events.push(Event::Html(html))
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

    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Table alignment comes as inline styles, which a strict CSP blocks.
    if html.contains(" style=\"text-align: ") {
        html = html
            .replace(" style=\"text-align: left\"", " class=\"align-left\"")
            .replace(" style=\"text-align: center\"", " class=\"align-center\"")
            .replace(" style=\"text-align: right\"", " class=\"align-right\"");
    }
    parsed.sanitized = has_raw_html && !options.allow_raw_html;
    if parsed.sanitized {
        html = sanitize::clean(&html);
    }
    let html = aside.put_back(html);
    parsed.html = NoteHtml::new(&html);
    parsed.summary = match note.summary {
        Some(s) => slots::without_markers(s).into_owned(),
        None => {
            let text = collapse_whitespace(&first_paragraph.unwrap_or_default());
            // Cut once the titles are in, when it names other notes.
            if slots::has_labels(&text) {
                text
            } else {
                truncate(&text, SUMMARY_CHARS)
            }
        }
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

#[cfg(test)]
mod tests;
