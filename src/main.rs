//! The `shiori` command: parses arguments and hands off to the library.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    cmd::run(cli)
}
