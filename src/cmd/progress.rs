//! Progress bars on stderr while a build runs: one per stage, a bar when the
//! number of steps is known, a spinner otherwise. Cleared when the stage
//! ends, so only the one-line summary stays.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use shiori::progress::{Progress, ProgressHandle};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// Bars for a terminal; a silent handle when stderr is not one, or with `--quiet`.
pub fn for_stderr(quiet: bool) -> ProgressHandle {
    if quiet {
        return ProgressHandle::default();
    }
    if !std::io::stderr().is_terminal() {
        return ProgressHandle::new(NoticesOnly);
    }
    ProgressHandle::new(Bars {
        multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
        bars: Mutex::new(HashMap::new()),
    })
}

struct Bars {
    multi: MultiProgress,
    bars: Mutex<HashMap<&'static str, ProgressBar>>,
}

impl Bars {
    fn bar(&self, stage: &'static str) -> Option<ProgressBar> {
        self.bars.lock().expect("not poisoned").get(stage).cloned()
    }
}

/// Says why the build waits for another one; both draw this line.
fn waiting_line(out: &Path, pid: Option<u32>) -> String {
    let who = pid.map_or_else(
        || "another shiori build".to_string(),
        |pid| format!("another shiori build (process {pid})"),
    );
    format!("waiting for {who} writing to {} to finish…", out.display())
}

/// Off a terminal: no bars, only the lines a user must see.
struct NoticesOnly;

impl Progress for NoticesOnly {
    fn start(&self, _: &'static str, _: Option<u64>) {}
    fn step(&self, _: &'static str) {}
    fn finish(&self, _: &'static str) {}
    fn waiting(&self, out: &Path, pid: Option<u32>) {
        eprintln!("{}", waiting_line(out, pid));
    }
}

impl Progress for Bars {
    fn waiting(&self, out: &Path, pid: Option<u32>) {
        let _ = self.multi.println(waiting_line(out, pid));
    }

    fn start(&self, stage: &'static str, total: Option<u64>) {
        let bar = match total {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template("{prefix:>7} [{bar:30}] {pos}/{len}")
                    .expect("valid template")
                    .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{prefix:>7} {spinner} {elapsed}")
                    .expect("valid template"),
            ),
        };
        let bar = self.multi.add(bar.with_prefix(stage));
        bar.enable_steady_tick(Duration::from_millis(100));
        self.bars.lock().expect("not poisoned").insert(stage, bar);
    }

    fn step(&self, stage: &'static str) {
        if let Some(bar) = self.bar(stage) {
            bar.inc(1);
        }
    }

    fn finish(&self, stage: &'static str) {
        if let Some(bar) = self.bars.lock().expect("not poisoned").remove(stage) {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Bars {
    /// A failed build may leave stages unfinished: their bars go too.
    fn drop(&mut self) {
        for (_, bar) in self.bars.lock().expect("not poisoned").drain() {
            bar.finish_and_clear();
        }
    }
}
