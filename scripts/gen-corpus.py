#!/usr/bin/env python3
"""Deterministic corpus generator for benchmarking shiori and its peers.

Writes a synthetic EKS knowledge base of any size: the same notes, sections
and links as a shiori site, an mdBook book, a Zola site or a Hugo site, so
that every tool builds equivalent content.

    python3 scripts/gen-corpus.py --notes 10000 --out /tmp/corpus-10k [--seed 1]
    python3 scripts/gen-corpus.py --notes 10000 --out /tmp/c --format all
    python3 scripts/gen-corpus.py --notes 10000 --out /tmp/c --japanese   # ~52 % CJK

Same arguments -> byte-identical tree (Python 3.11 stdlib only; every random
choice comes from `random.Random` seeded with strings, which is stable across
runs and machines).

Formats:
  shiori  site.yaml, content/official-docs.yaml, content/<section>/_index.md,
          notes with YAML front matter, [[wikilinks]], [[doc:id]], relative
          .md links; `shiori check` reports no errors and no warnings.
  mdbook  book.toml, src/SUMMARY.md, chapters; links are relative .md links
          (mdBook rewrites them to .html); search is on by default.
  zola    config.toml (build_search_index = true), content/ with +++ TOML front
          matter and _index.md; internal links use Zola's @/path.md#anchor form
          (checked by Zola); headings carry explicit {#id} so anchors match.
  hugo    hugo.toml (uglyURLs), content/ with YAML front matter, minimal
          layouts; links are relative .html links. Search: run
          `pagefind --site public` after `hugo`.
With several formats (or `all`), each goes to <out>/<format>/.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import posixpath
import random
import shutil
import sys
from dataclasses import dataclass, field

MARKER = ".gen-corpus"
FORMATS = ("shiori", "mdbook", "zola", "hugo")
DOC_BASE = "https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/"

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# (id, Japanese title, category). The first 32 are pages of the EKS User Guide
# named in DESIGN.md; the rest are plausible page names of the same guide.
CATALOG = [
    ("what-is-eks", "Amazon EKS とは", "概要"),
    ("eks-architecture", "Amazon EKS のアーキテクチャ", "概要"),
    ("getting-started", "Amazon EKS の開始方法", "概要"),
    ("private-clusters", "インターネットアクセスが制限されたプライベートクラスターをデプロイする", "クラスター"),
    ("cluster-endpoint", "クラスター API サーバーエンドポイント", "クラスター"),
    ("cluster-auth", "Amazon EKS でのアクセスコントロールの仕組み", "認証とアクセス"),
    ("grant-k8s-access", "IAM ユーザーとロールに Kubernetes API へのアクセスを付与する", "認証とアクセス"),
    ("auth-configmap", "aws-auth ConfigMap を使用して IAM プリンシパルにアクセスを付与する", "認証とアクセス"),
    ("update-cluster", "既存のクラスターを新しい Kubernetes バージョンに更新する", "クラスター"),
    ("kubernetes-versions", "Amazon EKS の Kubernetes バージョン", "クラスター"),
    ("platform-versions", "Amazon EKS プラットフォームバージョン", "クラスター"),
    ("eks-optimized-ami", "Amazon EKS 最適化 Amazon Linux AMI", "ノード"),
    ("managed-node-groups", "マネージド型ノードグループ", "ノード"),
    ("worker", "セルフマネージド型ノード", "ノード"),
    ("launch-workers", "セルフマネージド型 Amazon Linux ノードを作成する", "ノード"),
    ("fargate", "AWS Fargate", "Fargate"),
    ("fargate-profile", "AWS Fargate プロファイル", "Fargate"),
    ("ebs-csi", "Amazon EBS CSI ドライバー", "ストレージ"),
    ("efs-csi", "Amazon EFS CSI ドライバー", "ストレージ"),
    ("autoscaling", "オートスケーリング", "スケーリング"),
    ("horizontal-pod-autoscaler", "Horizontal Pod Autoscaler", "スケーリング"),
    ("vertical-pod-autoscaler", "Vertical Pod Autoscaler", "スケーリング"),
    ("metrics-server", "Kubernetes Metrics Server", "スケーリング"),
    ("network-load-balancing", "Network Load Balancer を使用した TCP および UDP の負荷分散", "ロードバランシング"),
    ("alb-ingress", "Application Load Balancer を使用したアプリケーションの負荷分散", "ロードバランシング"),
    ("sec-group-reqs", "Amazon EKS セキュリティグループの要件", "ネットワーク"),
    ("network-reqs", "VPC とサブネットの要件", "ネットワーク"),
    ("creating-a-vpc", "Amazon EKS クラスター用の Amazon VPC を作成する", "ネットワーク"),
    ("eks-networking-add-ons", "Amazon EKS ネットワークアドオン", "ネットワーク"),
    ("cluster-iam-role", "Amazon EKS クラスターの IAM ロール", "IAM"),
    ("create-node-role", "Amazon EKS ノードの IAM ロール", "IAM"),
    ("service-accounts", "Kubernetes サービスアカウントに IAM ロールを割り当てる", "IAM"),
    ("pod-identities", "EKS Pod Identity でポッドに AWS サービスへのアクセスを許可する", "IAM"),
    ("iam-roles-for-service-accounts", "サービスアカウントの IAM ロール", "IAM"),
    ("enable-iam-roles-for-service-accounts", "クラスターの IAM OIDC プロバイダーを作成する", "IAM"),
    ("access-entries", "EKS アクセスエントリを使用して IAM ユーザーに Kubernetes へのアクセスを許可する", "認証とアクセス"),
    ("access-policies", "アクセスポリシーをアクセスエントリに関連付ける", "認証とアクセス"),
    ("cni-custom-network", "ポッドのカスタムネットワーク", "ネットワーク"),
    ("security-groups-for-pods", "ポッドのセキュリティグループ", "ネットワーク"),
    ("cni-increase-ip-addresses", "プレフィックスを使用してノードに割り当てる IP アドレスを増やす", "ネットワーク"),
    ("cni-ipv6", "クラスター、ポッド、サービスの IPv6 アドレス", "ネットワーク"),
    ("external-snat", "ポッドの送信元 NAT を有効にする", "ネットワーク"),
    ("cni-network-policy", "Kubernetes ネットワークポリシーでポッドのトラフィックを制限する", "ネットワーク"),
    ("alternate-cni-plugins", "代替 CNI プラグイン", "ネットワーク"),
    ("eks-add-ons", "Amazon EKS アドオン", "アドオン"),
    ("managing-coredns", "CoreDNS を管理する", "アドオン"),
    ("managing-kube-proxy", "kube-proxy を管理する", "アドオン"),
    ("managing-vpc-cni", "Amazon VPC CNI を管理する", "アドオン"),
    ("aws-load-balancer-controller", "AWS Load Balancer Controller", "ロードバランシング"),
    ("lbc-helm", "Helm で AWS Load Balancer Controller をインストールする", "ロードバランシング"),
    ("control-plane-logs", "コントロールプレーンのログを CloudWatch Logs に送信する", "監視"),
    ("container-insights", "Container Insights でメトリクスを収集する", "監視"),
    ("prometheus", "Prometheus でメトリクスをモニタリングする", "監視"),
    ("logging-using-cloudtrail", "AWS CloudTrail で API コールをログに記録する", "監視"),
    ("create-cluster", "Amazon EKS クラスターを作成する", "クラスター"),
    ("delete-cluster", "クラスターを削除する", "クラスター"),
    ("create-kubeconfig", "kubeconfig ファイルを作成して kubectl を接続する", "クラスター"),
    ("update-managed-node-group", "マネージド型ノードグループを更新する", "ノード"),
    ("bottlerocket", "Bottlerocket AMI", "ノード"),
    ("windows-support", "Windows ノードをデプロイする", "ノード"),
    ("ml-eks-optimized-ami", "GPU 用の最適化 AMI", "ノード"),
    ("automode", "EKS Auto Mode でクラスターのインフラストラクチャを自動化する", "クラスター"),
    ("hybrid-nodes-overview", "EKS Hybrid Nodes", "ノード"),
    ("vpc-interface-endpoints", "インターフェイス VPC エンドポイント（AWS PrivateLink）", "ネットワーク"),
    ("fsx-csi", "Amazon FSx for Lustre CSI ドライバー", "ストレージ"),
    ("s3-csi", "Mountpoint for Amazon S3 CSI ドライバー", "ストレージ"),
    ("csi-snapshot-controller", "CSI スナップショットコントローラー", "ストレージ"),
    ("service-quotas", "Amazon EKS のサービスクォータ", "運用"),
    ("cost-monitoring", "コストのモニタリング", "運用"),
    ("eks-using-tags", "Amazon EKS リソースのタグ付け", "運用"),
    ("cluster-insights", "クラスターインサイトでアップグレードの準備状況を確認する", "運用"),
    ("troubleshooting", "Amazon EKS のトラブルシューティング", "トラブルシューティング"),
    ("security-iam-troubleshoot", "IAM のトラブルシューティング", "トラブルシューティング"),
    ("infrastructure-security", "Amazon EKS のインフラストラクチャセキュリティ", "セキュリティ"),
    ("envelope-encryption", "KMS による Kubernetes Secrets のエンベロープ暗号化", "セキュリティ"),
    ("pod-security-policy-removal-faq", "ポッドセキュリティポリシーの削除に関する FAQ", "セキュリティ"),
]

TAGS = [
    "network", "cni", "vpc", "subnet", "iam", "irsa", "pod-identity", "rbac",
    "auth", "endpoint", "private", "fargate", "node", "managed-node-group",
    "ami", "bottlerocket", "karpenter", "cluster-autoscaler", "hpa", "vpa",
    "metrics", "logging", "observability", "cloudwatch", "prometheus",
    "storage", "ebs", "efs", "fsx", "csi", "loadbalancer", "alb", "nlb",
    "ingress", "service", "dns", "coredns", "kube-proxy", "upgrade",
    "version", "addon", "security", "security-group", "secrets", "kms",
    "cost", "spot", "gpu", "windows", "ipv6", "nat", "snat", "backup",
    "troubleshooting", "quota", "eksctl", "terraform", "helm", "gitops",
    "multi-tenancy", "network-policy",
]

# (section topic slug, Japanese title, what the section is about)
TOPICS = [
    ("cluster", "クラスター", "クラスターの作成と構成"),
    ("networking", "ネットワーク", "VPC CNI とポッドのネットワーク"),
    ("nodes", "ノード", "マネージド型ノードグループとセルフマネージド型ノード"),
    ("fargate", "Fargate", "Fargate でポッドを動かすときの制約"),
    ("storage", "ストレージ", "EBS・EFS・FSx の CSI ドライバー"),
    ("security", "セキュリティ", "IAM、RBAC、Secrets の暗号化"),
    ("scaling", "スケーリング", "Karpenter、Cluster Autoscaler、HPA"),
    ("load-balancing", "ロードバランシング", "ALB・NLB と AWS Load Balancer Controller"),
    ("operations", "運用", "アップグレード、アドオン、監視"),
    ("observability", "可観測性", "ログ、メトリクス、トレース"),
    ("cost", "コスト", "Spot、Graviton、データ転送料金"),
    ("troubleshooting", "トラブルシューティング", "よくある障害と調べ方"),
]

TERMS = [
    "Fargate", "VPC CNI", "IAM", "IRSA", "EKS Pod Identity", "Karpenter",
    "Cluster Autoscaler", "CoreDNS", "kube-proxy", "AWS Load Balancer Controller",
    "ALB", "NLB", "Ingress", "Service", "DaemonSet", "Deployment", "StatefulSet",
    "PersistentVolume", "EBS CSI ドライバー", "EFS", "Bottlerocket",
    "Amazon Linux 2023", "マネージド型ノードグループ", "起動テンプレート",
    "セキュリティグループ", "ENI", "プレフィックス委任", "kubectl", "eksctl",
    "Terraform", "Helm", "Argo CD", "Container Insights", "Prometheus",
    "aws-auth ConfigMap", "アクセスエントリ", "OIDC プロバイダー", "KMS",
    "Secrets", "NetworkPolicy", "Calico", "Spot インスタンス", "Graviton",
    "HPA", "VPA", "Metrics Server", "NAT ゲートウェイ", "Transit Gateway",
    "PrivateLink", "VPC エンドポイント", "Route 53", "ECR", "CloudTrail",
    "EKS Auto Mode", "Windows ノード", "IPv6", "kubelet", "containerd",
    "API サーバー", "etcd", "PodDisruptionBudget", "Taint", "IMDSv2",
]

NOUNS = [
    "ポッド", "ノード", "クラスター", "サブネット", "セキュリティグループ", "ロール",
    "ポリシー", "設定値", "起動時間", "上限", "IP アドレス", "名前解決", "証明書",
    "ログ", "メトリクス", "費用", "通信", "権限", "認証", "ボリューム",
    "スケジューリング", "接続", "タイムアウト", "送信元 IP", "既定値", "名前空間",
    "ラベル", "アノテーション", "ルートテーブル", "ヘルスチェック", "ターゲットグループ",
    "トークン", "エンドポイント", "ディスク", "イメージ", "レプリカ数", "リクエスト",
    "リソース制限", "アドオン", "バージョン",
]

PROBLEMS = [
    "失敗する", "遅くなる", "枯渇する", "想定と違う動きをする", "上書きされる",
    "無視される", "見えなくなる", "再作成される", "二重に課金される", "止まる",
    "タイムアウトする", "詰まる", "古いまま残る", "消える", "偏る",
]

ACTIONS = [
    "確認する", "明示的に設定する", "分けて管理する", "先に作っておく",
    "Terraform で固定する", "監視対象に加える", "手順書に残す", "ステージングで試す",
    "段階的に切り替える", "アラームを設定する",
]

EN_NOUNS = [
    "default", "quota", "timeout", "annotation", "rollout", "trust policy",
    "route table", "health check", "node selector", "toleration", "label",
]

SENTENCES = [
    "{T} を使う場合、{N}の{N2}に注意が必要です。",
    "{T} は {N}を前提にしているため、{N2}が{P}ことがあります。",
    "見落としやすいのは、{T} の{N}が {T2} の設定と連動している点だ。",
    "検証環境では問題がなくても、本番環境では{N}が{P}ケースがある。",
    "{Y}年{M}月時点では、{T} は{N}の変更に対応していなかった。",
    "原因は {T} の既定値で、{N}が {K} を超えると{N2}が{P}。",
    "まず `kubectl get {R} -A` で{N}の状態を{A}。",
    "{T} と {T2} を併用する構成では、{N}を一箇所で{A}と事故が減る。",
    "{N}を変えたあとは {T} のポッドを再起動しないと反映されない。",
    "この挙動は {T} のバージョンによって異なるので、アップグレード前に{A}。",
    "{T} の{N}は{N2}ごとに決まっており、あとから変えるには作り直しが必要になる。",
    "We hit this when {T} was upgraded: the {E} changed silently.",
    "In short, treat the {T} {E} as part of the cluster, not of the application.",
    "チームでは {T} の{N}をコードで管理し、手作業での変更を禁止している。",
    "{T} のログに `{ERR}` と出ている場合は、{N}を{A}のが近道だ。",
    "料金の観点では、{T} の{N}が増えるほど{N2}の費用もかさむ。",
    "{T} を有効にしただけでは {N}は変わらない。{T2} 側の設定も必要になる。",
    "多くの場合、{N}の問題は {T} ではなく{N2}の設定ミスに起因する。",
    "公式ドキュメントの手順どおりでも、{T} の{N}が{P}ことがあるので{A}。",
    "{K} 個を超える{N}を扱うなら、{T} より {T2} を選ぶほうが運用は楽になる。",
]

# Japanese-only prose for `--japanese`: real Japanese wikis run long
# paragraphs with few spaces, which is where a CJK tokenizer spends its time.
JA_PROSE = [
    "{N}については、運用チームと開発チームのあいだで認識がずれやすく、障害のたびに同じ議論が繰り返されてきた。",
    "この節では、{N}を変更するときに確認すべき項目と、過去に実際に起きた障害の経緯を時系列でまとめる。",
    "結論から言えば、{N}は本番環境に入れる前に検証環境で十分に試し、手順書に残しておくべきである。",
    "当時の担当者によれば、{N2}の監視を後回しにしたことが、復旧までに半日かかった最大の理由だった。",
    "設計の段階で{N}の上限を見積もっておけば、のちの作り直しはほとんど避けられたはずだ。",
    "なお、ここに書いた内容は{Y}年{M}月時点の調査に基づいており、最新の仕様とは異なる可能性がある。",
    "変更の影響範囲が読めないときは、まず小さな環境で再現させ、ログと指標を突き合わせてから判断する。",
    "{N}と{N2}の関係は直感に反することが多く、新しく参加したメンバーが最初につまずく箇所でもある。",
    "障害報告書の多くは、設定そのものよりも、変更を誰がいつ承認したかが曖昧だった点を問題にしている。",
    "手作業での対応は一時しのぎにはなるが、同じ作業を何度も繰り返すうちに必ずどこかで間違いが起きる。",
    "議事録を読み返すと、{N}を見直す提案は何度も出ていたものの、優先順位の低さから先送りにされていた。",
    "最終的には、{N2}を定期的に点検する当番を決め、結果を週次の定例会議で共有する運用に落ち着いた。",
]

ERRORS = [
    "AccessDenied", "Unauthorized", "InsufficientFreeAddressesInSubnet",
    "CrashLoopBackOff", "ImagePullBackOff", "FailedScheduling",
    "NodeCreationFailure", "context deadline exceeded", "i/o timeout",
    "x509: certificate signed by unknown authority",
]

RESOURCES = ["pods", "nodes", "svc", "ingress", "pvc", "events", "daemonset", "deploy"]

LINK_LEADS = [
    "詳しくは{L}を参照。",
    "背景は{L}にまとめてある。",
    "{L}も合わせて読むとよい。",
    "同じ問題は{L}でも起きる。",
    "設定の手順は{L}のとおり。",
    "See {L} for the details.",
]

HEADINGS = [
    "何が起きるか", "なぜ起きるか", "対策", "確認方法", "設定例", "制限事項", "背景",
    "注意点", "移行手順", "トラブルシューティング", "費用への影響", "関連する設定",
    "運用のコツ", "よくある誤解", "検証結果", "ログの見方", "アップグレード時の注意",
    "既定値の変更", "代替案", "チェックリスト", "再現手順", "回避策", "影響範囲",
    "{T} の設定", "{T} との関係", "{T} を使う場合", "{T} の制約",
]

TITLE_PATTERNS = [
    "{T} で{N}が{P}",
    "{T} の{N}と{N2}",
    "{T} と {T2} の組み合わせ",
    "{N}が{P}ときの調べ方",
    "{T} の{N}を{A}",
    "{T} 導入時の落とし穴",
]

ALERTS = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def heading_id(text: str) -> str:
    """Port of shiori's `markdown::heading_id` (and close to mdBook's and Hugo's)."""
    out = []
    for c in text.strip():
        if c.isalnum() or c in "_-":
            out.append(c.lower())
        elif c.isspace() and (not out or out[-1] != "-"):
            out.append("-")
    ident = "".join(out).strip("-")
    return ident or "section"


def q(s: str) -> str:
    """A double-quoted string valid in both YAML and TOML."""
    return json.dumps(s, ensure_ascii=False)


def fill(rng: random.Random, pattern: str) -> str:
    t = rng.choice(TERMS)
    t2 = rng.choice(TERMS)
    while t2 == t:
        t2 = rng.choice(TERMS)
    n, n2 = rng.sample(NOUNS, 2)
    return pattern.format(
        T=t, T2=t2, N=n, N2=n2, P=rng.choice(PROBLEMS), A=rng.choice(ACTIONS),
        E=rng.choice(EN_NOUNS), Y=rng.randint(2019, 2026), M=rng.randint(1, 12),
        K=rng.choice([10, 16, 29, 50, 110, 250, 500, 1000]), R=rng.choice(RESOURCES),
        ERR=rng.choice(ERRORS), L="{L}",
    )


# --------------------------------------------------------------------------
# The model: sections, notes, links
# --------------------------------------------------------------------------

@dataclass
class Section:
    index: int
    path: str          # e.g. "s003-networking" or "s001-cluster/s007-nodes"
    title: str
    weight: int
    description: str
    parent: int | None
    notes: list[int] = field(default_factory=list)


@dataclass
class Note:
    index: int
    slug: str
    section: int
    title: str
    tags: list[str]
    docs: list[str]
    aliases: list[str]
    weight: int
    reviewed: str
    summary: str | None
    headings: list[tuple[int, str]]   # (level, text), ids unique within the note
    length: int                       # target body length in characters

    def path(self, sections: list[Section]) -> str:
        return f"{sections[self.section].path}/{self.slug}"


@dataclass
class Link:
    kind: str                 # wiki | alias | rel | doc | docurl
    target: int = -1          # note index (wiki, alias, rel)
    anchor: str | None = None  # heading text in the target
    label: str | None = None
    doc: str | None = None


class Corpus:
    def __init__(self, notes: int, seed: int, docs: int, japanese: bool = False):
        self.seed = seed
        self.japanese = japanese
        rng = random.Random(f"shiori-corpus:{seed}:layout")
        self.catalog = CATALOG[: max(1, min(docs, len(CATALOG)))]
        self.doc_ids = [d[0] for d in self.catalog]
        self.doc_by_id = {d[0]: d for d in self.catalog}

        n_sections = max(1, round(notes / 100))
        self.sections: list[Section] = []
        tops: list[int] = []
        for i in range(n_sections):
            topic, jtitle, about = TOPICS[i % len(TOPICS)]
            # About one section in five is nested one level inside a top-level one.
            nested = bool(tops) and rng.random() < 0.2
            parent = rng.choice(tops) if nested else None
            name = f"s{i + 1:03d}-{topic}"
            path = f"{self.sections[parent].path}/{name}" if parent is not None else name
            round_no = i // len(TOPICS) + 1
            title = jtitle if round_no == 1 else f"{jtitle} {round_no}"
            self.sections.append(Section(i, path, title, (i + 1) * 10, about, parent))
            if parent is None:
                tops.append(i)

        self.notes: list[Note] = []
        for i in range(notes):
            sec = rng.randrange(n_sections)
            self.notes.append(self._note(i, sec))
            self.sections[sec].notes.append(i)

    def _note(self, i: int, sec: int) -> Note:
        rng = random.Random(f"shiori-corpus:{self.seed}:note:{i}")
        topic = self.sections[sec].path.rsplit("-", 1)[-1]
        slug = f"n{i + 1:06d}-{topic}"
        title = fill(rng, rng.choice(TITLE_PATTERNS))
        tags = rng.sample(TAGS, rng.randint(2, 5))
        docs = rng.sample(self.doc_ids, min(len(self.doc_ids), rng.randint(1, 3)))
        aliases = [f"{rng.choice(TERMS)} メモ {i + 1}"] if rng.random() < 0.2 else []
        # Log-uniform length 300..3000 characters, one note in a hundred long.
        if rng.random() < 0.01:
            length = rng.randint(8000, 20000)
        else:
            length = int(math.exp(rng.uniform(math.log(300), math.log(3000))))
        n_head = max(3, min(8, 3 + length // 700 + rng.randint(-1, 1)))
        headings: list[tuple[int, str]] = []
        seen: set[str] = set()
        while len(headings) < n_head - 1:
            text = fill(rng, rng.choice(HEADINGS))
            if heading_id(text) in seen:
                continue
            seen.add(heading_id(text))
            level = 3 if headings and rng.random() < 0.3 else 2
            headings.append((level, text))
        headings.append((2, "公式ドキュメント"))
        reviewed = f"{rng.randint(2025, 2026)}-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
        summary = fill(rng, rng.choice(SENTENCES)).replace("{L}", "") if rng.random() < 0.5 else None
        return Note(i, slug, sec, title, tags, docs, aliases, rng.randint(1, 100) * 10,
                    reviewed, summary, headings, length)

    # ---- bodies: a list of str and Link ---------------------------------

    def _pick_target(self, rng: random.Random, note: Note) -> int:
        siblings = self.sections[note.section].notes
        if len(self.notes) == 1:
            return -1
        for _ in range(10):
            if rng.random() < 0.6 and len(siblings) > 1:
                t = rng.choice(siblings)
            else:
                t = rng.randrange(len(self.notes))
            if t != note.index:
                return t
        return -1

    def _link(self, rng: random.Random, note: Note) -> Link | str:
        r = rng.random()
        if r < 0.12:
            return Link("doc", doc=rng.choice(self.doc_ids))
        if r < 0.17:
            return Link("docurl", doc=rng.choice(self.doc_ids), label="公式ドキュメント")
        t = self._pick_target(rng, note)
        if t < 0:
            return Link("doc", doc=rng.choice(self.doc_ids))
        target = self.notes[t]
        if r < 0.45:
            return Link("wiki", t)
        if r < 0.62:
            return Link("wiki", t, anchor=rng.choice(target.headings)[1])
        if r < 0.72:
            return Link("wiki", t, label=rng.choice(NOUNS) + "の話")
        if r < 0.76 and target.aliases:
            return Link("alias", t, label=target.aliases[0])
        if r < 0.88:
            return Link("rel", t, label=rng.choice(TERMS) + " の注意点")
        return Link("rel", t, anchor=rng.choice(target.headings)[1], label=rng.choice(NOUNS))

    def _paragraph(self, rng: random.Random, note: Note, most: int = 5) -> list:
        parts: list = []
        for _ in range(rng.randint(1, most)):
            s = fill(rng, rng.choice(SENTENCES))
            parts.append(s + " " if s.endswith(".") else s)
            if rng.random() < 0.25:
                lead = rng.choice(LINK_LEADS)
                before, after = lead.split("{L}")
                parts += [before, self._link(rng, note), after]
        return parts

    def _list(self, rng: random.Random, note: Note) -> list:
        ordered = rng.random() < 0.3
        out: list = []
        for k in range(rng.randint(3, 6)):
            mark = f"{k + 1}. " if ordered else "- "
            out.append(mark + fill(rng, rng.choice(SENTENCES)).rstrip("。.") )
            if rng.random() < 0.2:
                out += ["（", self._link(rng, note), "）"]
            out.append("\n")
        return out

    def _table(self, rng: random.Random) -> str:
        rows = ["| 設定 | 既定値 | 推奨 | 備考 |", "|---|---|---|---|"]
        for _ in range(rng.randint(3, 7)):
            rows.append(
                f"| `{rng.choice(CODE_KEYS)}` | {rng.choice(CODE_VALUES)} | "
                f"{rng.choice(CODE_VALUES)} | {rng.choice(NOUNS)}に影響 |"
            )
        return "\n".join(rows) + "\n"

    def _alert(self, rng: random.Random) -> str:
        kind = rng.choice(ALERTS)
        text = fill(rng, rng.choice(SENTENCES)).replace("{L}", "")
        return f"> [!{kind}]\n> {text}\n"

    def _japanese_prose(self, note: Note, heading: str) -> list[list]:
        """A long Japanese paragraph after a heading's blocks.
        Their own random stream: without `--japanese` the corpus is unchanged."""
        rng = random.Random(f"shiori-corpus:{self.seed}:ja:{note.index}:{heading}")
        return [["".join(fill(rng, rng.choice(JA_PROSE)) for _ in range(rng.randint(1, 3)))]]

    def body(self, note: Note) -> list[list]:
        """The note's blocks; each block is a list of str and Link."""
        rng = random.Random(f"shiori-corpus:{self.seed}:body:{note.index}")
        blocks: list[list] = [self._paragraph(rng, note, 3)]
        # The last heading is the docs list (~150 characters); blocks overshoot
        # their budget by half a block on average.
        per_heading = max(40, (note.length - 350) // max(1, len(note.headings) - 1))
        for level, text in note.headings[:-1]:
            blocks.append(["#" * level + " " + text])
            size = 0
            while size < per_heading:
                r = rng.random()
                if r < 0.55:
                    b = self._paragraph(rng, note)
                elif r < 0.75:
                    b = self._list(rng, note)
                elif r < 0.87:
                    b = [code_block(rng)]
                elif r < 0.93:
                    b = [self._table(rng)]
                else:
                    b = [self._alert(rng)]
                blocks.append(b)
                size += sum(len(p) if isinstance(p, str) else 12 for p in b)
            if self.japanese:
                blocks += self._japanese_prose(note, text)
        blocks.append(["## 公式ドキュメント"])
        items: list = []
        for d in note.docs:
            items += ["- ", Link("doc", doc=d), " — " + rng.choice(NOUNS) + "について\n"]
        blocks.append(items)
        return blocks


# --------------------------------------------------------------------------
# Code blocks
# --------------------------------------------------------------------------

CODE_KEYS = [
    "WARM_IP_TARGET", "MINIMUM_IP_TARGET", "ENABLE_PREFIX_DELEGATION",
    "AWS_VPC_K8S_CNI_EXTERNALSNAT", "maxPods", "desiredSize", "http-put-response-hop-limit",
    "enableNetworkPolicy", "consolidationPolicy", "expireAfter", "targetCPUUtilization",
]
CODE_VALUES = ["true", "false", "1", "2", "110", "なし", "自動", "30s", "720h", "WhenEmpty"]


def code_block(rng: random.Random) -> str:
    k = rng.randrange(6)
    ns = rng.choice(["default", "kube-system", "payments", "batch", "monitoring"])
    name = rng.choice(["api", "worker", "frontend", "ingest", "report"]) + f"-{rng.randint(1, 99)}"
    account = f"{rng.randint(10**11, 10**12 - 1)}"
    if k == 0:
        body = f"""apiVersion: v1
kind: ServiceAccount
metadata:
  name: {name}
  namespace: {ns}
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::{account}:role/{name}-role"""
        lang = "yaml"
    elif k == 1:
        body = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
spec:
  replicas: {rng.randint(1, 6)}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: app
          image: {account}.dkr.ecr.ap-northeast-1.amazonaws.com/{name}:1.{rng.randint(0, 40)}
          resources:
            requests:
              cpu: {rng.choice(["100m", "250m", "500m"])}
              memory: {rng.choice(["128Mi", "256Mi", "1Gi"])}"""
        lang = "yaml"
    elif k == 2:
        body = f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
  annotations:
    alb.ingress.kubernetes.io/scheme: {rng.choice(["internal", "internet-facing"])}
    alb.ingress.kubernetes.io/target-type: ip
spec:
  ingressClassName: alb
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {name}
                port:
                  number: {rng.choice([80, 8080, 443])}"""
        lang = "yaml"
    elif k == 3:
        cluster = rng.choice(["prod", "stg", "dev"]) + f"-{rng.randint(1, 9)}"
        cmds = [
            f"aws eks update-kubeconfig --region ap-northeast-1 --name {cluster}",
            f"kubectl -n {ns} get pods -o wide",
            f"kubectl set env daemonset -n kube-system aws-node {rng.choice(CODE_KEYS)}=true",
            f"eksctl create iamserviceaccount --cluster {cluster} --namespace {ns} --name {name} --attach-policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess --approve",
            f"aws eks describe-addon-versions --addon-name {rng.choice(['vpc-cni', 'coredns', 'kube-proxy', 'aws-ebs-csi-driver'])}",
            f"kubectl -n {ns} rollout restart deployment/{name}",
            f"kubectl describe node | grep -i {rng.choice(['allocatable', 'taints', 'pods'])}",
        ]
        body = "\n".join(rng.sample(cmds, rng.randint(2, 4)))
        lang = "bash"
    elif k == 4:
        body = json.dumps({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Federated": f"arn:aws:iam::{account}:oidc-provider/oidc.eks.ap-northeast-1.amazonaws.com/id/{rng.randrange(16**8):08X}"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {
                    f"oidc.eks.ap-northeast-1.amazonaws.com/id/{rng.randrange(16**8):08X}:sub": f"system:serviceaccount:{ns}:{name}"}},
            }],
        }, indent=2)
        lang = "json"
    else:
        body = f"""apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: {name}
spec:
  template:
    spec:
      requirements:
        - key: karpenter.sh/capacity-type
          operator: In
          values: ["{rng.choice(["spot", "on-demand"])}"]
  disruption:
    consolidationPolicy: {rng.choice(["WhenEmpty", "WhenEmptyOrUnderutilized"])}
    expireAfter: {rng.choice(["720h", "168h"])}"""
        lang = "yaml"
    return f"```{lang}\n{body}\n```\n"


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------

class Writer:
    """Renders the model in one format. Subclasses say how links look."""

    name = ""

    def __init__(self, corpus: Corpus, out: str):
        self.c = corpus
        self.out = out

    def write(self, rel: str, text: str) -> None:
        path = os.path.join(self.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    def note_file(self, note: Note) -> str:
        return f"content/{note.path(self.c.sections)}.md"

    def render_blocks(self, here: str, blocks: list[list]) -> str:
        """Markdown of the blocks, links written from the folder `here` (content-relative)."""
        out = []
        for block in blocks:
            text = "".join(p if isinstance(p, str) else self.link(here, p) for p in block)
            out.append(self.heading(text) if text.startswith("#") else text.rstrip("\n"))
        return "\n\n".join(out) + "\n"

    def folder(self, note: Note) -> str:
        return posixpath.dirname(note.path(self.c.sections))

    def heading(self, text: str) -> str:
        return text

    def doc_link(self, link: Link) -> str:
        _, title, _ = self.c.doc_by_id[link.doc]
        return f"[{link.label or title}]({DOC_BASE}{link.doc}.html)"

    def link(self, here: str, link: Link) -> str:
        raise NotImplementedError

    def intro_folder(self, sec: Section) -> str:
        """The folder a section's intro links from (its own, for `_index.md`)."""
        return sec.path

    def intro(self, sec: Section) -> list:
        rng = random.Random(f"shiori-corpus:{self.c.seed}:section:{sec.index}")
        text = [f"{sec.description}について、現場で踏んだ落とし穴をまとめたセクションです。"]
        first = sec.notes[:3]
        if first:
            text.append("まずは")
            for k, t in enumerate(first):
                text += ["、" if k else "", Link("wiki", t)]
            text.append("から読むとよい。")
        text.append(fill(rng, rng.choice(SENTENCES)).replace("{L}", ""))
        return text

    def home(self) -> list:
        text = ["Amazon EKS を使うときにチームが踏みやすい落とし穴を、トピックごとに短いノートにまとめたナレッジベース（生成したベンチマーク用コーパス）です。\n\n## 最初に読むノート\n\n"]
        for sec in self.c.sections[:12]:
            if sec.notes:
                text += ["- ", Link("wiki", sec.notes[0]), "\n"]
        return text

    def run(self) -> None:
        self.begin()
        for sec in self.c.sections:
            self.section(sec)
        for note in self.c.notes:
            self.note(note, self.render_blocks(self.folder(note), self.c.body(note)))
        self.end()

    def begin(self) -> None: ...
    def section(self, sec: Section) -> None: ...
    def note(self, note: Note, body: str) -> None: ...
    def end(self) -> None: ...


class ShioriWriter(Writer):
    name = "shiori"

    def begin(self) -> None:
        self.write("site.yaml", "\n".join([
            "# Generated by scripts/gen-corpus.py (benchmark corpus).",
            "title: EKS 落とし穴ノート（ベンチマーク）",
            "description: 生成したベンチマーク用の EKS ナレッジベース",
            "language: ja",
            "base_url: https://wiki.example.com/",
            # Reviewed dates are in 2025-2026; keep the build free of stale warnings
            # whatever day it runs.
            "stale_after_days: 36500",
            "",
        ]))
        lines = ["# Generated by scripts/gen-corpus.py."]
        for id_, title, cat in self.c.catalog:
            lines += [f"- id: {id_}", f"  title: {q(title)}", f"  url: {DOC_BASE}{id_}.html",
                      f"  category: {q(cat)}"]
        self.write("content/official-docs.yaml", "\n".join(lines) + "\n")
        home = self.render_blocks("", [self.home()])
        self.write("content/_index.md", f"---\ntitle: {q('EKS 落とし穴ノート（ベンチマーク）')}\n---\n{home}")

    def link(self, here: str, link: Link) -> str:
        if link.kind == "doc":
            return f"[[doc:{link.doc}]]"
        if link.kind == "docurl":
            return self.doc_link(link)
        target = self.c.notes[link.target]
        if link.kind == "alias":
            return f"[[{link.label}]]"
        if link.kind == "wiki":
            inner = target.slug
            if link.anchor:
                inner += "#" + link.anchor
            if link.label:
                inner += "|" + link.label
            return f"[[{inner}]]"
        # rel: a relative path from the linking file's folder
        href = posixpath.relpath(target.path(self.c.sections) + ".md", here or ".")
        if link.anchor:
            href += "#" + heading_id(link.anchor)
        return f"[{link.label}]({href})"

    def section(self, sec: Section) -> None:
        fm = ["---", f"title: {q(sec.title)}", f"weight: {sec.weight}",
              f"description: {q(sec.description)}", "---"]
        body = self.render_blocks(self.intro_folder(sec), [self.intro(sec)])
        self.write(f"content/{sec.path}/_index.md", "\n".join(fm) + "\n" + body)

    def note(self, note: Note, body: str) -> None:
        fm = ["---", f"title: {q(note.title)}", f"tags: [{', '.join(note.tags)}]",
              f"docs: [{', '.join(note.docs)}]"]
        if note.aliases:
            fm.append(f"aliases: [{', '.join(q(a) for a in note.aliases)}]")
        fm += [f"weight: {note.weight}", f"reviewed: {note.reviewed}"]
        if note.summary:
            fm.append(f"summary: {q(note.summary)}")
        fm.append("---")
        self.write(self.note_file(note), "\n".join(fm) + "\n" + body)


class PeerWriter(Writer):
    """Peers have no wikilinks: every link becomes a plain Markdown link."""

    ext = ".md"

    def href(self, here: str, target: Note, anchor: str | None) -> str:
        href = posixpath.relpath(target.path(self.c.sections) + self.ext, here or ".")
        return href + ("#" + heading_id(anchor) if anchor else "")

    def link(self, here: str, link: Link) -> str:
        if link.kind in ("doc", "docurl"):
            return self.doc_link(link)
        target = self.c.notes[link.target]
        label = link.label or target.title
        return f"[{label}]({self.href(here, target, link.anchor)})"

    def meta_line(self, note: Note) -> str:
        return "タグ: " + ", ".join(note.tags)


class MdbookWriter(PeerWriter):
    name = "mdbook"

    def note_file(self, note: Note) -> str:
        return f"src/{note.path(self.c.sections)}.md"

    def begin(self) -> None:
        self.write("book.toml", "\n".join([
            "# Generated by scripts/gen-corpus.py (benchmark corpus).",
            "[book]",
            f"title = {q('EKS 落とし穴ノート（ベンチマーク）')}",
            'language = "ja"',
            'src = "src"',
            "",
            "[output.html]",
            "",
            "[output.html.search]",
            "enable = true",
            "",
        ]))
        self.write("src/index.md", "# EKS 落とし穴ノート\n\n" + self.render_blocks("", [self.home()]))

    def section(self, sec: Section) -> None:
        body = self.render_blocks(self.intro_folder(sec), [self.intro(sec)])
        self.write(f"src/{sec.path}/index.md", f"# {sec.title}\n\n" + body)

    def note(self, note: Note, body: str) -> None:
        self.write(self.note_file(note), f"# {note.title}\n\n{self.meta_line(note)}\n\n{body}")

    def end(self) -> None:
        lines = ["# Summary", "", "[ホーム](index.md)", ""]

        def order(ids: list[int]) -> list[Note]:
            return sorted((self.c.notes[i] for i in ids), key=lambda n: (n.weight, n.title, n.slug))

        children: dict[int, list[Section]] = {}
        for sec in self.c.sections:
            if sec.parent is not None:
                children.setdefault(sec.parent, []).append(sec)

        def emit(sec: Section, depth: int) -> None:
            pad = "  " * depth
            lines.append(f"{pad}- [{sec.title}]({sec.path}/index.md)")
            for n in order(sec.notes):
                lines.append(f"{pad}  - [{n.title}]({n.path(self.c.sections)}.md)")
            for child in children.get(sec.index, []):
                emit(child, depth + 1)

        for sec in self.c.sections:
            if sec.parent is None:
                emit(sec, 0)
        self.write("src/SUMMARY.md", "\n".join(lines) + "\n")


class ZolaWriter(PeerWriter):
    name = "zola"

    def href(self, here: str, target: Note, anchor: str | None) -> str:
        # Zola's internal links: checked at build time, anchors included.
        return f"@/{target.path(self.c.sections)}.md" + ("#" + heading_id(anchor) if anchor else "")

    def heading(self, text: str) -> str:
        # Zola's default anchors transliterate Japanese; pin the same ids as the others.
        marks, _, title = text.partition(" ")
        return f"{marks} {title} {{#{heading_id(title)}}}"

    def begin(self) -> None:
        self.write("config.toml", "\n".join([
            "# Generated by scripts/gen-corpus.py (benchmark corpus).",
            'base_url = "https://wiki.example.com"',
            f"title = {q('EKS 落とし穴ノート（ベンチマーク）')}",
            'default_language = "ja"',
            "build_search_index = true",
            'taxonomies = [{ name = "tags" }]',
            "",
            "[markdown]",
            "highlight_code = true",
            "",
            "[search]",
            'index_format = "elasticlunr_json"',
            "",
        ]))
        home = self.render_blocks("", [self.home()])
        self.write("content/_index.md", f"+++\ntitle = {q('EKS 落とし穴ノート')}\nsort_by = \"weight\"\n+++\n{home}")
        for name, text in ZOLA_TEMPLATES.items():
            self.write(f"templates/{name}", text)

    def section(self, sec: Section) -> None:
        body = self.render_blocks(self.intro_folder(sec), [self.intro(sec)])
        fm = ["+++", f"title = {q(sec.title)}", f"weight = {sec.weight}",
              f"description = {q(sec.description)}", 'sort_by = "weight"', "+++"]
        self.write(f"content/{sec.path}/_index.md", "\n".join(fm) + "\n" + body)

    def note(self, note: Note, body: str) -> None:
        fm = ["+++", f"title = {q(note.title)}", f"weight = {note.weight}"]
        if note.summary:
            fm.append(f"description = {q(note.summary)}")
        fm += ["", "[taxonomies]", f"tags = [{', '.join(q(t) for t in note.tags)}]",
               "", "[extra]", f"docs = [{', '.join(q(d) for d in note.docs)}]",
               f"reviewed = {q(note.reviewed)}"]
        if note.aliases:
            fm.append(f"aliases = [{', '.join(q(a) for a in note.aliases)}]")
        fm.append("+++")
        self.write(self.note_file(note), "\n".join(fm) + "\n" + body)


class HugoWriter(PeerWriter):
    name = "hugo"
    ext = ".html"   # uglyURLs: content/a/b.md -> public/a/b.html

    def begin(self) -> None:
        self.write("hugo.toml", "\n".join([
            "# Generated by scripts/gen-corpus.py (benchmark corpus).",
            'baseURL = "https://wiki.example.com/"',
            'languageCode = "ja"',
            'defaultContentLanguage = "ja"',
            f"title = {q('EKS 落とし穴ノート（ベンチマーク）')}",
            "uglyURLs = true",
            "relativeURLs = true",
            "hasCJKLanguage = true",
            'disableKinds = ["RSS"]',
            "",
            "[taxonomies]",
            'tag = "tags"',
            "",
            "[markup.highlight]",
            "codeFences = true",
            "",
        ]))
        home = self.render_blocks("", [self.home()])
        self.write("content/_index.md", f"---\ntitle: {q('EKS 落とし穴ノート')}\n---\n{home}")
        for name, text in HUGO_LAYOUTS.items():
            self.write(f"layouts/{name}", text)

    def intro_folder(self, sec: Section) -> str:
        # With uglyURLs a section page is <parent>/<section>.html.
        return posixpath.dirname(sec.path)

    def section(self, sec: Section) -> None:
        body = self.render_blocks(self.intro_folder(sec), [self.intro(sec)])
        fm = ["---", f"title: {q(sec.title)}", f"weight: {sec.weight}",
              f"description: {q(sec.description)}", "---"]
        self.write(f"content/{sec.path}/_index.md", "\n".join(fm) + "\n" + body)

    def note(self, note: Note, body: str) -> None:
        fm = ["---", f"title: {q(note.title)}", f"tags: [{', '.join(note.tags)}]",
              f"weight: {note.weight}", "params:",
              f"  docs: [{', '.join(note.docs)}]", f"  reviewed: {q(note.reviewed)}"]
        if note.aliases:
            # Hugo's own `aliases` would write redirect pages; keep them as data.
            fm.append(f"  wiki_aliases: [{', '.join(q(a) for a in note.aliases)}]")
        if note.summary:
            fm.append(f"summary: {q(note.summary)}")
        fm.append("---")
        self.write(self.note_file(note), "\n".join(fm) + "\n" + body)


ZOLA_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>
<body>
<nav><a href="{{ get_url(path="@/_index.md") }}">{{ config.title }}</a></nav>
<main>{% block content %}{% endblock %}</main>
</body>
</html>
""",
    "index.html": """{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
{% endblock %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock %}
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block content %}
<h1>{{ page.title }}</h1>
<ul>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a></li>{% endfor %}</ul>
{% if page.taxonomies.tags %}<p>{% for t in page.taxonomies.tags %}<a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a> {% endfor %}</p>{% endif %}
{{ page.content | safe }}
{% if page.lower %}<a href="{{ page.lower.permalink }}">前</a>{% endif %}
{% if page.higher %}<a href="{{ page.higher.permalink }}">次</a>{% endif %}
{% endblock %}
""",
    "tags/list.html": """{% extends "base.html" %}
{% block content %}
<ul>{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.pages | length }})</li>{% endfor %}</ul>
{% endblock %}
""",
    "tags/single.html": """{% extends "base.html" %}
{% block content %}
<h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock %}
""",
}

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<nav><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></nav>
<main data-pagefind-body>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .TableOfContents }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">前</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">次</a>{{ end }}
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<ul>{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

WRITERS = {"shiori": ShioriWriter, "mdbook": MdbookWriter, "zola": ZolaWriter, "hugo": HugoWriter}


def prepare(out: str) -> None:
    """Empties a folder this script wrote before; refuses any other non-empty folder."""
    if os.path.exists(out):
        if not os.path.isdir(out):
            sys.exit(f"gen-corpus: {out} exists and is not a folder")
        if os.listdir(out):
            if not os.path.exists(os.path.join(out, MARKER)):
                sys.exit(f"gen-corpus: {out} is not empty and was not written by gen-corpus.py; refusing to touch it")
            shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)
    # Marked before anything is written, so an interrupted run can be redone.
    with open(os.path.join(out, MARKER), "w", encoding="utf-8") as fh:
        fh.write("incomplete\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notes", type=int, required=True, help="number of notes")
    ap.add_argument("--out", required=True, help="output folder (replaced if gen-corpus.py wrote it)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=int, default=len(CATALOG), help=f"catalog entries (max {len(CATALOG)})")
    ap.add_argument("--format", default="shiori",
                    help="shiori, mdbook, zola, hugo, a comma list, or all (several -> <out>/<format>/)")
    ap.add_argument("--japanese", action="store_true",
                    help="add long Japanese paragraphs (~50%% CJK characters, like a real Japanese wiki)")
    args = ap.parse_args(argv)
    if args.notes < 1:
        ap.error("--notes must be at least 1")
    formats = list(FORMATS) if args.format == "all" else [f.strip() for f in args.format.split(",") if f.strip()]
    for f in formats:
        if f not in WRITERS:
            ap.error(f"unknown format {f!r} (one of {', '.join(FORMATS)}, all)")

    corpus = Corpus(args.notes, args.seed, args.docs, args.japanese)
    prepare(args.out)
    stamp = (f"notes={args.notes} seed={args.seed} docs={len(corpus.catalog)} formats={','.join(formats)}"
             f"{' japanese' if args.japanese else ''}\n")
    for f in formats:
        out = args.out if len(formats) == 1 else os.path.join(args.out, f)
        os.makedirs(out, exist_ok=True)
        WRITERS[f](corpus, out).run()
        if len(formats) > 1:
            with open(os.path.join(out, MARKER), "w", encoding="utf-8") as fh:
                fh.write(stamp)
    with open(os.path.join(args.out, MARKER), "w", encoding="utf-8") as fh:
        fh.write(stamp)
    print(f"gen-corpus: {args.notes} notes, {len(corpus.sections)} sections, "
          f"{len(corpus.catalog)} catalog entries -> {args.out} ({', '.join(formats)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
