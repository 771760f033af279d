//! The pages that list notes: sections, the home page and its further pages, tags.

use super::*;

/// The page of unwritten note `n`: its name and the notes linking to it.
pub(super) fn render_unwritten(
    library: &Library,
    renderer: &Renderer,
    shared: &Shared<'_>,
    n: usize,
) -> Result<Page, Box<Diagnostic>> {
    let unwritten = &library.unwritten[n];
    let output = crate::paths::unwritten_output(&unwritten.key);
    let notes: Vec<Value> = unwritten
        .notes
        .iter()
        .map(|&i| shared.refs[i].clone())
        .collect();
    let ctx = page_context(
        shared,
        &output,
        &unwritten.name,
        "unwritten",
        "",
        NavFocus::default(),
        context! { unwritten => context! { name => unwritten.name.clone(), notes => notes } },
    );
    Ok(Page {
        content: renderer.render("unwritten.html", ctx)?,
        path: output,
    })
}

/// Page `page` (from 0) of the notes tagged with tag `t`, [`TAG_PAGE_NOTES`] per page.
pub(super) fn render_tag_page(
    library: &Library,
    renderer: &Renderer,
    shared: &Shared<'_>,
    t: usize,
    page: usize,
) -> Result<Page, Box<Diagnostic>> {
    let tag = &library.tags[t];
    let output = crate::paths::tag_output(&tag.key, page);
    let pages = crate::paths::tag_pages(tag.notes.len());
    let notes: Vec<Value> = tag
        .notes
        .iter()
        .skip(page * TAG_PAGE_NOTES)
        .take(TAG_PAGE_NOTES)
        .map(|&n| shared.refs[n].clone())
        .collect();
    let pager = pager(page, pages, |p| {
        urls::encode_path(&crate::paths::tag_output(&tag.key, p))
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

pub(super) fn render_section(
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
    let intro = section.intro.as_ref().map(|p| {
        let embedding = Embedding::new(&library.notes, &source.output, None);
        Value::from_safe_string(page_html_embedding(p, &source.output, embedding))
    });
    let title = if s == 0 {
        shared.site_title()
    } else {
        source.title.clone()
    };
    let heading = source.index.as_ref().and_then(|i| i.heading.clone());
    let heading_id = source
        .index
        .as_ref()
        .and_then(crate::content::SourceNote::page_heading_id);
    let mut extra = context! {
        section => context! { title => title.clone(), heading => heading.unwrap_or_else(|| title.clone()), heading_id => heading_id, description => source.description.clone(), intro => intro, notes => notes, children => children },
        breadcrumbs => breadcrumbs(library, Some(SectionId(s))),
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
        let changed: Vec<Value> = shared
            .recent
            .iter()
            .take(RECENT_LIMIT)
            .map(|&n| super::recent::change_entry(library, shared, n))
            .collect();
        extra = context! {
            recent => recent,
            changed => changed,
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
pub(super) fn home_tags(library: &Library, tags: &[Value], expand_all: bool) -> Vec<Value> {
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
    let pages = if shared.expand_all {
        1
    } else {
        listed.div_ceil(HOME_PAGE_SECTIONS).max(1)
    };
    let slice = (pages > 1).then(|| {
        let first = page * HOME_PAGE_SECTIONS;
        [first, (first + HOME_PAGE_SECTIONS).min(listed)]
    });
    let pager = pager(page, pages, |p| urls::encode_path(&home_output(p)));
    (slice, pager)
}

/// Page `page` (from 1) of a large site's section list: the section cards
/// the home page has no room for.
pub(super) fn render_home_page(
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
