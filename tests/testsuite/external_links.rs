//! `shiori check --external` against a server on 127.0.0.1 that answers as
//! real sites do: working pages, a permanent move, a missing page, a rate
//! limit, a server refusing HEAD, one that never answers, and a skipped
//! intranet page.

use crate::common::{Run, Site};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Every request the server saw: method, path, when.
type Log = Arc<Mutex<Vec<(String, String, Instant)>>>;

struct TestServer {
    origin: String,
    log: Log,
}

impl TestServer {
    fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let log: Log = Arc::default();
        let seen = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = seen.clone();
                std::thread::spawn(move || answer(stream, &seen));
            }
        });
        TestServer { origin, log }
    }

    /// The requests for `path` so far, as `METHOD` strings.
    fn requests(&self, path: &str) -> Vec<String> {
        let log = self.log.lock().unwrap();
        log.iter()
            .filter(|(_, p, _)| p == path)
            .map(|(m, _, _)| m.clone())
            .collect()
    }

    fn total(&self) -> usize {
        self.log.lock().unwrap().len()
    }
}

fn answer(stream: TcpStream, log: &Log) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let earlier = {
        let mut log = log.lock().unwrap();
        let earlier = log.iter().filter(|(_, p, _)| *p == path).count();
        log.push((method.clone(), path.clone(), Instant::now()));
        earlier
    };
    let (status, extra) = match (method.as_str(), path.as_str()) {
        (_, "/ok" | "/new" | "/landing" | "/private/x") => ("200 OK", ""),
        (_, "/old") => ("301 Moved Permanently", "Location: /new\r\n"),
        (_, "/gone" | "/removed") => ("404 Not Found", ""),
        // Relative, as sites often send it.
        (_, "/temp") => ("302 Found", "Location: landing\r\n"),
        (_, "/moved-gone") => ("301 Moved Permanently", "Location: /removed\r\n"),
        (_, "/busy") if earlier == 0 => ("429 Too Many Requests", "Retry-After: 1\r\n"),
        (_, "/busy") => ("200 OK", ""),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", "Allow: GET\r\n"),
        ("GET", "/no-head") => ("200 OK", ""),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            return;
        }
        _ => ("404 Not Found", ""),
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

fn site(server: &TestServer) -> Site {
    let o = &server.origin;
    Site::with(&[
        (
            "site.yaml",
            &format!(
                "external_links:\n  skip: [\"{o}/private/\"]\n  timeout_seconds: 1\n  host_delay_ms: 0\n"
            ),
        ),
        (
            "content/official-docs.yaml",
            &format!(
                "- id: moved\n  title: 移動したページ\n  url: {o}/old\n\
                 - id: works\n  title: 動くページ\n  url: {o}/ok\n"
            ),
        ),
        (
            "content/a.md",
            &format!(
                "---\ntitle: 外部リンク\n---\n\
                 [消えた]({o}/gone) と [混雑]({o}/busy)\n\
                 [HEAD 不可]({o}/no-head#見出し) と <{o}/slow>\n\
                 [社内]({o}/private/x) [カタログ]({o}/ok)\n\
                 [一時]({o}/temp) と [移動後に消えた]({o}/moved-gone)\n"
            ),
        ),
    ])
}

/// `shiori check` with no proxy from the environment in the way.
fn check(site: &Site, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_shiori"))
        .arg("--root")
        .arg(site.root())
        .arg("check")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .expect("run shiori");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn external_links_are_checked_reported_at_their_place_and_cached() {
    let server = TestServer::start();
    let site = site(&server);
    let o = &server.origin;

    let plain = check(&site, &[]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_eq!(server.total(), 0, "a plain check never touches the network");

    let run = check(&site, &["--external"]);
    let err = &run.stderr;
    assert_eq!(run.code, 1, "{err}");
    assert!(
        err.contains("asking 8 external URLs on 1 site(s)…"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error[external-link]: `{o}/gone` answered 404 Not Found\n --> content/a.md:4:1"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error[external-link]: `{o}/slow` gave no answer within 1 s\n --> content/a.md:5:"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "warning[external-redirect]: `{o}/old` has moved permanently (301) to `{o}/new`\n --> content/official-docs.yaml:3:8"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("= help: change this entry's `url:` to `{o}/new`")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error[external-link]: `{o}/moved-gone` answered 404 Not Found (redirected to `{o}/removed`)\n --> content/a.md:7:"
        )),
        "{err}"
    );
    assert!(
        !err.contains("/temp`"),
        "a temporary redirect is not reported:\n{err}"
    );
    assert!(
        !err.contains("/busy`"),
        "the rate-limited page works after Retry-After:\n{err}"
    );
    assert!(!err.contains("/no-head`"), "{err}");
    assert!(err.contains("3 error(s), 1 warning(s)"), "{err}");
    assert!(
        err.contains("external links: 9 URLs, 8 asked, 0 from the cache"),
        "{err}"
    );

    assert_eq!(server.requests("/busy"), ["HEAD", "HEAD"]);
    {
        let log = server.log.lock().unwrap();
        let times: Vec<Instant> = log
            .iter()
            .filter(|(_, p, _)| p == "/busy")
            .map(|e| e.2)
            .collect();
        assert!(
            times[1] - times[0] >= Duration::from_millis(800),
            "Retry-After: 1 was honoured"
        );
    }
    assert_eq!(server.requests("/no-head"), ["HEAD", "GET"]);
    assert_eq!(server.requests("/old"), ["HEAD"]);
    assert_eq!(server.requests("/new"), ["HEAD"]);
    assert_eq!(server.requests("/landing"), ["HEAD"]);
    assert_eq!(
        server.requests("/ok"),
        ["HEAD"],
        "one URL written twice is asked once"
    );
    assert!(server.requests("/private/x").is_empty(), "skipped");
    assert!(site.root().join(".shiori/external-links.json").is_file());

    // Again: the working links come from the cache, the failures are asked again.
    let again = check(&site, &["--external", "--format", "json"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    for path in ["/ok", "/old", "/new", "/no-head", "/temp", "/landing"] {
        assert_eq!(
            server.requests(path).len(),
            if path == "/no-head" { 2 } else { 1 },
            "{path} was cached"
        );
    }
    assert_eq!(server.requests("/busy").len(), 2, "cached after it worked");
    assert_eq!(server.requests("/gone").len(), 4, "HEAD and GET, twice");
    assert_eq!(server.requests("/slow").len(), 2);
    assert!(
        again
            .stderr
            .contains("external links: 9 URLs, 3 asked, 5 from the cache"),
        "{}",
        again.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("external-link".to_string(), "content/a.md".to_string(), 4),
            ("external-link".to_string(), "content/a.md".to_string(), 5),
            ("external-link".to_string(), "content/a.md".to_string(), 7),
            (
                "external-redirect".to_string(),
                "content/official-docs.yaml".to_string(),
                3
            ),
        ]
    );

    let fresh = check(&site, &["--external", "--no-cache"]);
    assert_eq!(fresh.code, 1);
    assert_eq!(server.requests("/ok").len(), 2, "--no-cache asks again");
    assert!(server.requests("/private/x").is_empty());
}

#[test]
fn a_site_that_cannot_be_reached_is_asked_once_not_once_per_link() {
    // A port nothing listens on: the connection is refused.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let site = Site::with(&[(
        "content/a.md",
        &format!("---\ntitle: A\n---\n[一]({origin}/a)\n[二]({origin}/b)\n"),
    )]);
    let run = check(&site, &["--external"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error[external-link]: `{origin}/a` could not be reached: the connection was refused\n --> content/a.md:4:1"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "error[external-link]: `{origin}/b` could not be reached: the connection was refused \
             (not asked: `{origin}/a` on the same site could not be reached)"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn requests_to_one_site_are_spaced_by_the_host_delay() {
    let server = TestServer::start();
    let o = &server.origin;
    let site = Site::with(&[
        ("site.yaml", "external_links:\n  host_delay_ms: 400\n"),
        (
            "content/a.md",
            &format!("---\ntitle: A\n---\n[1]({o}/ok) [2]({o}/new) [3]({o}/landing)\n"),
        ),
    ]);
    let run = check(&site, &["--external"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = server.log.lock().unwrap();
    assert_eq!(log.len(), 3);
    // Measured where the server receives them, so a request held up on the
    // way (a loaded machine) shortens the gap after it: half the delay is
    // the bound; unspaced, the gaps are a few milliseconds.
    for pair in log.windows(2) {
        let gap = pair[1].2 - pair[0].2;
        assert!(
            gap >= Duration::from_millis(200),
            "{gap:?} between requests"
        );
    }
}
