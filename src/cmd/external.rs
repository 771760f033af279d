//! The `--external` part of `shiori check`.

use super::report::Output;
use shiori::build::Linked;
use shiori::diagnostics::Diagnostic;
use shiori::external::{self, CheckOptions};
use std::path::Path;

/// Checks the site's external URLs; says on stderr how many were asked.
pub fn run(root: &Path, linked: &Linked, use_cache: bool, output: &Output) -> Vec<Diagnostic> {
    let options = CheckOptions {
        use_cache,
        now: std::time::SystemTime::now(),
    };
    let config = &linked.config.external_links;
    let report = external::check(root, &linked.library, config, &options, |urls, sites| {
        output.info(&format!("asking {urls} external URLs on {sites} site(s)…"));
    });
    output.info(&format!(
        "external links: {} URLs, {} asked, {} from the cache ({}), {} skipped",
        report.urls,
        report.asked,
        report.from_cache,
        external::CACHE_FILE,
        report.skipped
    ));
    if let Some(error) = &report.cache_error {
        output.info(&format!(
            "warning: could not write {}: {error}; the next check asks every URL again",
            external::CACHE_FILE
        ));
    }
    report.diagnostics
}
