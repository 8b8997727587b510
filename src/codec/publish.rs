//! PUBLISH (MQTT 3.1.1 §3.3, MQTT 5.0 §3.3).

use alloc::vec::Vec;

use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Packet, Sizes};
use super::packet_id::PacketId;
use super::packet_type::PacketType;
use super::properties::PublishProperties;
use super::qos::QoS;
use super::reader::Reader;
use super::version::ProtocolVersion;
use super::writer::{binary_len, write_string};
use crate::topic::{TopicError, validate_name};

/// A PUBLISH packet: an application message on its way to or from the
/// server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publish<'a> {
    /// Whether this may be a redelivery (§3.3.1.1). Only with QoS 1 or 2.
    pub dup: bool,
    /// The delivery guarantee (§3.3.1.2).
    pub qos: QoS,
    /// Whether the server keeps the message for future subscribers
    /// (§3.3.1.3).
    pub retain: bool,
    /// The topic name; empty only in MQTT 5.0 with a topic alias
    /// (§3.3.2.1).
    pub topic: &'a str,
    /// Present exactly when `qos` is 1 or 2 (§3.3.2.2).
    pub packet_id: Option<PacketId>,
    /// MQTT 5.0 properties (§3.3.2.3); must be empty in MQTT 3.x.
    pub properties: PublishProperties<'a>,
    /// The application message (§3.3.3).
    pub payload: &'a [u8],
}

fn qos_needs_id(qos: QoS) -> bool {
    qos != QoS::AtMostOnce
}

impl<'a> Body<'a> for Publish<'a> {
    fn decode(
        flags: u8,
        mut r: Reader<'a>,
        version: ProtocolVersion,
    ) -> Result<Packet<'a>, DecodeError> {
        let dup = flags & 0b1000 != 0;
        let qos = QoS::from_bits(flags >> 1).ok_or(DecodeError::InvalidQoS {
            field: "PUBLISH QoS",
        })?;
        let retain = flags & 0b0001 != 0;
        if dup && qos == QoS::AtMostOnce {
            return Err(DecodeError::DupWithQoS0);
        }
        let field = "Topic Name";
        let topic = r.utf8(field)?;
        // An empty name is legal only in 5.0 with a Topic Alias, checked
        // once the properties are read. The name's check finds a U+0000
        // before a wildcard, and reports it as a string's would
        // [MQTT-1.5.4-2].
        if !(topic.is_empty() && version.is_v5()) {
            validate_name(topic).map_err(|error| match error {
                TopicError::NullCharacter => DecodeError::NullCharacter { field },
                error => DecodeError::InvalidTopic { field, error },
            })?;
        }
        let packet_id = if qos_needs_id(qos) {
            let id = r.u16("Packet Identifier")?;
            Some(PacketId::new(id).ok_or(DecodeError::ZeroPacketId {
                packet: PacketType::Publish,
            })?)
        } else {
            None
        };
        // 3.1.1 makes its packet whole; 5.0 reads the properties into the
        // packet's own field, not into a set built apart and copied in. One
        // packet made first for both took the 3.1.1 decode 49 -> 54 ns
        // (`cargo bench --bench codec -- publish_decode`).
        if !version.is_v5() {
            return Ok(Packet::Publish(Publish {
                dup,
                qos,
                retain,
                topic,
                packet_id,
                properties: PublishProperties::default(),
                payload: r.rest(),
            }));
        }
        let mut packet = Publish {
            dup,
            qos,
            retain,
            topic,
            packet_id,
            properties: PublishProperties::default(),
            payload: &[],
        };
        let p = &mut packet.properties;
        p.read_into(&mut r)?;
        if topic.is_empty() && p.topic_alias.is_none() {
            return Err(DecodeError::EmptyTopicWithoutAlias);
        }
        if let Some(t) = p.response_topic {
            validate_name(t).map_err(|error| DecodeError::InvalidTopic {
                field: "Response Topic",
                error,
            })?;
        }
        packet.payload = r.rest();
        Ok(Packet::Publish(packet))
    }
}

impl Publish<'_> {
    /// Checks every field and computes the sizes: encoding is hot, so a
    /// PUBLISH is measured first and then written into room reserved
    /// once, not put in one walk as the other packet types.
    #[inline]
    pub(crate) fn measure(&self, version: ProtocolVersion) -> Result<Sizes, EncodeError> {
        if qos_needs_id(self.qos) != self.packet_id.is_some() {
            return Err(EncodeError::PacketIdMismatch);
        }
        if self.dup && self.qos == QoS::AtMostOnce {
            return Err(EncodeError::DupWithQoS0);
        }
        let empty_allowed = version.is_v5() && self.properties.topic_alias.is_some();
        if self.topic.is_empty() {
            if !empty_allowed {
                return Err(EncodeError::EmptyTopicWithoutAlias);
            }
        } else {
            validate_name(self.topic).map_err(|error| EncodeError::InvalidTopic {
                field: "Topic Name",
                error,
            })?;
        }
        // validate_name has ruled out U+0000; only the length is left.
        let mut body = binary_len("Topic Name", self.topic.as_bytes())? + self.payload.len();
        if self.packet_id.is_some() {
            body += 2;
        }
        let mut props = 0;
        if version.is_v5() {
            if let Some(t) = self.properties.response_topic {
                validate_name(t).map_err(|error: TopicError| EncodeError::InvalidTopic {
                    field: "Response Topic",
                    error,
                })?;
            }
            props = self.properties.content_len()?;
            body += super::properties::section_len(props)?;
        } else if !self.properties.is_empty() {
            return Err(EncodeError::NotInVersion {
                what: "PUBLISH properties",
                version,
            });
        }
        Ok(Sizes { body, props })
    }

    /// The fixed header's first byte.
    #[inline]
    pub(crate) fn first_byte(&self) -> u8 {
        ((PacketType::Publish as u8) << 4)
            | (u8::from(self.dup) << 3)
            | (self.qos.as_u8() << 1)
            | u8::from(self.retain)
    }

    /// Writes the body of a packet that [`Self::measure`] accepted.
    #[inline]
    pub(crate) fn write(&self, version: ProtocolVersion, sizes: &Sizes, out: &mut Vec<u8>) {
        write_string(out, self.topic);
        if let Some(id) = self.packet_id {
            out.extend_from_slice(&id.get().to_be_bytes());
        }
        if version.is_v5() {
            self.properties.write(out, sizes.props);
        }
        out.extend_from_slice(self.payload);
    }
}
