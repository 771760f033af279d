//! A note's page.

use super::*;
use crate::links::NoteId;

pub(super) fn render_note(
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
    let toc: Vec<Value> = note
        .parse
        .parsed
        .headings
        .iter()
        .filter(|h| (2..=4).contains(&h.level))
        .map(
            |h| context! { level => h.level, id => h.id.clone(), text => note.parse.text(&h.text) },
        )
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
        |list: &[NoteId]| -> Vec<Value> { list.iter().map(|&n| shared.refs[n].clone()).collect() };
    let mut crumbs = breadcrumbs(library, Some(source.section));
    crumbs.push(Crumb {
        title: source.title.clone(),
        url: urls::encode_path(&source.output),
    });
    let extra = context! {
        note => context! {
            title => source.title.clone(),
            heading => source.heading.as_ref().unwrap_or(&source.title).clone(),
            heading_id => source.page_heading_id(),
            html => Value::from_safe_string(page_html_embedding(
                &note.parse,
                &source.output,
                Embedding::new(&library.notes, &source.output, Some(NoteId(i))),
            )),
            summary => note.summary.clone(),
            toc => toc,
            tags => tags,
            reviewed => source.front.reviewed.map(|d| d.to_string()),
            changed => shared.changes[i].as_ref().map(|c| context! {
                date => c.date.to_string(),
                datetime => c.datetime.clone(),
                author => c.author.clone(),
            }),
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
    let position = section
        .notes
        .iter()
        .position(|&n| n == NoteId(i))
        .unwrap_or(0);
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
