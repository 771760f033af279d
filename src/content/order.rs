//! Which file is a folder's index, and the reading order the source tool
//! gave: mdBook's `SUMMARY.md`, and names compared as a person counts
//! (`step-2` before `step-10`).

use super::{file_name, parent_dir, SourceNote};
use crate::diagnostics::Diagnostic;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// How strongly a file claims to be its folder's index: `_index.md` (Hugo,
/// Zola, shiori), `index.md` (MkDocs, VitePress, Starlight), a note with
/// `slug: index` (Docusaurus), then `README.md` (mdBook, GitHub).
fn index_rank(note: &SourceNote) -> Option<u8> {
    let name = file_name(&note.path_id).to_ascii_lowercase();
    match name.as_str() {
        "_index" => Some(0),
        "index" => Some(1),
        _ if note.slug == "index" => Some(2),
        "readme" => Some(3),
        _ => None,
    }
}

/// The `path_id`s of the notes that stand for their folder.
pub(super) fn index_files(files: &[(SourceNote, Vec<Diagnostic>)]) -> HashSet<String> {
    let mut best: HashMap<&str, (u8, &str)> = HashMap::new();
    for (note, _) in files {
        let Some(rank) = index_rank(note) else {
            continue;
        };
        let dir = parent_dir(&note.path_id);
        let entry = best.entry(dir).or_insert((rank, &note.path_id));
        if (rank, note.path_id.as_str()) < *entry {
            *entry = (rank, &note.path_id);
        }
    }
    best.into_values().map(|(_, id)| id.to_string()).collect()
}

/// Compares names with their numbers as numbers: `step-2` < `step-10`.
pub(crate) fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.bytes().take_while(u8::is_ascii_digit).count();
                let db = b.bytes().take_while(u8::is_ascii_digit).count();
                let (na, nb) = (
                    a[..da].trim_start_matches('0'),
                    b[..db].trim_start_matches('0'),
                );
                let by_value = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

/// The `.md` files an mdBook `SUMMARY.md` lists, in order (paths relative to its folder).
fn summary_entries(text: &str) -> Vec<String> {
    let mut entries = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(open) = rest.find("](") {
            let after = &rest[open + 2..];
            let Some(close) = after.find(')') else {
                break;
            };
            let target = after[..close].trim().trim_start_matches("./");
            let target = target.split('#').next().unwrap_or(target);
            if !target.is_empty() && !target.contains("://") {
                entries.push(target.to_string());
            }
            rest = &after[close..];
        }
    }
    entries
}

/// Gives the notes an mdBook `SUMMARY.md` lists the weight of their place in
/// it (unless they have one), so the reading order is the book's.
pub(super) fn apply_summaries(notes: &mut [(usize, SourceNote)]) {
    let summaries: Vec<(String, Vec<String>)> = notes
        .iter()
        .filter(|(_, n)| file_name(&n.path_id) == "SUMMARY")
        .map(|(_, n)| {
            (
                parent_dir(&n.path_id).to_string(),
                summary_entries(n.body()),
            )
        })
        .collect();
    if summaries.is_empty() {
        return;
    }
    let mut place: HashMap<String, i64> = HashMap::new();
    for (dir, entries) in &summaries {
        for (i, entry) in entries.iter().enumerate() {
            let stem = entry.rsplit_once('.').map_or(entry.as_str(), |(s, _)| s);
            let id = if dir.is_empty() {
                stem.to_string()
            } else {
                format!("{dir}/{stem}")
            };
            place.entry(id).or_insert(i as i64 + 1);
        }
    }
    for (_, note) in notes.iter_mut() {
        if note.front.weight.is_none() {
            if let Some(&w) = place.get(&note.path_id) {
                note.front.weight = Some(w);
            } else if file_name(&note.path_id) == "SUMMARY" {
                note.front.weight = Some(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_names_sort_by_value() {
        let mut names = vec!["step-10", "step-2", "step-1", "Step", "第2章", "第10章"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            ["Step", "step-1", "step-2", "step-10", "第2章", "第10章"]
        );
    }

    #[test]
    fn summary_links_are_read_in_order() {
        let text = "# Summary\n\n[Intro](README.md)\n- [A](guide/a.md)\n  - [B](./guide/b.md#x)\n- [Site](https://x.org)\n";
        assert_eq!(
            summary_entries(text),
            ["README.md", "guide/a.md", "guide/b.md"]
        );
    }
}
