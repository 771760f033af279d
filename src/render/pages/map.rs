//! The knowledge map page.

use super::*;

pub(super) fn map_context(
    library: &Library,
    shared: &Shared<'_>,
    t: &BTreeMap<&str, &str>,
) -> Value {
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

/// The map page of a large site: sections instead of notes (see
/// [`crate::render::knowledge_map::section_graph`]), and the same lists by section.
fn section_map_context(
    library: &Library,
    mut labels: crate::map::MapLabels,
    t: &BTreeMap<&str, &str>,
) -> Value {
    let (graph, with_notes) = crate::render::knowledge_map::section_graph(library);
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
