// The browser runtime against the checked-in fixture bundle
// (tests/fixtures/search-bundle, rewritten by `SHIORI_BLESS=1 cargo test --test bundle`).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadRuntime } from "./runtime.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE = path.join(here, "../fixtures/search-bundle");

async function run(query, opts) {
  const shiori = loadRuntime(BUNDLE);
  const result = await shiori.search(query, opts || {});
  const docs = Array.from(result.hits, (h) => h.doc);
  const fragments = await shiori.fragments(docs);
  return { shiori, result, fragments: JSON.parse(JSON.stringify(fragments)) };
}

function marked(shiori, fragment, words) {
  return Array.from(shiori.excerpt(fragment.text, words), (p) => (p.match ? `[${p.text}]` : p.text)).join("");
}

test("a Japanese word finds the note whose title holds it, first", async () => {
  const { fragments, result } = await run("プライベートクラスター");
  assert.equal(fragments[0].title, "プライベートクラスターの制約");
  assert.equal(result.orFallback, false);
  assert.ok(fragments.every((f) => f.url.startsWith("cluster/private-cluster.html")));
});

test("the last word matches as a prefix while typing", async () => {
  const { fragments } = await run("farg");
  assert.ok(fragments[0].url.startsWith("compute/fargate.html"));
});

test("a single kanji finds the section containing it, marked in the excerpt", async () => {
  const { shiori, fragments, result } = await run("鍵");
  assert.deepEqual(Array.from(fragments, (f) => f.url), ["security/secrets.html"]);
  assert.equal(
    marked(shiori, fragments[0], result.words),
    "KMS の[鍵]でSecretsをエンベロープ暗号化する。[鍵]のローテーションに注意。合[鍵]は作れない。",
  );
});

test("fragments carry the heading path and the deep link", async () => {
  const { fragments } = await run("枯渇");
  assert.equal(fragments[0].url, "network/cni-upgrade.html#ip枯渇");
  assert.deepEqual(fragments[0].headings, ["IP アドレスの枯渇"]);
  assert.deepEqual(fragments[0].tags, ["network", "addon"]);
});

test("tag filters from the query and from the options", async () => {
  const a = await run("vpc tag:network");
  assert.ok(a.fragments.length > 0);
  assert.ok(a.fragments.every((f) => f.tags.includes("network")));
  const b = await run("プライベート", { tags: ["Compute"] });
  assert.ok(b.fragments.every((f) => f.url.startsWith("compute/fargate.html")));
});

test("when AND finds nothing the OR results come flagged", async () => {
  const { result, fragments } = await run("daemonset プレフィックス");
  assert.equal(result.orFallback, true);
  const urls = fragments.map((f) => f.url);
  assert.ok(urls.includes("compute/fargate.html") && urls.includes("network/cni-upgrade.html#ip枯渇"));
});

test("an unknown word finds nothing, without error", async () => {
  const { result } = await run("zzzzqqq");
  assert.equal(result.hits.length, 0);
  assert.equal(result.total, 0);
});

test("a missing bundle file rejects the search instead of hanging", async () => {
  const shiori = loadRuntime(BUNDLE);
  shiori.loadScript = (url, onError) => onError();
  await assert.rejects(shiori.search("fargate"), /cannot load/);
});

test("query parsing: phrases, quotes, tags, prefix", () => {
  const shiori = loadRuntime();
  const parsed = JSON.parse(JSON.stringify(shiori.parseQuery('TAG:Network "node group" 制限事項 farg')));
  assert.deepEqual(parsed.tags, ["network"]);
  assert.deepEqual(parsed.words, [
    { t: "phrase", tokens: ["node", "group"], quoted: true },
    { t: "phrase", tokens: ["制限", "限事", "事項"], quoted: false },
    { t: "prefix", text: "farg" },
  ]);
  const modes = Array.from(shiori.plans(shiori.parseQuery("クラスタ eks")), (p) => p.mode);
  assert.deepEqual(modes, ["all", "all_loose", "any"]);
});

test("an empty site's bundle answers every query with nothing", async () => {
  const shiori = loadRuntime();
  const fields = ["title", "tags", "headings", "body"].map((f, i) => [f, [3, 2, 1.5, 1][i], 0, 0]);
  shiori.register("m-0000000000", {
    format: 4, docs: 0, fields: fields.concat(fields.map((f) => [f[0] + "_cjk", f[1], 1, 0]), [["tag", 0, 2, 0]]),
    prefix: [2, 16], shards: "", shardGroup: 32, shardGroups: [], fragmentGroup: 128, pages: "", excerpt: 120,
  });
  for (const q of ["クラスター", "farg", "鍵", "tag:network"]) {
    const result = await shiori.search(q);
    assert.equal(result.hits.length, 0, q);
  }
});
