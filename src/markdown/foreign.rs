//! SVG and MathML written by shiori's own renderers (diagrams, formulas),
//! passed through an allowlist before they reach a page. The HTML spec
//! calls both "foreign content".
//!
//! The renderers are third-party code fed with authors' text: a label or a
//! `click` line must not become a script, an event handler, a link, an
//! `<image>` or a `<foreignObject>` carrying HTML. So their output is parsed
//! as XML and written again element by element: an element not on the list
//! is dropped with what it holds (a link is unwrapped: its text stays), an
//! attribute not on the list is dropped, text is escaped again. A `style`
//! attribute is turned into presentation attributes, since the pages' CSP
//! blocks inline styles.

use std::fmt::Write;

/// Which vocabulary a fragment is written in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Vocabulary {
    Svg,
    MathMl,
}

/// What the filter keeps of an element.
enum Keep {
    Element,
    /// The element goes, its children stay (`<a>`, MathML's `<span>`).
    Children,
    Nothing,
}

const SVG_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "marker",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "title",
    "desc",
    "clipPath",
    "linearGradient",
    "radialGradient",
    "stop",
];

/// Presentation attributes: also what a `style` declaration may become.
const SVG_PRESENTATION: &[&str] = &[
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "opacity",
    "marker-start",
    "marker-mid",
    "marker-end",
    "clip-path",
    "text-anchor",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "letter-spacing",
    "stop-color",
    "stop-opacity",
    "visibility",
];

const SVG_GEOMETRY: &[&str] = &[
    "width",
    "height",
    "viewBox",
    "preserveAspectRatio",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "transform",
    "dx",
    "dy",
    "textLength",
    "lengthAdjust",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "gradientUnits",
    "gradientTransform",
    "offset",
    "clipPathUnits",
    "class",
    "id",
];

const MATHML_ELEMENTS: &[&str] = &[
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
    "mtable",
    "mtr",
    "mtd",
    "mlabeledtr",
];

const MATHML_ATTRIBUTES: &[&str] = &[
    "display",
    "displaystyle",
    "scriptlevel",
    "mathvariant",
    "mathsize",
    "mathcolor",
    "mathbackground",
    "lspace",
    "rspace",
    "stretchy",
    "symmetric",
    "largeop",
    "movablelimits",
    "accent",
    "accentunder",
    "fence",
    "separator",
    "form",
    "minsize",
    "maxsize",
    "linethickness",
    "columnalign",
    "rowalign",
    "columnspacing",
    "rowspacing",
    "columnlines",
    "rowlines",
    "columnspan",
    "rowspan",
    "frame",
    "framespacing",
    "width",
    "height",
    "depth",
    "voffset",
    "notation",
    "encoding",
    "dir",
    "class",
];

/// A fragment after the filter, and the text it shows (for search).
pub(super) struct Cleaned {
    pub markup: String,
    pub text: String,
}

/// Parses `xml` and writes back what the allowlist of `vocabulary` keeps.
/// Ids (and the `url(#…)` references to them) get `id_prefix`, so two
/// fragments on one page never share one.
pub(super) fn clean(
    xml: &str,
    vocabulary: Vocabulary,
    id_prefix: &str,
) -> Result<Cleaned, roxmltree::Error> {
    let document = roxmltree::Document::parse(xml)?;
    let mut out = Cleaned {
        markup: String::with_capacity(xml.len()),
        text: String::new(),
    };
    write_node(document.root_element(), vocabulary, id_prefix, &mut out);
    Ok(out)
}

fn keep(vocabulary: Vocabulary, name: &str) -> Keep {
    let (elements, unwrapped): (&[&str], &[&str]) = match vocabulary {
        Vocabulary::Svg => (SVG_ELEMENTS, &["a"]),
        Vocabulary::MathMl => (MATHML_ELEMENTS, &["a", "span"]),
    };
    if elements.contains(&name) {
        Keep::Element
    } else if unwrapped.contains(&name) {
        Keep::Children
    } else {
        Keep::Nothing
    }
}

fn write_node(
    node: roxmltree::Node<'_, '_>,
    vocabulary: Vocabulary,
    prefix: &str,
    out: &mut Cleaned,
) {
    if node.is_text() {
        let text = node.text().unwrap_or("");
        super::push_escaped(&mut out.markup, text);
        let shown = node
            .parent_element()
            .is_some_and(|p| !matches!(p.tag_name().name(), "title" | "desc" | "annotation"));
        if shown {
            out.text.push_str(text);
        }
        return;
    }
    if !node.is_element() {
        return;
    }
    let name = node.tag_name().name();
    match keep(vocabulary, name) {
        Keep::Nothing => return,
        Keep::Children => {
            for child in node.children() {
                write_node(child, vocabulary, prefix, out);
            }
            return;
        }
        Keep::Element => {}
    }
    out.markup.push('<');
    out.markup.push_str(name);
    if node.parent_element().is_none() && vocabulary == Vocabulary::Svg {
        out.markup.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    let mut written: Vec<&str> = Vec::new();
    for attribute in node.attributes() {
        if attribute.namespace().is_some() {
            continue;
        }
        if let Some(value) = allowed_value(vocabulary, attribute.name(), attribute.value()) {
            write_attribute(&mut out.markup, attribute.name(), &value, prefix);
            written.push(attribute.name());
        }
    }
    if vocabulary == Vocabulary::Svg {
        if let Some(style) = node.attribute("style") {
            for (property, value) in declarations(style) {
                if written.contains(&property) || !SVG_PRESENTATION.contains(&property) {
                    continue;
                }
                if let Some(value) = allowed_value(vocabulary, property, value) {
                    write_attribute(&mut out.markup, property, &value, prefix);
                    written.push(property);
                }
            }
        }
    }
    out.markup.push('>');
    for child in node.children() {
        write_node(child, vocabulary, prefix, out);
    }
    if matches!(name, "text" | "tspan" | "mi" | "mn" | "mo" | "mtext") {
        out.text.push(' ');
    }
    let _ = write!(out.markup, "</{name}>");
}

/// The value of an allowed attribute as it is written, or `None` to drop it.
fn allowed_value(vocabulary: Vocabulary, name: &str, value: &str) -> Option<String> {
    let allowed = match vocabulary {
        Vocabulary::Svg => SVG_PRESENTATION.contains(&name) || SVG_GEOMETRY.contains(&name),
        Vocabulary::MathMl => MATHML_ATTRIBUTES.contains(&name),
    };
    if !allowed {
        return None;
    }
    let value = value.trim();
    // A reference may only name something inside the fragment.
    if value.contains("url(") && !(value.starts_with("url(#") && value.ends_with(')')) {
        return None;
    }
    if value.contains(['\\', '<', '>']) || value.to_ascii_lowercase().contains("expression") {
        return None;
    }
    // Colours are compared as written by the theme's stylesheet, which
    // maps the diagram palette to the page's light or dark colours.
    if value.starts_with('#') && matches!(name, "fill" | "stroke" | "stop-color") {
        return Some(value.to_ascii_lowercase());
    }
    Some(value.to_string())
}

fn write_attribute(out: &mut String, name: &str, value: &str, prefix: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    if name == "id" {
        out.push_str(prefix);
        super::push_escaped(out, value);
    } else if let Some(id) = value.strip_prefix("url(#") {
        out.push_str("url(#");
        out.push_str(prefix);
        super::push_escaped(out, id);
    } else {
        super::push_escaped(out, value);
    }
    out.push('"');
}

/// `a: b; c: d` as pairs, lower-cased property names.
fn declarations(style: &str) -> impl Iterator<Item = (&str, &str)> {
    style.split(';').filter_map(|declaration| {
        let (property, value) = declaration.split_once(':')?;
        Some((property.trim(), value.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_handlers_links_and_foreign_objects() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="x()" viewBox="0 0 10 10"><script>alert(1)</script><a href="javascript:alert(1)" xlink:href="javascript:alert(2)"><text onclick="y()" x="1">ラベル</text></a><foreignObject><div>html</div></foreignObject><image href="https://example.com/a.png"/><rect style="fill: #ABCDEF; mix-blend-mode: multiply" fill-opacity="url(https://evil)"/></svg>"##;
        let out = clean(svg, Vocabulary::Svg, "d1-").unwrap();
        for bad in [
            "script",
            "onload",
            "onclick",
            "javascript",
            "foreignObject",
            "<a",
            "image",
            "html",
            "evil",
            "mix-blend",
        ] {
            assert!(!out.markup.contains(bad), "{bad} in {}", out.markup);
        }
        assert!(
            out.markup.contains("<text x=\"1\">ラベル</text>"),
            "{}",
            out.markup
        );
        assert!(
            out.markup.contains("<rect fill=\"#abcdef\"></rect>"),
            "{}",
            out.markup
        );
        assert_eq!(out.text.trim(), "ラベル");
    }

    #[test]
    fn prefixes_ids_and_their_references() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow"><path d="M0 0"/></marker></defs><path marker-end="url(#arrow)" d="M0 0 L1 1"/></svg>"##;
        let out = clean(svg, Vocabulary::Svg, "d7-").unwrap();
        assert!(out.markup.contains("id=\"d7-arrow\""), "{}", out.markup);
        assert!(
            out.markup.contains("marker-end=\"url(#d7-arrow)\""),
            "{}",
            out.markup
        );
    }

    #[test]
    fn mathml_keeps_its_layout_and_loses_styles_and_links() {
        let math = r#"<math display="block"><mrow><mi mathvariant="normal" style="font-size:2em">x</mi><mo lspace="0">=</mo><mtext><a href="javascript:x()">here</a></mtext></mrow></math>"#;
        let out = clean(math, Vocabulary::MathMl, "").unwrap();
        assert_eq!(
            out.markup,
            r#"<math display="block"><mrow><mi mathvariant="normal">x</mi><mo lspace="0">=</mo><mtext>here</mtext></mrow></math>"#
        );
    }
}
