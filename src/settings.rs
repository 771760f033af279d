//! What a build runs with, resolved once: `site.yaml` with the command
//! line's overrides applied, the theme, today's date, the git history. The stages take this
//! and trust it; nothing reads the configuration again halfway through.

use crate::config::{self, SiteConfig};
use crate::content::LoadOptions;
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::history::History;
use crate::links::{LinkOptions, SiteFiles};
use crate::markdown::{Highlighter, MarkdownOptions};
use crate::progress::ProgressHandle;
use crate::render::Theme;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to build and how.
/// The raw options of a build, as the command line gives them; resolved
/// into [`Settings`].
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root: the folder holding `content/` (and optionally `site.yaml`, `themes/`).
    pub root: PathBuf,
    /// Output folder; `<root>/public` by default.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Fail on any warning, as `strict: true` in `site.yaml` does.
    pub strict: bool,
    /// Told how far the build has got (the CLI's progress bars); silent by default.
    pub progress: ProgressHandle,
}

impl BuildOptions {
    /// The output folder asked for.
    pub fn out(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A build's resolved configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    pub config: SiteConfig,
    pub theme: Theme,
    /// The day staleness is measured from (`SOURCE_DATE_EPOCH` pins it).
    pub today: Date,
    /// Notes marked `draft: true` are built too.
    pub drafts: bool,
    /// When each note last changed, from git ([`History`]).
    pub history: Arc<History>,
    /// The output folder, absolute (`<root>/public` unless told otherwise).
    pub out: PathBuf,
    /// GitBook's book variables, from a `book.json` or `book.js` of the site.
    pub book: Arc<crate::content::book_variables::BookVariables>,
}

impl Settings {
    /// Reads `site.yaml` and applies `options`' overrides; a bad setting is
    /// a diagnostic at its place.
    pub fn resolve(options: &BuildOptions) -> Result<Settings, Box<Diagnostic>> {
        Settings::resolve_after(options, None)
    }

    /// [`Settings::resolve`] again for a rebuild: the git history of
    /// `previous` is kept while the same commit is checked out.
    pub fn resolve_after(
        options: &BuildOptions,
        previous: Option<&Settings>,
    ) -> Result<Settings, Box<Diagnostic>> {
        let mut config = SiteConfig::load(&options.root)?;
        if let Some(url) = &options.base_url {
            let url = config::base_url(url).map_err(|message| {
                Box::new(Diagnostic::error(
                    Code::Config,
                    Location::file(Path::new("--base-url")),
                    message,
                ))
            })?;
            config.base_url = Some(url);
        }
        config.strict |= options.strict;
        let theme = Theme::new(&options.root, &config.theme);
        let history = match previous {
            Some(previous) if previous.history.is_current(&options.root, config.history) => {
                Arc::clone(&previous.history)
            }
            _ => Arc::new(History::read(&options.root, config.history)),
        };
        Ok(Settings {
            root: options.root.clone(),
            config,
            theme,
            today: Date::today(),
            drafts: options.drafts,
            history,
            out: std::path::absolute(options.out()).unwrap_or_else(|_| options.out()),
            book: Arc::new(crate::content::book_variables::read(&options.root)),
        })
    }

    /// The options of the load stage.
    pub fn load(&self) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
            page_path_max: crate::emit::page_path_max(&self.out),
        }
    }

    /// The options of the parse stage.
    pub fn markdown(&self) -> MarkdownOptions<'static> {
        MarkdownOptions {
            language: self.config.language,
            allow_raw_html: self.config.allow_raw_html,
            highlighter: Highlighter::shared(),
            math: self.config.math,
            book: Arc::clone(&self.book),
        }
    }

    /// The options of the link stage.
    pub fn link(&self) -> LinkOptions {
        LinkOptions {
            today: self.today,
            stale_after_days: self.config.stale_after_days,
        }
    }

    /// Where `content/` lives in the site's repository, when `site.yaml` says.
    pub fn repository(&self) -> Option<crate::links::SiteRepository> {
        let url = self.config.repository.as_deref()?;
        crate::links::SiteRepository::new(url, &self.config.repository_content)
    }

    /// The files the site writes itself, which no note or file of `content/` may replace.
    pub fn site_files(&self) -> SiteFiles {
        SiteFiles::new(self.theme.static_paths(), self.config.base_url.is_some())
    }

    /// Whether a rebuild with `other` must render every page again.
    pub fn same_pages(&self, other: &Settings) -> bool {
        self.config == other.config
            && self.today == other.today
            && (Arc::ptr_eq(&self.history, &other.history) || self.history == other.history)
    }
}
