//! `shiori check` and the link stage: every problem reported at once, with
//! its place; cross-references shown on the pages.

use crate::common::Site;

const CATALOG: &str = "- id: private-clusters\n  title: プライベートクラスター\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/private-clusters.html\n  category: クラスター\n- id: fargate\n  title: AWS Fargate\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/fargate.html\n  category: ノード\n- id: ebs-csi\n  title: Amazon EBS CSI ドライバー\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/ebs-csi.html\n  category: ストレージ\n";

/// A site with exactly one of each problem shiori checks for.
fn problem_site() -> Site {
    Site::with(&[
        ("content/official-docs.yaml", CATALOG),
        ("content/net/_index.md", "---\ntitle: ネットワーク\n---\n"),
        ("content/net/snat.md", "---\ntitle: 外部 SNAT\naliases: [SNAT]\ntags: [network]\nreviewed: 2026-09-01\n---\n\n## 対策\n\n本文。\n"),
        ("content/net/vpc-cni.md", "---\ntitle: VPC CNI\ntags: [network]\nreviewed: 2026-09-01\n---\n\n## 概要\n\n本文。\n"),
        ("content/cluster/intro.md", "---\ntitle: 入門\nreviewed: 2026-09-01\n---\n本文。\n"),
        ("content/net/intro.md", "---\ntitle: ネットワーク入門\nreviewed: 2026-09-01\n---\n本文。\n"),
        ("content/cluster/dup.md", "---\ntitle: 重複\nslug: private\nreviewed: 2026-09-01\n---\n本文。\n"),
        ("content/cluster/alias.md", "---\ntitle: 別名\naliases: [SNAT]\nreviewed: 2026-09-01\n---\n本文。\n"),
        (
            "content/cluster/private.md",
            concat!(
                "---\n",
                "title: プライベートクラスター\n",
                "docs: [private-clusters, fargat]\n",
                "reviewed: 2024-01-10\n",
                "---\n",
                "壊れたリンク [[snta]] と見出し [[snat#存在しない]]。\n",
                "曖昧なリンク [[intro]]。\n",
                "相対リンク [x](../net/missing.md) と [[doc:ebs]]。\n",
            ),
        ),
        ("content/untitled.md", "---\ntags: [x]\nreviewed: 2026-09-01\n---\n本文だけ。\n"),
    ])
}

#[test]
fn every_problem_is_reported_once_with_its_place() {
    let site = problem_site();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let found: Vec<(String, String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        (
            "warning",
            "content/cluster/alias.md",
            3,
            11,
            "duplicate-alias",
        ),
        ("error", "content/cluster/dup.md", 3, 1, "duplicate-slug"),
        ("error", "content/cluster/private.md", 3, 26, "unknown-doc"),
        ("warning", "content/cluster/private.md", 4, 1, "stale-note"),
        ("error", "content/cluster/private.md", 6, 8, "broken-link"),
        (
            "error",
            "content/cluster/private.md",
            6,
            22,
            "missing-anchor",
        ),
        (
            "error",
            "content/cluster/private.md",
            7,
            8,
            "ambiguous-link",
        ),
        ("warning", "content/cluster/private.md", 8, 7, "broken-link"),
        ("error", "content/cluster/private.md", 8, 32, "unknown-doc"),
        ("warning", "content/net/snat.md", 3, 11, "duplicate-alias"),
        ("warning", "content/untitled.md", 1, 1, "missing-title"),
    ];
    let expected: Vec<(String, String, u64, u64, String)> = expected
        .iter()
        .map(|(s, f, l, c, k)| (s.to_string(), f.to_string(), *l, *c, k.to_string()))
        .collect();
    assert_eq!(found, expected, "{}", run.stdout);
    assert_eq!(report["errors"], 6);
    assert_eq!(report["warnings"], 5);
    assert_eq!(report["version"], 1);

    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages.contains(&"no note is named `snta`"));
    assert!(messages.contains(&"`intro` names 2 notes: `cluster/intro`, `net/intro`"));
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(helps.contains(&"did you mean `[[snat]]`?"), "{helps:?}");
    assert!(helps.contains(&"did you mean `fargate`?"), "{helps:?}");
    assert!(helps.contains(&"did you mean `doc:ebs-csi`?"), "{helps:?}");
}

#[test]
fn human_output_shows_the_line_with_the_span_marked() {
    let site = problem_site();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    assert!(
        err.contains(
            "error[broken-link]: no note is named `snta`\n --> content/cluster/private.md:6:8"
        ),
        "{err}"
    );
    assert!(
        err.contains("6 | 壊れたリンク [[snta]] と見出し [[snat#存在しない]]。"),
        "{err}"
    );
    assert!(err.contains("= help: did you mean `[[snat]]`?"), "{err}");
    assert!(err.contains("6 error(s), 5 warning(s)"), "{err}");
}

#[test]
fn build_fails_on_the_same_errors_and_writes_nothing() {
    let site = problem_site();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no note is named `snta`"));
    assert!(run
        .stderr
        .contains("`intro` names 2 notes: `cluster/intro`, `net/intro`"));
    assert!(!site.out().exists());
}

#[test]
fn a_failed_build_keeps_the_previous_search_index_and_leaves_no_half_built_one() {
    // The index is started while notes are parsed, before the build knows
    // it will fail: the half-built one must go, and the last good one stay.
    let site = Site::with(&[("content/snat.md", "# SNAT\n\n送信元 NAT の話\n")]);
    site.build();
    let found = || site.run(&["search", "送信元", "--json"]).stdout;
    assert!(found().contains("snat.html"), "{}", found());
    site.write(
        "content/broken.md",
        "---\ntitle: [壊れた\n---\n送信元の話\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let left: Vec<String> = std::fs::read_dir(site.root().join(".shiori"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["index"], "{left:?}");
    // `shiori search` rebuilds a stale index itself; the built one is intact.
    assert!(site.root().join(".shiori/index/meta.json").is_file());
}

#[test]
fn search_builds_again_an_index_whose_character_counts_are_missing_or_damaged() {
    let site = Site::with(&[(
        "content/kms.md",
        "# KMS\n\n## 鍵の管理\n\nエンベロープ暗号化の鍵をローテーションする。\n",
    )]);
    site.build();
    let chars = site.root().join(".shiori/index/chars.bin");
    let intact = std::fs::read(&chars).unwrap();
    let search = || site.run(&["search", "鍵", "--json"]);
    let first = search();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("kms.html#鍵の管理"),
        "{}",
        first.stdout
    );
    // Cut short, then gone: each time the query still finds the section.
    std::fs::write(&chars, &intact[..intact.len() / 2]).unwrap();
    let damaged = search();
    assert_eq!(damaged.code, 0, "{}", damaged.stderr);
    assert_eq!(damaged.stdout, first.stdout);
    std::fs::remove_file(&chars).unwrap();
    let missing = search();
    assert_eq!(missing.code, 0, "{}", missing.stderr);
    assert_eq!(missing.stdout, first.stdout);
    assert_eq!(std::fs::read(&chars).unwrap(), intact);
}

#[test]
fn warnings_fail_check_only_when_denied() {
    let site = Site::with(&[
        (
            "content/a.md",
            "---\ntitle: A\nreviewed: 2020-01-01\n---\n[[b]]\n",
        ),
        ("content/b.md", "---\ntitle: B\n---\n[[a]]\n"),
    ]);
    assert_eq!(site.run(&["check"]).code, 0);
    let denied = site.run(&["check", "--deny-warnings"]);
    assert_eq!(denied.code, 1);
    assert!(
        denied.stderr.contains("stale: last reviewed 2020-01-01"),
        "{}",
        denied.stderr
    );
}

fn linked_site() -> Site {
    Site::with(&[
        ("content/official-docs.yaml", CATALOG),
        ("content/cluster/_index.md", "---\ntitle: クラスター\n---\n"),
        (
            "content/cluster/private.md",
            "---\ntitle: プライベートクラスター\ntags: [cluster, network]\ndocs: [private-clusters]\nreviewed: 2026-09-01\n---\n[[fargate|Fargate の制限]] と [[ebs#対策]]、[公式](https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/fargate.html#limits)。\n",
        ),
        ("content/cluster/fargate.md", "---\ntitle: Fargate の制約\naliases: [ファーゲート]\ntags: [cluster]\nreviewed: 2026-09-01\n---\n[[ﾌﾟﾗｲﾍﾞｰﾄｸﾗｽﾀｰ]] を参照。\n"),
        ("content/storage/ebs.md", "---\ntitle: EBS\ntags: [network, cluster]\nreviewed: 2026-09-01\n---\n[[doc:ebs-csi]] を読む。[[ファーゲート]]\n\n## 対策\n\n本文\n"),
        ("content/storage/other.md", "---\ntitle: 無関係\ntags: [storage]\nreviewed: 2026-09-01\n---\n[相対](../cluster/private.md)\n"),
    ])
}

#[test]
fn links_render_as_relative_hrefs_with_titles() {
    let site = linked_site();
    site.build();
    let page = site.page("cluster/private.html");
    assert_eq!(
        page.attrs(".note-body a", "href")[..2],
        ["fargate.html", "../storage/ebs.html#対策"]
    );
    assert_eq!(
        page.texts(".note-body a.wikilink"),
        ["Fargate の制限", "EBS"]
    );
    let fargate = site.page("cluster/fargate.html");
    assert_eq!(
        fargate.texts(".note-body a.wikilink"),
        ["プライベートクラスター"],
        "half-width katakana matches after NFKC"
    );
    let ebs = site.page("storage/ebs.html");
    assert_eq!(
        ebs.attrs(".note-body a.doc-link", "href"),
        ["https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/ebs-csi.html"]
    );
    assert_eq!(
        ebs.texts(".note-body a.doc-link"),
        ["Amazon EBS CSI ドライバー"]
    );
}

#[test]
fn note_pages_show_citations_backlinks_and_related_notes() {
    let site = linked_site();
    site.build();
    let page = site.page("cluster/private.html");
    assert_eq!(
        page.texts(".cited-docs a.doc-link"),
        ["プライベートクラスター", "AWS Fargate"],
        "front matter first, then inline, de-duplicated"
    );
    assert_eq!(
        page.attrs(".cited-docs .doc-meta a", "href"),
        [
            "../official-docs.html#doc-private-clusters",
            "../official-docs.html#doc-fargate"
        ]
    );
    // Reading order: sections by weight then title, so `storage` (no _index.md) sorts before クラスター.
    assert_eq!(page.texts(".backlinks li a"), ["無関係", "Fargate の制約"]);
    assert_eq!(page.texts(".related li a"), ["EBS", "Fargate の制約"]);
    let ebs = site.page("storage/ebs.html");
    assert_eq!(ebs.texts(".backlinks li a"), ["プライベートクラスター"]);
    let other = site.page("storage/other.html");
    assert_eq!(
        other.texts(".backlinks p"),
        ["このノートを参照しているノートはまだありません。"]
    );
}

#[test]
fn the_official_docs_page_shows_who_cites_what_and_what_is_uncovered() {
    let site = linked_site();
    site.build();
    let page = site.page("official-docs.html");
    assert_eq!(
        page.texts(".doc-category h2"),
        ["クラスター", "ノード", "ストレージ"]
    );
    assert_eq!(
        page.attrs("dt[id]", "id"),
        ["doc-private-clusters", "doc-fargate", "doc-ebs-csi"]
    );
    assert_eq!(
        page.texts("#doc-fargate + dd li a"),
        ["プライベートクラスター"]
    );
    assert_eq!(page.texts(".coverage strong"), ["3 / 3"]);
    site.write("content/storage/ebs.md", "---\ntitle: EBS\n---\n## 対策\n");
    site.build();
    let page = site.page("official-docs.html");
    assert_eq!(page.texts(".uncovered li a"), ["Amazon EBS CSI ドライバー"]);
    assert_eq!(page.texts(".coverage strong"), ["2 / 3"]);
}

#[test]
fn a_stale_note_shows_a_badge() {
    let site = Site::with(&[(
        "content/a.md",
        "---\ntitle: 古いノート\nreviewed: 2024-01-01\n---\n本文\n",
    )]);
    site.build();
    assert_eq!(
        site.page("a.html").texts(".note-meta .badge-stale"),
        ["要再確認"]
    );
}

#[test]
fn a_closed_pipe_ends_json_output_quietly() {
    let site = problem_site();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shiori"))
        .arg("--root")
        .arg(site.root())
        .args(["check", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `| head -0`
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        output.status.code(),
        Some(1),
        "errors still decide the exit code"
    );
}
