//! UI strings of the default theme in each supported language.

use crate::config::Language;
use std::collections::BTreeMap;

/// (key, Japanese, English)
const STRINGS: &[(&str, &str, &str)] = &[
    ("home", "ホーム", "Home"),
    ("skip_to_content", "本文へ移動", "Skip to content"),
    ("navigation", "ナビゲーション", "Navigation"),
    ("breadcrumbs", "パンくずリスト", "Breadcrumbs"),
    ("sections", "セクション", "Sections"),
    ("notes", "ノート", "Notes"),
    ("tags", "タグ", "Tags"),
    ("all_tags", "すべてのタグ", "All tags"),
    ("toc", "目次", "Contents"),
    ("backlinks", "このノートを参照しているノート", "Linked from"),
    ("unwritten", "このノートはまだ書かれていません。次のノートがこの名前にリンクしています。", "This note has not been written yet. These notes link to its name."),
    ("no_backlinks", "このノートを参照しているノートはまだありません。", "No note links here yet."),
    ("related", "関連ノート", "Related notes"),
    ("cited_docs", "公式ドキュメント", "Official documentation"),
    ("official_docs", "公式ドキュメント一覧", "Official documentation"),
    ("official_docs_intro", "ノートが参照している公式ドキュメントをカテゴリー別に並べています。", "The official pages the notes cite, by category."),
    ("cited_by", "参照しているノート", "Cited by"),
    ("not_cited", "まだどのノートも参照していません", "No note cites this page yet"),
    ("uncovered", "まだノートがない公式ページ", "Official pages no note covers yet"),
    ("uncovered_none", "すべての公式ページがいずれかのノートで参照されています。", "Every official page is cited by at least one note."),
    ("coverage", "カバー率", "Coverage"),
    ("catalog_entry", "一覧で見る", "In the catalog"),
    ("reviewed", "最終確認", "Reviewed"),
    ("stale", "要再確認", "Needs review"),
    ("stale_title", "公式ドキュメントとの突き合わせから時間が経っています", "Not checked against the official docs for a long time"),
    ("not_reviewed", "未確認", "Not reviewed"),
    ("prev", "前へ", "Previous"),
    ("next", "次へ", "Next"),
    ("pages", "ページ", "Pages"),
    ("more_notes", "件のノートがほかにもあります", "more notes"),
    ("reading_order", "読む順番", "Reading order"),
    ("print", "印刷用ページ", "Print version"),
    ("print_title", "全ノート (印刷用)", "All notes (print)"),
    ("print_intro_parts", "すべてのノートを読む順番でまとめています。ノートが多いので、いくつかのページに分けています。オフラインで読むときや PDF に保存するときに使ってください。", "Every note in reading order, split over several pages because there are many, for reading offline or saving as PDF."),
    ("print_intro", "すべてのノートを読む順番で 1 ページにまとめています。オフラインで読むときや PDF に保存するときに使ってください。", "Every note in reading order on one page, for reading offline or saving as PDF."),
    ("search", "検索", "Search"),
    ("search_placeholder", "検索 (/)", "Search (/)"),
    ("search_no_results", "見つかりませんでした", "No results"),
    ("search_or_fallback", "すべての語を含むページはありません。いずれかの語を含むページ:", "No page has every word. Pages with some of them:"),
    ("search_loading", "読み込み中…", "Loading…"),
    ("search_results_for", "検索結果", "Results for"),
    ("search_noscript", "検索には JavaScript が必要です。", "Search needs JavaScript."),
    ("search_count", "{n} 件のページ", "{n} pages"),
    ("search_count_more", "{n} 件以上のページ", "{n}+ pages"),
    ("search_all_results", "すべての結果を見る", "See all results"),
    ("search_loosened", "書かれたとおりの語を含むページはありません。文字が離れて現れるページ:", "No page has the words as written. Pages where their characters appear apart:"),
    ("search_did_you_mean", "もしかして:", "Did you mean:"),
    ("search_no_results_hint", "語を減らすか短くする、別の書き方（カタカナ・英語）を試す、タグの絞り込みを外す、などを試してください。", "Try fewer or shorter words, another spelling, or removing tag filters."),
    ("not_found_title", "ページが見つかりません", "Page not found"),
    ("not_found_text", "お探しのページは移動したか、削除された可能性があります。", "The page may have moved or been removed."),
    ("recently_reviewed", "最近確認されたノート", "Recently reviewed"),
    ("last_changed", "最終更新", "Last updated"),
    ("recently_changed", "最近の変更", "Recently changed"),
    ("recently_changed_intro", "最近変更されたノートを新しい順に並べています。", "The notes changed last, newest first."),
    ("all_changes", "最近の変更をすべて見る", "All recent changes"),
    ("feed", "更新フィード (Atom)", "Feed of changes (Atom)"),
    ("section", "セクション", "Section"),
    ("author", "著者", "Author"),
    ("edit", "このページを編集", "Edit this page"),
    ("subsections", "サブセクション", "Subsections"),
    ("map", "ノートの地図", "Knowledge map"),
    ("map_description", "ノートを点、ノート間のリンクを線で、公式ドキュメントを右側の菱形で描いています。色はセクション、点の大きさは参照されている数を表します。破線の菱形はまだどのノートも参照していない公式ページです。", "Notes are dots and links between them are lines; official documentation pages are the diamonds on the right. Colour is the section; size is how many notes link to a note. Dashed diamonds are official pages no note cites yet."),
    ("map_sections_shown", "セクションが {total} あるため、ほかのセクションとのリンクが多い {shown} セクションだけを描いています。すべてのセクションはホームの一覧にあります。", "Of the {total} sections, the {shown} with the most links to and from other sections are drawn; the home page lists every section."),
    ("map_description_sections", "ノートが多いので、セクションを点、セクションのノート間にあるリンクを線で描いています。括弧内はノートの数、列は最上位のセクション、点の大きさは参照しているセクションの数です。公式ドキュメントは右側の菱形で、破線はまだどのノートも参照していないページです。", "There are many notes, so sections are the dots and a line means notes of two sections link to each other. The number is the section's notes; columns are top-level sections; size is how many sections link to one. Official documentation pages are the diamonds on the right; dashed ones are cited by no note yet."),
    ("map_lists", "地図の内容 (一覧)", "What the map shows, as lists"),
    ("links_to", "リンク先", "Links to"),
    ("neighbourhood", "このノートのつながり", "This note's connections"),
    ("neighbourhood_description", "左はこのノートを参照しているノート、右はこのノートからのリンク先と参照している公式ドキュメントです。", "Left: notes linking here. Right: notes this note links to and the official pages it cites."),
    ("draft", "下書き", "Draft"),
    ("generated_by", "shiori で生成", "Built with shiori"),
    ("menu", "メニュー", "Menu"),
    ("close", "閉じる", "Close"),
    ("theme", "テーマ", "Theme"),
    ("theme_system", "システム設定に合わせる", "as the system"),
    ("theme_light", "ライト", "light"),
    ("theme_dark", "ダーク", "dark"),
    ("copy_code", "コピー", "Copy"),
    ("copied", "コピーしました", "Copied"),
    ("copy_failed", "コピーできませんでした", "Could not copy"),
    ("moved_title", "このページは移動しました", "This page has moved"),
    ("moved_text", "新しい場所:", "It is now at:"),
];

/// The strings for `language`, keyed by name, for templates (`{{ t.backlinks }}`).
pub fn strings(language: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(key, ja, en)| (*key, if language == Language::Ja { *ja } else { *en }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_translated() {
        let ja = strings(Language::Ja);
        let en = strings(Language::En);
        assert_eq!(ja.len(), STRINGS.len(), "a key is listed twice");
        for (key, japanese, english) in STRINGS {
            assert!(!japanese.is_empty() && !english.is_empty(), "{key}");
            // Japanese text has Japanese in it (placeholders and names aside).
            assert!(
                japanese.chars().any(|c| c as u32 >= 0x3000) || japanese == english,
                "{key}: {japanese}"
            );
        }
        assert_eq!(ja["backlinks"], "このノートを参照しているノート");
        assert_eq!(en["backlinks"], "Linked from");
    }

    #[test]
    fn every_key_is_used_by_the_default_theme_or_the_code() {
        let theme = concat!(
            include_str!("../../themes/default/templates/base.html"),
            include_str!("../../themes/default/templates/nav.html"),
            include_str!("../../themes/default/templates/macros.html"),
            include_str!("../../themes/default/templates/index.html"),
            include_str!("../../themes/default/templates/section.html"),
            include_str!("../../themes/default/templates/note.html"),
            include_str!("../../themes/default/templates/tag.html"),
            include_str!("../../themes/default/templates/unwritten.html"),
            include_str!("../../themes/default/templates/tags.html"),
            include_str!("../../themes/default/templates/docs.html"),
            include_str!("../../themes/default/templates/map.html"),
            include_str!("../../themes/default/templates/print.html"),
            include_str!("../../themes/default/templates/search.html"),
            include_str!("../../themes/default/templates/404.html"),
            include_str!("../../themes/default/templates/meta.html"),
            include_str!("../../themes/default/templates/recent.html"),
        );
        let code = [
            include_str!("pages/mod.rs"),
            include_str!("pages/note.rs"),
            include_str!("pages/map.rs"),
            include_str!("sidebar.rs"),
            include_str!("pages/lists.rs"),
            include_str!("pages/feed.rs"),
            include_str!("redirects.rs"),
            include_str!("not_found.rs"),
            include_str!("og.rs"),
        ]
        .concat();
        for (key, ..) in STRINGS {
            let used = theme.contains(&format!("t.{key}"))
                || code.contains(&format!("[\"{key}\"]"))
                || theme.contains(&format!("'{key}'"));
            assert!(used, "the UI string `{key}` is not used");
        }
    }
}
