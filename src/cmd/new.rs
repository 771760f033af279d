//! `shiori new`

use super::exit;
use super::report::Output;
use shiori::content::CONTENT_DIR;
use shiori::date::Date;
use std::path::{Component, Path};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the note goes inside content/, e.g. `networking/snat` (`.md` is added).
    path: String,
    /// The note title [default: the file name].
    #[arg(long)]
    title: Option<String>,
    /// Comma-separated tags, e.g. `network,cni`.
    #[arg(long, value_delimiter = ',')]
    tags: Vec<String>,
}

pub fn run(root: &Path, args: Args, output: &Output) -> u8 {
    let rel = args.path.trim_end_matches(".md");
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        eprintln!(
            "error: `{}` must be a path inside content/ such as `networking/snat`",
            args.path
        );
        return exit::USAGE;
    }
    if let Err(code) = super::site_folder::require_content(root) {
        return code;
    }
    let content = root.join(CONTENT_DIR);
    let file = content.join(format!("{rel}.md"));
    warn_new_sections(&content, rel_path, output);
    let stem = rel_path
        .file_name()
        .map_or(rel.to_string(), |s| s.to_string_lossy().into_owned());
    let title = args.title.unwrap_or(stem);
    let tags: Vec<String> = args
        .tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let text = format!(
        "---\ntitle: {}\ntags: [{}]\ndocs: []\nreviewed: {}\nsummary: \"\"\n---\n\n",
        yaml_text(&title),
        tags.iter()
            .map(|t| yaml_text(t))
            .collect::<Vec<_>>()
            .join(", "),
        Date::today()
    );
    if let Some(parent) = file.parent() {
        if let Err(e) = std::fs::create_dir_all(parent) {
            eprintln!("error: cannot create {}: {e}", parent.display());
            return exit::USAGE;
        }
    }
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(text.as_bytes())
        });
    match created {
        Ok(()) => {
            output.info(&format!("created {}", file.display()));
            exit::OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; not overwriting it",
                file.display()
            );
            exit::USAGE
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", file.display());
            exit::USAGE
        }
    }
}

/// Warns about each section folder `new` is about to create: without an
/// `_index.md` the section is titled after its folder and has no intro,
/// which is rarely what a mistyped section name (`netwrok/x`) meant.
fn warn_new_sections(content: &Path, rel: &Path, output: &Output) {
    let Some(parent) = rel.parent() else { return };
    let mut folder = content.to_path_buf();
    for part in parent.components() {
        folder.push(part);
        if folder.exists() {
            continue;
        }
        let shown = folder.display();
        output.info(&format!(
            "warning: section folder {shown}/ does not exist; it is created without an _index.md\n  \
             = help: its title will be the folder name `{}`; to give it a title, a weight and an intro, \
             write {shown}/_index.md with front matter such as `title: …` and `weight: …`",
            part.as_os_str().to_string_lossy()
        ));
    }
}

/// Quotes a YAML scalar when it would otherwise be read as something else.
fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !text.contains(": ")
        && !text.contains(" #")
        && !matches!(text, "true" | "false" | "null" | "yes" | "no")
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).expect("strings serialize")
    }
}
