//! How far a build has got, for whoever wants to show it: the CLI draws
//! progress bars on a terminal, everything else hears nothing. Stages are
//! named in each call, so stages running at the same time each get their own.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// Told about each stage of a build as it starts, moves on and ends.
pub trait Progress: Send + Sync {
    /// `stage` begins; `total` is its number of steps when known in advance.
    fn start(&self, stage: &'static str, total: Option<u64>);
    /// One more step of `stage` is done (a note parsed, a page written).
    fn step(&self, stage: &'static str);
    /// `stage` is over.
    fn finish(&self, stage: &'static str);
    /// The build waits for another one writing to `out` (process `pid`, if known) to end.
    fn waiting(&self, out: &Path, pid: Option<u32>) {
        let _ = (out, pid);
    }
}

/// A [`Progress`] that build options can carry; by default nobody listens.
#[derive(Clone, Default)]
pub struct ProgressHandle(Option<Arc<dyn Progress>>);

impl ProgressHandle {
    pub fn new(progress: impl Progress + 'static) -> ProgressHandle {
        ProgressHandle(Some(Arc::new(progress)))
    }

    pub fn start(&self, stage: &'static str, total: Option<u64>) {
        if let Some(p) = &self.0 {
            p.start(stage, total);
        }
    }

    pub fn step(&self, stage: &'static str) {
        if let Some(p) = &self.0 {
            p.step(stage);
        }
    }

    pub fn finish(&self, stage: &'static str) {
        if let Some(p) = &self.0 {
            p.finish(stage);
        }
    }

    pub fn waiting(&self, out: &Path, pid: Option<u32>) {
        if let Some(p) = &self.0 {
            p.waiting(out, pid);
        }
    }
}

impl fmt::Debug for ProgressHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "ProgressHandle(listening)"
        } else {
            "ProgressHandle(silent)"
        })
    }
}
