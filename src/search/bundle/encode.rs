//! The bundle's compact number coding: unsigned integers as little-endian
//! base-45 digits drawn from printable ASCII, so a payload is a plain JS
//! string literal that needs no escaping and gzips well.
//!
//! The 90 symbols are `#` (0x23) to `~` (0x7E) without `\`; symbol `d` < 45
//! is a final digit, `d` ≥ 45 a digit with more to follow. Numbers below 45
//! take one character, below 2,025 two, below 91,125 three.

use sha2::{Digest, Sha256};

const BASE: u64 = 45;

/// The 90 symbols, by digit value (a final digit below 45, one with more
/// to follow from 45).
const SYMBOLS: [u8; 2 * BASE as usize] = {
    let mut symbols = [0u8; 2 * BASE as usize];
    let mut digit = 0;
    while digit < symbols.len() {
        let code = 0x23 + digit as u8;
        symbols[digit] = if code >= b'\\' { code + 1 } else { code };
        digit += 1;
    }
    symbols
};

/// A payload string under construction: bytes, as the symbols are ASCII
/// and are written one at a time (only `raw` text may be longer).
#[derive(Debug, Default, Clone)]
pub struct Digits {
    out: Vec<u8>,
}

impl Digits {
    /// An empty payload.
    pub fn new() -> Digits {
        Digits::default()
    }

    /// Appends an unsigned number.
    pub fn num(&mut self, mut n: u64) -> &mut Self {
        while n >= BASE {
            self.out.push(SYMBOLS[(BASE + n % BASE) as usize]);
            n /= BASE;
        }
        self.out.push(SYMBOLS[n as usize]);
        self
    }

    /// Appends text verbatim (its length must be known to the reader).
    pub fn raw(&mut self, text: &str) -> &mut Self {
        self.out.extend_from_slice(text.as_bytes());
        self
    }

    /// Appends another payload.
    pub fn append(&mut self, other: &Digits) -> &mut Self {
        self.out.extend_from_slice(&other.out);
        self
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The payload: ASCII symbols and the `raw` texts, so always UTF-8.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.out).unwrap_or_default()
    }
}

/// Length of a content hash in a file name.
pub const HASH_CHARS: usize = 10;

/// A content hash for file names: 50 bits of SHA-256 in lowercase base 32
/// (digits and a–v), safe on case-insensitive file systems.
pub fn content_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    let mut bits = u64::from_be_bytes(digest[..8].try_into().unwrap_or([0; 8]));
    let mut out = String::with_capacity(HASH_CHARS);
    for _ in 0..HASH_CHARS {
        let d = (bits >> 59) as u32;
        out.push(char::from_digit(d, 32).unwrap_or('0'));
        bits <<= 5;
    }
    out
}

/// Length of `text` in UTF-16 code units, as JavaScript measures strings.
pub fn js_len(text: &str) -> usize {
    text.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let (mut n, mut scale) = (0u64, 1u64);
        for c in s.chars() {
            let code = c as u64;
            let d = code - 0x23 - u64::from(code > 0x5C);
            if d >= BASE {
                n += (d - BASE) * scale;
                scale *= BASE;
            } else {
                out.push(n + d * scale);
                n = 0;
                scale = 1;
            }
        }
        out
    }

    #[test]
    fn numbers_round_trip_without_quotes_or_backslashes() {
        let values = [
            0,
            1,
            44,
            45,
            46,
            2024,
            2025,
            91_124,
            91_125,
            u32::MAX as u64,
        ];
        let mut digits = Digits::new();
        for v in values {
            digits.num(v);
        }
        assert!(!digits.as_str().contains(['"', '\\']));
        assert_eq!(decode(digits.as_str()), values);
        assert_eq!(Digits::new().num(44).len(), 1);
        assert_eq!(Digits::new().num(2024).len(), 2);
    }

    #[test]
    fn hashes_are_short_lowercase_and_stable() {
        let h = content_hash(&[b"shiori"]);
        assert_eq!(h.len(), HASH_CHARS);
        assert!(h
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()));
        assert_eq!(h, content_hash(&[b"shiori"]));
        assert_ne!(h, content_hash(&[b"shiori", b""]));
    }
}
