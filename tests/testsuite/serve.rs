//! `shiori serve`: an edit reaches open pages — the reload event, the new
//! HTML, the updated backlink on another page — and a broken edit shows the
//! errors while the last good site is still served.

use crate::common::Site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub(crate) struct Served {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn serve(site: &Site) -> Served {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shiori"));
    command.arg("--root").arg(site.root());
    serve_with(command)
}

/// `shiori serve` run from inside the site folder, without `--root`.
fn serve_here(site: &Site) -> Served {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shiori"));
    command.current_dir(site.root());
    serve_with(command)
}

fn serve_with(mut command: Command) -> Served {
    let mut child = command
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok());
    Served {
        child,
        port: port.unwrap_or_else(|| panic!("no address in {line:?}")),
    }
}

/// GET `path`: (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The server-sent events, one `(event, data)` per message, read in the
/// background. Returns once the server has answered with the stream's
/// opening comment: from then on no event is missed. (The server watches
/// the files before it prints its address.)
pub(crate) fn events(port: u16) -> mpsc::Receiver<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__shiori/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let (sender, receiver) = mpsc::channel();
    let (opened, open) = mpsc::channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(stream);
        let (mut event, mut data) = (String::new(), String::new());
        for line in reader.lines() {
            let Ok(line) = line else { return };
            if line == ": shiori" {
                let _ = opened.send(());
            } else if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = d.to_string();
            } else if line.is_empty()
                && !event.is_empty()
                && sender
                    .send((std::mem::take(&mut event), std::mem::take(&mut data)))
                    .is_err()
            {
                return;
            }
        }
    });
    open.recv_timeout(Duration::from_secs(20))
        .expect("the event stream opens");
    receiver
}

/// The next `wanted` event. An editor's save can reach the watcher as two
/// changes (truncate, then write), so other events may come first.
pub(crate) fn wait_for(events: &mpsc::Receiver<(String, String)>, wanted: &str) -> String {
    loop {
        let (event, data) = events
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no `{wanted}` event within 20 s"));
        if event == wanted {
            return data;
        }
    }
}

/// The next `reload` event that lists `page` (background work sends others
/// for the site-wide pages it rewrites).
fn reload_of(events: &mpsc::Receiver<(String, String)>, page: &str) -> serde_json::Value {
    loop {
        let data: serde_json::Value = serde_json::from_str(&wait_for(events, "reload")).unwrap();
        if data["pages"].as_array().unwrap().iter().any(|p| p == page) {
            return data;
        }
    }
}

/// The page at `path` once it contains `text` (it may lag one rebuild behind an event).
fn page_with(port: u16, path: &str, text: &str) -> String {
    for _ in 0..100 {
        let (_, body) = get(port, path);
        if body.contains(text) {
            return body;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{path} never contained {text}");
}

#[test]
fn an_edit_reloads_pages_and_a_broken_edit_shows_the_errors() {
    let site = Site::with(&[
        ("content/net/_index.md", "---\ntitle: ネットワーク\n---\n"),
        (
            "content/net/snat.md",
            "---\ntitle: 外部 SNAT\n---\n最初の本文。\n",
        ),
        (
            "content/net/cni.md",
            "---\ntitle: VPC CNI\n---\n[[snat]] を参照。\n",
        ),
        (
            "content/net/other.md",
            "---\ntitle: 別のノート\n---\nまだリンクなし。\n",
        ),
    ]);
    let served = serve(&site);
    let (status, page) = get(served.port, "/net/snat.html");
    assert_eq!(status, 200);
    assert!(page.contains("最初の本文。"));
    assert!(
        page.contains("/__shiori/live.js"),
        "the reload script is injected in serve"
    );
    assert!(
        !site
            .root()
            .join(".shiori/serve/net/snat.html")
            .read_to_string_contains("live.js"),
        "but not written to disk"
    );
    let events = events(served.port);

    save(
        &site,
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n書き換えた本文。zanzibarword を追加。\n",
    );
    reload_of(&events, "net/snat.html");
    assert!(get(served.port, "/net/snat.html")
        .1
        .contains("書き換えた本文。"));
    wait_for(&events, "index");
    if crate::common::node::node_available("serve search") {
        assert_eq!(
            search_served(&site, "zanzibarword"),
            ["net/snat.html"],
            "the search bundle follows the edit"
        );
    }

    save(
        &site,
        "content/net/other.md",
        "---\ntitle: 別のノート\n---\n[[snat]] へのリンクを追加。\n",
    );
    // The linked note is rebuilt for its backlinks.
    reload_of(&events, "net/snat.html");
    assert!(
        get(served.port, "/net/snat.html").1.contains("別のノート"),
        "the new backlink is shown"
    );

    save(
        &site,
        "content/net/snat.md",
        "---\ntitle: [壊れた\n---\n壊れた本文。\n",
    );
    let data = wait_for(&events, "failed");
    let diagnostics: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(diagnostics[0]["file"], "content/net/snat.md");
    assert_eq!(diagnostics[0]["line"], 2);
    let (status, page) = get(served.port, "/net/snat.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("書き換えた本文。"),
        "the last good page is still served"
    );

    save(
        &site,
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n直した本文。\n",
    );
    wait_for(&events, "fixed");
    page_with(served.port, "/net/snat.html", "直した本文。");
}

/// Three notes of a small network section: `cni` links to `snat` by title.
fn network_site() -> Site {
    Site::with(&[
        ("content/net/_index.md", "---\ntitle: ネットワーク\n---\n"),
        (
            "content/net/snat.md",
            "---\ntitle: 外部 SNAT\n---\n## 対策\n\n本文。\n",
        ),
        (
            "content/net/cni.md",
            "---\ntitle: VPC CNI\n---\n[[外部 SNAT#対策]] を参照。\n",
        ),
        (
            "content/net/other.md",
            "---\ntitle: 別のノート\n---\nリンクなし。\n",
        ),
    ])
}

#[test]
fn a_renamed_note_moves_and_the_links_to_it_follow() {
    let site = network_site();
    let served = serve(&site);
    let events = events(served.port);

    std::fs::rename(
        site.root().join("content/net/snat.md"),
        site.root().join("content/net/nat.md"),
    )
    .unwrap();
    reload_of(&events, "net/nat.html");
    assert_eq!(get(served.port, "/net/nat.html").0, 200);
    assert_eq!(
        get(served.port, "/net/snat.html").0,
        404,
        "the old page is gone"
    );
    let cni = get(served.port, "/net/cni.html").1;
    assert!(
        cni.contains("href=\"nat.html#"),
        "the link follows the note"
    );
}

#[test]
fn deleting_a_linked_note_shows_the_broken_link_and_restoring_it_clears_it() {
    let site = network_site();
    let served = serve(&site);
    let events = events(served.port);

    let text = std::fs::read_to_string(site.root().join("content/net/snat.md")).unwrap();
    std::fs::remove_file(site.root().join("content/net/snat.md")).unwrap();
    // A reader can still read the linking note: it is rebuilt with the
    // link shown as unresolved (`shiori check` reports it as an error).
    reload_of(&events, "net/cni.html");
    page_with(
        served.port,
        "/net/cni.html",
        "<span class=\"broken-link\">外部 SNAT#対策</span>",
    );

    site.write("content/net/snat.md", &text);
    reload_of(&events, "net/snat.html");
    page_with(served.port, "/net/cni.html", "href=\"snat.html#対策\"");
    page_with(served.port, "/net/snat.html", "本文。");
}

#[test]
fn a_broken_edit_after_a_removed_heading_shows_the_errors_and_a_fix_clears_them() {
    let site = network_site();
    let served = serve(&site);
    let events = events(served.port);

    save(
        &site,
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n## 別の見出し\n\n本文。\n",
    );
    // The anchor is gone: a warning, and the pages are rebuilt.
    reload_of(&events, "net/snat.html");
    page_with(served.port, "/net/snat.html", "別の見出し");
    save(
        &site,
        "content/net/snat.md",
        "---\ntitle: [外部 SNAT\n---\n## 別の見出し\n\n本文。\n",
    );
    let data = wait_for(&events, "failed");
    assert!(
        data.contains("content/net/snat.md"),
        "the broken front matter is reported: {data}"
    );

    save(
        &site,
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n## 対策\n\n戻した本文。\n",
    );
    wait_for(&events, "fixed");
    page_with(served.port, "/net/snat.html", "戻した本文。");
}

/// The status of `path` once it is `status` (site-wide pages trail an edit).
fn status_becomes(port: u16, path: &str, status: u16) {
    for _ in 0..400 {
        if get(port, path).0 == status {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{path} never answered {status}");
}

#[test]
fn a_print_part_the_site_no_longer_has_is_removed_but_a_note_named_like_one_stays() {
    // 201 notes: two print parts. A note named like a fifth part is only a
    // note (there is no fifth part), and it must survive the clean-up.
    let site = Site::new();
    for n in 0..200 {
        site.write(
            &format!("content/s/n{n:03}.md"),
            &format!("# ノート{n:03}\n\n本文\n"),
        );
    }
    site.write("content/print-5.md", "# 五番目ではない\n\n本文\n");
    let served = serve(&site);
    let events = events(served.port);
    assert_eq!(get(served.port, "/print-2.html").0, 200);

    std::fs::remove_file(site.root().join("content/s/n199.md")).unwrap();
    reload_of(&events, "s/n198.html");
    status_becomes(served.port, "/print-2.html", 404);
    let (status, body) = get(served.port, "/print-5.html");
    assert_eq!(status, 200);
    assert!(body.contains("五番目ではない"), "{body}");
}

#[test]
fn a_new_tag_gets_a_page_listing_the_note() {
    let site = network_site();
    let served = serve(&site);
    let events = events(served.port);
    let tag_page = format!("/tags/{}.html", percent_encode("ルーティング"));
    assert_eq!(get(served.port, &tag_page).0, 404);

    save(
        &site,
        "content/net/other.md",
        "---\ntitle: 別のノート\ntags: [ルーティング]\n---\nリンクなし。\n",
    );
    reload_of(&events, "net/other.html");
    let page = page_with(served.port, &tag_page, "別のノート");
    assert!(page.contains("other.html"), "the tag page links the note");
}

#[test]
fn serving_from_inside_the_site_folder_sees_edits() {
    let site = network_site();
    let served = serve_here(&site);
    let events = events(served.port);

    save(
        &site,
        "content/net/other.md",
        "---\ntitle: 別のノート\n---\n書き換えた。\n",
    );
    reload_of(&events, "net/other.html");
    assert!(get(served.port, "/net/other.html")
        .1
        .contains("書き換えた。"));
}

fn percent_encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// The pages the served search bundle finds for `query`, once it has caught up
/// with the last edit (the bundle may trail the pages by a moment).
fn search_served(site: &Site, query: &str) -> Vec<String> {
    let search_dir = site.root().join(".shiori/serve/search");
    let queries = site.root().join(".queries.json");
    std::fs::write(&queries, format!("[{{\"query\": \"{query}\"}}]")).unwrap();
    for _ in 0..100 {
        let ready = std::fs::read_dir(&search_dir)
            .map(|d| d.count() > 3)
            .unwrap_or(false);
        if ready {
            let out = crate::common::node::run_node(
                "tests/js/parity-runner.mjs",
                &[&search_dir, &queries],
            );
            let results: serde_json::Value = serde_json::from_str(&out).unwrap();
            let urls: Vec<String> = results[0]["urls"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap().to_string())
                .collect();
            if !urls.is_empty() {
                return urls;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the served search bundle never found {query}");
}

/// Saves a file the way most editors do: a temporary file renamed over the old one.
pub(crate) fn save(site: &Site, path: &str, text: &str) {
    let temp = site.root().join(".save.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, site.root().join(path)).unwrap();
}

#[test]
fn serving_is_confined_to_the_site_with_types_and_a_404_page() {
    let site = Site::with(&[("content/a.md", "# A\n"), ("secret.txt", "secret")]);
    let served = serve(&site);
    let (status, body) = get(served.port, "/../secret.txt");
    assert_eq!(status, 404);
    assert!(!body.contains("secret\n"));
    assert_eq!(get(served.port, "/%2e%2e/%2e%2e/secret.txt").0, 404);
    let (status, body) = get(served.port, "/missing.html");
    assert_eq!(status, 404);
    assert!(
        body.contains("ページが見つかりません"),
        "the site's 404 page"
    );
    let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(
        stream,
        "GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response
            .to_ascii_lowercase()
            .contains("content-type: text/css; charset=utf-8"),
        "{}",
        &response[..200]
    );
}

/// Sends `request` on a fresh connection and reads the whole answer.
fn raw(port: u16, request: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn a_request_for_another_host_is_refused() {
    let site = Site::with(&[("content/a.md", "# A\n\n秘密のメモ\n")]);
    let served = serve(&site);
    // What a page of a rebinding domain sends: its own name as Host.
    for path in ["/a.html", "/__shiori/events", "/__shiori/live.js"] {
        let response = raw(
            served.port,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
                served.port
            ),
        );
        assert!(response.starts_with("HTTP/1.1 403"), "{path}: {response}");
        assert!(!response.contains("秘密のメモ"));
    }
    for host in ["localhost", "127.0.0.1", "docs.localhost"] {
        let response = raw(
            served.port,
            &format!(
                "GET /a.html HTTP/1.1\r\nHost: {host}:{}\r\nConnection: close\r\n\r\n",
                served.port
            ),
        );
        assert!(response.starts_with("HTTP/1.1 200"), "{host}: {response}");
        assert!(response.contains("秘密のメモ"));
    }
}

/// Reads one response (headers and a `content-length` body) from `reader`.
fn read_response(reader: &mut BufReader<TcpStream>) -> (String, String) {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "connection closed"
        );
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (head, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn keep_alive_connections_are_reused_and_never_hold_up_new_ones() {
    let site = Site::with(&[("content/a.md", "# A\n\n本文\n")]);
    let served = serve(&site);
    // Many idle keep-alive connections and open event streams, as open tabs leave.
    let mut idle = Vec::new();
    for _ in 0..40 {
        let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
        write!(stream, "GET /a.html HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let (head, _) = read_response(&mut reader);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        idle.push(reader);
    }
    let streams: Vec<_> = (0..10).map(|_| events(served.port)).collect();
    // A new connection is answered at once, and keeps being reused.
    let stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    for _ in 0..20 {
        write!(
            reader.get_mut(),
            "GET /a.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (head, body) = read_response(&mut reader);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(body.contains("本文"));
    }
    // The idle ones still answer too.
    for reader in &mut idle {
        write!(
            reader.get_mut(),
            "GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        assert!(read_response(reader).0.starts_with("HTTP/1.1 200"));
    }
    drop(streams);
}

#[test]
fn every_tab_shares_one_event_stream_through_a_shared_worker() {
    let site = Site::with(&[("content/a.md", "# A\n")]);
    let served = serve(&site);
    let (status, live) = get(served.port, "/__shiori/live.js");
    assert_eq!(status, 200);
    assert!(live.contains("new SharedWorker(\"/__shiori/live-worker.js\")"));
    let response = raw(
        served.port,
        "GET /__shiori/live-worker.js HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response
        .to_ascii_lowercase()
        .contains("content-type: text/javascript"));
    assert!(response.contains("new EventSource(\"/__shiori/events\")"));
}

#[test]
fn an_http_1_0_keep_alive_request_is_answered_as_keep_alive_and_reused() {
    let site = Site::with(&[("content/a.md", "# A\n\n本文\n")]);
    let served = serve(&site);
    let stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    for _ in 0..3 {
        write!(
            reader.get_mut(),
            "GET /a.html HTTP/1.0\r\nHost: localhost\r\nConnection: Keep-Alive\r\n\r\n"
        )
        .unwrap();
        let (head, body) = read_response(&mut reader);
        assert!(head.starts_with("HTTP/1.0 200"), "{head}");
        assert!(
            head.to_ascii_lowercase().contains("connection: keep-alive"),
            "{head}"
        );
        assert!(body.contains("本文"));
    }
    // Without Keep-Alive, HTTP/1.0 closes after the answer.
    let response = raw(
        served.port,
        "GET /a.html HTTP/1.0\r\nHost: localhost\r\n\r\n",
    );
    assert!(response.starts_with("HTTP/1.0 200"), "{response}");
}

trait ContainsInFile {
    fn read_to_string_contains(&self, needle: &str) -> bool;
}

impl ContainsInFile for std::path::PathBuf {
    fn read_to_string_contains(&self, needle: &str) -> bool {
        std::fs::read_to_string(self)
            .map(|s| s.contains(needle))
            .unwrap_or(false)
    }
}

/// The value of `data-<name>` on the injected reload script of `page`.
fn live_attr(page: &str, name: &str) -> u64 {
    let script = &page[page.find("/__shiori/live.js").expect("the reload script")..];
    let marker = format!("data-{name}=\"");
    let at = script.find(&marker).expect("the attribute") + marker.len();
    script[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn a_page_served_before_an_edit_can_tell_it_is_behind() {
    let site = network_site();
    let served = serve(&site);
    let events = events(served.port);
    let (_, before) = get(served.port, "/net/snat.html");
    let served_at = live_attr(&before, "version");
    let state = |page: &str| -> serde_json::Value {
        let (status, body) = get(served.port, &format!("/__shiori/state?page={page}"));
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    };
    assert_eq!(state("net/snat.html")["version"], served_at);
    let other_at = state("net/other.html")["version"].as_u64().unwrap();

    save(
        &site,
        "content/net/snat.md",
        "---\ntitle: 外部 SNAT\n---\n## 対策\n\n新しい本文。\n",
    );
    reload_of(&events, "net/snat.html");
    // What a page that missed the event asks when it connects.
    let now = state("net%2Fsnat.html")["version"].as_u64().unwrap();
    assert!(now > served_at, "{now} > {served_at}");
    let (_, after) = get(served.port, "/net/snat.html");
    assert!(after.contains("新しい本文。"));
    assert_eq!(live_attr(&after, "version"), now);
    assert_eq!(
        state("net/other.html")["version"],
        other_at,
        "a page the edit did not change is not behind"
    );
    assert_eq!(state("net/snat.html")["failure"], serde_json::Value::Null);
}
