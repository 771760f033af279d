//! The knowledge map: how the notes and the official docs connect, drawn at
//! build time as inline SVG so it works from file://, without JavaScript and
//! in print.
//!
//! Two pictures share one vocabulary of CSS classes (styled by
//! `themes/default/static/map.css`; the SVG itself carries no colours and no
//! `style`, so a strict CSP holds):
//!
//! - [`site_map_svg`]: every note and every catalogued doc. Notes are stacked
//!   in reading order under their section, in columns; note-to-note links are
//!   arcs in the gutter left of a column; docs sit on the right grouped by
//!   category and are joined to the notes that cite them. Past 200 notes
//!   each section becomes a grid of dots (names only in the `<title>`
//!   tooltips), so a 1,000-note map stays one screenful and well under 1 MB.
//! - [`neighbourhood_svg`]: one note in the middle, the notes linking to it on
//!   the left, the notes it links to and the docs it cites on the right.
//!
//! Classes: `map-node` on every node's `<a>`, plus `map-note` (with
//! `map-section-N`, N = section index mod 8) or `map-doc` (with
//! `map-doc-uncovered` for a doc no note cites); `map-current` on the centre
//! of a neighbourhood; `map-edge` (note → note, with the source's
//! `map-section-N`) and `map-citation` (note → doc) on edge paths;
//! `map-label` on node labels; `map-heading` (with `map-section-N` or
//! `map-category`) on headings; `map-dense` on the root of a site map with
//! more than one column of notes (its edges should be drawn fainter).
//!
//! The output is deterministic: the same graph gives the same bytes.

mod adjacency;
mod columns;
mod geometry;
mod layout;
mod neighbourhood;
mod route;
mod site;
mod svg;
mod text;

/// A section of the site, in reading order; its index is the section number
/// that [`MapNote::section`] refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSection {
    pub title: String,
}

/// A note: one node of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapNote {
    pub title: String,
    /// Index into [`MapGraph::sections`].
    pub section: usize,
    /// Relative to the site root, percent-encoded as it should appear in the
    /// page, e.g. `networking/snat.html`.
    pub href: String,
}

/// An official documentation page from the catalog: the second kind of node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapDoc {
    pub title: String,
    pub category: String,
    /// Relative to the site root, e.g. `official-docs.html#doc-private-clusters`.
    pub href: String,
    /// Cited by at least one note. An uncovered doc is drawn so it stands out.
    pub covered: bool,
}

/// Everything the map shows. Notes are expected in reading order (a note's
/// position among the notes of its section is its place in the column).
///
/// Indices that point nowhere, self links and repeated pairs are ignored
/// rather than trusted, so a careless caller gets a smaller map, not a panic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapGraph {
    pub sections: Vec<MapSection>,
    pub notes: Vec<MapNote>,
    pub docs: Vec<MapDoc>,
    /// Note → note, indices into `notes`.
    pub links: Vec<(usize, usize)>,
    /// Note → doc, indices into `notes` and `docs`.
    pub citations: Vec<(usize, usize)>,
}

/// UI text of a map, in the site's language, chosen by the caller. It becomes
/// the SVG's `<title>` and `<desc>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapLabels {
    pub title: String,
    pub description: String,
}

/// The whole-site map: every note a node (coloured by section, sized by
/// in-degree), every link an edge, docs as a second node kind joined to citing
/// notes, uncovered docs stand out. Each node is an `<a href>` to
/// `root_prefix + href`, so it works from file://.
///
/// `root_prefix` is the relative path from the page to the site root, e.g.
/// `""` or `"../"`.
pub fn site_map_svg(graph: &MapGraph, root_prefix: &str, labels: &MapLabels) -> String {
    site::render(graph, root_prefix, labels)
}

/// A small map of one note's neighbourhood: the notes it links to, the notes
/// linking to it, the docs it cites. A `note` index outside the graph gives a
/// map with a title and no nodes.
///
/// Element ids carry the note index, so several neighbourhood maps (and the
/// site map) can share a page.
pub fn neighbourhood_svg(
    graph: &MapGraph,
    note: usize,
    root_prefix: &str,
    labels: &MapLabels,
) -> String {
    PreparedMap::new(graph).neighbourhood_svg(note, root_prefix, labels)
}

/// A graph with its edges indexed once, for drawing many neighbourhood maps
/// (one per note page) in time proportional to each neighbourhood.
pub struct PreparedMap<'a> {
    graph: &'a MapGraph,
    adjacency: adjacency::Adjacency,
}

impl<'a> PreparedMap<'a> {
    pub fn new(graph: &'a MapGraph) -> PreparedMap<'a> {
        PreparedMap {
            graph,
            adjacency: adjacency::Adjacency::new(graph),
        }
    }

    /// See [`site_map_svg`].
    pub fn site_svg(&self, root_prefix: &str, labels: &MapLabels) -> String {
        site::render(self.graph, root_prefix, labels)
    }

    /// See [`neighbourhood_svg`].
    pub fn neighbourhood_svg(&self, note: usize, root_prefix: &str, labels: &MapLabels) -> String {
        neighbourhood::render(self.graph, &self.adjacency, note, root_prefix, labels)
    }
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::fixture::{bundled_like, hrefs, large, tiny};
    use super::*;

    fn labels() -> MapLabels {
        MapLabels {
            title: "ナレッジマップ".into(),
            description: "ノートと公式ドキュメントのつながり".into(),
        }
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn site_map_has_one_node_per_note_and_per_doc() {
        let graph = bundled_like();
        let svg = site_map_svg(&graph, "", &labels());
        assert_eq!(count(&svg, "class=\"map-node map-note "), graph.notes.len());
        assert_eq!(count(&svg, "class=\"map-node map-doc"), graph.docs.len());
        let uncovered = graph.docs.iter().filter(|d| !d.covered).count();
        assert_eq!(count(&svg, "map-doc-uncovered"), uncovered);
        assert_eq!(count(&svg, "<a "), graph.notes.len() + graph.docs.len());
    }

    #[test]
    fn site_map_has_one_edge_per_link_and_per_citation() {
        let graph = bundled_like();
        let svg = site_map_svg(&graph, "", &labels());
        assert_eq!(count(&svg, "class=\"map-edge "), graph.links.len());
        assert_eq!(count(&svg, "class=\"map-citation"), graph.citations.len());
    }

    #[test]
    fn broken_self_and_repeated_links_are_dropped() {
        let mut graph = tiny();
        let good_links = graph.links.len();
        let good_citations = graph.citations.len();
        graph.links.push(graph.links[0]);
        graph.links.push((0, 0));
        graph.links.push((0, 99));
        graph.citations.push((99, 0));
        graph.citations.push((0, 99));
        let svg = site_map_svg(&graph, "", &labels());
        assert_eq!(count(&svg, "class=\"map-edge "), good_links);
        assert_eq!(count(&svg, "class=\"map-citation"), good_citations);
    }

    #[test]
    fn every_href_is_the_prefix_plus_the_given_href() {
        let graph = bundled_like();
        let svg = site_map_svg(&graph, "../", &labels());
        let mut expected: Vec<String> = graph
            .notes
            .iter()
            .map(|n| format!("../{}", n.href))
            .chain(graph.docs.iter().map(|d| format!("../{}", d.href)))
            .collect();
        expected.sort();
        let mut found = hrefs(&svg);
        found.sort();
        assert_eq!(found, expected);
    }

    #[test]
    fn percent_encoding_is_kept_and_ampersands_are_escaped() {
        let mut graph = tiny();
        graph.notes[0].href = "net/%E3%83%8D%E3%83%83%E3%83%88.html?a=1&b=2".into();
        let svg = site_map_svg(&graph, "../", &labels());
        assert!(svg.contains("href=\"../net/%E3%83%8D%E3%83%83%E3%83%88.html?a=1&amp;b=2\""));
    }

    #[test]
    fn text_and_attributes_are_xml_escaped() {
        let mut graph = tiny();
        graph.notes[0].title = "<b>\"A\" & 'B'</b>".into();
        graph.notes[0].href = "a\"b'c<d>&e.html".into();
        graph.sections[0].title = "S&<".into();
        graph.docs[0].category = "C\"&".into();
        let evil = MapLabels {
            title: "t<&>".into(),
            description: "d\"'".into(),
        };
        for svg in [
            site_map_svg(&graph, "", &evil),
            neighbourhood_svg(&graph, 0, "", &evil),
        ] {
            assert!(svg.contains("&lt;b&gt;&quot;A&quot; &amp; &apos;B&apos;&lt;/b&gt;"));
            assert!(svg.contains("href=\"a&quot;b&apos;c&lt;d&gt;&amp;e.html\""));
            assert!(svg.contains("t&lt;&amp;&gt;"));
            assert!(!svg.contains("<b>"));
            assert!(!svg.contains("t<&>"));
        }
        let site = site_map_svg(&graph, "", &evil);
        assert!(site.contains("S&amp;&lt;"));
        assert!(site.contains("C&quot;&amp;"));
    }

    #[test]
    fn same_graph_gives_identical_bytes() {
        let graph = bundled_like();
        assert_eq!(
            site_map_svg(&graph, "", &labels()),
            site_map_svg(&graph.clone(), "", &labels())
        );
        assert_eq!(
            neighbourhood_svg(&graph, 3, "../", &labels()),
            neighbourhood_svg(&graph.clone(), 3, "../", &labels())
        );
        let big = large(1000);
        assert_eq!(
            site_map_svg(&big, "", &labels()),
            site_map_svg(&big.clone(), "", &labels())
        );
    }

    #[test]
    fn svg_is_accessible_and_needs_no_inline_style() {
        let graph = bundled_like();
        for svg in [
            site_map_svg(&graph, "", &labels()),
            neighbourhood_svg(&graph, 0, "", &labels()),
            site_map_svg(&large(1000), "", &labels()),
        ] {
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(svg.contains(" role=\"group\""));
            assert!(svg.contains(" aria-labelledby=\"map-"));
            assert!(svg.contains(" aria-describedby=\"map-"));
            assert!(svg.contains(" viewBox=\"0 0 "));
            assert!(svg.contains("<title id=\""));
            assert!(svg.contains("<desc id=\""));
            assert!(!svg.contains("style"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
            assert!(svg.trim_end().ends_with("</svg>"));
        }
    }

    #[test]
    fn ids_are_prefixed_and_unique_per_map() {
        let graph = bundled_like();
        let site = site_map_svg(&graph, "", &labels());
        let near = neighbourhood_svg(&graph, 4, "", &labels());
        let other = neighbourhood_svg(&graph, 5, "", &labels());
        let ids = |svg: &str| -> Vec<String> {
            svg.split(" id=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].to_string())
                .collect()
        };
        let mut all = Vec::new();
        for svg in [&site, &near, &other] {
            all.extend(ids(svg));
        }
        assert!(all.len() >= 7, "{all:?}");
        assert!(all.iter().all(|id| id.starts_with("map-")), "{all:?}");
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len(), "{all:?}");
    }

    #[test]
    fn a_thousand_note_map_stays_small() {
        let graph = large(1000);
        let svg = site_map_svg(&graph, "../", &labels());
        assert_eq!(count(&svg, "class=\"map-node map-note "), graph.notes.len());
        assert_eq!(count(&svg, "class=\"map-edge "), graph.links.len());
        assert_eq!(count(&svg, "class=\"map-citation"), graph.citations.len());
        assert!(svg.len() < 900_000, "{} bytes", svg.len());
    }

    #[test]
    fn a_note_in_a_section_missing_from_the_list_is_still_drawn() {
        let mut graph = tiny();
        graph.notes[2].section = 11;
        let svg = site_map_svg(&graph, "", &labels());
        assert_eq!(count(&svg, "class=\"map-node map-note "), 3);
        assert!(svg.contains("map-note map-section-3\""));
        graph.notes[2].section = usize::MAX;
        let svg = site_map_svg(&graph, "", &labels());
        assert_eq!(count(&svg, "class=\"map-node map-note "), 3);
    }

    #[test]
    fn an_empty_graph_still_gives_a_titled_svg() {
        let svg = site_map_svg(&MapGraph::default(), "", &labels());
        assert!(svg.contains("<title id=\"map-site-title\">ナレッジマップ</title>"));
        assert_eq!(count(&svg, "<a "), 0);
        let svg = neighbourhood_svg(&MapGraph::default(), 0, "", &labels());
        assert!(svg.contains("ナレッジマップ</title>"));
        assert_eq!(count(&svg, "<a "), 0);
    }
}
