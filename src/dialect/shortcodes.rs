//! Hugo shortcodes (`{{< x >}}`, `{{% x %}}`, paired with `{{< /x >}}`) and
//! Zola shortcodes (`{{ f(k="v") }}`, `{% f() %}…{% end %}`) mapped to shiori
//! constructs: boxes, details, figures, code blocks, video links, and `ref` /
//! `relref` as Markdown links the link stage resolves.

use super::admonitions::{self, details_html, kind_named, write_box, Fold};
use super::blocks::{blocks, dedented, fence_open};
use super::shortcode_tags::{hugo, hugo_args, zola, Tag};
use super::{escape, Context, Line, Out};

/// The kinds of box a paired shortcode draws, with the argument naming its type.
fn box_kind(tag: &Tag) -> Option<admonitions::Kind> {
    match tag.name.as_str() {
        "alert" | "admonition" | "callout" | "hint" | "notice" => {
            let named = tag
                .arg("type")
                .or_else(|| tag.arg("class"))
                .or_else(|| tag.positional(0))
                .unwrap_or("note");
            Some(kind_named(named).unwrap_or_else(|| kind_named("note").expect("note is a kind")))
        }
        name => kind_named(name),
    }
}

fn code_lang(tag: &Tag) -> Option<String> {
    match tag.name.as_str() {
        "highlight" => Some(tag.positional(0).unwrap_or("").to_string()),
        "code" | "code-toggle" => {
            let from_file = tag
                .arg("file")
                .and_then(|f| f.rsplit_once('.').map(|(_, e)| e.to_string()));
            let default = if tag.name == "code-toggle" {
                "toml"
            } else {
                ""
            };
            Some(
                tag.arg("lang")
                    .map(str::to_string)
                    .or(from_file)
                    .unwrap_or_else(|| default.to_string()),
            )
        }
        _ => None,
    }
}

/// The index of the line closing the tag opened on line `i`.
fn closing_line(lines: &[Line<'_>], i: usize, open: &Tag) -> Option<usize> {
    let mut depth = 1;
    for (j, l) in lines.iter().enumerate().skip(i + 1) {
        let t = l.trimmed();
        let tag = if open.zola { zola(t) } else { hugo(t) };
        let Some(tag) = tag.filter(|t2| t2.len == t.len()) else {
            continue;
        };
        let same = if open.zola {
            tag.closing || !tag.self_closing
        } else {
            tag.name == open.name
        };
        if !same {
            continue;
        }
        if tag.closing {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        } else if !tag.self_closing {
            depth += 1;
        }
    }
    None
}

/// A shortcode alone on its line: paired ones become boxes, details or code
/// blocks around their body; a figure becomes a figure.
pub(crate) fn block(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let line = lines[i];
    let (joined, extra) = tag_lines(lines, i)?;
    let t = joined.as_str();
    let tag = hugo(t).or_else(|| zola(t).filter(|z| !z.self_closing))?;
    if tag.len != t.len() {
        return None;
    }
    let head = i + extra;
    if tag.closing {
        cx.warn(
            line.at,
            line.text.len(),
            format!("`{}` closes no shortcode; removed", tag.display()),
            "",
        );
        return Some(extra + 1);
    }
    if tag.name == "figure" {
        out.block(line.at, pad, "<figure>");
        out.emit(line.at, &format!("{pad}{}\n", figure_image(&tag)));
        if let Some(caption) = tag.arg("caption").or_else(|| tag.arg("title")) {
            out.block(
                line.at,
                pad,
                &format!("<figcaption>{}</figcaption></figure>", escape(caption)),
            );
        } else {
            out.block(line.at, pad, "</figure>");
        }
        return Some(extra + 1);
    }
    let end = if tag.self_closing {
        None
    } else {
        closing_line(lines, head, &tag)
    };
    let Some(end) = end else {
        if extra == 0 {
            // One line: the inline pass maps or removes it.
            return None;
        }
        if let Some(link) = embed_link(&tag) {
            out.emit(line.at, &format!("{pad}{link}\n"));
        } else {
            cx.warn(
                line.at,
                line.text.len(),
                format!("unknown shortcode `{}` removed", tag.display()),
                HELP,
            );
        }
        return Some(extra + 1);
    };
    let body = &lines[head + 1..end];
    if let Some(lang) = code_lang(&tag) {
        let ticks = "`".repeat(longest_backticks(body).max(2) + 1);
        out.emit(line.at, &format!("{pad}{ticks}{lang}\n"));
        let indent = super::blocks::common_indent(body);
        for l in body {
            out.line(l.dedent(indent), pad);
        }
        out.emit(lines[end].at, &format!("{pad}{ticks}\n"));
    } else if matches!(tag.name.as_str(), "details" | "expand" | "collapse") {
        let summary = tag
            .arg("summary")
            .or_else(|| tag.arg("title"))
            .or_else(|| tag.positional(0))
            .unwrap_or("");
        let open = tag.arg("open").is_some_and(|v| v == "true" || v == "open");
        let html = details_html(cx, summary, open);
        write_box(cx, out, pad, line.at, &html, body, "</details>");
    } else if let Some(kind) = box_kind(&tag) {
        let title = tag.arg("title");
        let html = admonitions::open_html(cx, kind, title, Fold::None);
        write_box(cx, out, pad, line.at, &html, body, "</div>");
    } else {
        cx.warn(
            line.at,
            line.text.len(),
            format!(
                "unknown shortcode `{}`; its content is shown without it",
                tag.display()
            ),
            HELP,
        );
        let body = dedented(body, 0);
        blocks(cx, &body, out, pad);
    }
    Some(end - i + 1)
}

const HELP: &str =
    "shiori maps note, tip, warning, alert, details, figure, highlight, youtube, ref and relref";

/// The text of a shortcode tag starting line `i`, joined when its arguments
/// run over several lines, and how many more lines it took.
fn tag_lines(lines: &[Line<'_>], i: usize) -> Option<(String, usize)> {
    let t = without_attributes(lines[i].trimmed());
    if !(t.starts_with("{{") || t.starts_with("{%")) {
        return None;
    }
    let end_marks = [">}}", "%}}", "}}", "%}"];
    if end_marks.iter().any(|m| t.ends_with(m)) {
        return Some((t.to_string(), 0));
    }
    if !(t.starts_with("{{<") || t.starts_with("{{%")) {
        return None;
    }
    let mut joined = t.to_string();
    for (k, l) in lines.iter().enumerate().skip(i + 1).take(40) {
        if fence_open(l).is_some() || l.is_blank() {
            return None;
        }
        let part = without_attributes(l.trimmed());
        joined.push(' ');
        joined.push_str(part);
        if part.ends_with(">}}") || part.ends_with("%}}") {
            return Some((joined, k - i));
        }
    }
    None
}

/// A tag line without the Markdown attribute block Hugo allows after it
/// (`%}}{class="x"}`), which styles what the shortcode wrote.
fn without_attributes(t: &str) -> &str {
    match t
        .strip_suffix('}')
        .and_then(|r| r.rfind("}}{").map(|at| &t[..at + 2]))
    {
        Some(tag) if tag.ends_with(">}}") || tag.ends_with("%}}") => tag,
        _ => t,
    }
}

/// A GitBook/Jinja template tag on a line of its own (`{% hint style="info" %}`
/// … `{% endhint %}`, `{% if %}`, `{% raw %}`): hints become boxes, other
/// tags are removed (conditions with a warning, as every branch is shown).
pub(crate) fn template_tag(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let line = lines[i];
    let inner = line
        .trimmed()
        .strip_prefix("{%")?
        .strip_suffix("%}")?
        .trim();
    let inner = inner.trim_start_matches('-').trim_end_matches('-').trim();
    let word = inner.split_whitespace().next()?;
    if !word.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    if word == "hint" {
        let args = hugo_args(&inner[4..]);
        let style = args
            .iter()
            .find(|(k, _)| k.as_deref() == Some("style"))
            .map_or("info", |(_, v)| v.as_str());
        let end = lines[i + 1..]
            .iter()
            .position(|l| l.trimmed().starts_with("{%") && l.trimmed().contains("endhint"))
            .map(|e| i + 1 + e);
        let body_end = end.unwrap_or(lines.len());
        let kind = kind_named(style)
            .or_else(|| kind_named("note"))
            .expect("note is a kind");
        let html = admonitions::open_html(cx, kind, None, Fold::None);
        write_box(
            cx,
            out,
            pad,
            line.at,
            &html,
            &lines[i + 1..body_end],
            "</div>",
        );
        return Some(body_end - i + usize::from(end.is_some()));
    }
    match word {
        "raw" | "endraw" | "endif" | "endfor" | "else" | "endhint" | "end" => {}
        "if" | "elif" | "for" | "unless" => cx.warn(
            line.at,
            line.text.len(),
            format!("template tag `{{% {word} %}}` removed; the text of every branch is shown"),
            "",
        ),
        _ => cx.warn(
            line.at,
            line.text.len(),
            format!("unknown template tag `{{% {word} %}}` removed"),
            "",
        ),
    }
    out.emit(line.at, "\n");
    Some(1)
}

fn longest_backticks(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .map(|l| {
            let t = l.text.trim_start();
            t.chars().take_while(|c| *c == '`').count()
        })
        .max()
        .unwrap_or(0)
}

fn figure_image(tag: &Tag) -> String {
    let src = tag.arg("src").or_else(|| tag.positional(0)).unwrap_or("");
    let alt = tag
        .arg("alt")
        .or_else(|| tag.arg("caption"))
        .or_else(|| tag.arg("title"))
        .unwrap_or("");
    let image = format!("![{}](<{}>)", alt.replace(['[', ']'], ""), src);
    match tag.arg("link") {
        Some(link) => format!("[{image}](<{link}>)"),
        None => image,
    }
}

/// A video or post link for the embedding shortcodes.
fn embed_link(tag: &Tag) -> Option<String> {
    let id = |k: &str| {
        tag.arg(k)
            .or_else(|| tag.positional(0))
            .unwrap_or("")
            .to_string()
    };
    let (label, url) = match tag.name.as_str() {
        "youtube" => (
            "YouTube",
            format!("https://www.youtube.com/watch?v={}", id("id")),
        ),
        "vimeo" => ("Vimeo", format!("https://vimeo.com/{}", id("id"))),
        "instagram" => (
            "Instagram",
            format!("https://www.instagram.com/p/{}/", id("id")),
        ),
        "gist" => match tag.arg("url") {
            Some(url) => ("Gist", url.to_string()),
            None => (
                "Gist",
                format!(
                    "https://gist.github.com/{}/{}",
                    tag.arg("user").or_else(|| tag.positional(0)).unwrap_or(""),
                    tag.arg("id").or_else(|| tag.positional(1)).unwrap_or("")
                ),
            ),
        },
        "x" | "tweet" | "twitter" => (
            "X",
            format!(
                "https://x.com/{}/status/{}",
                tag.arg("user").or_else(|| tag.positional(0)).unwrap_or(""),
                tag.arg("id").or_else(|| tag.positional(1)).unwrap_or("")
            ),
        ),
        _ => return None,
    };
    let title = tag.arg("title").unwrap_or(label);
    Some(format!("[{}](<{url}>)", title.replace(['[', ']'], "")))
}

/// The length of a GitBook/Jinja template variable at the start of `s`:
/// `{{ book.console }}`, `{{page.title}}` — a dotted name, no call.
fn template_variable(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("{{")?;
    let end = rest.find("}}")?;
    let inner = rest[..end].trim();
    let valid = inner.contains('.')
        && inner.starts_with(|c: char| c.is_ascii_alphabetic())
        && !inner.ends_with('.')
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    valid.then_some(2 + end + 2)
}

/// A shortcode inside a line at `at` (`s` starts with it); writes its
/// replacement and returns the bytes it took. `in_link` when it stands where
/// a link's destination goes (`[text]({{< ref "x" >}})`).
pub(crate) fn inline(
    cx: &mut Context<'_>,
    s: &str,
    at: usize,
    in_link: bool,
    out: &mut Out,
) -> Option<usize> {
    if let Some(rest) = s.strip_prefix("{{</*").or_else(|| s.strip_prefix("{{%/*")) {
        // `{{</* x */>}}` is how Hugo's own docs show a shortcode as text.
        let end = rest.find("*/>}}").or_else(|| rest.find("*/%}}"))?;
        let delim = if s.starts_with("{{<") {
            ('<', '>')
        } else {
            ('%', '%')
        };
        let shown = format!("{{{{{} {} {}}}}}", delim.0, rest[..end].trim(), delim.1);
        out.emit(at, &format!("<code>{}</code>", escape(&shown)));
        return Some(5 + end + 5);
    }
    if let Some(len) = template_variable(s) {
        let name = s[2..len - 2].trim();
        if let Some(value) = name.strip_prefix("book.").and_then(|n| cx.book.get(n)) {
            // GitBook writes the value in before Markdown reads the text.
            out.emit(at, value);
            return Some(len);
        }
        cx.warn(
            at,
            len,
            format!("template variable `{}` removed", &s[..len]),
            "its value lives in the source tool's configuration (book.json, config)",
        );
        return Some(len);
    }
    let tag = hugo(s).or_else(|| zola(s))?;
    match tag.name.as_str() {
        "ref" | "relref" | "get_url" => {
            let target = tag
                .arg("path")
                .or_else(|| tag.positional(0))
                .unwrap_or("")
                .to_string();
            if in_link {
                out.emit(at, &format!("<{target}>"));
            } else {
                out.emit(at, &format!("[{}](<{target}>)", escape(&target)));
            }
        }
        "figure" => out.emit(at, &figure_image(&tag)),
        "br" => out.emit(at, "<br>"),
        _ => {
            if let Some(link) = embed_link(&tag) {
                out.emit(at, &link);
            } else if tag.closing
                || box_kind(&tag).is_some()
                || matches!(tag.name.as_str(), "details" | "end")
            {
                cx.warn(
                    at,
                    tag.len,
                    format!(
                        "shortcode `{}` inside a line; its box is left out",
                        tag.display()
                    ),
                    "put the shortcode on a line of its own",
                );
            } else {
                cx.warn(
                    at,
                    tag.len,
                    format!("unknown shortcode `{}` removed", tag.display()),
                    HELP,
                );
            }
        }
    }
    Some(tag.len)
}
