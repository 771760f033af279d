//! A note's HTML written for the page that shows it: the link stage said
//! where each link leads, this says how to get there from here.
//!
//! On the note's own page (and a section page showing its intro) links are
//! relative to that page. On the print edition every note shares one page:
//! its ids are prefixed so they stay unique, links between notes lead to
//! the notes on the print pages, and everything else is rebased to the root.

use super::transclusion::{self, Embedding};
use crate::links::{Href, LinkTarget, NoteParse};
use crate::markdown::{escape_html, FillHtml, SlotKind};
use crate::paths::{print_output, PRINT_PART_NOTES};
use crate::urls;
use std::collections::HashMap;

/// `parse`'s HTML as the page at `page` (an output path) shows it, its
/// embeds as links to what they name.
pub fn page_html(parse: &NoteParse, page: &str) -> String {
    let mut out = String::new();
    let fill = OnPage {
        parse,
        page,
        embedding: None,
    };
    parse.parsed.html.write(&fill, &mut out);
    out
}

/// [`page_html`] showing the content of the notes it embeds
/// (`embedding` is made for the same page).
pub fn page_html_embedding(parse: &NoteParse, page: &str, embedding: Embedding<'_>) -> String {
    let mut out = String::new();
    let fill = OnPage {
        parse,
        page,
        embedding: Some(embedding),
    };
    parse.parsed.html.write(&fill, &mut out);
    out
}

/// Note `index`'s HTML on its print page; `by_output` finds a note by its output path.
pub fn print_html(
    parse: &NoteParse,
    index: usize,
    output: &str,
    by_output: &ByOutput<'_>,
) -> String {
    let mut out = String::new();
    let fill = OnPrint {
        parse,
        index,
        output,
        by_output,
    };
    parse.parsed.html.write(&fill, &mut out);
    out
}

/// Each note's index by its output path.
pub type ByOutput<'a> = HashMap<&'a str, usize>;

/// What every page does with a slot; only the href differs.
pub(super) trait Hrefs {
    fn parse(&self) -> &NoteParse;
    /// Where slot link `href` leads from this page; `None`: nowhere.
    fn href(&self, href: &Href) -> Option<String>;
    /// Written before every id of the note's markup.
    fn id_prefix_of(&self, _out: &mut String) {}
    /// An href or src the note's markup holds already (a heading's anchor,
    /// a footnote, raw HTML): as it is on the note's own page.
    fn raw_href(&self, value: &str, out: &mut String) {
        out.push_str(value);
    }
    /// What the page needs to show embeds; `None`: embeds are links.
    fn embedding(&self) -> Option<&Embedding<'_>> {
        None
    }
}

fn open_tag(page: &impl Hrefs, slot: usize, out: &mut String) {
    let parse = page.parse();
    let (Some(written), Some(link)) =
        (parse.parsed.links.get(slot), parse.resolved.links.get(slot))
    else {
        return;
    };
    let Some(href) = page.href(&link.href) else {
        out.push_str("<span class=\"broken-link\">");
        return;
    };
    let class = match link.target {
        LinkTarget::Doc(_) => " class=\"doc-link\"",
        LinkTarget::External => " class=\"external\"",
        LinkTarget::Note { .. } | LinkTarget::Section { .. } if written.is_wikilink() => {
            " class=\"wikilink\""
        }
        _ => "",
    };
    let escape = attribute_escape(parse);
    if transclusion::is_shown(page, slot) {
        out.push_str(transclusion::OPEN);
        escape(out, &href);
        out.push_str("\" class=\"wikilink\">");
        return;
    }
    out.push_str("<a href=\"");
    escape(out, &href);
    out.push('"');
    out.push_str(class);
    if !written.title.is_empty() {
        out.push_str(" title=\"");
        escape(out, &written.title);
        out.push('"');
    }
    if matches!(link.target, LinkTarget::External | LinkTarget::Doc(_)) {
        out.push_str(" rel=\"noopener noreferrer\"");
    }
    out.push('>');
}

fn close_tag(page: &impl Hrefs, slot: usize, out: &mut String) {
    // Only a link that leads nowhere opened a span (see `open_tag`).
    let broken = page
        .parse()
        .resolved
        .links
        .get(slot)
        .is_none_or(|l| l.href == Href::None);
    if !broken && transclusion::is_shown(page, slot) {
        transclusion::close(page, slot, out);
        return;
    }
    out.push_str(if broken { "</span>" } else { "</a>" });
}

fn label(page: &impl Hrefs, slot: usize, out: &mut String) {
    let parse = page.parse();
    let text = parse.label(slot);
    if parse.parsed.sanitized {
        push_sanitizer_text(out, text);
    } else {
        // As pulldown-cmark writes text.
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut *out, text);
    }
}

fn image_src(page: &impl Hrefs, slot: usize, out: &mut String) {
    let parse = page.parse();
    let (Some(written), Some(link)) =
        (parse.parsed.links.get(slot), parse.resolved.links.get(slot))
    else {
        return;
    };
    debug_assert!(matches!(written.kind, SlotKind::Image { .. }));
    let src = match (&link.target, page.href(&link.href)) {
        (LinkTarget::Broken, _) if urls::is_dangerous(&written.dest) => String::new(),
        // Not a file of the site: shown as written, so the reader sees what was meant.
        (LinkTarget::Broken, _) => written.dest.clone(),
        (_, Some(href)) => href,
        (_, None) => String::new(),
    };
    let mut escaped = String::with_capacity(src.len());
    let _ = pulldown_cmark_escape::escape_href(&mut escaped, &src);
    if parse.parsed.sanitized {
        // The sanitiser writes a quote as it is.
        escaped = escaped.replace("&#x27;", "'");
    }
    out.push_str(&escaped);
}

/// How attribute values of the link tags are escaped: as shiori writes
/// them, or, in a note whose HTML went through the sanitiser, as it writes
/// them (so the tag reads the same as the rest of that note).
fn attribute_escape(parse: &NoteParse) -> fn(&mut String, &str) {
    if parse.parsed.sanitized {
        push_sanitizer_attribute
    } else {
        |out, text| out.push_str(&escape_html(text))
    }
}

/// Attribute values as html5ever serialises them.
fn push_sanitizer_attribute(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// Text as html5ever serialises it.
fn push_sanitizer_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

fn with_fragment(mut href: String, fragment: &Option<String>) -> String {
    if let Some(f) = fragment {
        href.push('#');
        href.push_str(f);
    }
    href
}

/// The note's own page, or a section page showing an intro.
struct OnPage<'a> {
    parse: &'a NoteParse,
    page: &'a str,
    embedding: Option<Embedding<'a>>,
}

impl Hrefs for OnPage<'_> {
    fn parse(&self) -> &NoteParse {
        self.parse
    }

    fn embedding(&self) -> Option<&Embedding<'_>> {
        self.embedding.as_ref()
    }

    fn href(&self, href: &Href) -> Option<String> {
        match href {
            Href::None => None,
            Href::Url(url) => Some(url.clone()),
            Href::Fragment(f) => Some(format!("#{f}")),
            Href::Page { path, fragment } => {
                Some(with_fragment(urls::relative(self.page, path), fragment))
            }
        }
    }
}

/// Note `index` (written at `output`) on its print page.
struct OnPrint<'a> {
    parse: &'a NoteParse,
    index: usize,
    output: &'a str,
    by_output: &'a ByOutput<'a>,
}

impl OnPrint<'_> {
    /// `#anchor` on the print page of note `n`, prefixed with that page when
    /// it is another part than this note's.
    fn anchor(&self, n: usize, anchor: &str) -> String {
        let part = n / PRINT_PART_NOTES;
        if part == self.index / PRINT_PART_NOTES {
            format!("#{anchor}")
        } else {
            format!("{}#{anchor}", print_output(part))
        }
    }

    /// A file of the site by its output path, seen from the print page.
    fn page(&self, path: &str, fragment: Option<&str>) -> String {
        match (self.by_output.get(path), fragment) {
            (Some(&n), Some(f)) => self.anchor(n, &format!("n{n}-{f}")),
            (Some(&n), None) => self.anchor(n, &format!("note-{n}")),
            (None, _) => {
                let mut href = urls::encode_path(path);
                if let Some(f) = fragment {
                    href.push('#');
                    href.push_str(f);
                }
                href
            }
        }
    }
}

impl Hrefs for OnPrint<'_> {
    fn parse(&self) -> &NoteParse {
        self.parse
    }

    fn href(&self, href: &Href) -> Option<String> {
        match href {
            Href::None => None,
            Href::Url(url) => Some(url.clone()),
            Href::Fragment(f) => Some(format!("#n{}-{f}", self.index)),
            Href::Page { path, fragment } => Some(self.page(path, fragment.as_deref())),
        }
    }

    fn id_prefix_of(&self, out: &mut String) {
        out.push('n');
        out.push_str(&self.index.to_string());
        out.push('-');
    }

    fn raw_href(&self, value: &str, out: &mut String) {
        if let Some(fragment) = value.strip_prefix('#') {
            out.push_str(&format!("#n{}-{fragment}", self.index));
            return;
        }
        if urls::has_scheme(value) || value.starts_with("//") || value.starts_with('/') {
            out.push_str(value);
            return;
        }
        let (path, fragment) = value
            .split_once('#')
            .map_or((value, None), |(p, f)| (p, Some(f)));
        match urls::join_relative(self.output, &urls::decode(path)) {
            Some(target) => out.push_str(&self.page(&target, fragment)),
            None => out.push_str(value),
        }
    }
}

impl<T: Hrefs> FillHtml for T {
    fn open(&self, slot: usize, out: &mut String) {
        open_tag(self, slot, out)
    }
    fn close(&self, slot: usize, out: &mut String) {
        close_tag(self, slot, out)
    }
    fn label(&self, slot: usize, out: &mut String) {
        label(self, slot, out)
    }
    fn src(&self, slot: usize, out: &mut String) {
        image_src(self, slot, out)
    }
    fn id_prefix(&self, out: &mut String) {
        self.id_prefix_of(out)
    }
    fn href(&self, value: &str, out: &mut String) {
        self.raw_href(value, out)
    }
}
