//! The print edition: every note in reading order, in parts.

use super::*;

pub(super) fn notes_by_output(library: &Library) -> ByOutput<'_> {
    library
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.source.output.as_str(), i))
        .collect()
}

pub(super) fn print_context(library: &Library, by_output: &ByOutput<'_>, part: usize) -> Value {
    let first = part * PRINT_PART_NOTES;
    let notes: Vec<Value> = library
        .notes
        .iter()
        .enumerate()
        .skip(first)
        .take(PRINT_PART_NOTES)
        .map(|(i, note)| {
            // Every note lives on one page here: prefix anchors so they stay unique, point
            // links between notes at the notes on the print pages, and rebase the rest to the root.
            let html = print_html(&note.parse, i, &note.source.output, by_output);
            context! {
                anchor => format!("note-{i}"),
                title => note.source.title.clone(),
                heading => note.source.heading.as_ref().unwrap_or(&note.source.title).clone(),
                section => library.sections[note.source.section].source.title.clone(),
                reviewed => note.source.front.reviewed.map(|d| d.to_string()),
                html => Value::from_safe_string(html),
            }
        })
        .collect();
    let parts = print_parts(library.notes.len());
    let pager = pager(part, parts, print_output);
    context! { notes => notes, pager => pager, first => first + 1 }
}
