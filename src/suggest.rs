//! "Did you mean ...?" suggestions for mistyped names, by
//! optimal-string-alignment distance (insertions, deletions, substitutions
//! and swaps of two neighbours, the commonest typo, each cost 1).

/// The candidate closest to `word` by edit distance, if it is close enough to
/// be a plausible typo (at most a third of the word's length, at least 1);
/// failing that, the shortest candidate that begins with `word` (`ebs` → `ebs-csi`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut prefixed: Option<&str> = None;
    for candidate in candidates {
        let lowered = candidate.to_lowercase();
        // Lengths further apart than the limit cannot be within it: skip the
        // distance (a broken link is checked against every name of the site).
        if lowered.chars().count().abs_diff(length) <= limit {
            let distance = strsim::osa_distance(&word, &lowered);
            if distance <= limit && best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
                best = Some((distance, candidate));
            }
        }
        if length >= 2
            && lowered.starts_with(&word)
            && prefixed.is_none_or(|p| (candidate.len(), candidate) < (p.len(), p))
        {
            prefixed = Some(candidate);
        }
    }
    best.map(|(_, c)| c).or(prefixed)
}

/// Suggestions against a fixed, large set of names (every note of a site):
/// indexed by length and in sorted order, so each lookup only measures the
/// names that could be close enough.
pub struct Suggester {
    /// (length in characters, lower-cased, name), by length.
    by_length: Vec<(usize, String, String)>,
    /// Lower-cased names in sorted order, for prefix matches.
    sorted: Vec<(String, String)>,
}

impl Suggester {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Suggester {
        let mut by_length: Vec<(usize, String, String)> = names
            .into_iter()
            .map(|n| {
                let lowered = n.to_lowercase();
                (lowered.chars().count(), lowered, n.to_string())
            })
            .collect();
        by_length.sort();
        let mut sorted: Vec<(String, String)> = by_length
            .iter()
            .map(|(_, lowered, name)| (lowered.clone(), name.clone()))
            .collect();
        sorted.sort();
        Suggester { by_length, sorted }
    }

    /// Same answer as [`closest`] over the names given to [`Suggester::new`].
    pub fn closest(&self, word: &str) -> Option<&str> {
        let lowered = word.to_lowercase();
        let length = lowered.chars().count();
        let limit = (length / 3).max(1);
        let low = self
            .by_length
            .partition_point(|(len, ..)| *len + limit < length);
        let high = self
            .by_length
            .partition_point(|(len, ..)| *len <= length + limit);
        let best = self.by_length[low..high]
            .iter()
            .map(|(_, other, name)| (strsim::osa_distance(&lowered, other), name.as_str()))
            .filter(|(d, _)| *d <= limit)
            .min();
        if let Some((_, name)) = best {
            return Some(name);
        }
        if length < 2 {
            return None;
        }
        let start = self
            .sorted
            .partition_point(|(lower, _)| lower.as_str() < lowered.as_str());
        self.sorted[start..]
            .iter()
            .take_while(|(lower, _)| lower.starts_with(&lowered))
            .map(|(_, name)| name.as_str())
            .min_by(|a, b| (a.len(), a).cmp(&(b.len(), b)))
    }
}

#[cfg(test)]
mod tests {
    use super::{closest, Suggester};

    #[test]
    fn suggests_near_misses_only() {
        let names = ["private-cluster", "snat", "fargate-limits"];
        assert_eq!(closest("privte-cluster", names), Some("private-cluster"));
        assert_eq!(closest("snta", names), Some("snat"));
        assert_eq!(closest("kubernetes", names), None);
        assert_eq!(closest("fargate", names), Some("fargate-limits"));
        let suggester = Suggester::new(names);
        for word in ["privte-cluster", "snta", "kubernetes", "fargate", "s"] {
            assert_eq!(suggester.closest(word), closest(word, names), "{word}");
        }
        assert_eq!(
            closest("プライベートクラスタ", ["プライベートクラスター"]),
            Some("プライベートクラスター")
        );
    }
}
