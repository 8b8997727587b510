//! What a session is configured with: identity, credentials, will, limits,
//! reconnect policy. Everything is plain data, so a driver can build it from
//! JS options or a form.

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::message::{MessageProperties, OwnedUserProperty};
use crate::codec::{ProtocolVersion, QoS};

/// A will message (MQTT 5.0 §3.1.2.5): published by the server when the
/// connection ends without DISCONNECT.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WillMessage {
    /// The topic.
    pub topic: String,
    /// The payload.
    pub payload: Vec<u8>,
    /// The QoS.
    pub qos: QoS,
    /// Whether it is retained.
    pub retain: bool,
    /// MQTT 5.0: seconds the server waits before publishing it (§3.1.3.2.2).
    pub delay_interval: Option<u32>,
    /// MQTT 5.0 message properties (payload format, expiry, content type,
    /// response topic, correlation data, user properties).
    pub properties: MessageProperties,
}

/// Bounds of the queue of publications waiting for the connection or for
/// room in the in-flight window. A publish that would exceed either bound
/// fails with [`super::CommandError::QueueFull`]; nothing is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueLimits {
    /// The most messages waiting at once.
    pub max_messages: usize,
    /// The most payload and topic bytes waiting at once.
    pub max_bytes: usize,
}

impl Default for QueueLimits {
    fn default() -> Self {
        QueueLimits {
            max_messages: 10_000,
            // Room for a 16 MiB message waiting for the connection.
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// When to reconnect after a connection is lost: exponential backoff with
/// full jitter between `min_delay` and a cap that doubles with each failed
/// attempt up to `max_delay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReconnectPolicy {
    /// Whether to reconnect at all.
    pub enabled: bool,
    /// The shortest wait before an attempt.
    pub min_delay: Duration,
    /// The longest wait before an attempt.
    pub max_delay: Duration,
    /// A connection that stays up this long resets the backoff.
    pub stable_after: Duration,
    /// Whether to try again after the server refused the login (bad user
    /// name or password, not authorized, banned, bad authentication
    /// method). Off by default: the same credentials would be refused
    /// again, and a server may ban a client that keeps trying. A driver
    /// that asks a credentials provider before each attempt turns it on.
    /// (A server that refuses the protocol version is never asked again.)
    pub retry_refused_login: bool,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy {
            enabled: true,
            min_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            stable_after: Duration::from_secs(10),
            retry_refused_login: false,
        }
    }
}

/// MQTT 5.0 enhanced authentication (§4.12) through a handler the caller
/// supplies: it answers each AUTH challenge from the server.
pub trait Authenticator {
    /// The Authentication Method sent in CONNECT, such as `SCRAM-SHA-1`.
    fn method(&self) -> &str;
    /// The Authentication Data for CONNECT, if the method starts with data.
    fn initial_data(&mut self) -> Option<Vec<u8>>;
    /// The answer to the server's AUTH data (`Continue authentication`), or
    /// an error message that ends the attempt.
    fn challenge(&mut self, data: Option<&[u8]>) -> Result<Option<Vec<u8>>, String>;
}

/// A session's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The protocol version to speak.
    pub version: ProtocolVersion,
    /// The client identifier. The driver generates one when the user gives
    /// none (see [`super::generate_client_id`]); MQTT 5.0 with clean start
    /// may leave it empty for the server to assign (§3.1.3.1).
    pub client_id: String,
    /// Clean Session (3.1, 3.1.1) or Clean Start (5.0) on the first
    /// connection. MQTT 5.0 reconnects never set Clean Start, so that a
    /// session with an expiry interval resumes.
    pub clean_start: bool,
    /// Keep alive in seconds; 0 turns it off (§3.1.2.10).
    pub keep_alive: u16,
    /// Ping after this much silence instead of a full keep-alive period.
    /// A browser throttles timers in background tabs (to once a minute in
    /// Chromium after five minutes hidden), so a ping due at the keep alive
    /// could come too late for the server's 1.5 × keep alive; the browser
    /// driver pings at half the keep alive for that reason.
    pub ping_interval: Option<Duration>,
    /// How long to wait for PINGRESP before the connection counts as dead.
    /// `None` (the default) scales it with the keep alive: the keep alive
    /// itself, at least 1 second and at most 10, so that keep alive 2
    /// notices a dead link in about 3 seconds (a ping after 1 s of silence
    /// at the browser's half keep alive, then 2 s without PINGRESP) and a
    /// long keep alive still allows a slow mobile link 10 s.
    pub ping_timeout: Option<Duration>,
    /// How long opening the transport and the CONNECT/CONNACK exchange may
    /// take together.
    pub connect_timeout: Duration,
    /// MQTT 5.0 Session Expiry Interval in seconds (§3.1.2.11.2).
    pub session_expiry_interval: Option<u32>,
    /// The user name.
    pub username: Option<String>,
    /// The password.
    pub password: Option<Vec<u8>>,
    /// The will message.
    pub will: Option<WillMessage>,
    /// MQTT 5.0 user properties sent in CONNECT.
    pub connect_user_properties: Vec<OwnedUserProperty>,
    /// MQTT 5.0: ask the server for Response Information (§3.1.2.11.6).
    pub request_response_information: bool,
    /// QoS 1 and 2 publications this client accepts at once: the Receive
    /// Maximum sent in 5.0 (§3.1.2.11.3).
    pub receive_maximum: u16,
    /// Whether more unanswered incoming QoS 2 publications than
    /// `receive_maximum` close the connection with Receive Maximum exceeded
    /// (MQTT 5.0 §3.3.4). Off by default: Mosquitto 2.0.11 sends more than
    /// the client's Receive Maximum of QoS 2 publications awaiting PUBREL.
    pub enforce_receive_maximum: bool,
    /// The largest packet this client accepts, in bytes, in every version.
    /// `None` (the default) accepts what the protocol can express
    /// (268,435,460 bytes) and announces no Maximum Packet Size, so the
    /// server never drops a message for this client's sake. `Some(n)` is
    /// announced in MQTT 5.0 CONNECT (§3.1.2.11.4), where the server must
    /// not send more; a larger packet closes the connection with
    /// [`ConnectionError::PacketTooLarge`](super::ConnectionError) (in 5.0
    /// after DISCONNECT with reason 0x95, §4.13). The buffer grows with the
    /// bytes that arrive, never with the length a header declares.
    pub max_packet_size: Option<u32>,
    /// The highest topic alias the server may use towards this client (5.0).
    pub topic_alias_maximum: u16,
    /// Whether outgoing PUBLISH packets get topic aliases automatically when
    /// the server allows them (5.0).
    pub auto_topic_alias: bool,
    /// The in-flight window for MQTT 3.x: QoS 1 and 2 publications sent
    /// and not yet acknowledged at once; more wait in the queue. MQTT 3.x
    /// has no Receive Maximum (in 5.0 the server's one sets the window, and
    /// an absent one means 65,535, §3.2.2.3.3). Mosquitto's default
    /// `max_inflight_messages` is 20 and it disconnects a 3.1.1 client that
    /// has more than 20 QoS 2 publications unacknowledged, so the default
    /// is 20; raise it for brokers that allow more. 0 counts as 1.
    pub default_send_window: u16,
    /// Bounds of the queue of publications not yet sent.
    pub queue: QueueLimits,
    /// Reconnect policy.
    pub reconnect: ReconnectPolicy,
    /// Whether to subscribe again to every active subscription when the
    /// server has no session for this client after a reconnect.
    pub restore_subscriptions: bool,
    /// Seed for the reconnect jitter; the driver passes a random value.
    pub random_seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            version: ProtocolVersion::V3_1_1,
            client_id: String::new(),
            clean_start: true,
            keep_alive: 60,
            ping_interval: None,
            ping_timeout: None,
            connect_timeout: Duration::from_secs(30),
            session_expiry_interval: None,
            username: None,
            password: None,
            will: None,
            connect_user_properties: Vec::new(),
            request_response_information: false,
            receive_maximum: 65_535,
            enforce_receive_maximum: false,
            max_packet_size: None,
            topic_alias_maximum: 64,
            auto_topic_alias: true,
            default_send_window: 20,
            queue: QueueLimits::default(),
            reconnect: ReconnectPolicy::default(),
            restore_subscriptions: true,
            random_seed: 0x5eed,
        }
    }
}
