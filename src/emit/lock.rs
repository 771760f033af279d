//! One build per output at a time. Two builds into one folder (an editor's
//! save hook and a manual build, two CI steps) would otherwise interleave
//! their swaps and clean-ups. The claim is an advisory lock on a file beside
//! the output, held for the whole build and released by the kernel when the
//! process ends, however it ends — so a killed build never blocks the next.
//! The file is removed when the build ends, so no trace stays beside the
//! output; a build that locked a file just removed sees that the path no
//! longer names it and locks the new one instead.

use super::{io_error, EmitError};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The exclusive claim on an output folder; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    path: PathBuf,
}

/// The lock file of `out`: `.<name>.lock` in its parent folder.
pub fn lock_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.lock"))
}

impl OutputLock {
    /// Claims `out` (an output already checked). When another build holds
    /// it, `waiting` is called with that build's process id, if known, and
    /// this one waits until the other ends.
    pub fn acquire(out: &Path, waiting: impl FnOnce(Option<u32>)) -> Result<OutputLock, EmitError> {
        let path = lock_path(out);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        let mut waiting = Some(waiting);
        let mut file = loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io_error(&path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if let Some(waiting) = waiting.take() {
                        waiting(holder(&mut file));
                    }
                    file.lock().map_err(io_error(&path))?;
                }
                Err(TryLockError::Error(source)) => return Err(EmitError::Io { path, source }),
            }
            // The holder removes the file as it ends: a lock on a removed
            // file claims nothing, so start again with the current one.
            if still_named(&file, &path) {
                break file;
            }
        };
        // Who holds it, for the message a waiting build prints.
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| writeln!(file, "{}", std::process::id()));
        Ok(OutputLock { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so nobody locks it in between; the
        // lock itself goes with the file handle, just after.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Without inode numbers at hand the file is never removed either (see
/// [`OutputLock`]'s `Drop`), so a lock always claims the current file.
#[cfg(not(unix))]
fn still_named(_: &File, _: &Path) -> bool {
    true
}

fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_claim_waits_for_the_first_to_end() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = OutputLock::acquire(&out, |_| panic!("nobody holds it yet")).unwrap();
        let (told, heard) = mpsc::channel();
        let (claimed, got) = mpsc::channel();
        let waiter_out = out.clone();
        let waiter = std::thread::spawn(move || {
            let lock = OutputLock::acquire(&waiter_out, |pid| told.send(pid).unwrap()).unwrap();
            claimed.send(()).unwrap();
            drop(lock);
        });
        assert_eq!(
            heard.recv_timeout(Duration::from_secs(10)).unwrap(),
            Some(std::process::id())
        );
        assert!(got.recv_timeout(Duration::from_millis(200)).is_err());
        drop(first);
        got.recv_timeout(Duration::from_secs(10)).unwrap();
        waiter.join().unwrap();
        assert!(!lock_path(&out).exists(), "the lock file is removed");
    }
}
