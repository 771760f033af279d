use super::*;
use crate::content::{from_memory, LoadOptions};
use crate::diagnostics::Diagnostics;

fn note(path: &str, text: &str) -> SourceNote {
    let mut diagnostics = Diagnostics::new();
    let files = vec![(path.to_string(), text.as_bytes().to_vec())];
    let content = from_memory(files, LoadOptions::default(), &mut diagnostics);
    content.notes.into_iter().next().expect("one note")
}

#[test]
fn a_note_without_directives_is_handed_back_as_it_is() {
    let n = note("a.md", "---\ntitle: t\n---\n本文 [[b]]\n");
    let t = translate(&n, Language::Ja, &Default::default());
    assert_eq!(t.body(), "本文 [[b]]\n");
    let at = n.text.find("[[").unwrap();
    assert_eq!(t.span(5..5), at - 2..at - 2);
}

#[test]
fn spans_after_a_directive_point_at_the_source_line() {
    let text = "!!! note \"T\"\n    中の [[x]]\n\n後の [[y]]\n";
    let n = note("a.md", text);
    let t = translate(&n, Language::Ja, &Default::default());
    for name in ["[[x]]", "[[y]]"] {
        let out_at = t.body().find(name).unwrap();
        let span = t.span(out_at..out_at + name.len());
        assert_eq!(&text[span], name, "in {}", t.body());
    }
}

#[test]
fn code_fences_and_code_spans_are_left_as_written() {
    let text = "```\n{{< note >}}\n!!! tip\n==x==\n```\n\n`{{< y >}}` and `%%z%%`\n";
    let n = note("a.md", text);
    let t = translate(&n, Language::Ja, &Default::default());
    assert_eq!(t.body(), text);
    assert!(t.diagnostics.is_empty());
}

#[test]
fn unknown_constructs_are_warned_about_at_their_line() {
    let text = "a\n\n{{< made-up 1 >}}\n\n:::mystery\nbody\n:::\n";
    let n = note("a.md", text);
    let t = translate(&n, Language::Ja, &Default::default());
    let found: Vec<(usize, String)> = t
        .diagnostics
        .iter()
        .map(|d| (d.location.line, d.message.clone()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 3);
    assert!(found[0].1.contains("made-up"), "{found:?}");
    assert_eq!(found[1].0, 5);
    assert!(found[1].1.contains(":::mystery"), "{found:?}");
    assert!(t.body().contains("body"));
    assert!(!t.body().contains("mystery"));
}

#[test]
fn cjk_emphasis_table() {
    // (written, should become, must stay literal)
    let cases: &[(&str, &str)] = &[
        (
            "**Save as…**オプション",
            "<strong>Save as…</strong>オプション",
        ),
        (
            "これは**「重要」**です",
            "これは<strong>「重要」</strong>です",
        ),
        ("*「強調」*した", "<em>「強調」</em>した"),
        ("普通の**強調**です", "普通の**強調**です"),
        ("2*3*4", "2\\*3\\*4"),
        ("a * b * c", "a * b * c"),
        ("* 箇条書き", "* 箇条書き"),
        ("`**「x」**です`", "`**「x」**です`"),
        ("**bold** text", "**bold** text"),
    ];
    for (written, expected) in cases {
        let n = note("a.md", &format!("{written}\n"));
        let t = translate(&n, Language::Ja, &Default::default());
        assert_eq!(t.body().trim_end(), *expected, "for {written}");
    }
}

#[test]
fn the_title_headings_id_is_written_before_it() {
    let n = note("a.md", "# はじめに {#intro}\n\n本文\n");
    let t = translate(&n, Language::Ja, &Default::default());
    assert!(
        t.body()
            .starts_with("\n<div id=\"intro\"></div>\n\n# はじめに {#intro}\n"),
        "{:?}",
        t.body()
    );
}

#[test]
fn prose_that_looks_like_a_directive_is_left_alone() {
    let text = "!!! Attention please !!!\n\nfoo\n";
    let n = note("a.md", text);
    let t = translate(&n, Language::Ja, &Default::default());
    assert!(
        t.body().contains("!!! Attention please !!!"),
        "{}",
        t.body()
    );
    assert!(t.diagnostics.is_empty());
}

#[test]
fn a_fence_ends_only_at_a_closing_line_as_indented_as_its_opening() {
    let text = "```md\n!!! note\n\n    ```\n    inner\n    ```\n```\n\n1. step\n\n    ```sh\n    x\n    ```\n\n==mark==\n";
    let n = note("a.md", text);
    let t = translate(&n, Language::Ja, &Default::default());
    assert!(t.body().contains("!!! note"), "{}", t.body());
    assert!(t.body().contains("<mark>mark</mark>"), "{}", t.body());
}

#[test]
fn jsx_attributes_of_an_html_tag_inside_a_line_are_dropped() {
    let n = note(
        "a.md",
        "- <span style={{padding: '0.1rem', color: '#fff'}} className=\"badge\">Mount</span> - 説明 `<b style={{x}}>`\n- a <b>b</b> <c\n",
    );
    let t = translate(&n, Language::Ja, &Default::default());
    assert_eq!(
        t.body(),
        "- <span class=\"badge\">Mount</span> - 説明 `<b style={{x}}>`\n- a <b>b</b> <c\n"
    );
}
