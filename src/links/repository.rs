//! Relative links to files of a source repository that `content/` does not
//! hold: a Zola theme's README linking its `config.toml`, a guide linking
//! `../src/lib.rs`. A note that names its `repository` (at the top of its
//! front matter or under `extra`) is that repository's README, read from
//! its root; a site whose `site.yaml` names one has `content/` at
//! `repository_content` inside it. Such a link leads to the file on the
//! repository's host (`blob/HEAD/…`, a picture `raw/HEAD/…`).

use crate::content::SourceNote;
use crate::urls;
use serde_json::Value;

/// Where a site's `content/` lives in a repository (`site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRepository {
    /// The repository's web address, without a trailing `/` or `.git`.
    pub url: String,
    /// The folder of the repository `content/` is (no slashes at either end).
    pub content: String,
}

impl SiteRepository {
    /// The site setting, when `url` is an http(s) address.
    pub fn new(url: &str, content: &str) -> Option<SiteRepository> {
        Some(SiteRepository {
            url: repository_url(url)?,
            content: content.trim_matches('/').to_string(),
        })
    }
}

/// A repository's web address as links use it, when `written` is one.
fn repository_url(written: &str) -> Option<String> {
    let url = written.trim().trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url);
    (urls::is_http_url(url) && url.matches('/').count() >= 3).then(|| url.to_string())
}

/// The repository `note` says it is the README of.
fn note_repository(note: &SourceNote) -> Option<String> {
    let extra = &note.front.extra;
    [
        extra.get("repository"),
        extra.get("extra").and_then(|e| e.get("repository")),
    ]
    .into_iter()
    .flatten()
    .find_map(|v| match v {
        Value::String(s) => repository_url(s),
        // npm's `repository: {type: git, url: …}`.
        Value::Object(o) => o
            .get("url")
            .and_then(Value::as_str)
            .and_then(repository_url),
        _ => None,
    })
}

/// The address of the repository file a relative `dest` written in `from`
/// names, when a repository is known for it. `dest` has been found nowhere
/// in `content/`.
pub fn file_url(
    site: Option<&SiteRepository>,
    from: &SourceNote,
    dest: &str,
    picture: bool,
) -> Option<String> {
    let dest = dest.trim();
    let readme_of = note_repository(from);
    // A README's `/x` is the repository's root, as its host shows it.
    let absolute_ok = readme_of.is_some() && !dest.starts_with("//");
    if dest.is_empty()
        || urls::has_scheme(dest)
        || dest.starts_with(['#', '@'])
        || dest.starts_with('/') && !absolute_ok
        || urls::is_dangerous(dest)
    {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let kind = if picture { "raw" } else { "blob" };
    // GitLab puts its views under `/-/`.
    let views = |url: &str| if url.contains("://gitlab.") { "-/" } else { "" };
    let path = urls::decode(path);
    if let Some(url) = readme_of {
        // Read as the host reads a link of the README at `<kind>/HEAD/`:
        // `../master/LICENSE` names another branch's file.
        let base = if path.starts_with('/') {
            String::new()
        } else {
            format!("{kind}/HEAD")
        };
        let joined = urls::join_path(&base, &path)?;
        let mut out = match joined.split_once('/') {
            Some((view, _)) if view == kind => {
                format!("{url}/{}{}", views(&url), urls::encode_path(&joined))
            }
            _ if base.is_empty() => format!(
                "{url}/{}{kind}/HEAD/{}",
                views(&url),
                urls::encode_path(&joined)
            ),
            _ => return None,
        };
        if let Some(f) = fragment.filter(|f| !f.is_empty() && !picture) {
            out.push('#');
            out.push_str(f);
        }
        return Some(out);
    }
    let site = site?;
    let note_dir = from.path_id.rsplit_once('/').map_or("", |(d, _)| d);
    let dir = [site.content.as_str(), note_dir]
        .into_iter()
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    let joined = urls::join_path(&dir, &path)?;
    let mut out = format!(
        "{}/{}{kind}/HEAD/{}",
        site.url,
        views(&site.url),
        urls::encode_path(&joined)
    );
    if joined.is_empty() {
        out.clone_from(&site.url);
    }
    if let Some(f) = fragment.filter(|f| !f.is_empty() && !picture) {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(file: &str, front: &str) -> SourceNote {
        let text = format!("+++\n{front}\n+++\n");
        let mut diagnostics = crate::diagnostics::Diagnostics::new();
        let content = crate::content::from_memory(
            vec![(file.to_string(), text.into_bytes())],
            Default::default(),
            &mut diagnostics,
        );
        content.notes.into_iter().next().expect("one note")
    }

    #[test]
    fn a_readme_of_a_repository_links_its_files_from_the_root() {
        let n = note(
            "themes/apollo.md",
            "title = \"apollo\"\n[extra]\nrepository = \"https://github.com/o/apollo.git\"",
        );
        assert_eq!(
            file_url(None, &n, "config.toml#L3", false).as_deref(),
            Some("https://github.com/o/apollo/blob/HEAD/config.toml#L3")
        );
        assert_eq!(
            file_url(None, &n, "./docs/shot 1.png", true).as_deref(),
            Some("https://github.com/o/apollo/raw/HEAD/docs/shot%201.png")
        );
        assert_eq!(file_url(None, &n, "../../outside", false), None);
        // As the host shows the README: `/x` from the root, `../main/x` another branch.
        assert_eq!(
            file_url(None, &n, "/screenshot.png", true).as_deref(),
            Some("https://github.com/o/apollo/raw/HEAD/screenshot.png")
        );
        assert_eq!(
            file_url(None, &n, "../master/LICENSE.md", false).as_deref(),
            Some("https://github.com/o/apollo/blob/master/LICENSE.md")
        );
        assert_eq!(file_url(None, &n, "//cdn.example/x.js", false), None);
        assert_eq!(file_url(None, &n, "javascript:alert(1)", false), None);
    }

    #[test]
    fn a_site_repository_reads_links_from_the_notes_folder_inside_it() {
        let site = SiteRepository::new("https://gitlab.com/g/wiki/", "docs/content").unwrap();
        let n = note("guide/intro.md", "title = \"x\"");
        assert_eq!(
            file_url(Some(&site), &n, "../../src/main.rs", false).as_deref(),
            Some("https://gitlab.com/g/wiki/-/blob/HEAD/docs/src/main.rs")
        );
        assert_eq!(file_url(None, &n, "x.rs", false), None);
        assert_eq!(file_url(Some(&site), &n, "/abs/path", false), None);
        assert_eq!(SiteRepository::new("not a url", ""), None);
    }
}
