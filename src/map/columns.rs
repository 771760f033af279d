//! Packing groups of nodes (notes under a section heading, docs under a
//! category) into columns: a list with one labelled node a row, or a grid of
//! dots. A group stays in one column when it fits in one.

use super::adjacency::radius;
use super::geometry::{Anchor, Label, Node, LABEL_GAP};
use super::text::{self, FONT_SIZE};

/// What a heading heads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    Section(usize),
    Category,
}

/// A section or category heading.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Heading {
    pub kind: HeadingKind,
    pub label: Label,
}

/// A column of notes, for routing the edges that leave it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Column {
    /// The x of the nodes (labelled style); arcs start left of it.
    pub node_x: f64,
    /// The right edge of the column's labels: where citations leave.
    pub right: f64,
}

/// How one kind of node (notes or docs) is packed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Style {
    pub labelled: bool,
    pub per_row: usize,
    pub row_h: f64,
    pub head_h: f64,
    pub cell_w: f64,
    pub r_min: f64,
    pub r_max: f64,
    pub gutter: f64,
    pub label_w: f64,
    pub col_gap: f64,
    pub max_col_h: f64,
}

impl Style {
    /// A list with one labelled node a row, labels up to `label_em` wide;
    /// `gutter` is room left for arcs.
    pub fn list(titles: &[&str], label_em: f64, gutter: f64) -> Style {
        let widest = titles.iter().map(|t| text::width(t)).fold(0.0, f64::max);
        Style {
            labelled: true,
            per_row: 1,
            row_h: 22.0,
            head_h: 30.0,
            cell_w: 0.0,
            r_min: 3.5,
            r_max: 8.5,
            gutter,
            label_w: widest.clamp(3.0 * FONT_SIZE, label_em * FONT_SIZE),
            col_gap: 28.0,
            max_col_h: 1400.0,
        }
    }

    /// Bigger shapes: a diamond looks smaller than a circle of the same
    /// radius.
    pub fn larger(self) -> Style {
        Style {
            r_min: self.r_min + 1.0,
            r_max: self.r_max + 1.5,
            ..self
        }
    }

    /// Columns may be as tall as `height` (to match the other area).
    pub fn up_to(self, height: f64) -> Style {
        Style {
            max_col_h: self.max_col_h.max(height),
            ..self
        }
    }

    /// Height of `groups` stacked in one column.
    pub fn stacked_height(&self, groups: &[Group]) -> f64 {
        groups
            .iter()
            .map(|g| self.head_h + g.members.len().div_ceil(self.per_row) as f64 * self.row_h)
            .sum()
    }

    /// A grid of unlabelled dots.
    pub fn grid() -> Style {
        Style {
            labelled: false,
            per_row: 12,
            row_h: 14.0,
            head_h: 26.0,
            cell_w: 14.0,
            r_min: 2.0,
            r_max: 6.0,
            gutter: 0.0,
            label_w: 0.0,
            col_gap: 36.0,
            max_col_h: 720.0,
        }
    }

    /// Width of the nodes and labels of a column (without the gutter).
    fn content_w(&self) -> f64 {
        if self.labelled {
            2.0 * self.r_max + LABEL_GAP + self.label_w
        } else {
            self.per_row as f64 * self.cell_w
        }
    }

    fn col_w(&self) -> f64 {
        self.gutter + self.content_w()
    }
}

/// Nodes under one heading, in the order they are drawn.
pub(crate) struct Group {
    pub kind: HeadingKind,
    pub title: String,
    pub members: Vec<usize>,
}

/// Groups flowed into columns, relative to the area's top-left corner.
pub(crate) struct Placed {
    pub nodes: Vec<Node>,
    pub column_of: Vec<usize>,
    /// Flow order of each member: its rank when reading the area.
    pub rank: Vec<usize>,
    pub headings: Vec<Heading>,
    pub columns: Vec<Column>,
    pub width: f64,
    pub height: f64,
}

/// A run of a group's rows in one column, under the group's heading.
#[derive(Clone, Debug, PartialEq)]
struct Piece {
    group: usize,
    column: usize,
    /// Top of the heading, relative to the column's top.
    top: f64,
    /// Rows of the group in this piece.
    rows: std::ops::Range<usize>,
}

/// Cuts groups of `rows[g]` rows into pieces that fill columns of height
/// `cap` in order. A group that fits in a column is never split: it moves to
/// the next column whole. A longer one is split, and each piece repeats the
/// heading.
fn flow(rows: &[usize], style: &Style, cap: f64) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let (mut column, mut y) = (0, 0.0);
    for (group, &count) in rows.iter().enumerate() {
        let block = style.head_h + count as f64 * style.row_h;
        let start = if block <= cap {
            block
        } else {
            style.head_h + count.min(2) as f64 * style.row_h
        };
        if y > 0.0 && y + start > cap {
            column += 1;
            y = 0.0;
        }
        let mut piece = Piece {
            group,
            column,
            top: y,
            rows: 0..0,
        };
        y += style.head_h;
        for row in 0..count {
            if !piece.rows.is_empty() && y + style.row_h > cap {
                column += 1;
                y = 0.0;
                let next = Piece {
                    group,
                    column,
                    top: y,
                    rows: row..row,
                };
                pieces.push(std::mem::replace(&mut piece, next));
                y += style.head_h;
            }
            piece.rows.end = row + 1;
            y += style.row_h;
        }
        pieces.push(piece);
    }
    pieces
}

/// The column height for `rows`: as even as whole groups allow, with no more
/// columns than `style.max_col_h` calls for.
fn column_cap(rows: &[usize], style: &Style) -> f64 {
    let total: f64 = rows
        .iter()
        .map(|&r| style.head_h + r as f64 * style.row_h)
        .sum();
    let columns = (total / style.max_col_h).ceil().max(1.0) as usize;
    let mut cap = (total / columns as f64).max(style.head_h + 2.0 * style.row_h);
    // Grow the cap a row at a time until the groups fit; ends at `total`,
    // where everything fits in one column.
    while cap < total {
        let used = flow(rows, style, cap).last().map_or(0, |p| p.column + 1);
        if used <= columns {
            break;
        }
        cap += style.row_h;
    }
    cap
}

/// Flows `groups` into columns of `style`; `titles` and `degree` are indexed
/// by member.
pub(crate) fn place(groups: &[Group], style: &Style, titles: &[&str], degree: &[usize]) -> Placed {
    let count = titles.len();
    let max_degree = degree.iter().copied().max().unwrap_or(0);
    let rows: Vec<usize> = groups
        .iter()
        .map(|g| g.members.len().div_ceil(style.per_row))
        .collect();
    let pieces = flow(&rows, style, column_cap(&rows, style));
    let stride = style.col_w() + style.col_gap;

    let mut placed = Placed {
        nodes: vec![Node::default(); count],
        column_of: vec![0; count],
        rank: vec![0; count],
        headings: Vec::new(),
        columns: Vec::new(),
        width: 0.0,
        height: 0.0,
    };
    let mut next_rank = 0;
    for piece in &pieces {
        let group = &groups[piece.group];
        let left = piece.column as f64 * stride + style.gutter;
        placed.headings.push(Heading {
            kind: group.kind,
            label: Label {
                text: text::fit(&group.title, style.content_w()),
                x: left,
                baseline: piece.top + style.head_h - 8.0,
                anchor: Anchor::Start,
            },
        });
        let mut y = piece.top + style.head_h;
        for row in piece.rows.clone() {
            let centre_y = y + style.row_h / 2.0;
            let first = row * style.per_row;
            let last = (first + style.per_row).min(group.members.len());
            for (slot, &member) in group.members[first..last].iter().enumerate() {
                let r = radius(degree[member], max_degree, style.r_min, style.r_max);
                let node = if style.labelled {
                    let x = left + style.r_max;
                    let text = text::fit(titles[member], style.label_w);
                    let label_x = x + style.r_max + LABEL_GAP;
                    Node {
                        x,
                        y: centre_y,
                        r,
                        label: Some(Label::centred(text, label_x, centre_y, Anchor::Start)),
                    }
                } else {
                    Node {
                        x: left + (slot as f64 + 0.5) * style.cell_w,
                        y: centre_y,
                        r,
                        label: None,
                    }
                };
                placed.nodes[member] = node;
                placed.column_of[member] = piece.column;
                placed.rank[member] = next_rank;
                next_rank += 1;
            }
            y += style.row_h;
        }
        placed.height = placed.height.max(y);
    }
    let used = pieces.last().map_or(0, |p| p.column + 1);
    placed.columns = (0..used)
        .map(|c| {
            let left = c as f64 * stride + style.gutter;
            Column {
                node_x: left + style.r_max,
                right: left + style.content_w() + 4.0,
            }
        })
        .collect();
    placed.width = if used == 0 {
        0.0
    } else {
        used as f64 * stride - style.col_gap
    };
    placed
}

/// Moves everything placed by [`place`] by (`dx`, `dy`).
pub(crate) fn shift(placed: &mut Placed, dx: f64, dy: f64) {
    for node in &mut placed.nodes {
        node.x += dx;
        node.y += dy;
        if let Some(label) = &mut node.label {
            label.x += dx;
            label.baseline += dy;
        }
    }
    for heading in &mut placed.headings {
        heading.label.x += dx;
        heading.label.baseline += dy;
    }
    for column in &mut placed.columns {
        column.node_x += dx;
        column.right += dx;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_that_fits_a_column_moves_to_the_next_one_whole() {
        let style = Style::list(&["ノート"], 20.0, 0.0);
        // Heading 30 + rows of 22: the first group takes 30 + 3 * 22 = 96.
        let pieces = flow(&[3, 4], &style, 150.0);
        let columns: Vec<(usize, usize, std::ops::Range<usize>)> = pieces
            .iter()
            .map(|p| (p.group, p.column, p.rows.clone()))
            .collect();
        assert_eq!(columns, vec![(0, 0, 0..3), (1, 1, 0..4)]);
    }

    #[test]
    fn a_group_taller_than_a_column_is_split_under_repeated_headings() {
        let style = Style::list(&["ノート"], 20.0, 0.0);
        let pieces = flow(&[10], &style, 30.0 + 4.0 * 22.0);
        let rows: Vec<std::ops::Range<usize>> = pieces.iter().map(|p| p.rows.clone()).collect();
        assert_eq!(rows, vec![0..4, 4..8, 8..10]);
        assert!(pieces.iter().all(|p| p.group == 0 && p.top == 0.0));
    }

    #[test]
    fn the_column_height_balances_whole_groups() {
        let style = Style::grid();
        // Five equal groups, two columns' worth: three land in one column.
        let rows = [10, 10, 10, 10, 10];
        let block = style.head_h + 10.0 * style.row_h;
        let cap = column_cap(
            &rows,
            &Style {
                max_col_h: 2.5 * block,
                ..style
            },
        );
        assert!(
            cap >= 3.0 * block && cap < 3.0 * block + style.row_h,
            "{cap}"
        );
        let pieces = flow(&rows, &style, cap);
        assert_eq!(pieces.last().unwrap().column, 1);
    }
}
