//! Conventions a real Hugo site relies on: glossary links `[term](g)` and
//! headless snippets (`_common`) read by include shortcodes.

use crate::common::Site;

#[test]
fn a_glossary_link_leads_to_the_entry_its_text_names() {
    let site = Site::with(&[
        (
            "content/quick-reference/glossary/_index.md",
            "---\ntitle: Glossary\ncascade:\n  build:\n    render: never\n    list: local\n---\n",
        ),
        ("content/quick-reference/glossary/page-resource.md", "---\ntitle: page resource\n---\nA file of a bundle.\n"),
        ("content/quick-reference/glossary/taxonomy.md", "---\ntitle: taxonomy\n---\nA grouping.\n"),
        (
            "content/guide.md",
            "---\ntitle: Guide\n---\nSee [_page resources_](g), [taxonomies](g) and [nothing like it](g).\n",
        ),
    ]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("guide.html");
    assert_eq!(
        page.attrs(".note-body a", "href"),
        [
            "quick-reference/glossary/page-resource.html",
            "quick-reference/glossary/taxonomy.html"
        ]
    );
    assert_eq!(page.text(".broken-link"), "nothing like it");
    assert!(
        run.stderr
            .contains("no glossary entry for `nothing like it`"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_a_glossary_the_link_is_text_and_says_why() {
    let site = Site::with(&[("content/a.md", "---\ntitle: A\n---\nA [term](g).\n")]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.page("a.html").text(".broken-link"), "term");
    assert!(
        run.stderr.contains("no `glossary` folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn headless_snippets_are_included_not_published() {
    let site = Site::with(&[
        (
            "content/_common/_index.md",
            "---\ncascade:\n  build:\n    list: never\n    render: never\n---\n",
        ),
        ("content/_common/options.md", "---\n---\n共通の**説明**。\n"),
        (
            "content/leaf/index.md",
            "---\ntitle: Leaf\nheadless: true\n---\nx\n",
        ),
        (
            "content/functions/ref.md",
            "---\ntitle: ref\n---\n{{% include \"/_common/options.md\" %}}\n",
        ),
    ]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .read("functions/ref.html")
        .contains("共通の<strong>説明</strong>"));
    assert!(!site.out().join("_common").exists());
    assert!(!site.out().join("leaf").exists());
}

#[test]
fn a_gitbook_codeblock_import_shows_the_file_or_says_it_is_missing() {
    let site = Site::with(&[
        ("content/src/hello.js", "console.log(\"こんにちは\");\n"),
        (
            "content/章.md",
            "# 章\n\n[import, title:\"hello.js\"](./src/hello.js)\n\n[import:\"marker\"](./src/gone.js)\n",
        ),
    ]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("章.html");
    assert!(page
        .text(".note-body pre")
        .contains("console.log(\"こんにちは\");"));
    assert_eq!(page.count(".broken-link"), 0);
    assert!(
        !page.text(".note-body").contains("import"),
        "{}",
        page.html()
    );
    assert!(
        run.stderr.contains("cannot include `./src/gone.js`"),
        "{}",
        run.stderr
    );
}

#[test]
fn gitbook_book_variables_are_written_in_and_unknown_ones_removed() {
    let site = Site::with(&[
        (
            "book.js",
            "module.exports = {\n  title: 'JS',\n  variables: {\n    nodeversion: '18.12.0',\n    triplebackticks: '```',\n  },\n};\n",
        ),
        (
            "content/setup.md",
            "# 準備\n\nバージョン{{book.nodeversion}}を使います。\n\n{{book.triplebackticks}}\n$ node -v\nv{{book.nodeversion}}\n{{book.triplebackticks}}\n\n{{book.unknown}}です\n",
        ),
    ]);
    let run = site.build();
    let page = site.page("setup.html");
    assert!(page
        .text(".note-body p")
        .contains("バージョン18.12.0を使います"));
    assert_eq!(page.text(".note-body pre"), "$ node -v v18.12.0");
    assert!(!page.html().contains("{{"), "{}", page.html());
    assert!(
        run.stderr.contains("`{{book.unknown}}` removed"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("nodeversion"), "{}", run.stderr);

    site.write("book.js", "");
    site.write(
        "book.json",
        r#"{"variables": {"nodeversion": "20.0.0", "triplebackticks": "```"}}"#,
    );
    site.build();
    assert_eq!(
        site.page("setup.html").text(".note-body pre"),
        "$ node -v v20.0.0"
    );
}
