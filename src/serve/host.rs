//! Which `Host` a request to the development server may name. A page on
//! another site can reach a server on localhost by pointing its own domain
//! at 127.0.0.1 (DNS rebinding); the browser then sends that domain as
//! `Host`. Only loopback names and the address the server is bound to are
//! answered, so such a page never reads the site or its event stream.

use std::net::{IpAddr, SocketAddr};

/// The hosts the server answers for.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    bound: SocketAddr,
}

impl AllowedHosts {
    pub fn new(bound: SocketAddr) -> AllowedHosts {
        AllowedHosts { bound }
    }

    /// Whether a request naming `host` (the `Host` header; `None` when it
    /// has none, as HTTP/1.0 allows) is answered. `localhost` and its
    /// subdomains are always loopback (RFC 6761); an IP address must be the
    /// one bound to, a loopback one when bound to loopback, or any when
    /// bound to all interfaces. A domain name never is: it is how a
    /// rebinding page names the server.
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return true;
        };
        let name = strip_port(host.trim());
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.eq_ignore_ascii_case("localhost")
            || name
                .rsplit_once('.')
                .is_some_and(|(_, tld)| tld.eq_ignore_ascii_case("localhost"))
        {
            return true;
        }
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        let Ok(ip) = literal.parse::<IpAddr>() else {
            return false;
        };
        let bound = self.bound.ip();
        ip == bound || bound.is_unspecified() || (bound.is_loopback() && ip.is_loopback())
    }
}

/// `name` of `name:port`, `[v6]` of `[v6]:port`.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        // One colon only: a bare IPv6 address is not a valid Host anyway.
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_the_bound_address_are_answered() {
        let hosts = AllowedHosts::new("127.0.0.1:1111".parse().unwrap());
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "docs.localhost:8080",
            "127.0.0.1:1111",
            "127.0.0.1",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(Some(ok)), "{ok}");
        }
        assert!(hosts.allows(None));
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "192.168.1.5:1111",
            "127.0.0.1.nip.io",
            "",
        ] {
            assert!(!hosts.allows(Some(bad)), "{bad}");
        }
    }

    #[test]
    fn bound_to_every_interface_any_address_is_answered_but_no_domain() {
        let hosts = AllowedHosts::new("0.0.0.0:1111".parse().unwrap());
        assert!(hosts.allows(Some("192.168.1.5:1111")));
        assert!(!hosts.allows(Some("wiki.example:1111")));
    }
}
