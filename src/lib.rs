//! shiori: a static knowledge-base site generator.

pub mod search;
