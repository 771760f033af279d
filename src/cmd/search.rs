//! `shiori search`

use super::exit;
use super::report::Output;
use shiori::build::{link_site, BuildOptions};
use shiori::search::{self, Hit, QueryOptions};
use std::io::IsTerminal;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query: words are ANDed, "quoted phrases", tag:name filters; the last word also matches as a prefix.
    query: String,
    /// Keep only notes with this tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// At most this many results: pages, or sections with --sections.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// List matching sections one by one (each must hold every word)
    /// instead of pages with their best sections.
    #[arg(long)]
    sections: bool,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(root: &Path, args: Args, output: &Output) -> u8 {
    if let Err(code) = super::site_folder::require_content(root) {
        return code;
    }
    let dir = search::site::index_dir(root);
    let mut rebuilt = false;
    if !search::site::index_is_current(root) {
        // A fresh clone has no index: build it from the content first.
        if let Err(code) = rebuild_index(root, output) {
            return code;
        }
        rebuilt = true;
    }
    let mut opened = search::open_index(&dir);
    if opened.is_err() && !rebuilt {
        // The index is a cache: one that cannot be read is built again, once.
        if let Err(code) = rebuild_index(root, output) {
            return code;
        }
        opened = search::open_index(&dir);
    }
    let index = match opened {
        Ok(index) => index,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::CONTENT;
        }
    };
    let options = QueryOptions {
        tags: args.tags.clone(),
        limit: args.limit.max(1),
    };
    if args.sections {
        return print_sections(&index, &args, &options);
    }
    let results = match index.search_notes(&args.query, &options) {
        Ok(results) => results,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    if args.json {
        return print_json(&results);
    }
    if results.notes.is_empty() {
        say!("no results for {:?}", args.query);
        say!("try fewer or shorter words, another spelling (katakana, English), or no --tag");
        return exit::OK;
    }
    if let Some(suggestion) = &results.suggestion {
        say!(
            "nothing matches {:?}; did you mean {suggestion:?}? Its results:",
            args.query
        );
    }
    if results.or_fallback {
        say!("no page has every word; pages with some of them:");
    } else if results.loosened {
        say!("no page has the words as written; pages where their characters appear apart:");
    }
    let colour = std::io::stdout().is_terminal();
    for (rank, note) in results.notes.iter().enumerate() {
        let Some((best, more)) = note.sections.split_first() else {
            continue;
        };
        say!(
            "{:>2}. {}{}  ({:.3})",
            rank + 1,
            note.title,
            heading_label(best),
            note.score
        );
        say!("    public/{}", best.url);
        say!("    {}", excerpt_text(best, colour));
        for section in more {
            // The lead section has no heading: it is named by the page title.
            let name = match section.heading_path.last() {
                Some(heading) => heading,
                None => &note.title,
            };
            say!("    › {name}  public/{}", section.url);
        }
    }
    if results.total > results.notes.len() {
        say!(
            "({} of {} matching pages)",
            results.notes.len(),
            results.total
        );
    }
    exit::OK
}

fn heading_label(hit: &Hit) -> String {
    if hit.heading_path.is_empty() {
        String::new()
    } else {
        format!(" › {}", hit.heading_path.join(" › "))
    }
}

fn excerpt_text(hit: &Hit, colour: bool) -> String {
    hit.excerpt
        .iter()
        .map(|piece| match (piece.is_match, colour) {
            (true, true) => format!("\x1b[1;33m{}\x1b[0m", piece.text),
            (true, false) => format!("[{}]", piece.text),
            (false, _) => piece.text.clone(),
        })
        .collect()
}

/// `--sections`: every matching section on its own line, as ranked.
fn print_sections(index: &search::SearchIndex, args: &Args, options: &QueryOptions) -> u8 {
    let results = match index.search(&args.query, options) {
        Ok(results) => results,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    if args.json {
        return print_json(&results);
    }
    if results.hits.is_empty() {
        say!("no results for {:?}", args.query);
        return exit::OK;
    }
    if results.or_fallback {
        say!("no section has every word; sections with some of them:");
    }
    let colour = std::io::stdout().is_terminal();
    for (rank, hit) in results.hits.iter().enumerate() {
        say!(
            "{:>2}. {}{}  ({:.3})",
            rank + 1,
            hit.title,
            heading_label(hit),
            hit.score
        );
        say!("    public/{}", hit.url);
        say!("    {}", excerpt_text(hit, colour));
    }
    if results.total > results.hits.len() {
        say!(
            "({} of {} matching sections)",
            results.hits.len(),
            results.total
        );
    }
    exit::OK
}

/// Builds the site's search index from its content; the exit code on failure.
fn rebuild_index(root: &Path, output: &Output) -> Result<(), u8> {
    output.info("building the search index…");
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let linked = match link_site(&options) {
        Ok(linked) => linked,
        Err(e) => {
            return Err(super::build::report_error(
                e,
                output,
                super::build::Previous::NotASiteBuild,
            ))
        }
    };
    if linked.diagnostics.has_errors() {
        let list = linked.diagnostics.sorted();
        output.diagnostics(&list);
        return Err(exit::CONTENT);
    }
    if let Err(e) = search::site::rebuild_index(root, &linked.library) {
        eprintln!("error: {e}");
        return Err(exit::CONTENT);
    }
    Ok(())
}

/// `--json`: the results as one pretty-printed document.
fn print_json(results: &impl serde::Serialize) -> u8 {
    say!(
        "{}",
        serde_json::to_string_pretty(results).expect("results serialize")
    );
    exit::OK
}
