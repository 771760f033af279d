//! The map of one note's neighbourhood, for the note's own page.
//!
//! ```text
//!  リンク元のノート ●─╮                   ╭─▶● リンク先のノート
//!  リンク元のノート ●──▶ ( このノート ) ───▶● リンク先のノート
//!                                         ╰──◆ 引用している公式ドキュメント
//! ```
//!
//! Notes linking here are on the left, notes this one links to on the right
//! (a note linking both ways is on the right, with an edge each way), then
//! the docs it cites. Arrowheads show the direction of each link.

use std::fmt::Write;

use super::adjacency::{radius, Adjacency};
use super::geometry::{Anchor, Label, Node, Rect, LABEL_GAP, MARGIN};
use super::route::Curve;
use super::svg;
use super::text::{self, FONT_SIZE};
use super::{MapGraph, MapLabels};

const ROW_H: f64 = 24.0;
const R_MIN: f64 = 3.5;
const R_MAX: f64 = 7.5;
/// Docs are diamonds, which look smaller than circles of the same radius.
const DOC_R: (f64, f64) = (R_MIN + 1.0, R_MAX + 1.5);
/// Room for the largest shape, before a label starts.
const SHAPE_MAX: f64 = DOC_R.1;
/// Horizontal run of the edges between the centre and a side.
const RUN: f64 = 96.0;
const PILL_H: f64 = 30.0;
const PILL_PAD: f64 = 14.0;
/// Extra space between the linked notes and the cited docs on the right.
const DOC_GAP: f64 = 10.0;

/// The placed neighbourhood.
struct Layout {
    width: f64,
    height: f64,
    /// The centre: a pill with the note's title.
    pill: Rect,
    title: Label,
    /// Notes that link here only, with their nodes.
    left: Vec<(usize, Node)>,
    /// Notes this one links to (`true` when they link back).
    right: Vec<(usize, bool, Node)>,
    docs: Vec<(usize, Node)>,
}

impl Layout {
    fn new(graph: &MapGraph, adj: &Adjacency, note: usize) -> Layout {
        let incoming = adj.linking_to(note);
        let outgoing = adj.linked_from(note);
        let cited = adj.cited_by(note);
        let left: Vec<usize> = incoming
            .iter()
            .copied()
            .filter(|n| !outgoing.contains(n))
            .collect();
        let title = |n: usize| graph.notes[n].title.as_str();

        let left_w = widest(left.iter().map(|&n| title(n)));
        let right_w = widest(
            outgoing
                .iter()
                .map(|&n| title(n))
                .chain(cited.iter().map(|&d| graph.docs[d].title.as_str())),
        );

        let gap = if !outgoing.is_empty() && !cited.is_empty() {
            DOC_GAP
        } else {
            0.0
        };
        let left_h = left.len() as f64 * ROW_H;
        let right_h = (outgoing.len() + cited.len()) as f64 * ROW_H + gap;
        let inner_h = left_h.max(right_h).max(PILL_H + 8.0);
        let centre_y = MARGIN + inner_h / 2.0;

        let left_x = MARGIN + left_w + LABEL_GAP + SHAPE_MAX;
        let pill_text = text::fit(title(note), 20.0 * FONT_SIZE);
        let pill_w = text::width(&pill_text) + 2.0 * PILL_PAD;
        let pill_x = if left.is_empty() {
            MARGIN
        } else {
            left_x + R_MAX + RUN
        };
        let pill = Rect {
            x: pill_x,
            y: centre_y - PILL_H / 2.0,
            w: pill_w,
            h: PILL_H,
        };
        let right_x = pill_x + pill_w + RUN + SHAPE_MAX;
        let has_right = !outgoing.is_empty() || !cited.is_empty();
        let width = if has_right {
            right_x + SHAPE_MAX + LABEL_GAP + right_w + MARGIN
        } else {
            pill_x + pill_w + MARGIN
        };

        let max_in = adj.max_note_in;
        let max_cited = adj.max_doc_in;
        let node = |x: f64, y: f64, r: f64, text: &str, anchor: Anchor| {
            let label_x = match anchor {
                Anchor::End => x - SHAPE_MAX - LABEL_GAP,
                _ => x + SHAPE_MAX + LABEL_GAP,
            };
            let limit = if anchor == Anchor::End {
                left_w
            } else {
                right_w
            };
            let label = Label::centred(text::fit(text, limit), label_x, y, anchor);
            Node {
                x,
                y,
                r,
                label: Some(label),
            }
        };

        let top = MARGIN + (inner_h - left_h) / 2.0;
        let left = left
            .iter()
            .enumerate()
            .map(|(k, &n)| {
                let y = top + (k as f64 + 0.5) * ROW_H;
                let r = radius(adj.note_in[n], max_in, R_MIN, R_MAX);
                (n, node(left_x, y, r, title(n), Anchor::End))
            })
            .collect();
        let top = MARGIN + (inner_h - right_h) / 2.0;
        let right = outgoing
            .iter()
            .enumerate()
            .map(|(k, &n)| {
                let y = top + (k as f64 + 0.5) * ROW_H;
                let r = radius(adj.note_in[n], max_in, R_MIN, R_MAX);
                let mutual = incoming.contains(&n);
                (n, mutual, node(right_x, y, r, title(n), Anchor::Start))
            })
            .collect();
        let top = top + outgoing.len() as f64 * ROW_H + gap;
        let docs = cited
            .iter()
            .enumerate()
            .map(|(k, &d)| {
                let y = top + (k as f64 + 0.5) * ROW_H;
                let r = radius(adj.doc_in[d], max_cited, DOC_R.0, DOC_R.1);
                let doc = &graph.docs[d].title;
                (d, node(right_x, y, r, doc, Anchor::Start))
            })
            .collect();

        Layout {
            width,
            height: inner_h + 2.0 * MARGIN,
            title: Label::centred(pill_text, pill_x + pill_w / 2.0, centre_y, Anchor::Middle),
            pill,
            left,
            right,
            docs,
        }
    }

    /// Where the `k`th of `n` edges meets a side of the pill: spread along
    /// the side so the arrowheads do not all land on one point.
    fn port(&self, k: usize, n: usize) -> f64 {
        let centre = self.pill.y + self.pill.h / 2.0;
        if n < 2 {
            return centre;
        }
        let spread = (self.pill.h - 10.0).min(4.0 * (n - 1) as f64);
        centre - spread / 2.0 + spread * k as f64 / (n - 1) as f64
    }

    #[cfg(test)]
    fn boxes(&self) -> Vec<Rect> {
        let mut boxes = vec![self.pill];
        let nodes = self
            .left
            .iter()
            .map(|(_, n)| n)
            .chain(self.right.iter().map(|(_, _, n)| n))
            .chain(self.docs.iter().map(|(_, n)| n));
        for node in nodes {
            boxes.push(Rect::around(node.x, node.y, node.r));
            boxes.extend(node.label.as_ref().map(Label::rect));
        }
        boxes
    }
}

/// Room for the widest of `titles`, at most 18em.
fn widest<'a>(titles: impl Iterator<Item = &'a str>) -> f64 {
    titles
        .map(text::width)
        .fold(0.0, f64::max)
        .min(18.0 * FONT_SIZE)
}

pub(crate) fn render(
    graph: &MapGraph,
    adj: &Adjacency,
    note: usize,
    root_prefix: &str,
    labels: &MapLabels,
) -> String {
    let id = format!("map-near-{note}");
    let mut out = String::new();
    if note >= graph.notes.len() {
        svg::open(
            &mut out,
            "map-neighbourhood",
            &id,
            (2.0 * MARGIN, 2.0 * MARGIN),
            &labels.title,
            &labels.description,
        );
        svg::close(&mut out);
        return out;
    }
    let layout = Layout::new(graph, adj, note);
    svg::open(
        &mut out,
        "map-neighbourhood",
        &id,
        (layout.width, layout.height),
        &labels.title,
        &labels.description,
    );
    // The arrowhead is sized in user units, not by the stroke width, so the
    // stylesheet can thicken a hovered edge without growing its arrow.
    let _ = writeln!(
        out,
        "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
         markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
         <path class=\"map-arrow\" d=\"M0 1L10 5L0 9Z\"/></marker></defs>"
    );
    let arrow = format!(" marker-end=\"url(#{id}-arrow)\"");
    let section = |n: usize| graph.notes[n].section % 8;
    let pill = layout.pill;
    let (pill_left, pill_right) = (pill.x, pill.x + pill.w);

    // Links into the pill's left side from the notes on the left.
    for (k, (n, node)) in layout.left.iter().enumerate() {
        let to = (pill_left - 1.0, layout.port(k, layout.left.len()));
        let d = Curve::sweep((node.x + node.r, node.y), to);
        let class = format!("map-edge map-section-{}", section(*n));
        svg::path(&mut out, &class, d, &arrow);
    }
    // Links out of the pill's right side; a note linking back gets a second
    // edge, just below the first, pointing at the pill.
    let backs = layout.right.iter().filter(|(_, m, _)| *m).count();
    let mut back = 0;
    for (k, (n, mutual, node)) in layout.right.iter().enumerate() {
        let y = layout.port(k, layout.right.len());
        let nudge = if *mutual { 3.0 } else { 0.0 };
        let d = Curve::sweep(
            (pill_right, y - nudge),
            (node.x - node.r - 1.0, node.y - nudge),
        );
        let class = format!("map-edge map-section-{}", section(note));
        svg::path(&mut out, &class, d, &arrow);
        if *mutual {
            let to = (pill_right + 1.0, layout.port(back, backs) + nudge);
            let d = Curve::sweep((node.x - node.r, node.y + nudge), to);
            let class = format!("map-edge map-section-{}", section(*n));
            svg::path(&mut out, &class, d, &arrow);
            back += 1;
        }
    }
    for (_, node) in &layout.docs {
        let centre = pill.y + pill.h / 2.0;
        let d = Curve::sweep((pill_right, centre), (node.x - node.r, node.y));
        svg::path(&mut out, "map-citation", d, "");
    }

    // The note itself.
    let this = &graph.notes[note];
    let class = format!(
        "map-node map-note map-current map-section-{}",
        section(note)
    );
    svg::open_node(&mut out, &class, (root_prefix, &this.href), &this.title);
    let attributes = [
        ("x", pill.x),
        ("y", pill.y),
        ("width", pill.w),
        ("height", pill.h),
        ("rx", pill.h / 2.0),
    ];
    out.push_str("<rect");
    for (name, value) in attributes {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        svg::push_num(&mut out, value);
        out.push('"');
    }
    out.push_str("/>");
    svg::label(&mut out, "map-label", &layout.title);
    svg::close_node(&mut out);

    let notes = layout
        .left
        .iter()
        .map(|(n, node)| (*n, node))
        .chain(layout.right.iter().map(|(n, _, node)| (*n, node)));
    for (n, node) in notes {
        let class = format!("map-node map-note map-section-{}", section(n));
        let target = &graph.notes[n];
        svg::open_node(&mut out, &class, (root_prefix, &target.href), &target.title);
        svg::circle(&mut out, node.x, node.y, node.r);
        if let Some(label) = &node.label {
            svg::label(&mut out, "map-label", label);
        }
        svg::close_node(&mut out);
    }
    for (d, node) in &layout.docs {
        let doc = &graph.docs[*d];
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::fixture::{bundled_like, hrefs};
    use crate::map::MapLabels;

    fn labels() -> MapLabels {
        MapLabels {
            title: "周辺のマップ".into(),
            description: "このノートのリンクと引用".into(),
        }
    }

    #[test]
    fn holds_exactly_the_note_its_neighbours_and_its_docs() {
        let graph = bundled_like();
        let adj = Adjacency::new(&graph);
        for note in 0..graph.notes.len() {
            let svg = render(&graph, &Adjacency::new(&graph), note, "../", &labels());
            let mut expected: Vec<String> = vec![graph.notes[note].href.clone()];
            for &(from, to) in &adj.links {
                if from == note {
                    expected.push(graph.notes[to].href.clone());
                } else if to == note {
                    expected.push(graph.notes[from].href.clone());
                }
            }
            for &(from, doc) in &adj.citations {
                if from == note {
                    expected.push(graph.docs[doc].href.clone());
                }
            }
            let mut expected: Vec<String> = expected.iter().map(|h| format!("../{h}")).collect();
            expected.sort();
            expected.dedup();
            let mut found = hrefs(&svg);
            found.sort();
            assert_eq!(found, expected, "note {note}");

            let touching = adj.links.iter().filter(|l| l.0 == note || l.1 == note);
            assert_eq!(svg.matches("class=\"map-edge ").count(), touching.count());
            let cites = adj.citations.iter().filter(|c| c.0 == note).count();
            assert_eq!(svg.matches("class=\"map-citation\"").count(), cites);
            assert_eq!(svg.matches("map-current").count(), 1);
        }
    }

    #[test]
    fn linking_notes_are_left_and_linked_notes_and_docs_right() {
        let graph = bundled_like();
        let adj = Adjacency::new(&graph);
        let note = (0..graph.notes.len())
            .find(|&n| !adj.linking_to(n).is_empty() && !adj.cited_by(n).is_empty())
            .unwrap();
        let layout = Layout::new(&graph, &adj, note);
        assert!(layout.left.iter().all(|(_, n)| n.x < layout.pill.x));
        let right_of_pill = layout.pill.x + layout.pill.w;
        assert!(layout.right.iter().all(|(_, _, n)| n.x > right_of_pill));
        assert!(layout.docs.iter().all(|(_, n)| n.x > right_of_pill));
        let last_note = layout.right.iter().map(|(_, _, n)| n.y).fold(0.0, f64::max);
        assert!(layout.docs.iter().all(|(_, n)| n.y > last_note));
    }

    #[test]
    fn a_mutual_link_shows_the_note_once_with_an_edge_each_way() {
        let mut graph = bundled_like();
        graph.links = vec![(0, 1), (1, 0)];
        graph.citations.clear();
        let svg = render(&graph, &Adjacency::new(&graph), 0, "", &labels());
        assert_eq!(hrefs(&svg).len(), 2);
        assert_eq!(svg.matches("class=\"map-edge ").count(), 2);
        assert_eq!(svg.matches("marker-end=").count(), 2);
    }

    #[test]
    fn nothing_collides_in_any_neighbourhood() {
        let graph = bundled_like();
        let adj = Adjacency::new(&graph);
        for note in 0..graph.notes.len() {
            let layout = Layout::new(&graph, &adj, note);
            let boxes = layout.boxes();
            for (i, a) in boxes.iter().enumerate() {
                assert!(a.x >= 0.0 && a.x + a.w <= layout.width, "{a:?}");
                assert!(a.y >= 0.0 && a.y + a.h <= layout.height, "{a:?}");
                for b in &boxes[i + 1..] {
                    assert!(!a.overlaps(b), "note {note}: {a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn a_lonely_note_is_just_its_pill() {
        let mut graph = bundled_like();
        graph.links.clear();
        graph.citations.clear();
        let svg = render(&graph, &Adjacency::new(&graph), 2, "", &labels());
        assert_eq!(hrefs(&svg), vec![graph.notes[2].href.clone()]);
        assert!(!svg.contains("map-edge") && !svg.contains("map-citation"));
    }
}
