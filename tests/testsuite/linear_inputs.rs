//! Inputs that used to take time growing with the square of their size: a
//! large catalog, deeply nested HTML and YAML, a huge code block. Each runs
//! at the size that took minutes, in a debug build, well inside the bound.

use crate::common::Site;
use std::time::{Duration, Instant};

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    (work(), start.elapsed())
}

#[test]
fn a_catalog_of_100000_pages_loads_in_linear_time_and_locates_its_problems() {
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(&format!(
            "- id: page-{i}\n  title: ページ {i}\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/p{i}.html\n  category: カテゴリ{}\n",
            i % 50
        ));
    }
    text.push_str("- id: page-7\n  title: 重複\n  url: https://x/7\n");
    let mut found = Vec::new();
    let (catalog, took) = timed(|| {
        shiori::content::Catalog::parse(
            &text,
            std::path::Path::new("content/official-docs.yaml"),
            &mut found,
        )
    });
    // Quadratic, 20,000 entries took 58 s here; linear, 100,000 take ~2 s.
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert_eq!(catalog.pages.len(), 100_000);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].location.line, 400_001);
    assert!(found[0].message.contains("`page-7` is listed twice"));
}

#[test]
fn a_note_of_100000_nested_divs_is_sanitised_in_linear_time() {
    let n = 100_000;
    let site = Site::with(&[(
        "content/a/deep.md",
        &format!(
            "---\ntitle: 深い\n---\n{}奥の文<script>x()</script>{}\n",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    )]);
    let (run, took) = timed(|| site.build());
    assert!(took < Duration::from_secs(30), "{took:?}: {}", run.stderr);
    let html = site.read("a/deep.html");
    assert!(html.contains("奥の文"));
    assert!(!html.contains("<script>x()"));
    let divs = html.matches("<div>").count();
    assert!((256..300).contains(&divs), "{divs} divs");
}

#[test]
fn yaml_nested_100000_deep_is_rejected_at_once_with_its_place() {
    let n = 100_000;
    let nest = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let site = Site::with(&[
        (
            "content/a/n.md",
            &format!("---\ntitle: x\nextra: {nest}\n---\n本文\n"),
        ),
        ("content/official-docs.yaml", &nest),
    ]);
    let (run, took) = timed(|| site.run(&["check"]));
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("YAML nested more than 128 levels deep"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/a/n.md:3:136"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/official-docs.yaml:1:129"),
        "{}",
        run.stderr
    );
    site.write("site.yaml", &format!("title: {nest}\n"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("site.yaml:1:136"), "{}", run.stderr);
}

#[test]
fn a_huge_code_block_is_shown_as_plain_text_with_a_note() {
    let line = "image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:v1.2.3\n";
    let big = line.repeat(300 * 1024 / line.len());
    let site = Site::with(&[(
        "content/a/n.md",
        &format!("---\ntitle: x\n---\n```yaml\n{big}```\n\n```yaml\n{line}```\n"),
    )]);
    site.build();
    let page = site.page("a/n.html");
    assert_eq!(
        page.texts("p.code-note"),
        ["このコードブロックは大きすぎるため（299 KB）、色分けせずに表示しています。"]
    );
    let blocks = page.texts("pre.code");
    assert_eq!(blocks.len(), 2);
    assert!(blocks[0].starts_with("image: 123456789012"));
    // The small block after it is still highlighted.
    assert_eq!(
        page.count("pre.code span"),
        page.count("pre.code:last-of-type span")
    );
    assert!(page.count("pre.code:last-of-type span") > 0);
}

#[test]
fn a_note_too_long_to_hold_its_events_at_once_renders_every_block_in_order() {
    let mut body = String::new();
    for i in 0..30_000 {
        body.push_str(&format!("段落 **{i}** と [[b]]。\n\n"));
    }
    body.push_str("## 最後の見出し\n\n終わり\n");
    let site = Site::with(&[
        (
            "content/a/long.md",
            &format!("---\ntitle: 長い\n---\n{body}"),
        ),
        ("content/a/b.md", "---\ntitle: B\n---\nb\n"),
    ]);
    site.build();
    let page = site.page("a/long.html");
    let paragraphs = page.texts("main p strong");
    assert_eq!(paragraphs.len(), 30_000);
    assert!(paragraphs
        .iter()
        .enumerate()
        .all(|(i, p)| *p == i.to_string()));
    assert_eq!(page.attrs("h2#最後の見出し", "id"), ["最後の見出し"]);
    assert_eq!(page.count("main p a[href='b.html']"), 30_000);
}

#[test]
fn search_indexes_a_section_up_to_a_megabyte_and_no_block_too_large_to_highlight() {
    let filler = "ノードグループの更新手順を確認する。\n\n".repeat((1 << 20) / 50);
    let big_code = "x: 1\n".repeat(300 * 1024 / 5);
    let site = Site::with(&[(
        "content/a/n.md",
        &format!(
            "---\ntitle: 大きいノート\n---\n冒頭語\n\n{filler}末尾語\n\n## コード\n\n```yaml\nsmallblockword: 1\n```\n\n```yaml\nhugeblockword: 1\n{big_code}```\n"
        ),
    )]);
    site.build();
    let found = |q: &str| {
        let run = site.run(&["search", q, "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.contains("a/n.html")
    };
    assert!(found("冒頭語"));
    assert!(
        !found("末尾語"),
        "text past the first megabyte is not indexed"
    );
    assert!(found("smallblockword"));
    assert!(!found("hugeblockword"));
    // Both are still on the page.
    let html = site.read("a/n.html");
    assert!(html.contains("末尾語") && html.contains("hugeblockword"));
}
