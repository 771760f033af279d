//! `sitemap.xml`, when the site knows its address.

use super::*;

pub(super) fn sitemap(
    library: &Library,
    base: &str,
    renderer: &Renderer,
    shared: &Shared<'_>,
) -> Result<String, Box<Diagnostic>> {
    let mut urls_list: Vec<Value> = Vec::new();
    for section in &library.sections {
        urls_list.push(context! { loc => format!("{base}{}", urls::encode_path(&section.source.output)), lastmod => Option::<String>::None });
    }
    for (note, change) in library.notes.iter().zip(&shared.changes) {
        // The last change when known, else the day the note was last reviewed.
        let lastmod = change
            .as_ref()
            .map(|c| c.date)
            .or(note.source.front.reviewed);
        urls_list.push(context! {
            loc => format!("{base}{}", urls::encode_path(&note.source.output)),
            lastmod => lastmod.map(|d| d.to_string()),
        });
    }
    if !shared.recent.is_empty() {
        urls_list.push(context! { loc => format!("{base}{}", crate::paths::RECENT), lastmod => Option::<String>::None });
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
