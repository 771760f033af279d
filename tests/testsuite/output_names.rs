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
