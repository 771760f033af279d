//! File-system events turned into batches of changed paths, debounced by
//! `notify-debouncer-full` (which also pairs the two halves of a rename and
//! reports a removed folder once). Reads are not changes: the rebuild
//! itself opens every file it reads, and reacting to that would rebuild
//! forever. When the watcher may have missed events (queue overflow, an
//! error) the batch asks for a full rescan.

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, DebouncedEvent};
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

/// How long an event waits for the rest of its save: an editor's save
/// (truncate + write, or write + rename) arrives as one batch. Every
/// millisecond here is a millisecond before the page shows the edit.
const QUIET: Duration = Duration::from_millis(25);

/// The running watcher; dropping it stops it.
pub type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

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
/// alone, sending each debounced group of events on `sender`.
pub fn start<T: Send + 'static>(
    recursive: &[PathBuf],
    flat: &[PathBuf],
    sender: Sender<Raw<T>>,
) -> notify::Result<Watcher> {
    let mut watcher = new_debouncer(QUIET, None, move |events: DebounceEventResult| {
        let _ = sender.send(Raw::Events(events));
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
    Events(DebounceEventResult),
    Done(T),
}

/// The rebuild loop's inbox: debounced events gathered into batches,
/// finished background jobs passed through.
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

    /// The next message: a finished background job, or the changes
    /// reported so far (everything already queued joins one batch). Groups
    /// of events that change nothing relevant are skipped. `None` when every
    /// sender is gone.
    pub fn next(&mut self, relevant: impl Fn(&Path) -> bool) -> Option<Message<T>> {
        loop {
            if let Some(done) = self.finished.pop_front() {
                return Some(Message::Done(done));
            }
            let mut batch = Batch::default();
            match self.receiver.recv().ok()? {
                Raw::Done(done) => return Some(Message::Done(done)),
                Raw::Events(events) => add(&mut batch, events, &relevant),
            }
            while let Ok(raw) = self.receiver.try_recv() {
                match raw {
                    Raw::Done(done) => self.finished.push_back(done),
                    Raw::Events(events) => add(&mut batch, events, &relevant),
                }
            }
            if batch.rescan || !batch.paths.is_empty() {
                return Some(Message::Files(batch));
            }
        }
    }
}

fn add(batch: &mut Batch, events: DebounceEventResult, relevant: &impl Fn(&Path) -> bool) {
    let Ok(events) = events else {
        batch.rescan = true;
        return;
    };
    for DebouncedEvent { event, .. } in events {
        if event.need_rescan() {
            batch.rescan = true;
        }
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        batch
            .paths
            .extend(event.paths.into_iter().filter(|p| relevant(p)));
    }
}

/// A channel for the rebuild loop.
pub fn channel<T>() -> (Sender<Raw<T>>, Inbox<T>) {
    let (sender, receiver) = mpsc::channel();
    (sender, Inbox::new(receiver))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_is_one_batch_and_reading_a_file_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("note.md"), "one").unwrap();
        let (sender, mut inbox) = channel::<()>();
        let _watcher = start(std::slice::from_ref(&root), &[], sender).unwrap();
        std::fs::read_to_string(root.join("note.md")).unwrap();
        // Saved as editors do: a temporary file renamed over the note.
        std::fs::write(root.join(".note.md.tmp"), "two").unwrap();
        std::fs::rename(root.join(".note.md.tmp"), root.join("note.md")).unwrap();
        let Some(Message::Files(batch)) = inbox.next(|p| p.extension() == Some("md".as_ref()))
        else {
            panic!("no batch");
        };
        assert!(!batch.rescan);
        assert_eq!(batch.paths, BTreeSet::from([root.join("note.md")]));
    }
}
