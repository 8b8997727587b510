//! PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5.0 §3.4–§3.7): a packet
//! identifier, and in MQTT 5.0 a reason code and properties.
//!
//! In MQTT 5.0 the reason code and property length may be left out when the
//! code is Success and there are no properties (§3.4.2.1); the encoder always
//! writes the shortest form, and the decoder takes any of the three.

use alloc::vec::Vec;

use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Packet, Put};
use super::packet_id::PacketId;
use super::packet_type::PacketType;
use super::properties::AckProperties;
use super::reader::Reader;
use super::reason::{PubAckReasonCode, PubRelReasonCode};
use super::version::ProtocolVersion;

/// Appends a PUBACK, PUBREC, PUBREL or PUBCOMP without properties, as its
/// encoder writes it (a test compares them): before MQTT 5.0 without a
/// reason code, in 5.0 with `code` unless it is Success, which a packet
/// without properties leaves out (§3.4.2.1). For a client's own
/// acknowledgments: through the encoders each acknowledgment type was an
/// instance of its own in the npm package, and every write dropped an
/// empty property set.
pub(crate) fn put_bare_ack(
    out: &mut Vec<u8>,
    version: ProtocolVersion,
    packet: PacketType,
    id: PacketId,
    code: u8,
) {
    let [high, low] = id.get().to_be_bytes();
    let with_code = code != 0 && version.is_v5();
    let bytes = [
        packet.header_byte(),
        2 + u8::from(with_code),
        high,
        low,
        code,
    ];
    out.extend_from_slice(&bytes[..4 + usize::from(with_code)]);
}

/// Reads the packet identifier shared by the acknowledgments and by
/// SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK.
pub(crate) fn read_packet_id(r: &mut Reader<'_>) -> Result<PacketId, DecodeError> {
    let id = r.u16("Packet Identifier")?;
    PacketId::new(id).ok_or(DecodeError::ZeroPacketId { packet: r.packet() })
}

// What the four acknowledgments share is done by the functions below, not
// in the macro: there it would be four copies of the same code in the
// wasm, one per packet type.

/// Reads the packet identifier and, in MQTT 5.0, the reason code if there
/// is one.
fn read_head(
    r: &mut Reader<'_>,
    version: ProtocolVersion,
) -> Result<(PacketId, Option<u8>), DecodeError> {
    let packet_id = read_packet_id(r)?;
    let code = if version.is_v5() { r.next_byte() } else { None };
    Ok((packet_id, code))
}

/// Reads the properties, if any, into the packet's empty set and checks
/// that nothing follows.
fn read_tail<'a>(
    mut r: Reader<'a>,
    version: ProtocolVersion,
    properties: &mut AckProperties<'a>,
) -> Result<(), DecodeError> {
    if version.is_v5() && !r.is_empty() {
        properties.read_into(&mut r)?;
    }
    r.finish()
}

/// Checks and appends an acknowledgment's body, in its shortest form.
fn put_ack(
    packet_id: PacketId,
    code: u8,
    properties: &AckProperties<'_>,
    version: ProtocolVersion,
    what: &'static str,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    let success = code == 0;
    let empty = properties.is_empty();
    if !version.is_v5() && (!success || !empty) {
        return Err(EncodeError::NotInVersion { what, version });
    }
    out.extend_from_slice(&packet_id.get().to_be_bytes());
    if !version.is_v5() || (success && empty) {
        return Ok(());
    }
    out.push(code);
    if empty {
        return Ok(());
    }
    properties.put(out)
}

macro_rules! ack_packet {
    ($(#[$meta:meta])* $name:ident, $ty:ident, $code:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name<'a> {
            /// The identifier of the packet acknowledged.
            pub packet_id: PacketId,
            /// The result; only Success exists before MQTT 5.0.
            pub reason: $code,
            /// MQTT 5.0 properties.
            pub properties: AckProperties<'a>,
        }

        impl $name<'_> {
            /// A successful acknowledgment of `packet_id`, without properties.
            pub fn new(packet_id: PacketId) -> Self {
                $name {
                    packet_id,
                    reason: $code::Success,
                    properties: AckProperties::default(),
                }
            }
        }

        impl<'a> Body<'a> for $name<'a> {
            fn decode(
                _: u8,
                mut r: Reader<'a>,
                version: ProtocolVersion,
            ) -> Result<Packet<'a>, DecodeError> {
                let (packet_id, code) = read_head(&mut r, version)?;
                // The reason code is checked before the properties are
                // read, so a bad code is reported as such.
                let mut ack = $name::new(packet_id);
                if let Some(c) = code {
                    ack.reason = $code::decode(c, PacketType::$ty)?;
                }
                read_tail(r, version, &mut ack.properties)?;
                Ok(Packet::$name(ack))
            }
        }

        impl Put for $name<'_> {
            fn first_byte(&self) -> u8 {
                PacketType::$ty.header_byte()
            }

            fn put(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
                put_ack(
                    self.packet_id,
                    self.reason.code(),
                    &self.properties,
                    version,
                    concat!(stringify!($ty), " reason codes and properties"),
                    out,
                )
            }
        }
    };
}

ack_packet!(
    /// PUBACK: the acknowledgment of a QoS 1 PUBLISH (MQTT 5.0 §3.4).
    PubAck, PubAck, PubAckReasonCode
);
ack_packet!(
    /// PUBREC: the first acknowledgment of a QoS 2 PUBLISH (MQTT 5.0 §3.5).
    PubRec, PubRec, PubAckReasonCode
);
ack_packet!(
    /// PUBREL: the release of a QoS 2 PUBLISH, answering PUBREC
    /// (MQTT 5.0 §3.6).
    PubRel, PubRel, PubRelReasonCode
);
ack_packet!(
    /// PUBCOMP: the last acknowledgment of a QoS 2 PUBLISH (MQTT 5.0 §3.7).
    PubComp, PubComp, PubRelReasonCode
);
