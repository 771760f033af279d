//! The block walk: fenced and indented code is copied untouched, each block
//! directive is handed to its translator, every other line to the inline pass.

use super::{admonitions, includes, inline, mdx, shortcodes, tabs, Context, Line, Out};

/// An open code fence: its character and length.
#[derive(Clone, Copy)]
pub(crate) struct Fence {
    ch: char,
    len: usize,
    indent: usize,
}

/// The fence a line opens, if it is one (``` or ~~~, any indentation).
pub(crate) fn fence_open(line: &Line<'_>) -> Option<Fence> {
    let t = line.text.trim_start();
    let ch = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|c| *c == ch).count();
    // A backtick fence's info string may not hold a backtick.
    (len >= 3 && !(ch == '`' && t[len..].contains('`'))).then_some(Fence {
        ch,
        len,
        indent: line.indent(),
    })
}

pub(crate) fn fence_closes(fence: Fence, line: &Line<'_>) -> bool {
    // Indented four more than the opening, it is the block's content, not its end.
    if line.indent() >= fence.indent + 4 {
        return false;
    }
    let t = line.text.trim();
    t.len() >= fence.len && t.chars().all(|c| c == fence.ch)
}

/// The number of lines from `start` (a fence opening) through its closing fence.
pub(crate) fn fenced_len(lines: &[Line<'_>], start: usize, fence: Fence) -> usize {
    lines[start + 1..]
        .iter()
        .position(|l| fence_closes(fence, l))
        .map_or(lines.len() - start, |i| i + 2)
}

fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        return rest.is_empty() || rest.starts_with([' ', '\t']);
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && t[digits..]
            .strip_prefix(['.', ')'])
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// Translates `lines`, writing each output line after `pad`.
pub(crate) fn blocks(cx: &mut Context<'_>, lines: &[Line<'_>], out: &mut Out, pad: &str) {
    let mut i = 0;
    let mut prev_blank = true;
    let mut in_list = false;
    while i < lines.len() {
        let line = lines[i];
        if line.is_blank() {
            out.line(line, pad);
            prev_blank = true;
            i += 1;
            continue;
        }
        if line.indent() < 4 {
            if is_list_item(line.text) {
                in_list = true;
            } else if line.indent() == 0 && prev_blank {
                in_list = false;
            }
        }
        // An indented code block: shown as written.
        if line.indent() >= 4 && prev_blank && !in_list {
            let mut n = 0;
            while i + n < lines.len() && (lines[i + n].is_blank() || lines[i + n].indent() >= 4) {
                out.line(lines[i + n], pad);
                n += 1;
            }
            i += n;
            continue;
        }
        prev_blank = false;
        if let Some(id) = title_anchor(cx, line) {
            // The title heading is shown by the page, not the body: its `{#id}` still has to be there.
            out.block(
                line.at,
                pad,
                &format!("<div id=\"{}\"></div>", super::escape(id)),
            );
        }
        if let Some(fence) = fence_open(&line) {
            let n = fenced_len(lines, i, fence);
            out.line(line, pad);
            for l in &lines[i + 1..i + n] {
                includes::code_line(cx, *l, out, pad);
            }
            i += n;
            continue;
        }
        let consumed = includes::block(cx, lines, i, out, pad)
            .or_else(|| admonitions::mkdocs(cx, lines, i, out, pad))
            .or_else(|| tabs::mkdocs(cx, lines, i, out, pad))
            .or_else(|| admonitions::colons(cx, lines, i, out, pad))
            .or_else(|| admonitions::callout(cx, lines, i, out, pad))
            .or_else(|| shortcodes::block(cx, lines, i, out, pad))
            .or_else(|| shortcodes::template_tag(cx, lines, i, out, pad))
            .or_else(|| mdx::block(cx, lines, i, out, pad))
            .or_else(|| inline::comment_block(cx, lines, i, out, pad));
        match consumed {
            Some(n) => {
                i += n.max(1);
                prev_blank = true;
            }
            None => {
                inline::line(cx, line, out, pad);
                i += 1;
            }
        }
    }
}

/// The `{#id}` of the note's title heading when `line` is that heading.
fn title_anchor<'a>(cx: &Context<'_>, line: Line<'a>) -> Option<&'a str> {
    let title = cx.note.title_heading.as_ref()?;
    if title.start != line.at {
        return None;
    }
    let attrs = line.text.trim_end().strip_suffix('}')?;
    let open = attrs.rfind("{#")?;
    let id = attrs[open + 2..].split_whitespace().next()?;
    (!id.is_empty()).then_some(id)
}

/// The lines after `start` that belong to a body indented by 4 more columns
/// than `indent` (blank lines inside it included, trailing ones not).
pub(crate) fn indented_body(lines: &[Line<'_>], start: usize, indent: usize) -> usize {
    let mut end = start + 1;
    let mut last = start + 1;
    while end < lines.len() {
        let l = lines[end];
        if l.is_blank() {
            end += 1;
            continue;
        }
        if l.indent() < indent + 4 {
            break;
        }
        end += 1;
        last = end;
    }
    last - (start + 1)
}

/// `lines` with `cols` columns of indentation removed.
pub(crate) fn dedented<'a>(lines: &[Line<'a>], cols: usize) -> Vec<Line<'a>> {
    lines.iter().map(|l| l.dedent(cols)).collect()
}

/// The smallest indentation of the non-blank lines.
pub(crate) fn common_indent(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(Line::indent)
        .min()
        .unwrap_or(0)
}
