//! The path a site is published under (`mount: /handbook` in `site.yaml`):
//! a site published at `example.com/handbook/` writes its links as
//! `/handbook/guide/`, and shiori reads them without it. When many
//! site-absolute links fail that would resolve without one leading segment,
//! the build suggests the setting.

use crate::diagnostics::{Code, Diagnostic};
use std::collections::BTreeMap;

/// `path` (site-absolute) without the leading `mount` segments, if it starts with them.
pub fn strip(mount: &str, path: &str) -> String {
    let inner = path.trim_start_matches('/');
    match inner.strip_prefix(mount) {
        Some("") => "/".to_string(),
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        _ => path.to_string(),
    }
}

const HELP_START: &str = "without its first segment `/";

/// The help of a broken link that resolves without its first segment `first`.
pub fn help(first: &str) -> String {
    format!("{HELP_START}{first}` it names a page: if the site is published under `/{first}/`, set `mount: /{first}` in site.yaml")
}

/// Fewer such links than this are a few mistakes, not a published-under path.
const SUGGEST_FROM: usize = 3;

/// One line suggesting `mount` when many broken links resolve without the
/// same first segment, for the end of a build's report.
pub fn suggestion(diagnostics: &[Diagnostic]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.code == Code::BrokenLink) {
        let Some(first) = d
            .help
            .as_deref()
            .and_then(|h| h.strip_prefix(HELP_START))
            .and_then(|h| h.split('`').next())
        else {
            continue;
        };
        *counts.entry(first).or_default() += 1;
    }
    let (first, count) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    (count >= SUGGEST_FROM).then(|| {
        format!("{count} site-absolute links start with `/{first}/` and resolve without it: the site is likely published under `/{first}/`; add `mount: /{first}` to site.yaml")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mount_is_stripped_only_as_whole_segments() {
        assert_eq!(strip("handbook", "/handbook/guide/"), "/guide/");
        assert_eq!(strip("handbook", "/handbook"), "/");
        assert_eq!(strip("handbook", "/handbooks/x"), "/handbooks/x");
        assert_eq!(strip("docs/v2", "/docs/v2/a.png"), "/a.png");
    }
}
