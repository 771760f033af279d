//! The parts of a note's HTML that speak to the reader in the site's
//! language: alert titles and task-list checkboxes.

use crate::config::Language;
use pulldown_cmark::BlockQuoteKind;

pub(super) fn alert_title(
    kind: BlockQuoteKind,
    language: Language,
) -> (&'static str, &'static str) {
    let ja = language == Language::Ja;
    match kind {
        BlockQuoteKind::Note => ("note", if ja { "注記" } else { "Note" }),
        BlockQuoteKind::Tip => ("tip", if ja { "ヒント" } else { "Tip" }),
        BlockQuoteKind::Important => ("important", if ja { "重要" } else { "Important" }),
        BlockQuoteKind::Warning => ("warning", if ja { "警告" } else { "Warning" }),
        BlockQuoteKind::Caution => ("caution", if ja { "注意" } else { "Caution" }),
    }
}

/// A task list's checkbox, named for screen readers since nothing labels it.
pub(super) fn task_checkbox(checked: bool, language: Language) -> String {
    let ja = language == Language::Ja;
    let (checked, label) = match (checked, ja) {
        (true, true) => (" checked=\"\"", "完了"),
        (true, false) => (" checked=\"\"", "done"),
        (false, true) => ("", "未完了"),
        (false, false) => ("", "not done"),
    };
    format!("<input type=\"checkbox\" disabled=\"\"{checked} aria-label=\"{label}\">\n")
}
