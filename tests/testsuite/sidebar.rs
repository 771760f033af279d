//! The sidebar of the default theme is written by shiori itself instead of
//! through `nav.html` (it is on every page). A theme with its own `nav.html`
//! still gets its template; with a `nav.html` that says what the default
//! says, every page must come out byte for byte the same.

use crate::common::Site;
use std::path::Path;

const DEFAULT_NAV: &str = include_str!("../../themes/default/templates/nav.html");

/// Builds `site` as it is and again with a theme whose `nav.html` is the
/// default's behind a comment (an override, rendered as a template), and
/// compares every page. Returns the number of pages compared.
fn same_pages_with_template_sidebar(site: &Site) -> usize {
    let direct = tempfile::tempdir().unwrap();
    let templated = tempfile::tempdir().unwrap();
    let build = |out: &Path| {
        let run = site.run(&["build", "--quiet", "--out", &out.to_string_lossy()]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    };
    build(direct.path());
    site.write("site.yaml", "theme: mine\n");
    site.write(
        "themes/mine/templates/nav.html",
        &format!("{{# the default sidebar, as a template #}}{DEFAULT_NAV}"),
    );
    build(templated.path());

    let pages: Vec<String> = crate::common::files_below(direct.path())
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    let templated_pages: Vec<String> = crate::common::files_below(templated.path())
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(pages, templated_pages);
    for page in &pages {
        let a = std::fs::read_to_string(direct.path().join(page)).unwrap();
        let b = std::fs::read_to_string(templated.path().join(page)).unwrap();
        if a != b {
            let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            let from = at.saturating_sub(200);
            panic!(
                "{page} differs at byte {at}\n--- written directly:\n{}\n--- template:\n{}",
                a.get(from..(at + 200).min(a.len())).unwrap_or(&a[from..]),
                b.get(from..(at + 200).min(b.len())).unwrap_or(&b[from..]),
            );
        }
    }
    pages.len()
}

#[test]
fn a_small_site_gets_the_same_sidebar_as_the_default_template_gives() {
    let site = Site::with(&[
        (
            "content/start.md",
            "---\ntitle: はじめに & \"quotes\" <tags>\n---\n本文\n",
        ),
        ("content/net/_index.md", "---\ntitle: ネットワーク\n---\n"),
        (
            "content/net/vpc-cni.md",
            "---\ntitle: VPC CNI の注意点\nreviewed: 2020-01-01\n---\n[[start]]\n",
        ),
        ("content/net/dns/_index.md", "---\ntitle: DNS\n---\n"),
        (
            "content/net/dns/coredns.md",
            "---\ntitle: CoreDNS 'tuning'\n---\n本文\n",
        ),
        (
            "content/fargate/limits.md",
            "---\ntitle: Fargate の制約\n---\n本文\n",
        ),
    ]);
    let compared = same_pages_with_template_sidebar(&site);
    assert!(compared >= 10, "{compared} pages");

    // What the sidebar shows, read from a page built the default way.
    site.build();
    let page = site.page("net/dns/coredns.html");
    assert_eq!(
        page.attrs("#site-nav [aria-current=page]", "href"),
        ["../../net/dns/coredns.html"]
    );
    assert_eq!(
        page.texts("#site-nav .nav-note.current"),
        ["CoreDNS 'tuning'"]
    );
    assert!(page
        .texts("#site-nav .nav-note")
        .contains(&"はじめに & \"quotes\" <tags>".to_string()));
    assert!(site
        .read("net/dns/coredns.html")
        .contains(">はじめに &amp; &quot;quotes&quot; &lt;tags&gt;</a>"));
    let stale = site.page("index.html");
    assert_eq!(stale.count("#site-nav .badge-stale"), 1);
}

#[test]
fn a_large_site_gets_the_same_windowed_sidebar_as_the_default_template_gives() {
    // 26 sections of 15 notes: over 300 notes, so both the section list and
    // the note list of a section are windowed.
    let site = Site::new();
    for s in 0..26 {
        site.write(
            &format!("content/s{s:02}/_index.md"),
            &format!("---\ntitle: セクション{s:02}\nweight: {s}\n---\n"),
        );
        for n in 0..15 {
            site.write(
                &format!("content/s{s:02}/n{s:02}-{n:02}.md"),
                &format!("---\ntitle: ノート{s:02}-{n:02}\nweight: {n}\n---\n本文\n"),
            );
        }
    }
    let compared = same_pages_with_template_sidebar(&site);
    assert!(compared >= 26 * 15, "{compared} pages");
    site.write("site.yaml", "theme: default\n");
    site.build();
    let page = site.page("s13/n13-07.html");
    assert_eq!(page.count("#site-nav .nav-section"), 24);
    assert_eq!(
        page.texts("#site-nav .nav-more"),
        ["… 1", "… 1"],
        "one section before the window and one after"
    );
}
