//! CJK-friendly emphasis. CommonMark decides whether `*` opens or closes by
//! the characters around it, and punctuation next to it blocks it unless the
//! other side is a space or punctuation too — which Japanese never writes:
//! `**Save as…**オプション` and `これは**「重要」**です` keep their asterisks.
//! Following the CJK-friendly amendment, a run next to punctuation also
//! opens after a CJK character and closes before one. Pairs that only this
//! rule makes are written as `<strong>`/`<em>`; the rest is left to the
//! Markdown parser. A `*` between two digits (`2*3*4`) is a product, not emphasis.

/// A replacement for a run of asterisks: byte offset in the line, length, new text.
pub(crate) type Repair = (usize, usize, &'static str);

/// CJK letters and punctuation (kana, kanji, hangul, CJK symbols, full-width forms).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF
        | 0x3100..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// Punctuation as CommonMark counts it (punctuation and symbols).
fn is_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

struct Run {
    at: usize,
    len: usize,
    cm_open: bool,
    cm_close: bool,
    open: bool,
    close: bool,
}

/// The asterisk runs of `text` to rewrite.
pub(crate) fn repairs(text: &str) -> Vec<Repair> {
    let mut repairs = Vec::new();
    if !text.contains('*') {
        return repairs;
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                prev = chars.next().map(|(_, c)| c);
                continue;
            }
            '`' => {
                // Code spans are never touched: skip to the matching backticks.
                let ticks = text[at..].chars().take_while(|c| *c == '`').count();
                let fence = &text[at..at + ticks];
                let after = at + ticks;
                let end = text[after..]
                    .find(fence)
                    .map_or(after, |e| after + e + ticks);
                while chars.peek().is_some_and(|(i, _)| *i < end) {
                    chars.next();
                }
                prev = Some('`');
                continue;
            }
            '*' => {
                let len = text[at..].chars().take_while(|c| *c == '*').count();
                for _ in 1..len {
                    chars.next();
                }
                let next = text[at + len..].chars().next();
                if prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())
                {
                    repairs.push((at, len, if len == 1 { "\\*" } else { "\\*\\*" }));
                    prev = Some('*');
                    continue;
                }
                let cm_open =
                    !is_space(next) && (!is_punct(next) || is_space(prev) || is_punct(prev));
                let cm_close =
                    !is_space(prev) && (!is_punct(prev) || is_space(next) || is_punct(next));
                let cjk_prev = prev.is_some_and(is_cjk);
                let cjk_next = next.is_some_and(is_cjk);
                runs.push(Run {
                    at,
                    len,
                    cm_open,
                    cm_close,
                    open: cm_open || (!is_space(next) && is_punct(next) && cjk_prev),
                    close: cm_close || (!is_space(prev) && is_punct(prev) && cjk_next),
                });
                prev = Some('*');
                continue;
            }
            _ => {}
        }
        prev = Some(c);
    }
    let mut openers: Vec<usize> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        if run.len > 2 {
            continue;
        }
        if run.close {
            if let Some(pos) = openers.iter().rposition(|&o| runs[o].len == run.len) {
                let o = openers[pos];
                openers.truncate(pos);
                let opener = &runs[o];
                if !opener.cm_open || !run.cm_close {
                    let (open, close) = if run.len == 2 {
                        ("<strong>", "</strong>")
                    } else {
                        ("<em>", "</em>")
                    };
                    repairs.push((opener.at, opener.len, open));
                    repairs.push((run.at, run.len, close));
                }
                continue;
            }
        }
        if run.open {
            openers.push(i);
        }
    }
    repairs.sort_unstable();
    repairs
}
