//! `SearchIndex::search` over a small Japanese fixture: what `shiori search`
//! shows a user.

mod common;

use common::fixture::eks_sections;
use shiori::search::{build_index, open_index, QueryOptions, SearchIndex, SearchResults};

fn index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = build_index(&eks_sections(), &dir.path().join("index")).unwrap();
    (dir, index)
}

fn search(index: &SearchIndex, query: &str) -> SearchResults {
    index.search(query, &QueryOptions::default()).unwrap()
}

fn urls(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.url.as_str()).collect()
}

fn marked(results: &SearchResults, i: usize) -> String {
    results.hits[i]
        .excerpt
        .iter()
        .map(|p| {
            if p.is_match {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

#[test]
fn title_match_ranks_first() {
    let (_dir, index) = index();
    let results = search(&index, "プライベートクラスター");
    assert_eq!(results.hits[0].note_id, "private-cluster");
    assert!(!results.or_fallback);
    // The Fargate note says プライベートサブネット, not クラスター: no match.
    assert!(results.hits.iter().all(|h| h.note_id == "private-cluster"));
}

#[test]
fn english_word_and_prefix() {
    let (_dir, index) = index();
    let full = search(&index, "fargate ");
    assert_eq!(full.hits[0].note_id, "fargate");
    let typed = search(&index, "farg");
    assert_eq!(urls(&typed), urls(&full));
}

#[test]
fn words_are_anded() {
    let (_dir, index) = index();
    let results = search(&index, "CNI アップグレード");
    assert_eq!(results.hits[0].note_id, "cni-upgrade");
    assert!(results.hits.iter().all(|h| h.note_id == "cni-upgrade"));
}

#[test]
fn phrase_falls_back_to_bigrams_then_or() {
    let (_dir, index) = index();
    // No section says プライベートクラスタの制限 verbatim; its bigrams still overlap.
    let loose = search(&index, "プライベートクラスタの制限");
    assert_eq!(loose.hits[0].note_id, "private-cluster");
    assert!(!loose.or_fallback);
    // No section has both words: the OR results are shown, and said to be.
    let or = search(&index, "daemonset プレフィックス");
    assert!(or.or_fallback);
    let notes: Vec<&str> = or.hits.iter().map(|h| h.note_id.as_str()).collect();
    assert!(
        notes.contains(&"fargate") && notes.contains(&"cni-upgrade"),
        "{notes:?}"
    );
}

#[test]
fn quoted_phrase_must_match_verbatim() {
    let (_dir, index) = index();
    assert_eq!(
        search(&index, "\"node groups\"").hits[0].note_id,
        "autoscaler"
    );
    assert!(search(&index, "\"groups node\"").hits.is_empty());
}

#[test]
fn tag_filter() {
    let (_dir, index) = index();
    let results = search(&index, "vpc tag:network");
    assert!(!results.hits.is_empty());
    assert!(results
        .hits
        .iter()
        .all(|h| h.tags.contains(&"network".to_string())));
    let opts = QueryOptions {
        tags: vec!["Compute".into()],
        limit: 10,
    };
    let compute = index.search("プライベート", &opts).unwrap();
    assert!(
        compute.hits.iter().all(|h| h.note_id == "fargate"),
        "{:?}",
        urls(&compute)
    );
}

#[test]
fn single_kanji_finds_every_section_containing_it() {
    let (_dir, index) = index();
    let results = search(&index, "鍵");
    assert_eq!(urls(&results), ["security/secrets.html"]);
    assert_eq!(marked(&results, 0), "KMS の[鍵]でSecretsをエンベロープ暗号化する。[鍵]のローテーションに注意。合[鍵]は作れない。");
}

#[test]
fn identifiers_with_punctuation_are_phrases() {
    let (_dir, index) = index();
    let results = search(&index, "route53:AssociateVPCWithHostedZone");
    assert_eq!(urls(&results), ["cluster/private-cluster.html#route53"]);
    let flag = search(&index, "--balance-similar-node-groups");
    assert_eq!(flag.hits[0].note_id, "autoscaler");
    assert!(marked(&flag, 0).contains("[balance-similar-node-groups]"));
}

#[test]
fn excerpt_marks_matches_and_hit_carries_the_heading() {
    let (_dir, index) = index();
    let results = search(&index, "枯渇");
    assert_eq!(results.hits[0].url, "network/cni-upgrade.html#ip枯渇");
    assert_eq!(results.hits[0].heading_path, ["IP アドレスの枯渇"]);
    assert!(marked(&results, 0).contains("[枯渇]"));
}

#[test]
fn reopened_index_gives_the_same_answers() {
    let (dir, index) = index();
    let before = urls(&search(&index, "ノード")).join(" ");
    drop(index);
    let reopened = open_index(&dir.path().join("index")).unwrap();
    assert_eq!(urls(&search(&reopened, "ノード")).join(" "), before);
}

#[test]
fn refuses_to_replace_a_directory_that_is_not_an_index() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "大事なメモ").unwrap();
    assert!(build_index(&eks_sections(), dir.path()).is_err());
    assert!(dir.path().join("notes.md").exists());
}

#[test]
fn site_index_is_rebuilt_when_content_is_newer() {
    let site = tempfile::tempdir().unwrap();
    let note = site.path().join("content/cluster/private.md");
    std::fs::create_dir_all(note.parent().unwrap()).unwrap();
    std::fs::write(&note, "---\ntitle: プライベートクラスターの制約\ntags: [cluster]\n---\n\n## 制限事項\n\nVPC エンドポイントが必要。\n").unwrap();
    let root = site.path().to_path_buf();
    assert!(!shiori::search::site::index_is_current(&root));
    let options = shiori::build::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let linked = shiori::build::link_site(&options).unwrap();
    let index = shiori::search::site::rebuild_index(&root, &linked.library).unwrap();
    assert!(shiori::search::site::index_is_current(&root));
    let results = index
        .search("エンドポイント", &QueryOptions::default())
        .unwrap();
    assert_eq!(results.hits[0].url, "cluster/private.html#制限事項");
    assert_eq!(results.hits[0].heading_path, ["制限事項"]);
    // Only the index folder is left behind: no private build folders.
    let entries: Vec<_> = std::fs::read_dir(root.join(".shiori"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(entries, ["index"]);
}
