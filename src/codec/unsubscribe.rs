//! UNSUBSCRIBE and UNSUBACK (MQTT 3.1.1 §3.10–§3.11, MQTT 5.0 §3.10–§3.11).

use alloc::vec::Vec;

use super::ack::read_packet_id;
use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Packet, Put};
use super::packet_id::PacketId;
use super::packet_type::PacketType;
use super::properties::{AckProperties, UnsubscribeProperties};
use super::reader::Reader;
use super::reason::UnsubAckReasonCode;
use super::subscribe::filter_rule;
use super::version::ProtocolVersion;
use super::writer::write_string;

/// An UNSUBSCRIBE packet (MQTT 5.0 §3.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe<'a> {
    /// Ties the UNSUBACK to this request.
    pub packet_id: PacketId,
    /// MQTT 5.0 properties (§3.10.2.1).
    pub properties: UnsubscribeProperties<'a>,
    /// The filters to remove; at least one [MQTT-3.10.3-2].
    pub filters: Vec<&'a str>,
}

impl<'a> Body<'a> for Unsubscribe<'a> {
    fn decode(
        _: u8,
        mut r: Reader<'a>,
        version: ProtocolVersion,
    ) -> Result<Packet<'a>, DecodeError> {
        let packet_id = read_packet_id(&mut r)?;
        let mut properties = UnsubscribeProperties::default();
        if version.is_v5() {
            properties.read_into(&mut r)?;
        }
        let rule = filter_rule(version);
        let mut filters = Vec::new();
        while !r.is_empty() {
            filters.push(r.topic("Topic Filter", rule)?);
        }
        if filters.is_empty() {
            return Err(DecodeError::EmptyPayload {
                packet: PacketType::Unsubscribe,
            });
        }
        Ok(Packet::Unsubscribe(Unsubscribe {
            packet_id,
            properties,
            filters,
        }))
    }
}

impl Put for Unsubscribe<'_> {
    fn first_byte(&self) -> u8 {
        PacketType::Unsubscribe.header_byte()
    }

    fn put(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if self.filters.is_empty() {
            return Err(EncodeError::EmptyPayload {
                packet: PacketType::Unsubscribe,
            });
        }
        out.extend_from_slice(&self.packet_id.get().to_be_bytes());
        if version.is_v5() {
            self.properties.put(out)?;
        } else if !self.properties.is_empty() {
            return Err(EncodeError::NotInVersion {
                what: "UNSUBSCRIBE properties",
                version,
            });
        }
        let rule = filter_rule(version);
        for f in &self.filters {
            rule(f).map_err(|error| EncodeError::InvalidTopic {
                field: "Topic Filter",
                error,
            })?;
            // The filter rule has ruled out U+0000 and over 65,535 bytes.
            write_string(out, f);
        }
        Ok(())
    }
}

/// An UNSUBACK packet (MQTT 5.0 §3.11). Before MQTT 5.0 it holds only the
/// packet identifier, and `reasons` is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubAck<'a> {
    /// The identifier of the UNSUBSCRIBE acknowledged.
    pub packet_id: PacketId,
    /// MQTT 5.0 properties (§3.11.2.1).
    pub properties: AckProperties<'a>,
    /// MQTT 5.0: one code per filter, in order (§3.11.3).
    pub reasons: Vec<UnsubAckReasonCode>,
}

impl<'a> Body<'a> for UnsubAck<'a> {
    fn decode(
        _: u8,
        mut r: Reader<'a>,
        version: ProtocolVersion,
    ) -> Result<Packet<'a>, DecodeError> {
        let mut ack = UnsubAck {
            packet_id: read_packet_id(&mut r)?,
            properties: AckProperties::default(),
            reasons: Vec::new(),
        };
        if !version.is_v5() {
            r.finish()?;
            return Ok(Packet::UnsubAck(ack));
        }
        ack.properties.read_into(&mut r)?;
        let codes = r.rest();
        if codes.is_empty() {
            return Err(DecodeError::EmptyPayload {
                packet: PacketType::UnsubAck,
            });
        }
        for &code in codes {
            ack.reasons
                .push(UnsubAckReasonCode::decode(code, PacketType::UnsubAck)?);
        }
        Ok(Packet::UnsubAck(ack))
    }
}

impl Put for UnsubAck<'_> {
    fn first_byte(&self) -> u8 {
        PacketType::UnsubAck.header_byte()
    }

    fn put(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if !version.is_v5() {
            if !self.properties.is_empty() || !self.reasons.is_empty() {
                return Err(EncodeError::NotInVersion {
                    what: "UNSUBACK properties and reason codes",
                    version,
                });
            }
            out.extend_from_slice(&self.packet_id.get().to_be_bytes());
            return Ok(());
        }
        if self.reasons.is_empty() {
            return Err(EncodeError::EmptyPayload {
                packet: PacketType::UnsubAck,
            });
        }
        out.extend_from_slice(&self.packet_id.get().to_be_bytes());
        self.properties.put(out)?;
        out.extend(self.reasons.iter().map(|r| r.code()));
        Ok(())
    }
}
