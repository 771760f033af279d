//! Subcommands. Each turns its arguments into library calls and library
//! results into output and an exit code: 0 ok, 1 content errors or a failed
//! write, 2 usage or configuration errors.

/// `println!` that ignores a closed pipe (`shiori check --format json | head`)
/// instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod build;
mod check;
mod external;
mod init;
mod new;
mod progress;
mod report;
mod search;
mod serve;
mod site_folder;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// shiori builds a static knowledge-base site, with full-text search that
/// works offline, from a folder of Markdown notes.
#[derive(Debug, Parser)]
#[command(name = "shiori", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The site folder: holds content/ and optionally site.yaml and themes/.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print per-stage timings.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --out), replacing it only when the build succeeds.
    Build(build::Args),
    /// Report every problem of the content without writing anything.
    Check(check::Args),
    /// Create a new site in an empty (or new) folder.
    Init(init::Args),
    /// Create a new note with its front matter filled in.
    New(new::Args),
    /// Serve the site, rebuild what an edit affects and reload open pages.
    Serve(serve::Args),
    /// Search the notes (builds the index first when it is missing or stale).
    Search(search::Args),
}

/// Exit codes of every subcommand.
pub mod exit {
    pub const OK: u8 = 0;
    /// The content has errors (or warnings, with `--deny-warnings`).
    pub const CONTENT: u8 = 1;
    /// The output or the search index could not be written.
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
}

pub fn run(cli: Cli) -> ExitCode {
    let output = report::Output {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let code = match cli.command {
        Command::Build(args) => build::run(&cli.root, args, &output),
        Command::Check(args) => check::run(&cli.root, args, &output),
        Command::Init(args) => init::run(&cli.root, args, &output),
        Command::New(args) => new::run(&cli.root, args, &output),
        Command::Serve(args) => serve::run(&cli.root, args, &output),
        Command::Search(args) => search::run(&cli.root, args, &output),
    };
    ExitCode::from(code)
}
