//! The output folder is only ever a folder shiori owns, one build writes it
//! at a time, and every interruption leaves the previous site or the new one.

use crate::common::{files_below, Site};
use std::path::Path;
use std::process::{Command, Stdio};

fn small_site() -> Site {
    Site::with(&[
        ("site.yaml", "title: 信頼性\n"),
        ("content/_index.md", "# ホーム\n"),
        ("content/net/_index.md", "---\ntitle: ネットワーク\n---\n"),
        (
            "content/net/snat.md",
            "---\ntitle: 外部 SNAT\n---\n旧版の本文。\n",
        ),
    ])
}

/// Every file below `dir` with its bytes: what "exactly as it was" compares.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Names in `dir` a build uses for its temporary folders and its lock.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".staging-") || n.contains(".old-") || n.ends_with(".lock"))
        .collect()
}

#[test]
fn a_file_given_as_output_is_refused_and_left_where_it_is() {
    let site = small_site();
    let run = site.run(&[
        "build",
        "--out",
        &site.root().join("site.yaml").to_string_lossy(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("it is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the previous output was left untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("site.yaml")).unwrap(),
        "title: 信頼性\n"
    );
    assert!(leftovers(site.root()).is_empty());
    // A later build is not confused by anything the refused one did.
    site.build();
    assert!(site.root().join("site.yaml").is_file());
}

#[test]
fn a_device_and_the_cache_folder_are_refused() {
    let site = small_site();
    site.build();
    let index = site.root().join(".shiori/index");
    assert!(index.is_dir());
    let before = snapshot(&index);
    for out in [".shiori", ".shiori/index"] {
        let run = site.run(&["build", "--out", &site.root().join(out).to_string_lossy()]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(run.stderr.contains("inside .shiori"), "{}", run.stderr);
    }
    assert!(before == snapshot(&index), "the search cache changed");
    if Path::new("/dev/null").exists() {
        let run = site.run(&["build", "--out", "/dev/null"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("device"), "{}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_replaces_its_target_and_keeps_the_link() {
    let site = small_site();
    let release = site.root().join("releases/current");
    site.run(&["build", "--out", &release.to_string_lossy()]);
    std::os::unix::fs::symlink(&release, site.out()).unwrap();
    site.write(
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n新版の本文。\n",
    );
    site.build();
    assert!(site
        .out()
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(release.join("net/snat.html"))
        .unwrap()
        .contains("新版の本文"));
    assert!(release.join(".shiori-output").exists());
    assert!(leftovers(site.root()).is_empty());
    assert!(leftovers(&site.root().join("releases")).is_empty());
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_folder_shiori_did_not_write_is_refused_and_not_emptied() {
    let site = small_site();
    site.write("deploy/keep.txt", "mine");
    std::os::unix::fs::symlink(site.root().join("deploy"), site.out()).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("did not write"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("deploy/keep.txt")).unwrap(),
        "mine"
    );
    assert!(site
        .out()
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
}

/// Enough notes that two builds started together overlap.
fn larger_site(notes: usize) -> Site {
    let site = small_site();
    for i in 0..notes {
        site.write(
            &format!("content/net/n{i:04}.md"),
            &format!("---\ntitle: ノート {i}\ntags: [t{}]\n---\n本文 {i} [[snat]]。\n\n## 見出し\n\nテキスト\n", i % 7),
        );
    }
    site
}

#[test]
fn two_builds_into_one_output_run_one_after_the_other_and_leave_a_whole_site() {
    let site = larger_site(400);
    site.build();
    let expected = files_below(&site.out());
    for trial in 0..3 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_shiori"))
                .arg("--root")
                .arg(site.root())
                .arg("build")
                .env("SOURCE_DATE_EPOCH", "1790000000")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        for run in [&a, &b] {
            assert!(
                run.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        assert_eq!(files_below(&site.out()), expected, "trial {trial}");
        assert!(site.out().join(".shiori-output").exists());
        assert!(leftovers(site.root()).is_empty(), "trial {trial}");
    }
}

#[test]
fn a_build_waiting_for_another_says_so() {
    let site = small_site();
    site.build();
    // Hold the lock as a running build would.
    let lock = shiori::emit::OutputLock::acquire(&site.out(), |_| {}).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_shiori"))
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build did not wait"
    );
    drop(lock);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "waiting for another shiori build (process {}) writing to",
            std::process::id()
        )),
        "{stderr}"
    );
}

/// Runs a build that aborts at the fault point `at` (debug builds only).
fn killed_build(site: &Site, at: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_shiori"))
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .env("SHIORI_KILL_AT", at)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_none(),
        "the build was not stopped at {at}"
    );
}

fn search(site: &Site, query: &str) -> String {
    let run = site.run(&["search", query, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn a_build_killed_at_any_step_of_the_swap_leaves_the_old_or_the_new_site() {
    if !cfg!(debug_assertions) {
        return;
    }
    let site = small_site();
    site.build();
    let old = snapshot(&site.out());
    site.write(
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n新版の本文。\n",
    );
    killed_build(&site, "emit-before-swap");
    assert!(
        old == snapshot(&site.out()),
        "killed before the swap: not the old site"
    );
    killed_build(&site, "emit-swapped");
    assert!(site.read("net/snat.html").contains("新版の本文"));
    site.build();
    assert!(site.read("net/snat.html").contains("新版の本文"));
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
}

#[test]
fn a_kill_while_the_search_index_is_published_never_leaves_it_stale() {
    if !cfg!(debug_assertions) {
        return;
    }
    let site = small_site();
    site.build();
    assert!(search(&site, "旧版").contains("snat"));
    site.write(
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n新版の本文。\n",
    );
    killed_build(&site, "index-swapped");
    site.build();
    assert!(search(&site, "新版").contains("snat"));
    let cache: Vec<String> = std::fs::read_dir(site.root().join(".shiori"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index")
        .collect();
    assert!(cache.is_empty(), "{cache:?}");
}

#[test]
fn an_index_moved_aside_by_a_killed_publish_is_restored_or_cleared() {
    let site = small_site();
    site.build();
    // What a publish killed between its two renames leaves: no index, the
    // previous one beside it (named as older versions named it, too).
    let cache = site.root().join(".shiori");
    std::fs::rename(cache.join("index"), cache.join("index.old")).unwrap();
    site.write(
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n新版の本文。\n",
    );
    assert!(search(&site, "新版").contains("snat"));
    assert!(!cache.join("index.old").exists());
    std::fs::rename(cache.join("index"), cache.join("index.build-1-2-3.old")).unwrap();
    site.build();
    assert!(search(&site, "新版").contains("snat"));
    assert!(!cache.join("index.build-1-2-3.old").exists());
}

/// Runs `shiori` as the unprivileged user `nobody` (needs root to drop to it).
#[cfg(target_os = "linux")]
fn run_as_nobody(site: &Site, args: &[&str]) -> Option<std::process::Output> {
    if !crate::common::is_root() || !crate::common::require_tool("setpriv") {
        return None;
    }
    Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(site.root())
        .status()
        .unwrap();
    // The binary must be reachable by `nobody` too: the target folder usually is.
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_shiori"))
        .arg("--root")
        .arg(site.root())
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap();
    Some(out)
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_output_is_refused_before_anything_is_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let site = small_site();
    site.build();
    let before = snapshot(&site.out());
    site.write(
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n新版の本文。\n",
    );
    let net = site.out().join("net");
    std::fs::set_permissions(&net, std::fs::Permissions::from_mode(0o555)).unwrap();
    let Some(out) = run_as_nobody(&site, &["build"]) else {
        eprintln!("SKIPPED: not root or no setpriv, cannot drop privileges");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not writable"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(
        before == snapshot(&site.out()),
        "the read-only output changed"
    );
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
    std::fs::set_permissions(&net, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = run_as_nobody(&site, &["build"]).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.read("net/snat.html").contains("新版の本文"));
}
