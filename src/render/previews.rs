//! Preview data of the notes for the hover and focus previews of links
//! (`reading.js`), packed into [`PREVIEW_BUCKETS`] small classic scripts,
//! `previews/<bucket>.js`: a note's bucket is a hash of its output path, so
//! the page showing a link knows which file to load without any index, and
//! a site of 10,000 notes writes a thousand files instead of ten thousand.
//! A script rather than JSON, so it loads from `file://`, where pages
//! cannot fetch.

use super::Page;
use crate::links::Note;
use serde::Serialize;

/// The folder holding the preview scripts.
pub const PREVIEW_DIR: &str = "previews/";
/// How many files the previews are spread over (a power of two; `reading.js`
/// knows it). A note's preview is about 2 KB, so a bucket of a 10,000-note
/// site holds about ten (20 KB, 6 KB gzipped) — one request on the first
/// hover of any of them.
pub const PREVIEW_BUCKETS: u32 = 1024;
/// Characters of a heading section's text a preview shows.
const PREVIEW_TEXT_CHARS: usize = 180;
/// Heading sections kept per note: a link's `#anchor` shows its section.
const PREVIEW_SECTIONS: usize = 40;

/// The bucket of the note whose page is at `output`: 32-bit FNV-1a of the
/// path's UTF-8 bytes, modulo [`PREVIEW_BUCKETS`] (`reading.js` computes the
/// same).
pub fn preview_bucket(output: &str) -> u32 {
    let hash = output.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash % PREVIEW_BUCKETS
}

/// The output path of bucket `bucket` (`previews/3a7.js`).
pub fn bucket_output(bucket: u32) -> String {
    format!("{PREVIEW_DIR}{bucket:03x}.js")
}

/// What a preview shows, as the script's payload.
#[derive(Serialize)]
struct Preview<'n> {
    t: &'n str,
    s: String,
    h: Vec<(&'n str, String, String)>,
}

/// The preview of `note`: its title, summary and `[anchor, heading, first
/// text]` of its heading sections (anchor `""` for the text before the
/// first heading).
fn preview(note: &Note) -> Preview<'_> {
    let parse = &note.parse;
    let h = parse
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
    Preview {
        t: &note.source.title,
        s: crate::markdown::truncate(&note.summary, PREVIEW_TEXT_CHARS),
        h,
    }
}

/// The script of bucket `bucket` holding `notes` (those whose output hashes
/// to it, in reading order): `shioriPreviews({"<output>": {t, s, h}, …})`.
/// An empty bucket is written too (`shioriPreviews({})`) when `shiori serve`
/// removed its last note, so no stale preview stays.
pub fn bucket_page<'n>(bucket: u32, notes: impl IntoIterator<Item = &'n Note>) -> Page {
    let mut content = String::from("shioriPreviews({");
    for (i, note) in notes.into_iter().enumerate() {
        if i > 0 {
            content.push(',');
        }
        let path = serde_json::to_string(&note.source.output).expect("a string serializes");
        let data = serde_json::to_string(&preview(note)).expect("the preview serializes");
        content.push_str(&path);
        content.push(':');
        content.push_str(&data);
    }
    content.push_str("});\n");
    Page {
        path: bucket_output(bucket),
        content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_fnv1a_of_the_output_path() {
        // FNV-1a 32 of "" is its offset basis; of "a" a published value.
        assert_eq!(preview_bucket(""), 0x811c_9dc5 % PREVIEW_BUCKETS);
        assert_eq!(preview_bucket("a"), 0xe40c_292c % PREVIEW_BUCKETS);
        assert_eq!(bucket_output(0x3a7), "previews/3a7.js");
        assert_eq!(bucket_output(5), "previews/005.js");
    }

    #[test]
    fn notes_spread_over_the_buckets() {
        let mut used = std::collections::HashSet::new();
        for i in 0..4096 {
            used.insert(preview_bucket(&format!("s{:03}/n{i:06}-x.html", i % 97)));
        }
        // 4,096 paths over 1,024 buckets: a fair hash leaves about 2 % empty.
        assert!(used.len() > 950, "{}", used.len());
    }
}
