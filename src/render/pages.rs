//! What each page shows: the template contexts built from the [`Library`].

use super::sidebar::{NavNote, NavSection, Sidebar, SidebarPage};
use super::{i18n, RenderContext, Renderer};
use crate::diagnostics::Diagnostic;
use crate::links::{Library, Note};
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

/// Sites with more notes than this list only the current section's notes in
/// the sidebar, so no page grows with the size of the site.
const NAV_EXPAND_ALL_LIMIT: usize = 300;
const RECENT_LIMIT: usize = 8;
/// Citing notes listed under an official page on the catalog page (the
/// first in reading order; the rest are counted).
const DOC_CITING_LIMIT: usize = 20;
/// Notes listed on one page of a tag; more go to `tags/<key>/2.html`, ….
const TAG_PAGE_NOTES: usize = 100;
/// In a large section the sidebar lists this many notes around the current one.
const NAV_WINDOW: usize = 40;

/// On a large site the sidebar lists this many sections around the current one.
const NAV_SECTION_WINDOW: usize = 24;
/// On a large site the home page shows this many section cards; the rest
/// are on `index-2.html`, `index-3.html`, ….
pub const HOME_PAGE_SECTIONS: usize = 48;
/// On a large site the home page shows this many of the most used tags.
const HOME_TAGS: usize = 50;

/// How many pages list the sections of a site of `notes` notes and
/// `sections` listed sections: one, unless the site is large.
pub fn home_pages(sections: usize, notes: usize) -> usize {
    list_pages(sections, notes <= NAV_EXPAND_ALL_LIMIT)
}

fn list_pages(sections: usize, expand_all: bool) -> usize {
    if expand_all {
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

/// Whether `name` (a file at the top of the output) is one of the numbered
/// pages a site may have more or fewer of: `print-N.html`, `index-N.html`.
pub fn is_numbered_page(name: &str) -> bool {
    ["print-", "index-"].iter().any(|stem| {
        name.strip_prefix(stem)
            .and_then(|rest| rest.strip_suffix(".html"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

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
        summary: note.parsed.summary.clone(),
        reviewed: note.source.front.reviewed.map(|d| d.to_string()),
        stale: note.stale,
    }
}

fn nav_note(note: &Note) -> NavNote {
    let url = urls::encode_path(&note.source.output);
    NavNote {
        title_html: crate::markdown::escape_html(&note.source.title),
        url_html: crate::markdown::escape_html(&url),
        title: note.source.title.clone(),
        url,
        stale: note.stale,
    }
}

/// The anchor id of a catalog entry on the official docs page.
pub fn doc_anchor(id: &str) -> String {
    format!("doc-{id}")
}

struct Shared<'g> {
    map: crate::map::PreparedMap<'g>,
    /// Every note as lists show it ([`NoteRef`]), built once.
    refs: Vec<Value>,
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

fn breadcrumbs(library: &Library, mut section: Option<usize>) -> Vec<Crumb> {
    let mut crumbs = Vec::new();
    while let Some(s) = section {
        let source = &library.sections[s].source;
        if s != 0 {
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
) -> Result<usize, Box<Diagnostic>>
where
    F: Fn(Page) -> Result<(), Box<Diagnostic>> + Sync,
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
    let expand_all = library.notes.len() <= NAV_EXPAND_ALL_LIMIT;
    let nav: Vec<NavSection> = library
        .sections
        .iter()
        .enumerate()
        .filter(|(i, s)| *i != 0 && (!s.source.notes.is_empty() || !s.source.children.is_empty()))
        .map(|(_, s)| {
            let mut depth = 0;
            let mut parent = s.source.parent;
            while let Some(p) = parent {
                if p != 0 {
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
    let graph = super::knowledge_map::graph(library);
    let strings = i18n::strings(config.language);
    let shared = Shared {
        map: crate::map::PreparedMap::new(&graph),
        refs,
        site: context! {
            title => home_title,
            description => config.description.clone(),
            language => config.language.code(),
            base_url => config.base_url.clone(),
            root_notes => root_notes,
            og => super::og::site_values(config),
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

    let selected = |i: &usize| {
        cx.selection
            .notes
            .as_ref()
            .is_none_or(|set| set.contains(i))
    };
    let note_pages = (0..library.notes.len())
        .into_par_iter()
        .filter(selected)
        .try_for_each(|i| {
            sink(render_note(library, renderer, cx, &shared, i)?)?;
            sink(super::previews::preview_page(&library.notes[i]))
        });
    note_pages?;
    if cx.selection.notes_only {
        return Ok(cx
            .selection
            .notes
            .as_ref()
            .map_or(library.notes.len(), |s| s.len()));
    }
    let section_pages = (0..library.sections.len())
        .into_par_iter()
        .map(|s| render_section(library, renderer, &shared, s, &tags))
        .try_for_each(|page| sink(page?));
    section_pages?;
    let home_page_count = home_pages(shared.nav_positions.len(), library.notes.len());
    (1..home_page_count)
        .into_par_iter()
        .map(|p| render_home_page(renderer, &shared, p, home_page_count))
        .try_for_each(|page| sink(page?))?;
    let tag_pages: Vec<(usize, usize)> = library
        .tags
        .iter()
        .enumerate()
        .flat_map(|(t, tag)| {
            (0..tag.notes.len().div_ceil(TAG_PAGE_NOTES).max(1)).map(move |p| (t, p))
        })
        .collect();
    let tag_page_count = tag_pages.len();
    let tag_pages = tag_pages
        .into_par_iter()
        .map(|(t, p)| render_tag_page(library, renderer, &shared, t, p))
        .try_for_each(|page: Result<Page, Box<Diagnostic>>| sink(page?));
    tag_pages?;

    let t = i18n::strings(config.language);
    let singles: Vec<(String, &str, String, Value)> = vec![
        (
            "tags/index.html".into(),
            "tags.html",
            t["all_tags"].to_string(),
            context! { tags => tags.clone() },
        ),
        (
            "official-docs.html".into(),
            "docs.html",
            t["official_docs"].to_string(),
            docs_context(library, &shared),
        ),
        (
            "map.html".into(),
            "map.html",
            t["map"].to_string(),
            map_context(library, &shared, &t),
        ),
        (
            "404.html".into(),
            "404.html",
            t["not_found_title"].to_string(),
            super::not_found::context(config),
        ),
    ];
    let mut singles = singles;
    if shared.search_manifest.is_some() {
        singles.push((
            "search.html".into(),
            "search.html",
            t["search"].to_string(),
            context! {},
        ));
    }
    let parts = print_parts(library.notes.len());
    let by_output = notes_by_output(library);
    (0..parts)
        .into_par_iter()
        .map(|part| {
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
        })
        .try_for_each(|page: Result<Page, Box<Diagnostic>>| sink(page?))?;
    let mut count = library.notes.len()
        + library.sections.len()
        + (home_page_count - 1)
        + tag_page_count
        + parts;
    for (output, template, title, extra) in singles {
        let ctx = page_context(
            &shared,
            &output,
            &title,
            template.trim_end_matches(".html"),
            "",
            NavFocus::default(),
            extra,
        );
        sink(Page {
            content: renderer.render(template, ctx)?,
            path: output,
        })?;
        count += 1;
    }
    for redirect in super::redirects::plan(library, config).0 {
        sink(Page {
            content: super::redirects::page_html(&redirect, config, &t),
            path: redirect.from,
        })?;
    }
    if let Some(base) = &config.base_url {
        sink(Page {
            content: sitemap(library, base, renderer, &shared)?,
            path: "sitemap.xml".into(),
        })?;
        count += 1;
    }
    Ok(count)
}

fn render_note(
    library: &Library,
    renderer: &Renderer,
    cx: &RenderContext<'_>,
    shared: &Shared<'_>,
    i: usize,
) -> Result<Page, Box<Diagnostic>> {
    let note = &library.notes[i];
    let source = &note.source;
    let docs: Vec<DocRef> = note
        .docs
        .iter()
        .map(|&d| {
            let page = &library.catalog.pages[d];
            DocRef {
                id: page.id.clone(),
                title: page.title.clone(),
                url: page.url.clone(),
                category: page.category.clone(),
                anchor: doc_anchor(&page.id),
            }
        })
        .collect();
    let toc: Vec<_> = note
        .parsed
        .headings
        .iter()
        .filter(|h| (2..=4).contains(&h.level))
        .collect();
    let tags: Vec<Value> = source
        .front
        .tags
        .iter()
        .zip(&note.tag_keys)
        .map(|(name, key)| context! { name => name, url => urls::encode_path(&format!("tags/{key}.html")) })
        .collect();
    let edit_url = cx.config.edit_url_template.as_ref().map(|tpl| {
        let rel = source
            .file
            .strip_prefix(crate::content::CONTENT_DIR)
            .unwrap_or(&source.file);
        tpl.replace("{path}", &urls::encode_path(&rel.to_string_lossy()))
    });
    let refs =
        |list: &[usize]| -> Vec<Value> { list.iter().map(|&n| shared.refs[n].clone()).collect() };
    let mut crumbs = breadcrumbs(library, Some(source.section));
    crumbs.push(Crumb {
        title: source.title.clone(),
        url: urls::encode_path(&source.output),
    });
    let extra = context! {
        note => context! {
            title => source.title.clone(),
            html => Value::from_safe_string(note.parsed.html.clone()),
            summary => note.parsed.summary.clone(),
            toc => toc,
            tags => tags,
            reviewed => source.front.reviewed.map(|d| d.to_string()),
            stale => note.stale,
            draft => source.front.draft,
            docs => docs,
            backlinks => refs(&note.backlinks),
            related => refs(&note.related),
            prev => note.prev.map(|n| shared.refs[n].clone()),
            next => note.next.map(|n| shared.refs[n].clone()),
            edit_url => edit_url,
            extra => Value::from_serialize(&source.front.extra),
        },
        breadcrumbs => crumbs,
    };
    let t = &shared.strings;
    let labels = crate::map::MapLabels {
        title: format!("{}: {}", t["neighbourhood"], source.title),
        description: t["neighbourhood_description"].to_string(),
    };
    let root = urls::root_prefix(&source.output);
    let neighbourhood = shared.map.neighbourhood_svg(i, &root, &labels);
    let extra = context! { neighbourhood => Value::from_safe_string(neighbourhood), ..extra };
    let section = &library.sections[source.section].source;
    let position = section.notes.iter().position(|&n| n == i).unwrap_or(0);
    let window = nav_window(section.notes.len(), position, shared.expand_all);
    let ctx = page_context(
        shared,
        &source.output,
        &source.title,
        "note",
        &section.dir,
        NavFocus::notes(window),
        extra,
    );
    Ok(Page {
        content: renderer.render("note.html", ctx)?,
        path: source.output.clone(),
    })
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

/// The output path of page `page` (from 0) of a tag's note list.
fn tag_page_output(key: &str, page: usize) -> String {
    match page {
        0 => format!("tags/{key}.html"),
        _ => format!("tags/{key}/{}.html", page + 1),
    }
}

/// Page `page` (from 0) of the notes tagged with tag `t`, [`TAG_PAGE_NOTES`] per page.
fn render_tag_page(
    library: &Library,
    renderer: &Renderer,
    shared: &Shared<'_>,
    t: usize,
    page: usize,
) -> Result<Page, Box<Diagnostic>> {
    let tag = &library.tags[t];
    let output = tag_page_output(&tag.key, page);
    let pages = tag.notes.len().div_ceil(TAG_PAGE_NOTES).max(1);
    let notes: Vec<Value> = tag
        .notes
        .iter()
        .skip(page * TAG_PAGE_NOTES)
        .take(TAG_PAGE_NOTES)
        .map(|&n| shared.refs[n].clone())
        .collect();
    let pager = pager(page, pages, |p| {
        urls::encode_path(&tag_page_output(&tag.key, p))
    });
    let ctx = page_context(
        shared,
        &output,
        &tag.name,
        "tag",
        "",
        NavFocus::default(),
        context! { tag => context! { name => tag.name.clone(), count => tag.notes.len(), notes => notes }, pager => pager },
    );
    Ok(Page {
        content: renderer.render("tag.html", ctx)?,
        path: output,
    })
}

fn render_section(
    library: &Library,
    renderer: &Renderer,
    shared: &Shared<'_>,
    s: usize,
    tags: &[Value],
) -> Result<Page, Box<Diagnostic>> {
    let section = &library.sections[s];
    let source = &section.source;
    let notes: Vec<Value> = source
        .notes
        .iter()
        .map(|&n| shared.refs[n].clone())
        .collect();
    let children: Vec<Value> = source
        .children
        .iter()
        .map(|&c| {
            let child = &library.sections[c].source;
            let notes: Vec<Value> = child.notes.iter().map(|&n| shared.refs[n].clone()).collect();
            context! { title => child.title.clone(), url => urls::encode_path(&child.output), description => child.description.clone(), notes => notes }
        })
        .collect();
    let intro = section
        .intro
        .as_ref()
        .map(|p| Value::from_safe_string(p.html.clone()));
    let title = if s == 0 {
        shared.site_title()
    } else {
        source.title.clone()
    };
    let mut extra = context! {
        section => context! { title => title.clone(), description => source.description.clone(), intro => intro, notes => notes, children => children },
        breadcrumbs => breadcrumbs(library, Some(s)),
    };
    let template = if s == 0 {
        let mut recent: Vec<&Note> = library
            .notes
            .iter()
            .filter(|n| n.source.front.reviewed.is_some())
            .collect();
        recent.sort_by(|a, b| {
            b.source
                .front
                .reviewed
                .cmp(&a.source.front.reviewed)
                .then_with(|| a.source.title.cmp(&b.source.title))
        });
        let recent: Vec<NoteRef> = recent
            .into_iter()
            .take(RECENT_LIMIT)
            .map(note_ref)
            .collect();
        let home_tags = home_tags(library, tags, shared.expand_all);
        let (home_sections, pager) = home_list(shared, 0);
        extra = context! {
            recent => recent,
            tags_more => tags.len() - home_tags.len(),
            tags => home_tags,
            home_sections => home_sections,
            pager => pager,
            ..extra
        };
        "index.html"
    } else {
        "section.html"
    };
    let kind = if s == 0 { "home" } else { "section" };
    let window = nav_window(source.notes.len(), 0, shared.expand_all);
    let ctx = page_context(
        shared,
        &source.output,
        &title,
        kind,
        &source.dir,
        NavFocus::notes(window),
        extra,
    );
    Ok(Page {
        content: renderer.render(template, ctx)?,
        path: source.output.clone(),
    })
}

/// The tags the home page shows: all of them, or on a large site the
/// [`HOME_TAGS`] used by the most notes (in the usual order); the tag index
/// lists every tag.
fn home_tags(library: &Library, tags: &[Value], expand_all: bool) -> Vec<Value> {
    if expand_all || tags.len() <= HOME_TAGS {
        return tags.to_vec();
    }
    let mut ranked: Vec<usize> = (0..library.tags.len()).collect();
    ranked.sort_by_key(|&t| (std::cmp::Reverse(library.tags[t].notes.len()), t));
    let mut top = ranked[..HOME_TAGS].to_vec();
    top.sort_unstable();
    top.into_iter().map(|t| tags[t].clone()).collect()
}

/// The slice of the sections that page `page` of the section list shows,
/// and its pager (none when one page lists them all).
fn home_list(shared: &Shared<'_>, page: usize) -> (Option<[usize; 2]>, Option<Value>) {
    let listed = shared.nav_positions.len();
    let pages = list_pages(listed, shared.expand_all);
    let slice = (pages > 1).then(|| {
        let first = page * HOME_PAGE_SECTIONS;
        [first, (first + HOME_PAGE_SECTIONS).min(listed)]
    });
    let pager = pager(page, pages, |p| urls::encode_path(&home_output(p)));
    (slice, pager)
}

/// Page `page` (from 1) of a large site's section list: the section cards
/// the home page has no room for.
fn render_home_page(
    renderer: &Renderer,
    shared: &Shared<'_>,
    page: usize,
    pages: usize,
) -> Result<Page, Box<Diagnostic>> {
    let site_title = shared.site_title();
    let t = shared.t.get_attr("sections").map(|v| v.to_string());
    let title = format!("{} ({}/{pages})", t.unwrap_or_default(), page + 1);
    let output = home_output(page);
    let (home_sections, pager) = home_list(shared, page);
    let extra = context! {
        section => context! { title => site_title },
        breadcrumbs => Vec::<Crumb>::new(),
        home_sections => home_sections,
        pager => pager,
    };
    // The sidebar lists the sections around those of this page.
    let focus = NavFocus {
        sections_around: Some(page * HOME_PAGE_SECTIONS + HOME_PAGE_SECTIONS / 2),
        ..NavFocus::default()
    };
    let ctx = page_context(shared, &output, &title, "home", "", focus, extra);
    Ok(Page {
        content: renderer.render("index.html", ctx)?,
        path: output,
    })
}

fn docs_context(library: &Library, shared: &Shared<'_>) -> Value {
    let mut categories: BTreeMap<(usize, String), Vec<Value>> = BTreeMap::new();
    let mut first_seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut uncovered = Vec::new();
    for (d, page) in library.catalog.pages.iter().enumerate() {
        let order = *first_seen.entry(page.category.clone()).or_insert(d);
        let cited_by = &library.citations[d];
        let citing: Vec<Value> = cited_by
            .iter()
            .take(DOC_CITING_LIMIT)
            .map(|&n| shared.refs[n].clone())
            .collect();
        if citing.is_empty() {
            uncovered.push(context! { title => page.title.clone(), url => page.url.clone(), anchor => doc_anchor(&page.id), id => page.id.clone() });
        }
        categories
            .entry((order, page.category.clone()))
            .or_default()
            .push(context! {
                id => page.id.clone(),
                title => page.title.clone(),
                url => page.url.clone(),
                anchor => doc_anchor(&page.id),
                notes => citing,
                more => cited_by.len().saturating_sub(DOC_CITING_LIMIT),
            });
    }
    let total = library.catalog.pages.len();
    let covered = total - uncovered.len();
    let categories: Vec<Value> = categories
        .into_iter()
        .map(|((_, name), docs)| context! { name => name, docs => docs })
        .collect();
    context! { categories => categories, uncovered => uncovered, covered => covered, total => total }
}

fn map_context(library: &Library, shared: &Shared<'_>, t: &BTreeMap<&str, &str>) -> Value {
    let labels = crate::map::MapLabels {
        title: t["map"].to_string(),
        description: t["map_description"].to_string(),
    };
    if !shared.expand_all {
        let labels = crate::map::MapLabels {
            description: t["map_description_sections"].to_string(),
            ..labels
        };
        return section_map_context(library, labels, t);
    }
    let svg = shared.map.site_svg("", &labels);
    let sections: Vec<Value> = library
        .sections
        .iter()
        .filter(|s| !s.source.notes.is_empty())
        .map(|s| {
            let notes: Vec<Value> = s
                .source
                .notes
                .iter()
                .map(|&n| {
                    let note = &library.notes[n];
                    let docs: Vec<Value> = note
                        .docs
                        .iter()
                        .map(|&d| context! { title => library.catalog.pages[d].title.clone(), anchor => doc_anchor(&library.catalog.pages[d].id) })
                        .collect();
                    context! {
                        note => shared.refs[n].clone(),
                        links => note.outgoing.iter().map(|&o| shared.refs[o].clone()).collect::<Vec<_>>(),
                        backlinks => note.backlinks.len(),
                        docs => docs,
                    }
                })
                .collect();
            context! { title => s.source.title.clone(), notes => notes }
        })
        .collect();
    context! { svg => Value::from_safe_string(svg), sections => sections }
}

/// Notes on one print page; a larger site's print version is split into
/// parts `print.html`, `print-2.html`, … in reading order.
pub const PRINT_PART_NOTES: usize = 200;

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

/// The map page of a large site: sections instead of notes (see
/// [`super::knowledge_map::section_graph`]), and the same lists by section.
fn section_map_context(
    library: &Library,
    mut labels: crate::map::MapLabels,
    t: &BTreeMap<&str, &str>,
) -> Value {
    let (graph, with_notes) = super::knowledge_map::section_graph(library);
    if graph.notes.len() < with_notes {
        let shown = t["map_sections_shown"]
            .replace("{shown}", &graph.notes.len().to_string())
            .replace("{total}", &with_notes.to_string());
        labels.description = format!("{} {shown}", labels.description);
    }
    let svg = crate::map::site_map_svg(&graph, "", &labels);
    let mut incoming = vec![0usize; graph.notes.len()];
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); graph.notes.len()];
    for &(from, to) in &graph.links {
        incoming[to] += 1;
        outgoing[from].push(to);
    }
    let mut docs: Vec<Vec<usize>> = vec![Vec::new(); graph.notes.len()];
    for &(node, d) in &graph.citations {
        docs[node].push(d);
    }
    let item = |n: usize| context! { title => graph.notes[n].title.clone(), url => graph.notes[n].href.clone() };
    let columns: Vec<Value> = graph
        .sections
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let items: Vec<Value> = (0..graph.notes.len())
                .filter(|&n| graph.notes[n].section == c)
                .map(|n| {
                    let cited: Vec<Value> = docs[n]
                        .iter()
                        .map(|&d| context! { title => library.catalog.pages[d].title.clone(), anchor => doc_anchor(&library.catalog.pages[d].id) })
                        .collect();
                    context! {
                        note => item(n),
                        links => outgoing[n].iter().map(|&o| item(o)).collect::<Vec<_>>(),
                        backlinks => incoming[n],
                        docs => cited,
                    }
                })
                .collect();
            context! { title => column.title.clone(), notes => items }
        })
        .collect();
    context! { svg => Value::from_safe_string(svg), sections => columns, description => labels.description.clone() }
}

/// Each note's index by its output path (for the print edition's links).
type ByOutput<'a> = std::collections::HashMap<&'a str, usize>;

fn notes_by_output(library: &Library) -> ByOutput<'_> {
    library
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.source.output.as_str(), i))
        .collect()
}

fn print_context(library: &Library, by_output: &ByOutput<'_>, part: usize) -> Value {
    let first = part * PRINT_PART_NOTES;
    let notes: Vec<Value> = library
        .notes
        .iter()
        .enumerate()
        .skip(first)
        .take(PRINT_PART_NOTES)
        .map(|(i, note)| {
            // Every note lives on one page here: prefix anchors so they stay unique, point
            // links between notes at the notes on the print pages, and rebase the rest to the root.
            let id_prefix = format!("n{i}-");
            let html = urls::rewrite_links(&note.parsed.html, &id_prefix, |value| {
                print_href(value, i, &note.source.output, by_output)
            });
            context! {
                anchor => format!("note-{i}"),
                title => note.source.title.clone(),
                section => library.sections[note.source.section].source.title.clone(),
                reviewed => note.source.front.reviewed.map(|d| d.to_string()),
                html => Value::from_safe_string(html),
            }
        })
        .collect();
    let parts = print_parts(library.notes.len());
    let pager = pager(part, parts, print_output);
    context! { notes => notes, pager => pager, first => first + 1 }
}

/// `#anchor` on the print page of note `n`, prefixed with that page when
/// it is another part than the one of note `from`.
fn print_anchor(n: usize, from: usize, anchor: &str) -> String {
    let part = n / PRINT_PART_NOTES;
    if part == from / PRINT_PART_NOTES {
        format!("#{anchor}")
    } else {
        format!("{}#{anchor}", print_output(part))
    }
}

/// Where a link written in the note `index` (at `output`) points on the print page.
fn print_href(
    value: &str,
    index: usize,
    output: &str,
    by_output: &std::collections::HashMap<&str, usize>,
) -> String {
    if let Some(fragment) = value.strip_prefix('#') {
        return format!("#n{index}-{fragment}");
    }
    if urls::has_scheme(value) || value.starts_with("//") || value.starts_with('/') {
        return value.to_string();
    }
    let (path, fragment) = value
        .split_once('#')
        .map_or((value, None), |(p, f)| (p, Some(f)));
    let Some(target) = urls::join_relative(output, &urls::decode(path)) else {
        return value.to_string();
    };
    match (by_output.get(target.as_str()), fragment) {
        (Some(&n), Some(f)) => print_anchor(n, index, &format!("n{n}-{f}")),
        (Some(&n), None) => print_anchor(n, index, &format!("note-{n}")),
        (None, _) => {
            let mut href = urls::encode_path(&target);
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            href
        }
    }
}

fn sitemap(
    library: &Library,
    base: &str,
    renderer: &Renderer,
    shared: &Shared<'_>,
) -> Result<String, Box<Diagnostic>> {
    let mut urls_list: Vec<Value> = Vec::new();
    for section in &library.sections {
        urls_list.push(context! { loc => format!("{base}{}", urls::encode_path(&section.source.output)), lastmod => Option::<String>::None });
    }
    for note in &library.notes {
        urls_list.push(context! {
            loc => format!("{base}{}", urls::encode_path(&note.source.output)),
            lastmod => note.source.front.reviewed.map(|d| d.to_string()),
        });
    }
    let ctx = page_context(
        shared,
        "sitemap.xml",
        "",
        "sitemap",
        "",
        NavFocus::default(),
        context! { urls => urls_list },
    );
    renderer.render("sitemap.xml", ctx)
}
