//! The order and labels other tools keep outside a note's text:
//! Docusaurus `_category_.json`/`.yml`, MkDocs `nav`, Starlight
//! `sidebar.label`/`order`, Docusaurus `sidebar_label`, Hugo/Zola `weight`.

use crate::common::Site;

fn sections_in_nav(site: &Site) -> Vec<String> {
    site.page("index.html").texts(".nav-section-title")
}

fn notes_in_nav(site: &Site, page: &str) -> Vec<String> {
    site.page(page).texts(".current-section .nav-notes a")
}

#[test]
fn docusaurus_categories_name_and_place_their_folders() {
    let site = Site::with(&[
        ("content/api/_category_.yml", "label: API リファレンス\nposition: 2\n"),
        ("content/api/store.md", "# store\n"),
        (
            "content/guide/_category_.json",
            "{\"label\": \"はじめに\", \"position\": 1, \"link\": {\"type\": \"generated-index\", \"description\": \"最初に読む\"}}",
        ),
        ("content/guide/b.md", "---\nsidebar_position: 2\nsidebar_label: 二番目\n---\n# B の長い題名\n"),
        ("content/guide/a.md", "---\nsidebar_position: 1\n---\n# A\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sections = sections_in_nav(&site);
    let at = |t: &str| {
        sections
            .iter()
            .position(|s| s == t)
            .unwrap_or_else(|| panic!("{t} in {sections:?}"))
    };
    assert!(at("はじめに") < at("API リファレンス"), "{sections:?}");
    assert_eq!(notes_in_nav(&site, "guide/a.html"), ["A", "二番目"]);
    // The page keeps its own title; the label is the navigation's.
    assert_eq!(site.page("guide/b.html").text("h1"), "B の長い題名");
    assert!(site.read("guide/index.html").contains("最初に読む"));
    assert!(!site.out().join("guide/_category_.json").exists());
}

#[test]
fn a_mkdocs_nav_orders_titles_and_names_sections() {
    let site = Site::with(&[
        (
            "content/mkdocs.yml",
            "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nnav:\n  - ホーム: index.md\n  - 使い方:\n    - setup/install.md\n    - 設定する: setup/configure.md\n  - 参考:\n    - reference/zeta.md\n    - reference/alpha.md\n",
        ),
        ("content/index.md", "# ホーム\n"),
        ("content/setup/install.md", "# Install\n"),
        ("content/setup/configure.md", "# Configuration\n"),
        ("content/reference/alpha.md", "# Alpha\n"),
        ("content/reference/zeta.md", "# Zeta\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sections = sections_in_nav(&site);
    let at = |t: &str| {
        sections
            .iter()
            .position(|s| s == t)
            .unwrap_or_else(|| panic!("{t} in {sections:?}"))
    };
    assert!(at("使い方") < at("参考"), "{sections:?}");
    assert_eq!(
        notes_in_nav(&site, "setup/install.html"),
        ["Install", "設定する"]
    );
    assert_eq!(
        notes_in_nav(&site, "reference/zeta.html"),
        ["Zeta", "Alpha"]
    );
    assert_eq!(
        site.page("setup/configure.html").text("h1"),
        "Configuration"
    );
}

#[test]
fn starlight_sidebar_and_hugo_weight_order_notes() {
    let site = Site::with(&[
        (
            "content/docs/b.mdx",
            "---\ntitle: Bの題\nsidebar:\n  order: 1\n  label: 短いB\n---\n本文\n",
        ),
        (
            "content/docs/a.md",
            "---\ntitle: Aの題\nsidebar:\n  order: 2\n---\n本文\n",
        ),
        ("content/hugo/z.md", "---\ntitle: Z\nweight: 10\n---\n"),
        ("content/hugo/y.md", "---\ntitle: Y\nweight: 20\n---\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(notes_in_nav(&site, "docs/a.html"), ["短いB", "Aの題"]);
    assert_eq!(notes_in_nav(&site, "hugo/y.html"), ["Z", "Y"]);
}
