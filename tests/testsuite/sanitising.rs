//! No URL a page carries can run script or read local files: raw HTML's URL
//! attributes, the links shiori writes itself, and the URLs of site.yaml.

use crate::common::{files_below, Site};
use scraper::{Html, Selector};

#[test]
fn srcset_and_cite_in_raw_html_drop_script_and_data_urls() {
    let site = Site::with(&[(
        "content/a/pic.md",
        concat!(
            "---\ntitle: 画像\n---\n",
            "<picture><source srcset=\"javascript:alert(1)\"><source srcset=\"ok.webp 1x, data:image/png;base64,AA 2x\">",
            "<source srcset=\"file:///etc/passwd\"><source srcset=\"vbscript:x\"><source srcset=\"a.webp 1x, b.webp 2x\">",
            "<img src=\"a.png\" alt=\"図\"></picture>\n\n<blockquote cite=\"javascript:alert(2)\">引用</blockquote>\n",
        ),
    )]);
    site.build();
    let html = site.read("a/pic.html");
    for bad in ["javascript:", "data:image", "file:", "vbscript:"] {
        assert!(!html.contains(bad), "{bad} in the page");
    }
    let page = site.page("a/pic.html");
    assert_eq!(
        page.attrs("source[srcset]", "srcset"),
        ["a.webp 1x, b.webp 2x"]
    );
    assert_eq!(page.text("blockquote"), "引用");
}

/// Every `href` and `src` of every page of the output, with the page.
fn every_url(out: &std::path::Path) -> Vec<(String, String)> {
    let selector = Selector::parse("[href], [src]").unwrap();
    let mut urls = Vec::new();
    for file in files_below(out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = Html::parse_document(&std::fs::read_to_string(out.join(&file)).unwrap());
        for e in html.select(&selector) {
            for attr in ["href", "src"] {
                if let Some(v) = e.value().attr(attr) {
                    urls.push((file.clone(), v.to_string()));
                }
            }
        }
    }
    urls
}

#[test]
fn a_note_or_folder_named_like_a_scheme_gets_a_dot_slash_link() {
    let site = Site::with(&[
        ("content/_index.md", "# ホーム\n"),
        (
            "content/javascript:alert(1).md",
            "---\ntitle: 危険な名前\n---\n本文\n",
        ),
        ("content/C:x/_index.md", "---\ntitle: ドライブ\n---\n"),
        (
            "content/C:x/n.md",
            "---\ntitle: 中のノート\n---\n[[危険な名前]]\n",
        ),
    ]);
    site.build();
    let urls = every_url(&site.out());
    assert!(urls.iter().any(|(_, u)| u == "./javascript:alert(1).html"));
    assert!(urls.iter().any(|(_, u)| u.starts_with("./C:x/")));
    for (page, url) in &urls {
        let scheme = url.split(['/', '?', '#']).next().unwrap_or_default();
        if let Some((name, _)) = scheme.split_once(':') {
            assert!(
                ["http", "https", "mailto"].contains(&name.to_ascii_lowercase().as_str()),
                "{page}: href {url} reads as a `{name}:` URL"
            );
        }
    }
    // The links still lead to the pages.
    for (page, url) in urls.iter().filter(|(_, u)| u.contains("javascript:alert")) {
        let dir = site.out().join(page);
        let target = dir.parent().unwrap().join(url.split('#').next().unwrap());
        assert!(target.is_file(), "{page}: {url} leads nowhere");
    }
}

#[test]
fn every_url_of_site_yaml_must_be_http() {
    for (key, value) in [
        ("edit_url_template", "javascript:alert(1)//{path}"),
        ("edit_url_template", "file:///etc/{path}"),
        ("base_url", "javascript:alert(1)"),
        ("base_url", "https://"),
        ("edit_url_template", "https://exa mple.com/{path}"),
    ] {
        let site = Site::with(&[
            ("site.yaml", &format!("title: T\n{key}: \"{value}\"\n")),
            ("content/a.md", "# A\n"),
        ]);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 2, "{key}: {value}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("{key} must be an absolute http(s) URL")),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("site.yaml:2:"), "{}", run.stderr);
    }
    let site = Site::with(&[
        (
            "site.yaml",
            "title: T\nedit_url_template: https://github.com/org/wiki/edit/main/content/{path}\n",
        ),
        ("content/a.md", "# A\n"),
    ]);
    site.build();
    assert_eq!(
        site.page("a.html")
            .attrs("a[href^='https://github.com']", "href"),
        ["https://github.com/org/wiki/edit/main/content/a.md"]
    );
}
