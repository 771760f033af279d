//! The emit stage: pages and files go into a staging folder next to the
//! output, which replaces the output only once everything is written. A
//! failed build leaves the previous output exactly as it was.

mod guard;
mod lock;

pub use guard::{check_output, check_replaceable};
pub use lock::{lock_path, OutputLock};

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Marks a folder as shiori output, so shiori never replaces a folder it did not write.
pub const OUTPUT_MARKER: &str = ".shiori-output";

/// The longest path, in bytes, the system opens (`PATH_MAX` less its NUL).
pub const PATH_MAX: usize = if cfg!(target_os = "macos") {
    1023
} else {
    4095
};

/// The longest path, relative to `out` and in bytes, that a file of the
/// site can have: what [`PATH_MAX`] leaves once the staging folder beside
/// `out` (named with the longest process id) is put in front.
pub fn page_path_max(out: &Path) -> usize {
    let staging = staging_dir(out, u32::MAX);
    PATH_MAX.saturating_sub(staging.as_os_str().len() + 1)
}

/// A long relative path shown by its end: `…/folder/page.html`.
fn path_tail(rel: &str) -> String {
    const SHOWN: usize = 80;
    if rel.len() <= SHOWN {
        return rel.to_string();
    }
    let mut start = rel.len() - SHOWN;
    while !rel.is_char_boundary(start) {
        start += 1;
    }
    format!("…{}", &rel[start..])
}

/// The staging folder of process `pid` for the output `out`.
fn staging_dir(out: &Path, pid: u32) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!(".{name}.staging-{pid}"))
}

/// Why an output folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("refusing to write output to {path}: {reason}")]
    UnsafeOutput { path: PathBuf, reason: &'static str },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    /// A file's path would pass the system's limit ([`PATH_MAX`]).
    #[error("{}: the path of this file in the output is {len} bytes, and in {} the system allows {max}; use shorter folder names or slugs, or a shorter output path", path_tail(.rel), .out.display())]
    PathTooLong {
        out: PathBuf,
        rel: String,
        len: usize,
        max: usize,
    },
    /// Checked before anything is moved: the previous output stays as it was.
    #[error("cannot replace the output: {path} is not writable ({source}); nothing was changed")]
    NotReplaceable { path: PathBuf, source: io::Error },
    /// The new site is in place but the previous one could not be removed.
    #[error("the new site is in {out}, but the previous one could not be removed ({source}); it was left in {left}")]
    OldLeftBehind {
        out: PathBuf,
        left: PathBuf,
        source: Box<EmitError>,
    },
}

impl EmitError {
    /// Whether the previous output is as it was: true for every error but
    /// a new site published whose predecessor could not be removed.
    pub fn output_untouched(&self) -> bool {
        !matches!(self, EmitError::OldLeftBehind { .. })
    }
}

impl EmitError {
    /// The folder or file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            EmitError::UnsafeOutput { path, .. }
            | EmitError::Io { path, .. }
            | EmitError::NotReplaceable { path, .. } => path,
            EmitError::PathTooLong { out, .. } => out,
            EmitError::OldLeftBehind { left, .. } => left,
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> EmitError + '_ {
    move |source| EmitError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Where the stages write files: a build's [`Staging`] folder, or the
/// folder `shiori serve` updates in place ([`OutputDir`]).
pub trait Output: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path that must stay inside the output).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), EmitError>;
    /// Copies the file `from` to `rel` inside the output.
    fn copy(&self, from: &Path, rel: &str) -> Result<(), EmitError>;
}

impl Output for OutputDir<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), EmitError> {
        OutputDir::write(self, rel, bytes)
    }
    fn copy(&self, from: &Path, rel: &str) -> Result<(), EmitError> {
        OutputDir::copy(self, from, rel)
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), EmitError> {
        Staging::write(self, rel, bytes)
    }
    fn copy(&self, from: &Path, rel: &str) -> Result<(), EmitError> {
        Staging::copy(self, from, rel)
    }
}

/// A folder being filled with the new site.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
}

/// Files written into a folder, each path checked to stay inside it.
/// [`Staging`] writes through it; `shiori serve` writes changed pages
/// straight into its own output folder with it.
pub struct OutputDir<'a> {
    pub dir: &'a Path,
}

impl OutputDir<'_> {
    /// Writes `bytes` at `rel` (a `/`-separated path that must stay inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), EmitError> {
        let path = self.path_for(rel)?;
        // Most folders exist already: try the write first and create the folder only when missing.
        match fs::write(&path, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).map_err(io_error(parent))?;
                }
                fs::write(&path, bytes).map_err(io_error(&path))
            }
            result => result.map_err(io_error(&path)),
        }
    }

    /// Copies the file `from` to `rel` inside the output.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), EmitError> {
        let path = self.path_for(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::copy(from, &path).map(|_| ()).map_err(io_error(from))
    }

    fn path_for(&self, rel: &str) -> Result<PathBuf, EmitError> {
        let rel_path = Path::new(rel);
        if rel.is_empty()
            || !rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(EmitError::UnsafeOutput {
                path: rel_path.to_path_buf(),
                reason: "the path would leave the output folder",
            });
        }
        Ok(self.dir.join(rel_path))
    }

    /// Removes the file at `rel`, if any.
    pub fn remove(&self, rel: &str) -> Result<(), EmitError> {
        let path = self.path_for(rel)?;
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(EmitError::Io { path, source: e }),
            _ => Ok(()),
        }
    }
}

impl Staging {
    /// Creates a fresh staging folder beside `out` (already checked by [`check_output`]),
    /// first cleaning up what killed builds left behind.
    pub fn new(out: &Path) -> Result<Staging, EmitError> {
        let parent = out.parent().expect("checked output has a parent");
        fs::create_dir_all(parent).map_err(io_error(parent))?;
        let name = out
            .file_name()
            .expect("checked output has a name")
            .to_string_lossy()
            .into_owned();
        recover(parent, &name, out)?;
        check_replaceable(out)?;
        let dir = staging_dir(out, std::process::id());
        debug_assert_eq!(
            dir,
            parent.join(format!(".{name}.staging-{}", std::process::id()))
        );
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        fs::write(
            dir.join(OUTPUT_MARKER),
            "This folder is written by shiori; it is replaced on every build.\n",
        )
        .map_err(io_error(&dir))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
        })
    }

    /// The staging folder itself (for stages that write many files, like the search bundle).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `rel` (a `/`-separated path that must stay inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), EmitError> {
        self.fits(rel)?;
        self.files().write(rel, bytes)
    }

    /// Copies the file `from` to `rel` inside the output.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), EmitError> {
        self.fits(rel)?;
        self.files().copy(from, rel)
    }

    /// Refuses a path the system would refuse, with a message about the
    /// output rather than the system's "File name too long" about the
    /// staging folder (`check` reports notes whose pages would not fit).
    fn fits(&self, rel: &str) -> Result<(), EmitError> {
        let max = PATH_MAX.saturating_sub(self.dir.as_os_str().len() + 1);
        if rel.len() <= max {
            return Ok(());
        }
        Err(EmitError::PathTooLong {
            out: self.out.clone(),
            rel: rel.to_string(),
            len: rel.len(),
            max,
        })
    }

    fn files(&self) -> OutputDir<'_> {
        OutputDir { dir: &self.dir }
    }

    /// Replaces the output with the staging folder. On Linux both folders are
    /// exchanged in one step, so the output is never missing, even for a
    /// moment; elsewhere the old output is moved aside first and removed only
    /// after the new one is in place. A build killed at any point leaves the
    /// old or the new site, and the next build clears what was left over.
    pub fn commit(self) -> Result<(), EmitError> {
        crate::fault::point("emit-before-swap");
        if self.out.exists() && exchange(&self.dir, &self.out).is_ok() {
            crate::fault::point("emit-swapped");
            // The staging path now holds the previous site.
            return remove_old(&self.dir, &self.out);
        }
        let parent = self.out.parent().expect("checked");
        let name = self
            .out
            .file_name()
            .expect("checked")
            .to_string_lossy()
            .into_owned();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if self.out.exists() {
            fs::rename(&self.out, &old).map_err(io_error(&self.out))?;
        }
        crate::fault::point("emit-moved-aside");
        if let Err(source) = fs::rename(&self.dir, &self.out) {
            // Put the previous site back: a failed swap must not lose it.
            if old.exists() {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(EmitError::Io {
                path: self.out.clone(),
                source,
            });
        }
        if old.exists() {
            remove_old(&old, &self.out)?;
        }
        Ok(())
    }

    /// Removes the staging folder after a failed build.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Removes the previous output at `old` once `out` holds the new site. When
/// it cannot be removed (checked beforehand, so only when something changed
/// meanwhile), it is renamed where the next build clears it and the error
/// says so: the new site is published, and the message must not claim
/// otherwise.
fn remove_old(old: &Path, out: &Path) -> Result<(), EmitError> {
    let Err(error) = remove_tree(old) else {
        return Ok(());
    };
    let name = out.file_name().expect("checked").to_string_lossy();
    let left = out.with_file_name(format!(".{name}.old-{}", std::process::id()));
    let left = if old == left || fs::rename(old, &left).is_err() {
        old.to_path_buf()
    } else {
        left
    };
    Err(EmitError::OldLeftBehind {
        out: out.to_path_buf(),
        left,
        source: Box::new(error),
    })
}

/// Removes a previous output, its top-level folders in parallel (a large
/// site is tens of thousands of files).
fn remove_tree(dir: &Path) -> Result<(), EmitError> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io_error(dir))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.par_iter().try_for_each(|path| {
        let removed = if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
        removed.map_err(io_error(path))
    })?;
    fs::remove_dir(dir).map_err(io_error(dir))
}

/// Swaps two paths atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Cleans up after a build that was killed: stale staging folders are
/// removed, and a previous output moved aside but never replaced is restored.
/// Builds hold the output's [`OutputLock`] while they run, so a staging
/// folder found by the holder belongs to a build that is gone.
fn recover(parent: &Path, name: &str, out: &Path) -> Result<(), EmitError> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let staging_prefix = format!(".{name}.staging-");
    let old_prefix = format!(".{name}.old-");
    let mut olds = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&staging_prefix) {
            let _ = fs::remove_dir_all(entry.path());
        } else if file_name.starts_with(&old_prefix) {
            olds.push(entry.path());
        }
    }
    olds.sort();
    for old in olds {
        if !out.exists() {
            fs::rename(&old, out).map_err(io_error(&old))?;
        } else {
            let _ = fs::remove_dir_all(&old);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_replaces_the_output_only_on_commit() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let first = Staging::new(&out).unwrap();
        first.write("index.html", b"one").unwrap();
        first.commit().unwrap();
        let second = Staging::new(&out).unwrap();
        second.write("index.html", b"two").unwrap();
        assert!(second.write("../escape.html", b"x").is_err());
        second.abandon();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        let leftovers: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("public")]);
    }
}
