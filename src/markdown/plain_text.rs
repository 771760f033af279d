//! The plain text of a heading section as search indexes it and excerpts
//! show it: blocks, list items and table cells keep a visible separator, so
//! an excerpt reads "構成 | 向いている用途 · …", not "構成 向いている用途 …".
//!
//! While a note is parsed its text is collected with [`BLOCK`] and [`CELL`]
//! marks where a block or a cell ends; [`finish`] turns runs of whitespace
//! and marks into one space or one separator. The separators are neither
//! letters nor CJK characters, so the tokens (and their positions) are the
//! same as with plain spaces.

/// Written where a paragraph, list item, table row, code block or other block ends.
pub const BLOCK: char = '\u{1e}';
/// Written where a table cell ends.
pub const CELL: char = '\u{1f}';

/// Between blocks, unless the text before ends a sentence.
const BLOCK_SEPARATOR: &str = " · ";
const CELL_SEPARATOR: &str = " | ";

/// Whether a block ending in `c` needs no separator after it: it ends a
/// sentence or a clause already.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '．' | '.' | '!' | '！' | '?' | '？' | ':' | '：' | '」' | '』'
    )
}

/// `text` with whitespace collapsed to single spaces and block and cell
/// marks turned into separators (none at either end).
pub fn finish(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The strongest break seen since the last word: 0 none, 1 space, 2 cell, 3 block.
    let mut pending = 0u8;
    // Where the run of word characters being read began: runs are copied
    // whole, not a character at a time (this pass was a tenth of parse).
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let strength = match c {
            BLOCK => 3,
            CELL => 2,
            c if c.is_whitespace() => 1,
            _ => 0,
        };
        if strength > 0 {
            if let Some(start) = run.take() {
                out.push_str(&text[start..i]);
            }
            pending = pending.max(strength);
            continue;
        }
        if run.is_some() {
            continue;
        }
        if let Some(last) = out.chars().next_back() {
            match pending {
                3 if ends_sentence(last) => out.push(' '),
                3 => out.push_str(BLOCK_SEPARATOR),
                2 => out.push_str(CELL_SEPARATOR),
                1 => out.push(' '),
                _ => {}
            }
        }
        pending = 0;
        run = Some(i);
    }
    if let Some(start) = run {
        out.push_str(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_items_and_blocks_keep_a_separator() {
        let text = format!("構成{CELL}\n向いている用途{CELL}{BLOCK}EKS{CELL}ECS{CELL}{BLOCK}");
        assert_eq!(finish(&text), "構成 | 向いている用途 · EKS | ECS");
        let items = format!("ノードを置く。{BLOCK}\n{BLOCK}sts{BLOCK}eks-auth{BLOCK}");
        assert_eq!(finish(&items), "ノードを置く。 sts · eks-auth");
        assert_eq!(finish("  a \n b  "), "a b");
        assert_eq!(finish(&format!("{BLOCK} {CELL}")), "");
    }
}
