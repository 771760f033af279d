//! `site.yaml`: the site's settings, validated once so later stages can trust them.

use crate::diagnostics::{Code, Diagnostic, Location};
use serde::Deserialize;
use std::path::Path;

/// The language of the UI strings and of `<html lang>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Ja,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Ja => "ja",
            Language::En => "en",
        }
    }
}

/// The settings of a site. Every key is optional; unknown keys are errors
/// because a mistyped key silently doing nothing is worse.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub language: Language,
    /// Absolute URL of the published site, used only for sitemap.xml and canonical links.
    pub base_url: Option<String>,
    pub theme: String,
    /// A note whose `reviewed` date is older than this is marked stale.
    pub stale_after_days: u32,
    /// e.g. `https://github.com/org/wiki/edit/main/content/{path}`; `{path}` is
    /// the note's path inside `content/`.
    pub edit_url_template: Option<String>,
    /// The path the site is published under (`/handbook`): site-absolute
    /// links that start with it are read without it.
    pub mount: Option<String>,
    /// The repository the site's files are kept in (`https://github.com/org/wiki`):
    /// a relative link to a file that `content/` does not hold leads there.
    pub repository: Option<String>,
    /// The folder of `repository` that `content/` is.
    pub repository_content: String,
    /// Keep raw HTML in notes as written (unsafe with many authors).
    pub allow_raw_html: bool,
    /// `$…$` and `$$…$$` are formulas; `false` for a wiki that writes
    /// many dollars and no math.
    pub math: bool,
    /// Fail the build on any warning (broken links included), for CI.
    pub strict: bool,
    /// How `check --external` asks other sites (skip list, cache, timeouts).
    pub external_links: crate::external::ExternalLinks,
    /// The picture chat apps show in a link preview (`og:image`): an
    /// absolute URL, or a path in the output resolved against `base_url`.
    pub image: Option<String>,
    /// Old paths of moved pages → where they are now (a note's file in
    /// `content/`, an output page, or a URL); each gets a redirect page.
    pub redirects: std::collections::BTreeMap<String, String>,
    /// Read the git history: each note's last change on its page, the
    /// recent changes page and the Atom feed.
    pub history: bool,
    /// Write the Atom feed of changed notes (`feed.xml`; needs `base_url`).
    pub feed: bool,
    /// The text of `site.yaml`, to place diagnostics about its values.
    #[serde(skip)]
    pub source: Option<std::sync::Arc<str>>,
}

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            title: String::new(),
            description: String::new(),
            language: Language::Ja,
            base_url: None,
            theme: "default".to_string(),
            stale_after_days: 365,
            edit_url_template: None,
            mount: None,
            repository: None,
            repository_content: "content".to_string(),
            allow_raw_html: false,
            math: true,
            strict: false,
            external_links: Default::default(),
            image: None,
            redirects: Default::default(),
            history: true,
            feed: true,
            source: None,
        }
    }
}

/// The file name of the site settings inside the site root.
pub const CONFIG_FILE: &str = "site.yaml";

impl SiteConfig {
    /// Reads `<root>/site.yaml`; a missing file gives the defaults.
    pub fn load(root: &Path) -> Result<SiteConfig, Box<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let rel = Path::new(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                Diagnostic::error(
                    Code::Encoding,
                    Location::file(rel),
                    format!(
                        "site.yaml is not valid UTF-8 (byte {})",
                        e.utf8_error().valid_up_to()
                    ),
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
            Err(e) => {
                return Err(Box::new(Diagnostic::error(
                    Code::Io,
                    Location::file(rel),
                    format!("cannot read site.yaml: {e}"),
                )))
            }
        };
        SiteConfig::parse(&text, rel)
    }

    /// Parses the text of a `site.yaml`.
    pub fn parse(text: &str, file: &Path) -> Result<SiteConfig, Box<Diagnostic>> {
        if text.trim().is_empty() {
            return Ok(SiteConfig::default());
        }
        if let Some(at) = crate::yaml::depth::too_deep(text) {
            return Err(Box::new(crate::yaml::depth::diagnostic(
                Code::Config,
                file,
                text,
                at,
            )));
        }
        let mut config: SiteConfig = serde_yaml::from_str(text)
            .map_err(|e| Box::new(crate::yaml::diagnostic(&e, text, file)))?;
        if let Some(url) = config
            .edit_url_template
            .as_deref()
            .filter(|url| !is_http_url(url))
        {
            return Err(Box::new(Diagnostic::error(
                Code::Config,
                key_location(text, file, "edit_url_template"),
                format!("edit_url_template must be an absolute http(s) URL, not `{url}`"),
            )));
        }
        if let Some(url) = config.repository.as_deref().filter(|url| !is_http_url(url)) {
            return Err(Box::new(Diagnostic::error(
                Code::Config,
                key_location(text, file, "repository"),
                format!("repository must be an absolute http(s) URL, not `{url}`"),
            )));
        }
        config.mount = config
            .mount
            .as_deref()
            .map(|m| m.trim().trim_matches('/').to_string())
            .filter(|m| !m.is_empty());
        config.source = Some(text.into());
        if let Some(url) = &config.base_url {
            let url = base_url(url).map_err(|message| {
                Diagnostic::error(Code::Config, key_location(text, file, "base_url"), message)
            })?;
            config.base_url = Some(url);
        }
        if config.theme.is_empty()
            || config.theme.contains(['/', '\\'])
            || config.theme.starts_with('.')
        {
            return Err(Box::new(Diagnostic::error(
                Code::Config,
                key_location(text, file, "theme"),
                format!(
                    "theme must be the name of a folder in themes/, not `{}`",
                    config.theme
                ),
            )));
        }
        Ok(config)
    }
}

/// A `base_url` as pages use it (ending in `/`), or why it is not one.
pub fn base_url(url: &str) -> Result<String, String> {
    if !is_http_url(url) {
        return Err(format!(
            "base_url must be an absolute http(s) URL, not `{url}`"
        ));
    }
    Ok(url.trim_end_matches('/').to_string() + "/")
}

pub use crate::urls::is_http_url;

/// The location of a top-level `key:` in a YAML text (start of the line).
pub(crate) fn key_location(text: &str, file: &Path, key: &str) -> Location {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                return Location::in_text(file, text, offset..offset + key.len());
            }
        }
        offset += line.len();
    }
    Location::file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let config = SiteConfig::parse("", Path::new("site.yaml")).unwrap();
        assert_eq!(config.language, Language::Ja);
        assert_eq!(config.theme, "default");
    }

    #[test]
    fn a_mistyped_key_names_the_key_its_line_and_a_fix() {
        let text = "title: EKS\nlangauge: en\n";
        let err = SiteConfig::parse(text, Path::new("site.yaml")).unwrap_err();
        assert_eq!(err.location.line, 2);
        assert!(
            err.message.contains("unknown field `langauge`"),
            "{}",
            err.message
        );
        assert_eq!(err.help.as_deref(), Some("did you mean `language`?"));
    }

    #[test]
    fn an_unknown_language_is_an_error_at_its_line() {
        let err =
            SiteConfig::parse("title: x\nlanguage: fr\n", Path::new("site.yaml")).unwrap_err();
        assert_eq!(err.location.line, 2);
        assert!(err.message.contains("fr"), "{}", err.message);
    }
}
