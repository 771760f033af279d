//! `build()`: the whole pipeline as a readable recipe of stage calls.

use crate::config::SiteConfig;
use crate::content::{self, LoadOptions};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{self, EmitError, Staging};
use crate::links::{self, Library, LinkOptions, Resolver, SiteFiles};
use crate::markdown::{self, Highlighter, MarkdownOptions, ParsedNote};
use crate::progress::ProgressHandle;
use crate::render::{self, RenderContext, Renderer, Theme};
use crate::search;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root: the folder holding `content/` (and optionally `site.yaml`, `themes/`).
    pub root: PathBuf,
    /// Output folder; `<root>/public` by default.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Told how far the build has got (the CLI's progress bars); silent by default.
    pub progress: ProgressHandle,
}

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
}

/// Why a build failed. The previous output is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `site.yaml` or the command line is wrong (exit code 2).
    #[error("invalid configuration")]
    Config(Box<Diagnostic>),
    /// The content has errors; every diagnostic of the build, warnings included (exit code 1).
    #[error("the content has {} error(s)", .0.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error).count())]
    Content(Vec<Diagnostic>),
    /// The output folder is refused or cannot be written.
    #[error(transparent)]
    Output(#[from] EmitError),
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
    start: Instant,
    timings: Vec<(&'static str, Duration)>,
    progress: ProgressHandle,
}

impl Timer {
    fn new(progress: &ProgressHandle) -> Timer {
        Timer {
            start: Instant::now(),
            timings: Vec::new(),
            progress: progress.clone(),
        }
    }

    /// `stage` starts now; `total` steps when known.
    fn begin(&mut self, stage: &'static str, total: Option<usize>) {
        self.progress.start(stage, total.map(|n| n as u64));
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.start));
        self.start = now;
        self.progress.finish(stage);
    }
}

/// Loads the configuration, applying command-line overrides.
pub fn load_config(options: &BuildOptions) -> Result<SiteConfig, BuildError> {
    let mut config = SiteConfig::load(&options.root).map_err(BuildError::Config)?;
    if let Some(url) = &options.base_url {
        let text = format!("base_url: {url:?}\n");
        let parsed =
            SiteConfig::parse(&text, Path::new("--base-url")).map_err(BuildError::Config)?;
        config.base_url = parsed.base_url;
    }
    Ok(config)
}

/// Load → parse → link: everything short of writing files.
pub fn link_site(options: &BuildOptions) -> Result<Linked, BuildError> {
    link_site_feeding(options, &mut |_, _| {})
}

/// Notes just parsed, in reading order, with their parses: what a build
/// hands the search stage while it goes on parsing.
pub type ParsedFeed<'f> = dyn FnMut(&[content::SourceNote], &[std::sync::Arc<ParsedNote>]) + 'f;

/// [`link_site`], handing `feed` the notes as they are parsed, in reading order.
pub fn link_site_feeding(
    options: &BuildOptions,
    feed: &mut ParsedFeed<'_>,
) -> Result<Linked, BuildError> {
    let mut timer = Timer::new(&options.progress);
    let config = load_config(options)?;
    let mut diagnostics = Diagnostics::new();
    timer.begin("load", None);

    let content = content::load(
        &options.root,
        LoadOptions {
            drafts: options.drafts,
        },
        &mut diagnostics,
    );
    timer.lap("load");

    let site = site_files(&options.root, &config);
    let (library, mut link_timings) = link_content_feeding(
        &config,
        &site,
        content,
        &mut diagnostics,
        &options.progress,
        feed,
    );
    timer.timings.append(&mut link_timings);
    Ok(Linked {
        config,
        library,
        diagnostics,
        timings: timer.timings,
    })
}

/// The files the site writes itself, which no note or file of `content/` may replace.
pub fn site_files(root: &Path, config: &SiteConfig) -> SiteFiles {
    let theme = Theme::new(root, &config.theme);
    SiteFiles::new(theme.static_paths(), config.base_url.is_some())
}

/// Parse and link loaded content into a [`Library`], with the time of each stage.
pub fn link_content(
    config: &SiteConfig,
    site: &SiteFiles,
    content: content::Content,
    diagnostics: &mut Diagnostics,
    progress: &ProgressHandle,
) -> (Library, Vec<(&'static str, Duration)>) {
    link_content_feeding(config, site, content, diagnostics, progress, &mut |_, _| {})
}

fn link_content_feeding(
    config: &SiteConfig,
    site: &SiteFiles,
    content: content::Content,
    diagnostics: &mut Diagnostics,
    progress: &ProgressHandle,
    feed: &mut ParsedFeed<'_>,
) -> (Library, Vec<(&'static str, Duration)>) {
    let mut timer = Timer::new(progress);
    let markdown_options = MarkdownOptions {
        language: config.language,
        allow_raw_html: config.allow_raw_html,
        highlighter: Highlighter::shared(),
    };
    timer.begin("parse", Some(content.notes.len()));
    let (parsed, intros) = parse_all(
        &content,
        site,
        &markdown_options,
        diagnostics,
        progress,
        feed,
    );
    timer.lap("parse");
    timer.begin("link", None);

    let link_options = LinkOptions {
        today: Date::today(),
        stale_after_days: config.stale_after_days,
    };
    let library = links::link(content, parsed, intros, link_options, diagnostics);
    diagnostics.extend(crate::render::redirects::check(&library, config));
    timer.lap("link");
    (library, timer.timings)
}

/// Notes parsed in parallel before they are handed on, in reading order.
const PARSE_CHUNK: usize = 256;

/// Parses every note and section intro in parallel, links resolved by name;
/// `feed` gets the notes chunk by chunk, in reading order.
fn parse_all(
    content: &content::Content,
    site: &SiteFiles,
    options: &MarkdownOptions<'_>,
    diagnostics: &mut Diagnostics,
    progress: &ProgressHandle,
    feed: &mut ParsedFeed<'_>,
) -> (Vec<std::sync::Arc<ParsedNote>>, Vec<Option<ParsedNote>>) {
    let mut found = Vec::new();
    let resolver = Resolver::new(content, site, &mut found);
    diagnostics.extend(found);
    let mut parsed = Vec::with_capacity(content.notes.len());
    for notes in content.notes.chunks(PARSE_CHUNK) {
        let chunk: Vec<_> = notes
            .par_iter()
            .map(|note| {
                let parsed = markdown::parse(note, &resolver, options);
                progress.step("parse");
                std::sync::Arc::new(parsed)
            })
            .collect();
        feed(notes, &chunk);
        parsed.extend(chunk);
    }
    let intros = content
        .sections
        .par_iter()
        .map(|section| {
            section
                .index
                .as_ref()
                .map(|index| markdown::parse(index, &resolver, options))
        })
        .collect();
    (parsed, intros)
}

/// Builds the site into the output folder, replacing it only when everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let out = emit::check_output(&options.root, &out)?;
    // The index is the longest stage and runs on one core: it starts with
    // the first notes parsed (and is dropped, its files removed, if the
    // build fails before it is finished).
    let mut search = search::site::SearchFeed::start(&options.root);
    let Linked {
        config,
        library,
        diagnostics,
        timings,
    } = link_site_feeding(options, &mut |notes, parsed| search.feed(notes, parsed))?;
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics.sorted()));
    }
    let mut timer = Timer {
        timings,
        ..Timer::new(&options.progress)
    };

    let staging = Staging::new(&out)?;
    let manifest_name = search.manifest();
    let manifest = format!("{manifest_name}.js");
    let progress = &options.progress;
    timer.begin("search", None);
    timer.begin("render", None);
    // The index goes on being built on one core while the pages render on the others.
    let (searched, rendered) = rayon::join(
        || {
            let searched = search.finish(staging.dir(), &manifest_name);
            progress.finish("search");
            searched
        },
        || {
            let rendered =
                timed(|| render_and_emit(options, &config, &library, &staging, manifest));
            progress.finish("render");
            rendered
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
            return Err(BuildError::Content(vec![search_diagnostic(
                &options.root,
                e,
            )]));
        }
        (_, (Err(e), _)) => {
            staging.abandon();
            return Err(e);
        }
    };
    timer.start = Instant::now();
    timer.begin("emit", None);
    staging.commit()?;
    timer.lap("emit");
    let notes = library.notes.len();
    crate::drop_in_background(library);
    Ok(BuildReport {
        notes,
        pages,
        out,
        diagnostics: diagnostics.sorted(),
        timings: timer.timings,
        elapsed: started.elapsed(),
    })
}

/// Runs `work`, returning its result and how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    (work(), start.elapsed())
}

fn render_and_emit(
    options: &BuildOptions,
    config: &SiteConfig,
    library: &Library,
    staging: &Staging,
    search_manifest: String,
) -> Result<usize, BuildError> {
    let root = &options.root;
    let theme = Theme::new(root, &config.theme);
    let renderer = Renderer::new(&theme, &config.theme);
    let cx = RenderContext {
        config,
        search_manifest: Some(search_manifest),
        today: Date::today(),
        selection: Default::default(),
    };
    let theme_error = |d: Box<Diagnostic>| BuildError::Content(vec![*d]);
    let pages = render::render_site(library, &renderer, &cx, |page| {
        staging
            .write(&page.path, page.content.as_bytes())
            .map_err(|e| Box::new(output_diagnostic(e)))?;
        options.progress.step("render");
        Ok(())
    })
    .map_err(theme_error)?;
    for (path, bytes) in theme.static_files() {
        staging.write(&path, &bytes)?;
    }
    staging.write("highlight.css", Highlighter::stylesheet().as_bytes())?;
    let content_dir = root.join(content::CONTENT_DIR);
    library.assets.par_iter().try_for_each(|asset| {
        let rel = asset.to_string_lossy().replace('\\', "/");
        staging.copy(&content_dir.join(asset), &rel)
    })?;
    Ok(pages)
}

fn search_diagnostic(root: &Path, error: search::SearchError) -> Diagnostic {
    let index = search::site::index_dir(root);
    let rel = index.strip_prefix(root).unwrap_or(&index);
    Diagnostic::error(
        crate::diagnostics::Code::Io,
        crate::diagnostics::Location::file(rel),
        error.to_string(),
    )
}

pub(crate) fn output_diagnostic(error: EmitError) -> Diagnostic {
    Diagnostic::error(
        crate::diagnostics::Code::Io,
        crate::diagnostics::Location::file(Path::new("public")),
        error.to_string(),
    )
}
