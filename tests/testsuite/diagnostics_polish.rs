//! What an author reads when something is wrong: the code of each problem,
//! a did-you-mean for doc ids written as the page shows them, a warning
//! before `new` invents a section, and a clear word for a folder that is
//! not a site.

use crate::common::Site;

const CATALOG: &str = "\
- id: private-clusters
  title: プライベートクラスターをデプロイする
  url: https://docs.example.com/eks/private-clusters.html
- id: fargate
  title: AWS Fargate
  url: https://docs.example.com/eks/fargate.html
";

#[test]
fn human_output_names_the_code_of_each_problem() {
    let site = Site::with(&[(
        "content/a.md",
        "---\ntitle: A\nreviewed: 2020-01-01\n---\n[[なし]]\n",
    )]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[broken-link]: no note is named `なし`\n --> content/a.md:5:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning[stale-note]: "),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_doc_id_suggests_the_id_of_the_page_the_author_meant() {
    let site = Site::with(&[
        ("content/official-docs.yaml", CATALOG),
        (
            "content/a.md",
            "---\ntitle: A\ndocs: [eks-fargate, ネットワーク]\n---\n\
             [[doc:プライベートクラスター]] と [[doc:private-clusters.html]]\n",
        ),
    ]);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let helps: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-doc")
        .map(|d| (d["message"].as_str().unwrap(), d["help"].as_str().unwrap()))
        .collect();
    assert_eq!(
        helps,
        [
            (
                "unknown official doc id `eks-fargate` in `docs:`",
                "did you mean `fargate`?"
            ),
            (
                "unknown official doc id `ネットワーク` in `docs:`",
                "add `ネットワーク` to content/official-docs.yaml"
            ),
            (
                "unknown official doc id `プライベートクラスター`",
                "did you mean `doc:private-clusters`?"
            ),
            (
                "unknown official doc id `private-clusters.html`",
                "did you mean `doc:private-clusters`?"
            ),
        ]
    );
}

#[test]
fn new_warns_before_creating_a_section_without_an_index() {
    let site = Site::with(&[("content/net/_index.md", "---\ntitle: ネットワーク\n---\n")]);
    let run = site.run(&["new", "nosuchsection/x"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: section folder {}/content/nosuchsection/ does not exist; it is created without an _index.md"
                .replace("{}", &site.root().display().to_string())
                .as_str()
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("nosuchsection/_index.md with front matter such as `title: …`"),
        "{}",
        run.stderr
    );
    assert!(site.root().join("content/nosuchsection/x.md").is_file());

    let existing = site.run(&["new", "net/y"]);
    assert_eq!(existing.code, 0, "{}", existing.stderr);
    assert!(!existing.stderr.contains("warning"), "{}", existing.stderr);
    // The section made by the first run is now a folder: no second warning.
    let again = site.run(&["new", "nosuchsection/z"]);
    assert!(!again.stderr.contains("warning"), "{}", again.stderr);
}

#[test]
fn a_folder_without_content_is_a_usage_error_that_says_how_to_start() {
    let site = Site::with(&[("notes/a.md", "# A\n")]);
    for args in [
        &["build"][..],
        &["check"],
        &["check", "--format", "json"],
        &["search", "a"],
        &["new", "net/a"],
        &["serve", "--port", "0"],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("there is no content/ folder in")
                && run.stderr.contains("start a site here with `shiori init`"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("left untouched"), "{}", run.stderr);
    }
    assert!(!site.root().join("public").exists());
    assert!(!site.root().join("content").exists(), "new made no site");
}

#[test]
fn a_failed_build_says_the_previous_output_was_kept_only_when_there_was_one() {
    let site = Site::with(&[("content/a.md", "---\ntitle: [\n---\n")]);
    let first = site.run(&["build"]);
    assert_eq!(first.code, 1);
    assert!(
        first
            .stderr
            .contains("build failed: 1 error(s), 0 warning(s); no output was written"),
        "{}",
        first.stderr
    );
    assert!(!first.stderr.contains("left untouched"), "{}", first.stderr);

    site.write("content/a.md", "---\ntitle: A\n---\n");
    site.build();
    site.write("content/a.md", "---\ntitle: [\n---\n");
    let again = site.run(&["build"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stderr
            .contains("; the previous output was left untouched"),
        "{}",
        again.stderr
    );
}
