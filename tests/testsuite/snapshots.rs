//! Snapshot tests over the fixture sites in `tests/sites/`: what a reader
//! sees of each note (its body as HTML) and what an author sees from
//! `shiori check` (human and JSON). A change to any of them shows up as a
//! diff to review; `scripts/bless.sh` accepts the new output.

use crate::common::files_below;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

const SITES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sites");

/// A copy of the fixture `name` in a temporary folder, so building it
/// writes nothing into the repository.
fn copy_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(SITES).join(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&from).unwrap();
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

fn shiori(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_shiori"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000") // 2026-09-21
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).replace(&root.display().to_string(), "<root>");
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// Every note page's body, in output order, each under its path.
fn note_bodies(out: &Path) -> String {
    let body = Selector::parse(".note-body").unwrap();
    let mut shown = String::new();
    for rel in files_below(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let page = Html::parse_document(&std::fs::read_to_string(out.join(&rel)).unwrap());
        if let Some(note) = page.select(&body).next() {
            shown.push_str(&format!("=== {rel}\n{}\n", note.inner_html().trim()));
        }
    }
    shown
}

fn snapshot_site(name: &str) {
    let site = copy_site(name);
    let root = site.path();
    let (code, _, human) = shiori(root, &["check"]);
    let (json_code, json, _) = shiori(root, &["check", "--format", "json"]);
    assert_eq!(code, json_code);
    let out: PathBuf = root.join("public");
    let (build, _, build_err) = shiori(root, &["build"]);
    assert_eq!(build, 0, "{build_err}");
    insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("check", format!("exit {code}\n{human}"));
        insta::assert_snapshot!("check_json", json);
        insta::assert_snapshot!("notes", note_bodies(&out));
    });
}

#[test]
fn a_japanese_knowledge_base_reads_as_before() {
    snapshot_site("kb");
}

#[test]
fn a_wiki_written_for_other_tools_reads_as_before() {
    snapshot_site("foreign");
}
