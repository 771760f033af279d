//! What every command that reads a site asks first: is this a site?

use super::exit;
use shiori::content::CONTENT_DIR;
use std::path::Path;

/// Exits with a usage error when `root` has no `content/` folder: it is a
/// wrong `--root` or a folder that is not a site yet, not a site with
/// broken content, so the message says how to start one.
pub fn require_content(root: &Path) -> Result<(), u8> {
    if root.join(CONTENT_DIR).is_dir() {
        return Ok(());
    }
    let shown = if root == Path::new(".") {
        "the current folder".to_string()
    } else {
        root.display().to_string()
    };
    if !root.is_dir() {
        eprintln!(
            "error: there is no folder {shown}\n  = help: pass the site's folder with `--root DIR`"
        );
    } else {
        eprintln!(
            "error: there is no content/ folder in {shown}, so it is not a shiori site yet\n  \
             = help: start a site here with `shiori init`, or pass the site's folder with `--root DIR`"
        );
    }
    Err(exit::USAGE)
}
