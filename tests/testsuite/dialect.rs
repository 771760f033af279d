//! Directives written for other tools render as shiori's own constructs
//! (alerts, details, CSS-only tabs, figures, links), never as raw text.

use crate::common::Site;

/// Builds one note and returns the HTML of its body and the build's stderr.
fn render(path: &str, text: &str) -> (String, String) {
    let site = Site::with(&[
        (&format!("content/{path}"), text),
        ("content/b.md", "# B\n"),
    ]);
    let run = site.build();
    let page = path.rsplit_once('.').unwrap().0.to_string() + ".html";
    let html = site.read(&page);
    let start = html.find("<div class=\"note-body\">").expect("note body");
    let end = html[start..].find("<section class=\"backlinks\"").unwrap() + start;
    (html[start..end].to_string(), run.stderr)
}

#[test]
fn mkdocs_admonitions_fold_and_keep_their_indented_body_as_markdown() {
    let (html, _) = render(
        "a.md",
        "!!! tip \"使い方\"\n    本文は **太字**。\n\n??? warning\n    畳まれた本文\n\n???+ note \"開いている\"\n    見える\n",
    );
    assert!(
        html.contains(
            "<div class=\"alert alert-tip\" role=\"note\"><p class=\"alert-title\">使い方</p>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<p>本文は <strong>太字</strong>。</p>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<details class=\"alert alert-warning\"><summary class=\"alert-title\">警告</summary>"
        ),
        "{html}"
    );
    assert!(html.contains("<details class=\"alert alert-note\" open=\"\"><summary class=\"alert-title\">開いている</summary>"), "{html}");
    assert!(
        !html.contains("!!!") && !html.contains("???") && !html.contains("<pre"),
        "{html}"
    );
}

#[test]
fn colon_containers_of_docusaurus_vitepress_and_starlight() {
    let (html, _) = render(
        "a.md",
        ":::tip[Starlight の題]\n中身\n:::\n\n::: warning VitePress の題\n注意\n:::\n\n::: details 開くと\n隠れた\n:::\n\n::::note\n外\n:::danger\n内\n:::\n::::\n",
    );
    assert!(
        html.contains("<p class=\"alert-title\">Starlight の題</p>\n<p>中身</p>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"alert-title\">VitePress の題</p>"),
        "{html}"
    );
    assert!(
        html.contains("<details class=\"details\"><summary>開くと</summary>"),
        "{html}"
    );
    assert!(
        html.contains("alert-caution alert-danger"),
        "nested container: {html}"
    );
    assert!(!html.contains(":::"), "{html}");
}

#[test]
fn obsidian_callouts_with_titles_fold_markers_and_other_types() {
    let (html, _) = render(
        "a.md",
        "> [!tip] 題名\n> 本文\n\n> [!faq]- よくある質問\n> 答え\n\n> [!NOTE]\n> GitHub のまま\n",
    );
    assert!(
        html.contains("<p class=\"alert-title\">題名</p>\n<p>本文</p>"),
        "{html}"
    );
    assert!(html.contains("<details class=\"alert alert-note alert-question\"><summary class=\"alert-title\">よくある質問</summary>"), "{html}");
    assert!(
        html.contains("<p class=\"alert-title\">注記</p>\n<p>GitHub のまま</p>"),
        "{html}"
    );
    assert!(!html.contains("[!"), "{html}");
}

#[test]
fn tabs_and_code_groups_become_css_only_tabs() {
    let (html, _) = render(
        "a.md",
        "=== \"npm\"\n\n    ```sh\n    npm i\n    ```\n\n=== \"yarn\"\n    yarn を使う\n\n::: code-group\n```sh [pnpm]\npnpm add\n```\n```js [config.js]\nexport default {}\n```\n:::\n",
    );
    let tabs = html.matches("<div class=\"tabs\">").count();
    assert_eq!(tabs, 2, "{html}");
    assert_eq!(html.matches("type=\"radio\"").count(), 4, "{html}");
    for label in ["npm", "yarn", "pnpm", "config.js"] {
        assert!(
            html.contains(&format!(">{label}</label><div class=\"tab-panel\">")),
            "{label}: {html}"
        );
    }
    assert!(html.contains("<p>yarn を使う</p>"), "{html}");
    assert!(
        html.contains("data-lang=\"js\""),
        "the [label] leaves the info string: {html}"
    );
    assert!(!html.contains("==="), "{html}");
}

#[test]
fn mdx_imports_comments_and_components() {
    let (html, stderr) = render(
        "a.mdx",
        "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n# 題\n\n{/* 見えない */}\n\n<Tabs>\n  <TabItem value=\"js\" label=\"JavaScript\">\n\n  JS の説明\n\n  </TabItem>\n  <TabItem value=\"ts\" label=\"TypeScript\">\n\n  TS の説明\n\n  </TabItem>\n</Tabs>\n\n<Admonition type=\"warning\" title=\"気をつけて\">\n\n本文\n\n</Admonition>\n\n<Pitfall>\n\n落とし穴の本文\n\n</Pitfall>\n\n<Widget>\n\n```js\nconsole.log(1)\n```\n\n</Widget>\n",
    );
    assert!(
        !html.contains("import ") && !html.contains("見えない"),
        "{html}"
    );
    assert!(
        html.contains(">JavaScript</label><div class=\"tab-panel\">\n<p>JS の説明</p>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"alert-title\">気をつけて</p>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"alert-title\">落とし穴</p>"),
        "{html}"
    );
    assert!(html.contains("console"), "unwrapped content stays: {html}");
    assert!(!html.contains("Widget"), "{html}");
    assert!(
        stderr.contains("unknown MDX component `<Widget>`"),
        "{stderr}"
    );
    assert!(stderr.contains("content/a.mdx:33:1"), "{stderr}");
}

#[test]
fn hugo_shortcodes_map_to_boxes_figures_code_and_links() {
    let (html, stderr) = render(
        "a.md",
        "{{< note >}}\nHugo の注記\n{{< /note >}}\n\n{{% details summary=\"もっと\" %}}\n中身\n{{% /details %}}\n\n{{< figure src=\"img.png\" alt=\"図\" caption=\"図の説明\" >}}\n\n{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n\n動画 {{< youtube abc123 >}} と [B]({{< relref \"b.md\" >}}) と {{< mystery >}}。\n",
    );
    assert!(
        html.contains("<p class=\"alert-title\">注記</p>\n<p>Hugo の注記</p>"),
        "{html}"
    );
    assert!(html.contains("<summary>もっと</summary>"), "{html}");
    assert!(
        html.contains("<figure>") && html.contains("<figcaption>図の説明</figcaption>"),
        "{html}"
    );
    assert!(html.contains("data-lang=\"go\""), "{html}");
    assert!(
        html.contains("href=\"https://www.youtube.com/watch?v=abc123\""),
        "{html}"
    );
    assert!(html.contains("<a href=\"b.html\">B</a>"), "{html}");
    assert!(!html.contains("{{"), "{html}");
    assert!(
        stderr.contains("unknown shortcode `{{< mystery >}}` removed"),
        "{stderr}"
    );
    assert!(stderr.contains("content/a.md:15:"), "{stderr}");
}

#[test]
fn zola_shortcodes_and_a_shortcode_shown_in_code_is_left_alone() {
    let (html, stderr) = render(
        "a.md",
        "{% note() %}\nZola の注記\n{% end %}\n\n{{ youtube(id=\"xyz\") }}\n\n```\n{{< note >}} は書いたとおり\n```\n",
    );
    assert!(html.contains("<p>Zola の注記</p>"), "{html}");
    assert!(
        html.contains("https://www.youtube.com/watch?v=xyz"),
        "{html}"
    );
    assert!(html.contains("{{&lt; note &gt;}} は書いたとおり"), "{html}");
    assert!(stderr.contains("(0 warnings)"), "{stderr}");
}

#[test]
fn obsidian_comments_are_hidden_and_marks_highlighted() {
    let (html, _) = render(
        "a.md",
        "見える %%隠れる%% 文 ==大事== と a == b\n\n%%\n複数行の\nコメント\n%%\n\n後\n",
    );
    assert!(
        !html.contains("隠れる") && !html.contains("コメント") && !html.contains("%%"),
        "{html}"
    );
    assert!(html.contains("<mark>大事</mark>"), "{html}");
    assert!(html.contains("a == b"), "{html}");
    assert!(html.contains("<p>後</p>"), "{html}");
}

#[test]
fn japanese_emphasis_next_to_punctuation_renders_bold() {
    let (html, _) = render(
        "a.md",
        "**Save as…**オプションを選ぶ。これは**「重要」**です。2*3*4 は掛け算。\n",
    );
    assert!(
        html.contains("<strong>Save as…</strong>オプション"),
        "{html}"
    );
    assert!(html.contains("<strong>「重要」</strong>です"), "{html}");
    assert!(html.contains("2*3*4 は掛け算"), "{html}");
    assert!(!html.contains("**"), "{html}");
}

#[test]
fn includes_read_files_inside_content_with_ranges_and_anchors() {
    let site = Site::with(&[
        (
            "content/guide/a.md",
            "# 取り込み\n\n```rust\n{{#include ../code/main.rs:2:3}}\n```\n\n```rust\n{{#include ../code/main.rs:greet}}\n```\n\n```text\n\\{{#include file.rs}}\n```\n\n{{% include \"/_common/shared.md\" %}}\n\n--8<-- \"guide/snippet.md\"\n\n{{#include ../../outside.rs}}\n\n{{#playground play.rs editable}}\n",
        ),
        ("content/code/main.rs", "// 1\nfn two() {}\nfn three() {}\n// ANCHOR: greet\nfn greet() {}\n// ANCHOR_END: greet\n"),
        ("content/_common/shared.md", "共有された **本文**\n\n!!! note\n    共有の注記\n"),
        ("content/guide/snippet.md", "スニペットの本文\n"),
        ("content/guide/play.rs", "fn played() {}\n"),
        ("outside.rs", "secret\n"),
    ]);
    let run = site.build();
    let html = site.read("guide/a.html");
    assert!(
        html.contains("two") && html.contains("three") && !html.contains("// 1"),
        "{html}"
    );
    assert!(html.contains("greet") && !html.contains("ANCHOR"), "{html}");
    assert!(
        html.contains("{{#include file.rs}}"),
        "an escaped directive is shown: {html}"
    );
    assert!(
        html.contains("<p>共有された <strong>本文</strong></p>"),
        "{html}"
    );
    assert!(
        html.contains("<p>共有の注記</p>"),
        "included Markdown is translated too: {html}"
    );
    assert!(html.contains("<p>スニペットの本文</p>"), "{html}");
    assert!(!html.contains("secret"), "{html}");
    assert!(
        html.contains("data-lang=\"rs\"") && html.contains("played"),
        "a playground is a code block: {html}"
    );
    assert!(
        run.stderr
            .contains("cannot include `../../outside.rs`: it is outside `content/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guide/a.md:19:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn shortcodes_over_several_lines_and_template_tags() {
    let (html, stderr) = render(
        "a.md",
        "{{< figure\n  src=\"z.jpg\"\n  caption=\"ザイオン\"\n>}}{class=\"wide\"}\n\n{{< img\n  src=\"x.jpg\"\n>}}\n\n{% hint style=\"warning\" %}\nGitBook の警告\n{% endhint %}\n\n{% if output.name == \"ebook\" %}\n電子書籍\n{% endif %}\n",
    );
    assert!(html.contains("<figcaption>ザイオン</figcaption>"), "{html}");
    assert!(
        html.contains("<p class=\"alert-title\">警告</p>\n<p>GitBook の警告</p>"),
        "{html}"
    );
    assert!(html.contains("<p>電子書籍</p>"), "{html}");
    assert!(!html.contains("{{") && !html.contains("{%"), "{html}");
    assert!(
        stderr.contains("unknown shortcode `{{< img >}}` removed"),
        "{stderr}"
    );
    assert!(stderr.contains("content/a.md:6:1"), "{stderr}");
    assert!(
        stderr.contains("template tag `{% if %}` removed"),
        "{stderr}"
    );
}

#[test]
fn html_tags_with_jsx_attributes_lose_them() {
    let (html, _) = render(
        "a.md",
        "前\n\n<img src=\"b.png\" alt=\"図\" width=\"300\" style={{margin: '0 auto'}} />\n\n後\n",
    );
    assert!(
        html.contains("<img src=\"b.png\" alt=\"図\" width=\"300\">")
            || html.contains("<img src=\"b.png\" alt=\"図\" width=\"300\" />"),
        "{html}"
    );
    assert!(!html.contains("style=") && !html.contains("{{"), "{html}");
}

#[test]
fn tabs_carry_the_classes_the_theme_switches_and_template_variables_go() {
    let (html, stderr) = render(
        "t.md",
        "# T\n\n=== \"Latest\"\n\n    最新\n\n=== \"9.x\"\n\n    旧版\n\n{{book.console}} の結果\n",
    );
    assert!(
        html.contains("<input type=\"radio\" class=\"tab-input\""),
        "{html}"
    );
    assert!(html.contains("<label class=\"tab-label\""), "{html}");
    assert!(
        !html.contains("{{book.console}}") && html.contains("の結果"),
        "{html}"
    );
    assert!(
        stderr.contains("template variable `{{book.console}}` removed"),
        "{stderr}"
    );
}

#[test]
fn an_inline_html_tag_with_jsx_attributes_reads_as_html() {
    let site = Site::with(&[(
        "content/tracks.md",
        "# トラック\n\n- <span style={{padding: '0.125rem', backgroundColor: '#facc15'}}>Mount</span> - マウントされた\n",
    )]);
    site.build();
    let page = site.page("tracks.html");
    assert_eq!(page.text(".note-body li"), "Mount - マウントされた");
    assert!(!page.html().contains("style={{"), "{}", page.html());
}
