//! Tabs and code groups as CSS-only tabs: one radio button, label and panel
//! per tab, so they switch without a script (MkDocs `=== "Tab"`, VitePress
//! `::: code-group`, MDX `<Tabs><TabItem>`).

use super::blocks::{self, blocks, fence_open, fenced_len};
use super::{escape, Context, Line, Out};

/// A group of tabs being written.
pub(crate) struct TabGroup {
    id: String,
    count: usize,
}

impl TabGroup {
    pub fn new(cx: &mut Context<'_>) -> TabGroup {
        TabGroup {
            id: cx.next_group(),
            count: 0,
        }
    }

    /// Starts the next tab's panel; the first tab is the one shown.
    pub fn tab(&mut self, out: &mut Out, pad: &str, at: usize, label: &str) {
        self.count += 1;
        let id = format!("{}-{}", self.id, self.count);
        let (before, checked) = if self.count == 1 {
            ("<div class=\"tabs\">", " checked")
        } else {
            ("</div>", "")
        };
        let label = escape(label.trim());
        out.block(
            at,
            pad,
            &format!(
                "{before}<input type=\"radio\" class=\"tab-input\" name=\"{}\" id=\"{id}\"{checked}><label class=\"tab-label\" for=\"{id}\">{label}</label><div class=\"tab-panel\">",
                self.id
            ),
        );
    }

    pub fn end(self, out: &mut Out, pad: &str, at: usize) {
        if self.count > 0 {
            out.block(at, pad, "</div></div>");
        }
    }
}

/// The label of a MkDocs tab line `=== "Label"` (also `===!` and `===+`).
fn mkdocs_label(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("===")?;
    let rest = rest.strip_prefix(['!', '+']).unwrap_or(rest).trim();
    rest.strip_prefix('"')?.strip_suffix('"')
}

/// MkDocs content tabs: consecutive `=== "Label"` blocks with indented bodies form one group.
pub(crate) fn mkdocs(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let line = lines[i];
    mkdocs_label(line.text)?;
    let indent = line.indent();
    let pad = format!("{pad}{}", " ".repeat(indent));
    let mut group = TabGroup::new(cx);
    let mut j = i;
    while let Some(label) = lines.get(j).and_then(|l| mkdocs_label(l.text)) {
        if lines[j].indent() != indent {
            break;
        }
        let n = blocks::indented_body(lines, j, indent);
        group.tab(out, &pad, lines[j].at, label);
        let body = blocks::dedented(&lines[j + 1..j + 1 + n], indent + 4);
        blocks(cx, &body, out, &pad);
        j += n + 1;
        // Blank lines between two tabs keep them in one group.
        let next = lines[j..].iter().position(|l| !l.is_blank()).map(|k| j + k);
        match next {
            Some(k) if mkdocs_label(lines[k].text).is_some() => j = k,
            _ => break,
        }
    }
    group.end(out, &pad, line.at);
    Some(j - i)
}

/// A VitePress code group: each fenced block in `body` is a tab named by the
/// `[label]` in its info string (else its language).
pub(crate) fn code_group(
    cx: &mut Context<'_>,
    body: &[Line<'_>],
    at: usize,
    out: &mut Out,
    pad: &str,
) {
    let mut group = TabGroup::new(cx);
    let mut j = 0;
    while j < body.len() {
        let line = body[j];
        let Some(fence) = fence_open(&line) else {
            if !line.is_blank() {
                blocks(cx, &body[j..j + 1], out, pad);
            }
            j += 1;
            continue;
        };
        let n = fenced_len(body, j, fence);
        let opening = line.text.trim_start();
        let marks = opening
            .chars()
            .take_while(|c| *c == fence_char(opening))
            .count();
        let info = opening[marks..].trim();
        let (info, label) = match (info.find('['), info.rfind(']')) {
            (Some(a), Some(b)) if a < b => (
                format!("{} {}", &info[..a], &info[b + 1..])
                    .trim()
                    .to_string(),
                info[a + 1..b].to_string(),
            ),
            _ => (
                info.to_string(),
                info.split_whitespace().next().unwrap_or("").to_string(),
            ),
        };
        group.tab(out, pad, line.at, &label);
        out.emit(line.at, &format!("{pad}{}{info}\n", &opening[..marks]));
        for l in &body[j + 1..j + n] {
            out.line(*l, pad);
        }
        j += n;
    }
    group.end(out, pad, at);
}

fn fence_char(opening: &str) -> char {
    opening.chars().next().unwrap_or('`')
}
