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

    pub fn diagnostics(&self, list: &[Diagnostic]) {
        for d in list {
            self.diagnostic(d);
        }
    }

    /// A line of progress or summary on stderr, unless quiet.
    pub fn info(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }
}

/// A diagnostic with the source line and the span marked, rustc style.
pub fn render(d: &Diagnostic, colour: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let loc = &d.location;
    let path = loc.file.display().to_string();
    let title = level.primary_title(d.message.as_str());
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
