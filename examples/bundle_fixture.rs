//! Writes the Japanese test fixture's index and bundle to a directory
//! (for looking at the bundle by hand): `cargo run --example bundle_fixture DIR`.

#[path = "../tests/testsuite/common/fixture.rs"]
mod fixture;

fn main() {
    let out = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: bundle_fixture DIR"));
    let index = shiori::search::build_index(&fixture::eks_sections(), &out.join("index")).unwrap();
    let info = index.write_bundle(&out.join("search")).unwrap();
    println!("{}", info.manifest);
}
