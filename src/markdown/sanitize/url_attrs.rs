//! One URL filter for every attribute of raw HTML that holds a URL. ammonia
//! checks the scheme of `href` and `src` itself, but not of `srcset` or
//! `cite`, so `<source srcset="javascript:…">` or a `data:` image came
//! through. Every URL attribute passes here, with the same schemes allowed.

use std::borrow::Cow;

/// The schemes a URL in a note may use; anything without a scheme is a
/// relative path and is fine.
pub const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "cite",
    "action",
    "formaction",
    "poster",
    "longdesc",
    "background",
    "ping",
    "data",
    "xlink:href",
];

/// ammonia's attribute filter: the value kept, or `None` to drop the attribute.
pub fn filter<'v>(_element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let attribute = attribute.to_ascii_lowercase();
    let safe = match attribute.as_str() {
        "srcset" | "imagesrcset" => srcset_urls(value).all(is_allowed),
        a if URL_ATTRIBUTES.contains(&a) => is_allowed(value),
        _ => true,
    };
    safe.then_some(Cow::Borrowed(value))
}

/// Each image candidate of a `srcset` (`a.png 1x, b.png 2x`), URL and
/// descriptor: checked whole, spaces removed, a candidate cannot hide a
/// scheme behind a tab. A `data:` URL's own commas split it into pieces,
/// whose first one still names the scheme, so it is refused all the same.
fn srcset_urls(value: &str) -> impl Iterator<Item = &str> {
    value.split(',')
}

/// Whether `url` has no scheme or one of [`SCHEMES`]. Browsers ignore
/// spaces and control characters around and inside a scheme
/// (`java\tscript:`), so they are removed before it is read.
pub fn is_allowed(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    if !crate::urls::has_scheme(&compact) {
        return true;
    }
    let scheme = compact.split(':').next().unwrap_or_default();
    SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_candidate_of_a_srcset_must_be_safe() {
        for bad in [
            "javascript:alert(1)",
            "a.png 1x, javascript:alert(1) 2x",
            "vbscript:x",
            "data:image/png;base64,AAAA 1x",
            "file:///etc/passwd",
            " JaVa\tScRiPt:alert(1)",
        ] {
            assert_eq!(filter("source", "srcset", bad), None, "{bad}");
        }
        let good = "a.png 1x, https://example.com/b.png 2x, ../c%20d.png 480w";
        assert_eq!(filter("source", "srcset", good).as_deref(), Some(good));
    }

    #[test]
    fn other_url_attributes_share_the_filter() {
        assert_eq!(filter("blockquote", "cite", "javascript:alert(1)"), None);
        assert_eq!(filter("q", "cite", "data:text/html,x"), None);
        assert!(filter("blockquote", "cite", "https://example.com").is_some());
        assert!(filter("a", "href", "mailto:a@example.com").is_some());
        assert!(filter("p", "title", "javascript: is text here").is_some());
    }
}
