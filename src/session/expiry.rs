//! The time a publication spent stored counts against its Message Expiry
//! Interval, as it does for a message waiting in a server (MQTT 5.0
//! §3.3.2.3.3: the server sends the interval it received minus the time the
//! message waited; once the interval has passed, the message is not
//! delivered). The persistent outbox applies this when it hands stored
//! publications back; see [`OutboxJournal::restore`](super::OutboxJournal::restore).

use alloc::string::String;
use core::time::Duration;

use super::persist::{StoredPublication, StoredStage};
use super::time::WallTime;
use crate::codec::QoS;

/// A stored publication whose Message Expiry Interval ran out before it
/// could go (again): its message is not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiredPublication {
    /// The record's key in the store.
    pub key: u64,
    /// The message's topic.
    pub topic: String,
    /// The message's QoS.
    pub qos: QoS,
    /// The Message Expiry Interval, in seconds, as the record held it.
    pub interval: u32,
    /// How long the record had been stored, by the wall clock.
    pub stored_for: Duration,
    /// Whether the message had been sent at QoS 2 without PUBREC: then the
    /// server may hold its identifier, and a PUBREL goes instead of
    /// nothing, so that the identifier is freed (MQTT 5.0 §4.3.3); the
    /// record becomes a released one until PUBCOMP.
    pub released: bool,
}

/// What aging a stored publication found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Aged {
    /// It goes, with its interval reduced; `accepted` is moved on by the
    /// whole seconds taken off, so that storing it again and aging it later
    /// takes off only the time after this.
    Kept { accepted: WallTime },
    /// Its interval ran out: what to report. With `released`, the
    /// publication became a [`StoredStage::Released`] one.
    Expired(ExpiredPublication),
}

/// Ages the publication of the record under `key`, accepted at `accepted`,
/// to `now`: takes the whole seconds since `accepted` off its Message
/// Expiry Interval, and finds it expired when none is left. A publication
/// without an interval, or a released one (only its PUBREL is left, and
/// the server owns the message), is kept as it is.
pub(crate) fn age(
    key: u64,
    publication: &mut StoredPublication,
    accepted: WallTime,
    now: WallTime,
) -> Aged {
    let message = &mut publication.message;
    let interval = match (
        publication.stage,
        message.properties.message_expiry_interval,
    ) {
        (StoredStage::Released(_), _) | (_, None) => return Aged::Kept { accepted },
        (_, Some(interval)) => interval,
    };
    let stored_for = now.saturating_duration_since(accepted);
    let elapsed = u32::try_from(stored_for.as_secs()).unwrap_or(u32::MAX);
    if elapsed < interval {
        message.properties.message_expiry_interval = Some(interval - elapsed);
        let accepted = accepted + Duration::from_secs(elapsed.into());
        return Aged::Kept { accepted };
    }
    let released = match publication.stage {
        StoredStage::Sent(id) if message.qos == QoS::ExactlyOnce => {
            publication.stage = StoredStage::Released(id);
            true
        }
        _ => false,
    };
    let message = core::mem::take(message);
    Aged::Expired(ExpiredPublication {
        key,
        topic: message.topic,
        qos: message.qos,
        interval,
        stored_for,
        released,
    })
}
