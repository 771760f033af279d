//! A bound on how deeply raw HTML nests, applied before the sanitiser. An
//! HTML tree builder checks the open elements on every tag, so a note of
//! 100,000 nested `<div>`s took minutes to sanitise; browsers cap nesting
//! too. Tags past [`MAX_DEPTH`] are dropped — their text is kept, in the
//! deepest element allowed — so the sanitiser sees a shallow tree and its
//! work stays linear. Safety does not depend on this pass: whatever it
//! leaves is sanitised afterwards.

/// How deep elements may nest: far beyond what any note means to write.
pub const MAX_DEPTH: usize = 256;

/// Elements that never hold content, so never deepen the tree.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// `html` with every tag nested deeper than [`MAX_DEPTH`] removed; the same
/// string when nothing nests that deep (the usual case, without a copy).
pub fn bound_depth(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut kept_to = 0;
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let start = i + offset;
        let Some((end, tag)) = scan_tag(bytes, start) else {
            i = start + 1;
            continue;
        };
        let drop = match tag {
            Tag::Open { void: false } => {
                depth += 1;
                depth > MAX_DEPTH
            }
            Tag::Open { void: true } => false,
            Tag::Close => {
                let deep = depth > MAX_DEPTH;
                depth = depth.saturating_sub(1);
                deep
            }
        };
        if drop {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[kept_to..start]);
            kept_to = end;
        }
        i = end;
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[kept_to..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

enum Tag {
    Open { void: bool },
    Close,
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Reads the tag starting at `start` (a `<`): its end (after `>`) and kind.
/// Comments, doctypes and anything not a tag give `None`; quoted attribute
/// values may hold `>`.
fn scan_tag(bytes: &[u8], start: usize) -> Option<(usize, Tag)> {
    let mut i = start + 1;
    let close = bytes.get(i) == Some(&b'/');
    if close {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = std::str::from_utf8(&bytes[name_start..i]).ok()?;
    let mut quote = None;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'"' | b'\'') => quote = Some(bytes[i]),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => {
                let self_closing = bytes[i - 1] == b'/';
                let void = self_closing || VOID.iter().any(|v| v.eq_ignore_ascii_case(name));
                let tag = if close {
                    Tag::Close
                } else {
                    Tag::Open { void }
                };
                return Some((i + 1, tag));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_html_is_left_as_it_is() {
        let html = r#"<div title="a>b"><p>x<br>y</p><img src="i.png"/></div>"#;
        assert!(matches!(bound_depth(html), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn tags_past_the_bound_are_dropped_and_their_text_kept() {
        let n = MAX_DEPTH + 10;
        let html = format!("{}深い{}", "<div>".repeat(n), "</div>".repeat(n));
        let bounded = bound_depth(&html);
        assert_eq!(bounded.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(bounded.matches("</div>").count(), MAX_DEPTH);
        assert!(bounded.contains("<div>深い</div>"));
    }
}
