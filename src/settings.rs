//! What a build runs with, resolved once: `site.yaml` with the command
//! line's overrides applied, the theme, today's date. The stages take this
//! and trust it; nothing reads the configuration again halfway through.

use crate::build::{BuildError, BuildOptions};
use crate::config::{self, SiteConfig};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::links::{LinkOptions, SiteFiles};
use crate::markdown::{Highlighter, MarkdownOptions};
use crate::render::Theme;
use std::path::{Path, PathBuf};

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
}

impl Settings {
    /// Reads `site.yaml` and applies `options`' overrides.
    pub fn resolve(options: &BuildOptions) -> Result<Settings, BuildError> {
        let mut config = SiteConfig::load(&options.root).map_err(BuildError::Config)?;
        if let Some(url) = &options.base_url {
            let url = config::base_url(url).map_err(|message| {
                BuildError::Config(Box::new(Diagnostic::error(
                    Code::Config,
                    Location::file(Path::new("--base-url")),
                    message,
                )))
            })?;
            config.base_url = Some(url);
        }
        let theme = Theme::new(&options.root, &config.theme);
        Ok(Settings {
            root: options.root.clone(),
            config,
            theme,
            today: Date::today(),
            drafts: options.drafts,
        })
    }

    /// The options of the parse stage.
    pub fn markdown(&self) -> MarkdownOptions<'static> {
        MarkdownOptions {
            language: self.config.language,
            allow_raw_html: self.config.allow_raw_html,
            highlighter: Highlighter::shared(),
        }
    }

    /// The options of the link stage.
    pub fn link(&self) -> LinkOptions {
        LinkOptions {
            today: self.today,
            stale_after_days: self.config.stale_after_days,
        }
    }

    /// The files the site writes itself, which no note or file of `content/` may replace.
    pub fn site_files(&self) -> SiteFiles {
        SiteFiles::new(self.theme.static_paths(), self.config.base_url.is_some())
    }

    /// Whether a rebuild with `other` must render every page again.
    pub fn same_pages(&self, other: &Settings) -> bool {
        self.config == other.config && self.today == other.today
    }
}
