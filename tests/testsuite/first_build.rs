//! A first build of a folder written for another tool: many warnings are
//! grouped by kind, with counts and the first few of each.

use crate::common::Site;

fn foreign_site() -> Site {
    let site = Site::new();
    for i in 0..15 {
        site.write(
            &format!("content/p{i}.md"),
            &format!("# ページ {i}\n\n本文 {{{{< made-up-{} >}}}}\n", i % 2),
        );
    }
    site.write(
        "content/stale.md",
        "---\ntitle: 古い\nreviewed: 2020-01-01\n---\n本文\n",
    );
    site
}

#[test]
fn many_warnings_are_grouped_by_kind_with_counts_and_examples() {
    let site = foreign_site();
    let run = site.build();
    let shown = run
        .stderr
        .matches("warning[directive]: unknown shortcode")
        .count();
    assert_eq!(shown, 3, "three examples of the kind:\n{}", run.stderr);
    assert!(
        run.stderr.contains("… and 12 more `directive` warnings"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warnings by kind: 15 directive, 1 stale-note"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("stale: last reviewed 2020-01-01"),
        "{}",
        run.stderr
    );
}

#[test]
fn verbose_output_and_json_keep_every_warning() {
    let site = foreign_site();
    let verbose = site.run(&["-v", "build"]);
    assert_eq!(verbose.code, 0, "{}", verbose.stderr);
    assert_eq!(
        verbose
            .stderr
            .matches("warning[directive]: unknown shortcode")
            .count(),
        15
    );
    let json = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(report["warnings"], 16, "{}", json.stdout);
    let directives = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "directive")
        .count();
    assert_eq!(directives, 15);
}

#[test]
fn links_repeating_the_published_under_path_suggest_mount_which_fixes_them() {
    let site = Site::with(&[
        ("content/handbook/_index.md", "# ハンドブック\n"),
        ("content/handbook/intro.md", "# はじめに\n"),
        ("content/img/logo.png", "png"),
        (
            "content/guide.md",
            "# ガイド\n\n![ロゴ](/handbook/img/logo.png) [入門](/handbook/handbook/intro/) ![再び](/handbook/img/logo.png)\n",
        ),
    ]);
    let run = site.build();
    assert!(
        run.stderr.contains("hint: 3 site-absolute links start with `/handbook/` and resolve without it: the site is likely published under `/handbook/`; add `mount: /handbook` to site.yaml"),
        "{}",
        run.stderr
    );
    assert_eq!(site.page("guide.html").count(".broken-link"), 1);

    site.write("site.yaml", "mount: /handbook/\n");
    let run = site.build();
    assert!(!run.stderr.contains("hint:"), "{}", run.stderr);
    let page = site.page("guide.html");
    assert_eq!(page.count(".broken-link"), 0, "{}", page.html());
    assert_eq!(
        page.attrs(".note-body img", "src"),
        ["img/logo.png", "img/logo.png"]
    );
    assert_eq!(page.attrs(".note-body a", "href"), ["handbook/intro.html"]);
}
