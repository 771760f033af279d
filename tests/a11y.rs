//! Accessibility of the bundled site: axe-core in headless Chromium finds no
//! serious or critical violation on the home page, a note, the official docs
//! page, the map and the search results, in light and dark; the search box
//! works from the keyboard. The checks live in `tests/browser/a11y.mjs`.

mod common;
use common::require_tool;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `npm ci` installed the script's packages; under CI=true their
/// absence fails the test instead of skipping it.
fn require_node_modules() -> bool {
    let missing: Vec<&str> = ["axe-core", "playwright-core"]
        .into_iter()
        .filter(|p| {
            !repo()
                .join("node_modules")
                .join(p)
                .join("package.json")
                .is_file()
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("node_modules lacks {missing:?} under CI=true: run `npm ci`");
    }
    eprintln!(
        "\n======== SKIPPED: node_modules lacks {missing:?}; run `npm ci` to run this test ========\n"
    );
    false
}

fn build_bundled(out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_shiori"))
        .args(["--quiet", "--root"])
        .arg(repo())
        .arg("build")
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn bundled_pages_have_no_serious_accessibility_violations() {
    if !require_tool("node") || !require_tool("chromium") || !require_node_modules() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    build_bundled(out.path());
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
