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
