//! Runs the node unit tests of the browser runtime (`node --test tests/js/`)
//! as part of `cargo test`.

use std::process::Command;

#[test]
#[cfg_attr(
    missing_node,
    ignore = "node is not on PATH (apt-get install nodejs); CI=true runs it"
)]
fn node_unit_tests_pass() {
    if !crate::common::node::node_available("node_unit_tests_pass") {
        return;
    }
    let output = Command::new("node")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--test", "tests/js/"])
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "node --test tests/js/ failed:\n{stdout}"
    );
    assert!(stdout.contains("# fail 0"), "{stdout}");
}
