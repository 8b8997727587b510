//! CONNECT (MQTT 3.1 §3.1, MQTT 3.1.1 §3.1, MQTT 5.0 §3.1).

use alloc::vec::Vec;

use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Packet, Put};
use super::packet_type::PacketType;
use super::properties::{ConnectProperties, WillProperties};
use super::qos::QoS;
use super::reader::Reader;
use super::version::ProtocolVersion;
use super::writer::{put_binary, put_string, write_string};
use crate::topic::validate_name;

/// A CONNECT packet: the first packet a client sends.
///
/// Unlike every other packet, CONNECT says which protocol version it speaks
/// (`protocol`), and is decoded and encoded by that version whatever the
/// connection's version argument says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connect<'a> {
    /// The protocol version: decides the protocol name and level
    /// (§3.1.2.1, §3.1.2.2).
    pub protocol: ProtocolVersion,
    /// Clean Session (3.1, 3.1.1) or Clean Start (5.0) (§3.1.2.4).
    pub clean_start: bool,
    /// Keep alive in seconds; 0 turns it off (§3.1.2.10).
    pub keep_alive: u16,
    /// MQTT 5.0 properties (§3.1.2.11); must be empty before 5.0.
    pub properties: ConnectProperties<'a>,
    /// The client identifier (§3.1.3.1).
    pub client_id: &'a str,
    /// The will message, published if the connection ends abnormally
    /// (§3.1.2.5).
    pub will: Option<Will<'a>>,
    /// The user name (§3.1.3.5).
    pub username: Option<&'a str>,
    /// The password: binary data (§3.1.3.6).
    pub password: Option<&'a [u8]>,
}

/// A will message (MQTT 5.0 §3.1.2.5, §3.1.3.2–§3.1.3.4).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Will<'a> {
    /// The will's QoS (§3.1.2.6).
    pub qos: QoS,
    /// Whether the will is retained (§3.1.2.7).
    pub retain: bool,
    /// MQTT 5.0 will properties (§3.1.3.2).
    pub properties: WillProperties<'a>,
    /// The topic the will is published to (§3.1.3.3).
    pub topic: &'a str,
    /// The will's payload (§3.1.3.4).
    pub payload: &'a [u8],
}

impl Default for Connect<'_> {
    /// An MQTT 3.1.1 CONNECT with clean session, keep alive 60 and an empty
    /// client identifier.
    fn default() -> Self {
        Connect {
            protocol: ProtocolVersion::V3_1_1,
            clean_start: true,
            keep_alive: 60,
            properties: ConnectProperties::default(),
            client_id: "",
            will: None,
            username: None,
            password: None,
        }
    }
}

const CLEAN: u8 = 0b0000_0010;
const WILL: u8 = 0b0000_0100;
const WILL_RETAIN: u8 = 0b0010_0000;
const PASSWORD: u8 = 0b0100_0000;
const USERNAME: u8 = 0b1000_0000;

fn read_protocol(r: &mut Reader<'_>) -> Result<ProtocolVersion, DecodeError> {
    let name = r.binary("Protocol Name")?;
    let level = r.u8("Protocol Level")?;
    match (name, level) {
        (b"MQTT", 4) => Ok(ProtocolVersion::V3_1_1),
        (b"MQTT", 5) => Ok(ProtocolVersion::V5),
        (b"MQIsdp", 3) => Ok(ProtocolVersion::V3_1),
        (b"MQTT" | b"MQIsdp", level) => Err(DecodeError::UnsupportedProtocolLevel(level)),
        _ => Err(DecodeError::InvalidProtocolName),
    }
}

impl<'a> Body<'a> for Connect<'a> {
    fn decode(
        _flags: u8,
        mut r: Reader<'a>,
        _: ProtocolVersion,
    ) -> Result<Packet<'a>, DecodeError> {
        let protocol = read_protocol(&mut r)?;
        let flags = r.u8("Connect Flags")?;
        if flags & 1 != 0 {
            return Err(DecodeError::ReservedBitSet {
                packet: PacketType::Connect,
                field: "Connect Flags",
            });
        }
        let has_will = flags & WILL != 0;
        let will_qos =
            QoS::from_bits(flags >> 3).ok_or(DecodeError::InvalidQoS { field: "Will QoS" })?;
        let will_retain = flags & WILL_RETAIN != 0;
        if !has_will && (will_qos != QoS::AtMostOnce || will_retain) {
            return Err(DecodeError::WillFlagsWithoutWill);
        }
        let has_username = flags & USERNAME != 0;
        let has_password = flags & PASSWORD != 0;
        if has_password && !has_username && !protocol.is_v5() {
            return Err(DecodeError::PasswordWithoutUsername);
        }
        let keep_alive = r.u16("Keep Alive")?;
        let mut properties = ConnectProperties::default();
        if protocol.is_v5() {
            properties.read_into(&mut r)?;
        }
        let client_id = r.string("Client Identifier")?;
        let will = if has_will {
            let mut properties = WillProperties::default();
            if protocol.is_v5() {
                properties.read_into(&mut r)?;
                if let Some(t) = properties.response_topic {
                    validate_name(t).map_err(|error| DecodeError::InvalidTopic {
                        field: "Will Response Topic",
                        error,
                    })?;
                }
            }
            let topic = r.topic("Will Topic", validate_name)?;
            let payload = r.binary("Will Payload")?;
            Some(Will {
                qos: will_qos,
                retain: will_retain,
                properties,
                topic,
                payload,
            })
        } else {
            None
        };
        let username = if has_username {
            Some(r.string("User Name")?)
        } else {
            None
        };
        let password = if has_password {
            Some(r.binary("Password")?)
        } else {
            None
        };
        r.finish()?;
        Ok(Packet::Connect(Connect {
            protocol,
            clean_start: flags & CLEAN != 0,
            keep_alive,
            properties,
            client_id,
            will,
            username,
            password,
        }))
    }
}

impl Put for Connect<'_> {
    fn first_byte(&self) -> u8 {
        PacketType::Connect.header_byte()
    }

    fn put(&self, _: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let version = self.protocol;
        let v5 = version.is_v5();
        let not_in_version = |what| EncodeError::NotInVersion { what, version };
        if self.password.is_some() && self.username.is_none() && !v5 {
            return Err(EncodeError::PasswordWithoutUsername);
        }
        if self.client_id.is_empty()
            && (version == ProtocolVersion::V3_1
                || (version == ProtocolVersion::V3_1_1 && !self.clean_start))
        {
            return Err(EncodeError::EmptyClientIdWithoutCleanSession);
        }
        write_string(out, version.protocol_name());
        out.push(version.level());
        let mut flags = 0u8;
        if self.clean_start {
            flags |= CLEAN;
        }
        if let Some(will) = &self.will {
            flags |= WILL | (will.qos.as_u8() << 3);
            if will.retain {
                flags |= WILL_RETAIN;
            }
        }
        if self.password.is_some() {
            flags |= PASSWORD;
        }
        if self.username.is_some() {
            flags |= USERNAME;
        }
        out.push(flags);
        out.extend_from_slice(&self.keep_alive.to_be_bytes());
        if v5 {
            self.properties.put(out)?;
        } else if !self.properties.is_empty() {
            return Err(not_in_version("CONNECT properties"));
        }
        put_string(out, "Client Identifier", self.client_id)?;
        if let Some(will) = &self.will {
            validate_name(will.topic).map_err(|error| EncodeError::InvalidTopic {
                field: "Will Topic",
                error,
            })?;
            if v5 {
                if let Some(t) = will.properties.response_topic {
                    validate_name(t).map_err(|error| EncodeError::InvalidTopic {
                        field: "Will Response Topic",
                        error,
                    })?;
                }
                will.properties.put(out)?;
            } else if !will.properties.is_empty() {
                return Err(not_in_version("will properties"));
            }
            // validate_name has ruled out U+0000 and over 65,535 bytes.
            write_string(out, will.topic);
            put_binary(out, "Will Payload", will.payload)?;
        }
        if let Some(u) = self.username {
            put_string(out, "User Name", u)?;
        }
        if let Some(p) = self.password {
            put_binary(out, "Password", p)?;
        }
        Ok(())
    }
}
