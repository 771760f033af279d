//! Writing SVG text: escaping, numbers with a fixed precision, and the
//! elements both maps share (the root with its title, a node, a label).

use std::fmt::{self, Display, Write};

use super::geometry::{Anchor, Label};
use super::route::Curve;
use super::text::FONT_SIZE;

/// A coordinate written with one decimal, without a trailing ".0" and never
/// as "-0", so equal layouts give equal bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Num(pub f64);

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.digits(&mut [0; 24]))
    }
}

impl Num {
    /// The number's text, written into `digits` digit by digit: a site map
    /// and every note's neighbourhood hold thousands of numbers, and the
    /// formatting machinery is slow.
    fn digits(self, digits: &mut [u8; 24]) -> &str {
        let tenths = (self.0 * 10.0).round() as i64;
        let abs = tenths.unsigned_abs();
        let mut at = digits.len();
        let mut push = |b: u8| {
            at -= 1;
            digits[at] = b;
        };
        if !abs.is_multiple_of(10) {
            push(b'0' + (abs % 10) as u8);
            push(b'.');
        }
        let mut whole = abs / 10;
        loop {
            push(b'0' + (whole % 10) as u8);
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        if tenths < 0 {
            push(b'-');
        }
        std::str::from_utf8(&digits[at..]).unwrap_or("0")
    }
}

/// Appends `v` as [`Num`] writes it.
pub(crate) fn push_num(out: &mut String, v: f64) {
    out.push_str(Num(v).digits(&mut [0; 24]));
}

/// Appends `s` as [`Esc`] writes it.
pub(crate) fn push_esc(out: &mut String, s: &str) {
    let mut rest = s;
    // The five specials are ASCII: a byte scan finds them.
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&apos;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// `s` escaped for XML text and attribute values.
pub(crate) struct Esc<'a>(pub &'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut escaped = String::with_capacity(self.0.len());
        push_esc(&mut escaped, self.0);
        f.write_str(&escaped)
    }
}

/// Opens the root element with its accessible name and description.
/// `id` prefixes the ids of the title and description.
pub(crate) fn open(
    out: &mut String,
    class: &str,
    id: &str,
    size: (f64, f64),
    title: &str,
    description: &str,
) {
    let (w, h) = (Num(size.0), Num(size.1));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map {class}\" role=\"group\" \
         aria-labelledby=\"{id}-title\" \
         aria-describedby=\"{id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" font-size=\"{}\">\n<title id=\"{id}-title\">{}</title>\n\
         <desc id=\"{id}-desc\">{}</desc>\n",
        Num(FONT_SIZE),
        Esc(title),
        Esc(description),
    );
}

/// Closes the root element.
pub(crate) fn close(out: &mut String) {
    out.push_str("</svg>\n");
}

/// Opens a node: a link with a tooltip.
pub(crate) fn open_node(out: &mut String, class: &str, href: (&str, &str), tooltip: &str) {
    out.push_str("<a class=\"");
    out.push_str(class);
    out.push_str("\" href=\"");
    push_esc(out, href.0);
    push_esc(out, href.1);
    out.push_str("\"><title>");
    push_esc(out, tooltip);
    out.push_str("</title>");
}

/// Closes a node.
pub(crate) fn close_node(out: &mut String) {
    out.push_str("</a>\n");
}

/// A circle (a note's shape).
pub(crate) fn circle(out: &mut String, x: f64, y: f64, r: f64) {
    out.push_str("<circle cx=\"");
    push_num(out, x);
    out.push_str("\" cy=\"");
    push_num(out, y);
    out.push_str("\" r=\"");
    push_num(out, r);
    out.push_str("\"/>");
}

/// A diamond (a doc's shape), `r` from the centre to each corner.
pub(crate) fn diamond(out: &mut String, x: f64, y: f64, r: f64) {
    out.push_str("<path d=\"");
    let corners = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
    for (i, (cx, cy)) in corners.into_iter().enumerate() {
        out.push(if i == 0 { 'M' } else { 'L' });
        push_num(out, cx);
        out.push(' ');
        push_num(out, cy);
    }
    out.push_str("Z\"/>");
}

/// A text element with `class`.
pub(crate) fn label(out: &mut String, class: &str, label: &Label) {
    let anchor = match label.anchor {
        Anchor::Start => "",
        Anchor::Middle => " text-anchor=\"middle\"",
        Anchor::End => " text-anchor=\"end\"",
    };
    out.push_str("<text class=\"");
    out.push_str(class);
    out.push_str("\" x=\"");
    push_num(out, label.x);
    out.push_str("\" y=\"");
    push_num(out, label.baseline);
    out.push('"');
    out.push_str(anchor);
    out.push('>');
    push_esc(out, &label.text);
    out.push_str("</text>");
}

/// A path with `class` and data `d`; `extra` is written as is (attributes).
pub(crate) fn path(out: &mut String, class: &str, d: Curve, extra: &str) {
    out.push_str("<path class=\"");
    out.push_str(class);
    out.push_str("\" d=\"");
    d.push_to(out);
    out.push('"');
    out.push_str(extra);
    out.push_str("/>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        let shown: Vec<String> = [0.0, -0.01, 1.0, 2.25, -3.46, 12.349, 1e3, -0.5, -20.0]
            .iter()
            .map(|&v| Num(v).to_string())
            .collect();
        assert_eq!(
            shown,
            ["0", "0", "1", "2.3", "-3.5", "12.3", "1000", "-0.5", "-20"]
        );
    }

    #[test]
    fn all_five_xml_specials_are_escaped() {
        assert_eq!(
            Esc("a<b>&\"c\"'d'").to_string(),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(Esc("ノート").to_string(), "ノート");
    }
}
