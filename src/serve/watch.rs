//! File-system events turned into batches of changed paths. Reads are not
//! changes: the rebuild itself opens every file it reads, and reacting to
//! that would rebuild forever. When the watcher may have missed events
//! (queue overflow, an error) the batch asks for a full rescan.

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// Quiet time after the last event before a batch is handed over: an
/// editor's save (truncate + write, or write + rename) arrives as one batch.
const QUIET: Duration = Duration::from_millis(30);

/// What changed since the last batch.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// Events may have been lost: everything has to be looked at again.
    pub rescan: bool,
}

/// A message to the rebuild loop: files changed, or background work finished.
pub enum Message<T> {
    Files(Batch),
    Done(T),
}

/// Watches `recursive` folders with their subfolders and `flat` folders
/// alone, sending each raw event on `sender`. Dropping the watcher stops it.
pub fn start<T: Send + 'static>(
    recursive: &[PathBuf],
    flat: &[PathBuf],
    sender: Sender<Raw<T>>,
) -> notify::Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(Raw::Event(event));
    })?;
    for dir in recursive {
        watcher.watch(dir, RecursiveMode::Recursive)?;
    }
    for dir in flat {
        watcher.watch(dir, RecursiveMode::NonRecursive)?;
    }
    Ok(watcher)
}

/// What arrives on the rebuild loop's channel before batching.
pub enum Raw<T> {
    Event(notify::Result<Event>),
    Done(T),
}

/// The rebuild loop's inbox: raw events batched, finished background jobs
/// passed through.
pub struct Inbox<T> {
    receiver: Receiver<Raw<T>>,
    /// Jobs that finished while a batch was being gathered.
    finished: VecDeque<T>,
}

impl<T> Inbox<T> {
    pub fn new(receiver: Receiver<Raw<T>>) -> Inbox<T> {
        Inbox {
            receiver,
            finished: VecDeque::new(),
        }
    }

    /// The next message: a finished background job at once, or a batch of
    /// changes once the events have been quiet for [`QUIET`]. `None` when
    /// every sender is gone.
    pub fn next(&mut self, relevant: impl Fn(&Path) -> bool) -> Option<Message<T>> {
        if let Some(done) = self.finished.pop_front() {
            return Some(Message::Done(done));
        }
        let mut batch = Batch::default();
        loop {
            let waiting = batch.paths.is_empty() && !batch.rescan;
            let raw = if waiting {
                self.receiver.recv().ok()?
            } else {
                match self.receiver.recv_timeout(QUIET) {
                    Ok(raw) => raw,
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                        return Some(Message::Files(batch))
                    }
                }
            };
            match raw {
                Raw::Done(done) if waiting => return Some(Message::Done(done)),
                Raw::Done(done) => self.finished.push_back(done),
                Raw::Event(Err(_)) => batch.rescan = true,
                Raw::Event(Ok(event)) => add(&mut batch, event, &relevant),
            }
        }
    }
}

fn add(batch: &mut Batch, event: Event, relevant: &impl Fn(&Path) -> bool) {
    if event.need_rescan() {
        batch.rescan = true;
    }
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    batch
        .paths
        .extend(event.paths.into_iter().filter(|p| relevant(p)));
}

/// A channel for the rebuild loop.
pub fn channel<T>() -> (Sender<Raw<T>>, Inbox<T>) {
    let (sender, receiver) = mpsc::channel();
    (sender, Inbox::new(receiver))
}
