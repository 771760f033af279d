//! `shiori check`

use super::exit;
use super::report::Output;
use serde::Serialize;
use shiori::build::{link_site, BuildOptions};
use shiori::diagnostics::{Diagnostic, Severity};
use std::path::Path;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// `json` prints one stable JSON document on stdout (see README).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit with 1 when there are warnings, too.
    #[arg(long)]
    deny_warnings: bool,
    /// Check drafts as well.
    #[arg(long)]
    drafts: bool,
    /// Also ask every external URL (the catalog's and the notes' links)
    /// whether it still works. Only this option reaches the network.
    #[arg(long)]
    external: bool,
    /// With --external: ask every URL again instead of reusing the results
    /// of the last day kept in .shiori/.
    #[arg(long, requires = "external")]
    no_cache: bool,
}

/// The JSON document of `check --format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn run(root: &Path, args: Args, output: &Output) -> u8 {
    if let Err(code) = super::site_folder::require_content(root) {
        return code;
    }
    let options = BuildOptions {
        root: root.to_path_buf(),
        drafts: args.drafts,
        ..BuildOptions::default()
    };
    let (diagnostics, config_error) = match link_site(&options) {
        Ok(linked) => {
            let external = if args.external {
                super::external::run(root, &linked, !args.no_cache, output)
            } else {
                Vec::new()
            };
            let mut diagnostics = linked.diagnostics;
            diagnostics.extend(external);
            (diagnostics.sorted(), false)
        }
        Err(shiori::build::BuildError::Config(d)) => (vec![*d], true),
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        Format::Json => {
            let report = JsonReport {
                version: 1,
                errors,
                warnings,
                diagnostics: &diagnostics,
            };
            say!(
                "{}",
                serde_json::to_string_pretty(&report).expect("diagnostics serialize")
            );
        }
        Format::Human => {
            output.diagnostics(&diagnostics);
            if errors + warnings == 0 {
                output.info("no problems found");
            } else {
                output.info(&format!("{errors} error(s), {warnings} warning(s)"));
            }
        }
    }
    if config_error {
        exit::USAGE
    } else if errors > 0 || (args.deny_warnings && warnings > 0) {
        exit::CONTENT
    } else {
        exit::OK
    }
}
