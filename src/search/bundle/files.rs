//! Bundle files: each is a classic script `shiori.register("name", payload);`
//! named by a hash of its content, so a CDN can cache it forever.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::super::error::SearchError;

/// Writes bundle files into one directory, once per name.
pub struct FileSink {
    dir: PathBuf,
    names: BTreeSet<String>,
    total_bytes: u64,
}

impl FileSink {
    /// A sink writing into `dir` (created if missing).
    pub fn new(dir: &Path) -> Result<FileSink, SearchError> {
        fs::create_dir_all(dir).map_err(SearchError::io(dir))?;
        Ok(FileSink {
            dir: dir.to_path_buf(),
            names: BTreeSet::new(),
            total_bytes: 0,
        })
    }

    /// Writes `<name>.js` registering `payload` (a JS expression). A name is
    /// a content hash, so a name written before already holds this content.
    pub fn write(&mut self, name: &str, payload: &str) -> Result<(), SearchError> {
        let file = format!("{name}.js");
        if self.names.contains(&file) {
            return Ok(());
        }
        // A BOM makes browsers read the file as UTF-8 whatever the page says.
        let bom = if payload.is_ascii() { "" } else { "\u{feff}" };
        let text = format!("{bom}shiori.register(\"{name}\",{payload});\n");
        let path = self.dir.join(&file);
        fs::write(&path, &text).map_err(SearchError::io(&path))?;
        self.total_bytes += text.len() as u64;
        self.names.insert(file);
        Ok(())
    }

    /// Takes over what another sink wrote into the same directory.
    pub fn absorb(&mut self, other: FileSink) {
        self.names.extend(other.names);
        self.total_bytes += other.total_bytes;
    }

    /// The file names written, sorted, and their total size.
    pub fn finish(self) -> (Vec<String>, u64) {
        (self.names.into_iter().collect(), self.total_bytes)
    }
}

/// A Rust string as a JS string literal (as JSON writes it).
pub fn js_string(text: &str) -> String {
    // Most payloads, digits and plain terms, hold nothing JSON escapes
    // (control characters, `"`, `\`): they are quoted as they are. The
    // whole text is scanned without stopping early, which vectorises.
    let needs_escape = text.bytes().fold(false, |found, b| {
        found | (b < 0x20 || b == b'"' || b == b'\\')
    });
    if !needs_escape {
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        literal.push_str(text);
        literal.push('"');
        return literal;
    }
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::js_string;

    #[test]
    fn literals_are_what_json_writes() {
        for text in [
            "",
            "#$%&'()*+,-./0123~",
            "クラスター",
            "say \"hi\"",
            "C:\\path",
            "line\nbreak\ttab\u{1}",
            "\u{2028}\u{7f}é",
        ] {
            assert_eq!(
                js_string(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }
}
