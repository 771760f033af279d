//! A depth check run on YAML text before it is parsed. serde_yaml refuses
//! anything nested more than 128 levels, but only after its scanner has
//! read the whole nest, which grows with the square of the depth: 40,000
//! `[` took 7 s to reject. Only flow collections (`[`, `{`) can nest that
//! deep in a small text, so this pass counts them — outside quoted scalars,
//! comments and block scalars — and stops at the first level past the limit.

/// serde_yaml's own nesting limit: anything deeper fails to parse anyway.
pub const MAX_DEPTH: usize = 128;

/// The byte offset of the first `[` or `{` nested deeper than
/// [`MAX_DEPTH`], if any. It may miss a deep nest written in odd ways (the
/// parser then rejects it, slowly) but never flags text the parser accepts.
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // Whether the next character starts a token: quotes and brackets mean
    // something only there (`it's`, `a[b]` are plain text).
    let mut at_token = true;
    let mut line_indent = 0;
    let mut block_scalar_indent: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            i += 1;
            let indent = bytes[i..].iter().take_while(|&&c| c == b' ').count();
            let blank = matches!(bytes.get(i + indent), None | Some(b'\n' | b'\r'));
            if let Some(block) = block_scalar_indent {
                if blank || indent > block {
                    // A line of a literal or folded block: its text is not YAML.
                    let end = memchr_newline(&bytes[i..]).map_or(bytes.len(), |n| i + n);
                    i = end;
                    continue;
                }
                block_scalar_indent = None;
            }
            line_indent = indent;
            at_token = true;
            continue;
        }
        match b {
            b' ' | b'\t' | b'\r' => {}
            b'#' if at_token || i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => {
                i = memchr_newline(&bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'[' | b'{' if at_token || depth > 0 => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
                at_token = true;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                at_token = false;
            }
            // In block context these are indicators only before a space
            // (`a-[b` and `a, [b` are plain text); in a flow, always.
            b',' => at_token = depth > 0,
            b':' | b'-' | b'?' => {
                at_token = depth > 0
                    || matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
            }
            b'"' | b'\'' if at_token => {
                i = skip_quoted(bytes, i);
                at_token = false;
                continue;
            }
            b'|' | b'>' if at_token && depth == 0 => {
                block_scalar_indent = Some(line_indent);
                i = memchr_newline(&bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            _ => at_token = false,
        }
        i += 1;
    }
    None
}

/// The diagnostic for a nest found by [`too_deep`] at `offset` of `text`.
pub fn diagnostic(
    code: crate::diagnostics::Code,
    file: &std::path::Path,
    text: &str,
    offset: usize,
) -> crate::diagnostics::Diagnostic {
    crate::diagnostics::Diagnostic::error(
        code,
        crate::diagnostics::Location::in_text(file, text, offset..offset + 1),
        format!("YAML nested more than {MAX_DEPTH} levels deep"),
    )
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// The offset just after the quoted scalar starting at `start`.
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            // `''` is a quote inside a single-quoted scalar.
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deep_flow_nest_is_found_where_it_passes_the_limit() {
        let text = format!(
            "title: x\nextra: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(too_deep(&text), Some("title: x\nextra: ".len() + MAX_DEPTH));
        let mixed = format!("a: {}", "{b: [".repeat(MAX_DEPTH));
        assert!(too_deep(&mixed).is_some());
    }

    #[test]
    fn what_the_parser_accepts_is_never_flagged() {
        let deep_but_allowed = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
        let brackets = "[".repeat(300);
        for text in [
            deep_but_allowed,
            format!("title: a{brackets}\n"),
            format!("title: '{brackets}'\nsummary: \"{brackets}\"\n"),
            format!("# {brackets}\ntitle: x # {brackets}\n"),
            format!("body: |\n  {brackets}\n\n  {brackets}\nnext: 1\n"),
            format!("title: it's {brackets}\n"),
            format!("title: a-{brackets}\nsummary: a, {brackets}\nx: a:{brackets}\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
            assert!(
                serde_yaml::from_str::<serde_yaml::Value>(&text).is_ok(),
                "{text}"
            );
        }
    }
}
