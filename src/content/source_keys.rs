//! Front-matter keys of other tools read the way those tools meant them:
//! `description` is the summary, `sidebar_position` (Docusaurus),
//! `sidebar.order` (Starlight) and `nav_order` are the weight, `aliases` that
//! are old URLs (Hugo) are not wikilink names, and `slug: /path` is a URL.

use super::FrontMatter;
use serde_json::Value;

/// Fills shiori's fields from the keys other tools use for them.
pub(super) fn apply(front: &mut FrontMatter) {
    if front.summary.is_none() {
        front.summary = front.description.clone().filter(|d| !d.trim().is_empty());
    }
    if front.weight.is_none() {
        let order = front
            .extra
            .get("sidebar_position")
            .or_else(|| front.extra.get("nav_order"))
            .or_else(|| front.extra.get("sidebar").and_then(|s| s.get("order")));
        front.weight = order.and_then(as_weight);
    }
    // Hugo's aliases are the page's old URLs, kept for redirects: not names to link by.
    let (urls, names): (Vec<String>, Vec<String>) = std::mem::take(&mut front.aliases)
        .into_iter()
        .partition(|a| a.starts_with('/') || a.ends_with('/') || a.ends_with(".html"));
    front.aliases = names;
    if !urls.is_empty() {
        front.extra.insert("url_aliases".into(), Value::from(urls));
    }
}

fn as_weight(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_f64().map(|f| (f * 1000.0).round() as i64 / 1000))
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A slug written as a URL path (`/`, `/guide/intro`, `intro/`) as the file
/// name it stands for: its last segment, `index` for the root.
pub(super) fn site_slug(slug: String) -> Option<String> {
    // A slug climbing folders is no URL: the check after this reports it.
    if !slug.contains('/') || slug.split('/').any(|p| p == ".." || p == ".") {
        return Some(slug);
    }
    let last = slug.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if last.is_empty() {
        Some("index".to_string())
    } else {
        Some(last.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_slugs_become_file_names() {
        assert_eq!(site_slug("/".into()).as_deref(), Some("index"));
        assert_eq!(site_slug("/guide/intro".into()).as_deref(), Some("intro"));
        assert_eq!(site_slug("plain".into()).as_deref(), Some("plain"));
        assert_eq!(
            site_slug("../../escape".into()).as_deref(),
            Some("../../escape")
        );
    }
}
