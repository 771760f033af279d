//! The graph as the map draws it: links and citations checked, sorted and
//! deduplicated once, with the degrees that size the nodes.

use super::MapGraph;

/// Cleaned edges of a [`MapGraph`] plus per-node degrees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Adjacency {
    /// Note → note: both ends exist, no self links, sorted, no repeats.
    pub links: Vec<(usize, usize)>,
    /// Note → doc: both ends exist, sorted, no repeats.
    pub citations: Vec<(usize, usize)>,
    /// How many notes link to each note.
    pub note_in: Vec<usize>,
    /// How many notes cite each doc.
    pub doc_in: Vec<usize>,
    /// Per note: the notes linking to it, the notes it links to, the docs it
    /// cites (each in index order), so a neighbourhood costs its own size.
    incoming: Vec<Vec<usize>>,
    outgoing: Vec<Vec<usize>>,
    cites: Vec<Vec<usize>>,
    pub max_note_in: usize,
    pub max_doc_in: usize,
}

impl Adjacency {
    pub fn new(graph: &MapGraph) -> Self {
        let notes = graph.notes.len();
        let docs = graph.docs.len();
        let mut links: Vec<(usize, usize)> = graph
            .links
            .iter()
            .copied()
            .filter(|&(from, to)| from < notes && to < notes && from != to)
            .collect();
        links.sort_unstable();
        links.dedup();
        let mut citations: Vec<(usize, usize)> = graph
            .citations
            .iter()
            .copied()
            .filter(|&(note, doc)| note < notes && doc < docs)
            .collect();
        citations.sort_unstable();
        citations.dedup();

        let mut note_in = vec![0; notes];
        for &(_, to) in &links {
            note_in[to] += 1;
        }
        let mut doc_in = vec![0; docs];
        for &(_, doc) in &citations {
            doc_in[doc] += 1;
        }
        let mut incoming = vec![Vec::new(); notes];
        let mut outgoing = vec![Vec::new(); notes];
        for &(from, to) in &links {
            incoming[to].push(from);
            outgoing[from].push(to);
        }
        let mut cites = vec![Vec::new(); notes];
        for &(note, doc) in &citations {
            cites[note].push(doc);
        }
        Adjacency {
            max_note_in: note_in.iter().copied().max().unwrap_or(0),
            max_doc_in: doc_in.iter().copied().max().unwrap_or(0),
            links,
            citations,
            note_in,
            doc_in,
            incoming,
            outgoing,
            cites,
        }
    }

    /// Notes linking to `note`, in index (reading) order.
    pub fn linking_to(&self, note: usize) -> Vec<usize> {
        self.incoming.get(note).cloned().unwrap_or_default()
    }

    /// Notes that `note` links to, in index order.
    pub fn linked_from(&self, note: usize) -> Vec<usize> {
        self.outgoing.get(note).cloned().unwrap_or_default()
    }

    /// Docs that `note` cites, in index order.
    pub fn cited_by(&self, note: usize) -> Vec<usize> {
        self.cites.get(note).cloned().unwrap_or_default()
    }
}

/// Radius of a node whose degree is `degree` when the largest degree is
/// `max`: the area grows with the degree, between `min_r` and `max_r`.
pub(crate) fn radius(degree: usize, max: usize, min_r: f64, max_r: f64) -> f64 {
    if max == 0 {
        return min_r;
    }
    let share = (degree.min(max) as f64 / max as f64).sqrt();
    min_r + (max_r - min_r) * share
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::fixture::tiny;

    #[test]
    fn degrees_count_each_distinct_valid_edge_once() {
        let mut graph = tiny();
        graph.links = vec![(0, 1), (0, 1), (2, 1), (1, 1), (1, 7), (1, 0)];
        graph.citations = vec![(0, 0), (0, 0), (1, 0), (9, 0), (0, 9)];
        let adj = Adjacency::new(&graph);
        assert_eq!(adj.links, vec![(0, 1), (1, 0), (2, 1)]);
        assert_eq!(adj.citations, vec![(0, 0), (1, 0)]);
        assert_eq!(adj.note_in, vec![1, 2, 0]);
        assert_eq!(adj.doc_in[0], 2);
        assert_eq!(adj.linking_to(1), vec![0, 2]);
        assert_eq!(adj.linked_from(1), vec![0]);
        assert_eq!(adj.cited_by(0), vec![0]);
    }

    #[test]
    fn radius_grows_with_degree_within_bounds() {
        assert_eq!(radius(0, 0, 3.0, 9.0), 3.0);
        assert_eq!(radius(0, 10, 3.0, 9.0), 3.0);
        assert_eq!(radius(10, 10, 3.0, 9.0), 9.0);
        assert!(radius(2, 10, 3.0, 9.0) < radius(5, 10, 3.0, 9.0));
    }
}
