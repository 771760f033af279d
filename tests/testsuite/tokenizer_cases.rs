//! The Rust tokenizer reproduces the shared table of cases token for token
//! (the JS runtime is held to the same table by `tests/js/tokenizer.test.mjs`).
//!
//! Offsets in the table count Unicode code points. Run with
//! `SHIORI_BLESS=1` to rewrite the expected tokens after a deliberate change
//! of the tokenizer, then review the diff.

use serde_json::{json, Value};
use shiori::search::tokenizer::tokenize;

const TABLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/tokenizer_cases.json"
);

fn rust_tokens(input: &str) -> Vec<Value> {
    let char_index = |byte: usize| input[..byte].chars().count();
    tokenize(input)
        .into_iter()
        .map(|t| json!([t.text, t.position, char_index(t.start), char_index(t.end)]))
        .collect()
}

#[test]
fn rust_tokenizer_reproduces_the_shared_table() {
    let table: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(TABLE).unwrap()).unwrap();
    assert!(table.len() >= 40, "the table should hold at least 40 cases");
    if std::env::var_os("SHIORI_BLESS").is_some() {
        let lines: Vec<String> = table
            .iter()
            .map(|case| {
                let input = case["input"].as_str().unwrap();
                let tokens: Vec<String> = rust_tokens(input).iter().map(Value::to_string).collect();
                format!(
                    " {{\"name\": {}, \"input\": {},\n  \"tokens\": [{}]}}",
                    case["name"],
                    case["input"],
                    tokens.join(", ")
                )
            })
            .collect();
        std::fs::write(TABLE, format!("[\n{}\n]\n", lines.join(",\n"))).unwrap();
        return;
    }
    let mut failures = Vec::new();
    for case in &table {
        let input = case["input"].as_str().unwrap();
        let expected = case["tokens"].as_array().unwrap();
        let actual = rust_tokens(input);
        if &actual != expected {
            failures.push(format!(
                "{}: {input:?}\n  expected {}\n  actual   {}",
                case["name"],
                Value::from(expected.clone()),
                Value::from(actual)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
