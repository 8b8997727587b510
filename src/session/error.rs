//! Errors of the session: why a command was refused or did not complete,
//! and why a connection ended.

use alloc::string::String;
use core::fmt;

use crate::codec::{
    ConnectReasonCode, DecodeError, DisconnectReasonCode, EncodeError, PubAckReasonCode,
    PubRelReasonCode, QoS,
};
use crate::topic::TopicError;

/// Why options cannot make a client: found before anything is sent, by
/// [`Session::new`](super::Session::new) and by the browser client's
/// `connect`, so that a mistake in the configuration is reported as one
/// and not as a failed connection.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// [`Options::receive_maximum`](super::Options::receive_maximum) is 0:
    /// it would mean that nothing may arrive, and MQTT 5.0 makes a Receive
    /// Maximum of 0 a Protocol Error (§3.1.2.11.3).
    ReceiveMaximumZero,
    /// [`Options::max_packet_size`](super::Options::max_packet_size) is
    /// `Some(0)`, which MQTT 5.0 makes a Protocol Error (§3.1.2.11.4).
    MaxPacketSizeZero,
    /// The CONNECT the options describe cannot be encoded: a client
    /// identifier, user name, will or property that breaks the rules of
    /// MQTT 5.0 §3.1 (a password without a user name before MQTT 5.0
    /// [MQTT-3.1.2-22], a field over 65,535 bytes, an invalid will topic,
    /// …).
    Connect(EncodeError),
    /// No broker URL was given, and no credentials provider that could
    /// name one.
    NoUrl,
    /// A broker URL is not a `ws://` or `wss://` URL: in a browser MQTT
    /// travels over WebSocket (MQTT 5.0 §6).
    InvalidUrl(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::ReceiveMaximumZero => f.write_str("Receive Maximum must be at least 1"),
            ConfigError::MaxPacketSizeZero => f.write_str("Maximum Packet Size must be at least 1"),
            // The encoder's message names the field already.
            ConfigError::Connect(e) => fmt::Display::fmt(e, f),
            ConfigError::NoUrl => f.write_str("at least one broker URL is needed"),
            ConfigError::InvalidUrl(url) => write!(f, "\"{url}\" is not a ws:// or wss:// URL"),
        }
    }
}

impl core::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            ConfigError::Connect(e) => Some(e),
            _ => None,
        }
    }
}

/// Why a command (publish, subscribe, unsubscribe) failed. Every command
/// ends exactly once: with its result, or with one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommandError {
    /// A topic name or filter is not valid.
    InvalidTopic {
        /// The topic as given.
        topic: String,
        /// What is wrong with it.
        error: TopicError,
    },
    /// The packet cannot be encoded (a field too long, a property the
    /// protocol version does not have, …).
    Encode(EncodeError),
    /// The server's Maximum QoS is lower than the QoS asked for
    /// (MQTT 5.0 §3.2.2.3.4).
    QoSNotSupported {
        /// The QoS asked for.
        requested: QoS,
        /// The highest the server accepts.
        maximum: QoS,
    },
    /// The server does not support retained messages (§3.2.2.3.5).
    RetainNotSupported,
    /// The server does not support wildcard subscriptions (§3.2.2.3.11).
    WildcardSubscriptionsNotSupported,
    /// The server does not support subscription identifiers (§3.2.2.3.12).
    SubscriptionIdentifiersNotSupported,
    /// The server does not support shared subscriptions (§3.2.2.3.13).
    SharedSubscriptionsNotSupported,
    /// The packet is larger than the server's Maximum Packet Size
    /// (§3.2.2.3.6).
    PacketTooLarge {
        /// The packet's size.
        size: usize,
        /// The server's maximum.
        max: u32,
    },
    /// The queue of unsent publications is full.
    QueueFull {
        /// Messages waiting.
        messages: usize,
        /// Bytes waiting.
        bytes: usize,
    },
    /// The server refused the publication (PUBACK or PUBREC reason code).
    Refused(PubAckReasonCode),
    /// The server did not know the packet identifier at PUBREL/PUBCOMP time.
    ReleaseFailed(PubRelReasonCode),
    /// The server answered this command with a packet that does not
    /// decode. The connection is closed for it (§4.13) and the command is
    /// not sent again: the server would answer it the same way.
    MalformedResponse(DecodeError),
    /// The server answered this command against the protocol (a SUBACK
    /// with the wrong number of reason codes, …). As with
    /// [`MalformedResponse`](Self::MalformedResponse), the connection is
    /// closed and the command is not sent again.
    ProtocolViolation(ProtocolViolation),
    /// The server refused the login (CONNACK reason code) and the client
    /// stopped trying; see [`ReconnectPolicy::retry_refused_login`](super::ReconnectPolicy::retry_refused_login).
    ConnectionRefused(ConnectReasonCode),
    /// The client ended before the command completed.
    Cancelled,
    /// The connection was lost and the client will not reconnect.
    ConnectionLost,
    /// The client has ended; it takes no more commands.
    Ended,
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::InvalidTopic { topic, error } => write!(f, "topic \"{topic}\": {error}"),
            CommandError::Encode(e) => write!(f, "cannot encode: {e}"),
            CommandError::QoSNotSupported { requested, maximum } => write!(
                f,
                "QoS {} is above the server's maximum QoS {}",
                requested.as_u8(),
                maximum.as_u8()
            ),
            CommandError::RetainNotSupported => f.write_str("the server does not support retain"),
            CommandError::WildcardSubscriptionsNotSupported => {
                f.write_str("the server does not support wildcard subscriptions")
            }
            CommandError::SubscriptionIdentifiersNotSupported => {
                f.write_str("the server does not support subscription identifiers")
            }
            CommandError::SharedSubscriptionsNotSupported => {
                f.write_str("the server does not support shared subscriptions")
            }
            CommandError::PacketTooLarge { size, max } => write!(
                f,
                "packet of {size} bytes is over the server's maximum of {max}"
            ),
            CommandError::QueueFull { messages, bytes } => write!(
                f,
                "the send queue is full ({messages} messages, {bytes} bytes)"
            ),
            CommandError::Refused(code) => write!(f, "the server refused it: {code}"),
            CommandError::ReleaseFailed(code) => {
                write!(f, "the server could not release it: {code}")
            }
            CommandError::MalformedResponse(e) => {
                write!(f, "the server answered with a malformed packet: {e}")
            }
            CommandError::ProtocolViolation(v) => {
                write!(f, "the server answered against the protocol: {v}")
            }
            CommandError::ConnectionRefused(code) => {
                write!(f, "the server refused the connection: {code}")
            }
            CommandError::Cancelled => f.write_str("cancelled: the client ended"),
            CommandError::ConnectionLost => f.write_str("the connection was lost"),
            CommandError::Ended => f.write_str("the client has ended"),
        }
    }
}

impl core::error::Error for CommandError {}

/// What the server did wrong, when the client closes the connection for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProtocolViolation {
    /// A packet only a client sends (CONNECT, PUBLISH ack for unknown …).
    UnexpectedPacket(crate::codec::PacketType),
    /// A packet before CONNACK, or a second CONNACK.
    NotConnected,
    /// A topic alias above this client's maximum or not yet assigned
    /// (MQTT 5.0 §3.3.2.3.4).
    TopicAliasInvalid,
    /// More unacknowledged QoS 2 publications than this client's Receive
    /// Maximum (MQTT 5.0 §3.3.4).
    ReceiveMaximumExceeded,
    /// An AUTH with an authentication method other than the one in use.
    AuthenticationMismatch,
    /// An acknowledgement (PUBACK, PUBCOMP, SUBACK, UNSUBACK) for a packet
    /// identifier this client has no command waiting on (§4.13: a protocol
    /// error).
    UnknownPacketId(crate::codec::PacketType),
    /// A SUBACK or (MQTT 5.0) UNSUBACK whose number of reason codes is not
    /// the number of filters requested (§3.9.3, §3.11.3).
    ReasonCountMismatch {
        /// SUBACK or UNSUBACK.
        packet: crate::codec::PacketType,
        /// Filters in the request.
        expected: usize,
        /// Reason codes in the answer.
        got: usize,
    },
    /// A WebSocket text frame: MQTT travels in binary frames only
    /// [MQTT-6.0.0-1].
    TextFrame,
}

impl fmt::Display for ProtocolViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolViolation::UnexpectedPacket(t) => write!(f, "unexpected {t} from the server"),
            ProtocolViolation::NotConnected => f.write_str("packet outside a connection"),
            ProtocolViolation::TopicAliasInvalid => f.write_str("invalid topic alias"),
            ProtocolViolation::ReceiveMaximumExceeded => f.write_str("receive maximum exceeded"),
            ProtocolViolation::AuthenticationMismatch => {
                f.write_str("authentication method mismatch")
            }
            ProtocolViolation::UnknownPacketId(t) => {
                write!(f, "{t} for a packet identifier not in use")
            }
            ProtocolViolation::ReasonCountMismatch {
                packet,
                expected,
                got,
            } => write!(
                f,
                "{packet} with {got} reason codes for {expected} topic filters"
            ),
            ProtocolViolation::TextFrame => {
                f.write_str("a WebSocket text frame (MQTT needs binary frames)")
            }
        }
    }
}

impl ProtocolViolation {
    /// The DISCONNECT reason code an MQTT 5.0 client sends for it.
    pub fn reason_code(self) -> DisconnectReasonCode {
        match self {
            ProtocolViolation::TopicAliasInvalid => DisconnectReasonCode::TopicAliasInvalid,
            ProtocolViolation::ReceiveMaximumExceeded => {
                DisconnectReasonCode::ReceiveMaximumExceeded
            }
            _ => DisconnectReasonCode::ProtocolError,
        }
    }
}

/// Why a connection ended or could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectionError {
    /// The server refused the connection (CONNACK reason code), such as
    /// `BadUserNameOrPassword` or `NotAuthorized`.
    Refused(ConnectReasonCode),
    /// No CONNACK within the connect timeout.
    ConnectTimeout,
    /// No PINGRESP within the ping timeout: the link is dead.
    KeepAliveTimeout,
    /// The server sent bytes that are not a valid packet.
    MalformedPacket(DecodeError),
    /// The server sent a packet larger than [`Options::max_packet_size`](super::Options::max_packet_size)
    /// (MQTT 5.0 §3.1.2.11.4; reason code 0x95). Seen from the fixed header,
    /// before the body is buffered.
    PacketTooLarge {
        /// The packet's declared size in bytes.
        size: u64,
        /// This client's maximum.
        max: u32,
    },
    /// This client could not encode a packet it had to send (AUTH data
    /// from the authenticator over 65,535 bytes, …).
    Encode(EncodeError),
    /// The server broke the protocol.
    ProtocolViolation(ProtocolViolation),
    /// The server sent DISCONNECT (MQTT 5.0).
    ServerDisconnect {
        /// Its reason code.
        reason: DisconnectReasonCode,
        /// Its Reason String, if any.
        reason_string: Option<String>,
        /// Its Server Reference, if any (another server to use).
        server_reference: Option<String>,
    },
    /// Extended authentication failed in this client's handler.
    Authentication(String),
    /// The transport closed or failed.
    Transport(TransportError),
}

/// How a transport closed or failed, as the driver saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// The WebSocket close code (RFC 6455 §7.4), when there was one: 1006
    /// for a connection that dropped without a close frame, 1002 for a
    /// protocol error, …
    pub code: Option<u16>,
    /// The close reason or the driver's description of the failure.
    pub reason: String,
}

impl TransportError {
    /// A failure with a description and no close code.
    pub fn new(reason: impl Into<String>) -> Self {
        TransportError {
            code: None,
            reason: reason.into(),
        }
    }
}

impl From<&str> for TransportError {
    fn from(reason: &str) -> Self {
        TransportError::new(reason)
    }
}

impl From<String> for TransportError {
    fn from(reason: String) -> Self {
        TransportError::new(reason)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code, self.reason.is_empty()) {
            (Some(code), true) => write!(f, "closed with code {code}"),
            (Some(code), false) => write!(f, "closed with code {code}: {}", self.reason),
            (None, _) => f.write_str(&self.reason),
        }
    }
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectionError::Refused(code) => write!(f, "connection refused: {code}"),
            ConnectionError::ConnectTimeout => f.write_str("no CONNACK within the connect timeout"),
            ConnectionError::KeepAliveTimeout => f.write_str("no PINGRESP: the connection is dead"),
            ConnectionError::MalformedPacket(e) => {
                write!(f, "malformed packet from the server: {e}")
            }
            ConnectionError::PacketTooLarge { size, max } => write!(
                f,
                "the server sent a packet of {size} bytes, over this client's maximum of {max}"
            ),
            ConnectionError::Encode(e) => write!(f, "cannot encode a packet to send: {e}"),
            ConnectionError::ProtocolViolation(v) => write!(f, "protocol violation: {v}"),
            ConnectionError::ServerDisconnect {
                reason,
                reason_string,
                ..
            } => match reason_string {
                Some(s) => write!(f, "the server disconnected: {reason} ({s})"),
                None => write!(f, "the server disconnected: {reason}"),
            },
            ConnectionError::Authentication(s) => write!(f, "authentication failed: {s}"),
            ConnectionError::Transport(e) => write!(f, "transport: {e}"),
        }
    }
}

impl core::error::Error for ConnectionError {}
