//! GitBook's book variables: `{{ book.nodeversion }}` in a note is the value
//! `variables` gives `nodeversion` in the book's `book.json`, or in a
//! `book.js` that exports a plain object literal. Both are read beside
//! `content/` (the site root) or inside it. A value that is not a literal
//! (computed by the script) is left out, so its variable is removed with a
//! warning as an unknown one is.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Variable name (`nodeversion`, `a.b` for nested ones) → its text.
pub type BookVariables = BTreeMap<String, String>;

/// The variables of the book whose site root is `root`; none without a book file.
pub fn read(root: &Path) -> BookVariables {
    let dirs = [root.to_path_buf(), root.join(super::CONTENT_DIR)];
    for dir in &dirs {
        if let Ok(text) = std::fs::read_to_string(dir.join("book.json")) {
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                return from_value(value.get("variables"));
            }
        }
        if let Ok(text) = std::fs::read_to_string(dir.join("book.js")) {
            return from_value(script_variables(&text).as_ref());
        }
    }
    BookVariables::new()
}

fn from_value(variables: Option<&Value>) -> BookVariables {
    let mut out = BookVariables::new();
    if let Some(Value::Object(map)) = variables {
        flatten("", map, &mut out);
    }
    out
}

fn flatten(prefix: &str, map: &serde_json::Map<String, Value>, out: &mut BookVariables) {
    for (key, value) in map {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::String(s) => {
                out.insert(name, s.clone());
            }
            Value::Number(n) => {
                out.insert(name, n.to_string());
            }
            Value::Bool(b) => {
                out.insert(name, b.to_string());
            }
            Value::Object(inner) => flatten(&name, inner, out),
            _ => {}
        }
    }
}

/// The object literal after `variables:` in a `book.js`, read as JSON.
fn script_variables(text: &str) -> Option<Value> {
    let at = text.find("variables")?;
    let rest = &text[at + "variables".len()..];
    let rest = rest.trim_start_matches(['"', '\'']).trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let mut parser = Literal { text: rest, at: 0 };
    parser.value()
}

/// A small reader of JavaScript literals: objects, strings in any of the
/// three quotes, numbers, booleans; comments and trailing commas allowed.
struct Literal<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Literal<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.at += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.at += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if let Some(body) = trimmed.strip_prefix("/*") {
                self.at += body.find("*/").map_or(trimmed.len(), |e| e + 4);
            } else {
                return;
            }
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_space();
        let c = self.rest().chars().next()?;
        match c {
            '{' => self.object(),
            '"' | '\'' | '`' => self.string().map(Value::String),
            _ => {
                let word: String = self
                    .rest()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                    .collect();
                self.at += word.len();
                match word.as_str() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    w => w.parse::<f64>().ok().map(|_| Value::String(w.to_string())),
                }
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.rest().chars().next()?;
        self.at += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(match escaped {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                }
                // A template with `${…}` is computed: not a literal.
                '$' if quote == '`' && self.rest()[i..].starts_with("${") => return None,
                c if c == quote => {
                    self.at += i + 1;
                    return Some(out);
                }
                c => out.push(c),
            }
        }
        None
    }

    fn object(&mut self) -> Option<Value> {
        self.at += 1;
        let mut map = serde_json::Map::new();
        loop {
            self.skip_space();
            let rest = self.rest();
            if rest.starts_with('}') {
                self.at += 1;
                return Some(Value::Object(map));
            }
            let key = if rest.starts_with(['"', '\'']) {
                self.string()?
            } else {
                let word: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '$'))
                    .collect();
                if word.is_empty() {
                    return None;
                }
                self.at += word.len();
                word
            };
            self.skip_space();
            self.at += self.rest().strip_prefix(':').map(|_| 1)?;
            let start = self.at;
            match self.value() {
                Some(value) => {
                    map.insert(key, value);
                }
                // A computed value: skip to the next entry.
                None => {
                    self.at = start;
                    self.skip_expression();
                }
            }
            self.skip_space();
            if self.rest().starts_with(',') {
                self.at += 1;
            }
        }
    }

    /// Past an expression this reader does not evaluate, up to the `,` or
    /// `}` that ends its entry (brackets and strings inside it skipped).
    fn skip_expression(&mut self) {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut escaped = false;
        for (i, c) in self.rest().char_indices() {
            if let Some(q) = quote {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => depth -= 1,
                ',' | '}' if depth == 0 => {
                    self.at += i;
                    return;
                }
                _ => {}
            }
        }
        self.at = self.text.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_js_literal_is_read_and_computed_values_are_left_out() {
        let js = "const v = require('./package.json');\nmodule.exports = {\n  title: 'js-primer',\n  // the versions\n  variables: {\n    nodeversion: \"18.12.0\",\n    'triplebackticks': '```',\n    npm: v.version,\n    tpl: `a${b}`,\n    nested: { x: 1, },\n  },\n};\n";
        let vars = from_value(script_variables(js).as_ref());
        assert_eq!(vars["nodeversion"], "18.12.0");
        assert_eq!(vars["triplebackticks"], "```");
        assert_eq!(vars["nested.x"], "1");
        assert!(!vars.contains_key("npm") && !vars.contains_key("tpl"));
    }

    #[test]
    fn broken_scripts_give_no_variables_and_no_panic() {
        for js in [
            "variables",
            "variables: {",
            "variables: { a: ",
            "variables: {'a",
            "variables: { , }",
        ] {
            let _ = from_value(script_variables(js).as_ref());
        }
    }
}
