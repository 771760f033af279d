//! Runs a query against a site's search index (until `shiori search` lands):
//! `cargo run --example search_site ROOT QUERY`.
fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("ROOT"));
    let query = args.next().unwrap_or_default();
    let index = shiori::search::open_index(&shiori::search::site::index_dir(&root)).unwrap();
    let results = index.search(&query, &Default::default()).unwrap();
    for hit in &results.hits {
        println!(
            "{:.3}  {}  {}  {:?}",
            hit.score, hit.title, hit.url, hit.heading_path
        );
    }
}
