//! Folders laid out for other tools load as those tools meant: `.mdx` notes,
//! `README.md` as a folder's index, mdBook's SUMMARY.md order, Docusaurus
//! positions, numbers sorted as numbers, `description` as the summary.

use crate::common::Site;

#[test]
fn mdx_notes_and_readme_indexes_are_read() {
    let site = Site::with(&[
        ("content/guide/README.md", "# ガイド\n\nガイドの入口\n"),
        (
            "content/guide/start.mdx",
            "import X from './x';\n\n# 始める\n\n本文\n",
        ),
    ]);
    site.build();
    let section = site.read("guide/index.html");
    assert!(section.contains("ガイドの入口"), "{section}");
    let note = site.read("guide/start.html");
    assert!(
        note.contains("<h1>始める</h1>") && !note.contains("import X"),
        "{note}"
    );
    assert!(!site.out().join("guide/README.html").exists());
    assert!(
        !site.out().join("guide/start.mdx").exists(),
        "mdx is not copied as a file"
    );
}

#[test]
fn reading_order_follows_summary_positions_and_numbers() {
    let site = Site::with(&[
        (
            "content/book/SUMMARY.md",
            "# Summary\n\n- [後](b.md)\n- [前](a.md)\n",
        ),
        ("content/book/a.md", "# A 前\n"),
        ("content/book/b.md", "# B 後\n"),
        (
            "content/docs/x.md",
            "---\ntitle: X\nsidebar_position: 2\n---\n",
        ),
        (
            "content/docs/y.md",
            "---\ntitle: Y\nsidebar:\n  order: 1\n---\n",
        ),
        ("content/steps/s10.md", "# step-10\n"),
        ("content/steps/s2.md", "# step-2\n"),
    ]);
    site.build();
    let order = |section: &str| {
        site.page(&format!("{section}/index.html"))
            .texts(".section-notes li a, .note-list li a")
    };
    assert_eq!(order("book"), ["Summary", "B 後", "A 前"]);
    assert_eq!(order("docs"), ["Y", "X"]);
    assert_eq!(order("steps"), ["step-2", "step-10"]);
}

#[test]
fn description_is_the_summary_and_url_aliases_are_not_names() {
    let site = Site::with(&[(
        "content/a.md",
        "---\ntitle: ページ\ndescription: 一行の説明\naliases: [/old/path/, 別名]\nslug: /guide/page-a\n---\nimport A from 'a'\n\n本文\n",
    )]);
    let run = site.build();
    let page = site.read("page-a.html");
    assert!(
        page.contains("<meta name=\"description\" content=\"一行の説明\">"),
        "{page}"
    );
    assert!(!run.stderr.contains("slug"), "{}", run.stderr);
}

#[test]
fn a_404_note_supplies_the_not_found_page() {
    let site = Site::with(&[
        (
            "content/404.md",
            "# 迷子です\n\n[入口](index.md)へ戻ってください。\n",
        ),
        ("content/a.md", "# A\n"),
    ]);
    site.build();
    let page = site.page("404.html");
    assert_eq!(page.text("h1"), "迷子です");
    assert!(page.text(".note-body").contains("へ戻ってください"));
}

#[test]
fn the_title_headings_id_is_kept() {
    let site = Site::with(&[
        ("content/a.md", "# はじめに {#intro}\n\n本文\n"),
        ("content/b.md", "# B\n\n[戻る](a.md#intro)\n"),
    ]);
    site.build();
    let page = site.read("a.html");
    assert!(page.contains("<div id=\"intro\"></div>"), "{page}");
    assert_eq!(site.page("a.html").text("h1"), "はじめに");
}

#[test]
fn an_obsidian_vaults_properties_are_shown_and_inline_tags_are_tags() {
    let site = Site::with(&[
        (
            "content/References/Kind of Blue.md",
            "---\ncategories:\n  - \"[[Albums]]\"\nartist: Miles Davis\nyear: 1959\n---\n# Kind of Blue\n\n名盤 #jazz を聴く。\n",
        ),
        ("content/Categories/Albums.md", "# Albums\n"),
    ]);
    site.build();
    let page = site.page("References/Kind of Blue.html");
    let shown = page.text(".properties");
    assert!(
        shown.contains("artist: Miles Davis") && shown.contains("year: 1959"),
        "{shown}"
    );
    assert_eq!(
        page.attrs(".properties a", "href"),
        ["../Categories/Albums.html"]
    );
    assert!(
        site.out().join("tags/jazz.html").exists(),
        "inline #jazz is a tag"
    );
    let found = site.run(&["search", "Miles", "--json"]);
    assert!(found.stdout.contains("Kind of Blue"), "{}", found.stdout);
}

#[test]
fn a_heading_under_a_front_matter_title_is_the_pages_heading_shown_once() {
    let site = Site::with(&[
        (
            "content/docs/undo.md",
            "---\ntitle: Undo の実装\n---\n\n# 取り消し履歴を実装する\n\n本文 [上へ](#取り消し履歴を実装する)\n",
        ),
        (
            "content/docs/tabs.mdx",
            "---\ntitle: Tabs\n---\nimport Tabs from '@theme/Tabs';\n\n<!-- a comment -->\n# Tabs\n\n本文\n",
        ),
        (
            "content/docs/later.md",
            "---\ntitle: 後の見出し\n---\n\n前置き\n\n# 途中の見出し\n",
        ),
        (
            "content/guide/_index.md",
            "---\ntitle: ガイド\n---\n# ガイドの入口\n\n案内\n",
        ),
        ("content/guide/a.md", "# A\n"),
    ]);
    let run = site.build();
    let undo = site.page("docs/undo.html");
    assert_eq!(undo.texts("h1"), ["取り消し履歴を実装する"]);
    // A link to that heading leads to the page's heading.
    assert_eq!(undo.attrs("h1", "id"), ["取り消し履歴を実装する"]);
    assert!(!run.stderr.contains("no heading"), "{}", run.stderr);
    assert!(undo.text("title").starts_with("Undo の実装 |"));
    assert!(undo.texts("nav a").iter().any(|t| t == "Undo の実装"));
    let tabs = site.page("docs/tabs.html");
    assert_eq!(tabs.texts("h1"), ["Tabs"]);
    // A heading after other text is a heading of the text, not the page's.
    let later = site.page("docs/later.html");
    assert_eq!(later.texts("h1"), ["後の見出し", "途中の見出し#"]);
    let guide = site.page("guide/index.html");
    assert_eq!(guide.texts("h1"), ["ガイドの入口"]);
    assert!(guide.text("title").starts_with("ガイド"));
}
