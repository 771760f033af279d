//! Output names the file system would refuse, found when the content is
//! read — so `check` reports them with their place, instead of `build`
//! failing while it writes, with an OS error naming its staging folder.

use super::front_matter::{FrontMatter, FrontSource};
use super::SourceNote;
use crate::diagnostics::{Code, Diagnostic, Location};

/// The longest file name (in bytes) that common file systems accept
/// (ext4, APFS, NTFS in UTF-16 units, which is never fewer).
pub const NAME_MAX: usize = 255;

/// Why one file name of the output cannot be written, if it cannot.
pub fn name_problem(name: &str) -> Option<String> {
    if name.len() > NAME_MAX {
        return Some(format!(
            "is {} bytes long; file systems allow {NAME_MAX}",
            name.len()
        ));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!(
            "contains the control character U+{:04X}",
            u32::from(c)
        ));
    }
    None
}

/// Checks the names of the files a note is written to: its page
/// (`output`) and the pages of its tags.
pub fn check_note(
    source: &FrontSource<'_>,
    front: &FrontMatter,
    output: &str,
    out: &mut Vec<Diagnostic>,
) {
    let page = output.rsplit('/').next().unwrap_or(output);
    if let Some(problem) = name_problem(page) {
        let location = match front.slug {
            Some(_) => source.key_location("slug"),
            None => Location::file(source.file),
        };
        out.push(
            Diagnostic::error(
                Code::Path,
                location,
                format!("the page of this note, `{}`, {problem}", shorten(page)),
            )
            .with_help("give the note a shorter `slug:` (or file name) of plain characters"),
        );
    }
    for tag in &front.tags {
        // The longest name a tag's pages take: `tags/<key>.html`.
        let key = super::tag_key(tag);
        if let Some(problem) = name_problem(&format!("{key}.html")) {
            out.push(
                Diagnostic::error(
                    Code::Path,
                    source.key_location("tags"),
                    format!(
                        "the page of tag `{}`, `{}.html`, {problem}",
                        shorten(tag),
                        shorten(&key)
                    ),
                )
                .with_help("use a shorter tag"),
            );
        }
    }
}

/// Checks that a note's page fits in the system's path limit once put under
/// the output folder; `max` is [`crate::emit::page_path_max`] of that folder.
pub fn check_page_path(note: &SourceNote, max: usize, out: &mut Vec<Diagnostic>) {
    let longest = note.output.len();
    if longest <= max {
        return;
    }
    let location = match note.front.slug {
        Some(_) => note.front_source().key_location("slug"),
        None => Location::file(&note.file),
    };
    out.push(
        Diagnostic::error(
            Code::Path,
            location,
            format!(
                "the page of this note, `{}`, has a path of {} bytes; in this output folder \
                 the system allows {} for the files of a page",
                shorten(&note.output),
                longest,
                max
            ),
        )
        .with_help("use shorter folder names or a shorter `slug:`, or build into a folder with a shorter path (`--out`)"),
    );
}

/// The first characters of a long name, for a message that stays readable.
fn shorten(name: &str) -> String {
    const SHOWN: usize = 40;
    match name.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", name[..at].escape_debug()),
        None => name.escape_debug().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_and_control_characters_are_refused() {
        assert!(name_problem(&"a".repeat(255)).is_none());
        assert!(name_problem(&"a".repeat(256))
            .unwrap()
            .contains("256 bytes"));
        // 86 kana are 258 bytes.
        assert!(name_problem(&"あ".repeat(86)).is_some());
        assert!(name_problem("a\0b.html").unwrap().contains("U+0000"));
        assert!(name_problem("a\u{1b}b.html").unwrap().contains("U+001B"));
        assert!(name_problem("プライベート クラスター.html").is_none());
    }
}
