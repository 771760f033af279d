//! YAML read by shiori (site.yaml, front matter, the catalog): a depth
//! check before parsing, and serde_yaml's errors as diagnostics.

pub mod depth;

use crate::diagnostics::{Code, Diagnostic, Location};
use std::path::Path;

/// Turns a serde_yaml error into a diagnostic at its line and column, with a
/// suggestion when the error is a mistyped key.
pub fn diagnostic(error: &serde_yaml::Error, text: &str, file: &Path) -> Diagnostic {
    let message = error.to_string();
    // serde_yaml appends " at line L column C" to the message; the location is reported separately.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    let location = match error.location() {
        Some(loc) => Location::at_line(file, text, loc.line(), loc.column()),
        None => Location::file(file),
    };
    let code = if message.starts_with("unknown field") {
        Code::Config
    } else {
        Code::FrontMatter
    };
    let mut diagnostic = Diagnostic::error(code, location, message.clone());
    if let Some(help) = unknown_field_help(&message) {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

/// For "unknown field `titel`, expected one of `title`, ..." suggest the nearest field.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    crate::suggest::closest(field, names.iter().copied()).map(|n| format!("did you mean `{n}`?"))
}
