//! CONNACK (MQTT 3.1.1 §3.2, MQTT 5.0 §3.2).

use alloc::vec::Vec;

use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Sizes};
use super::packet_type::PacketType;
use super::properties::{ConnAckProperties, section_len};
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
    fn decode(_: u8, mut r: Reader<'a>, version: ProtocolVersion) -> Result<Self, DecodeError> {
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
        Ok(ConnAck {
            session_present,
            reason,
            properties,
        })
    }

    fn measure(&self, version: ProtocolVersion) -> Result<Sizes, EncodeError> {
        if self.session_present && self.reason != ConnectReasonCode::Success {
            return Err(EncodeError::SessionPresentOnRefusal);
        }
        if version.is_v5() {
            let props = self.properties.content_len()?;
            return Ok(Sizes {
                body: 2 + section_len(props)?,
                props,
                will_props: 0,
            });
        }
        let not_in_version = |what| EncodeError::NotInVersion { what, version };
        if self.reason.to_v3().is_none() {
            return Err(not_in_version("this CONNACK reason code"));
        }
        if !self.properties.is_empty() {
            return Err(not_in_version("CONNACK properties"));
        }
        if self.session_present && version == ProtocolVersion::V3_1 {
            return Err(not_in_version("Session Present"));
        }
        Ok(Sizes {
            body: 2,
            ..Sizes::default()
        })
    }

    fn first_byte(&self) -> u8 {
        PacketType::ConnAck.header_byte()
    }

    fn write(&self, version: ProtocolVersion, sizes: &Sizes, out: &mut Vec<u8>) {
        out.push(u8::from(self.session_present));
        if version.is_v5() {
            out.push(self.reason.code());
            self.properties.write(out, sizes.props);
        } else {
            out.push(self.reason.to_v3().unwrap_or(0));
        }
    }
}
