//! The development server: the site's files confined to its output folder,
//! with the live-reload script added to every HTML page (with the build
//! number the page is at), an event stream that tells pages to reload or
//! to show build errors, and the current numbers for a page catching up.
//!
//! It runs on hyper (through axum) on a small tokio runtime: every
//! connection is served on its own, so idle keep-alive connections and open
//! event streams never hold up a new request, as tiny_http's worker pool
//! did (page loads that never finished while other tabs were open).

use super::host::AllowedHosts;
use super::hub::{Hub, PageState};
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
        "/__shiori/state" => {
            let page = request
                .uri()
                .query()
                .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("page=")))
                .map(crate::urls::decode)
                .unwrap_or_default();
            let state = serde_json::to_vec(&app.hub.page(&page)).expect("state serializes");
            respond(StatusCode::OK, "application/json", state)
        }
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
            let hub = app.hub.clone();
            tokio::task::spawn_blocking(move || file(&root, &path, &hub))
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
fn file(root: &Path, path: &str, hub: &Hub) -> Response {
    let Some(file) = resolve(root, path) else {
        return not_found(root, &page_key(path), hub);
    };
    let key = root
        .canonicalize()
        .ok()
        .and_then(|r| file.strip_prefix(r).ok().map(|p| p.to_path_buf()))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| page_key(path));
    // The version first, then the file: the file is at least that new.
    let state = hub.page(&key);
    match std::fs::read(&file) {
        Ok(bytes) => {
            let kind = content_type(&file);
            let bytes = if kind.starts_with("text/html") {
                inject(bytes, &key, &state)
            } else {
                bytes
            };
            respond(StatusCode::OK, kind, bytes)
        }
        Err(_) => not_found(root, &key, hub),
    }
}

/// The output path a URL path names (`net/` names `net/index.html`).
fn page_key(url_path: &str) -> String {
    let mut key = crate::urls::decode(url_path.trim_start_matches('/'));
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    key
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

/// The reload script for the page at `key`, which tells it which build its
/// HTML is at and which search bundle it loads. Not deferred: at the end of
/// `<body>` it runs before the theme's deferred scripts, and notes the page
/// as served (see live.js).
fn script(key: &str, state: &PageState) -> String {
    let page = key
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<script src=\"/__shiori/live.js\" data-page=\"{page}\" data-version=\"{}\" data-index=\"{}\"></script>",
        state.version, state.index
    )
}

fn inject(bytes: Vec<u8>, key: &str, state: &PageState) -> Vec<u8> {
    let Ok(html) = String::from_utf8(bytes.clone()) else {
        return bytes;
    };
    let script = script(key, state);
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]).into_bytes(),
        None => (html + &script).into_bytes(),
    }
}

/// The site's 404 page for a request of `key`: it reloads once a page is written there.
fn not_found(root: &Path, key: &str, hub: &Hub) -> Response {
    let state = hub.page(key);
    let body = std::fs::read(root.join("404.html"))
        .map(|page| inject(page, key, &state))
        .unwrap_or_else(|_| b"404 not found".to_vec());
    respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
}

fn respond(status: StatusCode, kind: impl AsRef<str>, body: Vec<u8>) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind.as_ref())
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .expect("valid response")
}

/// A server-sent event stream: `reload` (a build's number, the pages it
/// wrote, whether it changed them all), `index` (the search bundle's new
/// number), `failed` (the diagnostics as JSON) and `fixed`. A page that
/// connects while the build is broken gets `failed` at once. The stream ends when the page goes away (its
/// subscription is dropped with it) or the server stops.
fn events(hub: &Hub) -> Response {
    let receiver = hub.subscribe();
    let failure = hub
        .failure()
        .map(|data| format!("event: failed\ndata: {data}\n\n"));
    let first = format!(": shiori\n\n{}", failure.unwrap_or_default());
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

/// The media type of a file, by its extension; text is UTF-8, as shiori writes it.
fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || mime.subtype() == mime_guess::mime::JAVASCRIPT
        || mime.subtype() == mime_guess::mime::XML;
    if text && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
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
    fn the_reload_script_goes_before_the_body_closes_with_the_page_s_build() {
        let state = PageState {
            version: 7,
            index: 2,
            failure: None,
        };
        let html = inject(
            b"<html><body><p>x</p></body></html>".to_vec(),
            "net/a\"b.html",
            &state,
        );
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__shiori/live.js\" data-page=\"net/a&quot;b.html\" \
             data-version=\"7\" data-index=\"2\"></script></body></html>"
        );
    }

    #[test]
    fn types_come_from_the_extension_and_text_is_utf_8() {
        for (file, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.woff2", "font/woff2"),
            ("a.PNG", "image/png"),
            ("a.unknown", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), kind, "{file}");
        }
    }

    #[test]
    fn a_url_names_the_page_it_serves() {
        assert_eq!(page_key("/"), "index.html");
        assert_eq!(page_key("/net/"), "net/index.html");
        assert_eq!(page_key("/tags/%E3%83%AB.html"), "tags/ル.html");
    }
}
