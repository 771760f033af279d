//! A deterministic generator of EKS-flavoured notes in mixed Japanese and
//! English, for the parity test and the benchmark (via `examples/gen_corpus.rs`).
//! Word frequencies are skewed so that some terms are rare and some occur in
//! most sections, as in a real wiki.

use shiori::search::SectionDoc;

/// A generated note.
#[derive(Debug, Clone)]
pub struct GenNote {
    pub section: &'static str,
    pub slug: String,
    pub title: String,
    pub tags: Vec<&'static str>,
    /// (heading, body); the lead section has no heading.
    pub sections: Vec<(Option<String>, String)>,
}

const KATAKANA: &[&str] = &[
    "クラスター",
    "ノード",
    "ポッド",
    "サービス",
    "アドオン",
    "アップグレード",
    "プロファイル",
    "ネットワーク",
    "セキュリティ",
    "ロードバランサー",
    "コンテナー",
    "イメージ",
    "バージョン",
    "エンドポイント",
    "サブネット",
    "ロール",
    "ポリシー",
    "インスタンス",
    "ストレージ",
    "ボリューム",
    "ログ",
    "メトリクス",
    "スケーリング",
    "デプロイ",
    "レプリカ",
    "コントローラー",
    "ゲートウェイ",
    "プライベート",
    "パブリック",
    "キャッシュ",
    "オプション",
    "パラメーター",
    "ラベル",
    "セレクター",
    "ノードグループ",
    "プレフィックス",
    "アカウント",
    "リージョン",
    "ゾーン",
    "ドライバー",
    "プロキシ",
    "トラフィック",
    "シークレット",
    "マニフェスト",
    "テンプレート",
    "ダッシュボード",
    "アラーム",
    "スナップショット",
    "バックアップ",
    "リソース",
    "クォータ",
    "ライフサイクル",
];
const KANJI: &[&str] = &[
    "制限",
    "設定",
    "認証",
    "権限",
    "暗号化",
    "接続",
    "更新",
    "削除",
    "作成",
    "確認",
    "注意",
    "問題",
    "対策",
    "原因",
    "手順",
    "監視",
    "障害",
    "復旧",
    "移行",
    "料金",
    "容量",
    "枯渇",
    "起動",
    "停止",
    "失敗",
    "成功",
    "必要",
    "推奨",
    "既定",
    "変更",
    "鍵",
    "証明書",
    "名前空間",
    "可用性",
    "冗長化",
    "負荷分散",
    "互換性",
    "上限",
    "検証",
    "運用",
    "構成",
    "依存関係",
    "再起動",
    "自動化",
    "通信",
    "経路",
    "遅延",
    "署名",
    "歌",
    "費用",
];
const GLUE: &[&str] = &[
    "は",
    "が",
    "を",
    "に",
    "で",
    "と",
    "の",
    "から",
    "まで",
    "より",
    "ため",
    "ので",
    "ですが",
    "します",
    "できない",
    "になる",
    "について",
    "を使う",
    "する必要がある",
    "に注意する",
    "が起きる",
    "を確認する",
    "しないと",
    "された",
    "であれば",
];
const ENGLISH: &[&str] = &[
    "EKS",
    "Fargate",
    "kubectl",
    "IAM",
    "VPC",
    "CNI",
    "IRSA",
    "Karpenter",
    "Cluster Autoscaler",
    "CoreDNS",
    "kube-proxy",
    "EBS",
    "EFS",
    "ALB",
    "NLB",
    "Ingress",
    "Helm",
    "Terraform",
    "eksctl",
    "CloudWatch",
    "Route 53",
    "ECR",
    "S3",
    "KMS",
    "OIDC",
    "node group",
    "DaemonSet",
    "Deployment",
    "namespace",
    "ConfigMap",
    "Secret",
    "Pod",
    "Service",
    "taint",
    "toleration",
    "affinity",
    "HPA",
    "VPA",
    "metrics-server",
    "Prometheus",
    "Grafana",
    "Bottlerocket",
    "launch template",
    "security group",
    "prefix delegation",
    "aws-auth",
    "access entry",
    "--balance-similar-node-groups",
    "route53:AssociateVPCWithHostedZone",
    "t3.medium",
    "Kubernetes 1.29",
    "CSI driver",
    "Spot",
    "Graviton",
    "Pod Identity",
    "cert-manager",
];
const SECTIONS: &[&str] = &[
    "cluster",
    "network",
    "compute",
    "security",
    "storage",
    "operations",
];
const TAGS: &[&str] = &[
    "cluster",
    "network",
    "security",
    "compute",
    "storage",
    "addon",
    "upgrade",
    "iam",
    "observability",
    "cost",
    "autoscaling",
    "fargate",
    "dns",
    "ネットワーク",
    "運用",
];

/// splitmix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards the front of a list: index = n·u².
    pub fn skewed<'a>(&mut self, list: &'a [&'a str]) -> &'a str {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        list[((u * u) * list.len() as f64) as usize]
    }
}

fn phrase(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 | 1 => format!("{}{}", rng.skewed(KATAKANA), rng.skewed(GLUE)),
        2 | 3 => format!("{}{}", rng.skewed(KANJI), rng.skewed(GLUE)),
        4 => format!(
            "{}の{}{}",
            rng.skewed(KATAKANA),
            rng.skewed(KANJI),
            rng.skewed(GLUE)
        ),
        _ => format!(" {} ", rng.skewed(ENGLISH)),
    }
}

fn sentence(rng: &mut Rng) -> String {
    let words = 3 + rng.below(8);
    let mut out: String = (0..words).map(|_| phrase(rng)).collect();
    out.push('。');
    out
}

fn body(rng: &mut Rng) -> String {
    let sentences = 2 + rng.below(7);
    (0..sentences)
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join("")
}

fn title(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("{}の{}", rng.skewed(KATAKANA), rng.skewed(KANJI)),
        1 => format!("{} の{}", rng.skewed(ENGLISH), rng.skewed(KANJI)),
        2 => format!(
            "{}{}の{}",
            rng.skewed(KATAKANA),
            rng.skewed(KATAKANA),
            rng.skewed(KANJI)
        ),
        _ => format!("{} と {}", rng.skewed(ENGLISH), rng.skewed(KATAKANA)),
    }
}

/// `count` notes from `seed`.
pub fn notes(count: usize, seed: u64) -> Vec<GenNote> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| {
            let mut tags = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let tag = rng.skewed(TAGS);
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            let mut sections = vec![(None, body(&mut rng))];
            for _ in 0..rng.below(6) {
                let heading = match rng.below(3) {
                    0 => format!("{}について", rng.skewed(KANJI)),
                    1 => format!("{}の{}", rng.skewed(ENGLISH), rng.skewed(KANJI)),
                    _ => format!("{}の{}", rng.skewed(KATAKANA), rng.skewed(KANJI)),
                };
                sections.push((Some(heading), body(&mut rng)));
            }
            GenNote {
                section: SECTIONS[rng.below(SECTIONS.len())],
                slug: format!("note-{i:05}"),
                title: title(&mut rng),
                tags,
                sections,
            }
        })
        .collect()
}

/// Anchor of a heading, close enough to the site's (spaces to dashes).
pub fn anchor(heading: &str) -> String {
    heading.trim().to_lowercase().replace(' ', "-")
}

/// One `SectionDoc` per section, headings nested one level under the title.
pub fn section_docs(notes: &[GenNote]) -> Vec<SectionDoc> {
    let mut docs = Vec::new();
    for note in notes {
        let page = format!("{}/{}.html", note.section, note.slug);
        for (heading, body) in &note.sections {
            docs.push(SectionDoc {
                note_id: note.slug.clone(),
                url: match heading {
                    Some(h) => format!("{page}#{}", anchor(h)),
                    None => page.clone(),
                },
                title: note.title.clone(),
                heading_path: heading.iter().cloned().collect(),
                tags: note.tags.iter().map(|t| t.to_string()).collect(),
                body: body.clone(),
            });
        }
    }
    docs
}

/// The note as a Markdown file with front matter.
pub fn markdown(note: &GenNote) -> String {
    let mut out = format!(
        "---\ntitle: \"{}\"\ntags: [{}]\n---\n\n",
        note.title,
        note.tags.join(", ")
    );
    for (heading, body) in &note.sections {
        if let Some(h) = heading {
            out.push_str(&format!("## {h}\n\n"));
        }
        out.push_str(body);
        out.push_str("\n\n");
    }
    out
}
