//! Which `Host` names the server answers. A page on any web site can point a name of its own
//! at 127.0.0.1 (DNS rebinding) and then read the served site, drafts included, as its own
//! origin; the browser still sends that name in `Host`, so refusing names we do not know closes
//! the hole (as Vite and webpack-dev-server do).

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::sync::Arc;

/// Loopback names and addresses, the address the server is bound to, and the names given with
/// `--allowed-host`.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    bound: IpAddr,
    names: Vec<String>,
}

impl AllowedHosts {
    pub fn new(bound: IpAddr, names: &[String]) -> AllowedHosts {
        AllowedHosts {
            bound,
            names: names.iter().map(|n| normalise(n)).collect(),
        }
    }

    /// `host` is a `Host` header: a name or address, with or without a port.
    pub fn allows(&self, host: &str) -> bool {
        // User info (`user@host`) is no part of a Host header.
        let Ok(authority) = host.parse::<axum::http::uri::Authority>() else {
            return false;
        };
        if authority.as_str().contains('@') {
            return false;
        }
        let name = normalise(authority.host());
        let address = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(&name)
            .parse::<IpAddr>();
        match address {
            // An address cannot be rebound; only a server at it receives requests for it.
            // Bound to every interface, any of the machine's addresses may be the one asked.
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => {
                name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name)
            }
        }
    }
}

/// Lower case, without the trailing dot of a fully qualified name.
fn normalise(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Refuses, with 403 and a line saying how to allow it, any request whose `Host` is not allowed.
pub async fn check(
    State(hosts): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if hosts.allows(host) {
        return next.run(request).await;
    }
    let name = host
        .parse::<axum::http::uri::Authority>()
        .map(|a| a.host().to_string())
        .unwrap_or_else(|_| host.to_string());
    let message = if name.is_empty() {
        "quire serve answers only requests that name the site in a Host header (localhost or 127.0.0.1)\n".to_string()
    } else {
        format!(
            "quire serve answers only localhost and 127.0.0.1, so that other web sites cannot read this one; \
             to open it as {name}, restart it with --allowed-host {name}\n"
        )
    };
    (StatusCode::FORBIDDEN, message).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_the_bound_address_are_allowed() {
        let hosts = AllowedHosts::new("127.0.0.1".parse().unwrap(), &[]);
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost.:1111",
            "proceedings.localhost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evilocalhost",
            "192.168.1.20:1111",
            "[::2]:1111",
            "localhost:1111/path",
            "user@localhost",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn a_bound_network_address_and_named_hosts_are_allowed() {
        let hosts = AllowedHosts::new(
            "192.168.1.20".parse().unwrap(),
            &["Proceedings.Test".into()],
        );
        assert!(hosts.allows("192.168.1.20:1111"));
        assert!(hosts.allows("proceedings.test:1111"));
        assert!(!hosts.allows("192.168.1.21:1111"));
        assert!(!hosts.allows("other.test"));
        let everywhere = AllowedHosts::new("0.0.0.0".parse().unwrap(), &[]);
        assert!(everywhere.allows("192.168.1.21:1111"));
        assert!(!everywhere.allows("evil.example"));
    }
}
