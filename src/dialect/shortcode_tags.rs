//! Reading one shortcode tag: Hugo's `{{< name args >}}` / `{{% … %}}`
//! and Zola's `{{ name(k="v") }}` / `{% name() %}`, with their arguments.

/// One shortcode tag as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tag {
    /// Bytes the tag takes in the text.
    pub len: usize,
    pub name: String,
    /// `(key, value)`; positional arguments have no key.
    pub args: Vec<(Option<String>, String)>,
    pub closing: bool,
    /// Written `{{< x />}}`, or a Zola call: it has no body.
    pub self_closing: bool,
    pub zola: bool,
}

impl Tag {
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .map(|(_, v)| v.as_str())
    }

    pub fn positional(&self, n: usize) -> Option<&str> {
        self.args
            .iter()
            .filter(|(k, _)| k.is_none())
            .nth(n)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn display(&self) -> String {
        match (self.zola, self.closing) {
            (true, _) => format!("{}()", self.name),
            (false, true) => format!("{{{{< /{} >}}}}", self.name),
            (false, false) => format!("{{{{< {} >}}}}", self.name),
        }
    }
}

/// A Hugo tag at the start of `s`: `{{< name args >}}`, `{{% name args %}}`, `{{< /name >}}`.
pub(crate) fn hugo(s: &str) -> Option<Tag> {
    let rest = s.strip_prefix("{{")?;
    let delim = rest.chars().next().filter(|c| *c == '<' || *c == '%')?;
    let end_mark = if delim == '<' { ">}}" } else { "%}}" };
    let end = rest.find(end_mark)?;
    let inner = rest[1..end].trim();
    if inner.starts_with("/*") {
        return None;
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i.trim_start()),
        None => (false, inner),
    };
    let (inner, self_closing) = match inner.strip_suffix('/') {
        Some(i) => (i.trim_end(), true),
        None => (inner, false),
    };
    let name_len = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_/.".contains(c))
    {
        return None;
    }
    Some(Tag {
        len: 2 + end + end_mark.len(),
        name: name.to_string(),
        args: hugo_args(&inner[name_len..]),
        closing,
        self_closing,
        zola: false,
    })
}

pub(super) fn hugo_args(text: &str) -> Vec<(Option<String>, String)> {
    let mut args = Vec::new();
    let mut chars = text.trim().chars().peekable();
    while chars.peek().is_some() {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut key = None;
        let mut word = String::new();
        loop {
            match chars.peek().copied() {
                None => break,
                Some(c) if c.is_whitespace() => break,
                Some('=') if key.is_none() && !word.is_empty() => {
                    chars.next();
                    key = Some(std::mem::take(&mut word));
                }
                Some(q @ ('"' | '`' | '\'')) if word.is_empty() => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        word.push(c);
                    }
                    break;
                }
                Some(c) => {
                    chars.next();
                    word.push(c);
                }
            }
        }
        if key.is_some() || !word.is_empty() {
            args.push((key, word));
        }
    }
    args
}

/// A Zola call at the start of `s`: `{{ name(k="v") }}` (inline) or `{% name(k="v") %}` (with a body).
pub(crate) fn zola(s: &str) -> Option<Tag> {
    let (open, close, body) = if s.starts_with("{{") {
        ("{{", "}}", false)
    } else if s.starts_with("{%") {
        ("{%", "%}", true)
    } else {
        return None;
    };
    let end = s.find(close)?;
    let inner = s[open.len()..end].trim();
    if body && inner == "end" {
        return Some(Tag {
            len: end + close.len(),
            name: "end".into(),
            args: Vec::new(),
            closing: true,
            self_closing: false,
            zola: true,
        });
    }
    let paren = inner.find('(')?;
    let name = &inner[..paren];
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let args_text = inner[paren + 1..].strip_suffix(')')?;
    let args = args_text
        .split(',')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            let v = v.trim().trim_matches(['"', '\'', '`']);
            Some((Some(k.trim().to_string()), v.to_string()))
        })
        .collect();
    Some(Tag {
        len: end + close.len(),
        name: name.to_string(),
        args,
        closing: false,
        self_closing: !body,
        zola: true,
    })
}
