//! `build()`: the whole pipeline as a readable recipe of stage calls
//! ([`crate::pipeline`]).

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::emit::{self, EmitError, Staging};
use crate::links::Library;
use crate::pipeline::{self, ParsedFeed};
use crate::progress::ProgressHandle;
use crate::render::{RenderError, Selection};
use crate::search::{self, SearchError};
pub use crate::settings::BuildOptions;
use crate::settings::Settings;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How a build went.
#[derive(Debug)]
pub struct BuildReport {
    pub notes: usize,
    pub pages: usize,
    pub out: PathBuf,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time of each stage, in order. The index is built from the first
    /// notes parsed on (`index` is counted from then), and the search stages
    /// (`index`, `bundle`) run while `parse`, `link` and `render` do, so the
    /// stages add up to more than `elapsed`.
    pub timings: Vec<(&'static str, Duration)>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Why the pages show no (or incomplete) git dates although the site
    /// asked for them, e.g. git is not installed.
    pub history_notice: Option<String>,
}

/// Why a build failed. The previous output is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `site.yaml` or the command line is wrong (exit code 2).
    #[error("invalid configuration")]
    Config(Box<Diagnostic>),
    /// The content has errors; every diagnostic of the build, warnings included (exit code 1).
    #[error("the content has {} error(s)", .0.iter().filter(|d| d.severity == Severity::Error).count())]
    Content(Vec<Diagnostic>),
    /// The output folder is refused, or writing it failed.
    #[error(transparent)]
    Output(#[from] EmitError),
    /// The search index could not be built or bundled.
    #[error(transparent)]
    Search(#[from] SearchError),
}

impl BuildError {
    /// Everything wrong, as diagnostics (for `shiori serve`'s overlay); an
    /// output or search failure names the file that failed.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        use crate::diagnostics::{Code, Location};
        let io = |path: &std::path::Path, message: String| {
            vec![Diagnostic::error(Code::Io, Location::file(path), message)]
        };
        match self {
            BuildError::Config(d) => vec![*d],
            BuildError::Content(list) => list,
            BuildError::Output(e) => io(e.path(), e.to_string()),
            BuildError::Search(e) => io(
                e.path().unwrap_or(std::path::Path::new(".shiori/index")),
                e.to_string(),
            ),
        }
    }
}

impl From<RenderError> for BuildError {
    fn from(error: RenderError) -> BuildError {
        match error {
            RenderError::Theme(d) => BuildError::Content(vec![*d]),
            RenderError::Output(e) => BuildError::Output(e),
        }
    }
}

/// The site after load, parse and link: what `build` renders and `check` reports on.
pub struct Linked {
    pub config: SiteConfig,
    pub library: Library,
    pub diagnostics: Diagnostics,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Times the stages and tells `progress` when each begins and ends.
struct Timer {
    timings: Vec<(&'static str, Duration)>,
    progress: ProgressHandle,
}

impl Timer {
    fn new(progress: &ProgressHandle) -> Timer {
        Timer {
            timings: Vec::new(),
            progress: progress.clone(),
        }
    }

    /// Runs stage `name` (of `total` steps when known), timed.
    fn stage<T>(
        &mut self,
        name: &'static str,
        total: Option<usize>,
        work: impl FnOnce() -> T,
    ) -> T {
        self.progress.start(name, total.map(|n| n as u64));
        let start = Instant::now();
        let result = work();
        self.timings.push((name, start.elapsed()));
        self.progress.finish(name);
        result
    }
}

/// Load → parse → link: everything short of writing files.
pub fn link_site(options: &BuildOptions) -> Result<Linked, BuildError> {
    let settings = Settings::resolve(options).map_err(BuildError::Config)?;
    let (library, diagnostics, timings) = link_stages(&settings, options, &mut |_, _| {});
    Ok(Linked {
        config: settings.config,
        library,
        diagnostics,
        timings,
    })
}

/// Load, parse and link, handing `feed` the notes as they are parsed.
fn link_stages(
    settings: &Settings,
    options: &BuildOptions,
    feed: &mut ParsedFeed<'_>,
) -> (Library, Diagnostics, Vec<(&'static str, Duration)>) {
    let progress = &options.progress;
    let mut timer = Timer::new(progress);
    let mut diagnostics = Diagnostics::new();
    let content = timer.stage("load", None, || pipeline::load(settings, &mut diagnostics));
    let notes = content.notes.len();
    let parses = timer.stage("parse", Some(notes), || {
        pipeline::parse(settings, &content, &mut diagnostics, progress, feed, None)
    });
    let library = timer.stage("link", None, || {
        let library = pipeline::link(settings, content, parses, &mut diagnostics);
        diagnostics.extend(crate::render::redirects::check(&library, &settings.config));
        diagnostics.extend(crate::history::feed_warning(
            &settings.config,
            &settings.history,
            &library.notes,
        ));
        library
    });
    (library, diagnostics, timer.timings)
}

/// Builds the site into the output folder, replacing it only when everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let settings = Settings::resolve(options).map_err(BuildError::Config)?;
    let out = emit::check_output(&settings.root, &options.out())?;
    // One build per output at a time (held until the build returns).
    let _lock = emit::OutputLock::acquire(&out, |pid| options.progress.waiting(&out, pid))?;
    // The index is the longest stage and runs on one core: it starts with
    // the first notes parsed (and is dropped, its files removed, if the
    // build fails before it is finished).
    let mut search = search::site::SearchFeed::start(&settings.root);
    let (library, mut diagnostics, timings) =
        link_stages(&settings, options, &mut |notes, parsed| {
            search.feed(notes, parsed)
        });
    // A site a reader can read is built, with warnings; a strict build fails on them.
    diagnostics.relax_readable();
    if diagnostics.has_errors() || (settings.config.strict && diagnostics.has_warnings()) {
        return Err(BuildError::Content(diagnostics.sorted()));
    }
    search.feed_sections(&library.sections);
    let mut timer = Timer {
        timings,
        ..Timer::new(&options.progress)
    };

    let staging = Staging::new(&out)?;
    let manifest = search.manifest();
    let progress = &options.progress;
    progress.start("search", None);
    progress.start("render", None);
    // The index goes on being built on one core while the pages render on the others.
    let (searched, rendered) = rayon::join(
        || {
            let searched = search.finish(staging.dir(), &manifest);
            progress.finish("search");
            searched
        },
        || {
            let start = Instant::now();
            let rendered = render_stage(&settings, &library, &staging, &manifest, progress);
            progress.finish("render");
            (rendered, start.elapsed())
        },
    );
    let pages = match (searched, rendered) {
        (Ok(search), (Ok(pages), render_time)) => {
            timer.timings.extend(search.timings);
            timer.timings.push(("render", render_time));
            pages
        }
        (Err(e), _) => {
            staging.abandon();
            return Err(e.into());
        }
        (_, (Err(e), _)) => {
            staging.abandon();
            return Err(e);
        }
    };
    timer.stage("emit", None, || staging.commit())?;
    let notes = library.notes.len();
    crate::drop_in_background(library);
    Ok(BuildReport {
        notes,
        pages,
        out,
        diagnostics: diagnostics.sorted(),
        timings: timer.timings,
        elapsed: started.elapsed(),
        history_notice: settings.history.notice(),
    })
}

/// Render and write every page, the theme's files and the copied files;
/// returns the number of pages.
fn render_stage(
    settings: &Settings,
    library: &Library,
    staging: &Staging,
    manifest: &str,
    progress: &ProgressHandle,
) -> Result<usize, BuildError> {
    let manifest = format!("{manifest}.js");
    let pages = pipeline::write_pages(
        settings,
        library,
        &manifest,
        Selection::default(),
        staging,
        progress,
    )?;
    pipeline::write_theme_files(settings, staging)?;
    pipeline::copy_assets(settings, library, staging)?;
    Ok(pages.len())
}
