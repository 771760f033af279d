//! `feed.xml`: an Atom feed (RFC 4287) of the notes changed last, with
//! absolute URLs from `base_url`. Written here rather than through a
//! template: a feed reader gets exactly these elements, escaped for XML.

use super::*;

/// Entries in the feed: the newest changes.
const FEED_ENTRIES: usize = 50;

/// The feed of a site published at `base` (ending in `/`).
pub(super) fn atom(library: &Library, shared: &Shared<'_>, base: &str, language: &str) -> String {
    let t = &shared.strings;
    let site_title = shared.site_title();
    let entries: Vec<usize> = shared.recent.iter().copied().take(FEED_ENTRIES).collect();
    // The feed changed when its newest entry did: no clock is read.
    let updated = entries
        .first()
        .and_then(|&n| shared.changes[n].as_ref())
        .map(|c| c.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut xml = String::with_capacity(1024 + entries.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(language)
    ));
    element(&mut xml, 1, "title", &site_title);
    element(&mut xml, 1, "subtitle", t["recently_changed"]);
    element(&mut xml, 1, "id", base);
    link(
        &mut xml,
        1,
        "alternate",
        "text/html",
        &format!("{base}index.html"),
    );
    link(
        &mut xml,
        1,
        "self",
        "application/atom+xml",
        &format!("{base}{}", crate::paths::FEED),
    );
    element(&mut xml, 1, "updated", &updated);
    // Every entry may lack an author (a front-matter date alone): the feed's covers them.
    xml.push_str("  <author>\n");
    element(&mut xml, 2, "name", &site_title);
    xml.push_str("  </author>\n");
    element(&mut xml, 1, "generator", "shiori");
    for n in entries {
        let (note, Some(change)) = (&library.notes[n], shared.changes[n].as_ref()) else {
            continue;
        };
        let url = format!("{base}{}", urls::encode_path(&note.source.output));
        xml.push_str("  <entry>\n");
        element(&mut xml, 2, "title", &note.source.title);
        element(&mut xml, 2, "id", &url);
        link(&mut xml, 2, "alternate", "text/html", &url);
        element(&mut xml, 2, "updated", &change.rfc3339());
        if let Some(author) = &change.author {
            xml.push_str("    <author>\n");
            element(&mut xml, 3, "name", author);
            xml.push_str("    </author>\n");
        }
        let section = &library.sections[note.source.section].source;
        if note.source.section != crate::ids::SectionId::ROOT {
            xml.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                escape(&section.dir),
                escape(&section.title)
            ));
        }
        let summary = if note.summary.is_empty() {
            &note.source.title
        } else {
            &note.summary
        };
        element(&mut xml, 2, "summary", summary);
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn element(xml: &mut String, depth: usize, name: &str, text: &str) {
    xml.push_str(&format!(
        "{:indent$}<{name}>{}</{name}>\n",
        "",
        escape(text),
        indent = depth * 2
    ));
}

fn link(xml: &mut String, depth: usize, rel: &str, kind: &str, href: &str) {
    xml.push_str(&format!(
        "{:indent$}<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>\n",
        "",
        escape(href),
        indent = depth * 2
    ));
}

/// `text` as XML character data or an attribute value; characters XML 1.0
/// cannot hold at all (most control characters) are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            super::escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;"
        );
    }
}
