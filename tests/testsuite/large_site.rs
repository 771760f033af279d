//! Sites past a few hundred notes: no page grows with the number of notes.
//! The sidebar, tag pages, the print version and the map are cut to a size
//! that does not depend on the site, and what is cut stays reachable.

use crate::common::Site;
use std::collections::HashSet;

const NOTES_PER_SECTION: usize = 16;

/// A site of `sections` sections of 16 notes. Every note is tagged `common`
/// and links to a note two sections on, so links cross print parts too.
fn large_site(sections: usize) -> Site {
    let site = Site::new();
    let notes = sections * NOTES_PER_SECTION;
    site.write(
        "content/official-docs.yaml",
        "- id: what-is-eks\n  title: Amazon EKS とは\n  url: https://docs.aws.amazon.com/eks/\n  category: 概要\n",
    );
    for s in 0..sections {
        site.write(
            &format!("content/s{s:02}/_index.md"),
            &format!("---\ntitle: セクション{s:02}\nweight: {s}\n---\n"),
        );
    }
    for n in 0..notes {
        let s = n / NOTES_PER_SECTION;
        let target = (n + 2 * NOTES_PER_SECTION) % notes;
        site.write(
            &format!("content/s{s:02}/n{n:04}.md"),
            &format!(
                "---\ntitle: ノート{n:04}\ntags: [common, t{}]\nweight: {n}\ndocs: [what-is-eks]\n---\n\
                 ## 概要\n\nノート{n:04} の本文です。EKS のクラスターについて。\n\n\
                 次は [[n{target:04}]] を読みます。\n",
                n % 7
            ),
        );
    }
    site
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

fn note_page_sizes(site: &Site) -> Vec<u64> {
    crate::common::files_below(&site.out())
        .into_iter()
        .filter(|p| p.starts_with('s') && p.contains("/n") && p.ends_with(".html"))
        .map(|p| site.out().join(p).metadata().unwrap().len())
        .collect()
}

#[test]
fn note_pages_do_not_grow_with_the_site() {
    let small = large_site(25);
    small.build();
    let big = large_site(75);
    big.build();
    let (small_median, big_median) = (
        median(note_page_sizes(&small)),
        median(note_page_sizes(&big)),
    );
    assert!(
        big_median * 100 <= small_median * 103,
        "median note page: {small_median} bytes at 400 notes, {big_median} at 1,200"
    );
    // The sidebar lists the sections around the current one (28 to 51),
    // and links to the pages of the section list that show the rest.
    let page = big.page("s40/n0640.html");
    let sections = page.texts(".nav-section-title");
    assert_eq!(sections.len(), 24, "{sections:?}");
    assert!(sections.contains(&"セクション40".to_string()));
    assert_eq!(
        page.attrs(".nav-more a", "href"),
        ["../index.html#sections", "../index-2.html#sections"]
    );
    assert_eq!(page.texts(".nav-more a"), ["… 28", "… 23"]);
    // The section list: 48 cards on the home page, the other 27 on page 2.
    let home = big.page("index.html");
    assert_eq!(home.count("#sections"), 1);
    assert_eq!(home.count(".section-card"), 48);
    // Home cards show the first notes of each section and link to the rest.
    assert_eq!(home.count(".section-card .note-list li"), 48 * 5);
    assert_eq!(
        home.attrs(".pagination a[rel=next]", "href"),
        ["index-2.html"]
    );
    let second = big.page("index-2.html");
    assert_eq!(second.count(".section-card"), 27);
    assert_eq!(
        second
            .texts(".section-card h3 a")
            .first()
            .map(String::as_str),
        Some("セクション48")
    );
    assert_eq!(
        second.attrs(".pagination a[rel=prev]", "href"),
        ["index.html"]
    );
    assert_eq!(second.text("title"), "セクション (2/2) | shiori");
    // Page 2 is only the list: no intro, tags or recent notes again.
    assert_eq!(second.count(".tag-cloud"), 0);
    // Its sidebar lists the sections around its own (the last 24 here).
    let listed = second.texts(".nav-section-title");
    assert_eq!(listed.first().map(String::as_str), Some("セクション51"));
    assert_eq!(listed.last().map(String::as_str), Some("セクション74"));
    assert_eq!(second.texts(".nav-more a"), ["… 51"]);
    assert!(!big.out().join("index-3.html").exists());
    // No page of the list grows with the site either.
    let size = |site: &Site, page: &str| site.out().join(page).metadata().unwrap().len();
    assert!(size(&big, "index.html") <= size(&small, "index.html") * 2);
}

#[test]
fn the_map_of_a_site_with_many_sections_draws_the_60_most_linked() {
    let site = large_site(75);
    site.build();
    let map = site.page("map.html");
    let sections: HashSet<String> = map
        .attrs("figure.knowledge-map a", "href")
        .into_iter()
        .filter(|h| h.ends_with("/index.html"))
        .collect();
    assert_eq!(sections.len(), 60, "{sections:?}");
    assert!(
        map.text(".lead").contains("セクションが 75 あるため"),
        "{}",
        map.text(".lead")
    );
    // The lists under the map follow the drawing.
    assert_eq!(map.count(".map-list > li"), 60);
}

#[test]
fn the_home_page_of_a_large_site_shows_the_50_most_used_tags() {
    let site = Site::new();
    for n in 0..320 {
        // Tag `t{n}` on one note, and `common` on all: 321 tags.
        site.write(
            &format!("content/s{:02}/n{n:03}.md", n / 32),
            &format!("---\ntitle: ノート{n:03}\ntags: [common, t{n:03}]\n---\n本文\n"),
        );
    }
    site.build();
    let home = site.page("index.html");
    let tags = home.texts(".tag-cloud .tag-chip");
    assert_eq!(tags.len(), 50, "{tags:?}");
    assert!(tags[0].starts_with("#common"), "{tags:?}");
    assert_eq!(home.text(".tag-cloud + p.more a"), "すべてのタグ (+271)");
    assert_eq!(site.page("tags/index.html").count(".tag-chip"), 321);
}

#[test]
fn a_tag_with_many_notes_is_split_into_pages_of_100() {
    let site = large_site(25);
    site.build();
    let first = site.page("tags/common.html");
    assert_eq!(first.text("h1"), "#common (400)");
    assert_eq!(first.count(".note-list li"), 100);
    assert_eq!(
        first.attrs(".pagination a[rel=next]", "href"),
        ["../tags/common/2.html"]
    );
    assert!(first
        .attrs(".pagination li a", "href")
        .contains(&"../tags/common/4.html".to_string()));

    let last = site.page("tags/common/4.html");
    assert_eq!(last.count(".note-list li"), 100);
    assert_eq!(last.text(".pagination [aria-current=page]"), "4");
    assert_eq!(
        last.attrs(".pagination a[rel=prev]", "href"),
        ["../../tags/common/3.html"]
    );
    assert!(last.attrs(".pagination a[rel=next]", "href").is_empty());
    // Every note appears on exactly one page.
    let mut seen = HashSet::new();
    for page in [
        "tags/common.html",
        "tags/common/2.html",
        "tags/common/3.html",
        "tags/common/4.html",
    ] {
        for title in site.page(page).texts(".note-list li > a") {
            assert!(seen.insert(title.clone()), "{title} listed twice");
        }
    }
    assert_eq!(seen.len(), 400);
    // A note's page links to the tag's first page.
    let note = site.page("s03/n0050.html");
    assert!(note
        .attrs("a.tag-chip", "href")
        .contains(&"../tags/common.html".to_string()));
}

#[test]
fn the_print_version_of_a_large_site_comes_in_parts_in_reading_order() {
    let site = large_site(25);
    site.build();
    let first = site.page("print.html");
    let second = site.page("print-2.html");
    assert_eq!(first.count(".print-note"), 200);
    assert_eq!(second.count(".print-note"), 200);
    assert_eq!(second.texts(".print-note-title")[0], "ノート0200");
    assert_eq!(second.attrs(".print-toc ol", "start"), ["201"]);
    // A link to a note in the same part stays on the page; one to a note
    // in the other part goes there, to an anchor that exists.
    let ids: HashSet<String> = second.attrs("[id]", "id").into_iter().collect();
    let links = first.attrs(".print-note a", "href");
    assert!(links.contains(&"#note-33".to_string()), "{links:?}");
    let across: Vec<&String> = links
        .iter()
        .filter(|h| h.starts_with("print-2.html#"))
        .collect();
    assert!(!across.is_empty(), "{links:?}");
    for href in across {
        let anchor = href.trim_start_matches("print-2.html#");
        assert!(
            ids.contains(anchor),
            "{href} points to no element of print-2.html"
        );
    }
    assert!(!site.out().join("print-3.html").exists());
}

#[test]
fn the_map_of_a_large_site_shows_sections() {
    let site = large_site(25);
    site.build();
    let map = site.page("map.html");
    let hrefs: HashSet<String> = map
        .attrs("figure.knowledge-map a", "href")
        .into_iter()
        .collect();
    for s in 0..25 {
        assert!(
            hrefs.contains(&format!("s{s:02}/index.html")),
            "s{s:02} missing"
        );
    }
    assert!(
        !hrefs.iter().any(|h| h.contains("/n0")),
        "note nodes on a section map"
    );
    assert!(map
        .text("figure.knowledge-map")
        .contains("セクション07 (16)"));
}

#[test]
fn a_note_named_like_a_print_part_is_an_error() {
    let site = large_site(25);
    site.write("content/print-2.md", "# 印刷\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("print-2.html"), "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn a_note_named_like_a_page_of_the_section_list_is_an_error() {
    // 75 sections: the list has a second page, index-2.html.
    let site = large_site(75);
    site.write("content/index-2.md", "# 目次\n");
    site.write("content/index-3.md", "# 目次\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("index-2.html"), "{}", run.stderr);
    // There is no third page: index-3.html is the note's.
    assert!(!run.stderr.contains("index-3.html"), "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn the_catalog_lists_20_citing_notes_per_page_and_counts_the_rest() {
    let site = large_site(25);
    site.build();
    let docs = site.page("official-docs.html");
    assert_eq!(docs.count("#doc-what-is-eks + dd .note-list li"), 20);
    assert_eq!(
        docs.text("#doc-what-is-eks + dd .more"),
        "… 380 件のノートがほかにもあります"
    );
    // The section map joins a section to the pages its notes cite most.
    let map = site.page("map.html");
    assert!(map.text(".map-lists").contains("Amazon EKS とは"));
}
