//! Redirect pages for moved and renamed notes: links pasted into chat or
//! bookmarked keep working after a note moves.
//!
//! Old paths come from a note's front matter (`redirect_from:`, and
//! `aliases:` entries that look like paths, as Zola and Hugo write them) and
//! from the `redirects:` map of `site.yaml`. Each becomes a small page at the
//! old path: a meta refresh, a visible link and a canonical link, so it works
//! from `file://` and on every static host, which cannot be told to redirect.

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::links::Library;
use crate::markdown::escape_html;
use crate::urls;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One redirect page: where it is written and where it sends the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Output path of the redirect page (`old/snat.html`).
    pub from: String,
    pub to: Destination,
}

/// Where a redirect leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A page of the site: its output path, an optional `#fragment`, its title.
    Page {
        output: String,
        fragment: Option<String>,
        title: String,
    },
    /// Another site.
    Url(String),
}

/// Pages and folders of the site itself; a redirect may not replace them.
const SITE_PAGES: [&str; 5] = [
    "404.html",
    "map.html",
    "official-docs.html",
    "print.html",
    "search.html",
];
const SITE_FOLDERS: [&str; 3] = ["tags/", "search/", "previews/"];

/// Whether a front-matter alias names an old path rather than another name
/// for wikilinks: `/old/snat/`, `old/snat.html`. A name such as `CI/CD`
/// stays a name.
pub fn alias_is_path(alias: &str) -> bool {
    let alias = alias.trim();
    alias.starts_with('/') || alias.ends_with('/') || alias.ends_with(".html")
}

/// The output files a redirect from `path` (as written) is served from: an
/// old `.md` file becomes its page, a folder its `index.html`, a path
/// without extension both `<path>.html` (file://, GitHub Pages, nginx) and
/// `<path>/index.html` (S3 and hosts that only resolve folders). `None`
/// for a path that cannot be an output file.
fn output_files(path: &str) -> Option<Vec<String>> {
    let path = urls::decode(path.trim());
    let path = path.split(['#', '?']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    if path.is_empty()
        || path.contains('\\')
        || path
            .split('/')
            .any(|part| part == ".." || part == "." || part.starts_with('.') && !part.is_empty())
        || path.contains("//")
    {
        return None;
    }
    if let Some(dir) = path.strip_suffix('/') {
        return Some(vec![format!("{dir}/index.html")]);
    }
    if let Some(stem) = path.strip_suffix(".md") {
        return Some(vec![format!("{stem}.html")]);
    }
    if path.ends_with(".html") || path.ends_with(".htm") {
        return Some(vec![path.to_string()]);
    }
    let last = path.rsplit('/').next().unwrap_or(path);
    if last.contains('.') {
        // `old/file.pdf`: not a page; a host would serve it as a file.
        return None;
    }
    Some(vec![format!("{path}.html"), format!("{path}/index.html")])
}

/// What writes an output file a redirect might want.
#[derive(Clone, Copy)]
enum Owner {
    Note(usize),
    Section(usize),
    Asset(usize),
    SitePage,
}

/// Every page an output path could belong to, by its lower-cased path (two
/// paths differing only by case are one file on macOS and Windows).
struct Taken<'l> {
    pages: HashMap<String, Owner>,
    library: &'l Library,
}

impl<'l> Taken<'l> {
    fn new(library: &'l Library) -> Taken<'l> {
        let mut pages = HashMap::new();
        for (i, note) in library.notes.iter().enumerate() {
            pages.insert(note.source.output.to_lowercase(), Owner::Note(i));
        }
        for (i, section) in library.sections.iter().enumerate() {
            pages.insert(section.source.output.to_lowercase(), Owner::Section(i));
        }
        for (i, asset) in library.assets.iter().enumerate() {
            let rel = asset.to_string_lossy().replace('\\', "/");
            pages.insert(rel.to_lowercase(), Owner::Asset(i));
        }
        for page in SITE_PAGES {
            pages.insert(page.to_string(), Owner::SitePage);
        }
        Taken { pages, library }
    }

    /// What already writes `output`, if anything, as a message names it.
    fn owner(&self, output: &str) -> Option<String> {
        let lower = output.to_lowercase();
        let library = self.library;
        match self.pages.get(&lower) {
            Some(Owner::Note(i)) => {
                let file = &library.notes[*i].source.file;
                return Some(format!("the note `{}`", file.display()));
            }
            Some(Owner::Section(i)) => {
                let dir = &library.sections[*i].source.dir;
                return Some(format!("the page of the folder `content/{dir}`"));
            }
            Some(Owner::Asset(i)) => {
                let rel = library.assets[*i].to_string_lossy().replace('\\', "/");
                return Some(format!("the file `content/{rel}` copied as it is"));
            }
            Some(Owner::SitePage) => return Some(format!("the site's page `{output}`")),
            None => {}
        }
        if crate::paths::is_numbered_page(&lower) {
            return Some(format!("the site's page `{output}`"));
        }
        SITE_FOLDERS
            .iter()
            .find(|folder| lower.starts_with(*folder))
            .map(|folder| format!("the folder `{folder}` the site fills itself"))
    }

    /// The page a `site.yaml` target names: a note's file in `content/`
    /// (`networking/snat.md`), its path without extension, or an output
    /// page (`networking/snat.html`, `networking/`).
    fn destination(&self, target: &str) -> Option<Destination> {
        let target = target.trim();
        if urls::has_scheme(target) || target.starts_with("//") {
            return (!urls::is_dangerous(target)).then(|| Destination::Url(target.to_string()));
        }
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string()).filter(|f| !f.is_empty())),
            None => (target, None),
        };
        let path = urls::decode(path.trim_start_matches('/'));
        let path = path
            .strip_prefix(crate::content::CONTENT_DIR)
            .and_then(|p| p.strip_prefix('/'))
            .unwrap_or(&path);
        let library = self.library;
        let note = library.notes.iter().find(|n| {
            let file = n.source.file.to_string_lossy().replace('\\', "/");
            file.strip_prefix("content/") == Some(path)
                || n.source.path_id == path
                || n.source.output == path
        });
        if let Some(note) = note {
            return Some(Destination::Page {
                output: note.source.output.clone(),
                fragment,
                title: note.source.title.clone(),
            });
        }
        let dir = path.trim_end_matches('/');
        let dir = dir.strip_suffix("/index.html").unwrap_or(dir);
        let dir = if dir == "index.html" { "" } else { dir };
        library
            .sections
            .iter()
            .find(|s| s.source.dir == dir || s.source.output == path)
            .map(|s| Destination::Page {
                output: s.source.output.clone(),
                fragment,
                title: s.source.title.clone(),
            })
    }
}

/// One old path as written, where it was written, and where it leads.
struct Declared {
    path: String,
    location: Location,
    to: Option<Destination>,
    /// The text of the target, for a message when it leads nowhere.
    target: String,
}

/// The old paths notes declare for themselves: `redirect_from:` (a path or
/// a list) and `aliases:` entries that look like paths.
fn declared_in_notes(library: &Library) -> Vec<Declared> {
    let mut declared = Vec::new();
    for note in &library.notes {
        let source = &note.source;
        let to = Destination::Page {
            output: source.output.clone(),
            fragment: None,
            title: source.title.clone(),
        };
        let front = source.front_source();
        let mut paths: Vec<(&str, &str)> = source
            .front
            .aliases
            .iter()
            .filter(|a| alias_is_path(a))
            .map(|a| ("aliases", a.as_str()))
            .collect();
        // The loader keeps `aliases:` that are paths (Hugo's old URLs) apart
        // from the names links use.
        if let Some(serde_json::Value::Array(list)) = source.front.extra.get("url_aliases") {
            paths.extend(
                list.iter()
                    .filter_map(|v| v.as_str())
                    .map(|p| ("aliases", p)),
            );
        }
        match source.front.extra.get("redirect_from") {
            Some(serde_json::Value::String(p)) => paths.push(("redirect_from", p)),
            Some(serde_json::Value::Array(list)) => paths.extend(
                list.iter()
                    .filter_map(|v| v.as_str())
                    .map(|p| ("redirect_from", p)),
            ),
            _ => {}
        }
        for (key, path) in paths {
            declared.push(Declared {
                path: path.to_string(),
                location: front.value_location(key, path),
                to: Some(to.clone()),
                target: source.output.clone(),
            });
        }
    }
    declared
}

/// Every redirect the site declares, and the problems with them: a path that
/// cannot be a page, one that would replace a page of the site, two
/// redirects from one path to different places, a target that is no page.
pub fn plan(library: &Library, config: &SiteConfig) -> (Vec<Redirect>, Vec<Diagnostic>) {
    let mut declared = declared_in_notes(library);
    if declared.is_empty() && config.redirects.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let taken = Taken::new(library);
    for (from, target) in &config.redirects {
        declared.push(Declared {
            path: from.clone(),
            location: config_location(config, from),
            to: taken.destination(target),
            target: target.clone(),
        });
    }

    let mut diagnostics = Vec::new();
    // By lower-cased output path: the file as first written, where it leads, who declared it.
    let mut planned: BTreeMap<String, (String, Destination, String)> = BTreeMap::new();
    for d in declared {
        let Some(to) = d.to else {
            diagnostics.push(
                Diagnostic::error(
                    Code::Redirect,
                    d.location,
                    format!(
                        "the redirect from `{}` points nowhere: `{}` is no page of the site",
                        d.path, d.target
                    ),
                )
                .with_help("name a note's file in content/ (`section/note.md`), a page (`section/note.html`) or a URL"),
            );
            continue;
        };
        let Some(files) = output_files(&d.path) else {
            diagnostics.push(Diagnostic::error(
                Code::Redirect,
                d.location,
                format!(
                    "`{}` cannot be the path of a redirect page: write a path inside the site, like `/old/note.html` or `/old/note/`",
                    d.path
                ),
            ));
            continue;
        };
        for file in files {
            // One report per old path, even when it names two files.
            if let Some(owner) = taken.owner(&file) {
                // A note moved back to where it was: nothing to redirect.
                let itself = matches!(&to, Destination::Page { output, .. } if output.eq_ignore_ascii_case(&file));
                if !itself {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Redirect,
                            d.location.clone(),
                            format!(
                                "the redirect from `{}` would replace {owner} (`{file}`)",
                                d.path
                            ),
                        )
                        .with_help("remove the old path, or move what lives there now"),
                    );
                    break;
                }
                continue;
            }
            let declared_by = d.location.file.display().to_string();
            match planned.get(&file.to_lowercase()) {
                Some((_, existing, _)) if *existing == to => {}
                Some((_, _, first)) => {
                    diagnostics.push(Diagnostic::error(
                        Code::Redirect,
                        d.location.clone(),
                        format!("`{}` is already redirected elsewhere, by `{first}`", d.path),
                    ));
                    break;
                }
                None => {
                    planned.insert(file.to_lowercase(), (file, to.clone(), declared_by));
                }
            }
        }
    }
    let redirects = planned
        .into_values()
        .map(|(from, to, _)| Redirect { from, to })
        .collect();
    (redirects, diagnostics)
}

/// Where the old path `from` is written in `site.yaml` (under `redirects:`).
fn config_location(config: &SiteConfig, from: &str) -> Location {
    let file = Path::new(crate::config::CONFIG_FILE);
    let Some(text) = config.source.as_deref() else {
        return Location::file(file);
    };
    let start = text.find("\nredirects:").map_or(0, |i| i + 1);
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        let key = line.trim_start().trim_start_matches(['"', '\'']);
        if key.starts_with(from)
            && key[from.len()..]
                .trim_start_matches(['"', '\''])
                .starts_with(':')
        {
            let column = offset + (line.len() - line.trim_start().len());
            return Location::in_text(file, text, column..column + line.trim().len());
        }
        offset += line.len();
    }
    Location::file(file)
}

/// The problems with the site's redirects, for `check` and `build`.
pub fn check(library: &Library, config: &SiteConfig) -> Vec<Diagnostic> {
    plan(library, config).1
}

/// The HTML of the page at `redirect.from`.
pub fn page_html(
    redirect: &Redirect,
    config: &SiteConfig,
    strings: &BTreeMap<&str, &str>,
) -> String {
    let (href, canonical, title) = match &redirect.to {
        Destination::Page {
            output,
            fragment,
            title,
        } => {
            let mut href = urls::relative(&redirect.from, output);
            href = urls::encode_path(&href);
            let mut canonical = config
                .base_url
                .as_ref()
                .map(|base| format!("{base}{}", urls::encode_path(output)));
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(&urls::encode_fragment(f));
            }
            if canonical.is_none() {
                canonical = Some(href.clone());
            }
            (href, canonical.unwrap_or_default(), title.clone())
        }
        Destination::Url(url) => (url.clone(), url.clone(), url.clone()),
    };
    let href = escape_html(&href);
    let canonical = escape_html(&canonical);
    let title = escape_html(&title);
    let moved = escape_html(strings["moved_title"]);
    let text = escape_html(strings["moved_text"]);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; base-uri 'none'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n\
<title>{moved}: {title}</title>\n\
<link rel=\"canonical\" href=\"{canonical}\">\n\
<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n\
</head>\n<body>\n<p>{moved}. {text} <a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n",
        lang = config.language.code(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_paths_become_the_files_hosts_serve_for_them() {
        assert_eq!(output_files("/old/snat/").unwrap(), ["old/snat/index.html"]);
        assert_eq!(output_files("old/snat.html").unwrap(), ["old/snat.html"]);
        assert_eq!(output_files("/old/snat.md").unwrap(), ["old/snat.html"]);
        assert_eq!(
            output_files("/old/snat").unwrap(),
            ["old/snat.html", "old/snat/index.html"]
        );
        assert_eq!(
            output_files("/古い/ノート.html").unwrap(),
            ["古い/ノート.html"]
        );
        assert!(output_files("../outside.html").is_none());
        assert!(output_files("/").is_none());
        assert!(output_files("old/file.pdf").is_none());
    }

    #[test]
    fn only_aliases_that_look_like_paths_redirect() {
        assert!(alias_is_path("/old/snat/"));
        assert!(alias_is_path("old/snat.html"));
        assert!(!alias_is_path("CI/CD"));
        assert!(!alias_is_path("プライベートクラスタ"));
    }
}
