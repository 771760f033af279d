//! The shapes of edges: Bézier curves, written as SVG path data.

use std::fmt::{self, Display};

use super::layout::SiteLayout;
use super::svg::push_num;

/// A point in user units.
pub(crate) type Point = (f64, f64);

/// An edge's shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Curve {
    Quadratic(Point, Point, Point),
    Cubic(Point, Point, Point, Point),
}

/// How far a bow may stray from its chord's midpoint (the curve itself
/// strays half as far), so a long link cannot swing out of the picture.
const BOW_MAX: f64 = 24.0;

impl Curve {
    /// A bracket-shaped arc from `from` to `to` whose leftmost point is
    /// `reach` left of the two ends.
    pub fn arc(from: Point, to: Point, reach: f64) -> Curve {
        // A cubic with both control points `b` out reaches 3/4 of `b`.
        let b = reach / 0.75;
        Curve::Cubic(from, (from.0 - b, from.1), (to.0 - b, to.1), to)
    }

    /// An S-curve that leaves `from` and reaches `to` horizontally.
    pub fn sweep(from: Point, to: Point) -> Curve {
        let mid = (from.0 + to.0) / 2.0;
        Curve::Cubic(from, (mid, from.1), (mid, to.1), to)
    }

    /// A gently bent line, bowed to the left of the direction of travel so
    /// the two directions of a mutual link stay apart.
    pub fn bow(from: Point, to: Point) -> Curve {
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let length = dx.hypot(dy);
        // The unit normal (dy, -dx) / length, so that travel to the right
        // bows upwards (y grows downwards), times 15% of the length.
        let bend = if length > 0.0 {
            (0.15 * length).min(BOW_MAX) / length
        } else {
            0.0
        };
        let control = (
            (from.0 + to.0) / 2.0 + bend * dy,
            (from.1 + to.1) / 2.0 - bend * dx,
        );
        Curve::Quadratic(from, control, to)
    }

    /// The point at `t` in 0..=1.
    #[cfg(test)]
    pub fn at(&self, t: f64) -> Point {
        let s = 1.0 - t;
        match *self {
            Curve::Quadratic(a, b, c) => (
                s * s * a.0 + 2.0 * s * t * b.0 + t * t * c.0,
                s * s * a.1 + 2.0 * s * t * b.1 + t * t * c.1,
            ),
            Curve::Cubic(a, b, c, d) => {
                let (w0, w1, w2, w3) = (s * s * s, 3.0 * s * s * t, 3.0 * s * t * t, t * t * t);
                (
                    w0 * a.0 + w1 * b.0 + w2 * c.0 + w3 * d.0,
                    w0 * a.1 + w1 * b.1 + w2 * c.1 + w3 * d.1,
                )
            }
        }
    }
}

/// Path data (the `d` attribute), one decimal per number.
impl Display for Curve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = String::new();
        self.push_to(&mut d);
        f.write_str(&d)
    }
}

impl Curve {
    /// Appends the path data to `out`.
    pub(crate) fn push_to(&self, out: &mut String) {
        let (start, command, points) = match *self {
            Curve::Quadratic(a, b, c) => (a, 'Q', &[b, c][..]),
            Curve::Cubic(a, b, c, d) => (a, 'C', &[b, c, d][..]),
        };
        out.push('M');
        push_point(out, start);
        out.push(command);
        for (i, &p) in points.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            push_point(out, p);
        }
    }
}

fn push_point(out: &mut String, p: Point) {
    push_num(out, p.0);
    out.push(' ');
    push_num(out, p.1);
}

/// The note → note link `from` → `to` on the site map: an arc in the gutter
/// when both are in one labelled column, else a bow between the two nodes.
pub(crate) fn link(layout: &SiteLayout, from: usize, to: usize) -> Curve {
    let (a, b) = (&layout.notes[from], &layout.notes[to]);
    if layout.labelled && layout.note_column[from] == layout.note_column[to] {
        let share = if layout.arc_span > 0.0 {
            ((b.y - a.y).abs() / layout.arc_span).min(1.0)
        } else {
            0.0
        };
        // Longer links reach further out, so arcs nest instead of crossing;
        // upward links sit a little inside downward ones, so the two
        // directions of a mutual link do not hide each other.
        let reach = 10.0 + (layout.arc_room - 10.0).max(0.0) * share;
        let reach = if b.y < a.y { reach * 0.8 } else { reach };
        Curve::arc((a.x - a.r, a.y), (b.x - b.r, b.y), reach)
    } else {
        Curve::bow((a.x, a.y), (b.x, b.y))
    }
}

/// A citation `note` → `doc`: from the right edge of the note's column
/// (past its label) or from the dot, into the doc node from the left.
pub(crate) fn citation(layout: &SiteLayout, note: usize, doc: usize) -> Curve {
    let (n, d) = (&layout.notes[note], &layout.docs[doc]);
    let start = if layout.labelled {
        layout.columns[layout.note_column[note]].right
    } else {
        n.x
    };
    Curve::sweep((start, n.y), (d.x - d.r, d.y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::adjacency::Adjacency;
    use crate::map::fixture::{bundled_like, large};

    #[test]
    fn arcs_bulge_left_and_sweeps_leave_horizontally() {
        let arc = Curve::arc((100.0, 10.0), (100.0, 50.0), 30.0);
        assert_eq!(arc.to_string(), "M100 10C60 10 60 50 100 50");
        assert!((arc.at(0.5).0 - 70.0).abs() < 1e-9);
        let sweep = Curve::sweep((0.0, 0.0), (10.0, 20.0));
        assert_eq!(sweep.to_string(), "M0 0C5 0 5 20 10 20");
    }

    #[test]
    fn the_two_directions_of_a_link_bow_apart() {
        let there = Curve::bow((0.0, 0.0), (100.0, 0.0));
        let back = Curve::bow((100.0, 0.0), (0.0, 0.0));
        assert_eq!(there.to_string(), "M0 0Q50 -15 100 0");
        assert_eq!(back.to_string(), "M100 0Q50 15 0 0");
        let long = Curve::bow((0.0, 0.0), (1000.0, 0.0));
        assert_eq!(long.to_string(), "M0 0Q500 -24 1000 0");
    }

    #[test]
    fn every_edge_stays_inside_the_picture() {
        for graph in [bundled_like(), large(150), large(1000)] {
            let adj = Adjacency::new(&graph);
            let layout = SiteLayout::new(&graph, &adj);
            let curves = adj
                .links
                .iter()
                .map(|&(a, b)| link(&layout, a, b))
                .chain(adj.citations.iter().map(|&(n, d)| citation(&layout, n, d)));
            for curve in curves {
                for step in 0..=20 {
                    let (x, y) = curve.at(step as f64 / 20.0);
                    assert!(x >= 0.0 && x <= layout.width, "{curve}");
                    assert!(y >= 0.0 && y <= layout.height, "{curve}");
                }
            }
        }
    }
}
