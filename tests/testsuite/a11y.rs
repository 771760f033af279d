//! Accessibility of the bundled site: axe-core in headless Chromium finds no
//! serious or critical violation on the home page, a note, the official docs
//! page, the map and the search results, in light and dark; the search box
//! works from the keyboard. The checks live in `tests/browser/a11y.mjs`.

use crate::common::node::require_node_modules;
use crate::common::{build_bundled, require_tool};
use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
#[cfg_attr(
    missing_browser_tools,
    ignore = "needs chromium, node and `npm ci` (see README, Testing); CI=true runs it"
)]
fn bundled_pages_have_no_serious_accessibility_violations() {
    if !require_tool("node") || !require_tool("chromium") || !require_node_modules() {
        return;
    }
    let out = build_bundled();
    let run = Command::new("node")
        .arg(repo().join("tests/browser/a11y.mjs"))
        .arg(out.path())
        .current_dir(repo())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    // Skipped pages (no search yet) are said on stderr; show them in the test log.
    eprint!("{stderr}");
    assert!(
        run.status.success(),
        "axe-core found serious or critical violations, or the keyboard check failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("\"page\": \"note\""),
        "the report names the pages it checked:\n{stdout}"
    );
}
