//! Turning what an author wrote (`[[タイトル]]`, `../net/snat.md#対策`,
//! `[[doc:fargate]]`, a URL) into a typed [`LinkTarget`] and an [`Href`].

use super::outputs::SiteFiles;
use super::{Href, LinkTarget, NoteId, SectionId};
use crate::content::{Content, SourceNote};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::urls;
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;

mod url;

/// What a link resolved to, and what was wrong with it.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub target: LinkTarget,
    /// [`Href::None`] when the link is broken or unsafe: the text is shown without a link.
    pub href: Href,
    /// Text to show for a wikilink written without a label.
    pub label: Option<String>,
    pub diagnostic: Option<Diagnostic>,
    /// A broken link's name, for a "did you mean" added once every link is
    /// resolved (see [`Resolver::suggest`]).
    pub suggest: Option<Suggest>,
}

/// What a broken link named, to look for something close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggest {
    /// A wikilink's note name.
    Note(String),
    /// A relative link's file, joined onto the note's folder.
    File(String),
}

pub use crate::content::normalize_name;

/// The names a note answers to, normalised ([`normalize_name`]).
struct NoteNames {
    path_id: String,
    slug: String,
    title: String,
    aliases: Vec<String>,
}

/// How a name was given to a note; a lower tier wins over a higher one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Path,
    Slug,
    Title,
    Alias,
}

/// Answers "which note is this name?" for every note of a site.
pub struct Resolver<'a> {
    content: &'a Content,
    names: HashMap<String, Vec<(Tier, usize)>>,
    by_file: HashMap<String, usize>,
    sections_by_dir: HashMap<&'a str, usize>,
    assets: std::collections::HashSet<String>,
    /// Notes and sections by the URLs other tools publish them at.
    pretty: super::pretty::PrettyUrls,
    /// Copied files by lower-cased file name, for Obsidian's vault-wide
    /// `![[picture.png]]`.
    assets_by_name: HashMap<String, Vec<String>>,
    /// Built on the first broken link only: most builds have none.
    suggester: std::sync::OnceLock<crate::suggest::Suggester>,
    file_suggester: std::sync::OnceLock<crate::suggest::Suggester>,
    glossary: super::glossary::Glossary,
    /// Where `content/` lives in a repository (`site.yaml`), for links to
    /// its other files.
    repository: Option<super::repository::SiteRepository>,
    /// The path the site is published under (`site.yaml`'s `mount`).
    mount: Option<String>,
}

impl<'a> Resolver<'a> {
    /// Indexes every note's names; reports notes, folders and files that
    /// would overwrite each other's or the site's output (errors, see
    /// [`check_outputs`](super::outputs::check_outputs)) and aliases claimed
    /// twice (warnings).
    pub fn new(content: &'a Content, site: &SiteFiles, out: &mut Vec<Diagnostic>) -> Resolver<'a> {
        let mut names: HashMap<String, Vec<(Tier, usize)>> = HashMap::new();
        let mut by_file = HashMap::new();
        // Both look at every note: done side by side.
        let (found, note_names) = rayon::join(
            || {
                let mut found = Vec::new();
                super::outputs::check_outputs(content, site, &mut found);
                found
            },
            || {
                content
                    .notes
                    .par_iter()
                    .map(|note| NoteNames {
                        path_id: normalize_name(&note.path_id),
                        slug: normalize_name(&note.slug),
                        title: normalize_name(&note.title),
                        aliases: note
                            .front
                            .aliases
                            .iter()
                            .map(|a| normalize_name(a))
                            .collect(),
                    })
                    .collect::<Vec<_>>()
            },
        );
        out.extend(found);
        for (i, (note, normalized)) in content.notes.iter().zip(&note_names).enumerate() {
            let rel = note
                .file
                .strip_prefix(crate::content::CONTENT_DIR)
                .unwrap_or(&note.file);
            by_file.insert(rel.to_string_lossy().replace('\\', "/"), i);
            let mut add = |name: &str, tier: Tier| {
                let entry = names.entry(name.to_string()).or_default();
                if !entry.contains(&(tier, i)) {
                    entry.push((tier, i));
                }
            };
            add(&normalized.path_id, Tier::Path);
            add(&normalized.slug, Tier::Slug);
            add(&normalized.title, Tier::Title);
            for alias in &normalized.aliases {
                add(alias, Tier::Alias);
            }
        }
        for (i, (note, normalized)) in content.notes.iter().zip(&note_names).enumerate() {
            for (alias, normal) in note.front.aliases.iter().zip(&normalized.aliases) {
                let claims = &names[normal];
                let others: Vec<String> = claims
                    .iter()
                    .filter(|(tier, n)| *n != i && *tier >= Tier::Title)
                    .map(|(_, n)| format!("`{}`", content.notes[*n].file.display()))
                    .collect();
                if !others.is_empty() {
                    out.push(Diagnostic::warning(
                        Code::DuplicateAlias,
                        note.front_source().value_location("aliases", alias),
                        format!(
                            "alias `{alias}` is also a title or alias of {}",
                            others.join(", ")
                        ),
                    ));
                }
            }
        }
        let sections_by_dir = content
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.dir.as_str(), i))
            .collect();
        let assets: std::collections::HashSet<String> = content
            .assets
            .iter()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        let mut assets_by_name: HashMap<String, Vec<String>> = HashMap::new();
        for asset in &assets {
            let name = asset.rsplit('/').next().unwrap_or(asset).to_lowercase();
            assets_by_name.entry(name).or_default().push(asset.clone());
        }
        for paths in assets_by_name.values_mut() {
            paths.sort();
        }
        Resolver {
            content,
            names,
            by_file,
            sections_by_dir,
            assets,
            pretty: super::pretty::PrettyUrls::new(content),
            assets_by_name,
            suggester: std::sync::OnceLock::new(),
            file_suggester: std::sync::OnceLock::new(),
            glossary: super::glossary::Glossary::new(content),
            repository: None,
            mount: None,
        }
    }

    /// Sends relative links to files `content/` does not hold to the
    /// site's repository (see [`super::repository`]).
    pub fn with_repository(
        mut self,
        repository: Option<super::repository::SiteRepository>,
    ) -> Resolver<'a> {
        self.repository = repository;
        self
    }

    /// Reads site-absolute links starting with `mount` without it.
    pub fn with_mount(mut self, mount: Option<String>) -> Resolver<'a> {
        self.mount = mount;
        self
    }

    /// A relative link found nowhere in `content/`, led to the file of the
    /// note's repository it names when one is known.
    fn in_repository(
        &self,
        from: &SourceNote,
        dest: &str,
        picture: bool,
        found: Resolution,
    ) -> Resolution {
        if found.target != LinkTarget::Broken {
            return found;
        }
        match super::repository::file_url(self.repository.as_ref(), from, dest, picture) {
            Some(url) => Resolution {
                target: LinkTarget::External,
                href: Href::Url(url),
                label: None,
                diagnostic: None,
                suggest: None,
            },
            None => found,
        }
    }

    /// The copied file a bare file name names, when one file has that name
    /// (the first in path order when several do).
    fn asset_named(&self, name: &str) -> Option<&str> {
        let file = name.rsplit('/').next().unwrap_or(name).to_lowercase();
        if !file.contains('.') {
            return None;
        }
        self.assets_by_name
            .get(&file)
            .and_then(|paths| paths.first())
            .map(String::as_str)
    }

    /// The "did you mean" for a broken link, if something is close.
    pub fn suggest(&self, what: &Suggest) -> Option<String> {
        match what {
            Suggest::Note(name) => {
                let suggester = self.suggester.get_or_init(|| {
                    crate::suggest::Suggester::new(self.names.keys().map(String::as_str))
                });
                let near = suggester.closest(&normalize_name(name))?;
                let shown = self
                    .lookup(near)
                    .first()
                    .map_or(near.to_string(), |n| self.content.notes[*n].slug.clone());
                Some(format!("did you mean `[[{shown}]]`?"))
            }
            Suggest::File(joined) => {
                let near = self
                    .file_suggester
                    .get_or_init(|| {
                        crate::suggest::Suggester::new(self.by_file.keys().map(String::as_str))
                    })
                    .closest(joined)?;
                Some(format!("did you mean `{near}`?"))
            }
        }
    }

    /// Resolves every link slot of a note (or a section's intro) written in `from`.
    pub fn resolve_all(
        &self,
        from: &SourceNote,
        slots: &[crate::markdown::LinkSlot],
    ) -> Vec<Resolution> {
        slots
            .iter()
            .map(|slot| match slot.kind {
                crate::markdown::SlotKind::Wikilink { .. }
                | crate::markdown::SlotKind::Embed { .. } => {
                    self.wikilink(from, &slot.dest, slot.span.clone())
                }
                crate::markdown::SlotKind::Image { embed: true } => {
                    let found = self.url(from, &slot.dest, slot.span.clone());
                    match (&found.target, self.asset_named(&slot.dest)) {
                        // Obsidian finds `![[picture.png]]` anywhere in the vault.
                        (LinkTarget::Broken, Some(asset)) => Resolution {
                            target: LinkTarget::Asset,
                            href: Href::Page {
                                path: asset.to_string(),
                                fragment: None,
                            },
                            label: None,
                            diagnostic: None,
                            suggest: None,
                        },
                        _ => found,
                    }
                }
                crate::markdown::SlotKind::Link
                    if slot.dest.trim() == super::glossary::GLOSSARY_DEST =>
                {
                    self.glossary_link(from, &slot.text, slot.span.clone())
                }
                crate::markdown::SlotKind::Image { embed: false } => {
                    let found = self.url(from, &slot.dest, slot.span.clone());
                    self.in_repository(from, &slot.dest, true, found)
                }
                _ => {
                    let found = self.url(from, &slot.dest, slot.span.clone());
                    self.in_repository(from, &slot.dest, false, found)
                }
            })
            .collect()
    }

    /// A relative file link read from the top of `content/`, when that finds a note.
    fn read_from_top(
        &self,
        from: &SourceNote,
        dest: &str,
        span: Range<usize>,
    ) -> Option<Resolution> {
        if dest.starts_with("../") {
            return None;
        }
        let at_top = format!("/{}", dest.trim_start_matches("./"));
        let found = self.url(from, &at_top, span);
        (found.target != LinkTarget::Broken).then_some(found)
    }

    /// `[term](g)`: the glossary entry of the link's text ([`super::glossary`]).
    fn glossary_link(&self, from: &SourceNote, term: &str, span: Range<usize>) -> Resolution {
        let term = term.trim();
        if let Some(n) = self.glossary.find(term) {
            return Resolution {
                href: Href::Page {
                    path: self.content.notes[n].output.clone(),
                    fragment: None,
                },
                target: LinkTarget::Note {
                    note: NoteId(n),
                    anchor: None,
                },
                label: None,
                diagnostic: None,
                suggest: None,
            };
        }
        let message = if self.glossary.exists() {
            format!("no glossary entry for `{term}` (a `(g)` link names a note of the `glossary` folder)")
        } else {
            format!(
                "`[{term}](g)` is a glossary link (Hugo), and this site has no `glossary` folder"
            )
        };
        broken_now(Diagnostic::warning(
            Code::BrokenLink,
            Location::in_text(&from.file, &from.text, span),
            message,
        ))
    }

    /// The notes a name refers to, best tier only.
    fn lookup(&self, name: &str) -> Vec<usize> {
        let Some(claims) = self.names.get(&normalize_name(name)) else {
            return Vec::new();
        };
        let best = claims.iter().map(|(t, _)| *t).min().expect("non-empty");
        let mut notes: Vec<usize> = claims
            .iter()
            .filter(|(t, _)| *t == best)
            .map(|(_, n)| *n)
            .collect();
        notes.sort_unstable();
        notes.dedup();
        notes
    }

    /// Resolves `[[dest]]` written in `from` at `span`.
    pub fn wikilink(&self, from: &SourceNote, dest: &str, span: Range<usize>) -> Resolution {
        let dest = dest.trim();
        let location = || Location::in_text(&from.file, &from.text, span.clone());
        if let Some(id) = dest.strip_prefix("doc:") {
            let id = id.trim();
            return match self.content.catalog.get(id) {
                Some(doc) => {
                    let page = &self.content.catalog.pages[doc];
                    Resolution {
                        target: LinkTarget::Doc(doc),
                        href: Href::Url(page.url.clone()),
                        label: Some(page.title.clone()),
                        diagnostic: None,
                        suggest: None,
                    }
                }
                None => {
                    let mut d = Diagnostic::error(
                        Code::UnknownDoc,
                        location(),
                        format!("unknown official doc id `{id}`"),
                    );
                    if let Some(near) = self.content.catalog.suggest(id) {
                        d = d.with_help(format!("did you mean `doc:{near}`?"));
                    } else {
                        d = d.with_help(format!(
                            "add `{id}` to content/{}",
                            crate::content::CATALOG_FILE
                        ));
                    }
                    broken(d, None)
                }
            };
        }
        // Obsidian's heading paths (`note#Part#Section`) name their last heading.
        let (name, anchor) = match dest.split_once('#') {
            Some((n, a)) => (
                n.trim(),
                Some(a.rsplit('#').next().unwrap_or(a).trim().to_string())
                    .filter(|a| !a.is_empty()),
            ),
            None => (dest, None),
        };
        if name.is_empty() {
            return match anchor {
                Some(a) => {
                    let id = anchor_id(&a);
                    Resolution {
                        href: Href::Fragment(urls::encode_fragment(&id)),
                        target: LinkTarget::Anchor(a),
                        label: None,
                        diagnostic: None,
                        suggest: None,
                    }
                }
                None => broken(
                    Diagnostic::error(Code::BrokenLink, location(), "empty wikilink"),
                    None,
                ),
            };
        }
        let found = self.lookup(name);
        match found.as_slice() {
            [note] => {
                let target_note = &self.content.notes[*note];
                let href = Href::Page {
                    path: target_note.output.clone(),
                    fragment: anchor
                        .as_ref()
                        .map(|a| urls::encode_fragment(&anchor_id(a))),
                };
                Resolution {
                    target: LinkTarget::Note {
                        note: NoteId(*note),
                        anchor,
                    },
                    href,
                    label: Some(target_note.title.clone()),
                    diagnostic: None,
                    suggest: None,
                }
            }
            [] => match self.asset_named(name) {
                // `[[manual.pdf]]`: a file anywhere in the vault.
                Some(asset) => Resolution {
                    target: LinkTarget::Asset,
                    href: Href::Page {
                        path: asset.to_string(),
                        fragment: None,
                    },
                    label: Some(name.rsplit('/').next().unwrap_or(name).to_string()),
                    diagnostic: None,
                    suggest: None,
                },
                // A vault links notes not written yet on purpose: the
                // name's page lists who links to it (`super::unwritten`).
                // Elsewhere such a name is most likely a typo.
                None if self.content.vault => Resolution {
                    target: LinkTarget::Unwritten(name.to_string()),
                    href: Href::Page {
                        path: super::unwritten::output(name),
                        fragment: None,
                    },
                    label: Some(name.to_string()),
                    diagnostic: None,
                    suggest: None,
                },
                None => broken(
                    Diagnostic::error(
                        Code::BrokenLink,
                        location(),
                        format!("no note is named `{name}`"),
                    ),
                    Some(Suggest::Note(name.to_string())),
                ),
            },
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|n| format!("`{}`", self.content.notes[*n].path_id))
                    .collect();
                broken_now(
                    Diagnostic::error(
                        Code::AmbiguousLink,
                        location(),
                        format!("`{name}` names {} notes: {}", many.len(), list.join(", ")),
                    )
                    .with_help(format!(
                        "write the path to pick one, e.g. `[[{}]]`",
                        self.content.notes[many[0]].path_id
                    )),
                )
            }
        }
    }

    fn section(
        &self,
        dir: &str,
        anchor: Option<String>,
        page: &dyn Fn(&str) -> Href,
    ) -> Option<Resolution> {
        let &section = self.sections_by_dir.get(dir)?;
        Some(Resolution {
            href: page(&self.content.sections[section].output),
            target: LinkTarget::Section {
                section: SectionId(section),
                anchor,
            },
            label: None,
            diagnostic: None,
            suggest: None,
        })
    }
}

/// The id a wikilink's anchor leads to: a heading's, or an Obsidian block's (`^id`).
fn anchor_id(anchor: &str) -> String {
    match anchor.strip_prefix('^') {
        Some(block) => crate::markdown::block_anchor(block),
        None => crate::markdown::heading_id(anchor),
    }
}

/// A broken link, with what to look for something close to.
fn broken(diagnostic: Diagnostic, suggest: Option<Suggest>) -> Resolution {
    Resolution {
        target: LinkTarget::Broken,
        href: Href::None,
        label: None,
        diagnostic: Some(diagnostic),
        suggest,
    }
}

/// A broken link whose diagnostic is complete as it is.
fn broken_now(diagnostic: Diagnostic) -> Resolution {
    broken(diagnostic, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_within_content_only() {
        assert_eq!(
            urls::join_path("network", "../cluster/a.md").as_deref(),
            Some("cluster/a.md")
        );
        assert_eq!(urls::join_path("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(urls::join_path("network", "../../etc/passwd"), None);
    }

    #[test]
    fn names_match_after_nfkc_and_case_folding() {
        assert_eq!(normalize_name("ＥＫＳ  Fargate"), "eks fargate");
        assert_eq!(normalize_name("ﾌﾟﾗｲﾍﾞｰﾄ"), "プライベート");
    }
}
