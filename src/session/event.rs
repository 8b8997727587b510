//! What a session reports to its driver: events for the application, and
//! actions for the transport.

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::error::{CommandError, ConnectionError};
use super::limits::ServerLimits;
use super::message::Message;
use crate::codec::{PubAckReasonCode, SubAckReasonCode, UnsubAckReasonCode};

/// Names one command (publish, subscribe, unsubscribe) so that its
/// completion event can be matched to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CommandId(pub u64);

/// What the driver must do with its transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open a new transport, then call `handle_transport_open`.
    Open,
    /// Send what `poll_transmit` still holds, then close the transport.
    Close,
}

/// Something for the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// CONNACK accepted the connection.
    Connected {
        /// Whether the server resumed a session (§3.2.2.1.1).
        session_present: bool,
        /// The server's limits, assigned client identifier and so on.
        limits: ServerLimits,
    },
    /// A connection attempt failed or an open connection was lost.
    ConnectionLost {
        /// Why.
        error: ConnectionError,
        /// When the next attempt starts, or `None` if none will.
        reconnect_in: Option<Duration>,
    },
    /// A reconnect attempt is starting.
    Reconnecting {
        /// 1 for the first attempt after a loss.
        attempt: u32,
    },
    /// A message arrived.
    Message(Message),
    /// A publish completed: sent (QoS 0), acknowledged by PUBACK (QoS 1) or
    /// PUBCOMP (QoS 2), or failed. `Ok` holds the PUBACK/PUBREC reason code
    /// in MQTT 5.0 (Success or No matching subscribers).
    Published {
        /// The command.
        id: CommandId,
        /// Its outcome.
        result: Result<PubAckReasonCode, CommandError>,
    },
    /// A subscribe completed, with one result per filter in order.
    Subscribed {
        /// The command.
        id: CommandId,
        /// Granted QoS or failure per filter.
        result: Result<Vec<SubAckReasonCode>, CommandError>,
    },
    /// An unsubscribe completed, with one result per filter in order.
    Unsubscribed {
        /// The command.
        id: CommandId,
        /// Result per filter (all Success in MQTT 3.x).
        result: Result<Vec<UnsubAckReasonCode>, CommandError>,
    },
    /// After a reconnect without a session, a subscription could not be
    /// restored.
    SubscriptionLost {
        /// The filter.
        filter: String,
        /// The server's answer, or the local error.
        reason: Result<SubAckReasonCode, CommandError>,
    },
    /// The client has ended: no more events follow.
    Ended,
}
