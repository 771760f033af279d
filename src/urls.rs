//! Relative URLs between output files, so the site works from any folder and from file://.

/// The relative URL from the page at `from` to the file at `to`, both paths
/// relative to the output root (`network/snat.html` → `cluster/index.html`
/// gives `../cluster/index.html`).
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from_dirs.len() {
        out.push_str("../");
    }
    let rest = to_parts[common..].join("/");
    if out.is_empty() {
        out = encode_path(&rest);
    } else {
        push_encoded(&mut out, &rest);
    }
    out
}

/// The prefix that leads from the page at `from` back to the output root ("", "../", ...).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Percent-encodes what cannot stand in a URL path as written; other
/// characters, Japanese included, are kept readable. A first segment
/// holding `:` (`javascript:alert(1).html`, `C:x.html`) would read as a
/// scheme, so such a path starts with `./`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    if path
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        out.push_str("./");
    }
    push_encoded(&mut out, path);
    out
}

/// Appends `path` to `out`, percent-encoded as [`encode_path`] does.
fn push_encoded(out: &mut String, path: &str) {
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
}

/// Percent-encodes a fragment identifier the way [`encode_path`] does a path.
pub fn encode_fragment(fragment: &str) -> String {
    // A fragment is never read as a scheme: no `./` before it.
    let mut out = String::with_capacity(fragment.len());
    push_encoded(&mut out, fragment);
    out
}

/// Decodes `%XX` escapes (as written in Markdown links) into text; invalid
/// escapes are kept as written, and so is the whole text when the decoded
/// bytes are not UTF-8.
pub fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_string(), |decoded| decoded.into_owned())
}

/// True for URLs with a scheme a page must never link to.
pub fn is_dangerous(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| compact.starts_with(s))
}

/// True for `scheme:...` URLs (http, mailto, ...), as opposed to paths.
pub fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

/// Joins a relative URL path onto the folder of the page at `from` (both
/// relative to the output root); `None` when it climbs out of the site.
pub fn join_relative(from: &str, path: &str) -> Option<String> {
    join_path(from.rfind('/').map_or("", |i| &from[..i]), path)
}

/// Joins a relative `/`-separated path onto the folder `dir`; `None` when
/// it climbs above the top.
pub fn join_path(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Whether `url` is an absolute `http://` or `https://` URL with a host, and
/// nothing a browser would read another way: no spaces, no control
/// characters. Every URL of `site.yaml` must be one.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_pages() {
        assert_eq!(
            relative("network/snat.html", "network/cni.html"),
            "cni.html"
        );
        assert_eq!(
            relative("network/snat.html", "cluster/index.html"),
            "../cluster/index.html"
        );
        assert_eq!(
            relative("index.html", "network/snat.html"),
            "network/snat.html"
        );
        assert_eq!(relative("a/b/c.html", "a/d.html"), "../d.html");
        assert_eq!(
            relative("tags/x.html", "my notes/a #1.html"),
            "../my%20notes/a%20%231.html"
        );
        assert_eq!(root_prefix("a/b/c.html"), "../../");
        // A first segment holding `:` must not read as a scheme.
        assert_eq!(
            relative("a/b.html", "javascript:alert(1).html"),
            "../javascript:alert(1).html"
        );
        assert_eq!(
            relative("index.html", "javascript:alert(1).html"),
            "./javascript:alert(1).html"
        );
        assert_eq!(relative("a/b.html", "a/C:x.html"), "./C:x.html");
        assert_eq!(encode_path("a/b:c.html"), "a/b:c.html");
        assert_eq!(encode_fragment("a:b"), "a:b");
    }

    #[test]
    fn joins_relative_paths_within_the_site() {
        assert_eq!(
            join_relative("a/b.html", "../c/d.html").as_deref(),
            Some("c/d.html")
        );
        assert_eq!(join_relative("b.html", "../x"), None);
    }

    #[test]
    fn decodes_and_flags_schemes() {
        assert_eq!(decode("%E5%AF%BE%E7%AD%96"), "対策");
        assert_eq!(decode("100%"), "100%");
        assert!(is_dangerous(" JavaScript:alert(1)"));
        assert!(is_dangerous("java\tscript:alert(1)"));
        assert!(!is_dangerous("https://example.com"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("../a.md"));
    }
}
