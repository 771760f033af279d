//! Asking one URL whether it still works, the way a browser would get it.
//!
//! HEAD first (no body to download); a site that refuses HEAD or answers it
//! wrongly (405, 403, 501, 404 on HEAD only…) is asked again with GET, whose
//! body is never read. Redirects are followed here rather than by the client,
//! so a permanent one can be reported with the URL to link to instead.

use super::settings::ExternalLinks;
use super::throttle::Throttle;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// A browser's user agent: sites that refuse unknown clients (many
/// documentation hosts and CDNs do) still answer; the trailing name says who
/// is asking.
pub const USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 shiori-link-check";

/// Redirects followed before a URL counts as broken.
const MAX_REDIRECTS: usize = 10;

/// What asking a URL found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// Answered 2xx, perhaps after temporary redirects.
    Works,
    /// Works, but a permanent redirect (301, 308) says the page is now `to`.
    Moved { to: String, status: u16 },
    /// Answered an error, or no answer in time.
    Broken { reason: String },
    /// No connection to its site at all (the name does not resolve, the
    /// connection is refused or times out): the site's other URLs are not
    /// asked, as they would fail the same way, one timeout each.
    Unreachable { reason: String },
    /// The site would not say: rate limited past the retries, or it refuses
    /// automated clients (403, 999). Reported as a warning, not an error:
    /// a reader's browser may well get the page.
    Unknown { reason: String },
}

impl Outcome {
    /// Whether the result may be reused from the cache: failures are asked again.
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Works | Outcome::Moved { .. })
    }
}

/// One HTTP client for the whole check, with its timeouts.
pub struct Prober {
    agent: ureq::Agent,
    config: ExternalLinks,
}

/// One answer: its status and the `Location` / `Retry-After` headers.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

impl Prober {
    pub fn new(config: &ExternalLinks) -> Prober {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(config.connect_timeout()))
            .timeout_per_call(Some(config.timeout()))
            .user_agent(USER_AGENT)
            .build()
            .into();
        Prober {
            agent,
            config: config.clone(),
        }
    }

    /// Follows `url` through its redirects to a final answer.
    pub fn probe(&self, url: &str, throttle: &Throttle) -> Outcome {
        let mut current = url.to_string();
        let mut moved_to: Option<(String, u16)> = None;
        let mut permanent_so_far = true;
        for _ in 0..=MAX_REDIRECTS {
            let answer = match self.ask(&current, throttle) {
                Ok(answer) => answer,
                Err(Outcome::Unreachable { reason }) if current != url => {
                    return Outcome::Broken {
                        reason: format!("redirects to `{current}`, which {reason}"),
                    }
                }
                Err(outcome) => return outcome,
            };
            match answer.status {
                200..=299 => {
                    return match moved_to {
                        Some((to, status)) => Outcome::Moved { to, status },
                        None => Outcome::Works,
                    }
                }
                300..=399 => {
                    let Some(next) = answer.location.map(|l| join(&current, &l)) else {
                        return Outcome::Broken {
                            reason: format!(
                                "answered {} without a Location",
                                status_text(answer.status)
                            ),
                        };
                    };
                    // The URL to write instead is where the permanent moves
                    // from the start lead; a temporary redirect after them
                    // (to a login or a language page) is not a new address.
                    if permanent_so_far && matches!(answer.status, 301 | 308) {
                        moved_to = Some((next.clone(), answer.status));
                    } else {
                        permanent_so_far = false;
                    }
                    current = next;
                }
                status => {
                    let via = if current == url {
                        String::new()
                    } else {
                        format!(" (redirected to `{current}`)")
                    };
                    let answered = format!("answered {}{via}", status_text(status));
                    return match status {
                        429 | 503 => Outcome::Unknown {
                            reason: format!(
                                "{answered} after {} retries; whether it works is not known",
                                self.config.retries
                            ),
                        },
                        401 | 403 | 999 => Outcome::Unknown {
                            reason: format!(
                                "{answered}; the site may refuse automated checks (add it to `external_links: skip:` in site.yaml if a browser gets the page)"
                            ),
                        },
                        _ => Outcome::Broken { reason: answered },
                    };
                }
            }
        }
        Outcome::Broken {
            reason: format!("more than {MAX_REDIRECTS} redirects"),
        }
    }

    /// HEAD, then GET when HEAD is not answered with success or a redirect;
    /// each retried on 429 and 503.
    fn ask(&self, url: &str, throttle: &Throttle) -> Result<Answer, Outcome> {
        let head = self.with_retries(url, throttle, true)?;
        if head.status < 400 || matches!(head.status, 429 | 503) {
            return Ok(head);
        }
        self.with_retries(url, throttle, false)
    }

    fn with_retries(&self, url: &str, throttle: &Throttle, head: bool) -> Result<Answer, Outcome> {
        let mut attempt = 0;
        loop {
            throttle.wait_turn(url);
            let answer = self.send(url, head)?;
            if !matches!(answer.status, 429 | 503) || attempt >= self.config.retries {
                return Ok(answer);
            }
            // Exponential back-off (1 s, 2 s, 4 s…) unless the site says how long.
            let wait = answer
                .retry_after
                .unwrap_or(Duration::from_secs(1 << attempt.min(6)));
            if wait > self.config.max_retry_wait() {
                return Err(Outcome::Unknown {
                    reason: format!(
                        "answered {} and asks to wait {} s",
                        status_text(answer.status),
                        wait.as_secs()
                    ),
                });
            }
            throttle.hold_host(url, wait);
            attempt += 1;
        }
    }

    fn send(&self, url: &str, head: bool) -> Result<Answer, Outcome> {
        let request = if head {
            self.agent.head(url)
        } else {
            self.agent.get(url)
        };
        let response = request
            .header(
                "Accept",
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            )
            .header("Accept-Language", "ja,en;q=0.8")
            .call()
            .map_err(|e| self.failure(e))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        Ok(Answer {
            status: response.status().as_u16(),
            location: header("location"),
            retry_after: header("retry-after")
                .and_then(|v| super::retry_after::parse(&v, std::time::SystemTime::now())),
        })
    }

    /// What a request that got no answer means: [`Outcome::Unreachable`]
    /// when no connection could be made at all.
    fn failure(&self, error: ureq::Error) -> Outcome {
        let unreachable = matches!(
            error,
            ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve)
                | ureq::Error::HostNotFound
                | ureq::Error::ConnectionFailed
                | ureq::Error::Io(_)
        );
        let reason = match error {
            ureq::Error::Timeout(ureq::Timeout::Connect) => format!(
                "could not be reached: no connection within {} s",
                self.config.connect_timeout_seconds
            ),
            ureq::Error::Timeout(_) => {
                format!("gave no answer within {} s", self.config.timeout_seconds)
            }
            ureq::Error::HostNotFound => {
                "could not be reached: its host name does not resolve".to_string()
            }
            ureq::Error::ConnectionFailed => {
                "could not be reached: the connection was refused".to_string()
            }
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                "could not be reached: the connection was refused".to_string()
            }
            ureq::Error::Io(e) => format!("could not be reached ({e})"),
            ureq::Error::BadUri(e) => format!("is not a valid URL ({e})"),
            other => format!("could not be checked ({other})"),
        };
        if unreachable {
            Outcome::Unreachable { reason }
        } else {
            Outcome::Broken { reason }
        }
    }
}

/// `404 Not Found`
fn status_text(status: u16) -> String {
    match http_reason(status) {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

fn http_reason(status: u16) -> Option<&'static str> {
    Some(match status {
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// `Location` resolved against the URL that sent it.
pub fn join(base: &str, location: &str) -> String {
    let location = location.trim();
    if crate::urls::is_http_url(location) {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(path) = location.strip_prefix("//") {
        return format!("{scheme}://{path}");
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = rest[authority_end..].split(['?', '#']).next().unwrap_or("");
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    if location.starts_with('?') {
        return format!("{origin}{path}{location}");
    }
    format!("{origin}{dir}{location}")
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn locations_resolve_against_the_url_that_sent_them() {
        let base = "https://docs.example.com/eks/latest/a.html?x=1";
        assert_eq!(
            join(base, "https://other.example/b"),
            "https://other.example/b"
        );
        assert_eq!(join(base, "//cdn.example/c"), "https://cdn.example/c");
        assert_eq!(
            join(base, "/ja_jp/d.html"),
            "https://docs.example.com/ja_jp/d.html"
        );
        assert_eq!(
            join(base, "e.html"),
            "https://docs.example.com/eks/latest/e.html"
        );
        assert_eq!(join("http://h.example", "f"), "http://h.example/f");
    }
}
