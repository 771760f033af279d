//! Themes: templates and static files, from a theme folder of the site with
//! the default theme (compiled into the binary) underneath, so a user theme
//! can override any single file.

use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// A theme resolved for one site: an optional folder on disk over the built-in default.
#[derive(Debug, Clone)]
pub struct Theme {
    dir: Option<PathBuf>,
}

impl Theme {
    /// The theme `name` of the site at `root` (`<root>/themes/<name>`); when that
    /// folder does not exist, only the built-in default is used.
    pub fn new(root: &Path, name: &str) -> Theme {
        let dir = root.join("themes").join(name);
        Theme {
            dir: dir.is_dir().then_some(dir),
        }
    }

    /// The source of `templates/<name>`, from the theme folder or the default.
    pub fn template(&self, name: &str) -> Option<String> {
        if name.contains("..") {
            return None;
        }
        let rel = format!("templates/{name}");
        self.read(&rel)
            .and_then(|bytes| String::from_utf8(bytes).ok())
    }

    /// Whether the theme folder has its own `rel` (e.g. `templates/nav.html`),
    /// different from the default's (a copy of the default is not an override).
    pub fn overrides(&self, rel: &str) -> bool {
        let Some(dir) = &self.dir else {
            return false;
        };
        let Ok(own) = std::fs::read(dir.join(rel)) else {
            return false;
        };
        DEFAULT_THEME
            .iter()
            .find(|(path, _)| *path == rel)
            .is_none_or(|(_, default)| *default != own.as_slice())
    }

    fn read(&self, rel: &str) -> Option<Vec<u8>> {
        if let Some(dir) = &self.dir {
            if let Ok(bytes) = std::fs::read(dir.join(rel)) {
                return Some(bytes);
            }
        }
        DEFAULT_THEME
            .iter()
            .find(|(path, _)| *path == rel)
            .map(|(_, bytes)| bytes.to_vec())
    }

    /// Every static file (path below `static/`, contents), overrides applied, sorted by path.
    pub fn static_files(&self) -> Vec<(String, Vec<u8>)> {
        self.static_paths()
            .into_iter()
            .filter_map(|path| {
                let bytes = self.read(&format!("static/{path}"))?;
                Some((path, bytes))
            })
            .collect()
    }

    /// The path below `static/` of every static file, the default's and the
    /// theme folder's, sorted.
    pub fn static_paths(&self) -> Vec<String> {
        let mut paths: std::collections::BTreeSet<String> = DEFAULT_THEME
            .iter()
            .filter_map(|(path, _)| path.strip_prefix("static/").map(str::to_string))
            .collect();
        if let Some(dir) = &self.dir {
            let static_dir = dir.join("static");
            for entry in walkdir::WalkDir::new(&static_dir).into_iter().flatten() {
                if entry.file_type().is_file() {
                    if let Ok(rel) = entry.path().strip_prefix(&static_dir) {
                        paths.insert(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
            }
        }
        paths.into_iter().collect()
    }
}
