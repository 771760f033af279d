//! `shiori init`: a new site in an empty folder — settings, a home page,
//! one section with one note showing front matter and every kind of link,
//! a catalog, a `.gitignore`, a GitHub Pages workflow and a README on
//! publishing. The files are written out as they are in this folder, in
//! the site's language.

use crate::config::Language;
use crate::date::Date;
use std::path::{Path, PathBuf};

/// The files of a new site, by path inside it; `{today}` becomes the day
/// of the build.
fn templates(language: Language) -> [(&'static str, &'static str); 8] {
    macro_rules! site {
        ($lang:literal) => {
            [
                ("site.yaml", include_str!(concat!($lang, "/site.yaml"))),
                ("README.md", include_str!(concat!($lang, "/README.md"))),
                (
                    "content/_index.md",
                    include_str!(concat!($lang, "/content/_index.md")),
                ),
                (
                    "content/official-docs.yaml",
                    include_str!(concat!($lang, "/content/official-docs.yaml")),
                ),
                (
                    "content/guide/_index.md",
                    include_str!(concat!($lang, "/content/guide/_index.md")),
                ),
                (
                    "content/guide/first-note.md",
                    include_str!(concat!($lang, "/content/guide/first-note.md")),
                ),
                (".gitignore", include_str!("common/gitignore")),
                (
                    ".github/workflows/pages.yml",
                    include_str!("common/pages.yml"),
                ),
            ]
        };
    }
    match language {
        Language::Ja => site!("ja"),
        Language::En => site!("en"),
    }
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct Created {
    /// Files written, relative to the site folder.
    pub written: Vec<PathBuf>,
    /// Files that existed already and were left as they were (`--force`).
    pub kept: Vec<PathBuf>,
}

/// Why no site was created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} is not empty ({entries} entries); shiori init creates a site in an empty or new folder (--force adds the missing files and never overwrites one)", dir.display())]
    NotEmpty { dir: PathBuf, entries: usize },
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Creates a new site in `dir` (made if missing). A folder with anything in
/// it is refused unless `force`, which writes only the files not there yet.
pub fn init(dir: &Path, language: Language, force: bool) -> Result<Created, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let entries = entries.count();
            if entries > 0 && !force {
                return Err(InitError::NotEmpty {
                    dir: dir.to_path_buf(),
                    entries,
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(_) if dir.exists() && !dir.is_dir() => {
            return Err(InitError::NotAFolder(dir.to_path_buf()))
        }
        Err(e) => return Err(io(dir)(e)),
    }
    let today = Date::today().to_string();
    let mut created = Created::default();
    for (rel, text) in templates(language) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match file {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(text.replace("{today}", &today).as_bytes())
                    .map_err(io(&path))?;
                created.written.push(PathBuf::from(rel));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                created.kept.push(PathBuf::from(rel));
            }
            Err(e) => return Err(io(&path)(e)),
        }
    }
    Ok(created)
}
