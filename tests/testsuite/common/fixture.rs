//! A small Japanese fixture of EKS note sections.

use shiori::search::SectionDoc;

fn section(
    note: &str,
    url: &str,
    title: &str,
    path: &[&str],
    tags: &[&str],
    body: &str,
) -> SectionDoc {
    SectionDoc {
        note_id: note.into(),
        url: url.into(),
        title: title.into(),
        heading_path: path.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        body: body.into(),
    }
}

/// Sections of five notes, in reading order.
pub fn eks_sections() -> Vec<SectionDoc> {
    vec![
        section("private-cluster", "cluster/private-cluster.html", "プライベートクラスターの制約", &[], &["cluster", "network"],
            "プライベートクラスターではAPIサーバーのエンドポイントがVPC内からしか到達できない。"),
        section("private-cluster", "cluster/private-cluster.html#制限事項", "プライベートクラスターの制約", &["制限事項"], &["cluster", "network"],
            "ECRやS3へはVPCエンドポイントが必要。インターネットへの出口がないとノードが参加できない。"),
        section("private-cluster", "cluster/private-cluster.html#route53", "プライベートクラスターの制約", &["制限事項", "Route 53"], &["cluster", "network"],
            "別アカウントのVPCを関連付けるには route53:AssociateVPCWithHostedZone の権限が要る。"),
        section("fargate", "compute/fargate.html", "Fargate の落とし穴", &[], &["compute", "fargate"],
            "EKSのFargateではDaemonSetが動かない。Podごとにマイクロ VM が起動する。"),
        section("fargate", "compute/fargate.html#プロファイル", "Fargate の落とし穴", &["Fargate プロファイル"], &["compute", "fargate"],
            "Fargate プロファイルのセレクターに一致しないPodはPendingのまま。プライベートサブネットが必要。"),
        section("cni-upgrade", "network/cni-upgrade.html", "VPC CNI のアップグレード", &[], &["network", "addon"],
            "VPC CNI アドオンは一度に一つのマイナーバージョンずつアップグレードする。"),
        section("cni-upgrade", "network/cni-upgrade.html#ip枯渇", "VPC CNI のアップグレード", &["IP アドレスの枯渇"], &["network", "addon"],
            "サブネットのIPアドレスが枯渇するとPodが起動しない。プレフィックス委任を検討する。"),
        section("autoscaler", "compute/autoscaler.html", "Cluster Autoscaler の設定", &[], &["compute", "autoscaling"],
            "複数のノードグループをまたいでスケールするには --balance-similar-node-groups を指定する。"),
        section("secrets", "security/secrets.html", "Secrets の暗号化", &[], &["security"],
            "KMS の鍵でSecretsをエンベロープ暗号化する。鍵のローテーションに注意。合鍵は作れない。"),
    ]
}
