//! Preview data of each note for the hover and focus previews of links
//! (`reading.js`): a small classic script per note, `previews/<path>.js`,
//! loaded the first time a link to the note is hovered or focused. A script
//! rather than JSON, so it loads from `file://`, where pages cannot fetch.

use super::Page;
use crate::links::Note;

/// The folder holding the preview scripts.
pub const PREVIEW_DIR: &str = "previews/";
/// Characters of a heading section's text a preview shows.
const PREVIEW_TEXT_CHARS: usize = 180;
/// Heading sections kept per note: a link's `#anchor` shows its section.
const PREVIEW_SECTIONS: usize = 40;

/// The output path of the preview script of the page at `output`
/// (`networking/snat.html` → `previews/networking/snat.js`).
pub fn preview_output(output: &str) -> String {
    let stem = output.strip_suffix(".html").unwrap_or(output);
    format!("{PREVIEW_DIR}{stem}.js")
}

/// The preview script of `note`: `shioriPreview(path, {t, s, h})` with its
/// title, summary and `[anchor, heading, first text]` of its heading
/// sections (anchor `""` for the text before the first heading).
pub fn preview_page(note: &Note) -> Page {
    let parsed = &note.parsed;
    let sections: Vec<serde_json::Value> = parsed
        .sections
        .iter()
        .take(PREVIEW_SECTIONS)
        .map(|s| {
            serde_json::json!([
                s.anchor.as_deref().unwrap_or(""),
                s.heading_path.last().map(String::as_str).unwrap_or(""),
                crate::markdown::truncate(&s.text, PREVIEW_TEXT_CHARS),
            ])
        })
        .collect();
    let data = serde_json::json!({
        "t": note.source.title,
        "s": crate::markdown::truncate(&parsed.summary, PREVIEW_TEXT_CHARS),
        "h": sections,
    });
    let path = serde_json::Value::from(note.source.output.as_str());
    Page {
        path: preview_output(&note.source.output),
        content: format!("shioriPreview({path},{data});\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_sits_beside_its_note_under_previews() {
        assert_eq!(
            preview_output("networking/snat.html"),
            "previews/networking/snat.js"
        );
        assert_eq!(preview_output("ノート.html"), "previews/ノート.js");
    }
}
