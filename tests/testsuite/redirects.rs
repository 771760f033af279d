//! Redirect pages for moved and renamed notes: old paths from front matter
//! (`redirect_from:`, path-like `aliases:`) and from `site.yaml` become small
//! pages sending the reader on; `check` reports a redirect that would replace
//! a page or that points nowhere.

use crate::common::Site;

fn moved_site(site_yaml: &str) -> Site {
    Site::with(&[
        ("site.yaml", site_yaml),
        ("content/_index.md", "---\ntitle: 移転テスト\n---\n"),
        ("content/net/_index.md", "---\ntitle: ネットワーク\n---\n"),
        (
            "content/net/snat.md",
            "---\ntitle: 外部 SNAT\naliases: [SNAT, /old/snat/, CI/CD]\nredirect_from:\n  - /旧/エスナット.html\n  - legacy/snat\n---\n\n## 対策\n\n本文。\n",
        ),
        ("content/net/vpc.md", "---\ntitle: VPC の設計\n---\n本文。\n"),
    ])
}

#[test]
fn old_paths_of_a_note_become_pages_sending_the_reader_on() {
    let site = moved_site(
        "title: 移転テスト\nbase_url: https://wiki.example.com/eks/\nredirects:\n  network/vpc-design.html: net/vpc.md\n  net/snat-fix.html: net/snat.md#対策\n  retired.html: https://docs.aws.amazon.com/eks/\n  old-home/: index.html\n",
    );
    site.build();
    // A folder path is served as its index.html; a path without extension
    // both as `.html` (file://, GitHub Pages, nginx) and as a folder (S3).
    for (stub, href) in [
        ("old/snat/index.html", "../../net/snat.html"),
        ("旧/エスナット.html", "../net/snat.html"),
        ("legacy/snat.html", "../net/snat.html"),
        ("legacy/snat/index.html", "../../net/snat.html"),
        ("network/vpc-design.html", "../net/vpc.html"),
        ("net/snat-fix.html", "snat.html#対策"),
        ("retired.html", "https://docs.aws.amazon.com/eks/"),
        ("old-home/index.html", "../index.html"),
    ] {
        let page = site.page(stub);
        assert_eq!(
            page.attrs("meta[http-equiv=refresh]", "content"),
            [format!("0; url={href}")],
            "{stub}"
        );
        assert_eq!(
            page.attrs("body a", "href"),
            [href],
            "{stub}: a visible link"
        );
        assert!(page.text("title").starts_with("このページは移動しました"));
        assert_eq!(page.attrs("meta[name=robots]", "content"), ["noindex"]);
    }
    // The canonical link names where the note lives now.
    assert_eq!(
        site.page("old/snat/index.html")
            .attrs("link[rel=canonical]", "href"),
        ["https://wiki.example.com/eks/net/snat.html"]
    );
    assert_eq!(site.page("old/snat/index.html").text("body a"), "外部 SNAT");
    // A name that is no path stays a wikilink name only.
    assert!(!site.out().join("CI").exists());
    assert!(!site.out().join("SNAT.html").exists());
}

#[test]
fn check_reports_a_redirect_replacing_a_page_or_pointing_nowhere() {
    let site = moved_site(
        "title: 移転テスト\nredirects:\n  net/vpc.html: net/snat.md\n  old/gone.html: net/removed.md\n  map.html: net/snat.md\n",
    );
    site.write(
        "content/net/other.md",
        "---\ntitle: 別のノート\nredirect_from: [/legacy/snat]\n---\n本文。\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let redirects: Vec<(String, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "redirect")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let messages: Vec<&str> = redirects.iter().map(|(_, _, m)| m.as_str()).collect();
    assert!(
        messages.contains(&"the redirect from `net/vpc.html` would replace the note `content/net/vpc.md` (`net/vpc.html`)"),
        "{messages:#?}"
    );
    assert!(
        messages.contains(&"the redirect from `old/gone.html` points nowhere: `net/removed.md` is no page of the site"),
        "{messages:#?}"
    );
    assert!(
        messages.contains(
            &"the redirect from `map.html` would replace the site's page `map.html` (`map.html`)"
        ),
        "{messages:#?}"
    );
    // Two notes claiming one old path: the second is reported at its line.
    let twice: Vec<&(String, u64, String)> = redirects
        .iter()
        .filter(|(_, _, m)| m.contains("already redirected elsewhere"))
        .collect();
    assert_eq!(twice.len(), 1, "one report for the path: {redirects:#?}");
    assert_eq!(twice[0].0, "content/net/snat.md");
    assert_eq!(twice[0].1, 6);
    // Problems in site.yaml are placed at their line.
    let gone = redirects
        .iter()
        .find(|(_, _, m)| m.contains("points nowhere"))
        .unwrap();
    assert_eq!((gone.0.as_str(), gone.1), ("site.yaml", 4));
    // The build warns about the same problems and leaves those redirect
    // pages out, the pages they would replace untouched; strict, it fails.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.contains("points nowhere"), "{}", build.stderr);
    assert!(!site.read("net/vpc.html").contains("http-equiv=\"refresh\""));
    assert_eq!(site.run(&["build", "--strict"]).code, 1);
}
