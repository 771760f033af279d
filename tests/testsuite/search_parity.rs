//! Parity: for the same query, the browser runtime (run by node against the
//! bundle) returns tantivy's top 10 in tantivy's order, with the same
//! scores (within 1e-4 relative), the same fallback mode and match count —
//! section by section, and page by page with each page's sub-results.

use std::io::Write;
use std::path::Path;

use crate::common::corpus::{notes, section_docs};
use crate::common::fixture::eks_sections;
use crate::common::node::{node_available, run_node};
use serde_json::Value;
use shiori::search::{build_index, QueryOptions, SearchIndex, SectionDoc};

struct Case {
    query: &'static str,
    tags: &'static [&'static str],
}

const fn q(query: &'static str) -> Case {
    Case { query, tags: &[] }
}

const fn qt(query: &'static str, tags: &'static [&'static str]) -> Case {
    Case { query, tags }
}

/// Queries over the generated corpus: Japanese, English, mixed, phrases,
/// prefixes, single characters, tag filters, fallbacks.
const CORPUS_QUERIES: &[Case] = &[
    // Japanese words and runs (phrases of bigrams)
    q("クラスター"),
    q("クラスタ"),
    q("アップグレード"),
    q("ノードグループ"),
    q("ロードバランサー"),
    q("プライベート"),
    q("制限"),
    q("設定"),
    q("名前空間"),
    q("暗号化"),
    q("証明書"),
    q("可用性"),
    q("依存関係"),
    q("ネットワークの制限"),
    q("バージョン"),
    q("ション"),
    q("ポリシーを確認する"),
    // single characters
    q("鍵"),
    q("歌"),
    q("の"),
    q("料"),
    // English
    q("fargate "),
    q("eks "),
    q("kubectl "),
    q("karpenter "),
    q("IAM role "),
    q("cloudwatch "),
    q("t3.medium "),
    q("Kubernetes 1.29 "),
    q("--balance-similar-node-groups "),
    q("route53:AssociateVPCWithHostedZone "),
    // mixed
    q("EKSのFargate"),
    q("CNI アップグレード"),
    q("VPC サブネット"),
    q("IRSA ロール"),
    q("Karpenter ノード 制限"),
    q("CoreDNS の設定"),
    q("ECR イメージ 鍵"),
    // quoted phrases
    q("\"node group\""),
    q("\"kube proxy\""),
    q("\"クラスターの制限\""),
    q("\"security group\" ポリシー"),
    // prefixes, as typed
    q("farg"),
    q("karp"),
    q("clo"),
    q("ku"),
    q("eks prom"),
    q("クラスター met"),
    // tag filters
    q("tag:network"),
    q("クラスター tag:security"),
    qt("fargate ", &["compute"]),
    qt("ノード", &["cost"]),
    q("設定 tag:ネットワーク"),
    qt("eks 制限", &["upgrade", "cluster"]),
    // fallbacks: loose phrases, then OR
    q("プライベートクラスタの上限"),
    q("fargate zzzzqqq"),
    q("存在しない言葉 eks"),
    q("鍵 歌 karpenter"),
    // the most requests: many words, long runs (many bigrams), a typo
    // among other words, phrases with other words, several tags
    q("eks クラスター ノード fargate アップグレード 制限 ネットワーク ロール"),
    q("プライベートクラスターのエンドポイントアクセスの制限事項"),
    q("clustr ノードグループ fargate"),
    q("\"node group\" クラスター 制限"),
    qt("アップグレード 制限", &["upgrade", "cluster", "network"]),
];

/// Extra queries for the bundled EKS notes (the corpus queries run too).
const EKS_QUERIES: &[Case] = &[
    // Typos, corrected ("もしかして") and hiragana, folded to katakana
    q("fargte"),
    q("eks fargte"),
    q("kubernets"),
    q("clustr アップグレード"),
    q("ぷらいべーと"),
    q("くらすたー"),
    q("プライベートクラスター"),
    q("fargate"),
    q("制限"),
    q("クラスター"),
    q("CNI アップグレード"),
    q("エンドポイント"),
    q("aws-auth"),
    q("アクセスエントリ"),
    q("IPアドレス 枯渇"),
    q("マネージドノードグループ"),
    q("tag:network"),
    q("ノード tag:compute"),
];

/// Queries over the small fixture.
const FIXTURE_QUERIES: &[Case] = &[
    q("プライベートクラスター"),
    q("fargate"),
    q("CNI アップグレード"),
    q("鍵"),
    q("vpc tag:network"),
    q("daemonset プレフィックス"),
    q("プライベートクラスタの制限"),
    q("\"node groups\""),
];

fn check_parity(name: &str, index: &SearchIndex, bundle: &Path, cases: &[&Case]) {
    let queries: Vec<Value> = cases
        .iter()
        .map(|c| serde_json::json!({"query": c.query, "tags": c.tags}))
        .collect();
    let queries_file = bundle.parent().unwrap().join("queries.json");
    std::fs::write(&queries_file, serde_json::to_string(&queries).unwrap()).unwrap();
    let js: Vec<Value> = serde_json::from_str(&run_node(
        "tests/js/parity-runner.mjs",
        &[bundle, &queries_file],
    ))
    .unwrap();
    let mut failures = Vec::new();
    let mut gzip = Vec::new();
    let mut non_empty = 0;
    let (mut page_gzip, mut waves, mut shown_waves) = (Vec::new(), Vec::new(), Vec::new());
    let mut too_many_waves = Vec::new();
    let mut heaviest = (0, "");
    for (&case, js) in cases.iter().zip(&js) {
        let opts = QueryOptions {
            tags: case.tags.iter().map(|t| t.to_string()).collect(),
            limit: 10,
        };
        let rust = index.search(case.query, &opts).unwrap();
        let rust_hits: Vec<(u64, f64)> = rust
            .hits
            .iter()
            .map(|h| (u64::from(h.doc), f64::from(h.score)))
            .collect();
        let js_hits: Vec<(u64, f64)> = js["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_u64().unwrap(), h[1].as_f64().unwrap()))
            .collect();
        let same_docs = rust_hits
            .iter()
            .map(|h| h.0)
            .eq(js_hits.iter().map(|h| h.0));
        let scores_close = rust_hits
            .iter()
            .zip(&js_hits)
            .all(|(a, b)| (a.1 - b.1).abs() <= 1e-4 * a.1.abs().max(1e-12));
        let mode = serde_json::to_value(rust.mode).unwrap();
        let js_urls: Vec<&str> = js["urls"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|u| u.as_str())
            .collect();
        let rust_urls: Vec<&str> = rust.hits.iter().map(|h| h.url.as_str()).collect();
        if !same_docs
            || !scores_close
            || mode != js["mode"]
            || !total_agrees(js, rust.total)
            || js_urls != rust_urls
        {
            failures.push(format!(
                "{:?} tags {:?}\n  tantivy {:?} {:?} total {}\n  js      {:?} {} total {}",
                case.query,
                case.tags,
                rust_hits,
                rust.mode,
                rust.total,
                js_hits,
                js["mode"],
                js["total"]
            ));
        }
        if let Some(difference) = page_difference(index, case, &opts, js) {
            failures.push(difference);
        }
        if !rust_hits.is_empty() {
            non_empty += 1;
        }
        gzip.push(js["bytes"]["gzip"].as_u64().unwrap());
        page_gzip.push(js["pagesBytes"]["gzip"].as_u64().unwrap());
        waves.push(js["pagesWaves"].as_u64().unwrap());
        shown_waves.push(js["pagesWavesShown"].as_u64().unwrap());
        // Shards and page list, postings, fragments: three sequential
        // waves of requests until the results are on screen. A run of
        // kana/kanji that is nowhere as written, though its bigrams meet
        // in a section, learns so from positions (wave 2) and only then
        // fetches the doc lists of its loosened bigrams: one wave more.
        let allowed = if js["pagesMode"] == "all_loose" { 4 } else { 3 };
        if js["pagesWavesShown"].as_u64().unwrap() > allowed {
            too_many_waves.push(format!("{:?}: {}", case.query, js["pagesWavesShown"]));
        }
        heaviest = heaviest.max((js["pagesBytes"]["gzip"].as_u64().unwrap(), case.query));
    }
    gzip.sort_unstable();
    page_gzip.sort_unstable();
    waves.sort_unstable();
    shown_waves.sort_unstable();
    let _ = writeln!(
        std::io::stderr(),
        "{name}: {} queries, {non_empty} with hits; cold-query transfer gzip median {} B, max {} B; \
         by page: median {} B, max {} B ({:?}), request waves to the ranking median {}, max {} \
         (to the results shown: median {}, max {})",
        cases.len(),
        gzip[gzip.len() / 2],
        gzip[gzip.len() - 1],
        page_gzip[page_gzip.len() / 2],
        page_gzip[page_gzip.len() - 1],
        heaviest.1,
        waves[waves.len() / 2],
        waves[waves.len() - 1],
        shown_waves[shown_waves.len() / 2],
        shown_waves[shown_waves.len() - 1],
    );
    assert!(
        failures.is_empty(),
        "{} of {} queries differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(
        too_many_waves.is_empty(),
        "more than 3 waves of requests until the results are shown: {too_many_waves:?}"
    );
}

/// A page's ordinal and score, and its sub-results' documents and scores.
type RankedPage = (u64, f64, Vec<(u64, f64)>);

/// Page-level search: the same pages in the same order with the same
/// scores, the same sub-results, mode and count. `None` when they agree.
fn page_difference(
    index: &SearchIndex,
    case: &Case,
    opts: &QueryOptions,
    js: &Value,
) -> Option<String> {
    let rust = index.search_notes(case.query, opts).unwrap();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-4 * a.abs().max(1e-12);
    let rust_pages: Vec<RankedPage> = rust
        .notes
        .iter()
        .map(|n| {
            let sections = n
                .sections
                .iter()
                .map(|s| (u64::from(s.doc), f64::from(s.score)))
                .collect();
            (u64::from(n.page), f64::from(n.score), sections)
        })
        .collect();
    let js_pages: Vec<RankedPage> = js["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let sections = p[2]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s[0].as_u64().unwrap(), s[1].as_f64().unwrap()))
                .collect();
            (p[0].as_u64().unwrap(), p[1].as_f64().unwrap(), sections)
        })
        .collect();
    let same = rust_pages.len() == js_pages.len()
        && rust_pages.iter().zip(&js_pages).all(|(a, b)| {
            a.0 == b.0
                && close(a.1, b.1)
                && a.2.len() == b.2.len()
                && a.2
                    .iter()
                    .zip(&b.2)
                    .all(|(x, y)| x.0 == y.0 && close(x.1, y.1))
        });
    let total = serde_json::json!({
        "total": js["pagesTotal"],
        "totalExact": js["pagesTotalExact"],
        "totalMax": js["pagesTotalMax"],
    });
    let mode = serde_json::to_value(rust.mode).unwrap();
    let suggestion = serde_json::to_value(&rust.suggestion).unwrap();
    if same
        && mode == js["pagesMode"]
        && suggestion == js["pagesSuggestion"]
        && total_agrees(&total, rust.total)
    {
        return None;
    }
    Some(format!(
        "by page {:?} tags {:?}\n  tantivy {:?} {:?} total {} suggestion {:?}\n  js      {:?} {} total {} suggestion {}",
        case.query,
        case.tags,
        rust_pages,
        rust.mode,
        rust.total,
        rust.suggestion,
        js_pages,
        js["pagesMode"],
        js["pagesTotal"],
        js["pagesSuggestion"]
    ))
}

/// The runtime stops once no remaining candidate can enter the top 10; its
/// count is then a range that must hold tantivy's exact count.
fn total_agrees(js: &Value, total: usize) -> bool {
    let total = total as u64;
    if js["totalExact"] == true {
        return js["total"] == total;
    }
    js["total"].as_u64().unwrap() <= total && total <= js["totalMax"].as_u64().unwrap()
}

fn build(docs: &[SectionDoc], dir: &Path) -> SearchIndex {
    let index = build_index(docs, &dir.join("index")).unwrap();
    index.write_bundle(&dir.join("search")).unwrap();
    index
}

#[test]
#[cfg_attr(
    missing_node,
    ignore = "node is not on PATH (apt-get install nodejs); CI=true runs it"
)]
fn fixture_parity() {
    if !node_available("fixture_parity") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = build(&eks_sections(), dir.path());
    check_parity(
        "fixture",
        &index,
        &dir.path().join("search"),
        &FIXTURE_QUERIES.iter().collect::<Vec<_>>(),
    );
}

#[test]
#[cfg_attr(
    missing_node,
    ignore = "node is not on PATH (apt-get install nodejs); CI=true runs it"
)]
fn eks_content_parity() {
    if !node_available("eks_content_parity") {
        return;
    }
    let options = shiori::build::BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        ..Default::default()
    };
    let linked = shiori::build::link_site(&options).unwrap();
    let docs = shiori::search::site::section_docs(&linked.library);
    assert!(docs.len() > 100, "the EKS notes have many sections");
    let dir = tempfile::tempdir().unwrap();
    let index = build(&docs, dir.path());
    let cases: Vec<&Case> = EKS_QUERIES.iter().chain(CORPUS_QUERIES).collect();
    check_parity(
        "bundled EKS notes",
        &index,
        &dir.path().join("search"),
        &cases,
    );
}

#[test]
#[cfg_attr(
    missing_node,
    ignore = "node is not on PATH (apt-get install nodejs); CI=true runs it"
)]
fn generated_corpus_parity() {
    if !node_available("generated_corpus_parity") {
        return;
    }
    assert!(CORPUS_QUERIES.len() >= 50);
    let dir = tempfile::tempdir().unwrap();
    let docs = section_docs(&notes(2_000, 5));
    let index = build(&docs, dir.path());
    // The common terms' positions are cut into several blocks: the
    // runtime's block reading is part of what is compared.
    let blocks: Vec<String> = std::fs::read_dir(dir.path().join("search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("q-") && !name.ends_with("-0.js"))
        .collect();
    assert!(
        blocks.len() >= 5,
        "too few terms with more than one position block: {blocks:?}"
    );
    check_parity(
        "generated 2,000 notes",
        &index,
        &dir.path().join("search"),
        &CORPUS_QUERIES.iter().collect::<Vec<_>>(),
    );
}
