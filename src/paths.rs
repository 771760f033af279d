//! Where every page of a site goes, and how long lists are paged: the one
//! place that knows `index-2.html`, `tags/<key>/2.html` and `print-2.html`.
//! Render writes the pages listed here; the link stage checks that no note
//! or copied file takes one of their paths.

/// Sites with more notes than this list only the sections around the
/// current one in the sidebar, page their section list and draw the map by
/// section, so no page grows with the size of the site.
pub const EXPAND_ALL_LIMIT: usize = 300;
/// Notes listed on one page of a tag; more go to `tags/<key>/2.html`, ….
pub const TAG_PAGE_NOTES: usize = 100;
/// On a large site the home page shows this many section cards; the rest
/// are on `index-2.html`, `index-3.html`, ….
pub const HOME_PAGE_SECTIONS: usize = 48;
/// Notes on one print page; a larger site's print version is split into
/// parts `print.html`, `print-2.html`, … in reading order.
pub const PRINT_PART_NOTES: usize = 200;

/// Whether a site of `notes` notes shows everything expanded (a small site).
pub fn expand_all(notes: usize) -> bool {
    notes <= EXPAND_ALL_LIMIT
}

/// How many pages list the sections of a site of `notes` notes and
/// `sections` listed sections: one, unless the site is large.
pub fn home_pages(sections: usize, notes: usize) -> usize {
    if expand_all(notes) {
        1
    } else {
        sections.div_ceil(HOME_PAGE_SECTIONS).max(1)
    }
}

/// The output path of page `page` (from 0) of the section list.
pub fn home_output(page: usize) -> String {
    match page {
        0 => "index.html".to_string(),
        _ => format!("index-{}.html", page + 1),
    }
}

/// How many pages list the notes of a tag of `notes` notes.
pub fn tag_pages(notes: usize) -> usize {
    notes.div_ceil(TAG_PAGE_NOTES).max(1)
}

/// The output path of page `page` (from 0) of a tag's note list.
pub fn tag_output(key: &str, page: usize) -> String {
    match page {
        0 => format!("tags/{key}.html"),
        _ => format!("tags/{key}/{}.html", page + 1),
    }
}

/// The page of an unwritten note by its key (see `links::Unwritten`).
pub fn unwritten_output(key: &str) -> String {
    format!("unwritten/{key}.html")
}

/// How many print pages a site of `notes` notes has.
pub fn print_parts(notes: usize) -> usize {
    notes.div_ceil(PRINT_PART_NOTES).max(1)
}

/// The output path of print part `part` (from 0).
pub fn print_output(part: usize) -> String {
    match part {
        0 => "print.html".to_string(),
        _ => format!("print-{}.html", part + 1),
    }
}

/// Whether `name` (a file at the top of the output) is one of the numbered
/// pages a site may have more or fewer of: `print-N.html`, `index-N.html`.
pub fn is_numbered_page(name: &str) -> bool {
    ["print-", "index-"].iter().any(|stem| {
        name.strip_prefix(stem)
            .and_then(|rest| rest.strip_suffix(".html"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The pages of one site-wide list, besides the notes and sections.
pub const TAG_INDEX: &str = "tags/index.html";
pub const CATALOG: &str = "official-docs.html";
pub const MAP: &str = "map.html";
pub const NOT_FOUND: &str = "404.html";
pub const SEARCH: &str = "search.html";
pub const SITEMAP: &str = "sitemap.xml";
/// The notes changed last, newest first (when the site knows any change).
pub const RECENT: &str = "recent.html";
/// The Atom feed of changed notes (when the site also knows its address).
pub const FEED: &str = "feed.xml";

/// The anchor id of a catalog entry on the official docs page.
pub fn doc_anchor(id: &str) -> String {
    format!("doc-{id}")
}

/// A page a site has, besides the files it copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitePage {
    /// The page of note `n` (in reading order).
    Note(usize),
    /// The page of section `s`; section 0 is the home page.
    Section(usize),
    /// Page `p` (from 1) of a large site's section list.
    Home(usize),
    /// Page `page` (from 0) of tag `tag`'s notes.
    Tag {
        tag: usize,
        page: usize,
    },
    TagIndex,
    Catalog,
    Map,
    NotFound,
    Search,
    /// Print part `p` (from 0).
    Print(usize),
    Sitemap,
    Recent,
    Feed,
    /// The page of unwritten note `n` (see `links::Unwritten`).
    Unwritten(usize),
}

/// How big a site is, as far as its list of pages goes.
#[derive(Debug, Clone, Copy)]
pub struct SiteShape<'a> {
    pub notes: usize,
    pub sections: usize,
    /// Sections listed on the home page (those with notes or subsections).
    pub listed_sections: usize,
    /// The number of notes of each tag.
    pub tag_sizes: &'a [usize],
    pub search: bool,
    pub sitemap: bool,
    /// Some note's last change is known: the recent changes page.
    pub recent: bool,
    /// The Atom feed is written.
    pub feed: bool,
    /// Notes linked by name and not written yet.
    pub unwritten: usize,
}

/// Every page of a site of `shape`, in the order they are rendered.
pub fn site_pages(shape: SiteShape<'_>) -> Vec<SitePage> {
    let mut pages: Vec<SitePage> = (0..shape.notes).map(SitePage::Note).collect();
    pages.extend((0..shape.sections).map(SitePage::Section));
    pages.extend((1..home_pages(shape.listed_sections, shape.notes)).map(SitePage::Home));
    for (tag, &size) in shape.tag_sizes.iter().enumerate() {
        pages.extend((0..tag_pages(size)).map(|page| SitePage::Tag { tag, page }));
    }
    pages.extend((0..print_parts(shape.notes)).map(SitePage::Print));
    pages.extend((0..shape.unwritten).map(SitePage::Unwritten));
    pages.extend([
        SitePage::TagIndex,
        SitePage::Catalog,
        SitePage::Map,
        SitePage::NotFound,
    ]);
    if shape.search {
        pages.push(SitePage::Search);
    }
    if shape.sitemap {
        pages.push(SitePage::Sitemap);
    }
    if shape.recent {
        pages.push(SitePage::Recent);
    }
    if shape.feed {
        pages.push(SitePage::Feed);
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_pages_are_recognised() {
        assert!(is_numbered_page("print-2.html"));
        assert!(is_numbered_page("index-12.html"));
        assert!(!is_numbered_page("print.html"));
        assert!(!is_numbered_page("index-a.html"));
        assert!(!is_numbered_page("print-.html"));
    }

    #[test]
    fn a_large_site_has_numbered_list_and_print_pages() {
        let tags = [250, 1];
        let pages = site_pages(SiteShape {
            notes: 450,
            sections: 60,
            listed_sections: 60,
            tag_sizes: &tags,
            search: true,
            sitemap: false,
            recent: false,
            feed: false,
            unwritten: 0,
        });
        let count = |f: fn(&SitePage) -> bool| pages.iter().filter(|p| f(p)).count();
        assert_eq!(count(|p| matches!(p, SitePage::Note(_))), 450);
        assert_eq!(count(|p| matches!(p, SitePage::Home(_))), 1);
        assert_eq!(count(|p| matches!(p, SitePage::Tag { tag: 0, .. })), 3);
        assert_eq!(count(|p| matches!(p, SitePage::Print(_))), 3);
        assert_eq!(count(|p| matches!(p, SitePage::Sitemap)), 0);
        assert_eq!(tag_output("eks", 2), "tags/eks/3.html");
        assert_eq!(print_output(1), "print-2.html");
    }
}
