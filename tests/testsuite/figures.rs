//! Mermaid diagrams and `$…$` formulas: drawn at build time into the page
//! (SVG and MathML, no script), searchable by their labels, and a
//! diagnostic at the line of one that cannot be drawn — the page shows its
//! source instead.

use crate::common::browser::{visit, StaticServer};
use crate::common::{require_tool, Site};

const SECTION: (&str, &str) = ("content/net/_index.md", "---\ntitle: ネットワーク\n---\n");

const FLOW: &str = "```mermaid\nflowchart LR\n  Pod[Pod] -->|SNAT| ENI[ノードの ENI]\n  ENI --> NAT{NAT ゲートウェイ?}\n  NAT -->|いいえ| Drop[外へは到達しない]\n```\n";

const SEQUENCE: &str = "```mermaid\nsequenceDiagram\n  participant U as 利用者\n  participant API as API サーバー\n  U->>API: kubectl get pods\n  API-->>U: 403 権限がありません\n```\n";

fn site_with(note: &str) -> Site {
    Site::with(&[SECTION, ("content/net/figures.md", note)])
}

fn note(body: &str) -> String {
    format!("---\ntitle: 図と式\nreviewed: 2026-09-01\n---\n\n{body}")
}

/// One diagnostic of `check --format json`: code, severity, line, column, message.
type Found = (String, String, u64, u64, String);

/// `check --format json`'s exit code and diagnostics.
fn checked(site: &Site) -> (i32, Vec<Found>) {
    let run = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (run.code, found)
}

#[test]
fn a_mermaid_block_becomes_an_svg_with_its_japanese_labels() {
    let site = site_with(&note(&format!("通信の流れ:\n\n{FLOW}\n{SEQUENCE}")));
    site.build();
    let page = site.page("net/figures.html");
    assert_eq!(
        page.count(".note-body figure.diagram > svg"),
        2,
        "{}",
        page.html()
    );
    let labels = page.texts(".note-body figure.diagram svg text");
    for label in [
        "ノードの ENI",
        "NAT ゲートウェイ?",
        "外へは到達しない",
        "SNAT",
        "利用者",
        "403 権限がありません",
    ] {
        // A long label wraps onto lines (tspans) where it has a space.
        let unwrapped = label.replace(' ', "");
        assert!(
            labels
                .iter()
                .any(|l| l.replace(' ', "").contains(&unwrapped)),
            "{label} in {labels:?}"
        );
    }
    // Drawn at build time: the source is not on the page, no script draws it.
    assert_eq!(page.count("pre[data-lang=mermaid]"), 0);
    let html = page.html();
    assert!(
        !html.contains("mermaid.js") && !html.contains("flowchart LR"),
        "{html}"
    );
    // The sequence diagram's arrowheads are markers with ids of its own.
    let figure = &html[html.rfind("<figure class=\"diagram\">").unwrap()..];
    let marker = figure
        .split("marker-end=\"url(#")
        .nth(1)
        .expect("an arrowhead");
    let id = &marker[..marker.find(')').unwrap()];
    assert!(
        figure.contains(&format!("id=\"{id}\"")),
        "marker {id} defined"
    );
    assert!(id.starts_with("mm"), "{id}");
}

#[test]
fn diagram_labels_are_searchable() {
    let site = site_with(&note(&format!("本文。\n\n{FLOW}")));
    let run = site.run(&["search", "到達しない", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("図と式"), "{}", run.stdout);
}

#[test]
fn a_broken_diagram_is_shown_as_source_with_a_warning_at_its_line() {
    let body = "前置き。\n\n```mermaid\nflowchart LR\n  A --> B\n  C -->\n```\n\n後書き。\n";
    let site = site_with(&note(body));
    let run = site.build();
    assert!(
        run.stderr
            .contains("warning[diagram]: the Mermaid diagram cannot be drawn")
            && run.stderr.contains("content/net/figures.md:11:3"),
        "{}",
        run.stderr
    );
    let page = site.page("net/figures.html");
    assert_eq!(page.count("figure.diagram"), 0);
    let source = page.text("pre.code[data-lang=mermaid] code");
    assert!(source.contains("C -->"), "{source}");
    assert!(page.text(".note-body").contains("後書き。"));

    let (code, found) = checked(&site);
    assert_eq!(code, 1, "check fails on a diagram that cannot be drawn");
    assert_eq!(found.len(), 1, "{found:?}");
    let (kind, severity, line, column, message) = &found[0];
    assert_eq!((kind.as_str(), severity.as_str()), ("diagram", "error"));
    assert_eq!((*line, *column), (11, 3), "{message}");
    assert!(message.contains("C -->"), "{message}");
}

#[test]
fn an_unknown_diagram_kind_is_reported_on_its_first_line() {
    let site = site_with(&note("```mermaid\nnosuchdiagram\n  a --> b\n```\n"));
    let (_, found) = checked(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].2), ("diagram", 7));
}

#[test]
fn a_diagram_carries_no_script_link_or_html_from_its_source() {
    let body = concat!(
        "<div>raw HTML makes the note go through the sanitiser</div>\n\n",
        "```mermaid\n",
        "flowchart LR\n",
        "  A[\"<img src=x onerror=alert(1)>\"] --> B[<script>alert(2)</script>]\n",
        "  click A \"javascript:alert(3)\"\n",
        "  click B \"https://example.com/\"\n",
        "```\n",
    );
    let site = site_with(&note(body));
    site.build();
    let html = scraper::Html::parse_document(&site.read("net/figures.html"));
    let all = scraper::Selector::parse(".note-body figure.diagram *").unwrap();
    let elements: Vec<_> = html.select(&all).map(|e| e.value()).collect();
    assert!(
        elements.iter().any(|e| e.name() == "svg"),
        "the diagram is drawn"
    );
    for element in &elements {
        let name = element.name();
        assert!(
            ![
                "img",
                "script",
                "a",
                "foreignObject",
                "image",
                "style",
                "iframe"
            ]
            .contains(&name),
            "<{name}> in the diagram"
        );
        for (attribute, value) in element.attrs() {
            assert!(!attribute.starts_with("on"), "{attribute} on <{name}>");
            assert!(
                !["href", "style", "src"].contains(&attribute),
                "{attribute} on <{name}>"
            );
            assert!(!value.contains("javascript:"), "{attribute}={value}");
        }
    }
    // What the author wrote in the labels is text on the picture (a long
    // label wraps where it has a space).
    let text = scraper::Selector::parse(".note-body figure.diagram text").unwrap();
    let labels: String = html.select(&text).flat_map(|t| t.text()).collect();
    assert!(labels.contains("<img src=xonerror=alert(1)>"), "{labels}");
}

#[test]
fn formulas_become_mathml_and_the_math_font_ships_with_the_theme() {
    let body = "上限は $N_{pod} = N_{ENI} \\times (N_{IP} - 1) + 2$ で決まる。\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n";
    let site = site_with(&note(body));
    site.build();
    let page = site.page("net/figures.html");
    assert_eq!(
        page.count(".note-body p > math:not([display])"),
        1,
        "{}",
        page.html()
    );
    assert_eq!(
        page.count(".note-body math[display=block] mfrac"),
        1,
        "{}",
        page.html()
    );
    assert!(page.text(".note-body").contains("で決まる。"));
    assert!(!page.html().contains("\\frac"), "no LaTeX left on the page");
    let css = site.read("style.css");
    assert!(
        css.contains("url(\"fonts/latinmodern-math.woff2\")"),
        "the theme names its math font"
    );
    let font = std::fs::read(site.out().join("fonts/latinmodern-math.woff2")).unwrap();
    assert_eq!(&font[..4], b"wOF2");
    assert!(site
        .out()
        .join("fonts/LICENSE-latinmodern-math.txt")
        .is_file());
}

#[test]
fn a_malformed_formula_is_shown_as_source_with_a_diagnostic_at_its_column() {
    let site = site_with(&note("前置き。\n\n壊れた式 $x + \\nosuch{y}$ です。\n"));
    let run = site.build();
    assert!(
        run.stderr
            .contains("warning[math]: the formula cannot be read")
            && run.stderr.contains("content/net/figures.md:8:11"),
        "{}",
        run.stderr
    );
    let page = site.page("net/figures.html");
    assert_eq!(page.count("math"), 0);
    assert_eq!(page.text("code.math-source"), "$x + \\nosuch{y}$");
    let (code, found) = checked(&site);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    let (kind, severity, line, column, message) = &found[0];
    assert_eq!(
        (kind.as_str(), severity.as_str(), *line, *column),
        ("math", "error", 8, 11)
    );
    assert!(message.contains("nosuch"), "{message}");
}

#[test]
fn dollars_in_prose_stay_text() {
    let body = "料金は $5 と $10 です。\n\n割引後は$5と$10になる。\n\n月額 $10 です。$5 の追加で倍になる。\n\n見積もり: US$3,000 から US$5,000。\n";
    let site = site_with(&note(body));
    site.build();
    let page = site.page("net/figures.html");
    assert_eq!(page.count("math"), 0, "{}", page.html());
    let text = page.text(".note-body");
    for prose in [
        "料金は $5 と $10 です。",
        "割引後は$5と$10になる。",
        "月額 $10 です。$5 の追加で倍になる。",
        "US$3,000 から US$5,000。",
    ] {
        assert!(text.contains(prose), "{prose} in {text}");
    }
    let (_, found) = checked(&site);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn math_false_in_site_yaml_leaves_every_dollar_as_written() {
    let site = site_with(&note("変数 $x^2$ と $$y$$。\n"));
    site.write("site.yaml", "title: 数式なし\nmath: false\n");
    site.build();
    let page = site.page("net/figures.html");
    assert_eq!(page.count("math"), 0);
    assert!(page.text(".note-body").contains("変数 $x^2$ と $$y$$。"));
}

#[test]
fn diagrams_and_formulas_load_without_a_csp_violation_from_file_and_over_http() {
    if !require_tool("chromium") {
        return;
    }
    let site = site_with(&note(&format!("{FLOW}\n式 $\\frac{{a}}{{b}}$。\n")));
    site.build();
    let file = format!("file://{}", site.out().join("net/figures.html").display());
    let server = StaticServer::start(&site.out());
    for url in [file, server.url("net/figures.html")] {
        let seen = visit(&url);
        assert!(seen.dom.contains("<figure class=\"diagram\"><svg"), "{url}");
        assert!(seen.dom.contains("<mfrac>"), "{url}");
        let problems: Vec<&String> = seen
            .console
            .iter()
            .filter(|l| l.contains("violates") || l.contains("net::ERR_"))
            .collect();
        assert!(problems.is_empty(), "{url}: {problems:?}");
    }
}

#[test]
fn code_blocks_diagrams_and_formulas_in_one_note_each_appear_once_in_place() {
    // Highlighted code, diagrams and formulas are all set aside while the
    // HTML is written; with raw HTML in the note it is sanitised too. Each
    // must come back where it was written, once.
    let body = "<span>raw</span>\n\n```sh\necho code-one\n```\n\n$$x^2$$\n\n\
                ```mermaid\ngraph LR\n  A[入口] --> B[出口]\n```\n\n```sh\necho code-two\n```\n\n\
                1. 項目 $y$ の説明\n2. 次の項目\n";
    let site = site_with(&note(body));
    site.build();
    let html = site.read("net/figures.html");
    let body = &html[html.find("note-body").unwrap()..html.find("</article>").unwrap()];
    assert_eq!(body.matches("code-one").count(), 1, "{body}");
    assert_eq!(body.matches("code-two").count(), 1, "{body}");
    assert_eq!(body.matches("<math").count(), 2, "{body}");
    assert_eq!(
        body.matches("<figure class=\"diagram\"><svg").count(),
        1,
        "{body}"
    );
    let order = ["code-one", "<math", "<svg", "code-two", "<ol>"];
    let at: Vec<usize> = order.iter().map(|s| body.find(s).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{order:?} at {at:?}");
    assert!(
        !body.chars().any(|c| ('\u{FDD0}'..='\u{FDEF}').contains(&c)),
        "a placeholder was left: {body}"
    );
}
