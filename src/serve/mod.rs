//! `shiori serve`: build, serve over http, watch the sources, rebuild what an
//! edit affects, and reload open pages.

mod host;
mod http;
mod watch;

use crate::build::{BuildError, BuildOptions};
use crate::diagnostics::Diagnostic;
use crate::incremental::{Session, SiteJob, Update};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use watch::{Batch, Message, Raw};

/// Where `serve` writes its site: outside `public/`, which it leaves alone.
pub const SERVE_DIR: &str = ".shiori/serve";

/// Settings of the development server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    pub port: u16,
}

/// Open event streams and the current build failure, shared by the watcher
/// and the request threads.
#[derive(Default)]
pub struct Hub {
    subscribers: Mutex<Vec<tokio::sync::mpsc::UnboundedSender<String>>>,
    failure: Mutex<Option<String>>,
}

impl Hub {
    fn subscribe(&self) -> tokio::sync::mpsc::UnboundedReceiver<String> {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        self.subscribers.lock().expect("not poisoned").push(sender);
        receiver
    }

    fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        self.subscribers
            .lock()
            .expect("not poisoned")
            .retain(|s| s.send(message.clone()).is_ok());
    }

    fn current_failure(&self) -> Option<String> {
        self.failure.lock().expect("not poisoned").clone()
    }

    /// Tells every page how a rebuild went.
    fn report(&self, update: &Update) {
        if update.failed() {
            let data = serde_json::to_string(&update.diagnostics).expect("diagnostics serialize");
            let message = format!("event: failed\ndata: {data}\n\n");
            *self.failure.lock().expect("not poisoned") = Some(message);
            self.broadcast("failed", &data);
        } else if self.failure.lock().expect("not poisoned").take().is_some() {
            self.broadcast("fixed", "{}");
        } else if !update.written.is_empty() {
            self.broadcast(
                "reload",
                &serde_json::to_string(&update.written).expect("paths serialize"),
            );
        }
    }
}

/// A running server: its address, and the loop that rebuilds on change.
pub struct Server {
    pub url: String,
    /// Runs the HTTP server; dropping it stops the server.
    runtime: tokio::runtime::Runtime,
    session: Session,
    hub: Arc<Hub>,
    root: PathBuf,
}

impl Server {
    /// Builds the site and starts answering requests on `bind:port` (port 0 picks a free one).
    pub fn start(mut options: ServeOptions) -> Result<(Server, Update), ServeError> {
        // The watcher reports absolute paths; `--root .` must compare with them.
        if let Ok(root) = options.build.root.canonicalize() {
            options.build.root = root;
        }
        let out = options.build.root.join(SERVE_DIR);
        let (session, update) = Session::start(options.build.clone(), out.clone())?;
        let hub = Arc::new(Hub::default());
        hub.report(&update);
        let listener = std::net::TcpListener::bind((options.bind.as_str(), options.port))
            .map_err(|e| ServeError::Bind(e.to_string()))?;
        let address = listener
            .local_addr()
            .map_err(|e| ServeError::Bind(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("shiori-http")
            .enable_all()
            .build()
            .map_err(|e| ServeError::Bind(e.to_string()))?;
        http::spawn(&runtime, listener, out, hub.clone())
            .map_err(|e| ServeError::Bind(e.to_string()))?;
        let url = format!("http://{address}/");
        Ok((
            Server {
                url,
                runtime,
                session,
                hub,
                root: options.build.root.clone(),
            },
            update,
        ))
    }

    /// Watches `content/`, `themes/` and `site.yaml` and rebuilds on every change
    /// (debounced), calling `progress` after each phase. Runs until the watcher fails.
    pub fn watch(mut self, mut progress: impl FnMut(&str, &Update)) -> Result<(), ServeError> {
        let (sender, mut inbox) = watch::channel();
        let mut recursive = vec![self.root.join(crate::content::CONTENT_DIR)];
        let themes = self.root.join("themes");
        if themes.is_dir() {
            recursive.push(themes);
        }
        let _watcher = watch::start(&recursive, &[self.root.clone()], sender.clone())
            .map_err(|e| ServeError::Watch(e.to_string()))?;
        let site = SiteWorker::start(sender);
        let root = self.root.clone();
        while let Some(message) = inbox.next(|p| relevant(&root, p)) {
            match message {
                Message::Files(batch) => self.rebuild(batch, &site, &mut progress),
                Message::Done(Ok(update)) => progress("site", &update),
                Message::Done(Err(e)) => self.report_error(e, &mut progress),
            }
        }
        self.runtime.shutdown_background();
        Ok(())
    }

    /// Phase one here, then phase two handed to the site worker.
    fn rebuild(
        &mut self,
        batch: Batch,
        site: &SiteWorker,
        progress: &mut impl FnMut(&str, &Update),
    ) {
        let changed: Vec<PathBuf> = batch.paths.into_iter().collect();
        match self.session.rebuild(&changed, batch.rescan) {
            Ok(update) => {
                self.hub.report(&update);
                progress("pages", &update);
                if !update.failed() && !update.unchanged {
                    site.queue(self.session.site_job());
                }
            }
            Err(e) => self.report_error(e, progress),
        }
    }

    fn report_error(&self, error: BuildError, progress: &mut impl FnMut(&str, &Update)) {
        let diagnostics: Vec<Diagnostic> = error.into_diagnostics();
        let update = Update {
            diagnostics,
            ..Update::default()
        };
        self.hub.report(&update);
        progress("pages", &update);
    }
}

/// Whether a change at `path` can affect the site.
fn relevant(root: &Path, path: &Path) -> bool {
    path.starts_with(root.join(crate::content::CONTENT_DIR))
        || path.starts_with(root.join("themes"))
        || path == root.join(crate::config::CONFIG_FILE)
}

/// Runs site jobs one at a time on its own thread, so a long search-index
/// update never delays the next edit's reload. Jobs queued while one runs
/// are merged: only the latest snapshot is worth building.
struct SiteWorker {
    jobs: Sender<SiteJob>,
}

type SiteResult = Result<Update, BuildError>;

impl SiteWorker {
    fn start(done: Sender<Raw<SiteResult>>) -> SiteWorker {
        let (jobs, queue) = mpsc::channel::<SiteJob>();
        std::thread::spawn(move || {
            while let Ok(mut job) = queue.recv() {
                while let Ok(mut newer) = queue.try_recv() {
                    newer.absorb(job);
                    job = newer;
                }
                if done.send(Raw::Done(job.run())).is_err() {
                    return;
                }
            }
        });
        SiteWorker { jobs }
    }

    fn queue(&self, job: SiteJob) {
        let _ = self.jobs.send(job);
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error("cannot listen: {0}")]
    Bind(String),
    #[error("cannot watch the site: {0}")]
    Watch(String),
}
