//! Arbitrary bytes → a few content files (notes, sometimes `_index.md` and
//! `official-docs.yaml`) → load, parse, link and render every page in memory.
//! The input format and the invariants checked live in `src/lib.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shiori_fuzz::run(data);
});
