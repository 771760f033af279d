//! "Did you mean ...?" suggestions for mistyped names.

/// The candidate closest to `word` by edit distance, if it is close enough to
/// be a plausible typo (at most a third of the word's length, at least 1);
/// failing that, the shortest candidate that begins with `word` (`ebs` → `ebs-csi`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = word.to_lowercase();
    let word: Vec<char> = lowered.chars().collect();
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut prefixed: Option<&str> = None;
    let mut buffer: Vec<char> = Vec::new();
    for candidate in candidates {
        buffer.clear();
        buffer.extend(candidate.chars().flat_map(char::to_lowercase));
        // Lengths further apart than the limit cannot be within it: skip the
        // distance (a broken link is checked against every name of the site).
        if buffer.len().abs_diff(word.len()) <= limit {
            let distance = edit_distance(&word, &buffer);
            if distance <= limit && best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
                best = Some((distance, candidate));
            }
        }
        if word.len() >= 2
            && buffer.starts_with(&word)
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
    /// (length in characters, lower-cased characters, name), by length.
    by_length: Vec<(usize, Vec<char>, String)>,
    /// Lower-cased names in sorted order, for prefix matches.
    sorted: Vec<(String, String)>,
}

impl Suggester {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Suggester {
        let mut by_length: Vec<(usize, Vec<char>, String)> = names
            .into_iter()
            .map(|n| {
                let chars: Vec<char> = n.chars().flat_map(char::to_lowercase).collect();
                (chars.len(), chars, n.to_string())
            })
            .collect();
        by_length.sort();
        let mut sorted: Vec<(String, String)> = by_length
            .iter()
            .map(|(_, chars, name)| (chars.iter().collect(), name.clone()))
            .collect();
        sorted.sort();
        Suggester { by_length, sorted }
    }

    /// Same answer as [`closest`] over the names given to [`Suggester::new`].
    pub fn closest(&self, word: &str) -> Option<&str> {
        let lowered = word.to_lowercase();
        let word: Vec<char> = lowered.chars().collect();
        let limit = (word.len() / 3).max(1);
        let low = self
            .by_length
            .partition_point(|(len, ..)| *len + limit < word.len());
        let high = self
            .by_length
            .partition_point(|(len, ..)| *len <= word.len() + limit);
        let best = self.by_length[low..high]
            .iter()
            .filter_map(|(_, chars, name)| within(&word, chars, limit).map(|d| (d, name.as_str())))
            .filter(|(d, _)| *d <= limit)
            .min();
        if let Some((_, name)) = best {
            return Some(name);
        }
        if word.len() < 2 {
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

/// The distance between `a` and `b` if it is at most `limit`; gives up as
/// soon as every cell of a row exceeds the limit.
fn within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
            row_min = row_min.min(current[j]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|d| *d <= limit)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbours (the commonest typo) each cost 1.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    within(a, b, usize::MAX).expect("no limit")
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
