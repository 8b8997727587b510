//! SUBSCRIBE and SUBACK (MQTT 3.1.1 §3.8–§3.9, MQTT 5.0 §3.8–§3.9).

use alloc::vec::Vec;

use super::ack::read_packet_id;
use super::error::{DecodeError, EncodeError};
use super::packet::{Body, Packet, Put};
use super::packet_id::PacketId;
use super::packet_type::PacketType;
use super::properties::{AckProperties, SubscribeProperties};
use super::qos::QoS;
use super::reader::Reader;
use super::reason::SubAckReasonCode;
use super::version::ProtocolVersion;
use super::writer::write_string;
use crate::topic::{SharedFilter, TopicError, validate_filter, validate_plain_filter};

/// When the server sends retained messages for a new subscription
/// (MQTT 5.0 §3.8.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum RetainHandling {
    /// 0: send retained messages at the time of the subscribe.
    #[default]
    SendAtSubscribe = 0,
    /// 1: send them only if the subscription did not exist before.
    SendIfNew = 1,
    /// 2: do not send them.
    DoNotSend = 2,
}

impl TryFrom<u8> for RetainHandling {
    type Error = u8;
    /// Fails with the value itself for 3 and above.
    fn try_from(v: u8) -> Result<RetainHandling, u8> {
        match v {
            0 => Ok(RetainHandling::SendAtSubscribe),
            1 => Ok(RetainHandling::SendIfNew),
            2 => Ok(RetainHandling::DoNotSend),
            _ => Err(v),
        }
    }
}

/// The options byte of one subscription (MQTT 5.0 §3.8.3.1). Before MQTT 5.0
/// only `qos` exists; the others must keep their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SubscriptionOptions {
    /// The highest QoS the server may deliver with.
    pub qos: QoS,
    /// Do not send this client's own publications back (5.0).
    pub no_local: bool,
    /// Keep the RETAIN flag of forwarded messages (5.0).
    pub retain_as_published: bool,
    /// When to send retained messages (5.0).
    pub retain_handling: RetainHandling,
}

impl SubscriptionOptions {
    fn byte(&self) -> u8 {
        self.qos.as_u8()
            | (u8::from(self.no_local) << 2)
            | (u8::from(self.retain_as_published) << 3)
            | ((self.retain_handling as u8) << 4)
    }

    fn is_v3(&self) -> bool {
        !self.no_local
            && !self.retain_as_published
            && self.retain_handling == RetainHandling::SendAtSubscribe
    }
}

/// One topic filter of a SUBSCRIBE, with its options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Subscription<'a> {
    /// The topic filter (§3.8.3).
    pub filter: &'a str,
    /// The subscription options.
    pub options: SubscriptionOptions,
}

/// A SUBSCRIBE packet (MQTT 5.0 §3.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribe<'a> {
    /// Ties the SUBACK to this request.
    pub packet_id: PacketId,
    /// MQTT 5.0 properties (§3.8.2.1).
    pub properties: SubscribeProperties<'a>,
    /// The filters; at least one [MQTT-3.8.3-3].
    pub subscriptions: Vec<Subscription<'a>>,
}

/// Topic filter rules by version: MQTT 5.0 adds shared subscriptions.
pub(crate) fn filter_rule(version: ProtocolVersion) -> fn(&str) -> Result<(), TopicError> {
    if version.is_v5() {
        validate_filter
    } else {
        validate_plain_filter
    }
}

fn read_options(
    r: &mut Reader<'_>,
    version: ProtocolVersion,
) -> Result<SubscriptionOptions, DecodeError> {
    let b = r.u8("Subscription Options")?;
    let reserved = if version.is_v5() {
        0b1100_0000
    } else {
        0b1111_1100
    };
    if b & reserved != 0 {
        return Err(DecodeError::ReservedBitSet {
            packet: PacketType::Subscribe,
            field: "Subscription Options",
        });
    }
    let qos = QoS::from_bits(b).ok_or(DecodeError::InvalidQoS {
        field: "Subscription Options QoS",
    })?;
    let retain_handling = RetainHandling::try_from((b >> 4) & 0b11)
        .map_err(|_| DecodeError::InvalidRetainHandling)?;
    Ok(SubscriptionOptions {
        qos,
        no_local: b & 0b0100 != 0,
        retain_as_published: b & 0b1000 != 0,
        retain_handling,
    })
}

impl<'a> Body<'a> for Subscribe<'a> {
    fn decode(
        _: u8,
        mut r: Reader<'a>,
        version: ProtocolVersion,
    ) -> Result<Packet<'a>, DecodeError> {
        let packet_id = read_packet_id(&mut r)?;
        let mut properties = SubscribeProperties::default();
        if version.is_v5() {
            properties.read_into(&mut r)?;
        }
        let rule = filter_rule(version);
        let mut subscriptions = Vec::new();
        while !r.is_empty() {
            let filter = r.topic("Topic Filter", rule)?;
            let options = read_options(&mut r, version)?;
            if options.no_local && version.is_v5() && filter.starts_with("$share/") {
                return Err(DecodeError::NoLocalOnSharedSubscription);
            }
            subscriptions.push(Subscription { filter, options });
        }
        if subscriptions.is_empty() {
            return Err(DecodeError::EmptyPayload {
                packet: PacketType::Subscribe,
            });
        }
        Ok(Packet::Subscribe(Subscribe {
            packet_id,
            properties,
            subscriptions,
        }))
    }
}

impl Put for Subscribe<'_> {
    fn first_byte(&self) -> u8 {
        PacketType::Subscribe.header_byte()
    }

    fn put(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if self.subscriptions.is_empty() {
            return Err(EncodeError::EmptyPayload {
                packet: PacketType::Subscribe,
            });
        }
        out.extend_from_slice(&self.packet_id.get().to_be_bytes());
        if version.is_v5() {
            self.properties.put(out)?;
        } else if !self.properties.is_empty() {
            return Err(EncodeError::NotInVersion {
                what: "SUBSCRIBE properties",
                version,
            });
        }
        let rule = filter_rule(version);
        for s in &self.subscriptions {
            rule(s.filter).map_err(|error| EncodeError::InvalidTopic {
                field: "Topic Filter",
                error,
            })?;
            if !version.is_v5() && !s.options.is_v3() {
                return Err(EncodeError::NotInVersion {
                    what: "subscription options other than QoS",
                    version,
                });
            }
            if s.options.no_local && matches!(SharedFilter::split(s.filter), Ok(Some(_))) {
                return Err(EncodeError::NoLocalOnSharedSubscription);
            }
            // The filter rule has ruled out U+0000 and over 65,535 bytes.
            write_string(out, s.filter);
            out.push(s.options.byte());
        }
        Ok(())
    }
}

/// A SUBACK packet: one result per requested filter, in order
/// (MQTT 5.0 §3.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubAck<'a> {
    /// The identifier of the SUBSCRIBE acknowledged.
    pub packet_id: PacketId,
    /// MQTT 5.0 properties (§3.9.2.1).
    pub properties: AckProperties<'a>,
    /// One code per filter (§3.9.3).
    pub reasons: Vec<SubAckReasonCode>,
}

impl<'a> Body<'a> for SubAck<'a> {
    fn decode(
        _: u8,
        mut r: Reader<'a>,
        version: ProtocolVersion,
    ) -> Result<Packet<'a>, DecodeError> {
        let mut ack = SubAck {
            packet_id: read_packet_id(&mut r)?,
            properties: AckProperties::default(),
            reasons: Vec::new(),
        };
        if version.is_v5() {
            ack.properties.read_into(&mut r)?;
        }
        let codes = r.rest();
        if codes.is_empty() {
            return Err(DecodeError::EmptyPayload {
                packet: PacketType::SubAck,
            });
        }
        for &code in codes {
            let reason = if !version.is_v5() && code >= 0x80 {
                // MQTT 3.1.1 has one failure code, 0x80 (§3.9.3), but
                // servers send 5.0 codes too (ejabberd: 0x8F). Any high
                // byte refuses that filter; rejecting the whole packet
                // would fail the filters it granted as well.
                SubAckReasonCode::UnspecifiedError
            } else {
                SubAckReasonCode::decode(code, PacketType::SubAck)?
            };
            if !version.is_v5() && !reason.in_v3() {
                return Err(DecodeError::InvalidReasonCode {
                    packet: PacketType::SubAck,
                    code,
                });
            }
            ack.reasons.push(reason);
        }
        Ok(Packet::SubAck(ack))
    }
}

impl Put for SubAck<'_> {
    fn first_byte(&self) -> u8 {
        PacketType::SubAck.header_byte()
    }

    fn put(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if self.reasons.is_empty() {
            return Err(EncodeError::EmptyPayload {
                packet: PacketType::SubAck,
            });
        }
        out.extend_from_slice(&self.packet_id.get().to_be_bytes());
        if version.is_v5() {
            self.properties.put(out)?;
        } else if !self.properties.is_empty() || !self.reasons.iter().all(|r| r.in_v3()) {
            return Err(EncodeError::NotInVersion {
                what: "SUBACK properties or reason codes",
                version,
            });
        }
        out.extend(self.reasons.iter().map(|r| r.code()));
        Ok(())
    }
}
