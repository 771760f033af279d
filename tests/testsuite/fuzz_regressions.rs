//! Inputs found by fuzzing (`scripts/fuzz.sh`) or by its invariants, replayed
//! through the same path as the fuzz target: load from memory → parse → link
//! → render every page, checking the same invariants (no panic, no page
//! written twice or outside the output, no script or script URL in a page).

#[path = "../../fuzz/src/lib.rs"]
mod fuzz_input;
use crate::common::Site;
use fuzz_input::{encode, run};

const CATALOG: &[u8] = b"- id: private-clusters\n  title: \xe3\x83\x97\xe3\x83\xa9\xe3\x82\xa4\xe3\x83\x99\xe3\x83\xbc\xe3\x83\x88\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/private-clusters.html\n  category: c\n";

#[test]
fn a_small_site_goes_through_every_stage() {
    let note = "---\ntitle: ノート\ntags: [network]\ndocs: [private-clusters]\n---\n## 見出し\n\n[[b]] [[doc:private-clusters]]\n";
    let other = "# B\n\n[[a#見出し]]\n";
    let outcome = run(&encode(
        0b0000_1001,
        0,
        &[CATALOG, note.as_bytes(), other.as_bytes()],
    ));
    assert_eq!(outcome.errors, 0);
    assert!(outcome.pages["a.html"].contains("id=\"見出し\""));
    assert!(outcome.pages.contains_key("net/b.html"));
    assert!(outcome.pages.contains_key("official-docs.html"));
}

#[test]
fn empty_and_truncated_inputs_are_fine() {
    for data in [&b""[..], b"\x00", b"\xff", b"\xff\xff\x00\x00\x00\x00\x00"] {
        run(data);
    }
}

/// A note whose output is a page of the site itself (`map.md`, `slug: print`)
/// was silently overwritten by that page: its text was lost and every link to
/// it opened the map. Found by the "no page written twice" invariant.
/// (`404.md` is the exception: it supplies the not-found page, see tests/foreign_layout.rs.)
#[test]
fn a_note_cannot_take_the_place_of_a_site_page() {
    for page in ["map", "print", "official-docs", "search"] {
        let note = format!("---\ntitle: ノート\nslug: {page}\n---\n本文\n");
        let outcome = run(&encode(0, 0, &[note.as_bytes()]));
        assert_eq!(outcome.errors, 1, "slug: {page}");
    }

    let site = Site::with(&[("content/map.md", "# 地図について\n\n本文\n")]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("map.html"), "{}", run.stderr);
    assert!(run.stderr.contains("content/map.md"), "{}", run.stderr);
}

/// The tag `index` had its page at `tags/index.html`, over the list of all tags.
#[test]
fn a_tag_named_index_keeps_the_tag_list() {
    let note = "---\ntitle: ノート\ntags: [index, Index]\n---\n本文\n";
    let outcome = run(&encode(0, 0, &[note.as_bytes()]));
    assert_eq!(outcome.errors, 0);
    assert!(outcome.pages["tags/index.html"].contains("index-tag.html"));
    assert!(outcome.pages["tags/index-tag.html"].contains("a.html"));
}

/// `tags/` holds the tag pages: a note or folder there could overwrite one
/// (`content/tags/network.md` and the tag `network`).
#[test]
fn notes_and_folders_cannot_use_the_tags_folder() {
    let site = Site::with(&[(
        "content/tags/network.md",
        "---\ntags: [network]\n---\n本文\n",
    )]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/tags/network.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("which holds the tag pages"),
        "{}",
        run.stderr
    );
}
