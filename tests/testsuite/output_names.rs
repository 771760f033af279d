//! `check` finds every name `build` could not write, with its place; both
//! agree, and build never fails with an OS error about its staging folder.

use crate::common::Site;

/// Runs check and build on `site` and returns check's output after
/// asserting both fail on the content (exit 1) and say the same.
fn check_and_build_fail(site: &Site) -> String {
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "check: {}", check.stderr);
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1, "build: {}", build.stderr);
    assert!(!build.stderr.contains("staging"), "{}", build.stderr);
    let first = |s: &str| s.lines().next().unwrap_or_default().to_string();
    assert_eq!(first(&check.stderr), first(&build.stderr));
    assert!(!site.out().exists());
    check.stderr
}

#[test]
fn a_file_name_whose_page_is_too_long_is_reported_by_check() {
    let stem = "a".repeat(252);
    let site = Site::with(&[(&format!("content/{stem}.md") as &str, "# 長い名前\n")]);
    let stderr = check_and_build_fail(&site);
    assert!(
        stderr.contains("is 257 bytes long; file systems allow 255"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> content/{stem}.md")),
        "{stderr}"
    );
}

#[test]
fn a_long_slug_or_a_slug_with_nul_is_reported_at_its_line() {
    let site = Site::with(&[(
        "content/a.md",
        &format!("---\ntitle: A\nslug: {}\n---\n本文\n", "x".repeat(300)),
    )]);
    let stderr = check_and_build_fail(&site);
    assert!(stderr.contains("is 305 bytes long"), "{stderr}");
    assert!(stderr.contains("content/a.md:3:1"), "{stderr}");

    let site = Site::with(&[(
        "content/a.md",
        "---\ntitle: A\nslug: \"a\\0b\"\n---\n本文\n",
    )]);
    let stderr = check_and_build_fail(&site);
    assert!(stderr.contains("is not a plain file name"), "{stderr}");
    assert!(stderr.contains("content/a.md:3:1"), "{stderr}");
}

#[test]
fn a_tag_too_long_for_its_page_is_reported() {
    let tag = "t".repeat(251);
    let site = Site::with(&[(
        "content/a.md",
        &format!("---\ntitle: A\ntags: [ok, {tag}]\n---\n本文\n"),
    )]);
    let stderr = check_and_build_fail(&site);
    assert!(stderr.contains("is 256 bytes long"), "{stderr}");
    assert!(stderr.contains("content/a.md:3:1"), "{stderr}");
    // Just short enough builds.
    site.write(
        "content/a.md",
        &format!(
            "---\ntitle: A\ntags: [ok, {}]\n---\n本文\n",
            "t".repeat(250)
        ),
    );
    site.build();
}

/// A folder path of `len` bytes below `content/`, in components of at most
/// 200 bytes (each under the 255-byte name limit).
fn deep_folder(len: usize) -> String {
    let mut path = String::new();
    while path.len() < len {
        let left = len - path.len();
        let part = "d".repeat(left.saturating_sub(1).clamp(1, 200));
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(&part);
    }
    path
}

#[test]
fn a_page_path_past_the_system_limit_is_reported_by_check() {
    let site = Site::new();
    // The source is readable (its path is under PATH_MAX), but the page's
    // files under the output's staging folder would not be.
    let root = site.root().as_os_str().len();
    let folder = deep_folder(4_072 - root);
    let source = format!("content/{folder}/n.md");
    assert!(root + 1 + source.len() < 4_095);
    site.write("content/_index.md", "# 入口\n");
    site.write(&source, "---\ntitle: 深い\n---\n本文\n");
    let stderr = check_and_build_fail(&site);
    assert!(stderr.contains("has a path of"), "{stderr}");
    assert!(stderr.contains("the system allows"), "{stderr}");
    assert!(stderr.contains("--> content/ddd"), "{stderr}");
    assert!(!stderr.contains("File name too long"), "{stderr}");
}

#[test]
fn an_output_folder_too_long_for_the_pages_is_refused_before_writing() {
    let site = Site::new();
    let root = site.root().as_os_str().len();
    let folder = deep_folder(3_900 - root);
    site.write("content/_index.md", "# 入口\n");
    site.write(&format!("content/{folder}/n.md"), "# 深い\n");
    site.build();
    let before = crate::common::files_below(&site.out());
    // The same site fits in `public`, but not in a folder with a path 300
    // bytes longer: the build says so about the note, not the OS about a
    // staging folder, and writes nothing.
    let long_out = site.root().join("o".repeat(200)).join("p".repeat(100));
    let run = site.run(&["build", "--out", long_out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("has a path of"), "{}", run.stderr);
    assert!(!run.stderr.contains("staging"), "{}", run.stderr);
    assert!(!long_out.exists());
    assert_eq!(crate::common::files_below(&site.out()), before);
}
