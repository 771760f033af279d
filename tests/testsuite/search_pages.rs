//! Every page with text is searchable — notes, section pages, the home page
//! and front-matter descriptions — and every hit belongs to its own page,
//! even when several notes share a file name (`faq.md` in many folders).

use crate::common::node::{node_available, run_node};
use crate::common::Site;
use shiori::search::{QueryOptions, SearchIndex};

/// A section whose only mention of ヘルムチャート lies past the first
/// 1,200 characters, which every result's fragment carries.
const LONG_RUNBOOK: &str = concat!(
    "---\ntitle: 障害対応手順\n---\n\n## 手順\n\n",
    "ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。\n\n",
    "ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。\n\n",
    "ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。ログを確認し、原因を切り分ける。影響範囲を記録して関係者に連絡する。再発防止策をまとめる。\n\n",
    "最後に、ヘルムチャートの版を戻して復旧を確かめる。\n",
);

fn wiki() -> Site {
    Site::with(&[
        ("content/_index.md", "---\ntitle: 社内ハンドブック\n---\n\nこのハンドブックは経費精算の手順をまとめる。\n"),
        (
            "content/finance/_index.md",
            "---\ntitle: 経理\ndescription: 税務と請求書の扱い\n---\n\n源泉徴収票は毎年一月に配布される。\n\n## 締め日\n\n経費の締め日は毎月二十五日。\n",
        ),
        ("content/finance/faq.md", "---\ntitle: 経理のよくある質問\n---\n\n領収書は原本を保管する。\n"),
        ("content/people/faq.md", "---\ntitle: 人事のよくある質問\n---\n\n有給休暇の申請は三日前までに。領収書は不要。\n"),
        ("content/people/offsite.md", "---\ntitle: オフサイト\ndescription: E-Group の年次オフサイトの進め方\n---\n\n## 準備\n\n会場を予約する。\n"),
        ("content/empty/_index.md", "---\ntitle: 空のフォルダー\n---\n"),
        (
            "content/rust/types.md",
            "---\ntitle: データ型\n---\n\n## スカラー型\n\n整数と浮動小数点数。\n\n## タプル型\n\n複数の型の値をまとめる。\n\n## 配列型\n\n同じ型の値を固定長で並べる。\n",
        ),
        (
            "content/ops/runbook.md",
            LONG_RUNBOOK,
        ),
        (
            "content/rust/tuple.md",
            "---\ntitle: タプルの使い方\n---\n\nタプルは値をまとめる。\n",
        ),
    ])
}

fn index_of(site: &Site) -> SearchIndex {
    let options = shiori::build::BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    let linked = shiori::build::link_site(&options).unwrap();
    shiori::search::site::rebuild_index(site.root(), &linked.library).unwrap()
}

fn urls(index: &SearchIndex, query: &str) -> Vec<String> {
    let results = index.search(query, &QueryOptions::default()).unwrap();
    results.hits.into_iter().map(|h| h.url).collect()
}

#[test]
fn section_pages_and_the_home_page_are_found_by_their_text() {
    let site = wiki();
    let index = index_of(&site);
    assert_eq!(urls(&index, "源泉徴収票"), ["finance/index.html"]);
    assert_eq!(urls(&index, "二十五日"), ["finance/index.html#締め日"]);
    assert_eq!(urls(&index, "ハンドブック"), ["index.html"]);
    let hit = &index
        .search("源泉徴収票", &QueryOptions::default())
        .unwrap()
        .hits[0];
    assert_eq!(hit.title, "経理");
    assert_eq!(hit.note_id, "finance/index.html");
}

#[test]
fn front_matter_descriptions_are_found_on_their_page() {
    let site = wiki();
    let index = index_of(&site);
    assert_eq!(urls(&index, "税務"), ["finance/index.html"]);
    assert_eq!(urls(&index, "E-Group"), ["people/offsite.html"]);
    // The description leads the page: the excerpt shows it.
    let results = index.search("E-Group", &QueryOptions::default()).unwrap();
    let text: String = results.hits[0]
        .excerpt
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert!(text.contains("年次オフサイト"), "{text}");
}

#[test]
fn a_folder_without_text_gives_no_document() {
    let site = wiki();
    let index = index_of(&site);
    assert!(urls(&index, "空のフォルダー").is_empty());
}

#[test]
fn notes_sharing_a_file_name_keep_their_own_titles() {
    let site = wiki();
    let index = index_of(&site);
    let results = index.search("領収書", &QueryOptions::default()).unwrap();
    let found: Vec<(&str, &str)> = results
        .hits
        .iter()
        .map(|h| (h.note_id.as_str(), h.title.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("finance/faq.html", "経理のよくある質問"),
            ("people/faq.html", "人事のよくある質問")
        ]
    );
}

/// The browser bundle of the built site: fragments of the notes that share
/// a file name carry each note's own title and URL.
#[test]
#[cfg_attr(
    missing_node,
    ignore = "node is not on PATH (apt-get install nodejs); CI=true runs it"
)]
fn bundle_fragments_of_same_named_notes_are_their_own() {
    if !node_available("bundle_fragments_of_same_named_notes_are_their_own") {
        return;
    }
    let site = wiki();
    site.build();
    let queries = site.root().join("queries.json");
    std::fs::write(&queries, r#"[{"query": "領収書"}, {"query": "税務"}]"#).unwrap();
    let out = run_node(
        "tests/js/parity-runner.mjs",
        &[&site.out().join("search"), &queries],
    );
    let answers: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        answers[0]["urls"],
        serde_json::json!(["finance/faq.html", "people/faq.html"])
    );
    assert_eq!(
        answers[0]["titles"],
        serde_json::json!(["経理のよくある質問", "人事のよくある質問"])
    );
    assert_eq!(
        answers[1]["urls"],
        serde_json::json!(["finance/index.html"])
    );
}

/// The search box hands its UI strings to the runtime as JSON in an
/// attribute: the attribute must survive HTML parsing whole.
#[test]
fn the_search_box_carries_its_ui_strings_as_json() {
    let site = wiki();
    site.build();
    let page = site.page("finance/faq.html");
    let raw = page.attrs("form.site-search", "data-i18n");
    let strings: serde_json::Value = serde_json::from_str(&raw[0]).unwrap();
    assert_eq!(strings["noResults"], "見つかりませんでした");
    assert_eq!(strings["placeholder"], "検索 (/)");
}

/// A page holding every word, each in a different section, matches: the
/// reader looks for the page, not for one section of it.
#[test]
fn a_page_matches_when_its_sections_hold_every_word_between_them() {
    let site = wiki();
    let index = index_of(&site);
    let by_section = index
        .search("タプル 配列 スカラー", &QueryOptions::default())
        .unwrap();
    assert!(by_section.or_fallback, "no single section holds all three");
    let by_page = index
        .search_notes("タプル 配列 スカラー", &QueryOptions::default())
        .unwrap();
    assert!(!by_page.or_fallback && !by_page.loosened);
    assert_eq!(by_page.total, 1);
    let page = &by_page.notes[0];
    assert_eq!(page.title, "データ型");
    let sections: Vec<&str> = page.sections.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(sections.len(), 3);
    assert!(sections.iter().all(|u| u.starts_with("rust/types.html#")));
    let mut headings: Vec<&str> = page
        .sections
        .iter()
        .map(|s| s.heading_path[0].as_str())
        .collect();
    headings.sort_unstable();
    assert_eq!(headings, ["スカラー型", "タプル型", "配列型"]);
}

#[test]
fn a_phrase_still_matches_within_one_section() {
    let site = wiki();
    let index = index_of(&site);
    // 「型の値」 is in two sections of データ型 but 「値を固定長」 only in one;
    // 「型の値をまとめる」 as a whole only in タプル型.
    let results = index
        .search_notes("\"型の値をまとめる\"", &QueryOptions::default())
        .unwrap();
    let urls: Vec<&str> = results
        .notes
        .iter()
        .map(|n| n.sections[0].url.as_str())
        .collect();
    assert_eq!(urls, ["rust/types.html#タプル型"]);
}

#[test]
fn cli_limit_counts_pages_and_sections_lists_sections() {
    let site = wiki();
    let run = site.run(&["search", "タプル", "--limit", "1", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(pages["notes"].as_array().unwrap().len(), 1);
    assert_eq!(pages["total"], 2);
    assert_eq!(pages["notes"][0]["title"], "タプルの使い方");
    let run = site.run(&["search", "タプル", "--sections", "--json"]);
    let sections: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let urls: Vec<&str> = sections["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls, ["rust/tuple.html", "rust/types.html#タプル型"]);
    let human = site.run(&["search", "タプル"]);
    assert!(
        human.stdout.contains(" 1. タプルの使い方"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(" 2. データ型 › タプル型"),
        "{}",
        human.stdout
    );
}

/// The excerpt centres on the match wherever it lies in the section: the
/// CLI's and the browser's are the same, and both mark the word.
#[test]
#[cfg_attr(
    missing_node,
    ignore = "node is not on PATH (apt-get install nodejs); CI=true runs it"
)]
fn excerpts_centre_on_a_match_past_the_start_of_a_long_section() {
    if !node_available("excerpts_centre_on_a_match_past_the_start_of_a_long_section") {
        return;
    }
    let site = wiki();
    let index = index_of(&site);
    let results = index
        .search_notes("ヘルムチャート", &QueryOptions::default())
        .unwrap();
    let cli: String = results.notes[0].sections[0]
        .excerpt
        .iter()
        .map(|p| {
            if p.is_match {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect();
    assert!(cli.contains("[ヘルムチャート]"), "{cli}");
    site.build();
    let queries = site.root().join("queries.json");
    std::fs::write(&queries, r#"[{"query": "ヘルムチャート"}]"#).unwrap();
    let out = run_node(
        "tests/js/parity-runner.mjs",
        &[&site.out().join("search"), &queries],
    );
    let answers: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(answers[0]["pageExcerpts"][0], cli.as_str());
}
