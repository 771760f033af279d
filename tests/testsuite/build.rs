//! `shiori build` on fixture sites: what a reader sees in the HTML.

use crate::common::{files_below, Site};

fn japanese_site() -> Site {
    Site::with(&[
        ("site.yaml", "title: テスト知識ベース\nlanguage: ja\n"),
        ("content/_index.md", "---\ntitle: ホーム\n---\nようこそ。\n"),
        ("content/network/_index.md", "---\ntitle: ネットワーク\nweight: 20\ndescription: 通信まわり\n---\nネットワークのノート。\n"),
        ("content/cluster/_index.md", "---\ntitle: クラスター\nweight: 10\n---\n"),
        (
            "content/cluster/private.md",
            "---\ntitle: プライベートクラスター\ntags: [cluster, network]\nweight: 20\nreviewed: 2026-09-01\n---\n\n最初の段落です。\n\n## 制限事項\n\n- [x] 確認済み\n- [ ] 未確認\n\n## 制限事項\n\n重複見出し。\n\n> [!WARNING]\n> eksctl は使えません。\n\n```yaml\nkind: Service\n```\n\n| 項目 | 値 |\n|:--|--:|\n| a | 1 |\n\n脚注[^1]。\n\n[^1]: 脚注の本文。\n",
        ),
        ("content/cluster/overview.md", "---\ntitle: 概要\ntags: [cluster]\nweight: 10\n---\n本文。\n"),
        ("content/cluster/draft.md", "---\ntitle: 下書きノート\ndraft: true\n---\n未公開。\n"),
        ("content/network/snat.md", "# 外部 SNAT\n\nフロントマターなし。\n\n## 対策\n\nテキスト。\n"),
    ])
}

#[test]
fn notes_render_with_title_toc_anchors_tags_alerts_and_highlighted_code() {
    let site = japanese_site();
    site.build();
    let page = site.page("cluster/private.html");
    assert_eq!(page.text("h1"), "プライベートクラスター");
    assert_eq!(
        page.attrs(".note-body h2", "id"),
        ["制限事項", "制限事項-1"]
    );
    assert_eq!(page.attrs(".toc a", "href"), ["#制限事項", "#制限事項-1"]);
    assert_eq!(page.texts(".note-meta .tag-chip"), ["#cluster", "#network"]);
    assert_eq!(
        page.attrs(".note-meta .tag-chip", "href"),
        ["../tags/cluster.html", "../tags/network.html"]
    );
    assert_eq!(page.text(".alert-warning .alert-title"), "警告");
    assert!(page
        .text(".alert-warning")
        .contains("eksctl は使えません。"));
    assert!(
        page.count("pre.code[data-lang=yaml] span[class^=hl-]") > 0,
        "{}",
        page.html()
    );
    assert_eq!(page.count("input[type=checkbox][checked]"), 1);
    assert_eq!(page.attrs("td", "class"), ["align-left", "align-right"]);
    assert!(page.text(".footnote-definition").contains("脚注の本文"));
    assert_eq!(page.text(".reviewed time"), "2026-09-01");
    assert!(
        !site.read("cluster/private.html").contains("style=\""),
        "inline styles break the CSP"
    );
}

#[test]
fn navigation_follows_weight_then_title_and_drafts_are_left_out() {
    let site = japanese_site();
    site.build();
    let page = site.page("index.html");
    assert_eq!(
        page.texts(".sidebar .nav-section-title"),
        ["クラスター", "ネットワーク"]
    );
    assert_eq!(
        page.texts(".sidebar .nav-note a"),
        ["概要", "プライベートクラスター", "外部 SNAT"]
    );
    assert!(!site.out().join("cluster/draft.html").exists());
    let next = site.page("cluster/overview.html");
    assert_eq!(
        next.text(".pager-next .pager-title"),
        "プライベートクラスター"
    );
    let with_drafts = site.run(&["build", "--drafts"]);
    assert_eq!(with_drafts.code, 0, "{}", with_drafts.stderr);
    assert!(site.out().join("cluster/draft.html").exists());
}

#[test]
fn a_note_without_front_matter_takes_its_heading_as_title_once() {
    let site = japanese_site();
    site.build();
    let page = site.page("network/snat.html");
    assert_eq!(page.texts("h1"), ["外部 SNAT"]);
    assert_eq!(page.attrs(".note-body h2", "id"), ["対策"]);
    assert_eq!(
        page.texts(".breadcrumbs li"),
        ["ホーム", "ネットワーク", "外部 SNAT"]
    );
}

#[test]
fn tag_pages_section_pages_and_print_page() {
    let site = japanese_site();
    site.build();
    let tag = site.page("tags/cluster.html");
    assert_eq!(
        tag.texts(".note-list > li > a"),
        ["概要", "プライベートクラスター"]
    );
    assert_eq!(
        site.page("tags/index.html").texts(".tag-chip"),
        ["#cluster 2", "#network 1"]
    );
    let section = site.page("network/index.html");
    assert_eq!(section.text("h1"), "ネットワーク");
    assert!(section
        .text(".section-intro")
        .contains("ネットワークのノート。"));
    let print = site.page("print.html");
    assert_eq!(
        print.texts(".print-note-title"),
        ["概要", "プライベートクラスター", "外部 SNAT"]
    );
    assert_eq!(
        print.attrs(".print-note h2", "id"),
        ["n1-制限事項", "n1-制限事項-1", "n2-対策"]
    );
    assert!(site.read("404.html").contains("ページが見つかりません"));
}

#[test]
fn english_ui_follows_the_language_setting() {
    let site = japanese_site();
    site.write("site.yaml", "title: KB\nlanguage: en\n");
    site.build();
    let page = site.page("cluster/private.html");
    assert_eq!(page.attrs("html", "lang"), ["en"]);
    assert_eq!(page.text(".toc h2"), "Contents");
    assert_eq!(page.text(".alert-warning .alert-title"), "Warning");
}

#[test]
fn task_list_checkboxes_are_named_in_the_ui_language_even_next_to_raw_html() {
    let tasks = "# T\n\n- [x] 確認済み\n- [ ] 未確認\n\n<b>raw</b> <script>alert(1)</script>\n";
    let ja = Site::with(&[("content/t.md", tasks)]);
    ja.build();
    let page = ja.page("t.html");
    assert_eq!(
        page.attrs(".note-body input[type=checkbox][disabled]", "aria-label"),
        ["完了", "未完了"]
    );
    assert_eq!(page.count(".note-body input[checked]"), 1);
    assert_eq!(page.count(".note-body script"), 0, "raw HTML is sanitised");
    assert_eq!(page.text(".note-body b"), "raw");

    let en = Site::with(&[("site.yaml", "language: en\n"), ("content/t.md", tasks)]);
    en.build();
    assert_eq!(
        en.page("t.html")
            .attrs(".note-body input[type=checkbox]", "aria-label"),
        ["done", "not done"]
    );
}

#[test]
fn a_folder_with_only_content_builds_with_defaults() {
    let site = Site::with(&[
        ("content/a.md", "# Hello\n\ntext\n"),
        ("content/img/logo.svg", "<svg/>"),
    ]);
    site.build();
    assert_eq!(site.page("a.html").text("h1"), "Hello");
    assert_eq!(site.page("a.html").attrs("html", "lang"), ["ja"]);
    assert!(
        site.out().join("img/logo.svg").exists(),
        "assets are copied"
    );
    assert!(
        site.out().join("style.css").exists(),
        "the built-in theme is used"
    );
}

#[test]
fn a_user_theme_overrides_a_single_template() {
    let site = japanese_site();
    site.write("site.yaml", "title: T\ntheme: mine\n");
    site.write("themes/mine/templates/404.html", "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">独自の404</p>{% endblock %}");
    site.build();
    assert_eq!(site.page("404.html").text(".custom"), "独自の404");
    assert_eq!(
        site.page("cluster/private.html").text("h1"),
        "プライベートクラスター"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = japanese_site();
    site.build();
    let first: Vec<(String, Vec<u8>)> = files_below(&site.out())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(site.out().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    site.build();
    let second: Vec<(String, Vec<u8>)> = files_below(&site.out())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(site.out().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert_eq!(first.len(), second.len());
    for ((fa, a), (fb, b)) in first.iter().zip(&second) {
        assert_eq!(fa, fb);
        assert!(a == b, "{fa} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = japanese_site();
    site.build();
    let before: Vec<(String, Vec<u8>)> = files_below(&site.out())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(site.out().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    site.write(
        "content/cluster/broken.md",
        "---\ntitle: [壊れた\n---\n本文\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/cluster/broken.md:2:"),
        "{}",
        run.stderr
    );
    let after: Vec<(String, Vec<u8>)> = files_below(&site.out())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(site.out().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert!(before == after, "public/ changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn bad_site_yaml_names_the_key_line_and_column() {
    let site = japanese_site();
    site.write("site.yaml", "title: T\nlangauge: en\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("site.yaml:2:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown field `langauge`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("langauge: en"),
        "the offending line is shown:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `language`?"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn bad_front_matter_is_reported_with_its_line_and_never_panics() {
    let site = japanese_site();
    site.write(
        "content/cluster/types.md",
        "---\ntitle: 型\nweight: heavy\nreviewed: tomorrow\n---\n本文\n",
    );
    site.write_bytes(
        "content/cluster/sjis.md",
        b"---\ntitle: ok\n---\n\x83\x76\x83\x89\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/cluster/types.md:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`weight` must be a whole number"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/cluster/types.md:4:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/cluster/sjis.md:4:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not valid UTF-8"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    assert!(!site.out().exists());
}

#[test]
fn the_output_folder_cannot_be_the_site_or_its_content() {
    let site = japanese_site();
    for out in [".", "content", "content/x"] {
        let run = site.run(&["build", "--out", &site.root().join(out).to_string_lossy()]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing to write output"),
            "{}",
            run.stderr
        );
    }
    assert!(site.root().join("content/cluster/private.md").exists());
}

#[test]
fn sitemap_lists_every_page_with_the_base_url() {
    let site = japanese_site();
    let run = site.run(&["build", "--base-url", "https://wiki.example.com/eks"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://wiki.example.com/eks/cluster/private.html</loc><lastmod>2026-09-01</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://wiki.example.com/eks/index.html</loc>"));
    assert_eq!(
        site.page("cluster/private.html")
            .attrs("link[rel=canonical]", "href"),
        ["https://wiki.example.com/eks/cluster/private.html"]
    );
}

#[test]
fn a_large_section_lists_a_window_of_notes_in_the_sidebar() {
    let site = Site::new();
    site.write(
        "content/big/_index.md",
        "---\ntitle: 大きなセクション\n---\n",
    );
    for i in 0..350 {
        site.write(
            &format!("content/big/n{i:03}.md"),
            &format!("---\ntitle: ノート{i:03}\nweight: {i}\n---\n本文\n"),
        );
    }
    site.build();
    let page = site.page("big/n200.html");
    let listed = page.texts(".sidebar .nav-note a");
    assert_eq!(listed.len(), 40, "no page grows with the size of the site");
    assert!(listed.contains(&"ノート200".to_string()));
    assert_eq!(page.texts(".sidebar .nav-more a"), ["… 180", "… 130"]);
    assert_eq!(
        site.page("big/index.html")
            .count(".section-page .note-list > li"),
        350,
        "the section page lists them all"
    );
}

/// Pages are rendered while the search index is built, so they name the
/// manifest by a hash of what is indexed: the same text keeps the name (and
/// browser caches), any change of it gives a new one, and the file exists.
#[test]
fn the_search_manifest_is_renamed_exactly_when_the_indexed_text_changes() {
    let site = Site::with(&[
        ("content/a.md", "# A\n\n本文です。\n"),
        ("content/b.md", "# B\n\nもう一つ。\n"),
    ]);
    let manifest = |site: &Site| {
        let srcs = site
            .page("index.html")
            .attrs("script[src^='search/m-']", "src");
        assert_eq!(srcs.len(), 1, "{srcs:?}");
        let src = srcs[0].clone();
        let text = std::fs::read_to_string(site.out().join(&src)).unwrap();
        let name = src.trim_start_matches("search/").trim_end_matches(".js");
        assert!(
            text.contains(&format!("shiori.register(\"{name}\"")),
            "{text}"
        );
        src
    };
    site.build();
    let first = manifest(&site);
    site.build();
    assert_eq!(manifest(&site), first);
    site.write("content/b.md", "# B\n\nもう一つ。書き換えました。\n");
    site.build();
    assert_ne!(manifest(&site), first);
}

#[test]
fn piped_output_is_the_one_line_summary_without_bars_or_colour() {
    let site = japanese_site();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(lines[0].starts_with("built "), "{}", run.stderr);
    assert!(
        !run.stderr.contains(['\r', '\x1b']),
        "no progress bar or colour codes in a pipe: {:?}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    assert_eq!(site.run(&["--quiet", "build"]).stderr, "");
}

/// Inline code and code blocks that show HTML are text, not markup: the
/// print edition (which prefixes ids and rebases links of every note it
/// holds) shows them exactly as the note's own page does.
#[test]
fn the_print_page_shows_code_exactly_as_the_note_page() {
    let site = Site::with(&[
        (
            "content/net/a.md",
            "---\ntitle: ア\n---\n## 上\n\n`<a href=\"snat.html\" id=\"top\">` と [[b#下]]、[戻る](#上)。\n\n```html\n<img src=\"x.png\" id=\"y\">\n```\n",
        ),
        ("content/net/b.md", "---\ntitle: イ\n---\n## 下\n\n[[a]]\n"),
    ]);
    site.build();
    let note = site.page("net/a.html");
    let print = site.page("print.html");
    assert_eq!(
        note.text(".note-body p code"),
        "<a href=\"snat.html\" id=\"top\">"
    );
    assert_eq!(
        print.text(".print-note p code"),
        note.text(".note-body p code")
    );
    assert_eq!(print.text(".print-note pre"), note.text(".note-body pre"));
    // Real ids and links of the markup are still rewritten for the print page.
    assert_eq!(print.attrs(".print-note h2", "id"), ["n0-上", "n1-下"]);
    assert_eq!(
        print.attrs(".print-note p a:not(.heading-anchor)", "href"),
        ["#n1-下", "#n0-上", "#note-0"]
    );
    assert_eq!(note.attrs(".note-body p a", "href"), ["b.html#下", "#上"]);
}

/// An unlabelled wikilink shows its target's title; the target's heading
/// anchors stay as written when the target is retitled.
#[test]
fn unlabelled_wikilinks_show_the_title_in_text_headings_and_summaries() {
    let site = Site::with(&[
        (
            "content/a.md",
            "---\ntitle: ア\n---\n[[snat]] を読む。\n\n## [[snat]] の注意\n\n本文。\n",
        ),
        ("content/snat.md", "---\ntitle: 外部 SNAT\n---\n本文。\n"),
    ]);
    site.build();
    let page = site.page("a.html");
    assert_eq!(page.text(".note-body p a.wikilink"), "外部 SNAT");
    assert_eq!(page.attrs(".note-body h2", "id"), ["snat-の注意"]);
    assert_eq!(page.texts(".toc a"), ["外部 SNAT の注意"]);
    let home = site.page("index.html");
    assert!(
        home.html().contains("外部 SNAT を読む。"),
        "the summary names the target by its title: {}",
        home.html()
    );
}

/// A wiki with broken links is still a wiki a reader can read: build writes
/// it and warns, shows each broken link as unresolved, and fails only when
/// strict; `check` reports the same problems as errors.
#[test]
fn broken_links_are_warnings_in_build_errors_in_check_and_strict() {
    let site = Site::with(&[
        (
            "content/a.md",
            "---\ntitle: ア\ndocs: [nope]\n---\n[[snta]]、[[b#ない]]、[壊れ](missing.md)。\n",
        ),
        ("content/b.md", "---\ntitle: イ\n---\n本文。\n"),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for problem in [
        "no note is named `snta`",
        "no heading `ない`",
        "no note at `missing.md`",
        "unknown official doc id `nope`",
    ] {
        assert!(run.stderr.contains(problem), "{problem}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("error["), "{}", run.stderr);
    let page = site.page("a.html");
    assert_eq!(page.texts(".note-body .broken-link"), ["snta", "壊れ"]);
    assert_eq!(page.attrs(".note-body a.wikilink", "href"), ["b.html#ない"]);

    let strict = site.run(&["build", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    site.write("site.yaml", "strict: true\n");
    assert_eq!(site.run(&["build"]).code, 1);
    site.write("site.yaml", "");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stderr
            .contains("error[broken-link]: no note is named `snta`"),
        "{}",
        check.stderr
    );
}

/// Wikilink forms of other tools, read as their writers meant them.
#[test]
fn wikilink_forms_of_obsidian_gitlab_and_commonmark() {
    let site = Site::with(&[
        (
            "content/a.md",
            "---\ntitle: ア\n---\n[[1]](https://example.com/x) [[_TOC_]] [[+]]\n\n| a |\n|---|\n| [[b\\|表示]] |\n\n[[b#上#下]] [[b#^blk]]\n\n![[pic.png|100]] ![[b]]\n",
        ),
        ("content/b.md", "---\ntitle: イ\n---\n## 上\n### 下\n本文 ^blk\n"),
        ("content/img/pic.png", "x"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build();
    let page = site.page("a.html");
    assert_eq!(
        page.attrs(".note-body a.external", "href"),
        ["https://example.com/x"]
    );
    assert_eq!(page.text(".note-body a.external"), "[1]");
    assert!(!page.html().contains("TOC") && page.html().contains("[[+]]"));
    assert_eq!(
        page.attrs(".note-body a.wikilink", "href"),
        ["b.html", "b.html#下", "b.html#block-blk", "b.html"]
    );
    assert_eq!(page.text("td a.wikilink"), "表示");
    assert_eq!(page.attrs(".note-body img", "src"), ["img/pic.png"]);
    assert_eq!(page.attrs(".note-body img", "width"), ["100"]);
    let b = site.page("b.html");
    assert_eq!(b.attrs(".block-anchor", "id"), ["block-blk"]);
    assert!(!b.html().contains("^blk"));
}

/// Site-absolute and pretty URLs, Zola's `@/` and number-prefixed files
/// resolve against the content tree.
#[test]
fn urls_written_for_other_tools_resolve() {
    let site = Site::with(&[
        (
            "content/guide/start.md",
            "---\ntitle: 始め\n---\n[a](/Guide/Setup/) [b](@/guide/01-setup.md) [c](./setup) [d](/docs/guide/setup) [e](/guide/)\n",
        ),
        ("content/guide/01-setup.md", "---\ntitle: 準備\n---\n本文。\n"),
        ("content/guide/_index.md", "---\ntitle: ガイド\n---\n"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build();
    assert_eq!(
        site.page("guide/start.html").attrs(".note-body a", "href"),
        [
            "01-setup.html",
            "01-setup.html",
            "01-setup.html",
            "01-setup.html",
            "index.html"
        ]
    );
}
