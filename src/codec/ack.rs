//! PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5.0 §3.4–§3.7): a packet
//! identifier, and in MQTT 5.0 a reason code and properties.
//!
//! In MQTT 5.0 the reason code and property length may be left out when the
//! code is Success and there are no properties (§3.4.2.1); the encoder always
//! writes the shortest form, and the decoder takes any of the three.

use alloc::vec::Vec;

use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Sizes};
use super::packet_id::PacketId;
use super::packet_type::PacketType;
use super::properties::{AckProperties, section_len};
use super::reader::Reader;
use super::reason::{PubAckReasonCode, PubRelReasonCode};
use super::version::ProtocolVersion;

/// Reads the packet identifier shared by the acknowledgments and by
/// SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK.
pub(crate) fn read_packet_id(r: &mut Reader<'_>) -> Result<PacketId, DecodeError> {
    let id = r.u16("Packet Identifier")?;
    PacketId::new(id).ok_or(DecodeError::ZeroPacketId { packet: r.packet() })
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
            ) -> Result<Self, DecodeError> {
                let packet_id = read_packet_id(&mut r)?;
                let mut ack = $name::new(packet_id);
                if version.is_v5() && !r.is_empty() {
                    ack.reason = $code::decode(r.u8("Reason Code")?, PacketType::$ty)?;
                    if !r.is_empty() {
                        ack.properties = AckProperties::read(&mut r)?;
                    }
                }
                r.finish()?;
                Ok(ack)
            }

            fn measure(&self, version: ProtocolVersion) -> Result<Sizes, EncodeError> {
                if !version.is_v5() {
                    if self.reason != $code::Success || !self.properties.is_empty() {
                        return Err(EncodeError::NotInVersion {
                            what: concat!(stringify!($ty), " reason codes and properties"),
                            version,
                        });
                    }
                    return Ok(Sizes { body: 2, ..Sizes::default() });
                }
                if self.properties.is_empty() {
                    let body = if self.reason == $code::Success { 2 } else { 3 };
                    return Ok(Sizes { body, ..Sizes::default() });
                }
                let props = self.properties.content_len()?;
                Ok(Sizes {
                    body: 3 + section_len(props)?,
                    props,
                    will_props: 0,
                })
            }

            fn first_byte(&self) -> u8 {
                PacketType::$ty.header_byte()
            }

            fn write(&self, _: ProtocolVersion, sizes: &Sizes, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.packet_id.get().to_be_bytes());
                if sizes.body > 2 {
                    out.push(self.reason.code());
                }
                if sizes.body > 3 {
                    self.properties.write(out, sizes.props);
                }
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
