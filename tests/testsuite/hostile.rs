//! Hostile and odd input: each case ends in a clear diagnostic or a safe
//! page, never a panic, and never in a file written outside the output.

use crate::common::Site;

fn assert_no_panic(run: &crate::common::Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.code == 0 || run.code == 1 || run.code == 2,
        "exit code {}: {}",
        run.code,
        run.stderr
    );
}

#[test]
fn bom_crlf_and_empty_files_build() {
    let site = Site::new();
    site.write_bytes("content/bom.md", b"\xEF\xBB\xBF---\r\ntitle: BOM \xE4\xBB\x98\xE3\x81\x8D\r\ntags: [a]\r\n---\r\n\r\n## \xE8\xA6\x8B\xE5\x87\xBA\xE3\x81\x97\r\n\r\ntext\r\n");
    site.write("content/empty.md", "");
    site.write("content/only-front.md", "---\n---\n");
    let run = site.build();
    assert_no_panic(&run);
    let page = site.page("bom.html");
    assert_eq!(page.text("h1"), "BOM 付き");
    assert_eq!(page.attrs(".note-body h2", "id"), ["見出し"]);
    assert_eq!(site.page("empty.html").text("h1"), "empty");
    assert_eq!(site.page("only-front.html").text("h1"), "only-front");
}

#[test]
fn deeply_nested_markup_does_not_overflow_the_stack() {
    let site = Site::new();
    site.write(
        "content/quotes.md",
        &format!("{}deep\n", "> ".repeat(10_000)),
    );
    site.write(
        "content/lists.md",
        &(0..10_000).map(|_| "- ").collect::<String>(),
    );
    site.write(
        "content/divs.md",
        &format!("{}x{}\n", "<div>".repeat(10_000), "</div>".repeat(10_000)),
    );
    site.write(
        "content/brackets.md",
        &format!("{}\n{}\n", "[".repeat(50_000), "*".repeat(50_000)),
    );
    let run = site.run(&["build"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("quotes.html").contains("deep"));
}

#[test]
fn a_ten_megabyte_note_builds() {
    let site = Site::new();
    let section = format!(
        "## 見出し\n\n{}\n\n",
        "EKS のノードとポッドの話。".repeat(40)
    );
    let text = format!(
        "---\ntitle: 巨大なノート\n---\n{}",
        section.repeat(10 * 1024 * 1024 / section.len() + 1)
    );
    assert!(text.len() > 10 * 1024 * 1024);
    site.write("content/huge.md", &text);
    site.build();
    let html = site.read("huge.html");
    assert!(html.contains("id=\"見出し-1000\""));
}

#[test]
fn odd_file_and_folder_names_get_working_links() {
    let site = Site::new();
    site.write(
        "content/my notes/a #1.md",
        "---\ntitle: 空白とシャープ\n---\n[[日本語の名前]] と [次](../日本語/日本語の名前.md)\n",
    );
    site.write(
        "content/日本語/日本語の名前.md",
        "---\ntitle: 日本語の名前\n---\n[戻る](<../my notes/a %231.md>)\n",
    );
    site.write("content/dots/a..b.md", "# ドット\n");
    let run = site.build();
    assert_no_panic(&run);
    assert!(site.out().join("my notes/a #1.html").is_file());
    let page = site.page("my notes/a #1.html");
    assert_eq!(
        page.attrs(".note-body a", "href"),
        ["../日本語/日本語の名前.html", "../日本語/日本語の名前.html"]
    );
    let back = site.page("日本語/日本語の名前.html");
    assert_eq!(
        back.attrs(".note-body a", "href"),
        ["../my%20notes/a%20%231.html"]
    );
    assert_eq!(site.page("dots/a..b.html").text("h1"), "ドット");
}

#[test]
fn a_slug_cannot_escape_the_output_and_duplicates_are_errors() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: A\nslug: ../../escape\n---\n");
    site.write("content/b.md", "---\ntitle: B\nslug: same\n---\n");
    site.write("content/c.md", "---\ntitle: C\nslug: same\n---\n");
    let run = site.run(&["build"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/a.md:3:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("could escape the output folder"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("duplicate slug"), "{}", run.stderr);
    assert!(
        !site.root().join("escape.html").exists()
            && !site.root().parent().unwrap().join("escape.html").exists()
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_outside_content_are_skipped_with_a_warning() {
    let site = Site::new();
    site.write("content/a.md", "# A\n");
    site.write("secret.md", "# 秘密\n");
    std::os::unix::fs::symlink(
        site.root().join("secret.md"),
        site.root().join("content/leak.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/loop"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        site.root().join("content/a.md"),
        site.root().join("content/alias.md"),
    )
    .unwrap();
    let run = site.build();
    assert!(run.stderr.contains("content/leak.md"), "{}", run.stderr);
    assert!(
        run.stderr.contains("points outside content/"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("symlinked folders are not followed"),
        "{}",
        run.stderr
    );
    assert!(!site.out().join("leak.html").exists());
    assert_eq!(
        site.page("alias.html").text("h1"),
        "A",
        "a symlink inside content/ is an ordinary note"
    );
}

#[test]
fn non_markdown_files_are_copied_as_assets() {
    let site = Site::new();
    site.write(
        "content/net/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/net/a.md", "# A\n\n![図](diagram.svg)\n");
    site.build();
    assert!(site.out().join("net/diagram.svg").is_file());
    assert_eq!(
        site.page("net/a.html").attrs(".note-body img", "src"),
        ["diagram.svg"]
    );
}

#[test]
fn scripts_and_script_urls_never_reach_a_page() {
    let site = Site::new();
    site.write(
        "content/official-docs.yaml",
        "- id: ok\n  title: \"<script>alert(1)</script>\"\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/ok.html\n  category: \"<img src=x onerror=alert(1)>\"\n- id: bad\n  title: bad\n  url: \"javascript:alert(1)\"\n",
    );
    site.write(
        "content/x.md",
        concat!(
            "---\n",
            "title: \"<script>alert('title')</script>\"\n",
            "tags: [\"<b onmouseover=alert(1)>\"]\n",
            "summary: \"<img src=x onerror=alert(2)>\"\n",
            "docs: [ok]\n",
            "---\n",
            "<script>alert(3)</script>\n\n",
            "<p onclick=\"alert(4)\">段落</p>\n\n",
            "[リンク](javascript:alert(5)) [データ](data:text/html,<script>alert(6)</script>) ![画像](javascript:alert(7))\n\n",
            "<a href=\"JaVaScRiPt:alert(8)\">raw</a> <iframe src=\"https://example.com\"></iframe> <style>body{}</style>\n",
        ),
    );
    let run = site.run(&["build"]);
    assert_no_panic(&run);
    assert_eq!(
        run.code, 1,
        "the javascript: catalog URL is an error:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/official-docs.yaml:5:"),
        "{}",
        run.stderr
    );
    site.write("content/official-docs.yaml", "- id: ok\n  title: \"<script>alert(1)</script>\"\n  url: https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/ok.html\n  category: \"<img src=x onerror=alert(1)>\"\n");
    let run = site.build();
    assert!(run.stderr.contains("unsafe link"), "{}", run.stderr);
    let any = scraper::Selector::parse("*").unwrap();
    for page in crate::common::files_below(&site.out())
        .iter()
        .filter(|p| p.ends_with(".html"))
    {
        let doc = site.page(page);
        for element in doc.0.select(&any) {
            let tag = element.value().name();
            // The bare 404 page's one inline block, allowed by its hash in
            // the page's CSP (tests/reading_pages.rs checks the hash).
            let allowed_style = tag == "style" && page == "404.html";
            assert!(
                !matches!(tag, "iframe" | "style" | "object" | "embed") || allowed_style,
                "{page}: <{tag}>"
            );
            if tag == "script" {
                let src = element.value().attr("src").unwrap_or_default();
                assert!(
                    !src.is_empty() && !src.contains(':'),
                    "{page}: inline or foreign script"
                );
            }
            for (name, value) in element.value().attrs() {
                assert!(!name.starts_with("on"), "{page}: <{tag} {name}>");
                let value = value.trim().to_lowercase();
                assert!(
                    !value.starts_with("javascript:") && !value.starts_with("data:"),
                    "{page}: <{tag} {name}={value}>"
                );
            }
        }
    }
    assert_eq!(
        site.page("x.html").text("h1"),
        "<script>alert('title')</script>",
        "shown as text"
    );
    assert!(site.page("x.html").text(".note-body").contains("段落"));
}

#[test]
fn raw_html_is_kept_only_when_allowed() {
    let site = Site::with(&[("site.yaml", "allow_raw_html: true\n"), ("content/x.md", "# X\n\n<details><summary>開く</summary><kbd>Ctrl</kbd></details>\n\n<span class=\"custom\">ok</span>\n")]);
    site.build();
    assert!(site
        .read("x.html")
        .contains("<span class=\"custom\">ok</span>"));
}

#[test]
fn an_empty_site_and_a_title_only_note_build_and_search() {
    let site = Site::new();
    std::fs::create_dir_all(site.root().join("content")).unwrap();
    let run = site.build();
    assert_no_panic(&run);
    assert!(site.out().join("index.html").is_file());
    site.write("content/a.md", "# タイトルだけ\n");
    site.build();
    let found = site.run(&["search", "タイトル", "--json"]);
    assert_eq!(found.code, 0, "{}", found.stderr);
    let results: serde_json::Value = serde_json::from_str(&found.stdout).unwrap();
    assert_eq!(results["notes"][0]["sections"][0]["url"], "a.html");
}

#[test]
fn a_search_index_left_by_a_killed_build_is_removed() {
    let site = Site::with(&[("content/a.md", "# A\n\n本文\n")]);
    let abandoned = site.root().join(".shiori/index.build-3999999-1-0");
    std::fs::create_dir_all(&abandoned).unwrap();
    site.build();
    assert!(
        !abandoned.exists(),
        "the folder of a dead build is cleaned up"
    );
    assert!(site.root().join(".shiori/index").is_dir());
}

/// The message of the error reported at `file` (`--> file` or `--> file:line:col`).
fn error_at(stderr: &str, file: &str) -> String {
    let mut message = "";
    for line in stderr.lines() {
        // `error[code]: message`
        if let Some((_, m)) = line
            .strip_prefix("error[")
            .and_then(|rest| rest.split_once("]: "))
        {
            message = m;
        }
        let at = line.trim_start().strip_prefix("--> ").unwrap_or("");
        if at == file || at.starts_with(&format!("{file}:")) {
            return message.to_string();
        }
    }
    panic!("no error at {file}:\n{stderr}")
}

/// Every output file with its contents.
fn snapshot(site: &Site) -> Vec<(String, Vec<u8>)> {
    crate::common::files_below(&site.out())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.out().join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn a_content_file_named_like_a_page_of_the_site_is_an_error_naming_both() {
    let site = Site::with(&[
        ("content/a/b.md", "# ノート\n\n本文\n"),
        ("content/ok.png", "png"),
    ]);
    site.build();
    let before = snapshot(&site);
    let collisions = [
        ("map.html", "this file and a page of the site itself would both be written to `map.html`"),
        ("print.html", "this file and a page of the site itself would both be written to `print.html`"),
        ("search.html", "this file and a page of the site itself would both be written to `search.html`"),
        ("404.html", "this file and a page of the site itself would both be written to `404.html`"),
        ("highlight.css", "this file and a page of the site itself would both be written to `highlight.css`"),
        ("style.css", "this file and a static file of the theme would both be written to `style.css`"),
        ("index.html", "this file and the home page would both be written to `index.html`"),
        ("a/index.html", "this file and the page of the folder `content/a` would both be written to `a/index.html`"),
        ("a/b.html", "this file and `content/a/b.md` would both be written to `a/b.html`"),
        ("tags/a.html", "`tags/a.html` is inside `tags/`, which holds the tag pages"),
        ("search/t-x.js", "`search/t-x.js` is inside `search/`, which holds the search index"),
    ];
    for (file, _) in collisions {
        site.write(&format!("content/{file}"), "<p>mine</p>");
    }
    let run = site.run(&["build"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (file, message) in collisions {
        assert_eq!(error_at(&run.stderr, &format!("content/{file}")), message);
    }
    assert!(run
        .stderr
        .contains("the previous output was left untouched"));
    assert!(snapshot(&site) == before, "public/ changed");
}

#[test]
fn names_differing_only_by_case_are_errors_naming_both_files() {
    let site = Site::with(&[
        ("content/Foo.md", "# 大文字\n"),
        ("content/foo.md", "# 小文字\n"),
        ("content/Net/a.md", "# A\n"),
        ("content/net/b.md", "# B\n"),
        ("content/img/Diagram.PNG", "png"),
        ("content/img/diagram.png", "png"),
        ("content/Map.html", "<p>mine</p>"),
        ("content/Tags/x.html", "<p>mine</p>"),
    ]);
    let run = site.run(&["build"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let differ =
        "the names differ only by letter case, so on macOS and Windows one overwrites the other";
    assert_eq!(
        error_at(&run.stderr, "content/foo.md"),
        format!("this note is written to `foo.html` and `content/Foo.md` to `Foo.html`: {differ}")
    );
    assert_eq!(
        error_at(&run.stderr, "content/net"),
        format!("this folder is written to `net/index.html` and the page of the folder `content/Net` to `Net/index.html`: {differ}")
    );
    assert_eq!(
        error_at(&run.stderr, "content/img/diagram.png"),
        format!("this file is written to `img/diagram.png` and `content/img/Diagram.PNG` to `img/Diagram.PNG`: {differ}")
    );
    assert_eq!(
        error_at(&run.stderr, "content/Map.html"),
        format!("this file is written to `Map.html` and a page of the site itself to `map.html`: {differ}")
    );
    assert_eq!(
        error_at(&run.stderr, "content/Tags/x.html"),
        "`Tags/x.html` is inside `tags/`, which holds the tag pages"
    );
    assert!(!site.out().exists(), "nothing is written");

    let check = site.run(&["check", "--format", "json"]);
    assert_eq!(check.code, 1);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let foo = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "content/foo.md")
        .expect("a diagnostic for content/foo.md");
    assert_eq!(foo["code"], "duplicate-slug");
    assert_eq!(foo["severity"], "error");
}
