//! A disk that fills up during a build: the build says so truthfully and
//! exits 1, the previous site stays whole, and no staging folder is left.
//!
//! The small disk is a 1.2 MB tmpfs mounted in a private mount namespace
//! (`unshare --user --map-root-user --mount`), so the test needs no root
//! and leaves no mount behind; everything is checked inside that namespace.

use crate::common::{require_tool, Site};
use std::process::Command;

/// A note of about 1 MB of distinct words: it and its search index do
/// not fit in what the first build leaves free.
fn big_note() -> String {
    let mut text = String::from("---\ntitle: 大きなノート\n---\n");
    let mut x: u64 = 1;
    for line in 0..3_000 {
        for _ in 0..40 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(&format!("w{} ", x >> 40));
        }
        text.push_str(if line % 10 == 9 { "\n\n" } else { "\n" });
    }
    text
}

#[test]
fn a_full_disk_fails_the_build_and_keeps_the_previous_site() {
    if !require_tool("unshare") {
        return;
    }
    let site = Site::with(&[
        ("content/_index.md", "# 入口\n"),
        ("content/a.md", "---\ntitle: ノート A\n---\n本文です。\n"),
    ]);
    let disk = site.root().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let shiori = env!("CARGO_BIN_EXE_shiori");
    let root = site.root().display();
    let out = disk.join("public");
    let out = out.display();
    // 1. A first build that fits; 2. a big note; 3. a build that does not fit.
    let script = format!(
        r#"set -u
mount -t tmpfs -o size=1200k tmpfs '{disk}' || exit 97
'{shiori}' --root '{root}' build --out '{out}' >/dev/null 2>&1; echo "first=$?"
cp '{root}/big.md' '{root}/content/big.md'
'{shiori}' --root '{root}' build --out '{out}' 2>'{root}/stderr'; echo "second=$?"
echo "entries=$(ls -A '{disk}' | tr '\n' ' ')"
grep -q 'ノート A' '{out}/a.html' && echo "a=kept"
test -e '{out}/big.html' && echo "big=present" || echo "big=absent"
"#,
        disk = disk.display()
    );
    site.write("big.md", &big_note());
    let run = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run unshare");
    let stdout = String::from_utf8_lossy(&run.stdout);
    if run.status.code() == Some(97) || !stdout.contains("first=") {
        let why = String::from_utf8_lossy(&run.stderr);
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("cannot mount a small tmpfs under CI=true: {why}");
        }
        eprintln!("\n======== SKIPPED: no private tmpfs mount here ({why}) ========\n");
        return;
    }
    let stderr = std::fs::read_to_string(site.root().join("stderr")).unwrap();
    assert!(stdout.contains("first=0"), "{stdout}");
    assert!(stdout.contains("second=1"), "{stdout}\n{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(
        stderr.contains("the previous output was left untouched"),
        "{stderr}"
    );
    // Only the previous site: no staging folder, nothing of the new build.
    assert!(stdout.contains("entries=public \n"), "{stdout}");
    assert!(stdout.contains("a=kept"), "{stdout}");
    assert!(stdout.contains("big=absent"), "{stdout}");
}
