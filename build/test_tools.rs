//! Part of the build script: tells the test suite which browser-test tools
//! this machine lacks, so those tests are reported as *ignored* in `cargo
//! test`'s summary (with the reason) rather than passing without having run.
//!
//! Under `CI=true` nothing is ignored: a missing tool fails its test there.
//! The checks are a few `stat`s; the script runs again when `PATH` or `CI`
//! changes, or when a `PATH` folder changes while a tool is missing (an
//! `apt-get install chromium`). `npm ci` into a missing `node_modules` is not
//! seen (cargo would rebuild on every run watching a path that does not
//! exist): `touch build.rs` after it.

use std::path::{Path, PathBuf};

/// Prints the `cfg`s of the missing tools (and when to look again).
pub fn detect() {
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=CI");
    for cfg in [
        "missing_node",
        "missing_chromium",
        "missing_chromium_or_node",
        "missing_browser_tools",
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        return;
    }
    let path_dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    let find = |name: &str| {
        path_dirs
            .iter()
            .map(|d| d.join(name))
            .find(|p| is_executable(p))
    };
    let node = find("node");
    let chromium = find("chromium");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let modules = root.join("node_modules");
    let missing_modules: Vec<&str> = ["axe-core", "playwright-core"]
        .into_iter()
        .filter(|p| !modules.join(p).join("package.json").is_file())
        .collect();

    let mut missing = Vec::new();
    for (name, found) in [("node", &node), ("chromium", &chromium)] {
        match found {
            // Watched so that removing the tool is noticed too.
            Some(path) => println!("cargo::rerun-if-changed={}", path.display()),
            None => missing.push(format!("`{name}` is not on PATH")),
        }
    }
    if node.is_none() || chromium.is_none() {
        for dir in path_dirs.iter().filter(|d| d.is_dir()) {
            println!("cargo::rerun-if-changed={}", dir.display());
        }
    }
    if missing_modules.is_empty() {
        println!(
            "cargo::rerun-if-changed={}",
            modules.join(".package-lock.json").display()
        );
    } else {
        missing.push(format!(
            "node_modules lacks {} (run `npm ci`, then `touch build.rs`)",
            missing_modules.join(", ")
        ));
    }
    if node.is_none() {
        println!("cargo::rustc-cfg=missing_node");
    }
    if chromium.is_none() {
        println!("cargo::rustc-cfg=missing_chromium");
    }
    if node.is_none() || chromium.is_none() {
        println!("cargo::rustc-cfg=missing_chromium_or_node");
    }
    if !missing.is_empty() {
        println!("cargo::rustc-cfg=missing_browser_tools");
        // Shown by cargo for this package; only for dev builds (`cargo test`),
        // not for `cargo build --release`.
        if std::env::var("PROFILE").as_deref() == Ok("debug") {
            println!(
                "cargo::warning=browser tests will be reported as ignored: {} (see README, Testing)",
                missing.join("; ")
            );
        }
    }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}
