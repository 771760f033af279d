//! `shiori build`

use super::exit;
use super::report::Output;
use shiori::build::{build, BuildError, BuildOptions};
use shiori::emit::EmitError;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output folder [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Absolute URL the site is published at (used for sitemap.xml and canonical links).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Fail on any warning (broken links included), as `strict: true` in site.yaml does.
    #[arg(long)]
    strict: bool,
}

pub fn run(root: &Path, args: Args, output: &Output) -> u8 {
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: args.out,
        drafts: args.drafts,
        base_url: args.base_url,
        strict: args.strict,
        progress: super::progress::for_stderr(output.quiet),
    };
    if let Err(code) = super::site_folder::require_content(root) {
        return code;
    }
    // Read before the build: "left untouched" is only true of an output that was there.
    let previous = Previous::of(&options.out());
    match build(&options) {
        Ok(report) => {
            output.diagnostics(&report.diagnostics);
            if let Some(notice) = &report.history_notice {
                output.info(&format!("note: {notice}"));
            }
            if output.verbose {
                for (stage, time) in &report.timings {
                    output.info(&format!(
                        "  {stage:<8} {:>8.1} ms",
                        time.as_secs_f64() * 1000.0
                    ));
                }
                output.info(
                    "  (the index is built from the first notes parsed on, and index and bundle run while render does)",
                );
            }
            let total = report.elapsed.as_secs_f64();
            output.info(&format!(
                "built {} notes, {} pages into {} ({} warnings) in {:.2} s",
                report.notes,
                report.pages,
                report.out.display(),
                report.diagnostics.len(),
                total
            ));
            exit::OK
        }
        Err(error) => report_error(error, output, previous),
    }
}

/// Whether an output folder was there before the build, for the message
/// saying what a failed build left.
#[derive(Debug, Clone, Copy)]
pub enum Previous {
    /// The previous site is there, as it was.
    Output,
    /// There was no output before, and none was written.
    Nothing,
    /// The command writes no site (`search` building its index).
    NotASiteBuild,
}

impl Previous {
    pub fn of(out: &Path) -> Previous {
        if out.exists() {
            Previous::Output
        } else {
            Previous::Nothing
        }
    }

    /// `; the previous output was left untouched`, or what is true instead.
    fn kept(self) -> &'static str {
        match self {
            Previous::Output => "; the previous output was left untouched",
            Previous::Nothing => "; no output was written",
            Previous::NotASiteBuild => "",
        }
    }
}

/// Prints why a build failed and picks the exit code.
pub fn report_error(error: BuildError, output: &Output, previous: Previous) -> u8 {
    let kept = previous.kept();
    match error {
        BuildError::Config(d) => {
            output.diagnostic(&d);
            exit::USAGE
        }
        BuildError::Content(list) => {
            output.diagnostics(&list);
            let errors = list
                .iter()
                .filter(|d| d.severity == shiori::diagnostics::Severity::Error)
                .count();
            eprintln!(
                "build failed: {errors} error(s), {} warning(s){kept}",
                list.len() - errors
            );
            exit::CONTENT
        }
        // An output folder refused before anything moved is a usage error;
        // a write that failed on the way is not.
        BuildError::Output(
            e @ (EmitError::UnsafeOutput { .. } | EmitError::NotReplaceable { .. }),
        ) => {
            eprintln!("error: {e}");
            if matches!(e, EmitError::UnsafeOutput { .. }) {
                eprintln!("build failed{kept}");
            }
            exit::USAGE
        }
        BuildError::Output(e) => {
            if e.output_untouched() {
                eprintln!("error: cannot write the site: {e}{kept}");
            } else {
                eprintln!("error: {e}");
            }
            exit::FAILURE
        }
        BuildError::Search(e) => {
            eprintln!("error: cannot build the search index: {e}{kept}");
            exit::FAILURE
        }
    }
}
