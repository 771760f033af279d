//! Headless Chromium for tests: load a page (over http or file://), get the
//! DOM after scripts ran and what the page printed to its console.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What Chromium saw on one page.
pub struct Visit {
    pub dom: String,
    /// Console messages, CSP violations and failed loads among them.
    pub console: Vec<String>,
}

/// Loads `url` in headless Chromium and returns the DOM and console output.
pub fn visit(url: &str) -> Visit {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("net::ERR_") || l.contains("violates"))
        .map(str::to_string)
        .collect();
    Visit {
        dom: String::from_utf8_lossy(&output.stdout).into_owned(),
        console,
    }
}

/// A minimal static file server on an ephemeral loopback port, for the
/// duration of a test. Serves `dir`; misses get 404.
pub struct StaticServer {
    pub port: u16,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let dir: PathBuf = dir.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let mut line = String::new();
                    if BufReader::new(&stream).read_line(&mut line).is_err() {
                        return;
                    }
                    let path = line.split_whitespace().nth(1).unwrap_or("/");
                    let path = path.split(['?', '#']).next().unwrap_or("/");
                    let mut rel = shiori::urls::decode(path.trim_start_matches('/'));
                    if rel.is_empty() || rel.ends_with('/') {
                        rel.push_str("index.html");
                    }
                    let file = dir.join(&rel);
                    let safe = !rel.split('/').any(|p| p == "..");
                    let (status, body) = match std::fs::read(&file) {
                        Ok(body) if safe => ("200 OK", body),
                        _ => ("404 Not Found", b"not found".to_vec()),
                    };
                    let kind = match rel.rsplit('.').next() {
                        Some("html") => "text/html; charset=utf-8",
                        Some("css") => "text/css; charset=utf-8",
                        Some("js") => "text/javascript; charset=utf-8",
                        Some("svg") => "image/svg+xml",
                        Some("xml") => "application/xml",
                        _ => "application/octet-stream",
                    };
                    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(&body);
                });
            }
        });
        StaticServer { port }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{}", self.port, path)
    }
}
