//! Reading aids in a real browser (headless Chromium, over http and from
//! file://): the menu at 390 px, the table of contents at 1024 px, hover
//! previews, the theme toggle, copy buttons, tabs, a redirect page, the 404
//! page at a nested URL with `base_url`, and line breaks in Japanese labels.
//! The checks live in `tests/browser/reading.mjs` (needs `npm ci`).

use crate::common::node::require_node_modules;
use crate::common::{build_bundled, require_tool, Site};
use std::process::Command;

/// Two notes linking to each other, with a code block, content tabs (the
/// HTML shape of docs/theme.md) and old paths.
fn reading_site() -> Site {
    Site::with(&[
        (
            "site.yaml",
            "title: 読書テスト\nbase_url: https://example.github.io/wiki/\nallow_raw_html: true\nredirects:\n  old/legacy.html: guide/network.md\n",
        ),
        ("content/_index.md", "---\ntitle: 読書テスト\n---\nガイドを読む。\n"),
        ("content/guide/_index.md", "---\ntitle: ガイド\n---\n"),
        (
            "content/guide/setup.md",
            concat!(
                "---\ntitle: セットアップ手順\naliases: [/old/setup/]\nweight: 1\n---\n\n",
                "クラスターを作る前に [[network]] を読み、[[network#制限事項|制限事項]] を確かめる。\n\n",
                "## 手順\n\n```bash\nkubectl get nodes\naws eks update-kubeconfig --name demo\n```\n\n",
                "## OS ごとの違い\n\n",
                "<div class=\"tabs\">\n",
                "<input class=\"tab-input\" type=\"radio\" name=\"tabs-os\" id=\"tabs-os-0\" checked>\n",
                "<label class=\"tab-label\" for=\"tabs-os-0\">macOS</label>\n",
                "<div class=\"tab-panel\"><p>Homebrew で入れる。</p></div>\n",
                "<input class=\"tab-input\" type=\"radio\" name=\"tabs-os\" id=\"tabs-os-1\">\n",
                "<label class=\"tab-label\" for=\"tabs-os-1\">Linux</label>\n",
                "<div class=\"tab-panel\"><p>パッケージマネージャーで入れる。</p></div>\n",
                "<input class=\"tab-input\" type=\"radio\" name=\"tabs-os\" id=\"tabs-os-2\">\n",
                "<label class=\"tab-label\" for=\"tabs-os-2\">Windows</label>\n",
                "<div class=\"tab-panel\"><p>winget で入れる。</p></div>\n",
                "</div>\n\n",
                "## 補足\n\n本文の続き。\n",
            ),
        ),
        (
            "content/guide/network.md",
            concat!(
                "---\ntitle: ネットワークの制約\nsummary: ポッドが使う IP アドレスと VPC の制約。\nweight: 2\n---\n\n",
                "ポッドは VPC の IP アドレスを使う。\n\n",
                "## 制限事項\n\nサブネットの空きアドレスが足りないとポッドが起動しない。\n\n",
                "```yaml\nkind: Pod\n```\n",
            ),
        ),
    ])
}

#[test]
#[cfg_attr(
    missing_browser_tools,
    ignore = "needs chromium, node and `npm ci` (see README, Testing); CI=true runs it"
)]
fn reading_aids_work_in_the_browser() {
    if !require_tool("node") || !require_tool("chromium") || !require_node_modules() {
        return;
    }
    let site = reading_site();
    site.build();
    let bundled = build_bundled();
    let run = Command::new("node")
        .arg("tests/browser/reading.mjs")
        .arg(site.out())
        .arg(bundled.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run node");
    let stderr = String::from_utf8_lossy(&run.stderr);
    eprint!("{stderr}");
    assert!(run.status.success(), "reading checks failed:\n{stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&run.stdout).expect("the script prints its report");
    assert!(
        report["checks"].as_array().unwrap().len() >= 12,
        "every check ran: {report}"
    );
}
