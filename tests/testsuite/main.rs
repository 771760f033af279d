//! The integration tests, one binary (tantivy and the rest are linked
//! once): each module drives the library or the `shiori` binary on a
//! fixture site and asserts on what a user sees.

mod common;

mod a11y;
mod build;
mod bundle;
mod bundled_site;
mod check;
mod diagnostics_polish;
mod dialect;
mod disk_full;
mod docusaurus_links;
mod external_links;
mod figures;
mod first_build;
mod foreign_layout;
mod fuzz_regressions;
mod history;
mod hostile;
mod hugo_conventions;
mod init;
mod js_unit;
mod large_site;
mod linear_inputs;
mod map;
mod new_note;
mod offline;
mod output_names;
mod outputs;
mod reading_browser;
mod reading_pages;
mod redirects;
mod sanitising;
mod search;
mod search_browser;
mod search_pages;
mod search_parity;
mod serve;
mod serve_browser;
mod sidebar;
mod snapshots;
mod tokenizer_cases;
mod tool_order;
mod transclusion;
mod unwritten_notes;
mod zola_pages;
