//! `shiori serve`: build, serve over http, watch the sources, rebuild what an
//! edit affects, and reload open pages.

mod host;
mod http;
mod hub;
mod site_worker;
mod watch;

use crate::build::{BuildError, BuildOptions};
use crate::diagnostics::Diagnostic;
use crate::incremental::{Session, Update};
use hub::Hub;
use site_worker::{SiteResult, SiteWorker};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use watch::{Batch, Inbox, Message};

/// Where `serve` writes its site: outside `public/`, which it leaves alone.
pub const SERVE_DIR: &str = ".shiori/serve";

/// Settings of the development server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    pub port: u16,
}

/// A running server: its address, and the loop that rebuilds on change.
pub struct Server {
    pub url: String,
    /// Runs the HTTP server; dropping it stops the server.
    runtime: tokio::runtime::Runtime,
    session: Session,
    hub: Arc<Hub>,
    root: PathBuf,
    /// Watching since before the first build: no edit is missed.
    _watcher: watch::Watcher,
    inbox: Inbox<SiteResult>,
    site: SiteWorker,
}

impl Server {
    /// Builds the site and starts answering requests on `bind:port` (port 0 picks a free one).
    pub fn start(mut options: ServeOptions) -> Result<(Server, Update), ServeError> {
        // The watcher reports absolute paths; `--root .` must compare with them.
        if let Ok(root) = options.build.root.canonicalize() {
            options.build.root = root;
        }
        let out = options.build.root.join(SERVE_DIR);
        let root = options.build.root.clone();
        // Watching before the first build: an edit saved while it runs is
        // rebuilt after it. (Without `content/` the build says so better.)
        let (sender, inbox) = watch::channel();
        let mut recursive = vec![root.join(crate::content::CONTENT_DIR)];
        let themes = root.join("themes");
        if themes.is_dir() {
            recursive.push(themes);
        }
        let watching = watch::start(&recursive, std::slice::from_ref(&root), sender.clone());
        let (session, update) = Session::start(options.build.clone(), out.clone())?;
        let watcher = watching.map_err(|e| ServeError::Watch(e.to_string()))?;
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
        http::spawn(&runtime, listener, out.clone(), hub.clone())
            .map_err(|e| ServeError::Bind(e.to_string()))?;
        let notes: HashSet<&str> = session
            .library()
            .notes
            .iter()
            .map(|n| n.source.output.as_str())
            .collect();
        let site_pages = update
            .written
            .iter()
            .filter(|p| !notes.contains(p.as_str()))
            .cloned()
            .collect();
        let site = SiteWorker::start(out, site_pages, sender);
        let url = format!("http://{address}/");
        Ok((
            Server {
                url,
                runtime,
                session,
                hub,
                root,
                _watcher: watcher,
                inbox,
                site,
            },
            update,
        ))
    }

    /// Rebuilds on every change of `content/`, `themes/` and `site.yaml`
    /// (watched since [`Server::start`], debounced), calling `progress`
    /// after each phase. Runs until the watcher stops.
    pub fn watch(mut self, mut progress: impl FnMut(&str, &Update)) -> Result<(), ServeError> {
        let root = self.root.clone();
        while let Some(message) = self.inbox.next(|p| relevant(&root, p)) {
            match message {
                Message::Files(batch) => self.rebuild(batch, &mut progress),
                Message::Done(Ok(update)) => {
                    self.hub.report_site(&update);
                    progress("site", &update);
                }
                Message::Done(Err(e)) => self.report_error(e, &mut progress),
            }
        }
        self.runtime.shutdown_background();
        Ok(())
    }

    /// Phase one here, then phase two handed to the site worker.
    fn rebuild(&mut self, batch: Batch, progress: &mut impl FnMut(&str, &Update)) {
        let changed: Vec<PathBuf> = batch.paths.into_iter().collect();
        match self.session.rebuild(&changed, batch.rescan) {
            Ok(update) => {
                self.hub.report(&update);
                progress("pages", &update);
                if !update.failed() && !update.unchanged {
                    self.site.queue(self.session.site_job());
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
