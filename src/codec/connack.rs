//! CONNACK (MQTT 3.1.1 §3.2, MQTT 5.0 §3.2).

use alloc::vec::Vec;

use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Packet, Put};
use super::packet_type::PacketType;
use super::properties::ConnAckProperties;
use super::reader::Reader;
use super::reason::ConnectReasonCode;
use super::version::ProtocolVersion;

/// A CONNACK packet: the server's answer to CONNECT.
///
/// MQTT 3.1 and 3.1.1 return codes 0–5 are carried as the equivalent
/// [`ConnectReasonCode`] and encoded back to the same byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnAck<'a> {
    /// Whether the server resumed a session (§3.2.2.1.1). Always false in
    /// MQTT 3.1, which has no such flag.
    pub session_present: bool,
    /// The result (§3.2.2.2; MQTT 3.1.1 §3.2.2.3).
    pub reason: ConnectReasonCode,
    /// MQTT 5.0 properties (§3.2.2.3).
    pub properties: ConnAckProperties<'a>,
}

impl Default for ConnAck<'_> {
    /// A successful CONNACK without a session.
    fn default() -> Self {
        ConnAck {
            session_present: false,
            reason: ConnectReasonCode::Success,
            properties: ConnAckProperties::default(),
        }
    }
}

impl<'a> Body<'a> for ConnAck<'a> {
    fn decode(
        _: u8,
        mut r: Reader<'a>,
        version: ProtocolVersion,
    ) -> Result<Packet<'a>, DecodeError> {
        let flags = r.u8("Connect Acknowledge Flags")?;
        let code = r.u8("Connect Reason Code")?;
        // MQTT 3.1 leaves the first byte unused; later versions reserve all
        // but bit 0 [MQTT-3.2.2-1].
        let session_present = if version == ProtocolVersion::V3_1 {
            false
        } else if flags & 0xfe != 0 {
            return Err(DecodeError::ReservedBitSet {
                packet: PacketType::ConnAck,
                field: "Connect Acknowledge Flags",
            });
        } else {
            flags & 1 != 0
        };
        let mut properties = ConnAckProperties::default();
        let reason = if version.is_v5() {
            let reason = ConnectReasonCode::decode(code, PacketType::ConnAck)?;
            properties.read_into(&mut r)?;
            reason
        } else {
            ConnectReasonCode::from_v3(code).ok_or(DecodeError::InvalidReasonCode {
                packet: PacketType::ConnAck,
                code,
            })?
        };
        // [MQTT-3.2.2-4] (3.1.1), [MQTT-3.2.2-6] (5.0).
        if session_present && reason != ConnectReasonCode::Success {
            return Err(DecodeError::SessionPresentOnRefusal);
        }
        r.finish()?;
        Ok(Packet::ConnAck(ConnAck {
            session_present,
            reason,
            properties,
        }))
    }
}

impl Put for ConnAck<'_> {
    fn first_byte(&self) -> u8 {
        PacketType::ConnAck.header_byte()
    }

    fn put(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if self.session_present && self.reason != ConnectReasonCode::Success {
            return Err(EncodeError::SessionPresentOnRefusal);
        }
        out.push(u8::from(self.session_present));
        if version.is_v5() {
            out.push(self.reason.code());
            return self.properties.put(out);
        }
        let not_in_version = |what| EncodeError::NotInVersion { what, version };
        let Some(code) = self.reason.to_v3() else {
            return Err(not_in_version("this CONNACK reason code"));
        };
        if !self.properties.is_empty() {
            return Err(not_in_version("CONNACK properties"));
        }
        if self.session_present && version == ProtocolVersion::V3_1 {
            return Err(not_in_version("Session Present"));
        }
        out.push(code);
        Ok(())
    }
}
