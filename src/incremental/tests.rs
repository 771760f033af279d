//! A rebuild after an edit gives the same site as building from scratch.

use super::Session;
use crate::build::{link_site, BuildOptions};
use crate::links::Library;
use std::path::{Path, PathBuf};

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join("content").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Each note's file, HTML, links and backlinks: what its page is made of.
fn pages(library: &Library) -> Vec<String> {
    library
        .notes
        .iter()
        .map(|n| {
            format!(
                "{} {}\n{}\n{:?}\n{:?} {:?}",
                n.source.file.display(),
                n.source.title,
                crate::render::page_html(&n.parse, &n.source.output),
                n.parse.resolved.links,
                n.outgoing,
                n.backlinks
            )
        })
        .collect()
}

#[test]
fn renaming_adding_and_removing_notes_rebuilds_like_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "net/a.md",
        "---\ntitle: アルファ\n---\n[[b]] と [[gamma]]\n",
    );
    let b = write(root, "net/b.md", "---\ntitle: ベータ\n---\n[[アルファ]]\n");
    write(
        root,
        "net/gamma.md",
        "---\ntitle: ガンマ\n---\n[ベータ](b.md)\n",
    );
    write(root, "net/d.md", "---\ntitle: デルタ\n---\n関係なし。\n");
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let (mut session, _) = Session::start(options.clone(), root.join("out")).unwrap();

    let edits: Vec<Box<dyn Fn() -> Vec<PathBuf>>> = vec![
        // Retitled: the labels of links to it change.
        Box::new(|| {
            vec![write(
                root,
                "net/b.md",
                "---\ntitle: ベータ改\n---\n[[アルファ]]\n",
            )]
        }),
        // A note appears, named like a link's target: the reading order moves.
        Box::new(|| {
            vec![write(
                root,
                "net/0.md",
                "---\ntitle: ゼロ\naliases: [gamma]\n---\n[[アルファ]]\n",
            )]
        }),
        // Renamed file.
        Box::new(|| {
            let to = root.join("content/net/zeta.md");
            std::fs::rename(root.join("content/net/d.md"), &to).unwrap();
            vec![root.join("content/net/d.md"), to]
        }),
        // Unlinked, then removed.
        Box::new(|| {
            vec![write(
                root,
                "net/a.md",
                "---\ntitle: アルファ\n---\n[[gamma]]\n",
            )]
        }),
        Box::new(|| {
            write(root, "net/gamma.md", "---\ntitle: ガンマ\n---\n本文\n");
            std::fs::remove_file(&b).unwrap();
            vec![b.clone(), root.join("content/net/gamma.md")]
        }),
    ];
    for (i, edit) in edits.iter().enumerate() {
        let changed = edit();
        let update = session.rebuild(&changed, false).unwrap();
        assert!(!update.failed(), "edit {i}: {:?}", update.diagnostics);
        same_as_fresh_build(&session, &options, &format!("edit {i}"));
    }
}

/// Every note page the session wrote is the page a fresh build writes.
fn same_as_fresh_build(session: &Session, options: &BuildOptions, label: &str) {
    let fresh = link_site(options).unwrap();
    assert_eq!(pages(session.library()), pages(&fresh.library), "{label}");
    let fresh_out = tempfile::tempdir().unwrap();
    Session::start(options.clone(), fresh_out.path().to_path_buf()).unwrap();
    for note in &fresh.library.notes {
        let page = |dir: &Path| std::fs::read_to_string(dir.join(&note.source.output)).unwrap();
        assert_eq!(
            page(session.out()),
            page(fresh_out.path()),
            "{label}: {}",
            note.source.output
        );
    }
}

#[test]
fn on_a_large_site_only_affected_pages_change_and_they_match_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..320 {
        let next = (i + 7) % 320;
        write(
            root,
            &format!("s{}/n{i:03}.md", i % 4),
            &format!(
                "---\ntitle: ノート{i:03}\ntags: [t{}]\n---\n[[n{next:03}]] {}\n",
                i % 9,
                if i % 10 == 1 { "[[n000]]" } else { "" }
            ),
        );
    }
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let (mut session, _) = Session::start(options.clone(), root.join("out")).unwrap();
    let edits = [
        // A new link: the target's backlink count, shown in its section's
        // navigation (n000 has the most backlinks, so the scale stays).
        (
            "s1/n005.md",
            "---\ntitle: ノート005\ntags: [t5]\n---\n[[n012]] [[n200]]\n",
        ),
        // Retitled in place: listed by the notes it links to and its section.
        (
            "s2/n006.md",
            "---\ntitle: ノート006改\ntags: [t6]\n---\n[[n013]]\n",
        ),
        // Just text.
        (
            "s3/n007.md",
            "---\ntitle: ノート007\ntags: [t7]\n---\n[[n014]] 追記\n",
        ),
    ];
    for (path, text) in edits {
        let changed = write(root, path, text);
        let update = session.rebuild(&[changed], false).unwrap();
        assert!(!update.failed(), "{path}: {:?}", update.diagnostics);
        assert!(update.written.len() < 320, "{path}: not every page");
        same_as_fresh_build(&session, &options, path);
    }
}
