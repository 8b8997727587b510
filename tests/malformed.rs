//! Malformed input table: each case is bytes that no conforming peer may
//! send, and the exact error the decoder must give for them. Every case is
//! also fed to `PacketBuffer` one byte at a time, which must give the same
//! error and never panic.
#![cfg(not(target_arch = "wasm32"))]

use webmqtt::codec::{
    DecodeError, PacketBuffer, PacketType, PropertyId, ProtocolVersion, Status, decode,
};
use webmqtt::topic::TopicError;

use DecodeError::*;
use PacketType as P;
use ProtocolVersion::{V3_1, V3_1_1, V5};

const MAX: u32 = 1 << 20;

/// A packet with a correct remaining length: first byte, then the body.
fn pkt(first: u8, body: &[u8]) -> Vec<u8> {
    assert!(
        body.len() < 128,
        "test helper handles one-byte lengths only"
    );
    let mut v = vec![first, body.len() as u8];
    v.extend_from_slice(body);
    v
}

/// A v5 PUBLISH to topic "a" at QoS 0 with the given property bytes.
fn publish5(props: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x01, b'a', props.len() as u8];
    body.extend_from_slice(props);
    pkt(0x30, &body)
}

/// A v3.1.1 CONNECT with the given flags byte and payload after keep alive.
fn connect4(flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, flags, 0x00, 0x3c];
    body.extend_from_slice(payload);
    pkt(0x10, &body)
}

/// A v5 CONNECT (flags: clean start, plus `flags`) with the given connect
/// property bytes and payload.
fn connect5(flags: u8, props: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut body = vec![
        0x00,
        0x04,
        b'M',
        b'Q',
        b'T',
        b'T',
        0x05,
        0x02 | flags,
        0x00,
        0x3c,
    ];
    body.push(props.len() as u8);
    body.extend_from_slice(props);
    body.extend_from_slice(payload);
    pkt(0x10, &body)
}

/// A SUBSCRIBE with packet id 1; `props` is `None` for 3.1.1.
fn subscribe(props: Option<&[u8]>, payload: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x01];
    if let Some(p) = props {
        body.push(p.len() as u8);
        body.extend_from_slice(p);
    }
    body.extend_from_slice(payload);
    pkt(0x82, &body)
}

fn topic(field: &'static str, error: TopicError) -> DecodeError {
    InvalidTopic { field, error }
}

struct Case {
    name: &'static str,
    version: ProtocolVersion,
    bytes: Vec<u8>,
    max: u32,
    error: DecodeError,
}

fn case(name: &'static str, version: ProtocolVersion, bytes: Vec<u8>, error: DecodeError) -> Case {
    Case {
        name,
        version,
        bytes,
        max: MAX,
        error,
    }
}

fn cases() -> Vec<Case> {
    let client_a = [0x00, 0x01, b'a'];
    vec![
        // Fixed header (MQTT 5.0 §2.1).
        case(
            "packet type 0 is reserved",
            V3_1_1,
            vec![0x00, 0x00],
            ReservedPacketType(0),
        ),
        case(
            "AUTH does not exist in 3.1.1",
            V3_1_1,
            vec![0xf0, 0x00],
            ReservedPacketType(15),
        ),
        case(
            "AUTH does not exist in 3.1",
            V3_1,
            vec![0xf0, 0x00],
            ReservedPacketType(15),
        ),
        case(
            "CONNECT flags must be 0",
            V3_1_1,
            vec![0x11, 0x00],
            InvalidHeaderFlags {
                packet: P::Connect,
                flags: 1,
            },
        ),
        case(
            "PUBREL flags must be 0010",
            V3_1_1,
            pkt(0x60, &[0, 1]),
            InvalidHeaderFlags {
                packet: P::PubRel,
                flags: 0,
            },
        ),
        case(
            "SUBSCRIBE flags must be 0010",
            V3_1_1,
            pkt(0x80, &[0, 1, 0, 1, b'a', 0]),
            InvalidHeaderFlags {
                packet: P::Subscribe,
                flags: 0,
            },
        ),
        case(
            "UNSUBSCRIBE flags must be 0010",
            V5,
            pkt(0xa3, &[0, 1, 0, 0, 1, b'a']),
            InvalidHeaderFlags {
                packet: P::Unsubscribe,
                flags: 3,
            },
        ),
        case(
            "PINGREQ flags must be 0",
            V3_1_1,
            vec![0xc1, 0x00],
            InvalidHeaderFlags {
                packet: P::PingReq,
                flags: 1,
            },
        ),
        case(
            "AUTH flags must be 0",
            V5,
            vec![0xf1, 0x00],
            InvalidHeaderFlags {
                packet: P::Auth,
                flags: 1,
            },
        ),
        case(
            "remaining length of five bytes",
            V3_1_1,
            vec![0x30, 0xff, 0xff, 0xff, 0xff, 0x01],
            VarIntTooLong,
        ),
        case(
            "remaining length not minimal in 5.0",
            V5,
            vec![0xd0, 0x80, 0x00],
            VarIntNotMinimal,
        ),
        Case {
            name: "declared size over the maximum",
            version: V3_1_1,
            bytes: vec![0x30, 0xff, 0x7f],
            max: 100,
            error: PacketTooLarge {
                size: 16_386,
                max: 100,
            },
        },
        // PUBLISH (§3.3).
        case(
            "PUBLISH QoS 3",
            V3_1_1,
            pkt(0x36, &[0, 1, b'a', 0, 1]),
            InvalidQoS {
                field: "PUBLISH QoS",
            },
        ),
        case(
            "PUBLISH DUP with QoS 0",
            V3_1_1,
            pkt(0x38, &[0, 1, b'a']),
            DupWithQoS0,
        ),
        case(
            "PUBLISH topic with +",
            V3_1_1,
            pkt(0x30, &[0, 3, b'a', b'/', b'+']),
            topic("Topic Name", TopicError::WildcardInName),
        ),
        case(
            "PUBLISH topic with #",
            V5,
            pkt(0x30, &[0, 1, b'#', 0]),
            topic("Topic Name", TopicError::WildcardInName),
        ),
        case(
            "PUBLISH empty topic in 3.1.1",
            V3_1_1,
            pkt(0x30, &[0, 0]),
            topic("Topic Name", TopicError::Empty),
        ),
        case(
            "PUBLISH empty topic without alias in 5.0",
            V5,
            pkt(0x30, &[0, 0, 0]),
            EmptyTopicWithoutAlias,
        ),
        case(
            "PUBLISH packet identifier 0",
            V3_1_1,
            pkt(0x32, &[0, 1, b'a', 0, 0]),
            ZeroPacketId { packet: P::Publish },
        ),
        case(
            "PUBLISH topic not UTF-8",
            V3_1_1,
            pkt(0x30, &[0, 2, 0xc3, 0x28]),
            InvalidUtf8 {
                field: "Topic Name",
            },
        ),
        case(
            "PUBLISH topic with a UTF-16 surrogate",
            V3_1_1,
            pkt(0x30, &[0, 3, 0xed, 0xa0, 0x80]),
            InvalidUtf8 {
                field: "Topic Name",
            },
        ),
        case(
            "PUBLISH topic with U+0000",
            V3_1_1,
            pkt(0x30, &[0, 2, b'a', 0]),
            NullCharacter {
                field: "Topic Name",
            },
        ),
        case(
            "PUBLISH topic with a wildcard after U+0000",
            V5,
            pkt(0x30, &[0, 3, b'a', 0, b'#', 0]),
            NullCharacter {
                field: "Topic Name",
            },
        ),
        case(
            "PUBLISH topic with U+0000 after a wildcard",
            V5,
            pkt(0x30, &[0, 2, b'#', 0, 0]),
            NullCharacter {
                field: "Topic Name",
            },
        ),
        case(
            "PUBLISH topic longer than the packet",
            V3_1_1,
            pkt(0x30, &[0, 5, b'a']),
            Truncated {
                packet: P::Publish,
                field: "Topic Name",
            },
        ),
        case(
            "PUBLISH QoS 1 without packet identifier",
            V3_1_1,
            pkt(0x32, &[0, 1, b'a']),
            Truncated {
                packet: P::Publish,
                field: "Packet Identifier",
            },
        ),
        case(
            "PUBLISH Topic Alias 0",
            V5,
            publish5(&[0x23, 0, 0]),
            InvalidPropertyValue {
                property: PropertyId::TopicAlias,
                value: 0,
            },
        ),
        case(
            "PUBLISH Payload Format Indicator 2",
            V5,
            publish5(&[0x01, 2]),
            InvalidPropertyValue {
                property: PropertyId::PayloadFormatIndicator,
                value: 2,
            },
        ),
        case(
            "PUBLISH Message Expiry twice",
            V5,
            publish5(&[0x02, 0, 0, 0, 1, 0x02, 0, 0, 0, 2]),
            DuplicateProperty(PropertyId::MessageExpiryInterval),
        ),
        case(
            "PUBLISH with Session Expiry Interval",
            V5,
            publish5(&[0x11, 0, 0, 0, 1]),
            PropertyNotAllowed {
                packet: P::Publish,
                property: PropertyId::SessionExpiryInterval,
            },
        ),
        case(
            "PUBLISH with unknown property 0x7f",
            V5,
            publish5(&[0x7f, 0]),
            UnknownProperty(0x7f),
        ),
        case(
            "PUBLISH Subscription Identifier 0",
            V5,
            publish5(&[0x0b, 0]),
            InvalidPropertyValue {
                property: PropertyId::SubscriptionIdentifier,
                value: 0,
            },
        ),
        case(
            "PUBLISH Response Topic with wildcard",
            V5,
            publish5(&[0x08, 0, 1, b'+']),
            topic("Response Topic", TopicError::WildcardInName),
        ),
        case(
            "PUBLISH property length past the end",
            V5,
            pkt(0x30, &[0, 1, b'a', 9, 0x01, 0]),
            Truncated {
                packet: P::Publish,
                field: "properties",
            },
        ),
        case(
            "PUBLISH property value cut off",
            V5,
            publish5(&[0x02, 0, 0]),
            Truncated {
                packet: P::Publish,
                field: "Message Expiry Interval",
            },
        ),
        case(
            "PUBLISH User Property value not UTF-8",
            V5,
            publish5(&[0x26, 0, 1, b'k', 0, 1, 0xff]),
            InvalidUtf8 {
                field: "User Property value",
            },
        ),
        case(
            "PUBLISH property length not minimal",
            V5,
            pkt(0x30, &[0, 1, b'a', 0x80, 0x00]),
            VarIntNotMinimal,
        ),
        // CONNECT (§3.1).
        case(
            "CONNECT protocol name MQTX",
            V3_1_1,
            pkt(
                0x10,
                &[0, 4, b'M', b'Q', b'T', b'X', 4, 2, 0, 60, 0, 1, b'a'],
            ),
            InvalidProtocolName,
        ),
        case(
            "CONNECT protocol level 6",
            V3_1_1,
            pkt(
                0x10,
                &[0, 4, b'M', b'Q', b'T', b'T', 6, 2, 0, 60, 0, 1, b'a'],
            ),
            UnsupportedProtocolLevel(6),
        ),
        case(
            "CONNECT MQIsdp with level 4",
            V3_1,
            pkt(
                0x10,
                &[
                    0, 6, b'M', b'Q', b'I', b's', b'd', b'p', 4, 2, 0, 60, 0, 1, b'a',
                ],
            ),
            UnsupportedProtocolLevel(4),
        ),
        case(
            "CONNECT reserved flag bit",
            V3_1_1,
            connect4(0x03, &client_a),
            ReservedBitSet {
                packet: P::Connect,
                field: "Connect Flags",
            },
        ),
        case(
            "CONNECT will QoS 3",
            V3_1_1,
            connect4(0x1e, &client_a),
            InvalidQoS { field: "Will QoS" },
        ),
        case(
            "CONNECT will retain without will",
            V3_1_1,
            connect4(0x22, &client_a),
            WillFlagsWithoutWill,
        ),
        case(
            "CONNECT will QoS without will",
            V3_1_1,
            connect4(0x0a, &client_a),
            WillFlagsWithoutWill,
        ),
        case(
            "CONNECT password without user name",
            V3_1_1,
            connect4(0x42, &[0, 1, b'a', 0, 1, b'p']),
            PasswordWithoutUsername,
        ),
        case(
            "CONNECT with trailing bytes",
            V3_1_1,
            connect4(0x02, &[0, 1, b'a', 0xff]),
            TrailingBytes {
                packet: P::Connect,
                count: 1,
            },
        ),
        case(
            "CONNECT will topic with wildcard",
            V3_1_1,
            connect4(0x06, &[0, 1, b'a', 0, 1, b'#', 0, 0]),
            topic("Will Topic", TopicError::WildcardInName),
        ),
        case(
            "CONNECT without client identifier",
            V3_1_1,
            connect4(0x02, &[]),
            Truncated {
                packet: P::Connect,
                field: "Client Identifier",
            },
        ),
        case(
            "CONNECT will property not allowed",
            V5,
            connect5(
                0x04,
                &[],
                &[0, 1, b'a', 5, 0x11, 0, 0, 0, 1, 0, 1, b't', 0, 0],
            ),
            PropertyNotAllowed {
                packet: P::Connect,
                property: PropertyId::SessionExpiryInterval,
            },
        ),
        case(
            "CONNECT Receive Maximum 0",
            V5,
            connect5(0, &[0x21, 0, 0], &client_a),
            InvalidPropertyValue {
                property: PropertyId::ReceiveMaximum,
                value: 0,
            },
        ),
        case(
            "CONNECT Maximum Packet Size 0",
            V5,
            connect5(0, &[0x27, 0, 0, 0, 0], &client_a),
            InvalidPropertyValue {
                property: PropertyId::MaximumPacketSize,
                value: 0,
            },
        ),
        case(
            "CONNECT Request Problem Information 2",
            V5,
            connect5(0, &[0x17, 2], &client_a),
            InvalidPropertyValue {
                property: PropertyId::RequestProblemInformation,
                value: 2,
            },
        ),
        case(
            "CONNECT Session Expiry twice",
            V5,
            connect5(0, &[0x11, 0, 0, 0, 1, 0x11, 0, 0, 0, 1], &client_a),
            DuplicateProperty(PropertyId::SessionExpiryInterval),
        ),
        case(
            "CONNECT with Topic Alias",
            V5,
            connect5(0, &[0x23, 0, 1], &client_a),
            PropertyNotAllowed {
                packet: P::Connect,
                property: PropertyId::TopicAlias,
            },
        ),
        // CONNACK (§3.2).
        case(
            "CONNACK reserved flag bits",
            V3_1_1,
            pkt(0x20, &[0x02, 0]),
            ReservedBitSet {
                packet: P::ConnAck,
                field: "Connect Acknowledge Flags",
            },
        ),
        case(
            "CONNACK return code 6",
            V3_1_1,
            pkt(0x20, &[0, 6]),
            InvalidReasonCode {
                packet: P::ConnAck,
                code: 6,
            },
        ),
        case(
            "CONNACK session present on refusal",
            V3_1_1,
            pkt(0x20, &[1, 5]),
            SessionPresentOnRefusal,
        ),
        case(
            "CONNACK session present on refusal in 5.0",
            V5,
            pkt(0x20, &[1, 0x87, 0]),
            SessionPresentOnRefusal,
        ),
        case(
            "CONNACK reason code 0x01 in 5.0",
            V5,
            pkt(0x20, &[0, 1, 0]),
            InvalidReasonCode {
                packet: P::ConnAck,
                code: 1,
            },
        ),
        case(
            "CONNACK Maximum QoS 2",
            V5,
            pkt(0x20, &[0, 0, 2, 0x24, 2]),
            InvalidPropertyValue {
                property: PropertyId::MaximumQoS,
                value: 2,
            },
        ),
        case(
            "CONNACK Retain Available 3",
            V5,
            pkt(0x20, &[0, 0, 2, 0x25, 3]),
            InvalidPropertyValue {
                property: PropertyId::RetainAvailable,
                value: 3,
            },
        ),
        case(
            "CONNACK with trailing byte",
            V3_1_1,
            pkt(0x20, &[0, 0, 0]),
            TrailingBytes {
                packet: P::ConnAck,
                count: 1,
            },
        ),
        case(
            "CONNACK User Property name with U+0000",
            V5,
            pkt(0x20, &[0, 0, 7, 0x26, 0, 1, 0, 0, 1, b'v']),
            NullCharacter {
                field: "User Property name",
            },
        ),
        case(
            "CONNACK with Will Delay Interval",
            V5,
            pkt(0x20, &[0, 0, 5, 0x18, 0, 0, 0, 1]),
            PropertyNotAllowed {
                packet: P::ConnAck,
                property: PropertyId::WillDelayInterval,
            },
        ),
        // Acknowledgments (§3.4–§3.7).
        case(
            "PUBACK with a body in 3.1.1",
            V3_1_1,
            pkt(0x40, &[0, 1, 0]),
            TrailingBytes {
                packet: P::PubAck,
                count: 1,
            },
        ),
        case(
            "PUBACK packet identifier 0",
            V3_1_1,
            pkt(0x40, &[0, 0]),
            ZeroPacketId { packet: P::PubAck },
        ),
        case(
            "PUBACK cut short",
            V3_1_1,
            pkt(0x40, &[0]),
            Truncated {
                packet: P::PubAck,
                field: "Packet Identifier",
            },
        ),
        case(
            "PUBACK reason code 0x01",
            V5,
            pkt(0x40, &[0, 1, 0x01]),
            InvalidReasonCode {
                packet: P::PubAck,
                code: 1,
            },
        ),
        case(
            "PUBREC reason code 0x92",
            V5,
            pkt(0x50, &[0, 1, 0x92]),
            InvalidReasonCode {
                packet: P::PubRec,
                code: 0x92,
            },
        ),
        case(
            "PUBCOMP reason code 0x10",
            V5,
            pkt(0x70, &[0, 1, 0x10]),
            InvalidReasonCode {
                packet: P::PubComp,
                code: 0x10,
            },
        ),
        case(
            "PUBREL with Topic Alias",
            V5,
            pkt(0x62, &[0, 1, 0, 3, 0x23, 0, 1]),
            PropertyNotAllowed {
                packet: P::PubRel,
                property: PropertyId::TopicAlias,
            },
        ),
        case(
            "PUBACK Reason String twice",
            V5,
            pkt(0x40, &[0, 1, 0, 6, 0x1f, 0, 0, 0x1f, 0, 0]),
            DuplicateProperty(PropertyId::ReasonString),
        ),
        // SUBSCRIBE and SUBACK (§3.8–§3.9).
        case(
            "SUBSCRIBE with no filters",
            V3_1_1,
            subscribe(None, &[]),
            EmptyPayload {
                packet: P::Subscribe,
            },
        ),
        case(
            "SUBSCRIBE with no filters in 5.0",
            V5,
            subscribe(Some(&[]), &[]),
            EmptyPayload {
                packet: P::Subscribe,
            },
        ),
        case(
            "SUBSCRIBE requested QoS 3",
            V3_1_1,
            subscribe(None, &[0, 1, b'a', 3]),
            InvalidQoS {
                field: "Subscription Options QoS",
            },
        ),
        case(
            "SUBSCRIBE reserved bits in 3.1.1",
            V3_1_1,
            subscribe(None, &[0, 1, b'a', 0x04]),
            ReservedBitSet {
                packet: P::Subscribe,
                field: "Subscription Options",
            },
        ),
        case(
            "SUBSCRIBE reserved bits in 5.0",
            V5,
            subscribe(Some(&[]), &[0, 1, b'a', 0x40]),
            ReservedBitSet {
                packet: P::Subscribe,
                field: "Subscription Options",
            },
        ),
        case(
            "SUBSCRIBE Retain Handling 3",
            V5,
            subscribe(Some(&[]), &[0, 1, b'a', 0x30]),
            InvalidRetainHandling,
        ),
        case(
            "SUBSCRIBE filter a/#/b",
            V3_1_1,
            subscribe(None, &[0, 5, b'a', b'/', b'#', b'/', b'b', 0]),
            topic("Topic Filter", TopicError::MisplacedMultiLevelWildcard),
        ),
        case(
            "SUBSCRIBE filter a+",
            V3_1_1,
            subscribe(None, &[0, 2, b'a', b'+', 0]),
            topic("Topic Filter", TopicError::MisplacedSingleLevelWildcard),
        ),
        case(
            "SUBSCRIBE empty filter",
            V3_1_1,
            subscribe(None, &[0, 0, 0]),
            topic("Topic Filter", TopicError::Empty),
        ),
        case(
            "SUBSCRIBE No Local on a shared subscription",
            V5,
            subscribe(
                Some(&[]),
                &[
                    0, 11, b'$', b's', b'h', b'a', b'r', b'e', b'/', b'g', b'/', b'a', b'/', 0x04,
                ],
            ),
            NoLocalOnSharedSubscription,
        ),
        case(
            "SUBSCRIBE shared with empty share name",
            V5,
            subscribe(
                Some(&[]),
                &[
                    0, 9, b'$', b's', b'h', b'a', b'r', b'e', b'/', b'/', b'a', 0,
                ],
            ),
            topic("Topic Filter", TopicError::EmptyShareName),
        ),
        case(
            "SUBSCRIBE shared without filter",
            V5,
            subscribe(
                Some(&[]),
                &[0, 8, b'$', b's', b'h', b'a', b'r', b'e', b'/', b'g', 0],
            ),
            topic("Topic Filter", TopicError::EmptySharedFilter),
        ),
        case(
            "SUBSCRIBE share name with +",
            V5,
            subscribe(
                Some(&[]),
                &[
                    0, 10, b'$', b's', b'h', b'a', b'r', b'e', b'/', b'+', b'/', b'a', 0,
                ],
            ),
            topic("Topic Filter", TopicError::WildcardInShareName),
        ),
        case(
            "SUBSCRIBE Subscription Identifier twice",
            V5,
            subscribe(Some(&[0x0b, 1, 0x0b, 2]), &[0, 1, b'a', 0]),
            DuplicateProperty(PropertyId::SubscriptionIdentifier),
        ),
        case(
            "SUBSCRIBE without options byte",
            V3_1_1,
            subscribe(None, &[0, 1, b'a']),
            Truncated {
                packet: P::Subscribe,
                field: "Subscription Options",
            },
        ),
        // 0x80 to 0xFF refuse the filter in 3.1.1 (see spec_vectors.rs);
        // what lies between the granted QoS values and 0x80 is nothing.
        case(
            "SUBACK code 0x03 in 3.1.1",
            V3_1_1,
            pkt(0x90, &[0, 1, 0x03]),
            InvalidReasonCode {
                packet: P::SubAck,
                code: 0x03,
            },
        ),
        case(
            "SUBACK with no codes",
            V3_1_1,
            pkt(0x90, &[0, 1]),
            EmptyPayload { packet: P::SubAck },
        ),
        case(
            "SUBACK code 0x03 in 5.0",
            V5,
            pkt(0x90, &[0, 1, 0, 3]),
            InvalidReasonCode {
                packet: P::SubAck,
                code: 3,
            },
        ),
        // UNSUBSCRIBE and UNSUBACK (§3.10–§3.11).
        case(
            "UNSUBSCRIBE with no filters",
            V3_1_1,
            pkt(0xa2, &[0, 1]),
            EmptyPayload {
                packet: P::Unsubscribe,
            },
        ),
        case(
            "UNSUBSCRIBE filter with U+0000",
            V3_1_1,
            pkt(0xa2, &[0, 1, 0, 1, 0]),
            NullCharacter {
                field: "Topic Filter",
            },
        ),
        case(
            "UNSUBACK with a body in 3.1.1",
            V3_1_1,
            pkt(0xb0, &[0, 1, 0]),
            TrailingBytes {
                packet: P::UnsubAck,
                count: 1,
            },
        ),
        case(
            "UNSUBACK with no codes in 5.0",
            V5,
            pkt(0xb0, &[0, 1, 0]),
            EmptyPayload {
                packet: P::UnsubAck,
            },
        ),
        case(
            "UNSUBACK code 0x10",
            V5,
            pkt(0xb0, &[0, 1, 0, 0x10]),
            InvalidReasonCode {
                packet: P::UnsubAck,
                code: 0x10,
            },
        ),
        // PINGRESP, DISCONNECT, AUTH (§3.12–§3.15).
        case(
            "PINGRESP with a body",
            V3_1_1,
            pkt(0xd0, &[0]),
            InvalidRemainingLength {
                packet: P::PingResp,
                length: 1,
            },
        ),
        case(
            "DISCONNECT with a body in 3.1.1",
            V3_1_1,
            pkt(0xe0, &[0]),
            InvalidRemainingLength {
                packet: P::Disconnect,
                length: 1,
            },
        ),
        case(
            "DISCONNECT reason code 0x01",
            V5,
            pkt(0xe0, &[0x01]),
            InvalidReasonCode {
                packet: P::Disconnect,
                code: 1,
            },
        ),
        case(
            "DISCONNECT with Topic Alias",
            V5,
            pkt(0xe0, &[0x00, 3, 0x23, 0, 1]),
            PropertyNotAllowed {
                packet: P::Disconnect,
                property: PropertyId::TopicAlias,
            },
        ),
        case(
            "DISCONNECT with trailing byte",
            V5,
            pkt(0xe0, &[0x00, 0, 0]),
            TrailingBytes {
                packet: P::Disconnect,
                count: 1,
            },
        ),
        case(
            "AUTH with a reason code but no property length",
            V5,
            pkt(0xf0, &[0x18]),
            Truncated {
                packet: P::Auth,
                field: "Property Length",
            },
        ),
        case(
            "PUBREL with DUP in 3.1.1",
            V3_1_1,
            pkt(0x6a, &[0, 1]),
            InvalidHeaderFlags {
                packet: P::PubRel,
                flags: 0b1010,
            },
        ),
        case(
            "AUTH reason code 0x01",
            V5,
            pkt(0xf0, &[0x01]),
            InvalidReasonCode {
                packet: P::Auth,
                code: 1,
            },
        ),
        case(
            "AUTH with Session Expiry",
            V5,
            pkt(0xf0, &[0x18, 5, 0x11, 0, 0, 0, 0]),
            PropertyNotAllowed {
                packet: P::Auth,
                property: PropertyId::SessionExpiryInterval,
            },
        ),
    ]
}

#[test]
fn table_has_at_least_fifty_cases() {
    assert!(cases().len() >= 50, "only {} cases", cases().len());
}

#[test]
fn every_malformed_input_gives_its_error() {
    let mut failures = Vec::new();
    for c in cases() {
        let got = decode(&c.bytes, c.version, c.max).map(|s| match s {
            Status::Complete((p, n)) => format!("Complete({p:?}, {n})"),
            Status::Partial => "Partial".to_string(),
        });
        if got != Err(c.error) {
            failures.push(format!("{}: expected {:?}, got {:?}", c.name, c.error, got));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn byte_by_byte_framing_gives_the_same_errors() {
    for c in cases() {
        let mut rx = PacketBuffer::new(c.version, c.max);
        let mut result = Ok(());
        for &b in &c.bytes {
            rx.push(&[b]);
            match rx.next_packet() {
                Ok(None) => {}
                Ok(Some(p)) => panic!("{}: decoded {p:?}", c.name),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        assert_eq!(result, Err(c.error), "{}", c.name);
        // Once failed, it stays failed.
        assert_eq!(rx.next_packet().map(|_| ()), Err(c.error), "{}", c.name);
    }
}

#[test]
fn errors_have_a_message_that_names_the_problem() {
    for c in cases() {
        let text = c.error.to_string();
        assert!(!text.is_empty(), "{}", c.name);
    }
    assert_eq!(
        InvalidUtf8 {
            field: "Topic Name"
        }
        .to_string(),
        "Topic Name is not valid UTF-8"
    );
    assert_eq!(
        PropertyNotAllowed {
            packet: P::Publish,
            property: PropertyId::SessionExpiryInterval
        }
        .to_string(),
        "property Session Expiry Interval is not allowed in PUBLISH"
    );
}
