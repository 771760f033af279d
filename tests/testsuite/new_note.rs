//! `shiori new`: a note with its front matter filled in, never overwriting.

use crate::common::Site;

#[test]
fn creates_a_note_that_builds_and_refuses_to_overwrite() {
    let site = Site::with(&[("content/net/_index.md", "---\ntitle: ネットワーク\n---\n")]);
    let run = site.run(&[
        "new",
        "net/snat",
        "--title",
        "外部 SNAT: 送信元 IP",
        "--tags",
        "network,cni",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(site.root().join("content/net/snat.md")).unwrap();
    assert!(text.starts_with("---\ntitle: \"外部 SNAT: 送信元 IP\"\ntags: [network, cni]\ndocs: []\nreviewed: 2026-09-21\n"), "{text}");
    site.build();
    assert_eq!(
        site.page("net/snat.html").text("h1"),
        "外部 SNAT: 送信元 IP"
    );
    assert_eq!(
        site.page("net/snat.html").texts(".note-meta .tag-chip"),
        ["#network", "#cni"]
    );

    std::fs::write(site.root().join("content/net/snat.md"), "mine").unwrap();
    let again = site.run(&["new", "net/snat"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/net/snat.md")).unwrap(),
        "mine"
    );
    assert_eq!(site.run(&["new", "../outside"]).code, 2);
}
