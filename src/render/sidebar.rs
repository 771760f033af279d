//! The sidebar: the data `nav.html` reads, and the default `nav.html`
//! written directly.
//!
//! The sidebar is on every page, and evaluating its template was about 40 %
//! of the render time of a large site (some 60 entries per page, each with
//! a few comparisons and escapes). When the theme keeps the default
//! `nav.html`, the sidebar is written here instead, byte for byte what the
//! template gives (`tests/sidebar.rs` builds a site both ways and compares
//! every page); a theme with its own `nav.html` gets its template rendered.

use crate::markdown::push_escaped;
use serde::Serialize;

/// A section as the sidebar shows it.
#[derive(Serialize, Clone)]
pub(super) struct NavSection {
    pub title: String,
    pub url: String,
    pub dir: String,
    pub depth: usize,
    pub notes: Vec<NavNote>,
}

/// A note as the sidebar shows it (built for every note once per render).
#[derive(Serialize, Clone)]
pub(super) struct NavNote {
    pub title: String,
    pub url: String,
    pub stale: bool,
    /// `title` and `url` escaped for HTML once, not on every page.
    #[serde(skip)]
    pub title_html: String,
    #[serde(skip)]
    pub url_html: String,
}

/// What every page's sidebar is made of.
pub(super) struct Sidebar {
    pub sections: Vec<NavSection>,
    /// Notes at the top of `content/` (listed before the sections).
    pub root_notes: Vec<NavNote>,
    pub expand_all: bool,
    pub stale: String,
    pub stale_title: String,
}

/// Where the sidebar is drawn: the page and the windows onto the lists.
pub(super) struct SidebarPage<'a> {
    /// The page's URL (percent-encoded, site-relative).
    pub url: &'a str,
    pub section_dir: &'a str,
    /// `../` repeated up to the site root.
    pub root: &'a str,
    /// The slice of the sections listed, `None` for all.
    pub sections: Option<[usize; 2]>,
    /// Where the sections before and after that slice are listed.
    pub more: Option<&'a [String; 2]>,
    /// The slice of the current section's notes listed, `None` for all.
    pub notes: Option<[usize; 2]>,
}

impl Sidebar {
    /// The default theme's `nav.html` for `page`.
    pub fn html(&self, page: &SidebarPage<'_>) -> String {
        let mut out = String::with_capacity(8 * 1024);
        out.push_str("<ul class=\"nav-sections\">\n");
        for note in &self.root_notes {
            out.push_str("  ");
            self.note_item(&mut out, page, note, false);
        }
        if let Some([first, _]) = page.sections.filter(|[first, _]| *first > 0) {
            self.more_sections(&mut out, page, 0, first);
        }
        let [first, end] = page.sections.unwrap_or([0, self.sections.len()]);
        for section in &self.sections[first..end] {
            self.section_item(&mut out, page, section);
        }
        if let Some([_, end]) = page.sections.filter(|[_, end]| *end < self.sections.len()) {
            self.more_sections(&mut out, page, 1, self.sections.len() - end);
        }
        out.push_str("</ul>");
        out
    }

    fn section_item(&self, out: &mut String, page: &SidebarPage<'_>, section: &NavSection) {
        let current = page.section_dir == section.dir;
        let open = self.expand_all
            || current
            || page
                .section_dir
                .strip_prefix(section.dir.as_str())
                .is_some_and(|rest| rest.starts_with('/'));
        out.push_str("  <li class=\"nav-section depth-");
        out.push_str(&section.depth.to_string());
        if current {
            out.push_str(" current-section");
        }
        out.push_str("\">\n    <a class=\"nav-section-title\" href=\"");
        push_escaped(out, page.root);
        push_escaped(out, &section.url);
        out.push('"');
        if section.url == page.url {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        push_escaped(out, &section.title);
        out.push_str("</a>\n");
        if open && !section.notes.is_empty() {
            let window = page.notes.filter(|_| current);
            out.push_str("    <ul class=\"nav-notes\">\n");
            if let Some([first, _]) = window.filter(|[first, _]| *first > 0) {
                self.more_notes(out, page, section, first);
            }
            let [first, end] = window.unwrap_or([0, section.notes.len()]);
            for note in &section.notes[first..end] {
                out.push_str("      ");
                self.note_item(out, page, note, true);
            }
            if let Some([_, end]) = window.filter(|[_, end]| *end < section.notes.len()) {
                self.more_notes(out, page, section, section.notes.len() - end);
            }
            out.push_str("    </ul>\n");
        }
        out.push_str("  </li>\n");
    }

    fn note_item(&self, out: &mut String, page: &SidebarPage<'_>, note: &NavNote, badge: bool) {
        let current = note.url == page.url;
        out.push_str(if current {
            "<li class=\"nav-note current\"><a href=\""
        } else {
            "<li class=\"nav-note\"><a href=\""
        });
        push_escaped(out, page.root);
        out.push_str(&note.url_html);
        out.push('"');
        if current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        out.push_str(&note.title_html);
        out.push_str("</a>");
        if badge && note.stale {
            out.push_str(" <span class=\"badge badge-stale\" title=\"");
            push_escaped(out, &self.stale_title);
            out.push_str("\">");
            push_escaped(out, &self.stale);
            out.push_str("</span>");
        }
        out.push_str("</li>\n");
    }

    /// The `…` link to the sections before (`side` 0) or after (1) the window.
    fn more_sections(&self, out: &mut String, page: &SidebarPage<'_>, side: usize, count: usize) {
        out.push_str("<li class=\"nav-more\"><a href=\"");
        push_escaped(out, page.root);
        push_escaped(
            out,
            page.more.map_or("index.html#sections", |more| &more[side]),
        );
        out.push_str("\">… ");
        out.push_str(&count.to_string());
        out.push_str("</a></li>");
    }

    fn more_notes(
        &self,
        out: &mut String,
        page: &SidebarPage<'_>,
        section: &NavSection,
        count: usize,
    ) {
        out.push_str("<li class=\"nav-more\"><a href=\"");
        push_escaped(out, page.root);
        push_escaped(out, &section.url);
        out.push_str("\">… ");
        out.push_str(&count.to_string());
        out.push_str("</a></li>");
    }
}
