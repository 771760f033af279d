//! Which output folders shiori may replace. An output is only ever a folder
//! shiori owns: never a file, a device, the site's own sources or its
//! `.shiori` cache. A symbolic link (a deploy folder pointing at a release) is
//! followed, so the folder it names is replaced and the link kept.

use super::{io_error, EmitError, OUTPUT_MARKER};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Turns `path` absolute and normal (`..` and `.` folded) without touching the disk.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Refuses an output folder that would overwrite the site itself, the
/// system, or anything that is not a folder shiori wrote. Returns the folder
/// to replace: the output itself, or the folder a symbolic link names.
pub fn check_output(root: &Path, out: &Path) -> Result<PathBuf, EmitError> {
    let unsafe_output = |reason| EmitError::UnsafeOutput {
        path: out.to_path_buf(),
        reason,
    };
    let root = absolute(root).map_err(io_error(root))?;
    let root = root.canonicalize().unwrap_or(root);
    let mut target = absolute(out).map_err(io_error(out))?;
    if let (Some(parent), Some(name)) = (target.parent(), target.file_name()) {
        if let Ok(parent) = parent.canonicalize() {
            target = parent.join(name);
        }
    }
    match fs::symlink_metadata(&target) {
        Ok(meta) if meta.file_type().is_symlink() => {
            // Replacing the link itself would turn a deploy link into a
            // plain folder; its target is what the user means.
            target = match target.canonicalize() {
                Ok(real) if real.is_dir() => real,
                Ok(_) => {
                    return Err(unsafe_output(
                        "it is a symbolic link to something that is not a folder",
                    ))
                }
                Err(_) => {
                    return Err(unsafe_output(
                        "it is a symbolic link to nothing (create the folder it names first)",
                    ))
                }
            };
        }
        Ok(meta) if meta.is_file() => {
            return Err(unsafe_output("it is a file, not a folder"));
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(unsafe_output(
                "it is a device, socket or pipe, not a folder",
            ));
        }
        _ => {}
    }
    if target.parent().is_none() {
        return Err(unsafe_output("it is the file-system root"));
    }
    if target == root {
        return Err(unsafe_output("it is the site root"));
    }
    if root.starts_with(&target) {
        return Err(unsafe_output("it contains the site root"));
    }
    let content = root.join(crate::content::CONTENT_DIR);
    if target.starts_with(&content) {
        return Err(unsafe_output("it is inside content/"));
    }
    if target.starts_with(root.join(".shiori")) {
        return Err(unsafe_output(
            "it is inside .shiori, shiori's cache (search index, serve output)",
        ));
    }
    for kept in ["themes", "src", ".git"] {
        if target == root.join(kept) {
            return Err(unsafe_output("it is a folder of the site's sources"));
        }
    }
    if target.is_dir()
        && !target.join(OUTPUT_MARKER).exists()
        && fs::read_dir(&target)
            .map_err(io_error(&target))?
            .next()
            .is_some()
    {
        return Err(unsafe_output(
            "it is a non-empty folder that shiori did not write (no .shiori-output marker)",
        ));
    }
    Ok(target)
}

/// Checks, before anything is moved, that the previous output can be
/// removed once the new one is in place and that its parent folder takes
/// the staging folder: a read-only output is refused up front instead of
/// being half replaced.
pub fn check_replaceable(out: &Path) -> Result<(), EmitError> {
    let parent = out.parent().expect("checked output has a parent");
    if parent.exists() {
        writable(parent)?;
    }
    if !out.is_dir() {
        return Ok(());
    }
    writable(out)?;
    // Only folders matter: removing a file needs write access to its folder.
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(|e| EmitError::Io {
            path: e.path().unwrap_or(out).to_path_buf(),
            source: e.into(),
        })?;
        if entry.file_type().is_dir() {
            writable(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn writable(dir: &Path) -> Result<(), EmitError> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{access, Access};
        access(dir, Access::WRITE_OK | Access::EXEC_OK)
            .map_err(|e| not_writable(dir, io::Error::from(e)))
    }
    #[cfg(not(target_os = "linux"))]
    {
        writable_by_mode(dir)
    }
}

#[cfg(not(unix))]
fn writable(dir: &Path) -> Result<(), EmitError> {
    writable_by_mode(dir)
}

#[cfg(not(target_os = "linux"))]
fn writable_by_mode(dir: &Path) -> Result<(), EmitError> {
    let meta = fs::metadata(dir).map_err(io_error(dir))?;
    if meta.permissions().readonly() {
        return Err(not_writable(
            dir,
            io::Error::from(io::ErrorKind::PermissionDenied),
        ));
    }
    Ok(())
}

fn not_writable(dir: &Path, source: io::Error) -> EmitError {
    EmitError::NotReplaceable {
        path: dir.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("content/a")).unwrap();
        fs::create_dir_all(root.join(".shiori/index")).unwrap();
        for bad in [
            root.to_path_buf(),
            root.join("content"),
            root.join("content/a/out"),
            PathBuf::from("/"),
            root.join("x/.."),
            root.join(".shiori"),
            root.join(".shiori/serve"),
        ] {
            assert!(check_output(root, &bad).is_err(), "{}", bad.display());
        }
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("docs/keep.txt"), "mine").unwrap();
        let err = check_output(root, &root.join("docs"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("did not write"), "{err}");
        assert!(check_output(root, &root.join("public")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_or_a_device_is_never_an_output() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        let err = check_output(root, &root.join("site.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("it is a file, not a folder"), "{err}");
        let err = check_output(root, Path::new("/dev/null"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("device"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_to_its_folder() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("releases/r1")).unwrap();
        std::os::unix::fs::symlink(root.join("releases/r1"), root.join("public")).unwrap();
        let target = check_output(root, &root.join("public")).unwrap();
        assert_eq!(target, root.join("releases/r1").canonicalize().unwrap());
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        let err = check_output(root, &root.join("dangling"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("symbolic link to nothing"), "{err}");
        std::os::unix::fs::symlink(root.join("content"), root.join("sneaky")).unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        let err = check_output(root, &root.join("sneaky"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("inside content/"), "{err}");
    }
}
