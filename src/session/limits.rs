//! What the server said it can take, from CONNACK (MQTT 5.0 §3.2.2.3).
//! MQTT 3.x servers announce nothing, so their limits are the defaults.

use alloc::string::String;

use crate::codec::{ConnAckProperties, QoS};

/// The server's limits for the current connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerLimits {
    /// QoS 1 and 2 publications the server accepts at once (§3.2.2.3.3);
    /// `None` when it announced none (MQTT 3.x, or a 5.0 server that
    /// leaves it at its default of 65,535).
    pub receive_maximum: Option<u16>,
    /// The largest packet the server accepts (§3.2.2.3.6).
    pub maximum_packet_size: Option<u32>,
    /// The highest topic alias the server accepts; 0 for none (§3.2.2.3.8).
    pub topic_alias_maximum: u16,
    /// The highest QoS the server accepts (§3.2.2.3.4).
    pub maximum_qos: QoS,
    /// Whether retained messages are supported (§3.2.2.3.5).
    pub retain_available: bool,
    /// Whether wildcard subscriptions are supported (§3.2.2.3.11).
    pub wildcard_subscriptions: bool,
    /// Whether subscription identifiers are supported (§3.2.2.3.12).
    pub subscription_identifiers: bool,
    /// Whether shared subscriptions are supported (§3.2.2.3.13).
    pub shared_subscriptions: bool,
    /// The keep alive the server imposes, if any (§3.2.2.3.14).
    pub server_keep_alive: Option<u16>,
    /// The session expiry the server uses instead of the client's
    /// (§3.2.2.3.2).
    pub session_expiry_interval: Option<u32>,
    /// The client identifier the server assigned (§3.2.2.3.7).
    pub assigned_client_identifier: Option<String>,
    /// Response Information for request/response topics (§3.2.2.3.15).
    pub response_information: Option<String>,
}

impl Default for ServerLimits {
    /// No limits beyond the protocol's own.
    fn default() -> Self {
        ServerLimits {
            receive_maximum: None,
            maximum_packet_size: None,
            topic_alias_maximum: 0,
            maximum_qos: QoS::ExactlyOnce,
            retain_available: true,
            wildcard_subscriptions: true,
            subscription_identifiers: true,
            shared_subscriptions: true,
            server_keep_alive: None,
            session_expiry_interval: None,
            assigned_client_identifier: None,
            response_information: None,
        }
    }
}

impl ServerLimits {
    /// The limits a CONNACK's properties announce; absent ones default as
    /// the specification says.
    pub fn from_connack(p: &ConnAckProperties<'_>) -> Self {
        ServerLimits {
            receive_maximum: p.receive_maximum.map(|v| v.get()),
            maximum_packet_size: p.maximum_packet_size.map(|v| v.get()),
            topic_alias_maximum: p.topic_alias_maximum.unwrap_or(0),
            maximum_qos: p.maximum_qos.unwrap_or(QoS::ExactlyOnce),
            retain_available: p.retain_available.unwrap_or(true),
            wildcard_subscriptions: p.wildcard_subscription_available.unwrap_or(true),
            subscription_identifiers: p.subscription_identifiers_available.unwrap_or(true),
            shared_subscriptions: p.shared_subscription_available.unwrap_or(true),
            server_keep_alive: p.server_keep_alive,
            session_expiry_interval: p.session_expiry_interval,
            assigned_client_identifier: p.assigned_client_identifier.map(String::from),
            response_information: p.response_information.map(String::from),
        }
    }
}
