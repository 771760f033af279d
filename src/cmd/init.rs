//! `shiori init`

use super::exit;
use super::report::Output;
use shiori::config::Language;
use shiori::scaffold::{self, InitError};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of the new site [default: --root, the current folder].
    dir: Option<PathBuf>,
    /// The language of the site's pages and sample notes.
    #[arg(long, value_enum, default_value = "ja")]
    language: LanguageArg,
    /// Add the files missing in a non-empty folder; existing files are never overwritten.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LanguageArg {
    Ja,
    En,
}

pub fn run(root: &Path, args: Args, output: &Output) -> u8 {
    let dir = args.dir.unwrap_or_else(|| root.to_path_buf());
    let language = match args.language {
        LanguageArg::Ja => Language::Ja,
        LanguageArg::En => Language::En,
    };
    match scaffold::init(&dir, language, args.force) {
        Ok(created) => {
            for file in &created.kept {
                output.info(&format!("kept {} (already there)", file.display()));
            }
            output.info(&format!(
                "created a site in {} ({} files); next: `shiori --root {} serve`",
                dir.display(),
                created.written.len(),
                shell_word(&dir)
            ));
            exit::OK
        }
        Err(error @ (InitError::NotEmpty { .. } | InitError::NotAFolder(_))) => {
            eprintln!("error: {error}");
            exit::USAGE
        }
        Err(error) => {
            eprintln!("error: {error}");
            exit::FAILURE
        }
    }
}

/// `dir` as one word of a shell command line.
fn shell_word(dir: &Path) -> String {
    let text = dir.display().to_string();
    let plain = |c: char| c.is_alphanumeric() || "/._-~".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
