//! The whole-site map as SVG text.

use super::adjacency::Adjacency;
use super::columns::HeadingKind;
use super::layout::SiteLayout;
use super::{route, svg, MapGraph, MapLabels};

/// Id prefix of the site map's elements.
const ID: &str = "map-site";

pub(crate) fn render(graph: &MapGraph, root_prefix: &str, labels: &MapLabels) -> String {
    let adj = Adjacency::new(graph);
    let layout = SiteLayout::new(graph, &adj);
    let mut out = String::with_capacity(
        1024 + 260 * (graph.notes.len() + graph.docs.len())
            + 80 * (adj.links.len() + adj.citations.len()),
    );
    // A map of more than one column of notes has edges crossing labels and
    // other columns: the stylesheet draws them fainter.
    let class = if layout.labelled && layout.columns.len() <= 1 {
        "map-site"
    } else {
        "map-site map-dense"
    };
    svg::open(
        &mut out,
        class,
        ID,
        (layout.width, layout.height),
        &labels.title,
        &labels.description,
    );

    // Edges first, so nodes and labels are drawn over them.
    for &(from, to) in &adj.links {
        let class = format!("map-edge map-section-{}", graph.notes[from].section % 8);
        svg::path(&mut out, &class, route::link(&layout, from, to), "");
    }
    for &(note, doc) in &adj.citations {
        let d = route::citation(&layout, note, doc);
        svg::path(&mut out, "map-citation", d, "");
    }

    for heading in &layout.headings {
        let class = match heading.kind {
            HeadingKind::Section(s) => format!("map-heading map-section-{}", s % 8),
            HeadingKind::Category => "map-heading map-category".to_string(),
        };
        svg::label(&mut out, &class, &heading.label);
        out.push('\n');
    }

    for (i, note) in graph.notes.iter().enumerate() {
        let node = &layout.notes[i];
        let class = format!("map-node map-note map-section-{}", note.section % 8);
        svg::open_node(&mut out, &class, (root_prefix, &note.href), &note.title);
        svg::circle(&mut out, node.x, node.y, node.r);
        if let Some(label) = &node.label {
            svg::label(&mut out, "map-label", label);
        }
        svg::close_node(&mut out);
    }
    for (i, doc) in graph.docs.iter().enumerate() {
        let node = &layout.docs[i];
        let class = if doc.covered {
            "map-node map-doc"
        } else {
            "map-node map-doc map-doc-uncovered"
        };
        svg::open_node(&mut out, class, (root_prefix, &doc.href), &doc.title);
        svg::diamond(&mut out, node.x, node.y, node.r);
        if let Some(label) = &node.label {
            svg::label(&mut out, "map-label", label);
        }
        svg::close_node(&mut out);
    }
    svg::close(&mut out);
    out
}
