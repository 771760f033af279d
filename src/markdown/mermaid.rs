//! ```` ```mermaid ```` code blocks drawn as SVG at build time, in Rust
//! (mermaid-rs-renderer): no script on the page, nothing from a CDN, the
//! same picture over http, from file:// and in print.
//!
//! The picture is drawn with a palette of the theme's light colours; the
//! theme's stylesheet maps each of them to the page's colour variables
//! (`.diagram [fill="#ffffff"]`), so one SVG follows light, dark and print.
//! The SVG goes through [`foreign::clean`] before it reaches the page.

use super::foreign::{self, Vocabulary};
use mermaid_rs_renderer::{render_strict, ParseError, RenderOptions, Theme};
use sha2::{Digest, Sha256};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

/// A diagram drawn: the figure's HTML and its labels (searchable text).
#[derive(Debug)]
pub struct Diagram {
    pub html: String,
    pub text: String,
}

/// Why a diagram could not be drawn, at a place in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramError {
    /// 1-based, inside the block's text.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

/// The largest diagram drawn (bytes of source): layout time grows faster
/// than the source, and a block this size is data, not a picture.
pub const MAX_DIAGRAM: usize = 64 * 1024;

/// Whether a fence's info string asks for a diagram.
pub fn is_diagram(info: &str) -> bool {
    info.split([' ', ',', '{'])
        .next()
        .is_some_and(|lang| lang.trim().eq_ignore_ascii_case("mermaid"))
}

/// Draws the Mermaid `source` as a `<figure class="diagram">` with its SVG.
pub fn render(source: &str) -> Result<Diagram, DiagramError> {
    if source.len() > MAX_DIAGRAM {
        return Err(DiagramError {
            line: 1,
            column: 1,
            message: format!(
                "diagram too large to draw ({} KB; the limit is {} KB)",
                source.len() / 1024,
                MAX_DIAGRAM / 1024
            ),
        });
    }
    let options = RenderOptions {
        theme: palette().clone(),
        ..RenderOptions::default()
    };
    // The layout is third-party code run on an author's text: a panic in it
    // is a diagram that could not be drawn, not a failed build.
    let drawn = catch_unwind(AssertUnwindSafe(|| render_strict(source, options)));
    let svg = match drawn {
        Ok(Ok(svg)) => svg,
        Ok(Err(error)) => return Err(located(source, &error)),
        Err(_) => {
            return Err(DiagramError {
                line: 1,
                column: 1,
                message: "the diagram could not be laid out".to_string(),
            })
        }
    };
    let cleaned =
        foreign::clean(&svg, Vocabulary::Svg, &id_prefix(source)).map_err(|e| DiagramError {
            line: 1,
            column: 1,
            message: format!("the drawn diagram is not valid SVG ({e})"),
        })?;
    let mut html = String::with_capacity(cleaned.markup.len() + 40);
    html.push_str("<figure class=\"diagram\">");
    html.push_str(&cleaned.markup);
    html.push_str("</figure>\n");
    Ok(Diagram {
        html,
        text: super::collapse_whitespace(&cleaned.text),
    })
}

/// Ids unique to the diagram's text: two diagrams on one page (the print
/// edition shows every note) never share a marker; the same diagram twice
/// defines the same markers twice, which is harmless.
fn id_prefix(source: &str) -> String {
    let digest = Sha256::digest(source.as_bytes());
    let mut prefix = String::from("mm");
    for byte in &digest[..4] {
        prefix.push_str(&format!("{byte:02x}"));
    }
    prefix.push('-');
    prefix
}

/// Where the renderer says the problem is. Some of its errors come without
/// a place (line 1, column 1, quoting the first line) but name the bad
/// fragment at the end of their message: that fragment's line is the place.
fn located(source: &str, error: &ParseError) -> DiagramError {
    let at = |line: u32, column: u32| (line.max(1) as usize, column.max(1) as usize);
    let message = error.to_string();
    let ((line, column), message) = match error {
        ParseError::UnexpectedToken {
            line,
            col,
            found,
            expected,
        } if *line == 1 && *col == 1 && first_line(source) == Some(found.as_str()) => (
            quoted_line(source, expected).unwrap_or((1, 1)),
            expected.clone(),
        ),
        ParseError::UnexpectedToken { line, col, .. } => (at(*line, *col), message),
        ParseError::InvalidDirective { line, col, .. } => (at(*line, *col), message),
        ParseError::UnknownParticipant { line, .. } => (at(*line, 1), message),
        ParseError::UnclosedSubgraph { opened_at } => (at(*opened_at, 1), message),
        _ => ((1, 1), message),
    };
    DiagramError {
        line,
        column,
        message,
    }
}

fn first_line(source: &str) -> Option<&str> {
    source.lines().map(str::trim).find(|l| !l.is_empty())
}

/// The line and column of the fragment quoted after the last `: ` of `message`.
fn quoted_line(source: &str, message: &str) -> Option<(usize, usize)> {
    let (_, fragment) = message.rsplit_once(": ")?;
    let fragment = fragment.trim();
    if fragment.is_empty() {
        return None;
    }
    source.lines().enumerate().find_map(|(n, line)| {
        let at = line.find(fragment)?;
        Some((n + 1, line[..at].chars().count() + 1))
    })
}

/// The theme's light colours (`themes/default/static/style.css`), which
/// its stylesheet maps to the page's colour variables.
fn palette() -> &'static Theme {
    static PALETTE: OnceLock<Theme> = OnceLock::new();
    PALETTE.get_or_init(|| {
        let bg = "#ffffff";
        let bg_soft = "#f6f7f9";
        let border = "#dde1e6";
        let fg = "#1d2228";
        let fg_muted = "#5b6573";
        let accent = "#0b63c5";
        let accent_soft = "#e6f0fb";
        let note = "#fff3dc";
        let note_border = "#9a5b00";
        let mut theme = Theme::modern();
        theme.font_family = "system-ui, -apple-system, \"Segoe UI\", \"Hiragino Sans\", \"Noto Sans JP\", \"Noto Sans CJK JP\", \"Yu Gothic UI\", Meiryo, sans-serif".to_string();
        for (field, colour) in [
            (&mut theme.background, "none"),
            (&mut theme.primary_color, bg_soft),
            (&mut theme.primary_text_color, fg),
            (&mut theme.primary_border_color, fg_muted),
            (&mut theme.line_color, fg_muted),
            (&mut theme.secondary_color, border),
            (&mut theme.tertiary_color, bg),
            (&mut theme.edge_label_background, bg),
            (&mut theme.cluster_background, accent_soft),
            (&mut theme.cluster_border, accent),
            (&mut theme.sequence_actor_fill, bg_soft),
            (&mut theme.sequence_actor_border, fg_muted),
            (&mut theme.sequence_actor_line, fg_muted),
            (&mut theme.sequence_note_fill, note),
            (&mut theme.sequence_note_border, note_border),
            (&mut theme.sequence_activation_fill, border),
            (&mut theme.sequence_activation_border, fg_muted),
            (&mut theme.text_color, fg),
            (&mut theme.pie_title_text_color, fg),
            (&mut theme.pie_section_text_color, fg),
            (&mut theme.pie_legend_text_color, fg),
            (&mut theme.pie_stroke_color, fg_muted),
            (&mut theme.pie_outer_stroke_color, border),
        ] {
            *field = colour.to_string();
        }
        theme
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_flowchart_with_japanese_labels() {
        let diagram = render("flowchart LR\n  A[Pod] -->|SNAT| B[ノードの ENI]\n").unwrap();
        assert!(diagram
            .html
            .starts_with("<figure class=\"diagram\"><svg xmlns="));
        assert!(diagram.html.contains("ノードの ENI"), "{}", diagram.html);
        assert!(diagram.text.contains("ノードの ENI") && diagram.text.contains("SNAT"));
    }

    #[test]
    fn an_error_without_a_place_is_placed_on_the_line_it_quotes() {
        let error = render("flowchart LR\n  A --> B\n  C -->\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 3), "{error:?}");
        assert!(error.message.contains("C -->"), "{error:?}");
    }

    #[test]
    fn an_unknown_diagram_kind_is_an_error() {
        let error = render("nosuchdiagram\n  a b\n").unwrap_err();
        assert_eq!(error.line, 1);
    }

    #[test]
    fn the_info_string_names_mermaid() {
        assert!(is_diagram("mermaid"));
        assert!(is_diagram("Mermaid {.wide}"));
        assert!(!is_diagram("mermaidx"));
        assert!(!is_diagram("rust"));
    }
}
