//! The 404 page, which hosts (S3/CloudFront, GitHub Pages, nginx) serve for
//! a missing URL at any depth, so relative links and assets cannot work.
//!
//! With `base_url` set, the page's links and assets are root-relative to its
//! path (`https://example.com/wiki/` → `/wiki/style.css`) and the page is
//! whole. Without it, no path is known to be right at every depth: the page
//! is "bare" — styled by a few inline rules that its Content-Security-Policy
//! allows by their SHA-256 hash (nothing else inline is allowed), linking to
//! the host's root, with no sidebar, search or scripts that could not load.

use crate::config::SiteConfig;
use minijinja::{context, Value};
use sha2::{Digest, Sha256};

/// The output path of the page.
pub const NOT_FOUND_OUTPUT: &str = "404.html";

/// The few rules the bare page needs, light and dark. Kept free of `<`, `>`
/// and `&` so the template writes it as it is, and the hash matches.
const INLINE_STYLE: &str = "body{margin:0;font:16px/1.75 system-ui,-apple-system,\"Segoe UI\",\"Hiragino Sans\",\"Noto Sans JP\",\"Noto Sans CJK JP\",Meiryo,sans-serif;color:#1d2228;background:#fff}\
a{color:#0b63c5}\
.skip-link{position:absolute;left:-999px}\
.skip-link:focus{left:.5rem;background:#fff;padding:.5rem 1rem}\
.site-header{display:flex;align-items:center;padding:.6rem 1.25rem;border-bottom:1px solid #dde1e6}\
.site-title{font-weight:700;font-size:1.1rem;color:inherit;text-decoration:none}\
.layout{max-width:50rem;margin:0 auto;padding:2rem 1.25rem 3rem}\
h1{font-size:1.9rem;line-height:1.35;margin:0 0 1rem}\
.site-footer{border-top:1px solid #dde1e6;padding:1.5rem 1.25rem;font-size:.85rem;color:#5b6573;text-align:center}\
@media (prefers-color-scheme:dark){body{color:#e3e7ec;background:#14171c}a{color:#6cb0ff}.site-header,.site-footer{border-color:#2e3540}.site-footer{color:#9aa4b1}.skip-link:focus{background:#14171c}}";

/// Where the page's links start: the path of `base_url`, else `None` (bare).
pub fn absolute_root(config: &SiteConfig) -> Option<String> {
    let base = config.base_url.as_deref()?;
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    Some(path.to_string())
}

/// `'sha256-…'` of `text`, as a CSP source.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("sha256-{}", base64(&digest))
}

/// Standard base64 with padding (the CSP hash form).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The template values of the 404 page.
pub fn context(config: &SiteConfig) -> Value {
    match absolute_root(config) {
        Some(root) => context! {
            bare => false,
            root_absolute => true,
            home_href => format!("{root}index.html"),
        },
        None => context! {
            bare => true,
            root_absolute => false,
            home_href => "/",
            inline_style => Value::from_safe_string(INLINE_STYLE.to_string()),
            inline_style_hash => csp_hash(INLINE_STYLE),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_root_is_the_path_of_the_base_url() {
        let mut config = SiteConfig::default();
        assert_eq!(absolute_root(&config), None);
        config.base_url = Some("https://example.com/".into());
        assert_eq!(absolute_root(&config).as_deref(), Some("/"));
        config.base_url = Some("https://example.github.io/wiki/".into());
        assert_eq!(absolute_root(&config).as_deref(), Some("/wiki/"));
    }

    #[test]
    fn the_inline_style_needs_no_escaping() {
        assert!(!INLINE_STYLE.contains(['<', '>', '&', '\'']));
    }
}
