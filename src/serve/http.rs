//! The development server: the site's files confined to its output folder,
//! with the live-reload script added to every HTML page and an event stream
//! that tells pages to reload or to show build errors.

use super::Hub;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use tiny_http::{Header, Request, Response, Server, StatusCode};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
const INJECT: &str = "<script src=\"/__shiori/live.js\" defer></script>";

/// Answers requests until the server is dropped, one thread per request.
pub fn run(server: Arc<Server>, root: PathBuf, hub: Arc<Hub>) {
    for request in server.incoming_requests() {
        let root = root.clone();
        let hub = hub.clone();
        std::thread::spawn(move || handle(request, &root, &hub));
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn handle(request: Request, root: &Path, hub: &Hub) {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    match path.as_str() {
        "/__shiori/events" => return events(request, hub),
        "/__shiori/live.js" => {
            return respond(
                request,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            )
        }
        "/__shiori/live.css" => {
            return respond(
                request,
                200,
                "text/css; charset=utf-8",
                LIVE_CSS.as_bytes().to_vec(),
            )
        }
        _ => {}
    }
    match resolve(root, &path) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let kind = content_type(&file);
                let bytes = if kind.starts_with("text/html") {
                    inject(bytes)
                } else {
                    bytes
                };
                respond(request, 200, kind, bytes)
            }
            Err(_) => not_found(request, root),
        },
        None => not_found(request, root),
    }
}

/// Maps a URL path to a file inside `root`; `None` for anything outside it.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = crate::urls::decode(url_path);
    let mut file = root.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let canonical = file.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (canonical.starts_with(&root) && canonical.is_file()).then_some(canonical)
}

fn inject(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(html) = String::from_utf8(bytes.clone()) else {
        return bytes;
    };
    match html.rfind("</body>") {
        Some(at) => format!("{}{INJECT}{}", &html[..at], &html[at..]).into_bytes(),
        None => (html + INJECT).into_bytes(),
    }
}

fn not_found(request: Request, root: &Path) {
    let body = std::fs::read(root.join("404.html"))
        .map(inject)
        .unwrap_or_else(|_| b"404 not found".to_vec());
    respond(request, 404, "text/html; charset=utf-8", body);
}

fn respond(request: Request, status: u16, kind: &str, body: Vec<u8>) {
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// A server-sent event stream: `reload`, `failed` (with the diagnostics as
/// JSON) and `fixed`. A page that connects while the build is broken gets
/// `failed` at once.
fn events(request: Request, hub: &Hub) {
    let receiver = hub.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: shiori\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    if let Some(failure) = hub.current_failure() {
        if writer
            .write_all(failure.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
    loop {
        let message = match receiver.recv_timeout(std::time::Duration::from_secs(15)) {
            Ok(message) => message,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/a")).unwrap();
        std::fs::write(dir.path().join("site/a/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("site/a/b c.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        let root = dir.path().join("site");
        assert!(resolve(&root, "/a/").is_some());
        assert!(resolve(&root, "/a/b%20c.html").is_some());
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/a/%2E%2E/%2E%2E/secret.txt",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_body_closes() {
        let html =
            String::from_utf8(inject(b"<html><body><p>x</p></body></html>".to_vec())).unwrap();
        assert!(html.ends_with(&format!("{INJECT}</body></html>")));
    }
}
