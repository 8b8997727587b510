//! DISCONNECT (MQTT 3.1.1 §3.14, MQTT 5.0 §3.14) and AUTH (MQTT 5.0 §3.15),
//! which share one layout: packets made of an optional reason code and optional properties.
//!
//! A Remaining Length of 0 means Success (or Normal disconnection) with no
//! properties. DISCONNECT may also hold the reason code alone (Remaining
//! Length 1, §3.14.2.2.1); AUTH may not (§3.15.2.1), so an AUTH with a body
//! always carries a property section. The encoder writes the shortest form.

use alloc::vec::Vec;

use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Packet, Put};
use super::packet_type::PacketType;
use super::properties::{AuthProperties, DisconnectProperties, PropertyId};
use super::reader::Reader;
use super::reason::{AuthReasonCode, DisconnectReasonCode};
use super::split::decode_reason_packet;
use super::version::ProtocolVersion;

/// Appends a client's DISCONNECT, as its encoder writes it in its shortest
/// form (a test compares them): in MQTT 5.0 with `reason` and a new
/// session expiry interval if one is given (§3.14.2.1, §3.14.2.2.2),
/// before 5.0 without either. The engine was the encoder's only user in
/// the npm package, where it was code of its own.
pub(crate) fn put_client_disconnect(
    out: &mut Vec<u8>,
    version: ProtocolVersion,
    reason: DisconnectReasonCode,
    session_expiry_interval: Option<u32>,
) {
    let [a, b, c, d] = session_expiry_interval.unwrap_or(0).to_be_bytes();
    // The remaining length: nothing, the reason code alone, or the reason
    // code and a property section of one property.
    let remaining = if !version.is_v5() {
        0
    } else if session_expiry_interval.is_some() {
        7
    } else {
        u8::from(reason != DisconnectReasonCode::NormalDisconnection)
    };
    let bytes = [
        PacketType::Disconnect.header_byte(),
        remaining,
        reason.code(),
        5,
        PropertyId::SessionExpiryInterval as u8,
        a,
        b,
        c,
        d,
    ];
    out.extend_from_slice(&bytes[..2 + usize::from(remaining)]);
}

/// [`decode_reason_packet`]'s work, in the npm package's 5.0 module: the
/// body of an MQTT 5.0 DISCONNECT or AUTH (`t`), which only a client of
/// 5.0 reads.
pub(crate) fn decode_reason_split(t: PacketType, r: Reader<'_>) -> Result<Packet<'_>, DecodeError> {
    if t == PacketType::Auth {
        Auth::decode_v5(r)
    } else {
        Disconnect::decode_v5(r)
    }
}

macro_rules! reason_packet {
    ($(#[$meta:meta])* $name:ident, $props:ident, $code:ident, $success:ident, $reason_alone:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name<'a> {
            /// Why the packet was sent.
            pub reason: $code,
            /// MQTT 5.0 properties.
            pub properties: $props<'a>,
        }

        impl Default for $name<'_> {
            fn default() -> Self {
                $name {
                    reason: $code::$success,
                    properties: $props::default(),
                }
            }
        }

        impl $name<'_> {
            /// The packet with `reason` and no properties.
            pub fn new(reason: $code) -> Self {
                $name {
                    reason,
                    properties: $props::default(),
                }
            }
        }

        impl<'a> Body<'a> for $name<'a> {
            fn decode(
                _: u8,
                r: Reader<'a>,
                version: ProtocolVersion,
            ) -> Result<Packet<'a>, DecodeError> {
                if version.is_v5() {
                    return decode_reason_packet(PacketType::$name, r);
                }
                // MQTT 3.1.1 §3.14: DISCONNECT has no variable header.
                if !r.is_empty() {
                    return Err(DecodeError::InvalidRemainingLength {
                        packet: PacketType::$name,
                        length: u32::try_from(r.remaining()).unwrap_or(u32::MAX),
                    });
                }
                Ok(Packet::$name($name::default()))
            }
        }

        impl<'a> $name<'a> {
            /// The body of MQTT 5.0: a reason code and properties, each
            /// optional.
            fn decode_v5(mut r: Reader<'a>) -> Result<Packet<'a>, DecodeError> {
                let mut packet = $name::default();
                if let Some(code) = r.next_byte() {
                    packet.reason = $code::decode(code, PacketType::$name)?;
                    if !r.is_empty() || !$reason_alone {
                        packet.properties.read_into(&mut r)?;
                    }
                }
                r.finish()?;
                Ok(Packet::$name(packet))
            }
        }

        impl Put for $name<'_> {
            fn first_byte(&self) -> u8 {
                PacketType::$name.header_byte()
            }

            fn put(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
                if !version.is_v5() {
                    if PacketType::$name == PacketType::Auth {
                        return Err(EncodeError::NotInVersion { what: "AUTH", version });
                    }
                    if self.reason != $code::$success || !self.properties.is_empty() {
                        return Err(EncodeError::NotInVersion {
                            what: concat!(stringify!($name), " reason codes and properties"),
                            version,
                        });
                    }
                    return Ok(());
                }
                let success = self.reason == $code::$success;
                if self.properties.is_empty() && (success || $reason_alone) {
                    if !success {
                        out.push(self.reason.code());
                    }
                    return Ok(());
                }
                out.push(self.reason.code());
                self.properties.put(out)
            }
        }
    };
}

reason_packet!(
    /// A DISCONNECT packet: the last packet on a connection, from either side
    /// in MQTT 5.0 (§3.14).
    Disconnect, DisconnectProperties, DisconnectReasonCode, NormalDisconnection, true
);

reason_packet!(
    /// An AUTH packet: one step of MQTT 5.0 extended authentication (§3.15).
    Auth, AuthProperties, AuthReasonCode, Success, false
);
