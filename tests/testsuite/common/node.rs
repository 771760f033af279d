//! Running node from cargo tests.

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Whether node is available. Without it, prints a loud SKIPPED line (past
/// the test harness's capture) and returns false; under `CI=true` a missing
/// node fails the test instead.
pub fn node_available(test: &str) -> bool {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{test}: node not found, and CI=true requires it");
        }
        let _ = writeln!(std::io::stderr(), "SKIPPED: node not found ({test})");
    }
    found
}

/// Runs `node script args...` from the crate root; returns stdout.
pub fn run_node(script: &str, args: &[&Path]) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::new("node")
        .current_dir(root)
        .arg(script)
        .args(args)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "node {script} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("node prints UTF-8")
}

/// Whether `npm ci` installed the browser tests' packages (axe-core,
/// playwright-core); under CI=true their absence fails the test instead of
/// skipping it.
pub fn require_node_modules() -> bool {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let missing: Vec<&str> = ["axe-core", "playwright-core"]
        .into_iter()
        .filter(|p| {
            !root
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
    // Past the harness's capture (eprintln! is captured), so it shows.
    let _ = writeln!(
        std::io::stderr(),
        "\n======== SKIPPED: node_modules lacks {missing:?}; run `npm ci` to run this test ========\n"
    );
    false
}
