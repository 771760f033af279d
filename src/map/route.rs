//! The shapes of edges, as SVG path data.

use std::fmt::Write;

use super::geometry::Node;
use super::layout::SiteLayout;
use super::svg::Num;

/// A bracket-shaped arc from `(x1, y1)` to `(x2, y2)` bulging `bulge` to the
/// left (its leftmost point is 3/4 of `bulge` away).
pub(crate) fn arc(from: (f64, f64), to: (f64, f64), bulge: f64) -> String {
    let mut d = String::new();
    let _ = write!(
        d,
        "M{} {}C{} {} {} {} {} {}",
        Num(from.0),
        Num(from.1),
        Num(from.0 - bulge),
        Num(from.1),
        Num(to.0 - bulge),
        Num(to.1),
        Num(to.0),
        Num(to.1),
    );
    d
}

/// An S-curve that leaves `from` and reaches `to` horizontally.
pub(crate) fn sweep(from: (f64, f64), to: (f64, f64)) -> String {
    let mid = (from.0 + to.0) / 2.0;
    let mut d = String::new();
    let _ = write!(
        d,
        "M{} {}C{} {} {} {} {} {}",
        Num(from.0),
        Num(from.1),
        Num(mid),
        Num(from.1),
        Num(mid),
        Num(to.1),
        Num(to.0),
        Num(to.1),
    );
    d
}

/// A gently bent line, bowed to the left of the direction of travel so the
/// two directions of a mutual link stay apart.
pub(crate) fn bow(from: (f64, f64), to: (f64, f64)) -> String {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    // Perpendicular (-dy, dx) scaled to 15% of the length.
    let (cx, cy) = (
        (from.0 + to.0) / 2.0 + 0.15 * dy,
        (from.1 + to.1) / 2.0 - 0.15 * dx,
    );
    let mut d = String::new();
    let _ = write!(
        d,
        "M{} {}Q{} {} {} {}",
        Num(from.0),
        Num(from.1),
        Num(cx),
        Num(cy),
        Num(to.0),
        Num(to.1),
    );
    d
}

/// The path of the note → note link `from` → `to` on the site map: an arc in
/// the gutter when both are in one labelled column, else a bow between the
/// two nodes.
pub(crate) fn link(layout: &SiteLayout, from: usize, to: usize) -> String {
    let (a, b) = (&layout.notes[from], &layout.notes[to]);
    if layout.labelled && layout.note_column[from] == layout.note_column[to] {
        let span = (b.y - a.y).abs();
        let share = if layout.arc_span > 0.0 {
            (span / layout.arc_span).min(1.0)
        } else {
            0.0
        };
        // Longer links reach further out, so arcs nest instead of crossing;
        // upward links sit a little inside downward ones, so the two
        // directions of a mutual link do not hide each other.
        let reach = 10.0 + (layout.arc_room - 10.0).max(0.0) * share;
        let reach = if b.y < a.y { reach * 0.8 } else { reach };
        arc((a.x - a.r, a.y), (b.x - b.r, b.y), reach / 0.75)
    } else {
        bow((a.x, a.y), (b.x, b.y))
    }
}

/// The path of a citation `note` → `doc`: from the right edge of the note's
/// column (past its label) into the doc node from the left.
pub(crate) fn citation(layout: &SiteLayout, note: usize, doc: usize) -> String {
    let n = &layout.notes[note];
    let d: &Node = &layout.docs[doc];
    let start = if layout.labelled {
        layout.columns[layout.note_column[note]].right
    } else {
        n.x
    };
    sweep((start, n.y), (d.x - d.r, d.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs_bulge_left_and_sweeps_leave_horizontally() {
        assert_eq!(
            arc((100.0, 10.0), (100.0, 50.0), 40.0),
            "M100 10C60 10 60 50 100 50"
        );
        assert_eq!(sweep((0.0, 0.0), (10.0, 20.0)), "M0 0C5 0 5 20 10 20");
    }

    #[test]
    fn the_two_directions_of_a_link_bow_apart() {
        let there = bow((0.0, 0.0), (100.0, 0.0));
        let back = bow((100.0, 0.0), (0.0, 0.0));
        assert_eq!(there, "M0 0Q50 -15 100 0");
        assert_eq!(back, "M100 0Q50 15 0 0");
    }
}
