//! `shiori serve` in headless Chromium, as a writer uses it: two saves
//! 0.3–1 s apart leave the open page on the second version (the reload of
//! the first is usually still loading when the second is sent), and the
//! open page's search finds a word saved into another note once the
//! background index is done, without a reload. The browser side is
//! `tests/browser/serve-edits.mjs`.
//!
//! The two-saves case runs 3 times by default; `SHIORI_SERVE_SAVES=20`
//! runs it 20 times.

use crate::common::{require_tool, Site};
use crate::serve::serve;
use std::process::Command;

#[test]
fn two_quick_saves_leave_the_open_page_on_the_second_and_search_follows_edits() {
    if !require_tool("node") || !require_tool("chromium") {
        return;
    }
    let site = Site::with(&[
        ("content/net/_index.md", "---\ntitle: ネットワーク\n---\n"),
        (
            "content/net/snat.md",
            "---\ntitle: 外部 SNAT\n---\n## 対策\n\n本文。\n",
        ),
        (
            "content/net/cni.md",
            "---\ntitle: VPC CNI\n---\n[[外部 SNAT#対策]] を参照。\n",
        ),
        ("content/ops/_index.md", "---\ntitle: 運用\n---\n"),
        (
            "content/ops/upgrade.md",
            "---\ntitle: アップグレード\n---\nリンクなし。\n",
        ),
    ]);
    let served = serve(&site);
    let runs = std::env::var("SHIORI_SERVE_SAVES").unwrap_or_else(|_| "3".into());
    let output = Command::new("node")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("tests/browser/serve-edits.mjs")
        .arg(format!("http://127.0.0.1:{}/", served.port))
        .arg(site.root())
        .args([
            "net/snat.html",
            "content/net/snat.md",
            "content/ops/upgrade.md",
            &runs,
        ])
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|_| panic!("no report from serve-edits.mjs:\n{stdout}"));
    assert_eq!(
        report["failures"],
        serde_json::json!([]),
        "every run ends on the second save and search follows: {stdout}"
    );
    assert_eq!(report["passed"], report["runs"]);
    assert_eq!(report["search"]["found"][0], "ops/upgrade.html", "{stdout}");
    assert_eq!(
        report["errors"],
        serde_json::json!([]),
        "the page's console stays clean: {stdout}"
    );
}

#[test]
fn the_error_overlay_speaks_the_site_s_language_lists_errors_first_and_is_readable() {
    if !require_tool("node")
        || !require_tool("chromium")
        || !crate::common::node::require_node_modules()
    {
        return;
    }
    // Sorted by file, the stale note and the broken link would come first.
    let site = Site::with(&[
        (
            "content/a-old.md",
            "---\ntitle: 古いノート\nreviewed: 2001-01-01\n---\n本文。\n",
        ),
        (
            "content/b-link.md",
            "---\ntitle: リンク切れ\n---\n[[どこにもない]] を参照。\n",
        ),
        ("content/c-note.md", "---\ntitle: 壊すノート\n---\n本文。\n"),
    ]);
    let served = serve(&site);
    let events = crate::serve::events(served.port);
    crate::serve::save(
        &site,
        "content/c-note.md",
        "---\ntitle: [壊れた\n---\n本文。\n",
    );
    crate::serve::wait_for(&events, "failed");
    let output = Command::new("node")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("tests/browser/serve-overlay.mjs")
        .arg(format!("http://127.0.0.1:{}/", served.port))
        .arg("b-link.html")
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "axe found serious violations on the overlay: {stdout}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let overlay = &report["overlay"];
    assert_eq!(overlay["lang"], "ja");
    assert_eq!(
        overlay["title"],
        "ビルドに失敗しました。最後に成功した版を表示しています"
    );
    let entries: Vec<(String, String)> = overlay["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["severity"].as_str().unwrap().to_string(),
                e["where"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "エラー[front-matter]".to_string(),
                "content/c-note.md:2:12".to_string()
            ),
            (
                "警告[broken-link]".to_string(),
                "content/b-link.md:4:1".to_string()
            ),
            (
                "警告[stale-note]".to_string(),
                "content/a-old.md:3:1".to_string()
            ),
        ],
        "{stdout}"
    );
}
