//! The built site in a real browser, from disk (file://) and over http: the
//! pages load with their styles, navigation works, and nothing is blocked by
//! the Content-Security-Policy or missing.

use crate::common::browser::{visit, StaticServer};
use crate::common::{build_bundled, require_tool};

const PAGES: &[&str] = &[
    "index.html",
    "endpoint-and-auth/private-cluster.html",
    "networking/index.html",
    "official-docs.html",
    "map.html",
    "tags/index.html",
    "print.html",
];

fn assert_clean(url: &str) -> String {
    let seen = visit(url);
    assert!(
        seen.dom.contains("class=\"sidebar\""),
        "{url}: no navigation in the DOM:\n{}",
        &seen.dom[..seen.dom.len().min(500)]
    );
    let problems: Vec<&String> = seen
        .console
        .iter()
        .filter(|l| !l.contains("favicon"))
        .collect();
    assert!(problems.is_empty(), "{url}: console:\n{problems:#?}");
    seen.dom
}

#[test]
#[cfg_attr(
    missing_chromium,
    ignore = "chromium is not on PATH (apt-get install chromium); CI=true runs it"
)]
fn pages_open_from_disk_without_console_errors() {
    if !require_tool("chromium") {
        return;
    }
    let out = build_bundled();
    for page in PAGES {
        let dom = assert_clean(&format!("file://{}/{page}", out.path().display()));
        if *page == "index.html" {
            // Navigation from the home page names files relative to it, so it works from disk.
            assert!(
                dom.contains("href=\"endpoint-and-auth/private-cluster.html\""),
                "home links to notes by relative file names"
            );
        }
    }
}

#[test]
#[cfg_attr(
    missing_chromium,
    ignore = "chromium is not on PATH (apt-get install chromium); CI=true runs it"
)]
fn pages_load_over_http_without_console_errors() {
    if !require_tool("chromium") {
        return;
    }
    let out = build_bundled();
    let server = StaticServer::start(out.path());
    for page in PAGES {
        assert_clean(&server.url(page));
    }
}
