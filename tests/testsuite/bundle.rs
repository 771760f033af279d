//! The browser bundle: deterministic bytes, content-hashed classic scripts,
//! and the checked-in fixture bundle the node tests run against.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::fixture::eks_sections;
use shiori::search::{build_index, BundleInfo};

const FIXTURE_BUNDLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/search-bundle");

fn write_fixture_bundle(dir: &Path) -> BundleInfo {
    let index = build_index(&eks_sections(), &dir.join("index")).unwrap();
    index.write_bundle(&dir.join("search")).unwrap()
}

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn same_sections_give_byte_identical_bundles() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let info_a = write_fixture_bundle(a.path());
    let info_b = write_fixture_bundle(b.path());
    assert_eq!(info_a, info_b);
    assert_eq!(
        read_dir(&a.path().join("search")),
        read_dir(&b.path().join("search"))
    );
}

#[test]
fn every_file_is_a_classic_script_registering_under_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let info = write_fixture_bundle(dir.path());
    let files = read_dir(&dir.path().join("search"));
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), info.files);
    assert!(info.files.contains(&info.manifest));
    for (name, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let stem = name.strip_suffix(".js").unwrap();
        assert!(
            text.starts_with(&format!("shiori.register(\"{stem}\",")),
            "{name}"
        );
        assert!(text.ends_with(");\n"), "{name}");
        assert!(
            !text.contains("<script") && !text.contains("eval("),
            "{name}"
        );
    }
    assert!(
        files[&info.manifest].len() < 1024,
        "a small site's manifest stays under 1 KB"
    );
    assert_eq!(
        info.total_bytes,
        files.values().map(|b| b.len() as u64).sum::<u64>()
    );
}

/// 200 pages: the fixture's sections under 200 distinct keys.
fn many_pages() -> Vec<shiori::search::SectionDoc> {
    (0..200)
        .flat_map(|i| {
            eks_sections().into_iter().map(move |mut s| {
                s.note_id = format!("p{i:03}/{}", s.note_id);
                s.url = format!("p{i:03}/{}", s.url);
                s
            })
        })
        .collect()
}

#[test]
fn changed_content_renames_only_its_group() {
    let dir = tempfile::tempdir().unwrap();
    let before = build_index(&many_pages(), &dir.path().join("index"))
        .unwrap()
        .write_bundle(&dir.path().join("search"))
        .unwrap();
    let mut docs = many_pages();
    docs[0].body.push_str("追記。");
    let other = tempfile::tempdir().unwrap();
    let index = build_index(&docs, &other.path().join("index")).unwrap();
    let after = index.write_bundle(&other.path().join("search")).unwrap();
    assert_ne!(before.manifest, after.manifest);
    // Fragments are packed (consecutive sections share a file) and named in
    // groups of 128 sections: the group of the changed section is renamed,
    // the others keep their names (CDN caches stay warm).
    let fragments = |info: &BundleInfo| -> Vec<String> {
        info.files
            .iter()
            .filter(|f| f.starts_with("f-"))
            .cloned()
            .collect()
    };
    let first_doc = |file: &String| -> usize {
        file.trim_end_matches(".js")
            .rsplit('-')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (old, new) = (fragments(&before), fragments(&after));
    assert!(
        old.len() * 4 < docs.len(),
        "{} fragment files for {} sections: not packed",
        old.len(),
        docs.len()
    );
    let renamed: Vec<&String> = new.iter().filter(|f| !old.contains(f)).collect();
    assert!(!renamed.is_empty());
    assert!(renamed.iter().all(|f| first_doc(f) < 128), "{renamed:?}");
    let in_first_group = old.iter().filter(|f| first_doc(f) < 128).count();
    let kept = new.iter().filter(|f| old.contains(f)).count();
    assert_eq!(kept, old.len() - in_first_group, "{new:?}");
}

/// The node tests (`tests/js/runtime.test.mjs`) read this bundle; it must be
/// what the current code writes. `SHIORI_BLESS=1` rewrites it.
#[test]
fn checked_in_fixture_bundle_is_current() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture_bundle(dir.path());
    let fresh = read_dir(&dir.path().join("search"));
    let fixture = Path::new(FIXTURE_BUNDLE);
    if std::env::var_os("SHIORI_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(fixture);
        std::fs::create_dir_all(fixture).unwrap();
        for (name, bytes) in &fresh {
            std::fs::write(fixture.join(name), bytes).unwrap();
        }
        return;
    }
    assert!(
        fixture.exists() && read_dir(fixture) == fresh,
        "tests/fixtures/search-bundle is stale: rerun with SHIORI_BLESS=1 and commit it"
    );
}

#[test]
fn a_site_without_notes_gets_an_empty_but_working_search() {
    let dir = tempfile::tempdir().unwrap();
    let index = build_index(&[], &dir.path().join("index")).unwrap();
    let info = index.write_bundle(&dir.path().join("search")).unwrap();
    assert!(info.files.contains(&info.manifest));
    let results = index.search("クラスター", &Default::default()).unwrap();
    assert!(results.hits.is_empty());
    assert!(index
        .search("farg", &Default::default())
        .unwrap()
        .hits
        .is_empty());
}
