//! The render stage: the [`Library`] through a minijinja theme into pages.

mod i18n;
pub(crate) mod knowledge_map;
mod not_found;
mod note_html;
mod og;
mod pages;
mod previews;
pub mod redirects;
mod sidebar;
mod theme;
mod transclusion;

pub use note_html::{page_html, page_html_embedding};
pub use pages::Page;
pub use theme::Theme;
pub use transclusion::{shown_notes, Embedding, MAX_DEPTH as EMBED_DEPTH};

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::links::Library;
use minijinja::Environment;
use std::path::PathBuf;

/// Everything a page needs besides the library: settings and build facts.
pub struct RenderContext<'a> {
    pub config: &'a SiteConfig,
    /// The file name of the search manifest inside `search/`, once the bundle is written.
    pub search_manifest: Option<String>,
    /// Which pages to render; everything by default.
    pub selection: Selection,
    /// When each note last changed.
    pub history: &'a crate::history::History,
}

/// The pages of one render pass: a rebuild after an edit renders the notes the
/// edit affects first, and the site-wide pages after.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these notes (indices into the library); `None` renders every note.
    pub notes: Option<std::collections::HashSet<usize>>,
    /// Skip sections, tags, the catalog, map, print, search and 404 pages.
    pub notes_only: bool,
    /// The output paths of notes removed since the last pass: their
    /// preview buckets are written again without them.
    pub vanished: Vec<String>,
}

/// Renders pages of one site with one theme.
pub struct Renderer {
    env: Environment<'static>,
    theme_dir: PathBuf,
    /// The theme keeps the default `nav.html`: the sidebar is written
    /// directly ([`sidebar`]) instead of through the template.
    pub(crate) native_sidebar: bool,
}

impl Renderer {
    /// Loads templates lazily from `theme`, the built-in default filling gaps.
    pub fn new(theme: &Theme, theme_name: &str) -> Renderer {
        let mut env = Environment::new();
        let loader_theme = theme.clone();
        env.set_loader(move |name| Ok(loader_theme.template(name)));
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        // minijinja's HTML escaping also escapes `/`, which makes every URL
        // unreadable (`..&#x2f;tags&#x2f;a.html`); the five characters below are all HTML needs.
        env.set_formatter(|out, state, value| {
            if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() {
                if let Some(text) = value.as_str() {
                    return crate::markdown::write_escaped(out, text)
                        .map_err(minijinja::Error::from);
                }
            }
            minijinja::escape_formatter(out, state, value)
        });
        Renderer {
            env,
            theme_dir: PathBuf::from("themes").join(theme_name).join("templates"),
            native_sidebar: !theme.overrides("templates/nav.html"),
        }
    }

    /// Renders `template` with `context`; a template error becomes a diagnostic
    /// pointing into the template file.
    pub fn render(
        &self,
        template: &str,
        context: minijinja::Value,
    ) -> Result<String, Box<Diagnostic>> {
        let result = self
            .env
            .get_template(template)
            .and_then(|t| t.render(context));
        result.map_err(|e| {
            let name = e.name().unwrap_or(template).to_string();
            let mut location = Location::file(&self.theme_dir.join(&name));
            if let Some(line) = e.line() {
                location.line = line;
                location.column = 1;
            }
            let mut message = format!("template `{name}`: {}", e.kind());
            if let Some(detail) = e.detail() {
                message.push_str(": ");
                message.push_str(detail);
            }
            // Errors inside an included or extended template are chained: name the innermost.
            let mut source = std::error::Error::source(&e);
            while let Some(inner) = source {
                message.push_str(" → ");
                message.push_str(&inner.to_string());
                source = inner.source();
            }
            Box::new(Diagnostic::error(Code::Theme, location, message))
        })
    }
}

/// Why pages could not be rendered or written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed (a diagnostic pointing into the theme).
    #[error("{0}")]
    Theme(Box<Diagnostic>),
    /// A page could not be written.
    #[error(transparent)]
    Output(#[from] crate::emit::EmitError),
}

/// Renders every page of the site and hands each to `sink` (in parallel), so
/// pages are written as they are made instead of held in memory.
pub fn render_site<F>(
    library: &Library,
    renderer: &Renderer,
    cx: &RenderContext<'_>,
    sink: F,
) -> Result<usize, RenderError>
where
    F: Fn(Page) -> Result<(), RenderError> + Sync,
{
    pages::render_all(library, renderer, cx, &sink)
}
