//! MQTT control packets to and from bytes, for MQTT 3.1, 3.1.1 and 5.0.
//!
//! One codec serves every version: each packet type lives in one file and
//! reads or writes the fields its version has, keyed by
//! [`ProtocolVersion`]. The codec is pure `core` + `alloc`: it never does
//! I/O and never panics on input.
//!
//! # Decoding
//!
//! [`decode`] takes the bytes received so far and returns
//! [`Status::Complete`] with a packet and the number of bytes it used,
//! [`Status::Partial`] when more bytes are needed, or a [`DecodeError`] that
//! names what is malformed. Bytes may arrive one at a time or many packets at
//! once. The fixed header is checked against the caller's maximum packet size
//! before the body is looked at, so a hostile length never causes a large
//! buffer: see [`parse_header`] and [`PacketBuffer`].
//!
//! # Borrowed, not copied
//!
//! Decoded packets borrow their topics, strings and payloads from the input
//! slice (`Packet<'a>`), the way `httparse` does. A PUBLISH decodes without a
//! single allocation; only repeated fields (user properties, subscription
//! lists) allocate a `Vec` of borrowed slices. Borrowing lets the caller
//! decide what to copy and when: the codec itself copies nothing. (The
//! browser client above it copies a received payload four times today: the
//! WebSocket frame into a scratch buffer, that into the session's packet
//! buffer, the payload into the owned [`Message`](crate::session::Message),
//! and that into a JS `Uint8Array`; see `web::driver`.)
//! Encoding takes the same borrowed types, so a caller builds a packet from
//! whatever it already owns.
//!
//! # Encoding
//!
//! [`Encode::encode`] appends a packet to a caller-owned `Vec<u8>`, checking
//! every field: on error nothing has been appended, and no field is ever
//! truncated. A PUBLISH is checked and sized first ([`Encode::encoded_len`]),
//! then written into room reserved once; the other packet types are checked
//! as they are written, and what was written is removed on an error.

mod ack;
mod checked_publish;
mod connack;
mod connect;
mod disconnect;
mod error;
mod header;
mod packet;
mod packet_id;
mod packet_type;
mod properties;
mod publish;
mod qos;
mod reader;
mod reason;
mod split;
mod subscribe;
mod unsubscribe;
mod utf8;
mod varint;
mod version;
mod writer;

pub(crate) use ack::put_bare_ack;
pub use ack::{PubAck, PubComp, PubRec, PubRel};
pub use checked_publish::CheckedPublish;
pub use connack::ConnAck;
pub use connect::{Connect, Will};
pub(crate) use disconnect::put_client_disconnect;
pub use disconnect::{Auth, Disconnect};
pub use error::{DecodeError, EncodeError};
pub use header::{FixedHeader, PacketBuffer, parse_header};
pub use packet::{Encode, Packet, decode};
pub use packet_id::PacketId;
pub use packet_type::PacketType;
pub use properties::{
    AckProperties, AuthProperties, ConnAckProperties, ConnectProperties, DisconnectProperties,
    PayloadFormat, PropertyId, PublishProperties, SubscribeProperties, SubscriptionId,
    UnsubscribeProperties, UserProperties, UserProperty, WillProperties,
};
pub use publish::Publish;
pub use qos::QoS;
pub use reason::{
    AuthReasonCode, ConnectReasonCode, DisconnectReasonCode, PubAckReasonCode, PubRelReasonCode,
    SubAckReasonCode, UnsubAckReasonCode,
};
pub use subscribe::{RetainHandling, SubAck, Subscribe, Subscription, SubscriptionOptions};
pub use unsubscribe::{UnsubAck, Unsubscribe};
pub use varint::VarInt;
pub use version::ProtocolVersion;

/// The outcome of reading from a buffer that may not hold a whole packet yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status<T> {
    /// The value, complete.
    Complete(T),
    /// The buffer ends before the value does: read more bytes and try again.
    Partial,
}

/// The largest packet any version can express: a 5-byte fixed header and a
/// remaining length of [`VarInt::MAX`] (MQTT 5.0 §2.1.4).
pub const MAX_PACKET_SIZE: u32 = VarInt::MAX.get() + 5;
