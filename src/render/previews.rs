//! Preview data of each note for the hover and focus previews of links
//! (`reading.js`): a small classic script per note, `previews/<path>.js`,
//! loaded the first time a link to the note is hovered or focused. A script
//! rather than JSON, so it loads from `file://`, where pages cannot fetch.

use super::Page;
use crate::links::Note;
use serde::Serialize;

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

/// What a preview shows, as the script's payload.
#[derive(Serialize)]
struct Preview<'n> {
    t: &'n str,
    s: String,
    h: Vec<(&'n str, &'n str, String)>,
}

/// The preview script of `note`: `shioriPreview(path, {t, s, h})` with its
/// title, summary and `[anchor, heading, first text]` of its heading
/// sections (anchor `""` for the text before the first heading).
pub fn preview_page(note: &Note) -> Page {
    let parse = &note.parse;
    let sections: Vec<(&str, String, String)> = parse
        .parsed
        .sections
        .iter()
        .take(PREVIEW_SECTIONS)
        .map(|s| {
            let heading = s.heading_path.last().map_or("", String::as_str);
            (
                s.anchor.as_deref().unwrap_or(""),
                parse.text(heading).into_owned(),
                crate::markdown::truncate(&parse.text(&s.text), PREVIEW_TEXT_CHARS),
            )
        })
        .collect();
    let preview = Preview {
        t: &note.source.title,
        s: crate::markdown::truncate(&note.summary, PREVIEW_TEXT_CHARS),
        h: sections
            .iter()
            .map(|(a, h, t)| (*a, h.as_str(), t.clone()))
            .collect(),
    };
    let path = serde_json::to_string(&note.source.output).expect("a string serializes");
    let data = serde_json::to_string(&preview).expect("the preview serializes");
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
