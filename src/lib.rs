//! shiori: a static knowledge-base site generator.
