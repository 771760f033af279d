//! Writes a generated site of N notes (Markdown, mixed Japanese/English) for
//! the search benchmark: `cargo run --release --example gen_corpus N DIR`.

#[path = "../tests/testsuite/common/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::fs;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .expect("usage: gen_corpus N DIR");
    let dir = PathBuf::from(args.next().expect("usage: gen_corpus N DIR"));
    let content = dir.join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(
        dir.join("site.yaml"),
        "title: 生成コーパス\nlanguage: ja\nbase_url: https://example.com/\n",
    )
    .unwrap();
    for note in corpus::notes(count, 5) {
        let section = content.join(note.section);
        if !section.exists() {
            fs::create_dir_all(&section).unwrap();
            fs::write(
                section.join("_index.md"),
                format!("---\ntitle: {}\n---\n", note.section),
            )
            .unwrap();
        }
        fs::write(
            section.join(format!("{}.md", note.slug)),
            corpus::markdown(&note),
        )
        .unwrap();
    }
}
