//! Test harness: a site in a temporary folder, built by the real binary,
//! with helpers to read what a reader would see.
#![allow(dead_code)]

pub mod browser;
pub mod corpus;
pub mod fixture;
pub mod node;

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Site {
    dir: tempfile::TempDir,
}

/// What one run of the `shiori` binary printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Site {
    pub fn new() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A site from `(path, text)` pairs relative to the site root.
    pub fn with(files: &[(&str, &str)]) -> Site {
        let site = Site::new();
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }

    /// Runs `shiori --root <site> <args>` with a fixed date so staleness is stable.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_shiori"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("SOURCE_DATE_EPOCH", "1790000000") // 2026-09-21
            .output()
            .expect("run shiori");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Builds and fails the test if the build fails.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn read(&self, output_path: &str) -> String {
        std::fs::read_to_string(self.out().join(output_path))
            .unwrap_or_else(|e| panic!("{output_path}: {e}"))
    }

    pub fn page(&self, output_path: &str) -> Page {
        Page(Html::parse_document(&self.read(output_path)))
    }
}

pub struct Page(pub Html);

impl Page {
    /// Text of every element matching `selector`, whitespace collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap();
        self.0
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn text(&self, selector: &str) -> String {
        self.texts(selector)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap();
        self.0
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.0.select(&Selector::parse(selector).unwrap()).count()
    }

    pub fn html(&self) -> String {
        self.0.html()
    }
}

/// The repository's bundled EKS site built into a fresh temporary folder.
pub fn build_bundled() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_shiori"))
        .args([
            "--quiet",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "build",
            "--out",
        ])
        .arg(out.path())
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .status()
        .unwrap();
    assert!(status.success(), "the bundled site must build");
    out
}

/// Every file below `dir`, as sorted relative paths.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

/// Whether a tool is on PATH; under CI=true a missing tool fails the test
/// instead of skipping it.
pub fn require_tool(name: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{name} is required under CI=true but was not found");
        }
        // Past the harness's capture (eprintln! is captured), so it shows.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "\n======== SKIPPED: {name} not found; install it to run this test ========\n"
        );
    }
    found
}

/// Whether the tests run as root (who can drop to another user, and whom
/// file permissions do not stop).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}
