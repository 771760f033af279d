//! `shiori serve`

use super::exit;
use super::report::Output;
use shiori::build::BuildOptions;
use shiori::serve::{ServeError, ServeOptions, Server};
use std::io::Write;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

pub fn run(root: &Path, args: Args, output: &Output) -> u8 {
    if let Err(code) = super::site_folder::require_content(root) {
        return code;
    }
    let options = ServeOptions {
        build: BuildOptions {
            root: root.to_path_buf(),
            drafts: args.drafts,
            ..BuildOptions::default()
        },
        bind: args.bind,
        port: args.port,
    };
    let (server, first) = match Server::start(options) {
        Ok(started) => started,
        Err(ServeError::Build(e)) => {
            return super::build::report_error(e, output, super::build::Previous::NotASiteBuild)
        }
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    output.diagnostics(&first.diagnostics);
    // The address goes to stdout (and is flushed) so scripts and tests can read it.
    say!("serving {} (Ctrl-C to stop)", server.url);
    let _ = std::io::stdout().flush();
    if args.open {
        if let Err(e) = opener::open_browser(&server.url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    let result = server.watch(|phase, update| {
        if update.failed() {
            output.diagnostics(&update.diagnostics);
            eprintln!("build failed; still serving the last good site");
        } else if phase == "pages" {
            output.info(&format!(
                "rebuilt {} page(s) in {:.0} ms",
                update.written.len(),
                update.elapsed.as_secs_f64() * 1000.0
            ));
            if output.verbose {
                let steps: Vec<String> = update
                    .timings
                    .iter()
                    .map(|(name, t)| format!("{name} {:.0} ms", t.as_secs_f64() * 1000.0))
                    .collect();
                output.info(&format!("  {}", steps.join(", ")));
            }
        } else if output.verbose {
            output.info(&format!(
                "  site-wide pages: {} changed, in {:.0} ms",
                update.written.len(),
                update.elapsed.as_secs_f64() * 1000.0
            ));
        }
    });
    match result {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: {e}");
            exit::USAGE
        }
    }
}
