//! The connect panel's form: broker presets, fields, validation, and the
//! session options it makes.

use crate::std_prelude::*;

use std::time::Duration;

use crate::codec::ProtocolVersion;
use crate::session::{Options, generate_client_id};

/// HiveMQ's public broker over secure WebSocket.
pub const HIVEMQ_PUBLIC: &str = "wss://broker.hivemq.com:8884/mqtt";

/// What the connect panel holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectForm {
    /// `ws://` or `wss://` URL.
    pub url: String,
    /// The client identifier.
    pub client_id: String,
    /// User name; empty for none.
    pub username: String,
    /// Password; empty for none. Never in a shared link.
    pub password: String,
    /// 4 (3.1.1) or 5.
    pub protocol: u8,
    /// Keep alive in seconds.
    pub keep_alive: u16,
    /// Clean start.
    pub clean_start: bool,
    /// Session expiry in seconds (5.0); 0 for none.
    pub session_expiry: u32,
    /// Connect timeout in seconds.
    pub connect_timeout: u32,
    /// Reconnect automatically.
    pub reconnect: bool,
    /// Will topic; empty for no will.
    pub will_topic: String,
    /// Will payload.
    pub will_payload: String,
}

impl ConnectForm {
    /// A form for `url` with a fresh client identifier from `random`.
    pub fn new(url: &str, random: u64) -> Self {
        ConnectForm {
            url: url.to_string(),
            client_id: generate_client_id(random),
            username: String::new(),
            password: String::new(),
            protocol: 5,
            keep_alive: 60,
            clean_start: true,
            session_expiry: 0,
            connect_timeout: 30,
            reconnect: true,
            will_topic: String::new(),
            will_payload: String::new(),
        }
    }

    /// Why the URL cannot be used from a page at `page_protocol`
    /// (`"https:"` or `"http:"`), or `None` when it can.
    pub fn url_problem(&self, page_protocol: &str) -> Option<String> {
        let url = self.url.trim();
        if !(url.starts_with("ws://") || url.starts_with("wss://")) {
            return Some("the broker URL must start with ws:// or wss://".into());
        }
        if page_protocol == "https:" && url.starts_with("ws://") {
            return Some(
                "this page is served over https, so the browser blocks ws:// — use a wss:// URL"
                    .into(),
            );
        }
        None
    }

    /// The session options the form describes.
    pub fn options(&self) -> Options {
        let version = if self.protocol == 5 {
            ProtocolVersion::V5
        } else {
            ProtocolVersion::V3_1_1
        };
        let mut o = Options {
            version,
            client_id: self.client_id.trim().to_string(),
            clean_start: self.clean_start,
            keep_alive: self.keep_alive,
            connect_timeout: Duration::from_secs(u64::from(self.connect_timeout.max(1))),
            username: (!self.username.is_empty()).then(|| self.username.clone()),
            password: (!self.password.is_empty()).then(|| self.password.as_bytes().to_vec()),
            session_expiry_interval: (version.is_v5() && self.session_expiry > 0)
                .then_some(self.session_expiry),
            ..Options::default()
        };
        o.reconnect.enabled = self.reconnect;
        if !self.will_topic.is_empty() {
            o.will = Some(crate::session::WillMessage {
                topic: self.will_topic.clone(),
                payload: self.will_payload.as_bytes().to_vec(),
                ..Default::default()
            });
        }
        o
    }

    /// The query string of a shareable link: every field but the password.
    pub fn share_query(&self) -> String {
        let pairs = [
            ("url", self.url.clone()),
            ("clientId", self.client_id.clone()),
            ("username", self.username.clone()),
            ("protocol", self.protocol.to_string()),
            ("keepalive", self.keep_alive.to_string()),
            ("clean", self.clean_start.to_string()),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Applies a shareable link's fields (see [`share_query`](Self::share_query)).
    pub fn apply_query(&mut self, query: &str) {
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_decode(v);
            match k {
                "url" => self.url = v,
                "clientId" => self.client_id = v,
                "username" => self.username = v,
                "protocol" => self.protocol = if v == "4" { 4 } else { 5 },
                "keepalive" => self.keep_alive = v.parse().unwrap_or(self.keep_alive),
                "clean" => self.clean_start = v != "false",
                _ => {}
            }
        }
    }
}

/// The broker part of a URL, to name a connection by
/// (`ws://host:9001/mqtt` → `host:9001/mqtt`).
pub fn broker_name(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    if rest.is_empty() {
        "new connection".into()
    } else {
        rest.to_string()
    }
}

/// The decoded value of `key` in a query string (`?a=1&b=2`).
pub fn query_value(query: &str, key: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| percent_decode(v))
}

/// What a query value keeps as it is: RFC 3986's unreserved characters.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// A query value as a form submits it: `+` is a space, `%XX` a byte.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_for_scheme_and_mixed_content() {
        let mut f = ConnectForm::new("ws://127.0.0.1:9001/mqtt", 1);
        assert_eq!(f.url_problem("http:"), None);
        assert!(
            f.url_problem("https:")
                .unwrap()
                .contains("use a wss:// URL")
        );
        f.url = "http://x".into();
        assert!(f.url_problem("http:").unwrap().contains("ws:// or wss://"));
        f.url = HIVEMQ_PUBLIC.into();
        assert_eq!(f.url_problem("https:"), None);
    }

    #[test]
    fn options_follow_the_form() {
        let mut f = ConnectForm::new("ws://h/mqtt", 7);
        assert!(f.client_id.starts_with("webmqtt-"));
        f.username = "sensor".into();
        f.password = "pw".into();
        f.protocol = 4;
        f.session_expiry = 60;
        f.will_topic = "status".into();
        let o = f.options();
        assert_eq!(o.version, ProtocolVersion::V3_1_1);
        assert_eq!(o.username.as_deref(), Some("sensor"));
        assert_eq!(o.password.as_deref(), Some(&b"pw"[..]));
        assert_eq!(
            o.session_expiry_interval, None,
            "3.1.1 has no session expiry"
        );
        assert_eq!(o.will.unwrap().topic, "status");
    }

    #[test]
    fn query_values_are_decoded() {
        let q = "?broker=ws%3A%2F%2F127.0.0.1%3A9001%2Fmqtt&x=1";
        assert_eq!(
            query_value(q, "broker").as_deref(),
            Some("ws://127.0.0.1:9001/mqtt")
        );
        assert_eq!(
            query_value("?broker=ws://h:1/mqtt", "broker").as_deref(),
            Some("ws://h:1/mqtt")
        );
        assert_eq!(query_value(q, "missing"), None);
    }

    #[test]
    fn a_shared_link_fills_the_form_but_never_holds_the_password() {
        let mut f = ConnectForm::new("wss://broker.example/mqtt?x=1", 3);
        f.username = "a b&c".into();
        f.password = "secret".into();
        let q = f.share_query();
        assert!(!q.contains("secret"));
        let mut g = ConnectForm::new("ws://other", 4);
        g.apply_query(&q);
        assert_eq!(
            (g.url.as_str(), g.username.as_str(), g.client_id.as_str()),
            (f.url.as_str(), "a b&c", f.client_id.as_str())
        );
        assert_eq!(g.password, "");
    }

    #[test]
    fn connections_are_named_by_broker() {
        assert_eq!(
            broker_name("ws://127.0.0.1:9001/mqtt"),
            "127.0.0.1:9001/mqtt"
        );
        assert_eq!(
            broker_name(" wss://broker.hivemq.com:8884/mqtt "),
            "broker.hivemq.com:8884/mqtt"
        );
        assert_eq!(broker_name(""), "new connection");
        assert_eq!(broker_name("plain"), "plain");
    }
}
