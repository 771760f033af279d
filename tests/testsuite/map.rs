//! The knowledge map: one node per note and catalog page, one edge per link,
//! hrefs that resolve, the same bytes on every build.

use crate::common::Site;

fn site() -> Site {
    Site::with(&[
        (
            "content/official-docs.yaml",
            "- id: fargate\n  title: AWS Fargate\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/fargate.html\n  category: ノード\n- id: ebs-csi\n  title: EBS CSI\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/ebs-csi.html\n  category: ストレージ\n",
        ),
        ("content/a/_index.md", "---\ntitle: セクションA\n---\n"),
        ("content/a/one.md", "---\ntitle: ノート1\ndocs: [fargate]\n---\n[[two]] と [[three]]、もう一度 [[two]]。\n"),
        ("content/a/two.md", "---\ntitle: ノート2\n---\n[[one]]\n"),
        ("content/b/three.md", "---\ntitle: ノート3\n---\n[[doc:fargate]] だけ。\n"),
    ])
}

#[test]
fn the_map_page_has_a_node_per_note_and_doc_and_an_edge_per_link() {
    let site = site();
    site.build();
    let page = site.page("map.html");
    assert_eq!(page.count("svg a.map-note"), 3);
    assert_eq!(page.count("svg a.map-doc"), 2);
    assert_eq!(
        page.count("svg a.map-doc-uncovered"),
        1,
        "ebs-csi is cited by no note"
    );
    assert_eq!(
        page.count("svg path.map-edge"),
        3,
        "one→two, one→three, two→one (the repeated link counts once)"
    );
    assert_eq!(page.count("svg path.map-citation"), 2);
    assert_eq!(
        page.count("svg title"),
        1 + 3 + 2,
        "the map and every node have a title"
    );
    for href in page.attrs("svg a", "href") {
        let path = href.split('#').next().unwrap();
        assert!(site.out().join(path).is_file(), "{href} does not resolve");
    }
    assert_eq!(
        page.texts(".map-list > li > a"),
        ["ノート3", "ノート1", "ノート2"],
        "the same information as a list, in reading order (`b` sorts before セクションA)"
    );
}

#[test]
fn each_note_has_a_map_of_its_neighbourhood() {
    let site = site();
    site.build();
    let page = site.page("a/two.html");
    let hrefs = page.attrs(".note-map svg a", "href");
    assert!(
        hrefs.contains(&"one.html".to_string()) || hrefs.contains(&"../a/one.html".to_string()),
        "{hrefs:?}"
    );
    assert_eq!(
        page.count(".note-map svg a.map-note"),
        2,
        "two itself and one (linking both ways)"
    );
    for href in hrefs {
        let path = href.split('#').next().unwrap();
        assert!(
            site.out().join("a").join(path).is_file(),
            "{href} does not resolve"
        );
    }
}

#[test]
fn the_map_is_identical_across_builds() {
    let site = site();
    site.build();
    let first = site.read("map.html");
    site.build();
    assert_eq!(first, site.read("map.html"));
}
