//! Git history on pages: each note's last commit date and author, the
//! recent changes page and the Atom feed, on a repository made here with
//! fixed dates; and nothing at all when the site is not in git.

use crate::common::{files_below, require_tool, Site};
use std::path::Path;
use std::process::Command;

/// Runs git in `dir` as `author` at `date` (author and committer dates alike).
fn git(dir: &Path, author: &str, date: &str, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.email=author@example.com", "-c"])
        .arg(format!("user.name={author}"))
        .args([
            "-c",
            "commit.gpgSign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn commit(site: &Site, author: &str, date: &str, message: &str) {
    git(site.root(), author, date, &["add", "-A"]);
    git(site.root(), author, date, &["commit", "-q", "-m", message]);
}

fn note(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n{title} の本文。\n")
}

/// A site whose history is: 佐藤 adds three notes on 2026-10-01; 山田 花子
/// edits one late on 2026-11-30 (Tokyo time); Mover only renames another on
/// 2026-12-01. Then one note is edited without committing and one is new.
fn repository() -> Option<Site> {
    if !require_tool("git") {
        return None;
    }
    let site = Site::with(&[
        ("site.yaml", "title: 履歴のテスト\n"),
        ("content/cluster/_index.md", "---\ntitle: クラスター\n---\n"),
        ("content/cluster/endpoint.md", &note("エンドポイント")),
        ("content/cluster/upgrade.md", &note("アップグレード")),
        ("content/cluster/old-name.md", &note("改名されたノート")),
    ]);
    git(site.root(), "x", "2026-01-01T00:00:00Z", &["init", "-q"]);
    commit(&site, "佐藤", "2026-10-01T09:00:00+09:00", "最初のノート");
    site.write(
        "content/cluster/endpoint.md",
        &(note("エンドポイント") + "\n追記。\n"),
    );
    commit(&site, "山田 花子", "2026-11-30T23:30:00+09:00", "追記");
    git(
        site.root(),
        "Mover",
        "2026-12-01T10:00:00+09:00",
        &[
            "mv",
            "content/cluster/old-name.md",
            "content/cluster/renamed.md",
        ],
    );
    commit(&site, "Mover", "2026-12-01T10:00:00+09:00", "改名");
    // Not committed: an edit, and a new note.
    site.write(
        "content/cluster/upgrade.md",
        &(note("アップグレード") + "\n未コミットの追記。\n"),
    );
    site.write("content/cluster/draft-idea.md", &note("まだ書きかけ"));
    Some(site)
}

#[test]
fn note_pages_show_their_last_commit_date_and_author() {
    let Some(site) = repository() else { return };
    let run = site.build();
    let endpoint = site.page("cluster/endpoint.html");
    // The author's own day (Tokyo), not UTC's 2026-11-30T14:30.
    assert_eq!(
        endpoint.text(".note-meta .changed"),
        "最終更新 2026-11-30 · 山田 花子"
    );
    assert_eq!(
        endpoint.attrs(".note-meta .changed time", "datetime"),
        ["2026-11-30T23:30:00+09:00"]
    );
    // An uncommitted edit keeps the date of the last commit.
    assert_eq!(
        site.page("cluster/upgrade.html").text(".changed"),
        "最終更新 2026-10-01 · 佐藤"
    );
    // A commit that only renamed a note is not a change of its text.
    assert_eq!(
        site.page("cluster/renamed.html").text(".changed"),
        "最終更新 2026-10-01 · 佐藤"
    );
    // A note never committed shows no date.
    assert_eq!(site.page("cluster/draft-idea.html").count(".changed"), 0);
    // No base_url: one warning about the feed, nothing else.
    assert!(run.stderr.contains("(1 warnings)"), "{}", run.stderr);
}

#[test]
fn the_recent_page_lists_the_newest_change_first() {
    let Some(site) = repository() else { return };
    site.build();
    let recent = site.page("recent.html");
    assert_eq!(recent.text("h1"), "最近の変更");
    assert_eq!(
        recent.texts(".recent-table tbody tr"),
        [
            "2026-11-30 エンドポイント クラスター 山田 花子",
            // Same commit: in reading order (by title).
            "2026-10-01 アップグレード クラスター 佐藤",
            "2026-10-01 改名されたノート クラスター 佐藤",
        ]
    );
    assert_eq!(
        recent.attrs(".recent-table tbody a", "href")[..2],
        ["cluster/endpoint.html", "cluster/index.html"]
    );
    // Linked from the header of every page, and listed on the home page.
    let note = site.page("cluster/endpoint.html");
    assert_eq!(
        note.attrs(".header-links a[href$='recent.html']", "href"),
        ["../recent.html"]
    );
    let home = site.page("index.html");
    assert_eq!(
        home.texts(".changed-list li")[0],
        "2026-11-30 エンドポイント · 山田 花子"
    );
}

#[test]
fn the_feed_is_valid_atom_with_absolute_urls() {
    let Some(site) = repository() else { return };
    site.write(
        "content/cluster/escape.md",
        "---\ntitle: \"A & B <c>\"\nsummary: \"\\\"引用\\\" & <tag>\"\n---\n本文\n",
    );
    // Only this note: the other uncommitted work stays uncommitted.
    let (who, when) = ("O'Brien & Co", "2026-12-02T08:00:00+09:00");
    git(
        site.root(),
        who,
        when,
        &["add", "content/cluster/escape.md"],
    );
    git(site.root(), who, when, &["commit", "-q", "-m", "escape"]);
    let run = site.run(&["build", "--base-url", "https://wiki.example.com/eks"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("(0 warnings)"), "{}", run.stderr);
    let text = site.read("feed.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    let child = |node: roxmltree::Node<'_, '_>, name: &str| -> Option<String> {
        node.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .map(|c| c.text().unwrap_or("").to_string())
    };
    let alternate = |node: roxmltree::Node<'_, '_>| -> Option<String> {
        node.children()
            .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("alternate"))
            .and_then(|c| c.attribute("href").map(str::to_string))
    };
    assert_eq!(child(feed, "title").as_deref(), Some("履歴のテスト"));
    assert_eq!(
        child(feed, "id").as_deref(),
        Some("https://wiki.example.com/eks/")
    );
    assert_eq!(
        child(feed, "updated").as_deref(),
        Some("2026-12-02T08:00:00+09:00")
    );
    assert_eq!(
        alternate(feed).as_deref(),
        Some("https://wiki.example.com/eks/index.html")
    );
    let author = feed
        .children()
        .find(|c| c.has_tag_name((ATOM, "author")))
        .expect("a feed author");
    assert_eq!(child(author, "name").as_deref(), Some("履歴のテスト"));
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    // Every committed note, newest first; the uncommitted new one is not a change.
    let titles: Vec<String> = entries
        .iter()
        .map(|e| child(*e, "title").unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "A & B <c>",
            "エンドポイント",
            "アップグレード",
            "改名されたノート"
        ]
    );
    for entry in &entries {
        let link = alternate(*entry).expect("an entry link");
        assert!(
            link.starts_with("https://wiki.example.com/eks/cluster/"),
            "{link}"
        );
        assert_eq!(child(*entry, "id"), Some(link));
        let updated = child(*entry, "updated").unwrap();
        assert!(updated.len() >= 20 && updated.contains('T'), "{updated}");
        assert!(child(*entry, "summary").is_some());
    }
    assert_eq!(
        child(entries[0], "summary").as_deref(),
        Some("\"引用\" & <tag>")
    );
    let first_author = entries[0]
        .children()
        .find(|c| c.has_tag_name((ATOM, "author")))
        .unwrap();
    assert_eq!(child(first_author, "name").as_deref(), Some("O'Brien & Co"));
    // Every page names the feed in its head.
    let page = site.page("cluster/endpoint.html");
    assert_eq!(
        page.attrs(
            "head link[rel=alternate][type='application/atom+xml']",
            "href"
        ),
        ["https://wiki.example.com/eks/feed.xml"]
    );
    assert!(site.read("sitemap.xml").contains(
        "<loc>https://wiki.example.com/eks/cluster/endpoint.html</loc><lastmod>2026-11-30</lastmod>"
    ));
}

#[test]
fn without_base_url_a_warning_says_why_there_is_no_feed() {
    let Some(site) = repository() else { return };
    let run = site.build();
    assert!(
        run.stderr
            .contains("warning[config]: no Atom feed of changed notes was written")
            && run.stderr.contains("no `base_url`"),
        "{}",
        run.stderr
    );
    assert!(!site.out().join("feed.xml").exists());
    assert_eq!(
        site.page("index.html")
            .count("link[type='application/atom+xml']"),
        0
    );
    // `feed: false` is the way to go without one, silently.
    site.write("site.yaml", "title: 履歴のテスト\nfeed: false\n");
    let run = site.build();
    assert!(run.stderr.contains("(0 warnings)"), "{}", run.stderr);
    assert!(site.out().join("recent.html").exists());
}

#[test]
fn a_rebuild_reads_the_log_again_only_after_a_commit() {
    let Some(site) = repository() else { return };
    let history = shiori::history::History::read(site.root(), true);
    assert_eq!(history.commits(), Some(3));
    // An edit is not a commit: the history read before still holds.
    site.write("content/cluster/endpoint.md", &note("書きかけ"));
    assert!(history.is_current(site.root(), true));
    commit(&site, "山田 花子", "2026-12-03T09:00:00+09:00", "更新");
    assert!(!history.is_current(site.root(), true));
    assert!(!history.is_current(site.root(), false));
}

#[test]
fn history_false_turns_dates_the_page_and_the_feed_off() {
    let Some(site) = repository() else { return };
    site.write("site.yaml", "title: 履歴のテスト\nhistory: false\n");
    let run = site.run(&["build", "--base-url", "https://wiki.example.com/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.page("cluster/endpoint.html").count(".changed"), 0);
    assert!(!site.out().join("recent.html").exists());
    assert!(!site.out().join("feed.xml").exists());
}

#[test]
fn a_site_outside_git_shows_no_dates_and_says_nothing_about_it() {
    let site = Site::with(&[
        ("content/a.md", &note("ノートA")),
        ("content/b.md", &note("ノートB")),
    ]);
    let run = site.run(&["build", "--base-url", "https://wiki.example.com/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("git"), "{}", run.stderr);
    assert!(run.stderr.contains("(0 warnings)"), "{}", run.stderr);
    assert_eq!(site.page("a.html").count(".changed"), 0);
    assert_eq!(
        site.page("a.html")
            .count(".header-links a[href$='recent.html']"),
        0
    );
    assert!(!site.out().join("recent.html").exists());
    assert!(!site.out().join("feed.xml").exists());
}

#[test]
fn without_git_front_matter_dates_are_the_last_change() {
    let site = Site::with(&[
        (
            "content/hugo.md",
            "---\ntitle: Hugo のページ\nlastmod: 2025-05-05\nauthor: 鈴木\n---\n本文\n",
        ),
        (
            "content/zola.md",
            "+++\ntitle = \"Zola のページ\"\nupdated = 2025-06-01\n+++\n本文\n",
        ),
        ("content/plain.md", &note("日付なし")),
    ]);
    site.build();
    assert_eq!(
        site.page("hugo.html").text(".changed"),
        "最終更新 2025-05-05 · 鈴木"
    );
    assert_eq!(
        site.page("zola.html").text(".changed"),
        "最終更新 2025-06-01"
    );
    assert_eq!(
        site.page("recent.html").texts(".recent-table tbody a"),
        ["Zola のページ", "Hugo のページ"]
    );
}

#[test]
fn two_builds_of_one_commit_are_byte_identical() {
    let Some(site) = repository() else { return };
    let build = |out: &str| {
        let out = site.root().join(out);
        let run = site.run(&["build", "--out", &out.to_string_lossy()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        files_below(&out)
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(out.join(&f)).unwrap();
                (f, bytes)
            })
            .collect::<Vec<_>>()
    };
    let first = build("out-1");
    // A second clone of the same commit, checked out later.
    let clone = tempfile::tempdir().unwrap();
    git(
        clone.path(),
        "x",
        "2027-01-01T00:00:00Z",
        &["clone", "-q", &site.root().to_string_lossy(), "."],
    );
    for (path, text) in [
        (
            "content/cluster/upgrade.md",
            note("アップグレード") + "\n未コミットの追記。\n",
        ),
        ("content/cluster/draft-idea.md", note("まだ書きかけ")),
    ] {
        std::fs::write(clone.path().join(path), text).unwrap();
    }
    let out = clone.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_shiori"))
        .arg("--root")
        .arg(clone.path())
        .args(["build", "--out"])
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap();
    assert!(run.status.success());
    let second: Vec<(String, Vec<u8>)> = files_below(&out)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert_eq!(first.len(), second.len());
    for ((fa, a), (fb, b)) in first.iter().zip(&second) {
        assert_eq!(fa, fb);
        assert!(a == b, "{fa} differs between builds of one commit");
    }
}

/// The git pass on a 10,000-note repository of 100 commits (100 notes
/// each, the last ten also editing older notes): how long reading the
/// history takes, median of 5. Run with `--ignored --nocapture`.
#[test]
#[ignore = "a measurement: cargo test --test testsuite -- --ignored --nocapture git_pass"]
fn measure_the_git_pass_on_10000_notes() {
    if !require_tool("git") {
        return;
    }
    let site = Site::new();
    git(site.root(), "x", "2026-01-01T00:00:00Z", &["init", "-q"]);
    for c in 0..100 {
        for n in 0..100 {
            let i = c * 100 + n;
            site.write(
                &format!("content/s{:02}/n{i:05}.md", i / 500),
                &note(&format!("ノート {i}")),
            );
        }
        if c >= 90 {
            for n in 0..100 {
                let i = (c - 90) * 100 + n;
                site.write(
                    &format!("content/s{:02}/n{i:05}.md", i / 500),
                    &(note(&format!("ノート {i}")) + "\n追記\n"),
                );
            }
        }
        let date = format!("2026-{:02}-{:02}T12:00:00+09:00", 1 + c / 28, 1 + c % 28);
        commit(
            &site,
            &format!("作者{}", c % 7),
            &date,
            &format!("commit {c}"),
        );
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = std::time::Instant::now();
        let history = shiori::history::History::read(site.root(), true);
        times.push(start.elapsed());
        assert_eq!(history.commits(), Some(100));
    }
    times.sort();
    eprintln!(
        "git pass over 10,000 notes, 100 commits: median {:.1} ms (min {:.1}, max {:.1})",
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[4].as_secs_f64() * 1000.0
    );
    let run = site.build();
    assert!(run.stderr.contains("built 10000 notes"), "{}", run.stderr);
    assert!(site.read("recent.html").contains("ノート 99"));
}
