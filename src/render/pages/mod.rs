//! What each page shows: the template contexts built from the [`Library`],
//! one module per kind of page; this one drives them and holds what every
//! page shares (the site, the strings, the sidebar).

mod catalog;
mod feed;
mod lists;
mod map;
mod note;
mod print;
mod recent;
mod sitemap;

use catalog::docs_context;
use lists::{render_home_page, render_section, render_tag_page, render_unwritten};
use map::map_context;
use note::render_note;
use print::{notes_by_output, print_context};
use recent::{recent_context, recent_order};
use sitemap::sitemap;

use super::note_html::{page_html_embedding, print_html, ByOutput};
use super::sidebar::{NavNote, NavSection, Sidebar, SidebarPage};
use super::transclusion::Embedding;
use super::RenderError;
use super::{i18n, RenderContext, Renderer};
use crate::diagnostics::Diagnostic;
use crate::links::{Library, Note, NoteId, SectionId};
use crate::paths::{
    home_output, home_pages, print_output, print_parts, SitePage, HOME_PAGE_SECTIONS,
    PRINT_PART_NOTES, TAG_PAGE_NOTES,
};
use crate::urls;
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A rendered file: its path inside the output folder and its bytes.
pub struct Page {
    pub path: String,
    pub content: String,
}

/// On a large site the sidebar lists this many notes around the current one.
const NAV_WINDOW: usize = 40;
/// On a large site the sidebar lists this many sections around the current one.
const NAV_SECTION_WINDOW: usize = 24;
/// On a large site the home page shows this many of the most used tags.
const HOME_TAGS: usize = 50;
const RECENT_LIMIT: usize = 8;
/// Citing notes listed under an official page on the catalog page (the
/// first in reading order; the rest are counted).
const DOC_CITING_LIMIT: usize = 20;

/// Where the sidebar's `…` links lead (only a large site's sidebar has
/// them): the page of the section list that shows section `position` (an
/// index into the listed sections).
fn home_link(position: usize) -> String {
    format!("{}#sections", home_output(position / HOME_PAGE_SECTIONS))
}

/// The slice of a section's notes the sidebar shows on a page of that section,
/// `None` when it shows them all.
fn nav_window(section_len: usize, position: usize, expand_all: bool) -> Option<[usize; 2]> {
    window(section_len, position, NAV_WINDOW, expand_all)
}

/// The slice of the sections the sidebar lists on a page of the section at
/// `position` (the first ones on pages outside any section).
fn nav_section_window(
    sections: usize,
    position: Option<usize>,
    expand_all: bool,
) -> Option<[usize; 2]> {
    window(
        sections,
        position.unwrap_or(0),
        NAV_SECTION_WINDOW,
        expand_all,
    )
}

/// `size` items of `len` centred on `position`, `None` when all are shown.
fn window(len: usize, position: usize, size: usize, show_all: bool) -> Option<[usize; 2]> {
    if show_all || len <= size {
        return None;
    }
    let start = position.saturating_sub(size / 2).min(len - size);
    Some([start, start + size])
}

#[derive(Serialize, Clone)]
struct NoteRef {
    title: String,
    /// Site-relative, percent-encoded where needed; templates prefix `root`.
    url: String,
    summary: String,
    reviewed: Option<String>,
    stale: bool,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct DocRef {
    id: String,
    title: String,
    url: String,
    category: String,
    /// Anchor of the entry on the official docs page.
    anchor: String,
}

fn note_ref(note: &Note) -> NoteRef {
    NoteRef {
        title: note.source.title.clone(),
        url: urls::encode_path(&note.source.output),
        summary: note.summary.clone(),
        reviewed: note.source.front.reviewed.map(|d| d.to_string()),
        stale: note.stale,
    }
}

fn nav_note(note: &Note) -> NavNote {
    let url = urls::encode_path(&note.source.output);
    NavNote {
        title_html: crate::markdown::escape_html(crate::content::nav_label(&note.source)),
        url_html: crate::markdown::escape_html(&url),
        title: crate::content::nav_label(&note.source).to_string(),
        url,
        stale: note.stale,
    }
}

use crate::paths::doc_anchor;

struct Shared<'g> {
    map: crate::map::PreparedMap<'g>,
    /// Every note as lists show it ([`NoteRef`]), built once.
    refs: Vec<Value>,
    /// Each note's last change, when known.
    changes: Vec<Option<crate::history::Change>>,
    /// The notes the recent changes page lists, newest first.
    recent: Vec<usize>,
    site: Value,
    /// The UI strings as templates read them.
    t: Value,
    /// The same strings for the labels written in Rust.
    strings: std::collections::BTreeMap<&'static str, &'static str>,
    nav: Value,
    /// Position in `nav` of each section folder.
    nav_positions: std::collections::HashMap<String, usize>,
    /// The sidebar written directly, when the theme keeps the default `nav.html`.
    sidebar: Option<Sidebar>,
    expand_all: bool,
    search_manifest: Option<String>,
    /// Where the 404 page's links start when `base_url` gives its path.
    not_found_root: Option<String>,
}

impl Shared<'_> {
    /// The site's title (`site.yaml`, else the top folder's, else "shiori").
    fn site_title(&self) -> String {
        self.site
            .get_attr("title")
            .map(|v| v.to_string())
            .unwrap_or_default()
    }
}

fn page_context(
    shared: &Shared<'_>,
    output: &str,
    title: &str,
    kind: &str,
    section_dir: &str,
    focus: NavFocus,
    extra: Value,
) -> Value {
    let root = match &shared.not_found_root {
        Some(root) if output == super::not_found::NOT_FOUND_OUTPUT => root.clone(),
        _ => urls::root_prefix(output),
    };
    let url = urls::encode_path(output);
    let nav_window = focus.notes;
    let nav_sections = nav_section_window(
        shared.nav_positions.len(),
        focus
            .sections_around
            .or_else(|| shared.nav_positions.get(section_dir).copied()),
        shared.expand_all,
    );
    // The sections before and after the sidebar's window are on these
    // pages of the section list.
    let nav_more =
        nav_sections.map(|[first, end]| [home_link(first.saturating_sub(1)), home_link(end)]);
    let sidebar_html = shared
        .sidebar
        .as_ref()
        .filter(|_| output.ends_with(".html"))
        .map(|sidebar| {
            Value::from_safe_string(sidebar.html(&SidebarPage {
                url: &url,
                section_dir,
                root: &root,
                sections: nav_sections,
                more: nav_more.as_ref(),
                notes: nav_window,
            }))
        });
    context! {
        site => shared.site.clone(),
        t => shared.t.clone(),
        nav => shared.nav.clone(),
        nav_expand_all => shared.expand_all,
        nav_sections => nav_sections,
        nav_more => nav_more,
        nav_window => nav_window,
        sidebar_html => sidebar_html,
        search_manifest => shared.search_manifest.clone(),
        root => root,
        page => context! { title => title, url => url, kind => kind, section_dir => section_dir },
        ..extra
    }
}

/// What a page's sidebar centres on, besides its own section.
#[derive(Default, Clone, Copy)]
struct NavFocus {
    /// The slice of the section's notes listed (a note or section page of
    /// a large section), `None` for all.
    notes: Option<[usize; 2]>,
    /// List the sections around this one (an index into the listed
    /// sections) rather than around the page's own section.
    sections_around: Option<usize>,
}

impl NavFocus {
    fn notes(window: Option<[usize; 2]>) -> NavFocus {
        NavFocus {
            notes: window,
            ..NavFocus::default()
        }
    }
}

/// The notes' link views (`refs`), looked up by note.
impl std::ops::Index<NoteId> for Vec<Value> {
    type Output = Value;
    fn index(&self, note: NoteId) -> &Value {
        &self[note.0]
    }
}

fn breadcrumbs(library: &Library, mut section: Option<SectionId>) -> Vec<Crumb> {
    let mut crumbs = Vec::new();
    while let Some(s) = section {
        let source = &library.sections[s].source;
        if s != SectionId::ROOT {
            crumbs.push(Crumb {
                title: source.title.clone(),
                url: urls::encode_path(&source.output),
            });
        }
        section = source.parent;
    }
    crumbs.reverse();
    crumbs
}

pub(super) fn render_all<F>(
    library: &Library,
    renderer: &Renderer,
    cx: &RenderContext<'_>,
    sink: &F,
) -> Result<usize, RenderError>
where
    F: Fn(Page) -> Result<(), RenderError> + Sync,
{
    let config = cx.config;
    let home_title = if config.title.is_empty() {
        library
            .sections
            .first()
            .map(|s| s.source.title.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "shiori".to_string())
    } else {
        config.title.clone()
    };
    let expand_all = crate::paths::expand_all(library.notes.len());
    let nav: Vec<NavSection> = library
        .sections
        .iter()
        .enumerate()
        .filter(|(i, s)| *i != 0 && (!s.source.notes.is_empty() || !s.source.children.is_empty()))
        .map(|(_, s)| {
            let mut depth = 0;
            let mut parent = s.source.parent;
            while let Some(p) = parent {
                if p != SectionId::ROOT {
                    depth += 1;
                }
                parent = library.sections[p].source.parent;
            }
            NavSection {
                title: s.source.title.clone(),
                url: urls::encode_path(&s.source.output),
                dir: s.source.dir.clone(),
                depth,
                notes: s
                    .source
                    .notes
                    .iter()
                    .map(|&n| nav_note(&library.notes[n]))
                    .collect(),
            }
        })
        .collect();
    let refs: Vec<Value> = library
        .notes
        .par_iter()
        .map(|note| Value::from_serialize(note_ref(note)))
        .collect();
    let root_notes: Vec<Value> = library.sections.first().map_or(Vec::new(), |s| {
        s.source.notes.iter().map(|&n| refs[n].clone()).collect()
    });
    let changes: Vec<Option<crate::history::Change>> = library
        .notes
        .par_iter()
        .map(|note| cx.history.change(&note.source))
        .collect();
    // A note or copied file of the same name is the author's page, not ours.
    let taken = |path: &str| {
        library.notes.iter().any(|n| n.source.output == path)
            || library.assets.iter().any(|a| a.as_os_str() == path)
    };
    let recent = match taken(crate::paths::RECENT) {
        true => Vec::new(),
        false => recent_order(&changes),
    };
    let recent_page = !recent.is_empty();
    let feed_url = config
        .base_url
        .as_ref()
        .filter(|_| recent_page && config.feed && !taken(crate::paths::FEED))
        .map(|base| format!("{base}{}", crate::paths::FEED));
    let graph = super::knowledge_map::graph(library);
    let strings = i18n::strings(config.language);
    let shared = Shared {
        map: crate::map::PreparedMap::new(&graph),
        refs,
        changes,
        recent,
        site: context! {
            title => home_title,
            description => config.description.clone(),
            language => config.language.code(),
            base_url => config.base_url.clone(),
            root_notes => root_notes,
            og => super::og::site_values(config),
            recent => recent_page,
            feed => feed_url.clone(),
        },
        t: Value::from_serialize(&strings),
        nav: Value::from_serialize(&nav),
        nav_positions: nav
            .iter()
            .enumerate()
            .map(|(i, s)| (s.dir.clone(), i))
            .collect(),
        sidebar: renderer.native_sidebar.then(|| Sidebar {
            sections: nav,
            root_notes: library.sections.first().map_or(Vec::new(), |s| {
                s.source
                    .notes
                    .iter()
                    .map(|&n| nav_note(&library.notes[n]))
                    .collect()
            }),
            expand_all,
            stale: strings["stale"].to_string(),
            stale_title: strings["stale_title"].to_string(),
        }),
        strings,
        expand_all,
        search_manifest: cx.search_manifest.clone(),
        not_found_root: super::not_found::absolute_root(config),
    };
    let tags: Vec<Value> = library
        .tags
        .iter()
        .map(|t| context! { name => t.name.clone(), url => urls::encode_path(&format!("tags/{}.html", t.key)), count => t.notes.len() })
        .collect();

    let shape = crate::paths::SiteShape {
        notes: library.notes.len(),
        sections: library.sections.len(),
        listed_sections: shared.nav_positions.len(),
        tag_sizes: &library
            .tags
            .iter()
            .map(|t| t.notes.len())
            .collect::<Vec<_>>(),
        search: shared.search_manifest.is_some(),
        sitemap: config.base_url.is_some(),
        recent: recent_page,
        feed: feed_url.is_some(),
        unwritten: library.unwritten.len(),
    };
    let wanted = |page: &SitePage| match page {
        SitePage::Note(i) => cx
            .selection
            .notes
            .as_ref()
            .is_none_or(|set| set.contains(i)),
        // A note written as `404.md` (mdBook) is the not-found page itself.
        SitePage::NotFound => {
            !cx.selection.notes_only
                && !library
                    .notes
                    .iter()
                    .any(|n| n.source.output == crate::paths::NOT_FOUND)
        }
        _ => !cx.selection.notes_only,
    };
    let pages: Vec<SitePage> = crate::paths::site_pages(shape)
        .into_iter()
        .filter(wanted)
        .collect();
    let home_page_count = home_pages(shape.listed_sections, shape.notes);
    let by_output = notes_by_output(library);
    let t = i18n::strings(config.language);
    let single = |output: &str, template: &str, title: &str, extra: Value| {
        let ctx = page_context(
            &shared,
            output,
            title,
            template.trim_end_matches(".html"),
            "",
            NavFocus::default(),
            extra,
        );
        Ok(Page {
            content: renderer.render(template, ctx)?,
            path: output.to_string(),
        })
    };
    let render = |page: SitePage| -> Result<Page, Box<Diagnostic>> {
        match page {
            SitePage::Note(i) => render_note(library, renderer, cx, &shared, i),
            SitePage::Section(s) => render_section(library, renderer, &shared, s, &tags),
            SitePage::Home(p) => render_home_page(renderer, &shared, p, home_page_count),
            SitePage::Tag { tag, page } => render_tag_page(library, renderer, &shared, tag, page),
            SitePage::Unwritten(n) => render_unwritten(library, renderer, &shared, n),
            SitePage::TagIndex => single(
                crate::paths::TAG_INDEX,
                "tags.html",
                t["all_tags"],
                context! { tags => tags.clone() },
            ),
            SitePage::Catalog => single(
                crate::paths::CATALOG,
                "docs.html",
                t["official_docs"],
                docs_context(library, &shared),
            ),
            SitePage::Map => single(
                crate::paths::MAP,
                "map.html",
                t["map"],
                map_context(library, &shared, &t),
            ),
            SitePage::NotFound => single(
                crate::paths::NOT_FOUND,
                "404.html",
                t["not_found_title"],
                super::not_found::context(config),
            ),
            SitePage::Search => single(
                crate::paths::SEARCH,
                "search.html",
                t["search"],
                context! {},
            ),
            SitePage::Print(part) => {
                let parts = print_parts(library.notes.len());
                let title = match parts {
                    1 => t["print_title"].to_string(),
                    _ => format!("{} ({}/{parts})", t["print_title"], part + 1),
                };
                let output = print_output(part);
                let extra = print_context(library, &by_output, part);
                let ctx = page_context(
                    &shared,
                    &output,
                    &title,
                    "print",
                    "",
                    NavFocus::default(),
                    extra,
                );
                Ok(Page {
                    content: renderer.render("print.html", ctx)?,
                    path: output,
                })
            }
            SitePage::Recent => single(
                crate::paths::RECENT,
                "recent.html",
                t["recently_changed"],
                recent_context(library, &shared),
            ),
            SitePage::Feed => Ok(Page {
                content: feed::atom(
                    library,
                    &shared,
                    config.base_url.as_deref().unwrap_or_default(),
                    config.language.code(),
                ),
                path: crate::paths::FEED.to_string(),
            }),
            SitePage::Sitemap => Ok(Page {
                content: sitemap(
                    library,
                    config.base_url.as_deref().unwrap_or_default(),
                    renderer,
                    &shared,
                )?,
                path: crate::paths::SITEMAP.to_string(),
            }),
        }
    };
    let count = pages.len();
    pages
        .into_par_iter()
        .try_for_each(|page| sink(render(page).map_err(RenderError::Theme)?))?;
    // The previews a link to a note shows on hover: every bucket holding a
    // note rendered, or a note gone since the last pass.
    let mut buckets: std::collections::BTreeMap<u32, Vec<&Note>> = Default::default();
    for note in &library.notes {
        buckets
            .entry(super::previews::preview_bucket(&note.source.output))
            .or_default()
            .push(note);
    }
    let wanted_buckets: Vec<u32> = match &cx.selection.notes {
        None => buckets.keys().copied().collect(),
        Some(selected) => {
            let mut wanted: Vec<u32> = selected
                .iter()
                .map(|&i| &library.notes[i].source.output)
                .chain(&cx.selection.vanished)
                .map(|output| super::previews::preview_bucket(output))
                .collect();
            wanted.sort_unstable();
            wanted.dedup();
            wanted
        }
    };
    wanted_buckets.into_par_iter().try_for_each(|bucket| {
        let notes = buckets.get(&bucket).map_or(&[][..], Vec::as_slice);
        sink(super::previews::bucket_page(bucket, notes.iter().copied()))
    })?;
    if !cx.selection.notes_only {
        for redirect in super::redirects::plan(library, config).0 {
            sink(Page {
                content: super::redirects::page_html(&redirect, config, &t),
                path: redirect.from,
            })?;
        }
    }
    Ok(count)
}

/// Pages listed around the current one by a pager (plus the first and last).
const PAGER_NEIGHBOURS: usize = 3;

/// The pager of page `current` (from 0) of `total`, `None` for a single
/// page: previous, next, and the page numbers near the current one, the
/// first and the last, `None` standing for the pages left out.
fn pager(current: usize, total: usize, link: impl Fn(usize) -> String) -> Option<Value> {
    if total <= 1 {
        return None;
    }
    let near = |p: usize| p == 0 || p + 1 == total || p.abs_diff(current) <= PAGER_NEIGHBOURS;
    let mut pages: Vec<Option<(usize, String)>> = Vec::new();
    for p in 0..total {
        if near(p) {
            pages.push(Some((p + 1, link(p))));
        } else if pages.last().is_some_and(Option::is_some) {
            pages.push(None);
        }
    }
    Some(context! {
        current => current + 1,
        total => total,
        prev => current.checked_sub(1).map(&link),
        next => (current + 1 < total).then(|| link(current + 1)),
        pages => pages,
    })
}
