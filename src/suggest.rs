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
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let distance = edit_distance(&word, &lower.chars().collect::<Vec<_>>());
        if distance <= limit && best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            best = Some((distance, candidate));
        }
        if word.len() >= 2
            && lower.starts_with(&lowered)
            && prefixed.is_none_or(|p| (candidate.len(), candidate) < (p.len(), p))
        {
            prefixed = Some(candidate);
        }
    }
    best.map(|(_, c)| c).or(prefixed)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbours (the commonest typo) each cost 1.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let names = ["private-cluster", "snat", "fargate-limits"];
        assert_eq!(closest("privte-cluster", names), Some("private-cluster"));
        assert_eq!(closest("snta", names), Some("snat"));
        assert_eq!(closest("kubernetes", names), None);
        assert_eq!(closest("fargate", names), Some("fargate-limits"));
        assert_eq!(
            closest("プライベートクラスタ", ["プライベートクラスター"]),
            Some("プライベートクラスター")
        );
    }
}
