//! `shiori init`: a new site that builds at once, without a warning; a
//! folder with something in it is left alone.

use crate::common::{files_below, Page, Run};
use std::path::Path;
use std::process::Command;

fn shiori(args: &[&str], root: Option<&Path>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shiori"));
    if let Some(root) = root {
        command.arg("--root").arg(root);
    }
    let output = command
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run shiori");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn page(path: &Path) -> Page {
    Page(scraper::Html::parse_document(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    ))
}

#[test]
fn init_then_build_gives_a_site_without_a_warning() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("wiki");
    let run = shiori(&["init", &dir.to_string_lossy()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("created a site in"), "{}", run.stderr);
    assert_eq!(
        files_below(&dir),
        [
            ".github/workflows/pages.yml",
            ".gitignore",
            "README.md",
            "content/_index.md",
            "content/guide/_index.md",
            "content/guide/first-note.md",
            "content/official-docs.yaml",
            "site.yaml",
        ]
    );
    let check = shiori(&["check"], Some(&dir));
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    let build = shiori(&["build"], Some(&dir));
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.contains("(0 warnings)"), "{}", build.stderr);

    let public = dir.join("public");
    let home = page(&public.join("index.html"));
    assert_eq!(home.0.root_element().attr("lang"), Some("ja"));
    assert_eq!(home.text("h1"), "新しいナレッジベース");
    assert_eq!(
        home.attrs(".home-intro a.wikilink", "href"),
        ["guide/first-note.html"]
    );
    let note = page(&public.join("guide/first-note.html"));
    assert_eq!(note.text("h1"), "最初のノート");
    assert_eq!(note.texts(".note-meta .tag-chip"), ["#guide"]);
    assert_eq!(
        note.attrs(".cited-docs a.doc-link", "href"),
        ["https://spec.commonmark.org/0.31.2/"]
    );
    assert!(note
        .attrs(".note-body a", "href")
        .contains(&"first-note.html#リンクの書き方".to_string()));
    assert!(note
        .attrs(".note-body a", "href")
        .contains(&"index.html".to_string()));
    assert_eq!(
        page(&public.join("guide/index.html")).text("h1"),
        "はじめに"
    );
    assert!(public.join("official-docs.html").exists());

    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "public/") && ignore.lines().any(|l| l == ".shiori/"));
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/pages.yml")).unwrap();
    for needed in [
        "fetch-depth: 0",
        "shiori build",
        "actions/deploy-pages",
        "--base-url",
    ] {
        assert!(workflow.contains(needed), "the workflow lacks {needed}");
    }
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("immutable") && readme.contains("must-revalidate"));
}

#[test]
fn init_in_english_writes_an_english_site() {
    let temp = tempfile::tempdir().unwrap();
    let run = shiori(&["init", "--language", "en"], Some(temp.path()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let build = shiori(&["build"], Some(temp.path()));
    assert!(build.stderr.contains("(0 warnings)"), "{}", build.stderr);
    let note = page(&temp.path().join("public/guide/first-note.html"));
    assert_eq!(note.0.root_element().attr("lang"), Some("en"));
    assert_eq!(note.text("h1"), "Your first note");
    assert!(note
        .attrs(".note-body a", "href")
        .contains(&"first-note.html#writing-links".to_string()));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("notes.txt"), "mine").unwrap();
    let run = shiori(&["init", &temp.path().to_string_lossy()], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not empty") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(files_below(temp.path()), ["notes.txt"]);
}

#[test]
fn init_force_adds_what_is_missing_and_overwrites_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let mine = "title: 私のサイト\nlanguage: ja\n";
    std::fs::write(temp.path().join("site.yaml"), mine).unwrap();
    let run = shiori(&["init", "--force"], Some(temp.path()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("kept site.yaml"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(temp.path().join("site.yaml")).unwrap(),
        mine
    );
    assert!(temp.path().join("content/guide/first-note.md").exists());
    let build = shiori(&["build"], Some(temp.path()));
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(
        page(&temp.path().join("public/index.html")).text(".site-title"),
        "私のサイト"
    );
}
