//! Where the site map puts its nodes and labels.
//!
//! A fixed layout rather than a simulation: it reads like a table of
//! contents, is deterministic by construction, and leaves a known room for
//! every label, so labels cannot collide.
//!
//! ```text
//!  arcs │ ● セクション見出し               ╲        │ ◆ カテゴリ
//!   ╭───│ ● ノート（読む順）               ╲───────│ ◆ 公式ドキュメント
//!   ╰───│ ● ノート                           ──────│ ◆ …
//!       │ ● 次のセクション …                        │
//! ```
//!
//! Notes are stacked under their section heading, in reading order; sections
//! flow down a column and on into the next one when a column is full. A
//! note → note link within a column is an arc in the gutter left of it. Docs
//! sit in a band on the right, grouped by category; categories and the docs
//! inside them are ordered by where their citing notes are, which keeps the
//! citation curves from crossing more than they must.
//!
//! Past [`LABELLED_MAX`] nodes a list would be metres long, so each section
//! becomes a block of dots (a grid, still in reading order) and only the
//! headings keep a label; a node's name stays in its `<title>` tooltip.

use super::adjacency::Adjacency;
use super::columns::{place, shift, Column, Group, Heading, HeadingKind, Style};
#[cfg(test)]
use super::geometry::{Label, Rect};
use super::geometry::{Node, MARGIN};
use super::MapGraph;

/// Above this many notes (or docs) they are drawn as a grid of dots.
pub(crate) const LABELLED_MAX: usize = 200;

/// The placed site map.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SiteLayout {
    pub width: f64,
    pub height: f64,
    /// Notes are a labelled list (else a grid of dots).
    pub labelled: bool,
    pub notes: Vec<Node>,
    /// The column of each note.
    pub note_column: Vec<usize>,
    pub columns: Vec<Column>,
    pub docs: Vec<Node>,
    pub headings: Vec<Heading>,
    /// How far left of its column an arc may reach.
    pub arc_room: f64,
    /// The tallest span an arc can have (the tallest note column).
    pub arc_span: f64,
}

/// Notes grouped by section, in section order and reading order inside
/// one; a note whose section index is past the list gets a heading without
/// a title.
fn section_groups(graph: &MapGraph) -> Vec<Group> {
    let mut order: Vec<usize> = (0..graph.notes.len()).collect();
    order.sort_by_key(|&i| (graph.notes[i].section, i));
    order
        .chunk_by(|&a, &b| graph.notes[a].section == graph.notes[b].section)
        .map(|members| {
            let section = graph.notes[members[0]].section;
            Group {
                kind: HeadingKind::Section(section),
                title: graph
                    .sections
                    .get(section)
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
                members: members.to_vec(),
            }
        })
        .collect()
}

/// Docs grouped by category. Both the categories and the docs inside one
/// are ordered by the mean rank of their citing notes (uncited last, then
/// in catalog order), so the citation curves run as straight as they can.
/// With no ranks, only the grouping is meaningful.
fn category_groups(graph: &MapGraph, adj: &Adjacency, note_rank: &[usize]) -> Vec<Group> {
    let docs = graph.docs.len();
    let mut sum = vec![0.0; docs];
    for &(note, doc) in &adj.citations {
        sum[doc] += note_rank.get(note).copied().unwrap_or(0) as f64;
    }
    let centre: Vec<Option<f64>> = (0..docs)
        .map(|d| (adj.doc_in[d] > 0).then(|| sum[d] / adj.doc_in[d] as f64))
        .collect();
    let by_centre = |a: &(Option<f64>, usize), b: &(Option<f64>, usize)| match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y).then(a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    };

    let mut categories: Vec<(String, Vec<usize>)> = Vec::new();
    for (d, doc) in graph.docs.iter().enumerate() {
        match categories.iter_mut().find(|(c, _)| *c == doc.category) {
            Some((_, members)) => members.push(d),
            None => categories.push((doc.category.clone(), vec![d])),
        }
    }
    let mut keyed: Vec<((Option<f64>, usize), Group)> = categories
        .into_iter()
        .enumerate()
        .map(|(order, (title, members))| {
            let mut members: Vec<(Option<f64>, usize)> =
                members.into_iter().map(|d| (centre[d], d)).collect();
            members.sort_by(by_centre);
            let cited: Vec<f64> = members.iter().filter_map(|m| m.0).collect();
            let key = (!cited.is_empty()).then(|| cited.iter().sum::<f64>() / cited.len() as f64);
            let group = Group {
                kind: HeadingKind::Category,
                title,
                members: members.into_iter().map(|m| m.1).collect(),
            };
            ((key, order), group)
        })
        .collect();
    keyed.sort_by(|a, b| by_centre(&a.0, &b.0));
    keyed.into_iter().map(|(_, g)| g).collect()
}

impl SiteLayout {
    /// Places every note and doc of `graph`.
    pub fn new(graph: &MapGraph, adj: &Adjacency) -> SiteLayout {
        let note_titles: Vec<&str> = graph.notes.iter().map(|n| n.title.as_str()).collect();
        let doc_titles: Vec<&str> = graph.docs.iter().map(|d| d.title.as_str()).collect();
        let labelled = graph.notes.len() <= LABELLED_MAX;
        let doc_style = if graph.docs.len() <= LABELLED_MAX {
            Style::list(&doc_titles, 22.0, 0.0).larger()
        } else {
            Style::grid().larger()
        };
        // Docs are one column when few; the grid of notes then may be as
        // tall as they are, which keeps a big map compact.
        let doc_groups = category_groups(graph, adj, &[]);
        let note_style = if labelled {
            Style::list(&note_titles, 20.0, 112.0)
        } else {
            Style::grid().up_to(doc_style.stacked_height(&doc_groups))
        };

        let mut notes = place(
            &section_groups(graph),
            &note_style,
            &note_titles,
            &adj.note_in,
        );
        let mut docs = place(
            &category_groups(graph, adj, &notes.rank),
            &doc_style,
            &doc_titles,
            &adj.doc_in,
        );

        let band = if labelled { 180.0 } else { 140.0 };
        let docs_left = if notes.width > 0.0 {
            MARGIN + notes.width + band
        } else {
            MARGIN
        };
        let inner_h = notes.height.max(docs.height);
        // The shorter area is centred against the taller one.
        let (notes_top, docs_top) = (
            MARGIN + (inner_h - notes.height) / 2.0,
            MARGIN + (inner_h - docs.height) / 2.0,
        );
        shift(&mut notes, MARGIN, notes_top);
        shift(&mut docs, docs_left, docs_top);
        let width = if docs.width > 0.0 {
            docs_left + docs.width + MARGIN
        } else {
            MARGIN + notes.width + MARGIN
        };

        let mut headings = notes.headings;
        headings.append(&mut docs.headings);
        SiteLayout {
            width,
            height: inner_h + 2.0 * MARGIN,
            labelled,
            notes: notes.nodes,
            note_column: notes.column_of,
            columns: notes.columns,
            docs: docs.nodes,
            headings,
            arc_room: (note_style.gutter - 8.0).max(0.0),
            arc_span: notes.height,
        }
    }

    /// Every label's box, and every node's, for checking that nothing
    /// written collides.
    #[cfg(test)]
    pub fn boxes(&self) -> Vec<Rect> {
        let nodes = self.notes.iter().chain(&self.docs);
        let mut boxes: Vec<Rect> = nodes
            .clone()
            .filter_map(|n| n.label.as_ref().map(Label::rect))
            .collect();
        boxes.extend(self.headings.iter().map(|h| h.label.rect()));
        boxes.extend(nodes.map(|n| Rect::around(n.x, n.y, n.r)));
        boxes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::fixture::{bundled_like, large};

    fn layout_of(graph: &MapGraph) -> SiteLayout {
        SiteLayout::new(graph, &Adjacency::new(graph))
    }

    fn assert_no_overlap(boxes: &[Rect]) {
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn labels_and_nodes_of_a_bundled_size_map_do_not_overlap() {
        let graph = bundled_like();
        assert!(graph.notes.len() >= 30 && graph.docs.len() >= 32);
        let layout = layout_of(&graph);
        assert!(layout.labelled);
        assert!(layout.notes.iter().all(|n| n.label.is_some()));
        assert!(layout.docs.iter().all(|n| n.label.is_some()));
        let boxes = layout.boxes();
        assert_eq!(
            boxes.len(),
            2 * (graph.notes.len() + graph.docs.len()) + layout.headings.len()
        );
        assert_no_overlap(&boxes);
    }

    #[test]
    fn everything_lies_inside_the_picture() {
        for graph in [bundled_like(), large(1000)] {
            let layout = layout_of(&graph);
            for b in layout.boxes() {
                assert!(b.x >= 0.0 && b.y >= 0.0, "{b:?}");
                assert!(b.x + b.w <= layout.width, "{b:?} {}", layout.width);
                assert!(b.y + b.h <= layout.height, "{b:?} {}", layout.height);
            }
        }
    }

    #[test]
    fn a_bundled_size_map_is_one_column_of_notes_in_reading_order() {
        let graph = bundled_like();
        let layout = layout_of(&graph);
        assert_eq!(layout.columns.len(), 1);
        // Section after section, each note below the previous one.
        let mut order: Vec<usize> = (0..graph.notes.len()).collect();
        order.sort_by_key(|&i| (graph.notes[i].section, i));
        for pair in order.windows(2) {
            assert!(layout.notes[pair[0]].y < layout.notes[pair[1]].y);
        }
        // One heading per section and per category.
        let categories = {
            let mut c: Vec<&str> = graph.docs.iter().map(|d| d.category.as_str()).collect();
            c.sort();
            c.dedup();
            c.len()
        };
        assert_eq!(layout.headings.len(), graph.sections.len() + categories);
        // Docs are right of every note label.
        let notes_right = layout.columns[0].right;
        assert!(layout.docs.iter().all(|d| d.x - d.r > notes_right + 100.0));
    }

    #[test]
    fn docs_of_a_category_stay_together_with_uncited_ones_last() {
        let graph = bundled_like();
        let layout = layout_of(&graph);
        let mut docs: Vec<usize> = (0..graph.docs.len()).collect();
        docs.sort_by(|&a, &b| layout.docs[a].y.total_cmp(&layout.docs[b].y));
        let mut seen: Vec<&str> = Vec::new();
        for pair in docs.windows(2) {
            let (a, b) = (&graph.docs[pair[0]], &graph.docs[pair[1]]);
            if a.category != b.category {
                assert!(!seen.contains(&b.category.as_str()), "{} split", b.category);
                seen.push(&a.category);
            } else {
                assert!(a.covered || !b.covered, "{} before {}", a.title, b.title);
            }
        }
    }

    #[test]
    fn many_notes_become_dot_grids_packed_into_several_columns() {
        let graph = large(1000);
        let layout = layout_of(&graph);
        assert!(!layout.labelled);
        assert!(layout.notes.iter().all(|n| n.label.is_none()));
        assert!(layout.columns.len() > 1);
        assert!(layout.width < 2000.0 && layout.height < 1200.0);
        // Dots do not touch.
        let dots: Vec<Rect> = layout
            .notes
            .iter()
            .map(|n| Rect::around(n.x, n.y, n.r))
            .collect();
        let mut by_column: Vec<Vec<Rect>> = vec![Vec::new(); layout.columns.len()];
        for (i, dot) in dots.iter().enumerate() {
            by_column[layout.note_column[i]].push(*dot);
        }
        for column in by_column {
            assert_no_overlap(&column);
        }
        assert_no_overlap(
            &layout
                .headings
                .iter()
                .map(|h| h.label.rect())
                .collect::<Vec<_>>(),
        );
    }

    #[test]
    fn a_long_section_continues_in_the_next_column_under_its_heading() {
        let mut graph = large(150);
        for note in &mut graph.notes {
            note.section = 0;
        }
        let layout = layout_of(&graph);
        assert!(layout.labelled);
        assert!(layout.columns.len() >= 2);
        assert_eq!(
            layout
                .headings
                .iter()
                .filter(|h| h.kind == HeadingKind::Section(0))
                .count(),
            layout.columns.len()
        );
        assert_no_overlap(&layout.boxes());
    }
}
