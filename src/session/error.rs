//! Errors of the session: why a command was refused or did not complete,
//! and why a connection ended.

use alloc::string::String;

use crate::codec::{
    ConnectReasonCode, DecodeError, DisconnectReasonCode, EncodeError, PubAckReasonCode,
    PubRelReasonCode, QoS,
};
use crate::text::{Describe, Text, display_by_describe, pick};
use crate::topic::TopicError;

/// The texts of the session errors' variants that hold nothing, for
/// [`pick`]: an index per arm rather than a pointer and a length (the
/// comment is each text's index).
const TEXTS: &str = concat!(
    "Receive Maximum must be at least 1\n",                   // 0
    "Maximum Packet Size must be at least 1\n",               // 1
    "at least one broker URL is needed\n",                    // 2
    "the server does not support retain\n",                   // 3
    "the server does not support wildcard subscriptions\n",   // 4
    "the server does not support subscription identifiers\n", // 5
    "the server does not support shared subscriptions\n",     // 6
    "cancelled: the client ended\n",                          // 7
    "the connection was lost\n",                              // 8
    "the client has ended\n",                                 // 9
    "packet outside a connection\n",                          // 10
    "invalid topic alias\n",                                  // 11
    "receive maximum exceeded\n",                             // 12
    "authentication method mismatch\n",                       // 13
    "a WebSocket text frame (MQTT needs binary frames)\n",    // 14
    "no CONNACK within the connect timeout\n",                // 15
    "no PINGRESP: the connection is dead\n",                  // 16
    "a nonzero session expiry interval at DISCONNECT needs a nonzero one at CONNECT (MQTT 5.0 §3.14.2.2.2)\n", // 17
);

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
    /// A duration the engine arms a timer with is under a millisecond
    /// ([`Options::connect_timeout`](super::Options::connect_timeout), or a
    /// nonzero [`Options::ping_interval`](super::Options::ping_interval)):
    /// its timer would be due at once, every attempt would time out as it
    /// starts, or a driver would spin.
    TooShort {
        /// The option, by its field name.
        option: &'static str,
    },
}

impl Describe for ConfigError {
    fn describe(&self, t: &mut Text) {
        let i = match self {
            ConfigError::ReceiveMaximumZero => 0,
            ConfigError::MaxPacketSizeZero => 1,
            // The encoder's message names the field already.
            ConfigError::Connect(e) => {
                t.d(e);
                return;
            }
            ConfigError::NoUrl => 2,
            ConfigError::TooShort { option } => {
                t.s(option).s(" must be at least 1 ms");
                return;
            }
            ConfigError::InvalidUrl(url) => {
                t.s("\"").s(url).s("\" is not a ws:// or wss:// URL");
                return;
            }
        };
        t.s(pick(TEXTS, i));
    }
}

display_by_describe!(ConfigError);

impl core::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            ConfigError::Connect(e) => Some(e),
            _ => None,
        }
    }
}

/// Why [`Session::end`](super::Session::end) refused its
/// [`EndOptions`](super::EndOptions); the client goes on as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndError {
    /// A non-zero Session Expiry Interval for the DISCONNECT of an MQTT 5.0
    /// connection whose CONNECT had none or zero: a Protocol Error
    /// (MQTT 5.0 §3.14.2.2.2), after which the server would publish the
    /// will.
    SessionExpiryWasZero,
}

impl Describe for EndError {
    fn describe(&self, t: &mut Text) {
        match self {
            EndError::SessionExpiryWasZero => t.s(pick(TEXTS, 17)),
        };
    }
}

display_by_describe!(EndError);

impl core::error::Error for EndError {}

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
    /// The persistent outbox has no room for the publication (see
    /// [`OutboxOptions`](super::OutboxOptions)).
    OutboxFull {
        /// Publications stored.
        messages: usize,
        /// Topic and payload bytes stored.
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

/// "`what` is full (N messages, M bytes`held`)", for the two bounds a
/// publish can meet.
fn full(t: &mut Text, what: &str, messages: usize, bytes: usize, held: &str) {
    t.s(what)
        .s(" is full (")
        .n(messages as u64)
        .s(" messages, ")
        .n(bytes as u64)
        .s(" bytes")
        .s(held)
        .s(")");
}

impl Describe for CommandError {
    fn describe(&self, t: &mut Text) {
        let i = match self {
            CommandError::InvalidTopic { topic, error } => {
                t.s("topic \"").s(topic).s("\": ").d(error);
                return;
            }
            CommandError::Encode(e) => {
                t.s("cannot encode: ").d(e);
                return;
            }
            CommandError::QoSNotSupported { requested, maximum } => {
                t.s("QoS ")
                    .n(requested.as_u8().into())
                    .s(" is above the server's maximum QoS ")
                    .n(maximum.as_u8().into());
                return;
            }
            CommandError::RetainNotSupported => 3,
            CommandError::WildcardSubscriptionsNotSupported => 4,
            CommandError::SubscriptionIdentifiersNotSupported => 5,
            CommandError::SharedSubscriptionsNotSupported => 6,
            CommandError::PacketTooLarge { size, max } => {
                t.s("packet of ")
                    .n(*size as u64)
                    .s(" bytes is over the server's maximum of ")
                    .n((*max).into());
                return;
            }
            CommandError::QueueFull { messages, bytes } => {
                full(t, "the send queue", *messages, *bytes, "");
                return;
            }
            CommandError::OutboxFull { messages, bytes } => {
                full(t, "the outbox", *messages, *bytes, " stored");
                return;
            }
            CommandError::Refused(code) => {
                t.s("the server refused it: ").d(code);
                return;
            }
            CommandError::ReleaseFailed(code) => {
                t.s("the server could not release it: ").d(code);
                return;
            }
            CommandError::MalformedResponse(e) => {
                t.s("the server answered with a malformed packet: ").d(e);
                return;
            }
            CommandError::ProtocolViolation(v) => {
                t.s("the server answered against the protocol: ").d(v);
                return;
            }
            CommandError::ConnectionRefused(code) => {
                t.s("the server refused the connection: ").d(code);
                return;
            }
            CommandError::Cancelled => 7,
            CommandError::ConnectionLost => 8,
            CommandError::Ended => 9,
        };
        t.s(pick(TEXTS, i));
    }
}

display_by_describe!(CommandError);

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

impl Describe for ProtocolViolation {
    fn describe(&self, t: &mut Text) {
        let i = match self {
            ProtocolViolation::UnexpectedPacket(p) => {
                t.s("unexpected ").d(p).s(" from the server");
                return;
            }
            ProtocolViolation::NotConnected => 10,
            ProtocolViolation::TopicAliasInvalid => 11,
            ProtocolViolation::ReceiveMaximumExceeded => 12,
            ProtocolViolation::AuthenticationMismatch => 13,
            ProtocolViolation::UnknownPacketId(p) => {
                t.d(p).s(" for a packet identifier not in use");
                return;
            }
            ProtocolViolation::ReasonCountMismatch {
                packet,
                expected,
                got,
            } => {
                t.d(packet)
                    .s(" with ")
                    .n(*got as u64)
                    .s(" reason codes for ")
                    .n(*expected as u64)
                    .s(" topic filters");
                return;
            }
            ProtocolViolation::TextFrame => 14,
        };
        t.s(pick(TEXTS, i));
    }
}

display_by_describe!(ProtocolViolation);

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

impl Describe for TransportError {
    fn describe(&self, t: &mut Text) {
        match self.code {
            Some(code) => {
                t.s("closed with code ").n(code.into());
                if !self.reason.is_empty() {
                    t.s(": ").s(&self.reason);
                }
            }
            None => {
                t.s(&self.reason);
            }
        }
    }
}

impl Describe for ConnectionError {
    fn describe(&self, t: &mut Text) {
        let i = match self {
            ConnectionError::Refused(code) => {
                t.s("connection refused: ").d(code);
                return;
            }
            ConnectionError::ConnectTimeout => 15,
            ConnectionError::KeepAliveTimeout => 16,
            ConnectionError::MalformedPacket(e) => {
                t.s("malformed packet from the server: ").d(e);
                return;
            }
            ConnectionError::PacketTooLarge { size, max } => {
                t.s("the server sent a packet of ")
                    .n(*size)
                    .s(" bytes, over this client's maximum of ")
                    .n((*max).into());
                return;
            }
            ConnectionError::Encode(e) => {
                t.s("cannot encode a packet to send: ").d(e);
                return;
            }
            ConnectionError::ProtocolViolation(v) => {
                t.s("protocol violation: ").d(v);
                return;
            }
            ConnectionError::ServerDisconnect {
                reason,
                reason_string,
                ..
            } => {
                t.s("the server disconnected: ").d(reason);
                if let Some(s) = reason_string {
                    t.s(" (").s(s).s(")");
                }
                return;
            }
            ConnectionError::Authentication(s) => {
                t.s("authentication failed: ").s(s);
                return;
            }
            ConnectionError::Transport(e) => {
                t.s("transport: ").d(e);
                return;
            }
        };
        t.s(pick(TEXTS, i));
    }
}

display_by_describe!(TransportError, ConnectionError);

impl core::error::Error for ConnectionError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each variant that holds nothing has its own text from `TEXTS`: an
    /// index off by one would show another variant's.
    #[test]
    fn each_plain_variant_has_its_text() {
        let texts = [
            (
                ConfigError::ReceiveMaximumZero.text(),
                "Receive Maximum must be at least 1",
            ),
            (
                ConfigError::MaxPacketSizeZero.text(),
                "Maximum Packet Size must be at least 1",
            ),
            (
                ConfigError::NoUrl.text(),
                "at least one broker URL is needed",
            ),
            (
                CommandError::RetainNotSupported.text(),
                "the server does not support retain",
            ),
            (
                CommandError::WildcardSubscriptionsNotSupported.text(),
                "the server does not support wildcard subscriptions",
            ),
            (
                CommandError::SubscriptionIdentifiersNotSupported.text(),
                "the server does not support subscription identifiers",
            ),
            (
                CommandError::SharedSubscriptionsNotSupported.text(),
                "the server does not support shared subscriptions",
            ),
            (
                CommandError::Cancelled.text(),
                "cancelled: the client ended",
            ),
            (
                CommandError::ConnectionLost.text(),
                "the connection was lost",
            ),
            (CommandError::Ended.text(), "the client has ended"),
            (
                ProtocolViolation::NotConnected.text(),
                "packet outside a connection",
            ),
            (
                ProtocolViolation::TopicAliasInvalid.text(),
                "invalid topic alias",
            ),
            (
                ProtocolViolation::ReceiveMaximumExceeded.text(),
                "receive maximum exceeded",
            ),
            (
                ProtocolViolation::AuthenticationMismatch.text(),
                "authentication method mismatch",
            ),
            (
                ProtocolViolation::TextFrame.text(),
                "a WebSocket text frame (MQTT needs binary frames)",
            ),
            (
                ConnectionError::ConnectTimeout.text(),
                "no CONNACK within the connect timeout",
            ),
            (
                ConnectionError::KeepAliveTimeout.text(),
                "no PINGRESP: the connection is dead",
            ),
        ];
        for (text, expected) in texts {
            assert_eq!(text, expected);
        }
    }
}
