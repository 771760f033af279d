//! Constructs inside a line: Obsidian `%%comments%%` hidden and `==mark==`
//! highlighted, Obsidian Bases embeds removed, MDX `{/* comments */}` dropped, Hugo and Zola shortcodes
//! mapped, and CJK-friendly emphasis. Code spans are copied untouched.

use super::{cjk, shortcodes, Context, Line, Out};

/// Translates one ordinary line.
pub(crate) fn line(cx: &mut Context<'_>, line: Line<'_>, out: &mut Out, pad: &str) {
    out.emit(line.at, pad);
    let text = line.text;
    let repairs = cjk::repairs(text);
    let mut repairs = repairs.iter().peekable();
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let replaced: Option<(usize, Option<String>)> = match bytes[i] {
            b'\\' => {
                i += rest.chars().nth(1).map_or(1, |c| 1 + c.len_utf8());
                continue;
            }
            b'`' => {
                let ticks = rest.bytes().take_while(|b| *b == b'`').count();
                let end = rest[ticks..]
                    .find(&rest[..ticks])
                    .map_or(ticks, |e| e + 2 * ticks);
                i += end;
                continue;
            }
            b'*' => match repairs.peek() {
                Some(&&(at, len, html)) if at == i => {
                    repairs.next();
                    Some((len, Some(html.to_string())))
                }
                _ => None,
            },
            b'{' if rest.starts_with("{/*") => rest.find("*/}").map(|e| (e + 3, None)),
            b'{' if rest.starts_with("{{") || rest.starts_with("{%") => {
                out.copy(line.at + copied, &text[copied..i]);
                copied = i;
                let in_link = text[..i].ends_with("](");
                match shortcodes::inline(cx, rest, line.at + i, in_link, out) {
                    Some(n) => {
                        i += n;
                        copied = i;
                        continue;
                    }
                    None => None,
                }
            }
            b'<' => super::mdx::inline_tag(rest).map(|(len, html)| (len, Some(html))),
            b'!' if rest.starts_with("![[") => base_embed(rest).map(|len| {
                cx.warn(
                    line.at + i,
                    len,
                    format!(
                        "Obsidian Bases view `{}` removed: shiori cannot show a base",
                        &rest[..len]
                    ),
                    "a base is a live table of the vault's notes; link the notes it lists instead",
                );
                (len, None)
            }),
            b'%' if rest.starts_with("%%") => rest[2..].find("%%").map(|e| (e + 4, None)),
            b'=' if rest.starts_with("==") => match mark(text, i) {
                Some(inner) => {
                    out.copy(line.at + copied, &text[copied..i]);
                    out.emit(line.at + i, "<mark>");
                    out.copy(line.at + i + 2, &text[i + 2..i + 2 + inner]);
                    out.emit(line.at + i + 2 + inner, "</mark>");
                    i += inner + 4;
                    copied = i;
                    continue;
                }
                None => None,
            },
            _ => None,
        };
        match replaced {
            Some((len, html)) => {
                out.copy(line.at + copied, &text[copied..i]);
                if let Some(html) = html {
                    out.emit(line.at + i, &html);
                }
                i += len;
                copied = i;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out.copy(line.at + copied, &text[copied..]);
    out.emit(line.at + text.len(), "\n");
}

/// The length of an embed of an Obsidian Bases file (`![[Books.base]]`,
/// `![[Books.base#Table]]`) at the start of `rest`.
pub(crate) fn base_embed(rest: &str) -> Option<usize> {
    let end = rest.find("]]")?;
    let target = rest[3..end].split(['#', '|']).next()?.trim();
    target
        .to_ascii_lowercase()
        .ends_with(".base")
        .then_some(end + 2)
}

/// The length of the text of a `==text==` at `i`, shown as `<mark>text</mark>`:
/// the text is not empty, does not start or end with a space and holds no `=`
/// (so `a == b` and `===` stay as they are).
fn mark(text: &str, i: usize) -> Option<usize> {
    if text[..i].ends_with('=') {
        return None;
    }
    let inner_start = i + 2;
    let rest = &text[inner_start..];
    let end = rest.find("==")?;
    let inner = &rest[..end];
    if inner.is_empty()
        || inner.starts_with(char::is_whitespace)
        || inner.ends_with(char::is_whitespace)
        || inner.contains('=')
        || rest[end + 2..].starts_with('=')
    {
        return None;
    }
    Some(end)
}

/// A comment running over several lines: Obsidian `%%` … `%%` or MDX `{/*` … `*/}`
/// opened at the start of line `i`; the whole comment is hidden.
pub(crate) fn comment_block(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let t = lines[i].text.trim_start();
    let (open, close) = if t.starts_with("%%") {
        ("%%", "%%")
    } else if t.starts_with("{/*") {
        ("{/*", "*/}")
    } else {
        return None;
    };
    if t[open.len()..].contains(close) {
        return None;
    }
    let end = lines[i + 1..].iter().position(|l| l.text.contains(close))?;
    let last = lines[i + 1 + end];
    let after = &last.text[last.text.find(close).map_or(0, |p| p + close.len())..];
    out.emit(lines[i].at, "\n");
    if !after.trim().is_empty() {
        line(cx, last.from(last.text.len() - after.len()), out, pad);
    }
    Some(end + 2)
}
