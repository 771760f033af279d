//! Typed indices of the site's notes, sections and catalog pages. Each
//! wraps its place in the list that holds it (`Content::notes` and
//! `Library::notes` share one order, as do the section lists), and lists
//! of those things are indexed by it, so a note's id cannot be used to
//! look up a section.

/// A note, by its place in the reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteId(pub usize);

/// A section, by its place in the section list (0 is the root).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(pub usize);

/// An official documentation page, by its place in the catalog file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub usize);

impl SectionId {
    /// The home page's section.
    pub const ROOT: SectionId = SectionId(0);
}

/// Lets a `Vec<$item>` be indexed by `$id` (and still by `usize`); used
/// where each list's item type is defined, so this module depends on none.
macro_rules! indexed_by {
    ($id:ty => $($item:ty),+) => {$(
        impl std::ops::Index<$id> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }
        impl std::ops::IndexMut<$id> for Vec<$item> {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.0]
            }
        }
    )+};
}

pub(crate) use indexed_by;

indexed_by!(DocId => Vec<NoteId>);

// The plain position, for lists of other kinds indexed in the same order
// (view models, per-note counters).
macro_rules! position {
    ($($id:ty),+) => {$(
        impl From<$id> for usize {
            fn from(id: $id) -> usize {
                id.0
            }
        }
    )+};
}

position!(NoteId, SectionId, DocId);
