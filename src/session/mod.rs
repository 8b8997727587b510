//! The sans-IO MQTT session engine: the protocol brain behind every webmqtt
//! client.
//!
//! Bytes received, transport changes, the current time and commands go in;
//! bytes to send, events, transport actions and the next deadline come out.
//! The engine does no I/O, reads no clock and draws no random numbers: the
//! driver passes [`Instant`]s and a random seed in. See [`Session`] for the
//! order in which a driver calls it.
//!
//! What the engine promises:
//!
//! - **Every command completes exactly once**, as an [`Event`]: acknowledged,
//!   refused, or cancelled when the client ends. A lost connection does not
//!   fail QoS 1 and 2 publications or pending requests while a reconnect is
//!   scheduled: they are resent.
//! - **Session resumption** (MQTT 5.0 §4.4): when CONNACK reports a session,
//!   unacknowledged PUBLISH packets are resent with DUP set and PUBRELs are
//!   resent, in their original order. When it reports none, the policy is:
//!   subscriptions this client held are subscribed again (unless
//!   [`Options::restore_subscriptions`] is off; a failure is reported as
//!   [`Event::SubscriptionLost`]); publications the server had not taken are
//!   sent again, with DUP set as they may have arrived before; QoS 2
//!   publications the server had taken (PUBREC received) complete, since
//!   the server delivers them without us.
//! - **Nothing is dropped silently**: the send queue is bounded by
//!   [`QueueLimits`]; a publish that does not fit fails. A packet the
//!   session cannot encode ends the connection with a reason.
//! - **Never stuck against a server that bends the spec**: an
//!   acknowledgement of an unexpected kind for a known packet identifier
//!   ends that command and frees its place in the window (a QoS 2
//!   publication answered with PUBACK completes; one answered with a
//!   SUBACK fails); a request whose answer does not decode, or has the
//!   wrong number of reason codes, fails with
//!   [`CommandError::MalformedResponse`] or
//!   [`CommandError::ProtocolViolation`] and is not sent again after the
//!   reconnect, where it would draw the same answer.
//! - **A refused login is not retried** with the same credentials
//!   (bad user name or password, not authorized, banned, bad
//!   authentication method; also an unsupported protocol version): the
//!   session stops and fails what waits with
//!   [`CommandError::ConnectionRefused`], unless
//!   [`ReconnectPolicy::retry_refused_login`] is set.

mod aliases;
mod backoff;
mod connect;
mod engine;
mod error;
mod event;
mod expiry;
mod id_map;
mod in_flight;
mod journal;
mod limits;
mod message;
mod options;
mod outbox;
mod packet_ids;
mod persist;
mod receive;
mod record;
mod requests;
mod send;
mod split;
mod subscriptions;
mod time;
mod timers;

pub use engine::{EndOptions, Session, State};
pub use error::{
    CommandError, ConfigError, ConnectionError, EndError, ProtocolViolation, TransportError,
};
pub use event::{Action, CommandId, Event};
pub use expiry::ExpiredPublication;
#[cfg(feature = "web")]
pub(crate) use journal::OutboxRoom;
pub use journal::{KeptRecord, OutboxJournal, OutboxOptions, Restored, StoreChange};
pub use limits::ServerLimits;
pub use message::{Message, MessageProperties, OutgoingMessage, OwnedUserProperty};
pub use options::{Authenticator, Options, QueueLimits, ReconnectPolicy, WillMessage};
pub use persist::{StoredPublication, StoredStage};
pub use record::{DatedPublication, RecordError};
pub use subscriptions::{FilterRequest, SubscribeRequest, UnsubscribeRequest};
pub use time::{Instant, WallTime};

/// A client identifier like `webmqtt-3f9a1c2e7b40` from a random value the
/// driver supplies: 12 hex digits keep it within MQTT 3.1's 23 characters.
pub fn generate_client_id(random: u64) -> alloc::string::String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = alloc::string::String::from("webmqtt-");
    for i in (0..12).rev() {
        let nibble = usize::try_from((random >> (i * 4)) & 0xf).unwrap_or(0);
        id.push(char::from(HEX[nibble]));
    }
    id
}
