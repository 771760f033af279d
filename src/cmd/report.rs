//! Diagnostics and summaries as a person reads them in a terminal.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use shiori::diagnostics::{Diagnostic, Severity};
use std::io::IsTerminal;

/// How chatty the command is.
pub struct Output {
    pub quiet: bool,
    pub verbose: bool,
}

impl Output {
    /// Prints a diagnostic to stderr (errors always; warnings unless quiet).
    pub fn diagnostic(&self, d: &Diagnostic) {
        if self.quiet && d.severity == Severity::Warning {
            return;
        }
        eprintln!("{}", render(d, std::io::stderr().is_terminal()));
    }

    /// Prints every error, and the warnings: all of them when there are few
    /// (or with `-v`), else grouped by kind — a count and the first few of
    /// each — so a first build of a foreign folder stays readable.
    pub fn diagnostics(&self, list: &[Diagnostic]) {
        let warnings = list
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        if self.verbose || warnings <= ALL_WARNINGS_UP_TO {
            for d in list {
                self.diagnostic(d);
            }
            self.settings_hints(list);
            return;
        }
        for d in list.iter().filter(|d| d.severity == Severity::Error) {
            self.diagnostic(d);
        }
        if self.quiet {
            return;
        }
        for group in warning_groups(list) {
            for d in &group.examples {
                self.diagnostic(d);
            }
            if group.count > group.examples.len() {
                eprintln!(
                    "… and {} more `{}` warnings\n",
                    group.count - group.examples.len(),
                    group.code
                );
            }
        }
        eprintln!("{}", warning_summary(list));
        self.settings_hints(list);
    }

    /// A setting that would fix many of these problems at once.
    fn settings_hints(&self, list: &[Diagnostic]) {
        if let Some(line) = shiori::links::mount::suggestion(list) {
            self.info(&format!("hint: {line}"));
        }
    }

    /// A line of progress or summary on stderr, unless quiet.
    pub fn info(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }
}

/// Up to this many warnings are all printed; past it they are grouped by kind.
const ALL_WARNINGS_UP_TO: usize = 10;
/// How many warnings of each kind a grouped report shows.
const EXAMPLES_PER_KIND: usize = 3;

/// The warnings of one kind: how many, and the first few.
struct WarningGroup<'a> {
    code: String,
    count: usize,
    examples: Vec<&'a Diagnostic>,
}

/// Warnings by kind, the most frequent kind first.
fn warning_groups(list: &[Diagnostic]) -> Vec<WarningGroup<'_>> {
    let mut groups: Vec<WarningGroup<'_>> = Vec::new();
    for d in list.iter().filter(|d| d.severity == Severity::Warning) {
        let code = code_name(d);
        match groups.iter_mut().find(|g| g.code == code) {
            Some(g) => {
                g.count += 1;
                if g.examples.len() < EXAMPLES_PER_KIND {
                    g.examples.push(d);
                }
            }
            None => groups.push(WarningGroup {
                code,
                count: 1,
                examples: vec![d],
            }),
        }
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    groups
}

/// `broken-link`, as `check --format json` names the kind.
fn code_name(d: &Diagnostic) -> String {
    serde_json::to_value(d.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One line counting the warnings of each kind.
fn warning_summary(list: &[Diagnostic]) -> String {
    let kinds: Vec<String> = warning_groups(list)
        .iter()
        .map(|g| format!("{} {}", g.count, g.code))
        .collect();
    format!(
        "warnings by kind: {} (every one: `shiori check --format json`, or `-v`)",
        kinds.join(", ")
    )
}

/// A diagnostic with the source line and the span marked, rustc style.
pub fn render(d: &Diagnostic, colour: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let loc = &d.location;
    let path = loc.file.display().to_string();
    let code = code_name(d);
    // `error[broken-link]: …`: the code is what the README's table and
    // `check --format json` name, so an author can look a problem up.
    let title = level.primary_title(d.message.as_str()).id(code.as_str());
    let mut group: Group<'_> = if loc.line > 0 && !loc.line_text.is_empty() {
        let span = if loc.line_span.is_empty() {
            // Mark at least one character so the caret is visible.
            let next = loc.line_text[loc.line_span.start..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            loc.line_span.start..loc.line_span.start + next
        } else {
            loc.line_span.clone()
        };
        title.element(
            Snippet::source(loc.line_text.as_str())
                .line_start(loc.line)
                .path(path)
                .annotation(AnnotationKind::Primary.span(span)),
        )
    } else if loc.line > 0 {
        title.element(Origin::path(path).line(loc.line).char_column(loc.column))
    } else {
        title.element(Origin::path(path))
    };
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}
