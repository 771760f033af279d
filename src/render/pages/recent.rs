//! The recent changes page: the notes changed last, newest first, with
//! the day, the author and the section of each change.

use super::*;
use crate::history::Change;

/// Notes listed on the recent changes page.
pub(super) const RECENT_PAGE_NOTES: usize = 100;

/// The notes with a known change, newest first (reading order breaks
/// ties), at most [`RECENT_PAGE_NOTES`].
pub(super) fn recent_order(changes: &[Option<Change>]) -> Vec<usize> {
    let mut order: Vec<(i64, usize)> = changes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.as_ref().map(|c| (c.timestamp, i)))
        .collect();
    order.sort_by_key(|&(timestamp, i)| (std::cmp::Reverse(timestamp), i));
    order.truncate(RECENT_PAGE_NOTES);
    order.into_iter().map(|(_, i)| i).collect()
}

/// What the recent changes page and the home page show of note `n`'s change.
pub(super) fn change_entry(library: &Library, shared: &Shared<'_>, n: usize) -> Value {
    let note = &library.notes[n];
    let change = shared.changes[n].as_ref();
    let section = note.source.section;
    let section = (section != crate::ids::SectionId::ROOT).then(|| {
        let source = &library.sections[section].source;
        context! { title => source.title.clone(), url => urls::encode_path(&source.output) }
    });
    context! {
        title => note.source.title.clone(),
        url => urls::encode_path(&note.source.output),
        date => change.map(|c| c.date.to_string()),
        datetime => change.map(|c| c.datetime.clone()),
        author => change.and_then(|c| c.author.clone()),
        section => section,
    }
}

pub(super) fn recent_context(library: &Library, shared: &Shared<'_>) -> Value {
    let changes: Vec<Value> = shared
        .recent
        .iter()
        .map(|&n| change_entry(library, shared, n))
        .collect();
    context! { changes => changes }
}
