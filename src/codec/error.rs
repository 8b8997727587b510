//! Errors of the codec: one enum for decoding, one for encoding.
//!
//! Both are small and `Copy`, and every variant names the packet, field or
//! rule at fault, so a driver can report *what* was wrong without logging
//! the bytes. Higher layers wrap them.

use super::packet_type::PacketType;
use super::properties::PropertyId;
use super::version::ProtocolVersion;
use crate::text::{Describe, Text, display_by_describe, pick};
use crate::topic::TopicError;

/// Why bytes could not be decoded as an MQTT control packet.
///
/// Every variant is a *malformed packet* or a *protocol error* in the sense
/// of MQTT 5.0 §4.13; a receiver closes the connection on any of them.
/// "Not enough bytes yet" is not an error: see [`super::Status::Partial`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The packet type nibble is 0 (reserved in every version) or 15 outside
    /// MQTT 5.0 (MQTT 3.1.1 §2.2.1, MQTT 5.0 §2.1.2).
    ReservedPacketType(u8),
    /// AUTH (type 15) arrived on a connection that is not MQTT 5.0.
    PacketNotInVersion {
        /// The packet type.
        packet: PacketType,
        /// The connection's protocol version.
        version: ProtocolVersion,
    },
    /// The fixed header's flag bits are not the ones the packet type requires
    /// (MQTT 3.1.1 §2.2.2 [MQTT-2.2.2-2], MQTT 5.0 §2.1.3 [MQTT-2.1.3-1]).
    InvalidHeaderFlags {
        /// The packet type.
        packet: PacketType,
        /// The four flag bits received.
        flags: u8,
    },
    /// A Variable Byte Integer has a fifth byte (MQTT 5.0 §1.5.5).
    VarIntTooLong,
    /// A Variable Byte Integer uses more bytes than its value needs
    /// (MQTT 5.0 §1.5.5 [MQTT-1.5.5-1]).
    VarIntNotMinimal,
    /// The packet's total size is over the receiver's maximum packet size.
    /// Detected from the fixed header alone, before any body is buffered
    /// (MQTT 5.0 §3.1.2.11.4).
    PacketTooLarge {
        /// The declared size: fixed header plus remaining length.
        size: u64,
        /// The maximum the receiver accepts.
        max: u32,
    },
    /// The packet ended inside a field: its remaining length is too short
    /// for what the packet says it holds.
    Truncated {
        /// The packet type.
        packet: PacketType,
        /// The field that was cut off.
        field: &'static str,
    },
    /// Bytes were left over after the last field the packet can hold.
    TrailingBytes {
        /// The packet type.
        packet: PacketType,
        /// How many bytes were left.
        count: usize,
    },
    /// A remaining length the packet type does not allow (for example a
    /// PINGRESP with a body, MQTT 3.1.1 §3.13).
    InvalidRemainingLength {
        /// The packet type.
        packet: PacketType,
        /// The remaining length received.
        length: u32,
    },
    /// A UTF-8 Encoded String is not well-formed UTF-8
    /// (MQTT 5.0 §1.5.4 [MQTT-1.5.4-1]).
    InvalidUtf8 {
        /// The field that holds the string.
        field: &'static str,
    },
    /// A UTF-8 Encoded String contains U+0000 (MQTT 5.0 §1.5.4 [MQTT-1.5.4-2]).
    NullCharacter {
        /// The field that holds the string.
        field: &'static str,
    },
    /// The CONNECT protocol name is neither `MQTT` nor `MQIsdp`
    /// (MQTT 3.1.1 §3.1.2.1 [MQTT-3.1.2-1]).
    InvalidProtocolName,
    /// The CONNECT protocol level is not 3, 4 or 5, or does not fit its
    /// protocol name (MQTT 3.1.1 §3.1.2.2 [MQTT-3.1.2-2]).
    UnsupportedProtocolLevel(u8),
    /// A reserved flag bit is set (CONNECT flags bit 0 [MQTT-3.1.2-3],
    /// CONNACK flags bits 7–1 [MQTT-3.2.2-1], subscription options
    /// [MQTT-3.8.3-5]).
    ReservedBitSet {
        /// The packet type.
        packet: PacketType,
        /// The field whose reserved bits are set.
        field: &'static str,
    },
    /// A QoS field holds 3 (MQTT 3.1.1 §3.3.1.2 [MQTT-3.3.1-4]).
    InvalidQoS {
        /// The field that holds the QoS.
        field: &'static str,
    },
    /// DUP is set on a QoS 0 PUBLISH (MQTT 3.1.1 §3.3.1.1 [MQTT-3.3.1-2]).
    DupWithQoS0,
    /// Will QoS or Will Retain is set without the Will Flag
    /// (MQTT 3.1.1 §3.1.2.6 [MQTT-3.1.2-13], §3.1.2.7 [MQTT-3.1.2-15]).
    WillFlagsWithoutWill,
    /// The Password Flag is set without the User Name Flag in MQTT 3.1 or
    /// 3.1.1 (MQTT 3.1.1 §3.1.2.9 [MQTT-3.1.2-22]).
    PasswordWithoutUsername,
    /// CONNACK's Session Present is set with a refusal code
    /// (MQTT 3.1.1 [MQTT-3.2.2-4], MQTT 5.0 [MQTT-3.2.2-6]).
    SessionPresentOnRefusal,
    /// A Packet Identifier is 0 (MQTT 3.1.1 §2.3.1 [MQTT-2.3.1-1]).
    ZeroPacketId {
        /// The packet type.
        packet: PacketType,
    },
    /// A topic name or filter breaks the topic rules (MQTT 5.0 §4.7).
    InvalidTopic {
        /// The field that holds it.
        field: &'static str,
        /// What is wrong with it.
        error: TopicError,
    },
    /// A PUBLISH has an empty topic name and no Topic Alias
    /// (MQTT 5.0 §3.3.2.1 [MQTT-3.3.2-1]).
    EmptyTopicWithoutAlias,
    /// SUBSCRIBE, UNSUBSCRIBE, SUBACK or UNSUBACK carries no entries
    /// (MQTT 3.1.1 [MQTT-3.8.3-3], [MQTT-3.10.3-2]).
    EmptyPayload {
        /// The packet type.
        packet: PacketType,
    },
    /// A reason or return code the packet type does not define
    /// (MQTT 5.0 §2.4).
    InvalidReasonCode {
        /// The packet type.
        packet: PacketType,
        /// The code received.
        code: u8,
    },
    /// Retain Handling is 3 (MQTT 5.0 §3.8.3.1).
    InvalidRetainHandling,
    /// No Local is set on a shared subscription (MQTT 5.0 §3.8.3.1
    /// [MQTT-3.8.3-4]).
    NoLocalOnSharedSubscription,
    /// A packet type the sender may not send: a client receiving CONNECT,
    /// SUBSCRIBE, UNSUBSCRIBE or PINGREQ (MQTT 5.0 §2.1.2, Table 2-1).
    WrongDirection {
        /// The packet type.
        packet: PacketType,
    },
    /// A property identifier that MQTT 5.0 does not define (§2.2.2.2).
    UnknownProperty(u32),
    /// A property the packet type does not allow (MQTT 5.0 §2.2.2.2).
    PropertyNotAllowed {
        /// The packet type (for a will property: CONNECT).
        packet: PacketType,
        /// The property.
        property: PropertyId,
    },
    /// A property that may appear once appears again (MQTT 5.0 §2.2.2.2).
    DuplicateProperty(PropertyId),
    /// A property value outside its defined range, such as a Receive Maximum
    /// of 0 or a Payload Format Indicator of 2 (MQTT 5.0 §3.x.2.x).
    InvalidPropertyValue {
        /// The property.
        property: PropertyId,
        /// The value received.
        value: u32,
    },
}

/// Why a packet could not be encoded. Nothing has been written when this is
/// returned: encoders check every field before the first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A string or binary field is longer than 65,535 bytes
    /// (MQTT 5.0 §1.5.4, §1.5.6).
    FieldTooLong {
        /// The field.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
    },
    /// A string contains U+0000 (MQTT 5.0 §1.5.4 [MQTT-1.5.4-2]).
    NullCharacter {
        /// The field.
        field: &'static str,
    },
    /// The packet's remaining length would be over 268,435,455 bytes
    /// (MQTT 5.0 §1.5.5), or its total size over the given maximum.
    PacketTooLarge {
        /// The packet's total size in bytes.
        size: u64,
        /// The largest size allowed.
        max: u32,
    },
    /// A topic name or filter breaks the topic rules (MQTT 5.0 §4.7).
    InvalidTopic {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        error: TopicError,
    },
    /// A PUBLISH at QoS 1 or 2 without a packet identifier, or at QoS 0 with
    /// one (MQTT 3.1.1 §2.3.1 [MQTT-2.3.1-5]).
    PacketIdMismatch,
    /// DUP set on a QoS 0 PUBLISH (MQTT 3.1.1 [MQTT-3.3.1-2]).
    DupWithQoS0,
    /// A PUBLISH with an empty topic name and no Topic Alias, or an empty
    /// topic name outside MQTT 5.0 (MQTT 5.0 §3.3.2.1).
    EmptyTopicWithoutAlias,
    /// SUBSCRIBE or UNSUBSCRIBE with no topic filters, or SUBACK/UNSUBACK
    /// with no reason codes.
    EmptyPayload {
        /// The packet type.
        packet: PacketType,
    },
    /// The packet, property or value does not exist in this protocol
    /// version (for example properties, AUTH or a reason code other than
    /// Success in MQTT 3.1.1).
    NotInVersion {
        /// What cannot be expressed.
        what: &'static str,
        /// The version it was to be encoded for.
        version: ProtocolVersion,
    },
    /// A password without a user name in MQTT 3.1 or 3.1.1
    /// (MQTT 3.1.1 [MQTT-3.1.2-22]).
    PasswordWithoutUsername,
    /// An empty client identifier without Clean Session in MQTT 3.1.1
    /// (MQTT 3.1.1 §3.1.3.1 [MQTT-3.1.3-7]), or in MQTT 3.1 at all.
    EmptyClientIdWithoutCleanSession,
    /// A value outside its defined range (a zero Receive Maximum or Topic
    /// Alias, a Subscription Identifier over 268,435,455, …).
    InvalidValue {
        /// The field or property.
        field: &'static str,
    },
    /// No Local on a shared subscription (MQTT 5.0 [MQTT-3.8.3-4]).
    NoLocalOnSharedSubscription,
    /// CONNACK with Session Present and a refusal code
    /// (MQTT 5.0 [MQTT-3.2.2-6]).
    SessionPresentOnRefusal,
}

/// The texts of both errors, for [`pick`]: those of the variants that hold
/// nothing, then the pieces the others are built from. An index per piece
/// rather than a pointer and a length (the comment is each text's index).
const TEXTS: &str = concat!(
    "variable byte integer longer than four bytes\n", // 0
    "variable byte integer not in its shortest form\n", // 1
    "protocol name is neither MQTT nor MQIsdp\n",     // 2
    "DUP set on a QoS 0 PUBLISH\n",                   // 3
    "will QoS or retain set without the will flag\n", // 4
    "password flag set without user name flag\n",     // 5
    "session present set on a refused connection\n",  // 6
    "empty topic name without a topic alias\n",       // 7
    "retain handling 3 is reserved\n",                // 8
    "no local set on a shared subscription\n",        // 9
    "a packet identifier is needed exactly when QoS is 1 or 2\n", // 10
    "a password needs a user name before MQTT 5.0\n", // 11
    "an empty client identifier needs clean session\n", // 12
    "reserved packet type \n",                        // 13
    " does not exist in \n",                          // 14
    "invalid fixed header flags \n",                  // 15
    " for \n",                                        // 16
    "packet of \n",                                   // 17
    " bytes is over the maximum of \n",               // 18
    " ends inside \n",                                // 19
    " unexpected bytes at the end of \n",             // 20
    "remaining length \n",                            // 21
    " is not valid for \n",                           // 22
    " is not valid UTF-8\n",                          // 23
    " contains U+0000\n",                             // 24
    "unsupported protocol level \n",                  // 25
    "reserved bit set in \n",                         // 26
    " of \n",                                         // 27
    " is QoS 3\n",                                    // 28
    "packet identifier 0 in \n",                      // 29
    ": \n",                                           // 30
    " has an empty payload\n",                        // 31
    "reason code \n",                                 // 32
    " is not defined for \n",                         // 33
    " is only sent by clients\n",                     // 34
    "unknown property identifier \n",                 // 35
    "property \n",                                    // 36
    " is not allowed in \n",                          // 37
    " appears more than once\n",                      // 38
    "value \n",                                       // 39
    " is not valid for property \n",                  // 40
    " is \n",                                         // 41
    " bytes, over the limit of 65535\n",              // 42
    " needs at least one entry\n",                    // 43
    " is out of range\n",                             // 44
);

/// Appends the `i`th of [`TEXTS`]: each piece of an error's text is an
/// index in the call, where a pointer and a length were.
#[inline(never)]
fn w(t: &mut Text, i: usize) -> &mut Text {
    t.s(pick(TEXTS, i))
}

impl Describe for DecodeError {
    fn describe(&self, t: &mut Text) {
        use DecodeError::*;
        let i = match *self {
            ReservedPacketType(p) => {
                w(t, 13).n(p.into());
                return;
            }
            PacketNotInVersion { packet, version } => {
                w(t.d(&packet), 14).d(&version);
                return;
            }
            InvalidHeaderFlags { packet, flags } => {
                w(w(t, 15).bin(flags), 16).d(&packet);
                return;
            }
            VarIntTooLong => 0,
            VarIntNotMinimal => 1,
            PacketTooLarge { size, max } => {
                w(w(t, 17).n(size), 18).n(max.into());
                return;
            }
            Truncated { packet, field } => {
                w(t.d(&packet), 19).s(field);
                return;
            }
            TrailingBytes { packet, count } => {
                w(t.n(count as u64), 20).d(&packet);
                return;
            }
            InvalidRemainingLength { packet, length } => {
                w(w(t, 21).n(length.into()), 22).d(&packet);
                return;
            }
            InvalidUtf8 { field } => {
                t.s(field);
                23
            }
            NullCharacter { field } => {
                t.s(field);
                24
            }
            InvalidProtocolName => 2,
            UnsupportedProtocolLevel(l) => {
                w(t, 25).n(l.into());
                return;
            }
            ReservedBitSet { packet, field } => {
                w(w(t, 26).s(field), 27).d(&packet);
                return;
            }
            InvalidQoS { field } => {
                t.s(field);
                28
            }
            DupWithQoS0 => 3,
            WillFlagsWithoutWill => 4,
            PasswordWithoutUsername => 5,
            SessionPresentOnRefusal => 6,
            ZeroPacketId { packet } => {
                w(t, 29).d(&packet);
                return;
            }
            InvalidTopic { field, error } => {
                w(t.s(field), 30).d(&error);
                return;
            }
            EmptyTopicWithoutAlias => 7,
            EmptyPayload { packet } => {
                t.d(&packet);
                31
            }
            InvalidReasonCode { packet, code } => {
                w(w(t, 32).hex(code.into()), 33).d(&packet);
                return;
            }
            InvalidRetainHandling => 8,
            NoLocalOnSharedSubscription => 9,
            WrongDirection { packet } => {
                t.d(&packet);
                34
            }
            UnknownProperty(id) => {
                w(t, 35).hex(id);
                return;
            }
            PropertyNotAllowed { packet, property } => {
                w(w(t, 36).d(&property), 37).d(&packet);
                return;
            }
            DuplicateProperty(p) => {
                w(t, 36).d(&p);
                38
            }
            InvalidPropertyValue { property, value } => {
                w(w(t, 39).n(value.into()), 40).d(&property);
                return;
            }
        };
        w(t, i);
    }
}

impl Describe for EncodeError {
    fn describe(&self, t: &mut Text) {
        use EncodeError::*;
        let i = match *self {
            FieldTooLong { field, len } => {
                w(t.s(field), 41).n(len as u64);
                42
            }
            NullCharacter { field } => {
                t.s(field);
                24
            }
            PacketTooLarge { size, max } => {
                w(w(t, 17).n(size), 18).n(max.into());
                return;
            }
            InvalidTopic { field, error } => {
                w(t.s(field), 30).d(&error);
                return;
            }
            PacketIdMismatch => 10,
            DupWithQoS0 => 3,
            EmptyTopicWithoutAlias => 7,
            EmptyPayload { packet } => {
                t.d(&packet);
                43
            }
            NotInVersion { what, version } => {
                w(t.s(what), 14).d(&version);
                return;
            }
            PasswordWithoutUsername => 11,
            EmptyClientIdWithoutCleanSession => 12,
            InvalidValue { field } => {
                t.s(field);
                44
            }
            NoLocalOnSharedSubscription => 9,
            SessionPresentOnRefusal => 6,
        };
        w(t, i);
    }
}

display_by_describe!(DecodeError, EncodeError);

impl core::error::Error for DecodeError {}
impl core::error::Error for EncodeError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Describe;

    #[test]
    fn texts_of_variants_without_values() {
        use DecodeError as D;
        use EncodeError as E;
        for (text, expected) in [
            (
                D::VarIntTooLong.text(),
                "variable byte integer longer than four bytes",
            ),
            (
                D::VarIntNotMinimal.text(),
                "variable byte integer not in its shortest form",
            ),
            (
                D::InvalidProtocolName.text(),
                "protocol name is neither MQTT nor MQIsdp",
            ),
            (D::DupWithQoS0.text(), "DUP set on a QoS 0 PUBLISH"),
            (
                D::WillFlagsWithoutWill.text(),
                "will QoS or retain set without the will flag",
            ),
            (
                D::PasswordWithoutUsername.text(),
                "password flag set without user name flag",
            ),
            (
                D::SessionPresentOnRefusal.text(),
                "session present set on a refused connection",
            ),
            (
                D::EmptyTopicWithoutAlias.text(),
                "empty topic name without a topic alias",
            ),
            (
                D::InvalidRetainHandling.text(),
                "retain handling 3 is reserved",
            ),
            (
                D::NoLocalOnSharedSubscription.text(),
                "no local set on a shared subscription",
            ),
            (
                E::PacketIdMismatch.text(),
                "a packet identifier is needed exactly when QoS is 1 or 2",
            ),
            (E::DupWithQoS0.text(), "DUP set on a QoS 0 PUBLISH"),
            (
                E::EmptyTopicWithoutAlias.text(),
                "empty topic name without a topic alias",
            ),
            (
                E::PasswordWithoutUsername.text(),
                "a password needs a user name before MQTT 5.0",
            ),
            (
                E::EmptyClientIdWithoutCleanSession.text(),
                "an empty client identifier needs clean session",
            ),
            (
                E::NoLocalOnSharedSubscription.text(),
                "no local set on a shared subscription",
            ),
            (
                E::SessionPresentOnRefusal.text(),
                "session present set on a refused connection",
            ),
        ] {
            assert_eq!(text, expected);
        }
    }

    /// The texts of the variants that hold values, built from pieces
    /// picked by index: a piece out of place shows here.
    #[test]
    fn texts_of_variants_with_values() {
        use super::super::packet_type::PacketType as P;
        use super::super::version::ProtocolVersion as V;
        use DecodeError as D;
        use EncodeError as E;
        for (text, expected) in [
            (D::ReservedPacketType(15).text(), "reserved packet type 15"),
            (
                D::PacketNotInVersion {
                    packet: P::Auth,
                    version: V::V3_1_1,
                }
                .text(),
                "AUTH does not exist in MQTT 3.1.1",
            ),
            (
                D::InvalidHeaderFlags {
                    packet: P::PubRel,
                    flags: 3,
                }
                .text(),
                "invalid fixed header flags 0b0011 for PUBREL",
            ),
            (
                D::PacketTooLarge {
                    size: 1_234_567_890_123,
                    max: 77,
                }
                .text(),
                "packet of 1234567890123 bytes is over the maximum of 77",
            ),
            (
                D::Truncated {
                    packet: P::Publish,
                    field: "Topic Name",
                }
                .text(),
                "PUBLISH ends inside Topic Name",
            ),
            (
                D::TrailingBytes {
                    packet: P::ConnAck,
                    count: 3,
                }
                .text(),
                "3 unexpected bytes at the end of CONNACK",
            ),
            (
                D::InvalidRemainingLength {
                    packet: P::PingResp,
                    length: 9,
                }
                .text(),
                "remaining length 9 is not valid for PINGRESP",
            ),
            (D::InvalidUtf8 { field: "X" }.text(), "X is not valid UTF-8"),
            (D::NullCharacter { field: "Y" }.text(), "Y contains U+0000"),
            (
                D::UnsupportedProtocolLevel(9).text(),
                "unsupported protocol level 9",
            ),
            (
                D::ReservedBitSet {
                    packet: P::Connect,
                    field: "Connect Flags",
                }
                .text(),
                "reserved bit set in Connect Flags of CONNECT",
            ),
            (
                D::InvalidQoS { field: "Will QoS" }.text(),
                "Will QoS is QoS 3",
            ),
            (
                D::ZeroPacketId { packet: P::SubAck }.text(),
                "packet identifier 0 in SUBACK",
            ),
            (
                D::InvalidTopic {
                    field: "Topic Name",
                    error: TopicError::TooLong(70_000),
                }
                .text(),
                "Topic Name: topic is 70000 bytes, over 65535",
            ),
            (
                D::EmptyPayload {
                    packet: P::Subscribe,
                }
                .text(),
                "SUBSCRIBE has an empty payload",
            ),
            (
                D::InvalidReasonCode {
                    packet: P::SubAck,
                    code: 0x8f,
                }
                .text(),
                "reason code 0x8f is not defined for SUBACK",
            ),
            (
                D::WrongDirection { packet: P::Connect }.text(),
                "CONNECT is only sent by clients",
            ),
            (
                D::UnknownProperty(0x7f).text(),
                "unknown property identifier 0x7f",
            ),
            (
                D::PropertyNotAllowed {
                    packet: P::ConnAck,
                    property: PropertyId::WillDelayInterval,
                }
                .text(),
                "property Will Delay Interval is not allowed in CONNACK",
            ),
            (
                D::DuplicateProperty(PropertyId::TopicAlias).text(),
                "property Topic Alias appears more than once",
            ),
            (
                D::InvalidPropertyValue {
                    property: PropertyId::ReceiveMaximum,
                    value: 0,
                }
                .text(),
                "value 0 is not valid for property Receive Maximum",
            ),
            (
                E::FieldTooLong {
                    field: "Client Identifier",
                    len: 70_000,
                }
                .text(),
                "Client Identifier is 70000 bytes, over the limit of 65535",
            ),
            (
                E::NullCharacter { field: "User Name" }.text(),
                "User Name contains U+0000",
            ),
            (
                E::PacketTooLarge {
                    size: 300_000_000,
                    max: 268_435_455,
                }
                .text(),
                "packet of 300000000 bytes is over the maximum of 268435455",
            ),
            (
                E::InvalidTopic {
                    field: "Topic Filter",
                    error: TopicError::WildcardInName,
                }
                .text(),
                "Topic Filter: topic name contains a wildcard (+ or #)",
            ),
            (
                E::EmptyPayload {
                    packet: P::Unsubscribe,
                }
                .text(),
                "UNSUBSCRIBE needs at least one entry",
            ),
            (
                E::NotInVersion {
                    what: "AUTH",
                    version: V::V3_1,
                }
                .text(),
                "AUTH does not exist in MQTT 3.1",
            ),
            (
                E::InvalidValue {
                    field: "Maximum QoS",
                }
                .text(),
                "Maximum QoS is out of range",
            ),
        ] {
            assert_eq!(text, expected);
        }
    }
}
