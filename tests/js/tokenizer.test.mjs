// The JS tokenizer reproduces tests/data/tokenizer_cases.json token for
// token, positions and (code point) offsets included.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadRuntime } from "./runtime.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const table = JSON.parse(fs.readFileSync(path.join(here, "../data/tokenizer_cases.json"), "utf8"));
const shiori = loadRuntime();

function codePointIndex(text, unit) {
  return Array.from(text.slice(0, unit)).length;
}

test("the shared table has at least 40 cases", () => {
  assert.ok(table.length >= 40);
});

for (const c of table) {
  test(`tokenizer: ${c.name}`, () => {
    const actual = Array.from(shiori.tokenize(c.input), (t) => [
      t.text,
      t.position,
      codePointIndex(c.input, t.start),
      codePointIndex(c.input, t.end),
    ]);
    assert.deepEqual(actual, c.tokens);
  });
}
