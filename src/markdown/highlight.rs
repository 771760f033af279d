//! Code blocks highlighted at build time with syntect, as CSS classes so the
//! light and dark colours live in one stylesheet.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::thread::LocalKey;
use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{
    ParseState, ScopeStack, ScopeStackOp, SyntaxDefinition, SyntaxReference, SyntaxSet,
};
use syntect::util::LinesWithEndings;

pub(super) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Holds the syntax definitions; create once per build and share across threads.
pub struct Highlighter {
    /// syntect's syntaxes.
    syntaxes: SyntaxSet,
    /// shiori's YAML grammar alone (see [`YAML_SYNTAX`]), used for `yaml`
    /// and `yml` instead of syntect's.
    yaml: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Highlighter {
        Highlighter::new()
    }
}

/// The largest code block that is highlighted (bytes); larger ones are plain text.
pub const MAX_HIGHLIGHTED: usize = 256 * 1024;

impl Highlighter {
    /// The process-wide highlighter: the syntax set is loaded once, not per build.
    pub fn shared() -> &'static Highlighter {
        static SHARED: OnceLock<Highlighter> = OnceLock::new();
        SHARED.get_or_init(Highlighter::new)
    }

    pub fn new() -> Highlighter {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            yaml: yaml_syntax_set(),
        }
    }

    /// [`Highlighter::highlight`], except that a block larger than
    /// [`MAX_HIGHLIGHTED`] is shown as plain text with a note saying why, in
    /// the UI `language`: colouring costs time and memory with every byte
    /// (a 20 MB block took 2.5 GB), plain text only a copy.
    pub fn highlight_bounded(
        &self,
        lang: &str,
        code: &str,
        language: crate::config::Language,
    ) -> String {
        if code.len() <= MAX_HIGHLIGHTED {
            return self.highlight(lang, code);
        }
        let kb = code.len() / 1024;
        let note = match language {
            crate::config::Language::Ja => {
                format!(
                    "このコードブロックは大きすぎるため（{kb} KB）、色分けせずに表示しています。"
                )
            }
            crate::config::Language::En => {
                format!("This code block is too large to highlight ({kb} KB); it is shown as plain text.")
            }
        };
        let mut out = String::with_capacity(code.len() + code.len() / 8 + 200);
        out.push_str("<p class=\"code-note\">");
        out.push_str(&note);
        out.push_str("</p>\n<pre class=\"code\"><code>");
        super::push_escaped(&mut out, code);
        out.push_str("</code></pre>\n");
        out
    }

    /// A `<pre>` block for `code` in `lang` (a fence info string's first word);
    /// unknown languages are shown as plain, escaped text.
    pub fn highlight(&self, lang: &str, code: &str) -> String {
        let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        let token = match lang.to_ascii_lowercase().as_str() {
            "shell" | "console" | "zsh" => "bash".to_string(),
            "yml" => "yaml".to_string(),
            "golang" => "go".to_string(),
            "hcl" | "terraform" | "tf" => String::new(),
            other => other.to_string(),
        };
        let label = super::escape_html(lang);
        let class = if lang.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{label}\"")
        };
        let data = if lang.is_empty() {
            String::new()
        } else {
            format!(" data-lang=\"{label}\"")
        };
        let body = self
            .grammar(&token)
            .and_then(|grammar| grammar.classed_html(code))
            .unwrap_or_else(|| super::escape_html(code));
        format!("<pre class=\"code\"{data}><code{class}>{body}</code></pre>\n")
    }

    /// The grammar of a language token, `None` for an unknown or empty one.
    fn grammar(&self, token: &str) -> Option<Grammar<'_>> {
        if token.is_empty() {
            return None;
        }
        let (syntaxes, memo) = match self.yaml.find_syntax_by_token(token) {
            Some(_) => (&self.yaml, &PARSED_YAML_LINES),
            None => (&self.syntaxes, &PARSED_LINES),
        };
        let syntax = syntaxes.find_syntax_by_token(token)?;
        Some(Grammar {
            syntaxes,
            syntax,
            memo,
        })
    }

    /// The stylesheet for highlighted code: a light theme for screens in light
    /// mode and for print, a dark one for screens in dark mode. Each theme lives
    /// in its own media block so neither leaks into the other, and every token
    /// colour is made readable (WCAG AA) on the theme's code background.
    /// Built once per process.
    pub fn stylesheet() -> &'static str {
        static STYLESHEET: OnceLock<String> = OnceLock::new();
        STYLESHEET.get_or_init(super::highlight_css::build_stylesheet)
    }
}

/// A syntax with the set it belongs to and the memo of its parsed lines.
struct Grammar<'h> {
    syntaxes: &'h SyntaxSet,
    syntax: &'h SyntaxReference,
    memo: &'static LocalKey<RefCell<Memo>>,
}

impl Grammar<'_> {
    /// `code` as spans with `hl-` classes (what syntect's
    /// `ClassedHTMLGenerator` writes), each line parsed through the memo.
    fn classed_html(&self, code: &str) -> Option<String> {
        let mut state = ParseState::new(self.syntax);
        let mut scopes = ScopeStack::new();
        let mut open_spans = 0isize;
        let mut html = String::with_capacity(code.len() * 3);
        for line in LinesWithEndings::from(code) {
            open_spans += highlight_line_remembered(
                &mut state,
                &mut scopes,
                line,
                self.syntaxes,
                self.memo,
                &mut html,
            )?;
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }
}

/// shiori's YAML grammar: the scopes of syntect's, read in one pass a line.
const YAML_SYNTAX: &str = include_str!("syntaxes/YAML.sublime-syntax");

/// A set holding shiori's YAML grammar alone; empty (syntect's YAML is then
/// used) if it did not load, which a test rules out.
fn yaml_syntax_set() -> SyntaxSet {
    let mut builder = SyntaxSet::new().into_builder();
    if let Ok(yaml) = SyntaxDefinition::load_from_str(YAML_SYNTAX, true, None) {
        builder.add(yaml);
    }
    builder.build()
}

// Highlighted lines, remembered: parsing a line is a function of the
// parser's state before it and the line's text, and code blocks repeat
// lines a lot (`metadata:`, `spec:`, `  namespace: default`, `}`, `fi`).
// Parsing is most of syntect's time, so a line met again in the same state
// costs a hash look-up instead of a run of regular expressions, and its
// spans are copied rather than written again.
//
// One memo per thread: a parser state holds Oniguruma match regions, which
// cannot move between threads. The memo is emptied when it is full, so the
// memory stays bounded in a long `shiori serve`. There are two memos, one
// per syntax set: states of different sets must never be compared.
thread_local! {
    static PARSED_LINES: RefCell<Memo> = RefCell::default();
    static PARSED_YAML_LINES: RefCell<Memo> = RefCell::default();
}

/// Parsed lines keyed by line text; each entry holds the parses from
/// different states.
type Memo = HashMap<String, Vec<ParsedLine>>;

/// One parse of a line: the state before it, the scope operations it gave,
/// the state after it and the spans it is written as.
struct ParsedLine {
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
    /// The line's HTML and how many spans it leaves open; `None` when an
    /// operation clears or restores the scope stack, whose spans then
    /// depend on the lines before.
    spans: Option<(String, isize)>,
}

/// Lines remembered per thread (about 1 KB each at most).
const MEMO_LINES: usize = 16 * 1024;
/// Longer lines are parsed without the memo: minified code and data blobs
/// do not repeat, and keeping them would only cost memory.
const MEMO_MAX_LINE_BYTES: usize = 256;

/// Writes `line` highlighted into `html`, parsing it from `state` (which it
/// advances, with `scopes`) or replaying the remembered parse of the same
/// line from an equal state. Returns the number of spans left open.
fn highlight_line_remembered(
    state: &mut ParseState,
    scopes: &mut ScopeStack,
    line: &str,
    syntaxes: &SyntaxSet,
    memo: &'static LocalKey<RefCell<Memo>>,
    html: &mut String,
) -> Option<isize> {
    let write = |ops: &[(usize, ScopeStackOp)], scopes: &mut ScopeStack, html: &mut String| {
        let (spans, delta) = line_tokens_to_classed_spans(line, ops, CLASS_STYLE, scopes).ok()?;
        html.push_str(&spans);
        Some((spans, delta))
    };
    if line.len() > MEMO_MAX_LINE_BYTES {
        let ops = state.parse_line(line, syntaxes).ok()?;
        return write(&ops, scopes, html).map(|(_, delta)| delta);
    }
    memo.with_borrow_mut(|memo| {
        let known = memo
            .get(line)
            .and_then(|parsed| parsed.iter().find(|parsed| parsed.before == *state));
        if let Some(parsed) = known {
            *state = parsed.after.clone();
            return match &parsed.spans {
                Some((spans, delta)) => {
                    for (_, op) in &parsed.ops {
                        scopes.apply(op).ok()?;
                    }
                    html.push_str(spans);
                    Some(*delta)
                }
                None => write(&parsed.ops, scopes, html).map(|(_, delta)| delta),
            };
        }
        let before = state.clone();
        let ops = state.parse_line(line, syntaxes).ok()?;
        let (spans, delta) = write(&ops, scopes, html)?;
        let replayable = ops.iter().all(|(_, op)| {
            matches!(
                op,
                ScopeStackOp::Push(_) | ScopeStackOp::Pop(_) | ScopeStackOp::Noop
            )
        });
        if memo.len() >= MEMO_LINES {
            memo.clear();
        }
        memo.entry(line.to_string()).or_default().push(ParsedLine {
            before,
            ops,
            after: state.clone(),
            spans: replayable.then_some((spans, delta)),
        });
        Some(delta)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What syntect's own generator writes for `code` in `syntax`.
    fn syntect_html(syntax: &SyntaxReference, syntaxes: &SyntaxSet, code: &str) -> String {
        use syntect::html::ClassedHTMLGenerator;
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        generator.finalize()
    }

    /// What syntect's own generator writes for `code`, with the grammar
    /// shiori uses for `lang`.
    fn without_memo(h: &Highlighter, lang: &str, code: &str) -> String {
        let grammar = h.grammar(lang).unwrap();
        syntect_html(grammar.syntax, grammar.syntaxes, code)
    }

    #[test]
    fn remembered_lines_give_the_same_html_as_a_fresh_parse() {
        let h = Highlighter::new();
        // The same lines in different states: inside and outside a block
        // scalar, a string and a heredoc.
        let cases = [
            (
                "yaml",
                "kind: Pod\nspec:\n  script: |\n    kind: Pod\n    spec:\nkind: Pod\n",
            ),
            ("yaml", "a: \"x\nkind: Pod\"\nkind: Pod\n"),
            ("bash", "cat <<EOF\nfi\necho $HOME\nEOF\nfi\necho $HOME\n"),
            ("json", "{\n  \"a\": [1, 2],\n  \"b\": {\"a\": [1, 2]}\n}\n"),
        ];
        for (lang, code) in cases {
            let expected = without_memo(&h, lang, code);
            for round in 0..3 {
                let html = h.highlight(lang, code);
                assert!(
                    html.contains(&expected),
                    "{lang} round {round}: {html}\n{expected}"
                );
            }
        }
        // A line first seen in one state, then in another.
        let heredoc = "cat <<EOF\necho $HOME\nEOF\n";
        h.highlight("bash", "echo $HOME\n");
        assert!(h
            .highlight("bash", heredoc)
            .contains(&without_memo(&h, "bash", heredoc)));
    }

    /// What syntect's own YAML grammar writes for `code`.
    fn with_syntects_yaml(h: &Highlighter, code: &str) -> String {
        let syntax = h.syntaxes.find_syntax_by_token("yaml").unwrap();
        syntect_html(syntax, &h.syntaxes, code)
    }

    #[test]
    fn shioris_yaml_grammar_writes_what_syntects_writes_for_manifests() {
        let h = Highlighter::new();
        let grammar = h.grammar("yaml").unwrap();
        assert!(
            std::ptr::eq(grammar.syntaxes, &h.yaml),
            "YAML is highlighted with syntect's grammar: shiori's did not load"
        );
        let manifest = "\
# A ConfigMap and a Deployment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/my-role # IRSA
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/node
      username: system:node:{{EC2PrivateDNSName}}

    - groups: [system:nodes]
  motd: >-
    folded
    text
---
apiVersion: apps/v1
kind: Deployment
spec:
  replicas: 3
  paused: false
  ratio: 0.5
  revisionHistoryLimit: null
  template:
    spec:
      containers:
        - name: app
          image: 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.20
          args: [\"--port\", '8080', 80]
          env:
            - name: GREETING
              value: \"say \\\"hi\\\"\"
            - name: QUOTE
              value: 'it''s'
      defaults: &defaults
        cpu: 100m
      limits: *defaults
      tagged: !Ref Bucket
...
";
        assert_eq!(
            h.highlight("yaml", manifest),
            format!(
                "<pre class=\"code\" data-lang=\"yaml\"><code class=\"language-yaml\">{}</code></pre>\n",
                with_syntects_yaml(&h, manifest)
            )
        );
    }

    #[test]
    fn a_block_scalar_ends_at_the_first_line_indented_less() {
        let h = Highlighter::new();
        let html = h.highlight("yml", "script: |\n  echo: hi\n\n  done\nnext: 1\n");
        assert!(
            html.contains("<span class=\"hl-string hl-unquoted hl-block hl-yaml\">  echo: hi\n\n  done\n</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-entity hl-name hl-tag hl-yaml\">next</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-constant hl-numeric hl-integer hl-yaml\">1</span>"),
            "{html}"
        );
    }

    #[test]
    fn known_languages_get_classes_and_unknown_ones_are_escaped() {
        let h = Highlighter::new();
        let yaml = h.highlight("yaml", "kind: Service\n");
        assert!(yaml.contains("class=\"hl-"), "{yaml}");
        assert!(yaml.contains("data-lang=\"yaml\""));
        let plain = h.highlight("nosuchlang", "<b>\n");
        assert!(plain.contains("&lt;b&gt;"));
    }
}
