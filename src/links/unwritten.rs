//! Notes linked before they are written. In an Obsidian vault `[[名前]]`
//! names a note nobody has written yet on purpose: such a name gets a page
//! of its own listing the notes that link to it (Obsidian's unresolved
//! links, a wiki's red links), so the link leads somewhere and a reader
//! sees what the note would be about. Only wikilinks do: a Markdown path to
//! a missing file is a mistake, shown as unresolved; so is a wikilink in a
//! folder that is no vault, where it is most likely a typo.

use super::{LinkTarget, Note, NoteId};
use std::collections::BTreeMap;

/// A name linked as a note that does not exist, and who links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritten {
    /// The name as first written (in reading order).
    pub name: String,
    /// Its page's key ([`crate::content::tag_key`]): `unwritten/<key>.html`.
    pub key: String,
    /// Notes linking to it, in reading order.
    pub notes: Vec<NoteId>,
}

/// The page of the unwritten note `name`.
pub fn output(name: &str) -> String {
    crate::paths::unwritten_output(&crate::content::tag_key(name))
}

/// Every unwritten note the notes link to, by key.
pub fn collect(notes: &[Note]) -> Vec<Unwritten> {
    let mut by_key: BTreeMap<String, Unwritten> = BTreeMap::new();
    for (i, note) in notes.iter().enumerate() {
        for link in &note.parse.resolved.links {
            let LinkTarget::Unwritten(name) = &link.target else {
                continue;
            };
            let key = crate::content::tag_key(name);
            let entry = by_key.entry(key.clone()).or_insert_with(|| Unwritten {
                name: name.clone(),
                key,
                notes: Vec::new(),
            });
            if entry.notes.last() != Some(&NoteId(i)) {
                entry.notes.push(NoteId(i));
            }
        }
    }
    by_key.into_values().collect()
}
