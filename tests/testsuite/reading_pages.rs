//! What a reader's tools see of each page besides its text: link previews
//! in chat (Open Graph, Twitter cards), the favicon, the 404 page hosts serve
//! at any depth, the data of hover previews, and search excerpts that keep
//! table cells and list items apart.

use crate::common::Site;
use sha2::{Digest, Sha256};

fn site(site_yaml: &str) -> Site {
    Site::with(&[
        ("site.yaml", site_yaml),
        ("content/_index.md", "---\ntitle: EKS 落とし穴\n---\nホームの紹介。\n"),
        ("content/net/_index.md", "---\ntitle: ネットワーク\ndescription: VPC とポッドの通信\n---\n"),
        (
            "content/net/snat.md",
            "---\ntitle: 外部 SNAT\nsummary: ポッドの通信元 IP をノードの IP に変換する設定。\n---\n\n## 対策\n\n| 構成 | 向いている用途 |\n|---|---|\n| 既定 | 単一 VPC |\n\n- ノードを置く\n- ルートを足す\n\n最後の段落。\n",
        ),
    ])
}

#[test]
fn a_note_page_carries_what_chat_apps_show_in_a_link_preview() {
    let site = site("title: EKS 落とし穴\ndescription: EKS のつまずきどころ\nbase_url: https://wiki.example.com/eks/\nimage: images/cover.png\n");
    site.build();
    let note = site.page("net/snat.html");
    let meta = |property: &str| note.attrs(&format!("meta[property=\"{property}\"]"), "content");
    assert_eq!(meta("og:title"), ["外部 SNAT"]);
    assert_eq!(
        meta("og:description"),
        ["ポッドの通信元 IP をノードの IP に変換する設定。"]
    );
    assert_eq!(meta("og:type"), ["article"]);
    assert_eq!(
        meta("og:url"),
        ["https://wiki.example.com/eks/net/snat.html"]
    );
    assert_eq!(meta("og:site_name"), ["EKS 落とし穴"]);
    assert_eq!(meta("og:locale"), ["ja_JP"]);
    assert_eq!(
        meta("og:image"),
        ["https://wiki.example.com/eks/images/cover.png"]
    );
    assert_eq!(
        note.attrs("meta[name=\"twitter:card\"]", "content"),
        ["summary_large_image"]
    );

    let section = site.page("net/index.html");
    let og = |property: &str| section.attrs(&format!("meta[property=\"{property}\"]"), "content");
    assert_eq!(og("og:type"), ["website"]);
    assert_eq!(og("og:description"), ["VPC とポッドの通信"]);
    let home = site.page("index.html");
    assert_eq!(
        home.attrs("meta[property=\"og:title\"]", "content"),
        ["EKS 落とし穴"]
    );
    assert_eq!(
        home.attrs("meta[property=\"og:description\"]", "content"),
        ["EKS のつまずきどころ"]
    );
}

#[test]
fn without_base_url_there_is_no_og_url_and_no_image() {
    let site = site("title: EKS 落とし穴\nlanguage: en\nimage: images/cover.png\n");
    site.build();
    let note = site.page("net/snat.html");
    assert!(note
        .attrs("meta[property=\"og:url\"]", "content")
        .is_empty());
    assert!(note
        .attrs("meta[property=\"og:image\"]", "content")
        .is_empty());
    assert_eq!(
        note.attrs("meta[property=\"og:locale\"]", "content"),
        ["en_US"]
    );
    assert_eq!(
        note.attrs("meta[name=\"twitter:card\"]", "content"),
        ["summary"]
    );
}

#[test]
fn every_page_names_the_default_favicon_and_a_theme_can_replace_it() {
    let site = site("title: EKS\n");
    site.build();
    assert!(site.read("favicon.svg").starts_with("<svg"));
    assert_eq!(
        site.page("net/snat.html").attrs("link[rel=icon]", "href"),
        ["../favicon.svg"]
    );
    assert_eq!(
        site.page("index.html").attrs("link[rel=icon]", "href"),
        ["favicon.svg"]
    );
    site.write("site.yaml", "title: EKS\ntheme: mine\n");
    site.write("themes/mine/static/favicon.svg", "<svg id=\"mine\"/>");
    site.build();
    assert_eq!(site.read("favicon.svg"), "<svg id=\"mine\"/>");
}

#[test]
fn with_base_url_the_404_page_links_from_the_site_root_at_any_depth() {
    let site = site("title: EKS\nbase_url: https://example.github.io/wiki/\n");
    site.build();
    let page = site.page("404.html");
    let hrefs = page.attrs("a[href]", "href");
    let relative: Vec<&String> = hrefs
        .iter()
        .filter(|h| !h.starts_with("/wiki/") && !h.starts_with('#'))
        .collect();
    assert!(
        relative.is_empty(),
        "links that break at a nested URL: {relative:?}"
    );
    assert!(
        hrefs.contains(&"/wiki/net/snat.html".to_string()),
        "{hrefs:?}"
    );
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        [
            "/wiki/style.css",
            "/wiki/highlight.css",
            "/wiki/search/search.css"
        ]
    );
    let scripts = page.attrs("script[src]", "src");
    assert!(
        scripts.iter().all(|s| s.starts_with("/wiki/")),
        "{scripts:?}"
    );
    assert_eq!(
        page.count("style"),
        0,
        "nothing inline when the stylesheets can be found"
    );
}

#[test]
fn without_base_url_the_404_page_is_styled_inline_with_a_csp_hash_and_links_home() {
    let site = site("title: EKS\n");
    site.build();
    let html = site.read("404.html");
    let page = site.page("404.html");
    let style = page
        .0
        .select(&scraper::Selector::parse("style").unwrap())
        .next()
        .expect("an inline style");
    let css: String = style.text().collect();
    let hash = Sha256::digest(css.as_bytes());
    let csp = page
        .attrs("meta[http-equiv=Content-Security-Policy]", "content")
        .remove(0);
    let expected = format!("style-src 'self' 'sha256-{}'", base64(&hash));
    assert!(csp.contains(&expected), "{csp}\nwanted {expected}");
    assert!(csp.contains("script-src 'self';"), "{csp}");
    // Nothing that a nested URL would break: no relative links, stylesheets or scripts.
    assert_eq!(
        page.attrs("a[href]:not(.skip-link)", "href"),
        ["/", "/", "/"]
    );
    assert_eq!(
        page.count("link[rel=stylesheet]") + page.count("script"),
        0,
        "{html}"
    );
    assert_eq!(page.text("h1"), "ページが見つかりません");
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                A[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// The preview file of the note at `output`, as `reading.js` finds it:
/// FNV-1a (32 bits) of the path's UTF-8 bytes, modulo 1,024, in hex.
fn preview_file(output: &str) -> String {
    let hash = output.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    format!("previews/{:03x}.js", hash % 1024)
}

#[test]
fn previews_are_packed_into_buckets_found_from_the_link_alone() {
    let site = site("title: EKS\n");
    site.build();
    let script = site.read(&preview_file("net/snat.html"));
    let payload = script
        .strip_prefix("shioriPreviews(")
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{script}"));
    let bucket: serde_json::Value = serde_json::from_str(payload).unwrap();
    let data = &bucket["net/snat.html"];
    assert_eq!(data["t"], "外部 SNAT");
    assert_eq!(
        data["s"],
        "ポッドの通信元 IP をノードの IP に変換する設定。"
    );
    assert_eq!(data["h"][0][0], "対策");
    assert_eq!(data["h"][0][1], "対策");
    assert!(
        data["h"][0][2]
            .as_str()
            .unwrap()
            .starts_with("構成 | 向いている用途"),
        "{data}"
    );
    // One file per bucket, not per note: the site's only note, one file.
    let files: Vec<String> = std::fs::read_dir(site.out().join("previews"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        files.iter().all(|f| f.len() == 6 && f.ends_with(".js")),
        "{files:?}"
    );
}

#[test]
fn search_excerpts_keep_table_cells_list_items_and_blocks_apart() {
    let site = site("title: EKS\n");
    let run = site.run(&["search", "既定", "--sections", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let text: String = results["hits"][0]["excerpt"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(
        text.contains(
            "構成 | 向いている用途 · 既定 | 単一 VPC · ノードを置く · ルートを足す · 最後の段落。"
        ),
        "{text}"
    );
}
