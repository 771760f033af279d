//! The development server: the site's files confined to its output folder,
//! with the live-reload script added to every HTML page and an event stream
//! that tells pages to reload or to show build errors.
//!
//! It runs on hyper (through axum) on a small tokio runtime: every
//! connection is served on its own, so idle keep-alive connections and open
//! event streams never hold up a new request, as tiny_http's worker pool
//! did (page loads that never finished while other tabs were open).

use super::host::AllowedHosts;
use super::Hub;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
const LIVE_WORKER: &str = include_str!("live-worker.js");
const INJECT: &str = "<script src=\"/__shiori/live.js\" defer></script>";

/// How often an idle event stream gets a comment, so proxies and browsers keep it open.
const EVENT_KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(Clone)]
struct App {
    root: Arc<PathBuf>,
    hub: Arc<Hub>,
    hosts: Arc<AllowedHosts>,
}

/// Starts answering requests on `listener` (already bound) on `runtime`,
/// until the runtime is dropped.
pub fn spawn(
    runtime: &tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    root: PathBuf,
    hub: Arc<Hub>,
) -> std::io::Result<()> {
    let hosts = AllowedHosts::new(listener.local_addr()?);
    listener.set_nonblocking(true)?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let app = App {
        root: Arc::new(root),
        hub,
        hosts: Arc::new(hosts),
    };
    let router = axum::Router::new().fallback(handle).with_state(app);
    runtime.spawn(async move {
        // Accept errors (too many open files) are retried by axum itself.
        let _ = axum::serve(listener, router).await;
    });
    Ok(())
}

async fn handle(State(app): State<App>, request: Request) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or(""));
    if !app.hosts.allows(host) {
        return respond(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            b"shiori serve answers only requests for localhost or the address it listens on\n"
                .to_vec(),
        );
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        );
    }
    let path = request.uri().path().to_string();
    match path.as_str() {
        "/__shiori/events" => events(&app.hub),
        "/__shiori/live.js" => respond(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        ),
        "/__shiori/live-worker.js" => respond(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            LIVE_WORKER.as_bytes().to_vec(),
        ),
        "/__shiori/live.css" => respond(
            StatusCode::OK,
            "text/css; charset=utf-8",
            LIVE_CSS.as_bytes().to_vec(),
        ),
        _ => {
            // Reading files blocks: off the runtime's threads.
            let root = app.root.clone();
            tokio::task::spawn_blocking(move || file(&root, &path))
                .await
                .unwrap_or_else(|_| {
                    respond(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "text/plain; charset=utf-8",
                        b"internal error\n".to_vec(),
                    )
                })
        }
    }
}

/// The file at `path`, the reload script added to HTML; the site's 404 page otherwise.
fn file(root: &Path, path: &str) -> Response {
    match resolve(root, path).map(|file| (std::fs::read(&file), file)) {
        Some((Ok(bytes), file)) => {
            let kind = content_type(&file);
            let bytes = if kind.starts_with("text/html") {
                inject(bytes)
            } else {
                bytes
            };
            respond(StatusCode::OK, kind, bytes)
        }
        _ => not_found(root),
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

fn not_found(root: &Path) -> Response {
    let body = std::fs::read(root.join("404.html"))
        .map(inject)
        .unwrap_or_else(|_| b"404 not found".to_vec());
    respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
}

fn respond(status: StatusCode, kind: &'static str, body: Vec<u8>) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .expect("valid response")
}

/// A server-sent event stream: `reload`, `failed` (with the diagnostics as
/// JSON) and `fixed`. A page that connects while the build is broken gets
/// `failed` at once. The stream ends when the page goes away (its
/// subscription is dropped with it) or the server stops.
fn events(hub: &Hub) -> Response {
    let receiver = hub.subscribe();
    let first = format!(": shiori\n\n{}", hub.current_failure().unwrap_or_default());
    let stream = futures_util::stream::unfold(
        (Some(first), receiver),
        |(first, mut receiver)| async move {
            if let Some(first) = first {
                return Some((Ok::<_, Infallible>(first), (None, receiver)));
            }
            let message = match tokio::time::timeout(EVENT_KEEP_ALIVE, receiver.recv()).await {
                Ok(Some(message)) => message,
                Ok(None) => return None,
                Err(_) => ": keep-alive\n\n".to_string(),
            };
            Some((Ok(message), (None, receiver)))
        },
    );
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from_stream(stream))
        .expect("valid response")
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
