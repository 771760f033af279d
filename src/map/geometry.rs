//! Boxes and labels: what the layouts place and the SVG writers draw.

#[cfg(test)]
use super::text;
use super::text::FONT_SIZE;

/// Space around a picture.
pub(crate) const MARGIN: f64 = 16.0;
/// Gap between a node's shape and its label.
pub(crate) const LABEL_GAP: f64 = 6.0;

/// An axis-aligned box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// The square around a node.
    #[cfg(test)]
    pub fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x: x - r,
            y: y - r,
            w: 2.0 * r,
            h: 2.0 * r,
        }
    }

    /// True when the two boxes share some area (touching is fine).
    #[cfg(test)]
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// Which point of a label its x is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// A line of text and where it goes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Label {
    pub text: String,
    pub x: f64,
    pub baseline: f64,
    pub anchor: Anchor,
}

impl Label {
    /// A label vertically centred on `centre_y`.
    pub fn centred(text: String, x: f64, centre_y: f64, anchor: Anchor) -> Label {
        Label {
            text,
            x,
            baseline: centre_y + 0.35 * FONT_SIZE,
            anchor,
        }
    }

    /// The room the label takes (estimated, see [`text::width`]).
    #[cfg(test)]
    pub fn rect(&self) -> Rect {
        let w = text::width(&self.text);
        let x = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
            Anchor::End => self.x - w,
        };
        Rect {
            x,
            y: self.baseline - 0.9 * FONT_SIZE,
            w,
            h: 1.15 * FONT_SIZE,
        }
    }
}

/// A placed node: centre, radius, and its label if there is room for one.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Node {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub label: Option<Label>,
}
