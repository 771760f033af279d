//! Obsidian links to notes not written yet: each name gets a page listing
//! the notes that link to it; a Bases view, which shiori cannot show, is
//! removed with a warning.

use crate::common::Site;

#[test]
fn a_link_to_a_note_not_written_yet_leads_to_a_page_listing_who_names_it() {
    let site = Site::with(&[
        (
            "content/Daily/2023-09-12.md",
            "---\ncategories: \"[[Daily]]\"\n---\n今日は [[京都旅行]] の計画。\n\n![[Daily.base]]\n\n詳しくは [[京都旅行#日程|日程]]。\n",
        ),
        ("content/Notes/Trips.md", "# 旅\n\n[[京都旅行]] と [メモ](missing.md)\n"),
        ("content/Daily/2023-09-30.md", "## Notes\n\n![[Daily.base]]\n"),
    ]);
    let run = site.build();
    let daily = site.page("Daily/2023-09-12.html");
    assert_eq!(daily.count(".broken-link"), 0, "{}", daily.html());
    let hrefs = daily.attrs(".note-body a", "href");
    assert!(
        hrefs.iter().any(|h| h.ends_with("unwritten/京都旅行.html")),
        "{hrefs:?}"
    );
    let ghost = site.page("unwritten/京都旅行.html");
    assert_eq!(ghost.text("h1"), "京都旅行");
    assert!(ghost
        .text(".unwritten-note")
        .contains("まだ書かれていません"));
    assert_eq!(ghost.texts(".note-list li a"), ["2023-09-12", "旅"]);
    // The base view is gone, and the build says where it was.
    assert!(!daily.html().contains("Daily.base"), "{}", daily.html());
    assert!(
        run.stderr.contains("Daily.base") && run.stderr.contains("2023-09-12.md:6"),
        "{}",
        run.stderr
    );
    // Also in a note with nothing else to translate.
    let plain = site.page("Daily/2023-09-30.html");
    assert!(!plain.html().contains("Daily.base"), "{}", plain.html());
    // A Markdown path to a missing file stays unresolved.
    assert_eq!(site.page("Notes/Trips.html").count(".broken-link"), 1);
    // In a vault, naming a note to write later is no warning.
    assert!(!run.stderr.contains("no note is named"), "{}", run.stderr);
}

#[test]
fn outside_a_vault_such_a_link_is_unresolved_and_reported() {
    let site = Site::with(&[("content/a.md", "# A\n\n[[書きかけ]]\n")]);
    let run = site.build();
    assert!(!site.out().join("unwritten").exists());
    assert_eq!(site.page("a.html").count(".broken-link"), 1);
    assert!(
        run.stderr.contains("no note is named `書きかけ`"),
        "{}",
        run.stderr
    );
}
