//! The bundled EKS knowledge base: it builds, every link inside it resolves,
//! every note is connected, and the seed's topics are all covered.

use crate::common::{build_bundled, files_below};
use scraper::{Html, Selector};
use shiori::build::{link_site, BuildOptions};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_internal_href_and_src_is_relative_and_resolves() {
    let out = build_bundled();
    let pages: Vec<String> = files_below(out.path())
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 40, "{} pages", pages.len());
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let any = Selector::parse("[href], [src], [id]").unwrap();
    for page in &pages {
        let html = Html::parse_document(&std::fs::read_to_string(out.path().join(page)).unwrap());
        let mut page_ids = HashSet::new();
        for element in html.select(&any) {
            if let Some(id) = element.value().attr("id") {
                page_ids.insert(id.to_string());
            }
            for attr in ["href", "src"] {
                if let Some(url) = element.value().attr(attr) {
                    links.push((page.clone(), url.to_string()));
                }
            }
        }
        ids.insert(page.clone(), page_ids);
    }
    let mut checked = 0;
    for (page, url) in links {
        if url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:") {
            continue;
        }
        // Hosts serve 404.html at any depth, where no relative link is right:
        // without base_url it links to the host's root on purpose
        // (tests/reading_pages.rs).
        if page == "404.html" && url.starts_with('/') {
            continue;
        }
        assert!(
            !url.starts_with('/'),
            "{page}: `{url}` is absolute; it breaks from file://"
        );
        assert!(!url.contains(':'), "{page}: `{url}` has a scheme");
        let (path, fragment) = url
            .split_once('#')
            .map_or((url.as_str(), None), |(p, f)| (p, Some(f)));
        let target = if path.is_empty() {
            page.clone()
        } else {
            let joined = Path::new(&page)
                .parent()
                .unwrap()
                .join(shiori::urls::decode(path));
            normalize(&joined)
        };
        assert!(
            out.path().join(&target).is_file(),
            "{page}: `{url}` → {target} does not exist"
        );
        if let (Some(fragment), Some(target_ids)) = (fragment, ids.get(&target)) {
            let fragment = shiori::urls::decode(fragment);
            assert!(
                target_ids.contains(&fragment),
                "{page}: `{url}`: no id `{fragment}` in {target}"
            );
        }
        checked += 1;
    }
    assert!(checked > 500, "only {checked} links checked");
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop().expect("link climbs out of the site");
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn check_is_clean_and_every_note_is_connected() {
    let linked = link_site(&BuildOptions {
        root: repo(),
        ..BuildOptions::default()
    })
    .unwrap();
    let errors: Vec<String> = linked
        .diagnostics
        .iter()
        .filter(|d| d.severity == shiori::diagnostics::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let library = &linked.library;
    assert!(library.notes.len() >= 20);
    let sections_with_notes = library
        .sections
        .iter()
        .filter(|s| !s.source.notes.is_empty() && s.source.index.is_some())
        .count();
    assert!(sections_with_notes >= 6);
    for note in &library.notes {
        assert!(
            !note.outgoing.is_empty() || !note.backlinks.is_empty(),
            "{} is not linked",
            note.source.file.display()
        );
        assert!(
            !note.backlinks.is_empty(),
            "nothing links to {}",
            note.source.file.display()
        );
        let front = &note.source.front;
        assert!(
            (2..=5).contains(&front.tags.len()),
            "{}: {} tags",
            note.source.file.display(),
            front.tags.len()
        );
        assert!(
            !front.docs.is_empty() && front.reviewed.is_some() && front.summary.is_some(),
            "{}",
            note.source.file.display()
        );
    }
}

#[test]
fn the_catalog_points_at_the_japanese_eks_user_guide() {
    let linked = link_site(&BuildOptions {
        root: repo(),
        ..BuildOptions::default()
    })
    .unwrap();
    let pages = &linked.library.catalog.pages;
    assert!(pages.len() >= 25);
    for page in pages {
        let name = page
            .url
            .strip_prefix("https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/")
            .and_then(|p| p.strip_suffix(".html"));
        assert!(
            name.is_some_and(|n| !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')),
            "{}",
            page.url
        );
    }
    let uncovered: Vec<&str> = linked
        .library
        .citations
        .iter()
        .zip(pages)
        .filter(|(c, _)| c.is_empty())
        .map(|(_, p)| p.id.as_str())
        .collect();
    let out = build_bundled();
    let docs = Html::parse_document(
        &std::fs::read_to_string(out.path().join("official-docs.html")).unwrap(),
    );
    let coverage: String = docs
        .select(&Selector::parse(".coverage strong").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(
        coverage,
        format!("{} / {}", pages.len() - uncovered.len(), pages.len())
    );
}

#[test]
fn every_topic_of_the_seed_is_covered_by_some_note() {
    let linked = link_site(&BuildOptions {
        root: repo(),
        ..BuildOptions::default()
    })
    .unwrap();
    let text: String = linked
        .library
        .notes
        .iter()
        .map(|n| &*n.source.text)
        .collect::<Vec<_>>()
        .join("\n");
    let topics = [
        "コントロールプレーン",
        "3 つのアベイラビリティーゾーン",
        "VPC",
        "プライベートクラスター",
        "eksctl",
        "X-Ray",
        "system:masters",
        "route53:AssociateVPCWithHostedZone",
        "Route 53",
        "--balance-similar-node-groups",
        "MapPublicIpOnLaunch",
        "ロードバランサー",
        "アドオン",
        "eks.1",
        "プラットフォームバージョン",
        "AMI",
        "マネージド型ノードグループ",
        "カスタムネットワーク",
        "Classic Load Balancer",
        "Network Load Balancer",
        "DaemonSet",
        "EBS CSI",
        "EFS",
        "5Gi",
        "Cluster Autoscaler",
        "Horizontal Pod Autoscaler",
        "Vertical Pod Autoscaler",
        "Metrics Server",
        "type: LoadBalancer",
        "Ingress",
        "プライベートサブネット",
        "クラスターセキュリティグループ",
        "VPC CNI",
        "Calico",
        "Cilium",
        "SNAT",
        "CNI Metrics Helper",
        "RBAC",
        "aws-auth",
        "サービスアカウント",
        "ポッド実行ロール",
        "ノード IAM ロール",
    ];
    let missing: Vec<&str> = topics
        .iter()
        .copied()
        .filter(|t| !text.contains(t))
        .collect();
    assert!(missing.is_empty(), "topics no note covers: {missing:?}");
}
