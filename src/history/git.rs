//! Reading the history of `content/` from git: one `git log` child
//! process over the whole history, its output parsed here. A library such
//! as gix would spare the child process but adds minutes of compile time;
//! the log of 10,000 notes is parsed in milliseconds either way.

use super::{Change, Unavailable};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Separates commits in the log (ASCII record separator).
const RECORD: u8 = 0x1e;
/// Separates the fields of a commit's header (ASCII unit separator).
const FIELD: u8 = 0x1f;

/// What the history says: the last change of every file under `content/`.
pub(super) struct Log {
    pub changes: HashMap<PathBuf, Change>,
    pub commits: usize,
}

/// The commit checked out and whether the clone is shallow: what the log
/// of `content/` follows from.
pub(super) fn head(root: &Path) -> Result<(String, bool), Unavailable> {
    let out = git(root, &["rev-parse", "--is-shallow-repository", "HEAD"])?;
    let out = String::from_utf8_lossy(&out);
    let mut lines = out.lines().map(str::trim);
    let shallow = lines.next() == Some("true");
    let head = lines.next().unwrap_or_default().to_string();
    Ok((head, shallow))
}

/// Reads the last change of every file under `<root>/content` in the
/// history of HEAD (a shallow clone when `shallow`).
pub(super) fn read(root: &Path, shallow: bool) -> Result<Log, Unavailable> {
    let log = git(
        root,
        &[
            "-c",
            "core.quotePath=false",
            "-c",
            "log.showSignature=false",
            "-c",
            "i18n.logOutputEncoding=UTF-8",
            "log",
            "-z",
            "--name-status",
            "-M",
            "--no-color",
            "--format=%x1e%at%x1f%aI%x1f%aN%x1f%P",
            // Paths relative to the site root, which may be a folder of the repository.
            "--relative",
            "--",
            crate::content::CONTENT_DIR,
        ],
    )?;
    let (changes, commits) = parse_log(&log, shallow);
    Ok(Log { changes, commits })
}

/// Runs `git -C root args…` and returns its output, or why it could not.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, Unavailable> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        // The site's own repository, not one a caller's environment points at.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Unavailable::GitMissing,
            _ => Unavailable::Failed(e.to_string()),
        })?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("not a git repository") {
        return Err(Unavailable::NotARepository);
    }
    // A repository without a commit yet has no history: nothing to show.
    if stderr.contains("does not have any commits") || stderr.contains("unknown revision") {
        return Err(Unavailable::NoCommits);
    }
    let first = stderr.lines().next().unwrap_or("").trim();
    Err(Unavailable::Failed(first.to_string()))
}

/// Parses `git log -z --name-status --format=…` (newest commit first) into
/// the last change of each file as it is named now, and the number of commits.
///
/// A file's last change is the newest commit that changed its content: a
/// commit that only renamed it (`R100`) does not count, and changes made
/// under an older name count for the new one. In a shallow clone the
/// oldest commits fetched show every file as added, so they are skipped.
fn parse_log(log: &[u8], shallow: bool) -> (HashMap<PathBuf, Change>, usize) {
    let mut changes: HashMap<PathBuf, Change> = HashMap::new();
    // Old name → the name the file has now.
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut commits = 0;
    for record in log.split(|&b| b == RECORD).skip(1) {
        let header_end = record.iter().position(|&b| b == 0).unwrap_or(record.len());
        let Some(change) = parse_header(&record[..header_end]) else {
            continue;
        };
        commits += 1;
        let (change, boundary) = change;
        if shallow && boundary {
            continue;
        }
        let rest = record.get(header_end + 1..).unwrap_or_default();
        let mut tokens = rest
            .split(|&b| b == 0)
            .map(|t| String::from_utf8_lossy(t.trim_ascii_start()).into_owned())
            .filter(|t| !t.is_empty());
        while let Some(status) = tokens.next() {
            let current = |path: String| renamed.get(&path).cloned().unwrap_or(path);
            match status.as_bytes().first() {
                Some(b'R') => {
                    let (Some(old), Some(new)) = (tokens.next(), tokens.next()) else {
                        break;
                    };
                    let now = current(new);
                    if status != "R100" {
                        changes.entry(PathBuf::from(&now)).or_insert(change.clone());
                    }
                    renamed.insert(old, now);
                }
                Some(b'C') => {
                    let (Some(_), Some(new)) = (tokens.next(), tokens.next()) else {
                        break;
                    };
                    changes
                        .entry(PathBuf::from(current(new)))
                        .or_insert(change.clone());
                }
                // Deleted here: what older commits did to this path belongs
                // to a file that no longer exists, or to one created again
                // later, whose change is already recorded.
                Some(b'D') => {
                    tokens.next();
                }
                Some(_) => {
                    let Some(path) = tokens.next() else { break };
                    changes
                        .entry(PathBuf::from(current(path)))
                        .or_insert(change.clone());
                }
                None => {}
            }
        }
    }
    (changes, commits)
}

/// A commit's `%at␟%aI␟%aN␟%P` header: its change, and whether it has no
/// parent (a root commit, or the edge of a shallow clone).
fn parse_header(header: &[u8]) -> Option<(Change, bool)> {
    let header = String::from_utf8_lossy(header);
    let mut fields = header.trim().split(FIELD as char);
    let timestamp: i64 = fields.next()?.trim().parse().ok()?;
    let datetime = fields.next()?.trim().to_string();
    let date = crate::date::Date::parse(&datetime)?;
    let author = fields.next()?.trim().to_string();
    let parents = fields.next().unwrap_or("").trim();
    let change = Change {
        timestamp,
        datetime,
        date,
        author: (!author.is_empty()).then_some(author),
    };
    Some((change, parents.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(at: i64, iso: &str, author: &str, parents: &str, files: &[&str]) -> Vec<u8> {
        let mut out = format!("\x1e{at}\x1f{iso}\x1f{author}\x1f{parents}\0\n").into_bytes();
        for f in files {
            out.extend_from_slice(f.as_bytes());
            out.push(0);
        }
        out
    }

    #[test]
    fn the_newest_commit_touching_a_file_is_its_last_change() {
        let log = [
            commit(
                300,
                "2026-11-30T23:30:00+09:00",
                "山田 花子",
                "b",
                &["M", "content/a.md"],
            ),
            commit(
                200,
                "2026-11-01T10:00:00+09:00",
                "Taro",
                "a",
                &["M", "content/a.md", "A", "content/b.md"],
            ),
            commit(
                100,
                "2026-10-01T10:00:00+09:00",
                "Taro",
                "",
                &["A", "content/a.md"],
            ),
        ]
        .concat();
        let (changes, commits) = parse_log(&log, false);
        assert_eq!(commits, 3);
        let a = &changes[Path::new("content/a.md")];
        assert_eq!(a.date.to_string(), "2026-11-30");
        assert_eq!(a.author.as_deref(), Some("山田 花子"));
        assert_eq!(changes[Path::new("content/b.md")].timestamp, 200);
    }

    #[test]
    fn a_pure_rename_keeps_the_date_of_the_last_edit() {
        let log = [
            commit(
                300,
                "2026-11-30T00:00:00Z",
                "Mover",
                "b",
                &["R100", "content/old.md", "content/new.md"],
            ),
            commit(
                200,
                "2026-11-01T00:00:00Z",
                "Editor",
                "a",
                &["M", "content/old.md"],
            ),
            commit(
                100,
                "2026-10-01T00:00:00Z",
                "Editor",
                "",
                &["A", "content/old.md"],
            ),
        ]
        .concat();
        let (changes, _) = parse_log(&log, false);
        let new = &changes[Path::new("content/new.md")];
        assert_eq!(
            (new.timestamp, new.author.as_deref()),
            (200, Some("Editor"))
        );
        assert!(!changes.contains_key(Path::new("content/old.md")));
    }

    #[test]
    fn the_edge_of_a_shallow_clone_dates_nothing() {
        let log = [
            commit(
                300,
                "2026-11-30T00:00:00Z",
                "A",
                "b",
                &["M", "content/a.md"],
            ),
            commit(
                200,
                "2026-11-01T00:00:00Z",
                "B",
                "",
                &["A", "content/a.md", "A", "content/b.md"],
            ),
        ]
        .concat();
        let (changes, _) = parse_log(&log, true);
        assert_eq!(changes[Path::new("content/a.md")].timestamp, 300);
        assert!(!changes.contains_key(Path::new("content/b.md")));
        let (changes, _) = parse_log(&log, false);
        assert_eq!(changes[Path::new("content/b.md")].timestamp, 200);
    }
}
