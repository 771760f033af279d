//! Graphs for the map's tests: a tiny one, one shaped like the bundled EKS
//! site (Japanese titles, 9 sections, 35 notes, 32 official docs in 8
//! categories, 3 of them uncovered), and a large generated one.

use crate::map::{MapDoc, MapGraph, MapNote, MapSection};

/// A small deterministic generator (an LCG), so fixtures need no crate.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % sides as u64) as usize
    }
}

const SECTIONS: [(&str, &str, &[&str]); 9] = [
    (
        "クラスター",
        "cluster",
        &[
            "EKS アーキテクチャの全体像",
            "プライベートクラスターの制約",
            "エンドポイントアクセスの選び方",
            "クラスター作成時の落とし穴",
        ],
    ),
    (
        "ネットワーク",
        "network",
        &[
            "VPC CNI の IP アドレス枯渇",
            "SNAT と外向き通信",
            "セキュリティグループの必要条件",
            "ALB Ingress のサブネット選択",
            "NLB でクライアント IP を保持する",
        ],
    ),
    (
        "ノード",
        "nodes",
        &[
            "マネージドノードグループの更新",
            "EKS 最適化 AMI の選び方",
            "Fargate プロファイルの制限",
            "起動テンプレートの注意点",
        ],
    ),
    (
        "認証と認可",
        "auth",
        &[
            "aws-auth ConfigMap を壊したとき",
            "アクセスエントリーへの移行",
            "IRSA が効かないときの確認手順",
            "クラスター IAM ロールの権限",
        ],
    ),
    (
        "ストレージ",
        "storage",
        &[
            "EBS CSI ドライバーの導入",
            "EFS のマウントが遅い",
            "ボリュームのアベイラビリティーゾーン制約",
        ],
    ),
    (
        "スケーリング",
        "scaling",
        &[
            "Cluster Autoscaler の設定",
            "HPA が動かないとき",
            "VPA と HPA の併用",
            "Metrics Server の前提条件",
        ],
    ),
    (
        "アップグレード",
        "upgrade",
        &[
            "Kubernetes バージョンの追従",
            "アドオンの更新順序",
            "プラットフォームバージョンとは",
            "非推奨 API の洗い出し",
        ],
    ),
    (
        "可観測性",
        "observability",
        &[
            "コントロールプレーンのログ",
            "Container Insights の費用",
            "ノードのメトリクス収集",
        ],
    ),
    (
        "トラブルシューティング",
        "troubleshooting",
        &[
            "ノードが Ready にならない",
            "Pod が Pending のまま",
            "DNS 解決に失敗する",
            "403 Unauthorized の読み方",
        ],
    ),
];

/// Catalog pages: id, title, category.
const DOCS: [(&str, &str, &str); 32] = [
    ("what-is-eks", "Amazon EKS とは", "概要"),
    ("eks-architecture", "Amazon EKS のアーキテクチャ", "概要"),
    ("getting-started", "Amazon EKS の開始方法", "概要"),
    (
        "private-clusters",
        "プライベートクラスターの要件",
        "クラスター",
    ),
    (
        "cluster-endpoint",
        "クラスター API サーバーエンドポイント",
        "クラスター",
    ),
    (
        "update-cluster",
        "クラスターの Kubernetes バージョンを更新する",
        "クラスター",
    ),
    (
        "kubernetes-versions",
        "Kubernetes バージョンのライフサイクル",
        "クラスター",
    ),
    (
        "platform-versions",
        "EKS プラットフォームバージョン",
        "クラスター",
    ),
    ("cluster-auth", "クラスター認証", "認証"),
    (
        "grant-k8s-access",
        "IAM ユーザーとロールに Kubernetes API へのアクセスを許可する",
        "認証",
    ),
    ("auth-configmap", "aws-auth ConfigMap", "認証"),
    ("eks-optimized-ami", "Amazon EKS 最適化 AMI", "ノード"),
    ("managed-node-groups", "マネージドノードグループ", "ノード"),
    ("worker", "セルフマネージド型ノード", "ノード"),
    (
        "launch-workers",
        "セルフマネージド型 Amazon Linux ノードの作成",
        "ノード",
    ),
    ("fargate", "AWS Fargate", "Fargate"),
    ("fargate-profile", "Fargate プロファイル", "Fargate"),
    ("ebs-csi", "Amazon EBS CSI ドライバー", "ストレージ"),
    ("efs-csi", "Amazon EFS CSI ドライバー", "ストレージ"),
    (
        "autoscaling",
        "クラスターの自動スケーリング",
        "スケーリング",
    ),
    (
        "horizontal-pod-autoscaler",
        "Horizontal Pod Autoscaler",
        "スケーリング",
    ),
    (
        "vertical-pod-autoscaler",
        "Vertical Pod Autoscaler",
        "スケーリング",
    ),
    (
        "metrics-server",
        "Kubernetes Metrics Server",
        "スケーリング",
    ),
    (
        "network-load-balancing",
        "ネットワークの負荷分散",
        "ネットワーク",
    ),
    (
        "alb-ingress",
        "Application Load Balancer によるアプリケーションの負荷分散",
        "ネットワーク",
    ),
    (
        "sec-group-reqs",
        "セキュリティグループの要件",
        "ネットワーク",
    ),
    ("network-reqs", "VPC とサブネットの要件", "ネットワーク"),
    (
        "creating-a-vpc",
        "Amazon EKS クラスター用の VPC を作成する",
        "ネットワーク",
    ),
    (
        "eks-networking-add-ons",
        "ネットワークアドオン",
        "ネットワーク",
    ),
    ("cluster-iam-role", "クラスター IAM ロール", "IAM"),
    ("create-node-role", "ノード IAM ロール", "IAM"),
    ("service-accounts", "サービスアカウントの IAM ロール", "IAM"),
];

/// Docs that no note cites.
const UNCOVERED: [&str; 3] = ["getting-started", "launch-workers", "platform-versions"];

/// The docs a note of each section most likely cites.
const HOME_DOCS: [&[&str]; 9] = [
    &[
        "eks-architecture",
        "private-clusters",
        "cluster-endpoint",
        "what-is-eks",
    ],
    &[
        "network-reqs",
        "sec-group-reqs",
        "alb-ingress",
        "network-load-balancing",
        "eks-networking-add-ons",
    ],
    &[
        "managed-node-groups",
        "eks-optimized-ami",
        "fargate-profile",
        "worker",
        "fargate",
    ],
    &[
        "auth-configmap",
        "grant-k8s-access",
        "service-accounts",
        "cluster-iam-role",
        "cluster-auth",
    ],
    &["ebs-csi", "efs-csi"],
    &[
        "autoscaling",
        "horizontal-pod-autoscaler",
        "vertical-pod-autoscaler",
        "metrics-server",
    ],
    &["update-cluster", "kubernetes-versions"],
    &["what-is-eks", "metrics-server"],
    &[
        "create-node-role",
        "sec-group-reqs",
        "creating-a-vpc",
        "cluster-auth",
    ],
];

fn catalog() -> Vec<MapDoc> {
    DOCS.iter()
        .map(|&(id, title, category)| MapDoc {
            title: title.into(),
            category: category.into(),
            href: format!("official-docs.html#doc-{id}"),
            covered: true,
        })
        .collect()
}

fn doc_index(id: &str) -> usize {
    DOCS.iter().position(|d| d.0 == id).unwrap()
}

/// Marks the docs that no citation reaches as uncovered.
fn mark_coverage(graph: &mut MapGraph) {
    for (d, doc) in graph.docs.iter_mut().enumerate() {
        doc.covered = graph.citations.iter().any(|c| c.1 == d);
    }
}

/// Shaped like the bundled EKS site: 9 sections, 35 notes, 32 docs, about
/// 80 links and 70 citations, 3 uncovered docs.
pub(crate) fn bundled_like() -> MapGraph {
    let mut graph = MapGraph {
        docs: catalog(),
        ..MapGraph::default()
    };
    for (s, (title, dir, notes)) in SECTIONS.iter().enumerate() {
        graph.sections.push(MapSection {
            title: (*title).into(),
        });
        for (k, note) in notes.iter().enumerate() {
            graph.notes.push(MapNote {
                title: (*note).into(),
                section: s,
                href: format!("{dir}/note-{k}.html"),
            });
        }
    }
    let n = graph.notes.len();
    let mut dice = Dice(9);
    // A few hub notes that many others point at, like real overview pages.
    let hubs = [1, 4, 5, 13, 29];
    for from in 0..n {
        let section = graph.notes[from].section;
        let same: Vec<usize> = (0..n)
            .filter(|&i| graph.notes[i].section == section)
            .collect();
        for _ in 0..2 + dice.roll(3) {
            let to = match dice.roll(3) {
                0 => same[dice.roll(same.len())],
                1 => hubs[dice.roll(hubs.len())],
                _ => dice.roll(n),
            };
            if to != from {
                graph.links.push((from, to));
            }
        }
        let home = HOME_DOCS[section];
        graph
            .citations
            .push((from, doc_index(home[dice.roll(home.len())])));
        for _ in 0..1 + dice.roll(5) / 4 {
            let any = loop {
                let d = dice.roll(DOCS.len());
                if !UNCOVERED.contains(&DOCS[d].0) {
                    break d;
                }
            };
            graph.citations.push((from, any));
        }
    }
    // Every page but the uncovered ones is summarised somewhere.
    for (d, doc) in DOCS.iter().enumerate() {
        if !UNCOVERED.contains(&doc.0) && !graph.citations.iter().any(|c| c.1 == d) {
            graph.citations.push((d * 7 % n, d));
        }
    }
    graph.links.sort_unstable();
    graph.links.dedup();
    graph.citations.sort_unstable();
    graph.citations.dedup();
    mark_coverage(&mut graph);
    graph
}

/// Three notes in two sections, two docs (the second uncovered).
pub(crate) fn tiny() -> MapGraph {
    let note = |title: &str, section: usize, href: &str| MapNote {
        title: title.into(),
        section,
        href: href.into(),
    };
    let mut docs = catalog();
    docs.truncate(2);
    docs[1].covered = false;
    MapGraph {
        sections: vec![
            MapSection {
                title: "クラスター".into(),
            },
            MapSection {
                title: "ネットワーク".into(),
            },
        ],
        notes: vec![
            note("プライベートクラスターの制約", 0, "cluster/private.html"),
            note("SNAT と外向き通信", 1, "network/snat.html"),
            note("VPC CNI", 1, "network/cni.html"),
        ],
        docs,
        links: vec![(0, 1), (1, 2)],
        citations: vec![(0, 0)],
    }
}

/// `notes` generated notes in 10 sections, about 3 links and 2 citations
/// each, over the 32 catalog docs.
pub(crate) fn large(notes: usize) -> MapGraph {
    let mut dice = Dice(1000);
    let words = [
        "ノード",
        "クラスター",
        "VPC",
        "IAM ロール",
        "Pod",
        "サブネット",
        "アドオン",
    ];
    let mut graph = MapGraph {
        sections: (0..10)
            .map(|s| MapSection {
                title: format!("セクション {s}"),
            })
            .collect(),
        docs: catalog(),
        ..MapGraph::default()
    };
    for i in 0..notes {
        let section = i * 10 / notes.max(1);
        let title = format!(
            "{}と{}の話 その{i}",
            words[dice.roll(words.len())],
            words[dice.roll(words.len())]
        );
        graph.notes.push(MapNote {
            title,
            section,
            href: format!("s{section}/n{i}.html"),
        });
    }
    for from in 0..notes {
        for _ in 0..3 {
            let to = if dice.roll(2) == 0 {
                dice.roll(notes)
            } else {
                // Nearby notes, mostly in the same section.
                (from + 1 + dice.roll(20)) % notes
            };
            if to != from {
                graph.links.push((from, to));
            }
        }
        for _ in 0..2 {
            graph.citations.push((from, dice.roll(29)));
        }
    }
    graph.links.sort_unstable();
    graph.links.dedup();
    graph.citations.sort_unstable();
    graph.citations.dedup();
    mark_coverage(&mut graph);
    graph
}

/// Every `href` value in `svg`, in order.
pub(crate) fn hrefs(svg: &str) -> Vec<String> {
    svg.split(" href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn bundled_like_is_the_size_of_the_bundled_site() {
    let graph = bundled_like();
    assert_eq!(
        (graph.sections.len(), graph.notes.len(), graph.docs.len()),
        (9, 35, 32)
    );
    let sizes = (graph.links.len(), graph.citations.len());
    assert!(
        (70..=95).contains(&sizes.0) && (60..=80).contains(&sizes.1),
        "{sizes:?}"
    );
    assert_eq!(graph.docs.iter().filter(|d| !d.covered).count(), 3);
}
