//! Phase two of a rebuild on a thread of its own, so a long search-index
//! update never delays the next edit's reload.

use super::watch::Raw;
use crate::build::BuildError;
use crate::incremental::{SiteJob, Update};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};

/// The outcome of a site job, sent back to the rebuild loop.
pub type SiteResult = Result<Update, BuildError>;

/// Runs site jobs one at a time. Jobs queued while one runs are merged:
/// only the latest snapshot is worth building.
pub struct SiteWorker {
    jobs: Sender<SiteJob>,
}

impl SiteWorker {
    /// `out` is the served folder and `pages` the site-wide pages already in
    /// it; results go to `done`.
    pub fn start(out: PathBuf, pages: Vec<String>, done: Sender<Raw<SiteResult>>) -> SiteWorker {
        let (jobs, queue) = mpsc::channel::<SiteJob>();
        std::thread::spawn(move || {
            let mut seen = Fingerprints::of(&out, pages);
            while let Ok(mut job) = queue.recv() {
                while let Ok(mut newer) = queue.try_recv() {
                    newer.absorb(job);
                    job = newer;
                }
                let result = job.run().map(|mut update| {
                    update.written = seen.changed(&out, update.written);
                    update
                });
                if done.send(Raw::Done(result)).is_err() {
                    return;
                }
            }
        });
        SiteWorker { jobs }
    }

    pub fn queue(&self, job: SiteJob) {
        let _ = self.jobs.send(job);
    }
}

/// What each site-wide page held when last written. A site job writes
/// every site-wide page again; only those whose bytes changed are worth
/// reloading in a browser.
struct Fingerprints(HashMap<String, u64>);

impl Fingerprints {
    fn of(out: &Path, pages: Vec<String>) -> Fingerprints {
        let mut seen = Fingerprints(HashMap::new());
        seen.changed(out, pages);
        seen
    }

    /// The pages of `written` whose content differs from last time.
    fn changed(&mut self, out: &Path, written: Vec<String>) -> Vec<String> {
        written
            .into_iter()
            .filter(|page| {
                let now = fingerprint(&out.join(page));
                self.0.insert(page.clone(), now) != Some(now)
            })
            .collect()
    }
}

fn fingerprint(file: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(&std::fs::read(file).unwrap_or_default());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_whose_bytes_changed_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "a").unwrap();
        std::fs::write(dir.path().join("b.html"), "b").unwrap();
        let mut seen = Fingerprints::of(dir.path(), vec!["a.html".into(), "b.html".into()]);
        std::fs::write(dir.path().join("b.html"), "b2").unwrap();
        std::fs::write(dir.path().join("c.html"), "c").unwrap();
        let all = vec!["a.html".into(), "b.html".into(), "c.html".into()];
        assert_eq!(seen.changed(dir.path(), all.clone()), ["b.html", "c.html"]);
        assert!(seen.changed(dir.path(), all).is_empty());
    }
}
