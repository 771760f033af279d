//! The search UI in headless Chromium over the bundled EKS notes, over http
//! and from file://: typing gives the expected notes first, "/" focuses the
//! box, arrow keys + Enter and clicks land on the right heading with the
//! words marked (Escape clears them), the dropdown shows 8 pages, a count
//! and a link to all results, typos are corrected and hiragana folded,
//! Escape closes, search.html?q=&tag= works, and the console stays clean.
//! (`tests/js/browser-search.mjs` drives the browser through CDP.)

use std::io::Write;
use std::path::Path;

use crate::common::node::{node_available, run_node};
use serde_json::Value;

fn chromium_available() -> bool {
    let found = std::process::Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("chromium not found, and CI=true requires it");
        }
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: chromium not found (search_browser)"
        );
    }
    found
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn titles(query: &Value) -> Vec<&str> {
    query["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect()
}

#[test]
#[cfg_attr(
    missing_chromium_or_node,
    ignore = "needs chromium and node on PATH (see README, Testing); CI=true runs it"
)]
fn search_ui_in_chromium_over_http_and_file() {
    if !node_available("search_browser") || !chromium_available() {
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("content"), &site.path().join("content"));
    std::fs::copy(repo.join("site.yaml"), site.path().join("site.yaml")).unwrap();
    let options = shiori::build::BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    shiori::build::build(&options).unwrap();
    let public = site.path().join("public");
    let report: Vec<Value> =
        serde_json::from_str(&run_node("tests/js/browser-search.mjs", &[&public])).unwrap();
    assert_eq!(report.len(), 2);
    for run in &report {
        let name = run["name"].as_str().unwrap();
        let q = &run["queries"];
        assert_eq!(
            q["プライベートクラスター"]["focused"], "search-input",
            "{name}: / focuses the box"
        );
        assert_eq!(
            titles(&q["プライベートクラスター"])[0],
            "プライベートクラスターの制約",
            "{name}"
        );
        assert!(
            titles(&q["fargate"])[0].contains("Fargate"),
            "{name}: {:?}",
            titles(&q["fargate"])
        );
        assert!(titles(&q["クラスター"])[0].contains("クラスター"), "{name}");
        let first_limit = &q["制限"]["hits"][0];
        assert!(
            first_limit["marks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == "制限"),
            "{name}: 制限 is marked"
        );
        let cni = &q["CNI アップグレード"]["hits"][0];
        assert_eq!(cni["title"], "VPC CNI は自動では更新されない", "{name}");
        let marks: Vec<&str> = cni["marks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m.as_str())
            .collect();
        assert!(
            marks.contains(&"CNI") || marks.contains(&"アップグレード"),
            "{name}: {marks:?}"
        );
        // Keyboard and mouse land on the chosen heading.
        assert_eq!(run["enter"]["chosen"], run["enter"]["landed"], "{name}");
        let click = &run["click"];
        let heading = click["headingText"].as_str().unwrap_or_default();
        assert!(
            heading.starts_with(click["expectedHeading"].as_str().unwrap()),
            "{name}: {click}"
        );
        assert_eq!(run["escapeCloses"], true, "{name}");
        // The landing page marks the words, shows the first, clears on Escape.
        let marks = &run["marks"];
        assert!(marks["count"].as_u64().unwrap() > 0, "{name}: {marks}");
        assert!(
            marks["texts"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t.as_str().unwrap().eq_ignore_ascii_case("fargate")),
            "{name}: {marks}"
        );
        assert_eq!(marks["firstVisible"], true, "{name}: {marks}");
        assert_eq!(marks["afterEscape"], 0, "{name}: {marks}");
        // The dropdown: up to 8 pages, their count, a link to all results.
        let dropdown = &run["dropdown"];
        assert_eq!(dropdown["pages"], 8, "{name}: {dropdown}");
        let count = dropdown["count"].as_str().unwrap();
        let pages: u64 = count.trim_end_matches(" 件のページ").parse().unwrap_or(0);
        assert!(pages > 8, "{name}: {count}");
        assert!(
            dropdown["all"]
                .as_str()
                .unwrap()
                .ends_with("search.html?q=eks"),
            "{name}: {dropdown}"
        );
        // Forgiving search: a typo corrected, hiragana folded.
        let typo = &run["typo"];
        assert_eq!(typo["suggestion"], "もしかして: fargate", "{name}: {typo}");
        assert!(
            typo["hits"][0].as_str().unwrap().contains("Fargate"),
            "{name}: {typo}"
        );
        assert_eq!(
            run["kana"][0], "プライベートクラスターの制約",
            "{name}: {}",
            run["kana"]
        );
        assert!(
            run["noResultsHint"].as_str().unwrap().contains("試して"),
            "{name}: the no-results message says what to try"
        );
        // search.html?q=クラスター&tag=network
        assert!(!run["searchPage"].as_array().unwrap().is_empty(), "{name}");
        assert_eq!(
            run["searchPageChips"],
            serde_json::json!(["#network"]),
            "{name}"
        );
        let errors: Vec<&str> = run["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e.as_str())
            .filter(|e| !e.contains("favicon.ico"))
            .collect();
        assert!(errors.is_empty(), "{name}: console errors {errors:?}");
        // A cold query's search files come in at most three sequential
        // waves (shards and page list, postings, fragments), counted from
        // Chromium's network events over http, whatever the query.
        let waves = run["waves"].as_object().unwrap();
        assert_eq!(waves.len(), if name == "http" { 6 } else { 0 }, "{name}");
        for (query, count) in waves {
            let count = count.as_u64().unwrap();
            assert!(
                (1..=3).contains(&count),
                "{name}: {query:?} took {count} waves"
            );
        }
    }
}
