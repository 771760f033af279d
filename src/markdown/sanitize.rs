//! Raw HTML in notes is cleaned with ammonia: a wiki has many authors, and a
//! pasted `<script>` must not run in every colleague's browser.

mod depth;
mod url_attrs;

use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags([
                "input",
                "mark",
                "figure",
                "figcaption",
                "section",
                "picture",
                "source",
                "label",
            ])
            .add_generic_attributes([
                "class",
                "id",
                "title",
                "lang",
                "dir",
                "role",
                "aria-label",
                "aria-hidden",
            ])
            .add_tag_attributes("a", ["rel", "tabindex"])
            .add_tag_attributes("img", ["loading", "width", "height"])
            .add_tag_attributes("input", ["type", "checked", "disabled", "name"])
            .add_tag_attributes("label", ["for"])
            .add_tag_attributes("details", ["open"])
            .add_tag_attributes("pre", ["data-lang"])
            .add_tag_attributes("ol", ["start"])
            .add_tag_attributes("source", ["srcset", "type", "media"])
            .link_rel(None)
            .url_schemes(url_attrs::SCHEMES.into_iter().collect())
            .attribute_filter(url_attrs::filter)
            .url_relative(ammonia::UrlRelative::PassThrough)
            .strip_comments(true);
        builder
    })
}

/// Removes scripts, event handlers, styles and unsafe URLs from `html`,
/// keeping the markup shiori itself produces.
pub fn clean(html: &str) -> String {
    cleaner().clean(&depth::bound_depth(html)).to_string()
}

/// Markup shiori writes itself (highlighted code blocks, diagrams and
/// formulas), kept out of the
/// HTML while it is put together and cleaned, and put back afterwards:
/// ammonia parsing every `<span>` of a highlighted block into a DOM was a
/// third of the parse of a real site with raw HTML (react-ja). In the HTML
/// each piece is a marker character and its number (authors' markers are
/// replaced before parsing, see `slots::without_markers`).
#[derive(Default)]
pub struct SetAside {
    pieces: Vec<String>,
}

const ASIDE: char = '\u{FDD3}';
const END: char = '\u{FDDF}';

impl SetAside {
    /// Keeps `html` aside; returns what stands for it meanwhile (with its
    /// final line break, which tells the HTML writer a line is done).
    pub fn keep(&mut self, mut html: String) -> String {
        let newline = if html.ends_with('\n') {
            html.pop();
            "\n"
        } else {
            ""
        };
        self.pieces.push(html);
        format!("{ASIDE}{}{END}{newline}", self.pieces.len() - 1)
    }

    /// `html` with the pieces put back where their markers are.
    pub fn put_back(self, html: String) -> String {
        if self.pieces.is_empty() {
            return html;
        }
        let mut out =
            String::with_capacity(html.len() + self.pieces.iter().map(String::len).sum::<usize>());
        let mut rest = html.as_str();
        while let Some(at) = rest.find(ASIDE) {
            out.push_str(&rest[..at]);
            let after = &rest[at + ASIDE.len_utf8()..];
            let end = after.find(END).unwrap_or(after.len());
            if let Some(piece) = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.pieces.get(n))
            {
                out.push_str(piece);
            }
            rest = after.get(end + END.len_utf8()..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, SetAside};

    #[test]
    fn markup_set_aside_comes_back_where_it_was_after_cleaning() {
        let mut aside = SetAside::default();
        let code =
            r#"<pre class="code"><code>&quot;a&quot; <span class="hl-x">b</span></code></pre>"#;
        let html = format!(
            "<div>{}</div><script>x</script>",
            aside.keep(code.to_string())
        );
        let cleaned = clean(&html);
        assert_eq!(aside.put_back(cleaned), format!("<div>{code}</div>"));
    }

    #[test]
    fn removes_scripts_handlers_and_script_urls() {
        let dirty = r#"<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a><img src="data:text/html,x" onerror="y()"></p><details><summary>s</summary>ok</details>"#;
        let out = clean(dirty);
        for bad in ["script", "onclick", "onerror", "javascript:", "data:"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains("<details><summary>s</summary>ok</details>"));
    }

    #[test]
    fn srcset_and_cite_urls_are_filtered_like_href() {
        let dirty = r#"<picture><source srcset="javascript:alert(1)"><source srcset="ok.webp 1x, data:image/png;base64,AA 2x"><source srcset="a.webp 1x, b.webp 2x" type="image/webp"><img src="a.png" alt="a"></picture><blockquote cite="vbscript:x">q</blockquote>"#;
        let out = clean(dirty);
        for bad in ["javascript:", "data:", "vbscript:"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains(r#"srcset="a.webp 1x, b.webp 2x""#), "{out}");
    }

    #[test]
    fn keeps_shiori_markup() {
        let ours = r##"<h2 id="制限事項" class="x"><a class="heading-anchor" href="#制限事項" aria-hidden="true">#</a></h2><input disabled="" type="checkbox"><pre class="code" data-lang="yaml"><code><span class="hl-source">a</span></code></pre>"##;
        let out = clean(ours);
        assert!(out.contains(r#"id="制限事項""#), "{out}");
        assert!(out.contains(r#"data-lang="yaml""#), "{out}");
        assert!(out.contains(r#"type="checkbox""#), "{out}");
    }
}
