//! Obsidian's embeds of notes, headings and blocks show the target's
//! content in a marked box with a link to the source; cycles and missing
//! targets stay links.

use crate::common::Site;

fn vault() -> Site {
    Site::with(&[
        (
            "content/日記.md",
            "---\ntitle: 日記\n---\n前文\n\n![[レシピ]]\n\n![[レシピ#材料]]\n\n![[レシピ#^tip]]\n\n![[ない]]\n\n本文に ![[レシピ]] と書く\n",
        ),
        (
            "content/料理/レシピ.md",
            "---\ntitle: カレー\n---\n導入は [[日記]] へ。\n\n## 材料\n\n- 玉ねぎ\n- [[肉]]\n\n### 下ごしらえ\n\n[[#手順|手順へ]]\n\n## 手順\n\n煮込む。 ^tip\n",
        ),
        ("content/料理/肉.md", "---\ntitle: 肉\n---\n牛肉\n"),
        ("content/a.md", "---\ntitle: A\n---\n![[b]]\n"),
        ("content/b.md", "---\ntitle: B\n---\nBの本文\n\n![[a]]\n"),
    ])
}

#[test]
fn an_embed_shows_the_note_heading_or_block_it_names() {
    let site = vault();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("日記.html");
    assert_eq!(page.count(".note-body .embed"), 3, "{}", page.html());
    assert_eq!(
        page.attrs(".embed > .embed-source a", "href"),
        [
            "料理/レシピ.html",
            "料理/レシピ.html#材料",
            "料理/レシピ.html#block-tip"
        ]
    );
    let bodies = page.texts(".embed > .embed-body");
    // The whole note, its links leading from the embedding page.
    assert!(
        bodies[0].contains("導入は") && bodies[0].contains("煮込む"),
        "{bodies:?}"
    );
    // A heading: down to the next heading of its level.
    assert!(
        bodies[1].contains("玉ねぎ")
            && bodies[1].contains("下ごしらえ")
            && !bodies[1].contains("煮込む"),
        "{bodies:?}"
    );
    // A block: its paragraph only, without the block id.
    assert_eq!(bodies[2].trim(), "煮込む。");
    let hrefs = page.attrs(".embed-body a:not(.heading-anchor)", "href");
    assert!(hrefs.contains(&"料理/肉.html".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"日記.html".to_string()), "{hrefs:?}");
    // A link to a heading of the embedded note leads to its page.
    assert!(
        hrefs.contains(&"料理/レシピ.html#手順".to_string()),
        "{hrefs:?}"
    );
    // Ids inside an embed never repeat the page's own.
    let ids = page.attrs(".embed-body h2", "id");
    assert!(ids.iter().all(|id| id.starts_with("embed")), "{ids:?}");
    let unique: std::collections::HashSet<_> = page.attrs("[id]", "id").into_iter().collect();
    assert_eq!(unique.len(), page.count("[id]"));
    let html = page.html();
    assert!(!html.contains("<p><div"), "no box inside a paragraph");
}

#[test]
fn a_missing_target_is_a_warning_and_an_unresolved_link() {
    let site = vault();
    let run = site.build();
    assert!(run.stderr.contains("ない"), "{}", run.stderr);
    let page = site.page("日記.html");
    assert!(page
        .texts(".broken-link")
        .iter()
        .any(|t| t.contains("ない")));
}

#[test]
fn an_embed_among_text_and_a_cycle_stay_links() {
    let site = vault();
    site.build();
    let page = site.page("日記.html");
    // `本文に ![[レシピ]] と書く`: a link in its sentence.
    assert_eq!(
        page.attrs("p a.wikilink", "href").last().unwrap(),
        "料理/レシピ.html"
    );
    // a embeds b, which embeds a: a's page shows b once, and b's embed of a as a link.
    let a = site.page("a.html");
    assert_eq!(a.count(".embed"), 1, "{}", a.html());
    assert!(a.text(".embed-body").contains("Bの本文"));
    assert_eq!(a.attrs(".embed-body a.wikilink", "href"), ["a.html"]);
}
