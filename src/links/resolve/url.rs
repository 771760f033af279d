//! Markdown links and image destinations: relative and site-absolute
//! paths, pretty URLs, Zola's `@/`, catalog URLs and files of `content/`.

use super::*;

impl Resolver<'_> {
    /// Resolves a Markdown link or image destination written in `from`.
    pub fn url(&self, from: &SourceNote, dest: &str, span: Range<usize>) -> Resolution {
        let found = self.url_as_written(from, dest, span.clone());
        if found.target != LinkTarget::Broken || self.mount.is_some() {
            return found;
        }
        // A site-absolute link that resolves without its first segment:
        // perhaps the path the site is published under (`mount`).
        let dest = dest.trim();
        let Some((first, rest)) = dest
            .strip_prefix('/')
            .and_then(|d| d.split_once('/'))
            .filter(|(first, rest)| !first.is_empty() && !rest.is_empty())
        else {
            return found;
        };
        let without = self.url_as_written(from, &format!("/{rest}"), span);
        if without.target == LinkTarget::Broken {
            return found;
        }
        Resolution {
            diagnostic: found
                .diagnostic
                .map(|d| d.with_help(super::super::mount::help(first))),
            suggest: None,
            ..found
        }
    }

    fn url_as_written(&self, from: &SourceNote, dest: &str, span: Range<usize>) -> Resolution {
        let location = || Location::in_text(&from.file, &from.text, span.clone());
        let dest = dest.trim();
        if urls::is_dangerous(dest) {
            return broken_now(Diagnostic::warning(
                Code::BrokenLink,
                location(),
                format!(
                    "unsafe link `{}` removed",
                    dest.chars().take(40).collect::<String>()
                ),
            ));
        }
        if urls::has_scheme(dest) || dest.starts_with("//") {
            let target = self
                .content
                .catalog
                .by_url(dest)
                .map_or(LinkTarget::External, LinkTarget::Doc);
            return Resolution {
                target,
                href: Href::Url(dest.to_string()),
                label: None,
                diagnostic: None,
                suggest: None,
            };
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return Resolution {
                href: Href::Fragment(fragment.to_string()),
                target: LinkTarget::Anchor(urls::decode(fragment)),
                label: None,
                diagnostic: None,
                suggest: None,
            };
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(urls::decode(a)).filter(|a| !a.is_empty())),
            None => (dest, None),
        };
        let path = urls::decode(path.split('?').next().unwrap_or(path));
        // Zola's `@/path.md` is a path from the top of content/.
        let (path, absolute) = match path.strip_prefix("@/") {
            Some(rest) => (format!("/{rest}"), true),
            None => (path.clone(), path.starts_with('/')),
        };
        // The path the site is published under, which its links repeat.
        let path = match self.mount.as_deref() {
            Some(mount) if absolute => super::super::mount::strip(mount, &path),
            _ => path,
        };
        let from_dir = from.path_id.rfind('/').map_or("", |i| &from.path_id[..i]);
        let Some(joined) = urls::join_path(if absolute { "" } else { from_dir }, &path) else {
            return broken_now(Diagnostic::warning(
                Code::BrokenLink,
                location(),
                format!("link `{dest}` points outside content/"),
            ));
        };
        let page = |path: &str| Href::Page {
            path: path.to_string(),
            fragment: anchor.as_ref().map(|a| urls::encode_fragment(a)),
        };
        // Written for a tool whose pages are URLs, not files: `/a/b/`,
        // `./b`, `01-intro.md` published as `intro`, `a/README.md`.
        let pretty = || -> Option<Resolution> {
            let found = self.pretty.find(&joined, absolute).or_else(|| {
                // Relative to the page's own URL (`a/b/` for `a/b.md`).
                let own = urls::join_path(&from.path_id, &path).filter(|_| !absolute)?;
                self.pretty.find(&own, false)
            })?;
            Some(match found {
                crate::links::pretty::Page::Note(note) => Resolution {
                    href: page(&self.content.notes[note].output),
                    target: LinkTarget::Note {
                        note: NoteId(note),
                        anchor: anchor.clone(),
                    },
                    label: None,
                    diagnostic: None,
                    suggest: None,
                },
                crate::links::pretty::Page::Section(section) => Resolution {
                    href: page(&self.content.sections[section].output),
                    target: LinkTarget::Section {
                        section: SectionId(section),
                        anchor: anchor.clone(),
                    },
                    label: None,
                    diagnostic: None,
                    suggest: None,
                },
            })
        };
        let lower = joined.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx") {
            if let Some(&note) = self.by_file.get(&joined) {
                return Resolution {
                    href: page(&self.content.notes[note].output),
                    target: LinkTarget::Note {
                        note: NoteId(note),
                        anchor,
                    },
                    label: None,
                    diagnostic: None,
                    suggest: None,
                };
            }
            let dir = joined.rfind('/').map_or("", |i| &joined[..i]);
            let file = joined.rsplit('/').next().unwrap_or(&joined);
            if matches!(file, "_index.md" | "index.md" | "README.md") {
                if let Some(r) = self.section(dir, anchor.clone(), &page) {
                    return r;
                }
            }
            if let Some(r) = pretty() {
                return r;
            }
            // Docusaurus reads a file path that is not beside the note
            // from the top of the docs (`api/Store.md` anywhere).
            if !absolute && !from_dir.is_empty() {
                if let Some(r) = self.read_from_top(from, dest, span.clone()) {
                    return r;
                }
            }
            return broken(
                Diagnostic::warning(
                    Code::BrokenLink,
                    location(),
                    format!("no note at `{joined}`"),
                ),
                Some(Suggest::File(joined)),
            );
        }
        let trimmed = joined.trim_end_matches('/');
        if path.ends_with('/')
            || self.sections_by_dir.contains_key(trimmed) && !self.assets.contains(trimmed)
        {
            if let Some(r) = self.section(trimmed, anchor.clone(), &page) {
                return r;
            }
        }
        if self.assets.contains(&joined) {
            return Resolution {
                target: LinkTarget::Asset,
                href: page(&joined),
                label: None,
                diagnostic: None,
                suggest: None,
            };
        }
        // A link to an output page written by hand (`snat.html`) is kept if that page exists.
        if let Some(note) = self.content.notes.iter().position(|n| n.output == joined) {
            return Resolution {
                href: page(&joined),
                target: LinkTarget::Note {
                    note: NoteId(note),
                    anchor,
                },
                label: None,
                diagnostic: None,
                suggest: None,
            };
        }
        if let Some(r) = pretty() {
            return r;
        }
        broken_now(Diagnostic::warning(
            Code::BrokenLink,
            location(),
            format!("no file at `content/{joined}`"),
        ))
    }
}
