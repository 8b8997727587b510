//! Byte vectors for every MQTT control packet in every protocol version,
//! written field by field from the specifications:
//!
//! - MQTT 3.1 (IBM / Eurotech, 2010): protocol name `MQIsdp`, level 3.
//! - MQTT 3.1.1 (OASIS Standard, 29 October 2014).
//! - MQTT 5.0 (OASIS Standard, 7 March 2019).
//!
//! Where a specification prints a non-normative example (MQTT 3.1.1
//! Figures 3.6, 3.11, 3.23, 3.27 and 3.30; MQTT 5.0 Figures 3-6, 3-9 and
//! 3-24) the vector reproduces it byte for byte, completed with a payload.
//!
//! Table-driven in the style of `httparse`'s tests: each case is one macro
//! invocation holding the annotated bytes and the packet they stand for.
//!
//! - [`vector!`] is a canonical encoding. It checks that `decode` returns
//!   the packet and the whole length (alone and with another packet after
//!   it), that every strict prefix is `Status::Partial`, and that `encode`
//!   and `encoded_len` give back exactly these bytes.
//! - [`alternative!`] is a longer form the specification also allows (for
//!   example an explicit Success reason code). It checks that `decode` gives
//!   the same packet, that every strict prefix is `Status::Partial`, that the
//!   encoder writes a different (canonical) form, and that this form decodes
//!   to the same packet again.
//!
//! Property order: MQTT 5.0 §2.2.2 fixes no order between properties, and
//! the encoder writes them in its own fixed order (the declaration order of
//! each property struct, user properties last). Canonical vectors use that
//! order; `publish_v5_properties_in_another_order` shows that any other
//! order decodes to the same packet, with User Properties (and Subscription
//! Identifiers) kept in the order sent (MQTT 5.0 §3.1.2.11.8).
#![cfg(not(target_arch = "wasm32"))]

use core::num::{NonZeroU16, NonZeroU32};

use webmqtt::codec::ProtocolVersion::{V3_1, V3_1_1, V5};
use webmqtt::codec::{
    AckProperties, Auth, AuthProperties, AuthReasonCode, ConnAck, ConnAckProperties, Connect,
    ConnectProperties, ConnectReasonCode, Disconnect, DisconnectProperties, DisconnectReasonCode,
    Encode, MAX_PACKET_SIZE, Packet, PacketId, PayloadFormat, ProtocolVersion, PubAck,
    PubAckReasonCode, PubComp, PubRec, PubRel, PubRelReasonCode, Publish, PublishProperties, QoS,
    RetainHandling, Status, SubAck, SubAckReasonCode, Subscribe, SubscribeProperties, Subscription,
    SubscriptionId, SubscriptionOptions, UnsubAck, UnsubAckReasonCode, Unsubscribe,
    UnsubscribeProperties, UserProperty, Will, WillProperties, decode,
};

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

/// A PINGREQ, appended after a vector to check that `decode` stops at the
/// end of the first packet. Valid in every version.
const NEXT_PACKET: [u8; 2] = [0xC0, 0x00];

/// Checks that every strict prefix of `bytes` asks for more input.
#[track_caller]
fn assert_prefixes_partial(version: ProtocolVersion, bytes: &[u8]) {
    for n in 0..bytes.len() {
        assert_eq!(
            decode(&bytes[..n], version, MAX_PACKET_SIZE),
            Ok(Status::Partial),
            "the first {n} of {} bytes must decode as Partial",
            bytes.len()
        );
    }
}

/// `bytes` is the canonical encoding of `expected` in `version`.
#[track_caller]
fn check_vector(version: ProtocolVersion, bytes: &[u8], expected: &Packet<'_>) {
    // Decode: the packet and the whole length.
    assert_eq!(
        decode(bytes, version, MAX_PACKET_SIZE),
        Ok(Status::Complete((expected.clone(), bytes.len()))),
        "decode"
    );
    // Decode with a second packet after it: the same length.
    let mut stream = bytes.to_vec();
    stream.extend_from_slice(&NEXT_PACKET);
    assert_eq!(
        decode(&stream, version, MAX_PACKET_SIZE),
        Ok(Status::Complete((expected.clone(), bytes.len()))),
        "decode followed by another packet"
    );
    // Encode: exactly these bytes, appended after what the buffer holds.
    assert_eq!(
        expected.encoded_len(version),
        Ok(bytes.len()),
        "encoded_len"
    );
    let mut out = vec![0xAA];
    assert_eq!(
        expected.encode(version, &mut out),
        Ok(bytes.len()),
        "encode"
    );
    assert_eq!(out[0], 0xAA, "encode must append");
    assert_eq!(&out[1..], bytes, "encoded bytes");
    // Partial input.
    assert_prefixes_partial(version, bytes);
}

/// `bytes` is another encoding of `expected` that the specification allows,
/// longer than (or ordered differently from) the canonical one.
#[track_caller]
fn check_alternative(version: ProtocolVersion, bytes: &[u8], expected: &Packet<'_>) {
    assert_eq!(
        decode(bytes, version, MAX_PACKET_SIZE),
        Ok(Status::Complete((expected.clone(), bytes.len()))),
        "decode"
    );
    assert_prefixes_partial(version, bytes);
    let mut canonical = Vec::new();
    let written = expected.encode(version, &mut canonical).expect("encode");
    assert_eq!(written, canonical.len());
    assert_ne!(
        canonical, bytes,
        "the encoder writes this form itself: make it a vector! case"
    );
    assert_eq!(
        decode(&canonical, version, MAX_PACKET_SIZE),
        Ok(Status::Complete((expected.clone(), canonical.len()))),
        "the canonical form decodes to the same packet"
    );
}

/// One canonical case: `name: version, [bytes], expected packet`.
macro_rules! vector {
    (
        $(#[$meta:meta])*
        $name:ident : $version:expr,
        [$($byte:expr),* $(,)?],
        $expected:expr $(,)?
    ) => {
        $(#[$meta])*
        #[test]
        fn $name() {
            check_vector($version, &[$($byte),*], &$expected);
        }
    };
}

/// One alternative (non-canonical but allowed) form:
/// `name: version, [bytes], expected packet`.
macro_rules! alternative {
    (
        $(#[$meta:meta])*
        $name:ident : $version:expr,
        [$($byte:expr),* $(,)?],
        $expected:expr $(,)?
    ) => {
        $(#[$meta])*
        #[test]
        fn $name() {
            check_alternative($version, &[$($byte),*], &$expected);
        }
    };
}

// ---------------------------------------------------------------------------
// Helpers for the expected packets
// ---------------------------------------------------------------------------

fn pid(n: u16) -> PacketId {
    PacketId::new(n).expect("non-zero packet identifier")
}

fn nz16(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("non-zero")
}

fn nz32(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("non-zero")
}

fn sub_id(n: u32) -> SubscriptionId {
    SubscriptionId::new(n).expect("valid subscription identifier")
}

fn user(name: &'static str, value: &'static str) -> UserProperty<'static> {
    UserProperty::new(name, value)
}

fn sub(filter: &str, options: SubscriptionOptions) -> Subscription<'_> {
    Subscription { filter, options }
}

fn qos_only(qos: QoS) -> SubscriptionOptions {
    SubscriptionOptions {
        qos,
        ..SubscriptionOptions::default()
    }
}

fn reason_string(s: &str) -> AckProperties<'_> {
    AckProperties {
        reason_string: Some(s),
        ..AckProperties::default()
    }
}

fn connack_v3(session_present: bool, reason: ConnectReasonCode) -> Packet<'static> {
    Packet::ConnAck(ConnAck {
        session_present,
        reason,
        properties: ConnAckProperties::default(),
    })
}

fn puback(id: u16, reason: PubAckReasonCode, properties: AckProperties<'_>) -> Packet<'_> {
    Packet::PubAck(PubAck {
        packet_id: pid(id),
        reason,
        properties,
    })
}

fn pubrec(id: u16, reason: PubAckReasonCode, properties: AckProperties<'_>) -> Packet<'_> {
    Packet::PubRec(PubRec {
        packet_id: pid(id),
        reason,
        properties,
    })
}

fn pubrel(id: u16, reason: PubRelReasonCode, properties: AckProperties<'_>) -> Packet<'_> {
    Packet::PubRel(PubRel {
        packet_id: pid(id),
        reason,
        properties,
    })
}

fn pubcomp(id: u16, reason: PubRelReasonCode, properties: AckProperties<'_>) -> Packet<'_> {
    Packet::PubComp(PubComp {
        packet_id: pid(id),
        reason,
        properties,
    })
}

/// The will, user name and password of the CONNECT vectors modelled on
/// MQTT 3.1.1 Figure 3.6 / MQTT 5.0 Figure 3-6 (will QoS 1, not retained).
fn example_connect(
    protocol: ProtocolVersion,
    properties: ConnectProperties<'static>,
) -> Packet<'static> {
    Packet::Connect(Connect {
        protocol,
        clean_start: true,
        keep_alive: 10,
        properties,
        client_id: "cid",
        will: Some(Will {
            qos: QoS::AtLeastOnce,
            retain: false,
            properties: WillProperties::default(),
            topic: "w/t",
            payload: b"bye",
        }),
        username: Some("user"),
        password: Some(b"pass"),
    })
}

// ===========================================================================
// CONNECT
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.1: CONNECT with protocol name "MQIsdp", version 3, clean
    /// session, no will, user name or password.
    connect_v3_1_minimal: V3_1,
    [
        0x10, // CONNECT (type 1), flags 0000
        0x14, // remaining length 20
        0x00, 0x06, b'M', b'Q', b'I', b's', b'd', b'p', // protocol name "MQIsdp"
        0x03, // protocol version 3
        0x02, // connect flags: clean session
        0x00, 0x3C, // keep alive 60 s
        0x00, 0x06, b'c', b'l', b'i', b'e', b'n', b't', // client identifier "client"
    ],
    Packet::Connect(Connect {
        protocol: V3_1,
        clean_start: true,
        keep_alive: 60,
        properties: ConnectProperties::default(),
        client_id: "client",
        will: None,
        username: None,
        password: None,
    }),
}

vector! {
    /// MQTT 3.1 §3.1: CONNECT with every flag: retained QoS 1 will, user
    /// name and password, in the payload order client identifier, will
    /// topic, will message, user name, password.
    connect_v3_1_full: V3_1,
    [
        0x10, // CONNECT, flags 0000
        0x27, // remaining length 39
        0x00, 0x06, b'M', b'Q', b'I', b's', b'd', b'p', // protocol name "MQIsdp"
        0x03, // protocol version 3
        0xEE, // connect flags: user name, password, will retain, will QoS 01, will, clean session
        0x00, 0x0A, // keep alive 10 s
        0x00, 0x03, b'c', b'i', b'd', // client identifier "cid"
        0x00, 0x03, b'w', b'/', b't', // will topic "w/t"
        0x00, 0x03, b'b', b'y', b'e', // will message "bye"
        0x00, 0x04, b'u', b's', b'e', b'r', // user name "user"
        0x00, 0x04, b'p', b'a', b's', b's', // password "pass"
    ],
    Packet::Connect(Connect {
        protocol: V3_1,
        clean_start: true,
        keep_alive: 10,
        properties: ConnectProperties::default(),
        client_id: "cid",
        will: Some(Will {
            qos: QoS::AtLeastOnce,
            retain: true,
            properties: WillProperties::default(),
            topic: "w/t",
            payload: b"bye",
        }),
        username: Some("user"),
        password: Some(b"pass"),
    }),
}

vector! {
    /// MQTT 3.1.1 §3.1.2.11, Figure 3.6 (variable header non-normative
    /// example: flags 0xCE, keep alive 10) with the payload of §3.1.3.
    connect_v3_1_1_spec_example: V3_1_1,
    [
        0x10, // CONNECT, flags 0000
        0x25, // remaining length 37
        0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name "MQTT"
        0x04, // protocol level 4
        0xCE, // connect flags: user name 1, password 1, will retain 0, will QoS 01, will 1, clean session 1, reserved 0
        0x00, 0x0A, // keep alive 10 s
        0x00, 0x03, b'c', b'i', b'd', // client identifier "cid"
        0x00, 0x03, b'w', b'/', b't', // will topic "w/t"
        0x00, 0x03, b'b', b'y', b'e', // will message "bye"
        0x00, 0x04, b'u', b's', b'e', b'r', // user name "user"
        0x00, 0x04, b'p', b'a', b's', b's', // password "pass"
    ],
    example_connect(V3_1_1, ConnectProperties::default()),
}

vector! {
    /// MQTT 3.1.1 §3.1.3.1: a zero-length client identifier with clean
    /// session set [MQTT-3.1.3-6]; no will, user name or password.
    connect_v3_1_1_minimal: V3_1_1,
    [
        0x10, // CONNECT, flags 0000
        0x0C, // remaining length 12
        0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name "MQTT"
        0x04, // protocol level 4
        0x02, // connect flags: clean session
        0x00, 0x3C, // keep alive 60 s
        0x00, 0x00, // client identifier "" (zero length)
    ],
    Packet::Connect(Connect::default()),
}

vector! {
    /// MQTT 3.1.1 §3.1.2.4, §3.1.2.8, §3.1.2.10: session kept (clean
    /// session 0), keep alive off, user name without password.
    connect_v3_1_1_username_only: V3_1_1,
    [
        0x10, // CONNECT, flags 0000
        0x15, // remaining length 21
        0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name "MQTT"
        0x04, // protocol level 4
        0x80, // connect flags: user name only
        0x00, 0x00, // keep alive 0 (off)
        0x00, 0x03, b'c', b'i', b'd', // client identifier "cid"
        0x00, 0x04, b'u', b's', b'e', b'r', // user name "user"
    ],
    Packet::Connect(Connect {
        protocol: V3_1_1,
        clean_start: false,
        keep_alive: 0,
        properties: ConnectProperties::default(),
        client_id: "cid",
        will: None,
        username: Some("user"),
        password: None,
    }),
}

vector! {
    /// MQTT 3.1.1 §3.1.2.5–§3.1.2.7, §3.1.3.3: a retained QoS 2 will with a
    /// zero-length message.
    connect_v3_1_1_will_qos2_retain_empty_message: V3_1_1,
    [
        0x10, // CONNECT, flags 0000
        0x16, // remaining length 22
        0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name "MQTT"
        0x04, // protocol level 4
        0x36, // connect flags: will retain, will QoS 10, will, clean session
        0x00, 0x3C, // keep alive 60 s
        0x00, 0x03, b'c', b'i', b'd', // client identifier "cid"
        0x00, 0x03, b'w', b'/', b't', // will topic "w/t"
        0x00, 0x00, // will message: zero length
    ],
    Packet::Connect(Connect {
        protocol: V3_1_1,
        clean_start: true,
        keep_alive: 60,
        properties: ConnectProperties::default(),
        client_id: "cid",
        will: Some(Will {
            qos: QoS::ExactlyOnce,
            retain: true,
            properties: WillProperties::default(),
            topic: "w/t",
            payload: b"",
        }),
        username: None,
        password: None,
    }),
}

vector! {
    /// MQTT 5.0 §3.1.2.12, Figure 3-6 (variable header non-normative
    /// example: flags 0xCE, keep alive 10, Session Expiry Interval 10) with
    /// the payload of §3.1.3, whose will has an empty property section
    /// (§3.1.3.2).
    connect_v5_spec_example: V5,
    [
        0x10, // CONNECT, flags 0000
        0x2C, // remaining length 44
        0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name "MQTT"
        0x05, // protocol version 5
        0xCE, // connect flags: user name 1, password 1, will retain 0, will QoS 01, will 1, clean start 1, reserved 0
        0x00, 0x0A, // keep alive 10 s
        0x05, // property length 5
        0x11, 0x00, 0x00, 0x00, 0x0A, // Session Expiry Interval (17): 10 s
        0x00, 0x03, b'c', b'i', b'd', // client identifier "cid"
        0x00, // will property length 0
        0x00, 0x03, b'w', b'/', b't', // will topic "w/t"
        0x00, 0x03, b'b', b'y', b'e', // will payload "bye"
        0x00, 0x04, b'u', b's', b'e', b'r', // user name "user"
        0x00, 0x04, b'p', b'a', b's', b's', // password "pass"
    ],
    example_connect(V5, ConnectProperties {
        session_expiry_interval: Some(10),
        ..ConnectProperties::default()
    }),
}

vector! {
    /// MQTT 5.0 §3.1.2.11.2–§3.1.2.11.10: every CONNECT property, with
    /// three User Properties (one name twice) kept in order (§3.1.2.11.8).
    connect_v5_all_properties: V5,
    [
        0x10, // CONNECT, flags 0000
        0x46, // remaining length 70
        0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name "MQTT"
        0x05, // protocol version 5
        0x02, // connect flags: clean start
        0x00, 0x3C, // keep alive 60 s
        0x36, // property length 54
        0x11, 0x00, 0x00, 0x0E, 0x10, // Session Expiry Interval (17): 3600 s
        0x21, 0x00, 0x14, // Receive Maximum (33): 20
        0x27, 0x00, 0x01, 0x00, 0x00, // Maximum Packet Size (39): 65536
        0x22, 0x00, 0x0A, // Topic Alias Maximum (34): 10
        0x19, 0x01, // Request Response Information (25): 1
        0x17, 0x00, // Request Problem Information (23): 0
        0x15, 0x00, 0x05, b'P', b'L', b'A', b'I', b'N', // Authentication Method (21): "PLAIN"
        0x16, 0x00, 0x02, 0x01, 0x02, // Authentication Data (22): 01 02
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
        0x26, 0x00, 0x01, b'b', 0x00, 0x01, b'2', // User Property (38): "b" = "2"
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'3', // User Property (38): "a" = "3"
        0x00, 0x03, b'c', b'i', b'd', // client identifier "cid"
    ],
    Packet::Connect(Connect {
        protocol: V5,
        clean_start: true,
        keep_alive: 60,
        properties: ConnectProperties {
            session_expiry_interval: Some(3600),
            receive_maximum: Some(nz16(20)),
            maximum_packet_size: Some(nz32(65536)),
            topic_alias_maximum: Some(10),
            request_response_information: Some(true),
            request_problem_information: Some(false),
            authentication_method: Some("PLAIN"),
            authentication_data: Some(&[0x01, 0x02]),
            user_properties: vec![user("a", "1"), user("b", "2"), user("a", "3")].into(),
        },
        client_id: "cid",
        will: None,
        username: None,
        password: None,
    }),
}

vector! {
    /// MQTT 5.0 §3.1.3.2: every will property (§3.1.3.2.2–§3.1.3.2.8), two
    /// User Properties with one name kept in order; retained QoS 1 will and a
    /// user name.
    connect_v5_will_properties: V5,
    [
        0x10, // CONNECT, flags 0000
        0x54, // remaining length 84
        0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name "MQTT"
        0x05, // protocol version 5
        0xAE, // connect flags: user name, will retain, will QoS 01, will, clean start
        0x00, 0x3C, // keep alive 60 s
        0x00, // property length 0
        0x00, 0x03, b'c', b'i', b'd', // client identifier "cid"
        0x33, // will property length 51
        0x18, 0x00, 0x00, 0x00, 0x05, // Will Delay Interval (24): 5 s
        0x01, 0x01, // Payload Format Indicator (1): UTF-8
        0x02, 0x00, 0x00, 0x00, 0x3C, // Message Expiry Interval (2): 60 s
        0x03, 0x00, 0x0A, b't', b'e', b'x', b't', b'/', b'p', b'l', b'a', b'i', b'n', // Content Type (3): "text/plain"
        0x08, 0x00, 0x04, b'r', b'e', b's', b'p', // Response Topic (8): "resp"
        0x09, 0x00, 0x02, 0xC0, 0xDE, // Correlation Data (9): C0 DE
        0x26, 0x00, 0x01, b'k', 0x00, 0x01, b'v', // User Property (38): "k" = "v"
        0x26, 0x00, 0x01, b'k', 0x00, 0x01, b'w', // User Property (38): "k" = "w"
        0x00, 0x03, b'w', b'/', b't', // will topic "w/t"
        0x00, 0x03, b'b', b'y', b'e', // will payload "bye"
        0x00, 0x04, b'u', b's', b'e', b'r', // user name "user"
    ],
    Packet::Connect(Connect {
        protocol: V5,
        clean_start: true,
        keep_alive: 60,
        properties: ConnectProperties::default(),
        client_id: "cid",
        will: Some(Will {
            qos: QoS::AtLeastOnce,
            retain: true,
            properties: WillProperties {
                will_delay_interval: Some(5),
                payload_format_indicator: Some(PayloadFormat::Utf8),
                message_expiry_interval: Some(60),
                content_type: Some("text/plain"),
                response_topic: Some("resp"),
                correlation_data: Some(&[0xC0, 0xDE]),
                user_properties: vec![user("k", "v"), user("k", "w")].into(),
            },
            topic: "w/t",
            payload: b"bye",
        }),
        username: Some("user"),
        password: None,
    }),
}

vector! {
    /// MQTT 5.0 §3.1.2.9: unlike 3.1.1, a password may be sent without a
    /// user name; it is Binary Data (§3.1.3.6).
    connect_v5_password_without_username: V5,
    [
        0x10, // CONNECT, flags 0000
        0x14, // remaining length 20
        0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name "MQTT"
        0x05, // protocol version 5
        0x42, // connect flags: password, clean start
        0x00, 0x3C, // keep alive 60 s
        0x00, // property length 0
        0x00, 0x03, b'c', b'i', b'd', // client identifier "cid"
        0x00, 0x02, 0x00, 0xFF, // password: 00 FF (binary)
    ],
    Packet::Connect(Connect {
        protocol: V5,
        clean_start: true,
        keep_alive: 60,
        properties: ConnectProperties::default(),
        client_id: "cid",
        will: None,
        username: None,
        password: Some(&[0x00, 0xFF]),
    }),
}

// ===========================================================================
// CONNACK
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.2: connection accepted (return code 0).
    connack_v3_1_accepted: V3_1,
    [
        0x20, // CONNACK (type 2), flags 0000
        0x02, // remaining length 2
        0x00, // topic name compression response: reserved, not used
        0x00, // return code 0: connection accepted
    ],
    connack_v3(false, ConnectReasonCode::Success),
}

vector! {
    /// MQTT 3.1 §3.2: connection refused, identifier rejected (return code 2).
    connack_v3_1_identifier_rejected: V3_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x00, // topic name compression response: reserved, not used
        0x02, // return code 2: identifier rejected
    ],
    connack_v3(false, ConnectReasonCode::ClientIdentifierNotValid),
}

alternative! {
    /// MQTT 3.1 §3.2: the first variable header byte is "reserved values,
    /// not used"; a receiver ignores it (3.1 has no Session Present flag).
    connack_v3_1_reserved_byte_ignored: V3_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x01, // topic name compression response: reserved, not used (ignored)
        0x00, // return code 0: connection accepted
    ],
    connack_v3(false, ConnectReasonCode::Success),
}

vector! {
    /// MQTT 3.1.1 §3.2.2.3, Table 3.1: return code 0, connection accepted.
    connack_v3_1_1_code_0_accepted: V3_1_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x00, // connect acknowledge flags: session present 0
        0x00, // return code 0: connection accepted
    ],
    connack_v3(false, ConnectReasonCode::Success),
}

vector! {
    /// MQTT 3.1.1 §3.2.2.3, Table 3.1: return code 1.
    connack_v3_1_1_code_1_unacceptable_protocol_version: V3_1_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x00, // connect acknowledge flags: session present 0
        0x01, // return code 1: unacceptable protocol version
    ],
    connack_v3(false, ConnectReasonCode::UnsupportedProtocolVersion),
}

vector! {
    /// MQTT 3.1.1 §3.2.2.3, Table 3.1: return code 2.
    connack_v3_1_1_code_2_identifier_rejected: V3_1_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x00, // connect acknowledge flags: session present 0
        0x02, // return code 2: identifier rejected
    ],
    connack_v3(false, ConnectReasonCode::ClientIdentifierNotValid),
}

vector! {
    /// MQTT 3.1.1 §3.2.2.3, Table 3.1: return code 3.
    connack_v3_1_1_code_3_server_unavailable: V3_1_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x00, // connect acknowledge flags: session present 0
        0x03, // return code 3: server unavailable
    ],
    connack_v3(false, ConnectReasonCode::ServerUnavailable),
}

vector! {
    /// MQTT 3.1.1 §3.2.2.3, Table 3.1: return code 4.
    connack_v3_1_1_code_4_bad_user_name_or_password: V3_1_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x00, // connect acknowledge flags: session present 0
        0x04, // return code 4: bad user name or password
    ],
    connack_v3(false, ConnectReasonCode::BadUserNameOrPassword),
}

vector! {
    /// MQTT 3.1.1 §3.2.2.3, Table 3.1: return code 5.
    connack_v3_1_1_code_5_not_authorized: V3_1_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x00, // connect acknowledge flags: session present 0
        0x05, // return code 5: not authorized
    ],
    connack_v3(false, ConnectReasonCode::NotAuthorized),
}

vector! {
    /// MQTT 3.1.1 §3.2.2.2: Session Present is bit 0 of the connect
    /// acknowledge flags, bits 7–1 reserved.
    connack_v3_1_1_session_present: V3_1_1,
    [
        0x20, // CONNACK, flags 0000
        0x02, // remaining length 2
        0x01, // connect acknowledge flags: session present 1
        0x00, // return code 0: connection accepted
    ],
    connack_v3(true, ConnectReasonCode::Success),
}

vector! {
    /// MQTT 5.0 §3.2.2: Success, no session, empty property section.
    connack_v5_minimal: V5,
    [
        0x20, // CONNACK, flags 0000
        0x03, // remaining length 3
        0x00, // connect acknowledge flags: session present 0
        0x00, // reason code 0x00: Success
        0x00, // property length 0
    ],
    Packet::ConnAck(ConnAck::default()),
}

vector! {
    /// MQTT 5.0 §3.2.2.1.1, §3.2.2.3.2–§3.2.2.3.15: session present and
    /// the server's limits and capabilities.
    connack_v5_session_present_with_properties: V5,
    [
        0x20, // CONNACK, flags 0000
        0x38, // remaining length 56
        0x01, // connect acknowledge flags: session present 1
        0x00, // reason code 0x00: Success
        0x35, // property length 53
        0x11, 0x00, 0x00, 0x1C, 0x20, // Session Expiry Interval (17): 7200 s
        0x21, 0x00, 0x64, // Receive Maximum (33): 100
        0x24, 0x01, // Maximum QoS (36): 1
        0x25, 0x00, // Retain Available (37): 0
        0x27, 0x00, 0x10, 0x00, 0x00, // Maximum Packet Size (39): 1048576
        0x12, 0x00, 0x06, b'a', b'u', b't', b'o', b'-', b'1', // Assigned Client Identifier (18): "auto-1"
        0x22, 0x00, 0x10, // Topic Alias Maximum (34): 16
        0x28, 0x01, // Wildcard Subscription Available (40): 1
        0x29, 0x00, // Subscription Identifiers Available (41): 0
        0x2A, 0x01, // Shared Subscription Available (42): 1
        0x13, 0x00, 0x1E, // Server Keep Alive (19): 30 s
        0x1A, 0x00, 0x05, b'r', b'e', b's', b'p', b'/', // Response Information (26): "resp/"
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
    ],
    Packet::ConnAck(ConnAck {
        session_present: true,
        reason: ConnectReasonCode::Success,
        properties: ConnAckProperties {
            session_expiry_interval: Some(7200),
            receive_maximum: Some(nz16(100)),
            maximum_qos: Some(QoS::AtLeastOnce),
            retain_available: Some(false),
            maximum_packet_size: Some(nz32(1_048_576)),
            assigned_client_identifier: Some("auto-1"),
            topic_alias_maximum: Some(16),
            wildcard_subscription_available: Some(true),
            subscription_identifiers_available: Some(false),
            shared_subscription_available: Some(true),
            server_keep_alive: Some(30),
            response_information: Some("resp/"),
            user_properties: vec![user("a", "1")].into(),
            ..ConnAckProperties::default()
        },
    }),
}

vector! {
    /// MQTT 5.0 §3.2.2.2 (0x9C Use another server), §3.2.2.3.9 Reason
    /// String, §3.2.2.3.16 Server Reference.
    connack_v5_use_another_server: V5,
    [
        0x20, // CONNACK, flags 0000
        0x18, // remaining length 24
        0x00, // connect acknowledge flags: session present 0
        0x9C, // reason code 0x9C: Use another server
        0x15, // property length 21
        0x1F, 0x00, 0x05, b'm', b'o', b'v', b'e', b'd', // Reason String (31): "moved"
        0x1C, 0x00, 0x0A, b'o', b't', b'h', b'e', b'r', b':', b'1', b'8', b'8', b'3', // Server Reference (28): "other:1883"
    ],
    Packet::ConnAck(ConnAck {
        session_present: false,
        reason: ConnectReasonCode::UseAnotherServer,
        properties: ConnAckProperties {
            reason_string: Some("moved"),
            server_reference: Some("other:1883"),
            ..ConnAckProperties::default()
        },
    }),
}

vector! {
    /// MQTT 5.0 §3.2.2.3.17–§3.2.2.3.18: Authentication Method and Data at
    /// the end of an enhanced authentication exchange (§4.12).
    connack_v5_authentication: V5,
    [
        0x20, // CONNACK, flags 0000
        0x11, // remaining length 17
        0x00, // connect acknowledge flags: session present 0
        0x00, // reason code 0x00: Success
        0x0E, // property length 14
        0x15, 0x00, 0x05, b'S', b'C', b'R', b'A', b'M', // Authentication Method (21): "SCRAM"
        0x16, 0x00, 0x03, 0x01, 0x02, 0x03, // Authentication Data (22): 01 02 03
    ],
    Packet::ConnAck(ConnAck {
        session_present: false,
        reason: ConnectReasonCode::Success,
        properties: ConnAckProperties {
            authentication_method: Some("SCRAM"),
            authentication_data: Some(&[0x01, 0x02, 0x03]),
            ..ConnAckProperties::default()
        },
    }),
}

// ===========================================================================
// PUBLISH
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.3: a QoS 1 PUBLISH with a message ID.
    publish_v3_1_qos1: V3_1,
    [
        0x32, // PUBLISH (type 3), DUP 0, QoS 01, RETAIN 0
        0x0C, // remaining length 12
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x00, 0x0A, // message ID 10
        b'h', b'e', b'l', b'l', b'o', // payload "hello"
    ],
    Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        topic: "a/b",
        packet_id: Some(pid(10)),
        payload: b"hello",
        ..Publish::default()
    }),
}

vector! {
    /// MQTT 3.1.1 §3.3.2.3, Figure 3.11 (variable header non-normative
    /// example: topic "a/b", packet identifier 10) with a QoS 1 fixed
    /// header and a payload (§3.3.3).
    publish_v3_1_1_spec_example: V3_1_1,
    [
        0x32, // PUBLISH, DUP 0, QoS 01, RETAIN 0
        0x0C, // remaining length 12
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x00, 0x0A, // packet identifier 10
        b'h', b'e', b'l', b'l', b'o', // payload "hello"
    ],
    Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        topic: "a/b",
        packet_id: Some(pid(10)),
        payload: b"hello",
        ..Publish::default()
    }),
}

vector! {
    /// MQTT 3.1.1 §3.3.2.2: QoS 0 has no packet identifier.
    publish_v3_1_1_qos0: V3_1_1,
    [
        0x30, // PUBLISH, DUP 0, QoS 00, RETAIN 0
        0x07, // remaining length 7
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        b'h', b'i', // payload "hi"
    ],
    Packet::Publish(Publish {
        topic: "a/b",
        payload: b"hi",
        ..Publish::default()
    }),
}

vector! {
    /// MQTT 3.1.1 §3.3.1.3, §3.3.3: a retained QoS 0 message with a
    /// zero-length payload (clears the retained message).
    publish_v3_1_1_retain_empty_payload: V3_1_1,
    [
        0x31, // PUBLISH, DUP 0, QoS 00, RETAIN 1
        0x05, // remaining length 5
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
    ],
    Packet::Publish(Publish {
        retain: true,
        topic: "a/b",
        ..Publish::default()
    }),
}

vector! {
    /// MQTT 3.1.1 §3.3.1.1: a redelivered QoS 1 message (DUP 1), packet
    /// identifier 65535.
    publish_v3_1_1_qos1_dup: V3_1_1,
    [
        0x3A, // PUBLISH, DUP 1, QoS 01, RETAIN 0
        0x08, // remaining length 8
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0xFF, 0xFF, // packet identifier 65535
        b'x', // payload "x"
    ],
    Packet::Publish(Publish {
        dup: true,
        qos: QoS::AtLeastOnce,
        topic: "a/b",
        packet_id: Some(pid(0xFFFF)),
        payload: b"x",
        ..Publish::default()
    }),
}

vector! {
    /// MQTT 3.1.1 §3.3.1: DUP, QoS 2 and RETAIN all set; empty payload.
    publish_v3_1_1_qos2_dup_retain: V3_1_1,
    [
        0x3D, // PUBLISH, DUP 1, QoS 10, RETAIN 1
        0x07, // remaining length 7
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x12, 0x34, // packet identifier 0x1234
    ],
    Packet::Publish(Publish {
        dup: true,
        qos: QoS::ExactlyOnce,
        retain: true,
        topic: "a/b",
        packet_id: Some(pid(0x1234)),
        ..Publish::default()
    }),
}

/// MQTT 3.1.1 §2.2.3, Table 2.4: a remaining length of 205 takes two bytes
/// (0xCD 0x01). The 200-byte payload is built rather than spelled out.
#[test]
fn publish_v3_1_1_two_byte_remaining_length() {
    let payload = [b'z'; 200];
    let mut bytes = vec![
        0x30, // PUBLISH, DUP 0, QoS 00, RETAIN 0
        0xCD, 0x01, // remaining length 205 = 77 + 1 * 128
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
    ];
    bytes.extend_from_slice(&payload); // payload: 200 x 'z'
    check_vector(
        V3_1_1,
        &bytes,
        &Packet::Publish(Publish {
            topic: "a/b",
            payload: &payload,
            ..Publish::default()
        }),
    );
}

vector! {
    /// MQTT 5.0 §3.3.2, Figure 3-9 (PUBLISH variable header non-normative
    /// example: topic "a/b", packet identifier 10, no properties) with a
    /// QoS 1 fixed header and a payload.
    publish_v5_spec_example: V5,
    [
        0x32, // PUBLISH, DUP 0, QoS 01, RETAIN 0
        0x0D, // remaining length 13
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x00, 0x0A, // packet identifier 10
        0x00, // property length 0
        b'h', b'e', b'l', b'l', b'o', // payload "hello"
    ],
    Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        topic: "a/b",
        packet_id: Some(pid(10)),
        payload: b"hello",
        ..Publish::default()
    }),
}

vector! {
    /// MQTT 5.0 §3.3.2: QoS 0, no packet identifier, empty properties.
    publish_v5_qos0: V5,
    [
        0x30, // PUBLISH, DUP 0, QoS 00, RETAIN 0
        0x08, // remaining length 8
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x00, // property length 0
        b'h', b'i', // payload "hi"
    ],
    Packet::Publish(Publish {
        topic: "a/b",
        payload: b"hi",
        ..Publish::default()
    }),
}

vector! {
    /// MQTT 5.0 §3.3.1: DUP, QoS 2 and RETAIN all set; empty payload.
    publish_v5_qos2_dup_retain: V5,
    [
        0x3D, // PUBLISH, DUP 1, QoS 10, RETAIN 1
        0x08, // remaining length 8
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0xFF, 0xFF, // packet identifier 65535
        0x00, // property length 0
    ],
    Packet::Publish(Publish {
        dup: true,
        qos: QoS::ExactlyOnce,
        retain: true,
        topic: "a/b",
        packet_id: Some(pid(0xFFFF)),
        ..Publish::default()
    }),
}

vector! {
    /// MQTT 5.0 §3.3.2.3.2–§3.3.2.3.9: every PUBLISH property, with two
    /// Subscription Identifiers (one a two-byte Variable Byte Integer) and
    /// two User Properties of the same name, each kept in order.
    publish_v5_all_properties: V5,
    [
        0x32, // PUBLISH, DUP 0, QoS 01, RETAIN 0
        0x40, // remaining length 64
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x00, 0x01, // packet identifier 1
        0x36, // property length 54
        0x01, 0x01, // Payload Format Indicator (1): UTF-8
        0x02, 0x00, 0x00, 0x0E, 0x10, // Message Expiry Interval (2): 3600 s
        0x23, 0x00, 0x05, // Topic Alias (35): 5
        0x08, 0x00, 0x03, b'r', b'/', b'1', // Response Topic (8): "r/1"
        0x09, 0x00, 0x03, 0x01, 0x02, 0x03, // Correlation Data (9): 01 02 03
        0x03, 0x00, 0x0A, b't', b'e', b'x', b't', b'/', b'p', b'l', b'a', b'i', b'n', // Content Type (3): "text/plain"
        0x0B, 0x01, // Subscription Identifier (11): 1
        0x0B, 0xAC, 0x02, // Subscription Identifier (11): 300 (0x2C | 0x80, 2)
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'2', // User Property (38): "a" = "2"
        b'h', b'i', // payload "hi"
    ],
    all_properties_publish(),
}

/// The packet of `publish_v5_all_properties`.
fn all_properties_publish() -> Packet<'static> {
    Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        topic: "a/b",
        packet_id: Some(pid(1)),
        properties: PublishProperties {
            payload_format_indicator: Some(PayloadFormat::Utf8),
            message_expiry_interval: Some(3600),
            topic_alias: Some(nz16(5)),
            response_topic: Some("r/1"),
            correlation_data: Some(&[0x01, 0x02, 0x03]),
            content_type: Some("text/plain"),
            subscription_identifiers: vec![sub_id(1), sub_id(300)],
            user_properties: vec![user("a", "1"), user("a", "2")].into(),
        },
        payload: b"hi",
        ..Publish::default()
    })
}

alternative! {
    /// MQTT 5.0 §2.2.2, §3.3.2.3: the same properties in another order
    /// (a User Property first, identifiers ascending otherwise): the same
    /// packet, with the User Properties and Subscription Identifiers still
    /// in the order sent.
    publish_v5_properties_in_another_order: V5,
    [
        0x32, // PUBLISH, DUP 0, QoS 01, RETAIN 0
        0x40, // remaining length 64
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x00, 0x01, // packet identifier 1
        0x36, // property length 54
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
        0x01, 0x01, // Payload Format Indicator (1): UTF-8
        0x02, 0x00, 0x00, 0x0E, 0x10, // Message Expiry Interval (2): 3600 s
        0x03, 0x00, 0x0A, b't', b'e', b'x', b't', b'/', b'p', b'l', b'a', b'i', b'n', // Content Type (3): "text/plain"
        0x08, 0x00, 0x03, b'r', b'/', b'1', // Response Topic (8): "r/1"
        0x09, 0x00, 0x03, 0x01, 0x02, 0x03, // Correlation Data (9): 01 02 03
        0x0B, 0x01, // Subscription Identifier (11): 1
        0x23, 0x00, 0x05, // Topic Alias (35): 5
        0x0B, 0xAC, 0x02, // Subscription Identifier (11): 300
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'2', // User Property (38): "a" = "2"
        b'h', b'i', // payload "hi"
    ],
    all_properties_publish(),
}

vector! {
    /// MQTT 5.0 §3.3.2.1, §3.3.2.3.4: a zero-length topic name with a Topic
    /// Alias.
    publish_v5_topic_alias_empty_topic: V5,
    [
        0x30, // PUBLISH, DUP 0, QoS 00, RETAIN 0
        0x08, // remaining length 8
        0x00, 0x00, // topic name "" (zero length)
        0x03, // property length 3
        0x23, 0x00, 0x05, // Topic Alias (35): 5
        b'h', b'i', // payload "hi"
    ],
    Packet::Publish(Publish {
        topic: "",
        properties: PublishProperties {
            topic_alias: Some(nz16(5)),
            ..PublishProperties::default()
        },
        payload: b"hi",
        ..Publish::default()
    }),
}

// ===========================================================================
// PUBACK, PUBREC, PUBREL, PUBCOMP
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.4: PUBACK, message ID 10.
    puback_v3_1: V3_1,
    [
        0x40, // PUBACK (type 4), flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // message ID 10
    ],
    Packet::PubAck(PubAck::new(pid(10))),
}

vector! {
    /// MQTT 3.1 §3.5: PUBREC, message ID 10.
    pubrec_v3_1: V3_1,
    [
        0x50, // PUBREC (type 5), flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // message ID 10
    ],
    Packet::PubRec(PubRec::new(pid(10))),
}

vector! {
    /// MQTT 3.1 §3.6: PUBREL uses QoS 1 in its fixed header.
    pubrel_v3_1: V3_1,
    [
        0x62, // PUBREL (type 6), DUP 0, QoS 01, RETAIN 0
        0x02, // remaining length 2
        0x00, 0x0A, // message ID 10
    ],
    Packet::PubRel(PubRel::new(pid(10))),
}

vector! {
    /// MQTT 3.1 §3.7: PUBCOMP, message ID 10.
    pubcomp_v3_1: V3_1,
    [
        0x70, // PUBCOMP (type 7), flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // message ID 10
    ],
    Packet::PubComp(PubComp::new(pid(10))),
}

alternative! {
        /// MQTT 3.1 §2.1 (DUP: "set when the client or server attempts to
    /// re-deliver a PUBLISH, PUBREL, SUBSCRIBE or UNSUBSCRIBE message"),
    /// §3.6 (PUBREL retries "are handled in the same way as PUBLISH"): a
    /// re-delivered PUBREL has DUP 1. The fixed flags 0010 are a 3.1.1 rule
    /// (MQTT 3.1.1 §3.6.1 [MQTT-3.6.1-1]).
    pubrel_v3_1_redelivered_dup: V3_1,
    [
        0x6A, // PUBREL, DUP 1, QoS 01, RETAIN 0
        0x02, // remaining length 2
        0x00, 0x0A, // message ID 10
    ],
    Packet::PubRel(PubRel::new(pid(10))),
}

vector! {
    /// MQTT 3.1.1 §3.4: PUBACK, packet identifier 10.
    puback_v3_1_1: V3_1_1,
    [
        0x40, // PUBACK, flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::PubAck(PubAck::new(pid(10))),
}

vector! {
    /// MQTT 3.1.1 §3.5: PUBREC, packet identifier 10.
    pubrec_v3_1_1: V3_1_1,
    [
        0x50, // PUBREC, flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::PubRec(PubRec::new(pid(10))),
}

vector! {
    /// MQTT 3.1.1 §3.6.1: PUBREL flags are 0010 [MQTT-3.6.1-1].
    pubrel_v3_1_1: V3_1_1,
    [
        0x62, // PUBREL, flags 0010
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::PubRel(PubRel::new(pid(10))),
}

vector! {
    /// MQTT 3.1.1 §3.7: PUBCOMP, packet identifier 10.
    pubcomp_v3_1_1: V3_1_1,
    [
        0x70, // PUBCOMP, flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::PubComp(PubComp::new(pid(10))),
}

vector! {
    /// MQTT 5.0 §3.4.2.1: reason code and property length omitted for
    /// Success without properties (remaining length 2).
    puback_v5_success_short: V5,
    [
        0x40, // PUBACK, flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::PubAck(PubAck::new(pid(10))),
}

vector! {
    /// MQTT 5.0 §3.4.2.2.1: remaining length below 4, so no property length.
    puback_v5_reason_only: V5,
    [
        0x40, // PUBACK, flags 0000
        0x03, // remaining length 3
        0x00, 0x0A, // packet identifier 10
        0x10, // reason code 0x10: No matching subscribers
    ],
    puback(10, PubAckReasonCode::NoMatchingSubscribers, AckProperties::default()),
}

vector! {
    /// MQTT 5.0 §3.4.2.1, §3.4.2.2.2–§3.4.2.2.3: reason code with a Reason
    /// String and a User Property.
    puback_v5_reason_and_properties: V5,
    [
        0x40, // PUBACK, flags 0000
        0x14, // remaining length 20
        0x00, 0x0A, // packet identifier 10
        0x87, // reason code 0x87: Not authorized
        0x10, // property length 16
        0x1F, 0x00, 0x06, b'd', b'e', b'n', b'i', b'e', b'd', // Reason String (31): "denied"
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
    ],
    puback(10, PubAckReasonCode::NotAuthorized, AckProperties {
        reason_string: Some("denied"),
        user_properties: vec![user("a", "1")].into(),
    }),
}

vector! {
    /// MQTT 5.0 §3.4.2: Success written out because properties follow.
    puback_v5_success_with_properties: V5,
    [
        0x40, // PUBACK, flags 0000
        0x0B, // remaining length 11
        0x00, 0x0A, // packet identifier 10
        0x00, // reason code 0x00: Success
        0x07, // property length 7
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
    ],
    puback(10, PubAckReasonCode::Success, AckProperties {
        reason_string: None,
        user_properties: vec![user("a", "1")].into(),
    }),
}

alternative! {
    /// MQTT 5.0 §3.4.2.1, §3.4.2.2.1: Success written out, no property
    /// length (remaining length 3) is the short form's packet.
    puback_v5_explicit_success: V5,
    [
        0x40, // PUBACK, flags 0000
        0x03, // remaining length 3
        0x00, 0x0A, // packet identifier 10
        0x00, // reason code 0x00: Success
    ],
    Packet::PubAck(PubAck::new(pid(10))),
}

alternative! {
    /// MQTT 5.0 §3.4.2.1, §3.4.2.2.1: Success and a zero property length
    /// (remaining length 4) is the short form's packet.
    puback_v5_explicit_success_empty_properties: V5,
    [
        0x40, // PUBACK, flags 0000
        0x04, // remaining length 4
        0x00, 0x0A, // packet identifier 10
        0x00, // reason code 0x00: Success
        0x00, // property length 0
    ],
    Packet::PubAck(PubAck::new(pid(10))),
}

vector! {
    /// MQTT 5.0 §3.5.2.1: PUBREC short form (remaining length 2).
    pubrec_v5_success_short: V5,
    [
        0x50, // PUBREC, flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::PubRec(PubRec::new(pid(10))),
}

vector! {
    /// MQTT 5.0 §3.5.2.1, §3.5.2.2.1: reason code only.
    pubrec_v5_reason_only: V5,
    [
        0x50, // PUBREC, flags 0000
        0x03, // remaining length 3
        0x00, 0x0A, // packet identifier 10
        0x91, // reason code 0x91: Packet Identifier in use
    ],
    pubrec(10, PubAckReasonCode::PacketIdentifierInUse, AckProperties::default()),
}

vector! {
    /// MQTT 5.0 §3.5.2.1, §3.5.2.2.2: reason code and a Reason String.
    pubrec_v5_reason_and_properties: V5,
    [
        0x50, // PUBREC, flags 0000
        0x0C, // remaining length 12
        0x00, 0x0A, // packet identifier 10
        0x97, // reason code 0x97: Quota exceeded
        0x08, // property length 8
        0x1F, 0x00, 0x05, b'q', b'u', b'o', b't', b'a', // Reason String (31): "quota"
    ],
    pubrec(10, PubAckReasonCode::QuotaExceeded, reason_string("quota")),
}

alternative! {
    /// MQTT 5.0 §3.5.2.1, §3.5.2.2.1: Success and a zero property length.
    pubrec_v5_explicit_success_empty_properties: V5,
    [
        0x50, // PUBREC, flags 0000
        0x04, // remaining length 4
        0x00, 0x0A, // packet identifier 10
        0x00, // reason code 0x00: Success
        0x00, // property length 0
    ],
    Packet::PubRec(PubRec::new(pid(10))),
}

vector! {
    /// MQTT 5.0 §3.6.1, §3.6.2.1: PUBREL flags 0010, short form.
    pubrel_v5_success_short: V5,
    [
        0x62, // PUBREL, flags 0010
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::PubRel(PubRel::new(pid(10))),
}

vector! {
    /// MQTT 5.0 §3.6.2.1, §3.6.2.2.1: reason code only.
    pubrel_v5_reason_only: V5,
    [
        0x62, // PUBREL, flags 0010
        0x03, // remaining length 3
        0x00, 0x0A, // packet identifier 10
        0x92, // reason code 0x92: Packet Identifier not found
    ],
    pubrel(10, PubRelReasonCode::PacketIdentifierNotFound, AckProperties::default()),
}

vector! {
    /// MQTT 5.0 §3.6.2.1, §3.6.2.2.2–§3.6.2.2.3: reason code, Reason String
    /// and a User Property.
    pubrel_v5_reason_and_properties: V5,
    [
        0x62, // PUBREL, flags 0010
        0x15, // remaining length 21
        0x00, 0x0A, // packet identifier 10
        0x92, // reason code 0x92: Packet Identifier not found
        0x11, // property length 17
        0x1F, 0x00, 0x07, b'u', b'n', b'k', b'n', b'o', b'w', b'n', // Reason String (31): "unknown"
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
    ],
    pubrel(10, PubRelReasonCode::PacketIdentifierNotFound, AckProperties {
        reason_string: Some("unknown"),
        user_properties: vec![user("a", "1")].into(),
    }),
}

alternative! {
    /// MQTT 5.0 §3.6.2.1, §3.6.2.2.1: Success written out, no property
    /// length.
    pubrel_v5_explicit_success: V5,
    [
        0x62, // PUBREL, flags 0010
        0x03, // remaining length 3
        0x00, 0x0A, // packet identifier 10
        0x00, // reason code 0x00: Success
    ],
    Packet::PubRel(PubRel::new(pid(10))),
}

vector! {
    /// MQTT 5.0 §3.7.2.1: PUBCOMP short form (remaining length 2).
    pubcomp_v5_success_short: V5,
    [
        0x70, // PUBCOMP, flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::PubComp(PubComp::new(pid(10))),
}

vector! {
    /// MQTT 5.0 §3.7.2.1, §3.7.2.2.1: reason code only.
    pubcomp_v5_reason_only: V5,
    [
        0x70, // PUBCOMP, flags 0000
        0x03, // remaining length 3
        0x00, 0x0A, // packet identifier 10
        0x92, // reason code 0x92: Packet Identifier not found
    ],
    pubcomp(10, PubRelReasonCode::PacketIdentifierNotFound, AckProperties::default()),
}

vector! {
    /// MQTT 5.0 §3.7.2.1, §3.7.2.2.2: reason code and a Reason String.
    pubcomp_v5_reason_and_properties: V5,
    [
        0x70, // PUBCOMP, flags 0000
        0x0B, // remaining length 11
        0x00, 0x0A, // packet identifier 10
        0x92, // reason code 0x92: Packet Identifier not found
        0x07, // property length 7
        0x1F, 0x00, 0x04, b'g', b'o', b'n', b'e', // Reason String (31): "gone"
    ],
    pubcomp(10, PubRelReasonCode::PacketIdentifierNotFound, reason_string("gone")),
}

alternative! {
    /// MQTT 5.0 §3.7.2.1, §3.7.2.2.1: Success and a zero property length.
    pubcomp_v5_explicit_success_empty_properties: V5,
    [
        0x70, // PUBCOMP, flags 0000
        0x04, // remaining length 4
        0x00, 0x0A, // packet identifier 10
        0x00, // reason code 0x00: Success
        0x00, // property length 0
    ],
    Packet::PubComp(PubComp::new(pid(10))),
}

// ===========================================================================
// SUBSCRIBE
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.8: SUBSCRIBE uses QoS 1 in its fixed header; one topic
    /// with its requested QoS.
    subscribe_v3_1: V3_1,
    [
        0x82, // SUBSCRIBE (type 8), DUP 0, QoS 01, RETAIN 0
        0x08, // remaining length 8
        0x00, 0x01, // message ID 1
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x01, // requested QoS 1
    ],
    Packet::Subscribe(Subscribe {
        packet_id: pid(1),
        properties: SubscribeProperties::default(),
        subscriptions: vec![sub("a/b", qos_only(QoS::AtLeastOnce))],
    }),
}

alternative! {
        /// MQTT 3.1 §2.1, §3.8: a re-delivered SUBSCRIBE has DUP 1.
    subscribe_v3_1_redelivered_dup: V3_1,
    [
        0x8A, // SUBSCRIBE, DUP 1, QoS 01, RETAIN 0
        0x08, // remaining length 8
        0x00, 0x01, // message ID 1
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
        0x01, // requested QoS 1
    ],
    Packet::Subscribe(Subscribe {
        packet_id: pid(1),
        properties: SubscribeProperties::default(),
        subscriptions: vec![sub("a/b", qos_only(QoS::AtLeastOnce))],
    }),
}

vector! {
    /// MQTT 3.1.1 §3.8.3.1, Figure 3.23 (payload non-normative example:
    /// "a/b" QoS 1, "c/d" QoS 2) with packet identifier 10 (§3.8.2).
    subscribe_v3_1_1_spec_example: V3_1_1,
    [
        0x82, // SUBSCRIBE, flags 0010
        0x0E, // remaining length 14
        0x00, 0x0A, // packet identifier 10
        0x00, 0x03, b'a', b'/', b'b', // topic filter "a/b"
        0x01, // requested QoS 1
        0x00, 0x03, b'c', b'/', b'd', // topic filter "c/d"
        0x02, // requested QoS 2
    ],
    Packet::Subscribe(Subscribe {
        packet_id: pid(10),
        properties: SubscribeProperties::default(),
        subscriptions: vec![
            sub("a/b", qos_only(QoS::AtLeastOnce)),
            sub("c/d", qos_only(QoS::ExactlyOnce)),
        ],
    }),
}

vector! {
    /// MQTT 3.1.1 §3.8.3, §4.7.1: filters with single- and multi-level
    /// wildcards.
    subscribe_v3_1_1_wildcards: V3_1_1,
    [
        0x82, // SUBSCRIBE, flags 0010
        0x14, // remaining length 20
        0x00, 0x01, // packet identifier 1
        0x00, 0x03, b'+', b'/', b'x', // topic filter "+/x"
        0x00, // requested QoS 0
        0x00, 0x01, b'#', // topic filter "#"
        0x01, // requested QoS 1
        0x00, 0x05, b's', b'/', b'+', b'/', b'#', // topic filter "s/+/#"
        0x02, // requested QoS 2
    ],
    Packet::Subscribe(Subscribe {
        packet_id: pid(1),
        properties: SubscribeProperties::default(),
        subscriptions: vec![
            sub("+/x", qos_only(QoS::AtMostOnce)),
            sub("#", qos_only(QoS::AtLeastOnce)),
            sub("s/+/#", qos_only(QoS::ExactlyOnce)),
        ],
    }),
}

vector! {
    /// MQTT 5.0 §3.8.2, §3.8.3: the 3.1.1 example with an empty property
    /// section; options carry only the maximum QoS.
    subscribe_v5_spec_example: V5,
    [
        0x82, // SUBSCRIBE, flags 0010
        0x0F, // remaining length 15
        0x00, 0x0A, // packet identifier 10
        0x00, // property length 0
        0x00, 0x03, b'a', b'/', b'b', // topic filter "a/b"
        0x01, // subscription options: QoS 1
        0x00, 0x03, b'c', b'/', b'd', // topic filter "c/d"
        0x02, // subscription options: QoS 2
    ],
    Packet::Subscribe(Subscribe {
        packet_id: pid(10),
        properties: SubscribeProperties::default(),
        subscriptions: vec![
            sub("a/b", qos_only(QoS::AtLeastOnce)),
            sub("c/d", qos_only(QoS::ExactlyOnce)),
        ],
    }),
}

vector! {
    /// MQTT 5.0 §3.8.3.1: subscription options bits 0–1 QoS, bit 2 No
    /// Local, bit 3 Retain As Published, bits 4–5 Retain Handling.
    subscribe_v5_options: V5,
    [
        0x82, // SUBSCRIBE, flags 0010
        0x15, // remaining length 21
        0x00, 0x01, // packet identifier 1
        0x00, // property length 0
        0x00, 0x03, b'a', b'/', b'b', // topic filter "a/b"
        0x2D, // options: retain handling 2, retain as published, no local, QoS 1
        0x00, 0x03, b'c', b'/', b'd', // topic filter "c/d"
        0x12, // options: retain handling 1, QoS 2
        0x00, 0x03, b'e', b'/', b'f', // topic filter "e/f"
        0x08, // options: retain as published, QoS 0
    ],
    Packet::Subscribe(Subscribe {
        packet_id: pid(1),
        properties: SubscribeProperties::default(),
        subscriptions: vec![
            sub("a/b", SubscriptionOptions {
                qos: QoS::AtLeastOnce,
                no_local: true,
                retain_as_published: true,
                retain_handling: RetainHandling::DoNotSend,
            }),
            sub("c/d", SubscriptionOptions {
                qos: QoS::ExactlyOnce,
                retain_handling: RetainHandling::SendIfNew,
                ..SubscriptionOptions::default()
            }),
            sub("e/f", SubscriptionOptions {
                retain_as_published: true,
                ..SubscriptionOptions::default()
            }),
        ],
    }),
}

vector! {
    /// MQTT 5.0 §3.8.2.1.2–§3.8.2.1.3: the largest Subscription Identifier
    /// (268,435,455, four bytes) and a User Property.
    subscribe_v5_subscription_identifier: V5,
    [
        0x82, // SUBSCRIBE, flags 0010
        0x15, // remaining length 21
        0x00, 0x01, // packet identifier 1
        0x0C, // property length 12
        0x0B, 0xFF, 0xFF, 0xFF, 0x7F, // Subscription Identifier (11): 268435455
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
        0x00, 0x03, b'a', b'/', b'#', // topic filter "a/#"
        0x00, // subscription options: QoS 0
    ],
    Packet::Subscribe(Subscribe {
        packet_id: pid(1),
        properties: SubscribeProperties {
            subscription_identifier: Some(sub_id(268_435_455)),
            user_properties: vec![user("a", "1")].into(),
        },
        subscriptions: vec![sub("a/#", qos_only(QoS::AtMostOnce))],
    }),
}

vector! {
    /// MQTT 5.0 §4.8.2: a shared subscription "$share/{ShareName}/{filter}"
    /// (No Local must be 0 on it, [MQTT-3.8.3-4]).
    subscribe_v5_shared_subscription: V5,
    [
        0x82, // SUBSCRIBE, flags 0010
        0x12, // remaining length 18
        0x00, 0x02, // packet identifier 2
        0x00, // property length 0
        0x00, 0x0C, b'$', b's', b'h', b'a', b'r', b'e', b'/', b'g', b'/', b'a', b'/', b'b', // topic filter "$share/g/a/b"
        0x01, // subscription options: QoS 1
    ],
    Packet::Subscribe(Subscribe {
        packet_id: pid(2),
        properties: SubscribeProperties::default(),
        subscriptions: vec![sub("$share/g/a/b", qos_only(QoS::AtLeastOnce))],
    }),
}

// ===========================================================================
// SUBACK
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.9: granted QoS levels, one per topic.
    suback_v3_1: V3_1,
    [
        0x90, // SUBACK (type 9), flags 0000
        0x04, // remaining length 4
        0x00, 0x01, // message ID 1
        0x01, // granted QoS 1
        0x02, // granted QoS 2
    ],
    Packet::SubAck(SubAck {
        packet_id: pid(1),
        properties: AckProperties::default(),
        reasons: vec![SubAckReasonCode::GrantedQoS1, SubAckReasonCode::GrantedQoS2],
    }),
}

vector! {
    /// MQTT 3.1.1 §3.9.3.1, Figure 3.27 (payload non-normative example:
    /// Success QoS 0, Success QoS 2, Failure) with packet identifier 10.
    suback_v3_1_1_spec_example: V3_1_1,
    [
        0x90, // SUBACK, flags 0000
        0x05, // remaining length 5
        0x00, 0x0A, // packet identifier 10
        0x00, // return code 0x00: Success - Maximum QoS 0
        0x02, // return code 0x02: Success - Maximum QoS 2
        0x80, // return code 0x80: Failure
    ],
    Packet::SubAck(SubAck {
        packet_id: pid(10),
        properties: AckProperties::default(),
        reasons: vec![
            SubAckReasonCode::GrantedQoS0,
            SubAckReasonCode::GrantedQoS2,
            SubAckReasonCode::UnspecifiedError,
        ],
    }),
}

alternative! {
    /// MQTT 3.1.1 §3.9.3 defines one failure code, 0x80; a server that
    /// sends a 5.0 code (ejabberd 23.01 sends 0x8F) refuses that filter
    /// all the same, and the filters it granted stay granted.
    suback_v3_1_1_high_codes_refuse_the_filter: V3_1_1,
    [
        0x90, // SUBACK, flags 0000
        0x05, // remaining length 5
        0x00, 0x07, // packet identifier 7
        0x01, // return code 0x01: Success - Maximum QoS 1
        0x8F, // 5.0 "Topic Filter invalid": a failure
        0xFF, // no code at all, but in the failure range
    ],
    Packet::SubAck(SubAck {
        packet_id: pid(7),
        properties: AckProperties::default(),
        reasons: vec![
            SubAckReasonCode::GrantedQoS1,
            SubAckReasonCode::UnspecifiedError,
            SubAckReasonCode::UnspecifiedError,
        ],
    }),
}

vector! {
    /// MQTT 3.1.1 §3.9.3: Success - Maximum QoS 1.
    suback_v3_1_1_granted_qos1: V3_1_1,
    [
        0x90, // SUBACK, flags 0000
        0x03, // remaining length 3
        0x00, 0x01, // packet identifier 1
        0x01, // return code 0x01: Success - Maximum QoS 1
    ],
    Packet::SubAck(SubAck {
        packet_id: pid(1),
        properties: AckProperties::default(),
        reasons: vec![SubAckReasonCode::GrantedQoS1],
    }),
}

vector! {
    /// MQTT 5.0 §3.9.2.1, §3.9.3: every SUBACK reason code, in order.
    suback_v5_every_reason_code: V5,
    [
        0x90, // SUBACK, flags 0000
        0x0F, // remaining length 15
        0x00, 0x01, // packet identifier 1
        0x00, // property length 0
        0x00, // 0x00 Granted QoS 0
        0x01, // 0x01 Granted QoS 1
        0x02, // 0x02 Granted QoS 2
        0x80, // 0x80 Unspecified error
        0x83, // 0x83 Implementation specific error
        0x87, // 0x87 Not authorized
        0x8F, // 0x8F Topic Filter invalid
        0x91, // 0x91 Packet Identifier in use
        0x97, // 0x97 Quota exceeded
        0x9E, // 0x9E Shared Subscriptions not supported
        0xA1, // 0xA1 Subscription Identifiers not supported
        0xA2, // 0xA2 Wildcard Subscriptions not supported
    ],
    Packet::SubAck(SubAck {
        packet_id: pid(1),
        properties: AckProperties::default(),
        reasons: vec![
            SubAckReasonCode::GrantedQoS0,
            SubAckReasonCode::GrantedQoS1,
            SubAckReasonCode::GrantedQoS2,
            SubAckReasonCode::UnspecifiedError,
            SubAckReasonCode::ImplementationSpecificError,
            SubAckReasonCode::NotAuthorized,
            SubAckReasonCode::TopicFilterInvalid,
            SubAckReasonCode::PacketIdentifierInUse,
            SubAckReasonCode::QuotaExceeded,
            SubAckReasonCode::SharedSubscriptionsNotSupported,
            SubAckReasonCode::SubscriptionIdentifiersNotSupported,
            SubAckReasonCode::WildcardSubscriptionsNotSupported,
        ],
    }),
}

vector! {
    /// MQTT 5.0 §3.9.2.1.2: a Reason String with a failure code.
    suback_v5_reason_string: V5,
    [
        0x90, // SUBACK, flags 0000
        0x0D, // remaining length 13
        0x00, 0x01, // packet identifier 1
        0x09, // property length 9
        0x1F, 0x00, 0x06, b'd', b'e', b'n', b'i', b'e', b'd', // Reason String (31): "denied"
        0x87, // reason code 0x87: Not authorized
    ],
    Packet::SubAck(SubAck {
        packet_id: pid(1),
        properties: reason_string("denied"),
        reasons: vec![SubAckReasonCode::NotAuthorized],
    }),
}

// ===========================================================================
// UNSUBSCRIBE
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.10: UNSUBSCRIBE uses QoS 1 in its fixed header.
    unsubscribe_v3_1: V3_1,
    [
        0xA2, // UNSUBSCRIBE (type 10), DUP 0, QoS 01, RETAIN 0
        0x07, // remaining length 7
        0x00, 0x01, // message ID 1
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
    ],
    Packet::Unsubscribe(Unsubscribe {
        packet_id: pid(1),
        properties: UnsubscribeProperties::default(),
        filters: vec!["a/b"],
    }),
}

alternative! {
        /// MQTT 3.1 §2.1, §3.10: a re-delivered UNSUBSCRIBE has DUP 1.
    unsubscribe_v3_1_redelivered_dup: V3_1,
    [
        0xAA, // UNSUBSCRIBE, DUP 1, QoS 01, RETAIN 0
        0x07, // remaining length 7
        0x00, 0x01, // message ID 1
        0x00, 0x03, b'a', b'/', b'b', // topic name "a/b"
    ],
    Packet::Unsubscribe(Unsubscribe {
        packet_id: pid(1),
        properties: UnsubscribeProperties::default(),
        filters: vec!["a/b"],
    }),
}

vector! {
    /// MQTT 3.1.1 §3.10.3.1, Figure 3.30 (payload non-normative example:
    /// "a/b", "c/d") with packet identifier 10 (§3.10.2).
    unsubscribe_v3_1_1_spec_example: V3_1_1,
    [
        0xA2, // UNSUBSCRIBE, flags 0010
        0x0C, // remaining length 12
        0x00, 0x0A, // packet identifier 10
        0x00, 0x03, b'a', b'/', b'b', // topic filter "a/b"
        0x00, 0x03, b'c', b'/', b'd', // topic filter "c/d"
    ],
    Packet::Unsubscribe(Unsubscribe {
        packet_id: pid(10),
        properties: UnsubscribeProperties::default(),
        filters: vec!["a/b", "c/d"],
    }),
}

vector! {
    /// MQTT 5.0 §3.10.2, §3.10.3: the 3.1.1 example with an empty property
    /// section.
    unsubscribe_v5: V5,
    [
        0xA2, // UNSUBSCRIBE, flags 0010
        0x0D, // remaining length 13
        0x00, 0x0A, // packet identifier 10
        0x00, // property length 0
        0x00, 0x03, b'a', b'/', b'b', // topic filter "a/b"
        0x00, 0x03, b'c', b'/', b'd', // topic filter "c/d"
    ],
    Packet::Unsubscribe(Unsubscribe {
        packet_id: pid(10),
        properties: UnsubscribeProperties::default(),
        filters: vec!["a/b", "c/d"],
    }),
}

vector! {
    /// MQTT 5.0 §3.10.2.1.2, §4.8.2: a User Property and a shared
    /// subscription filter.
    unsubscribe_v5_user_property_shared: V5,
    [
        0xA2, // UNSUBSCRIBE, flags 0010
        0x18, // remaining length 24
        0x00, 0x0B, // packet identifier 11
        0x07, // property length 7
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
        0x00, 0x0C, b'$', b's', b'h', b'a', b'r', b'e', b'/', b'g', b'/', b'a', b'/', b'b', // topic filter "$share/g/a/b"
    ],
    Packet::Unsubscribe(Unsubscribe {
        packet_id: pid(11),
        properties: UnsubscribeProperties {
            user_properties: vec![user("a", "1")].into(),
        },
        filters: vec!["$share/g/a/b"],
    }),
}

// ===========================================================================
// UNSUBACK
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.11: the message ID only.
    unsuback_v3_1: V3_1,
    [
        0xB0, // UNSUBACK (type 11), flags 0000
        0x02, // remaining length 2
        0x00, 0x01, // message ID 1
    ],
    Packet::UnsubAck(UnsubAck {
        packet_id: pid(1),
        properties: AckProperties::default(),
        reasons: vec![],
    }),
}

vector! {
    /// MQTT 3.1.1 §3.11: the packet identifier only; no payload (§3.11.3).
    unsuback_v3_1_1: V3_1_1,
    [
        0xB0, // UNSUBACK, flags 0000
        0x02, // remaining length 2
        0x00, 0x0A, // packet identifier 10
    ],
    Packet::UnsubAck(UnsubAck {
        packet_id: pid(10),
        properties: AckProperties::default(),
        reasons: vec![],
    }),
}

vector! {
    /// MQTT 5.0 §3.11.2.1, §3.11.3: every UNSUBACK reason code, in order.
    unsuback_v5_every_reason_code: V5,
    [
        0xB0, // UNSUBACK, flags 0000
        0x0A, // remaining length 10
        0x00, 0x0A, // packet identifier 10
        0x00, // property length 0
        0x00, // 0x00 Success
        0x11, // 0x11 No subscription existed
        0x80, // 0x80 Unspecified error
        0x83, // 0x83 Implementation specific error
        0x87, // 0x87 Not authorized
        0x8F, // 0x8F Topic Filter invalid
        0x91, // 0x91 Packet Identifier in use
    ],
    Packet::UnsubAck(UnsubAck {
        packet_id: pid(10),
        properties: AckProperties::default(),
        reasons: vec![
            UnsubAckReasonCode::Success,
            UnsubAckReasonCode::NoSubscriptionExisted,
            UnsubAckReasonCode::UnspecifiedError,
            UnsubAckReasonCode::ImplementationSpecificError,
            UnsubAckReasonCode::NotAuthorized,
            UnsubAckReasonCode::TopicFilterInvalid,
            UnsubAckReasonCode::PacketIdentifierInUse,
        ],
    }),
}

vector! {
    /// MQTT 5.0 §3.11.2.1.2: a Reason String.
    unsuback_v5_reason_string: V5,
    [
        0xB0, // UNSUBACK, flags 0000
        0x0C, // remaining length 12
        0x00, 0x0A, // packet identifier 10
        0x08, // property length 8
        0x1F, 0x00, 0x05, b'n', b'o', b'n', b'e', b'!', // Reason String (31): "none!"
        0x11, // reason code 0x11: No subscription existed
    ],
    Packet::UnsubAck(UnsubAck {
        packet_id: pid(10),
        properties: reason_string("none!"),
        reasons: vec![UnsubAckReasonCode::NoSubscriptionExisted],
    }),
}

// ===========================================================================
// PINGREQ, PINGRESP
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.12: PINGREQ.
    pingreq_v3_1: V3_1,
    [
        0xC0, // PINGREQ (type 12), flags 0000
        0x00, // remaining length 0
    ],
    Packet::PingReq,
}

vector! {
    /// MQTT 3.1 §3.13: PINGRESP.
    pingresp_v3_1: V3_1,
    [
        0xD0, // PINGRESP (type 13), flags 0000
        0x00, // remaining length 0
    ],
    Packet::PingResp,
}

vector! {
    /// MQTT 3.1.1 §3.12, Figure 3.33: PINGREQ.
    pingreq_v3_1_1: V3_1_1,
    [
        0xC0, // PINGREQ, flags 0000
        0x00, // remaining length 0
    ],
    Packet::PingReq,
}

vector! {
    /// MQTT 3.1.1 §3.13, Figure 3.34: PINGRESP.
    pingresp_v3_1_1: V3_1_1,
    [
        0xD0, // PINGRESP, flags 0000
        0x00, // remaining length 0
    ],
    Packet::PingResp,
}

vector! {
    /// MQTT 5.0 §3.12: PINGREQ.
    pingreq_v5: V5,
    [
        0xC0, // PINGREQ, flags 0000
        0x00, // remaining length 0
    ],
    Packet::PingReq,
}

vector! {
    /// MQTT 5.0 §3.13: PINGRESP.
    pingresp_v5: V5,
    [
        0xD0, // PINGRESP, flags 0000
        0x00, // remaining length 0
    ],
    Packet::PingResp,
}

// ===========================================================================
// DISCONNECT
// ===========================================================================

vector! {
    /// MQTT 3.1 §3.14: DISCONNECT has no variable header or payload.
    disconnect_v3_1: V3_1,
    [
        0xE0, // DISCONNECT (type 14), flags 0000
        0x00, // remaining length 0
    ],
    Packet::Disconnect(Disconnect::default()),
}

vector! {
    /// MQTT 3.1.1 §3.14, Figure 3.35: DISCONNECT has no variable header or
    /// payload.
    disconnect_v3_1_1: V3_1_1,
    [
        0xE0, // DISCONNECT, flags 0000
        0x00, // remaining length 0
    ],
    Packet::Disconnect(Disconnect::default()),
}

vector! {
    /// MQTT 5.0 §3.14.2.1: reason code and property length omitted for
    /// Normal disconnection without properties (remaining length 0).
    disconnect_v5_empty: V5,
    [
        0xE0, // DISCONNECT, flags 0000
        0x00, // remaining length 0
    ],
    Packet::Disconnect(Disconnect::default()),
}

vector! {
    /// MQTT 5.0 §3.14.2.1, §3.14.2.2.1: remaining length 1, the reason code
    /// alone.
    disconnect_v5_reason_only: V5,
    [
        0xE0, // DISCONNECT, flags 0000
        0x01, // remaining length 1
        0x04, // reason code 0x04: Disconnect with Will Message
    ],
    Packet::Disconnect(Disconnect::new(DisconnectReasonCode::DisconnectWithWillMessage)),
}

vector! {
    /// MQTT 5.0 §3.14.2.2.2, Figure 3-24 (DISCONNECT variable header
    /// non-normative example: Normal disconnection, Session Expiry
    /// Interval 0).
    disconnect_v5_spec_example: V5,
    [
        0xE0, // DISCONNECT, flags 0000
        0x07, // remaining length 7
        0x00, // reason code 0x00: Normal disconnection
        0x05, // property length 5
        0x11, 0x00, 0x00, 0x00, 0x00, // Session Expiry Interval (17): 0
    ],
    Packet::Disconnect(Disconnect {
        reason: DisconnectReasonCode::NormalDisconnection,
        properties: DisconnectProperties {
            session_expiry_interval: Some(0),
            ..DisconnectProperties::default()
        },
    }),
}

vector! {
    /// MQTT 5.0 §3.14.2.1 (0x9C Use another server), §3.14.2.2.3–§3.14.2.2.5:
    /// Reason String, Server Reference and a User Property.
    disconnect_v5_use_another_server: V5,
    [
        0xE0, // DISCONNECT, flags 0000
        0x1E, // remaining length 30
        0x9C, // reason code 0x9C: Use another server
        0x1C, // property length 28
        0x1F, 0x00, 0x05, b'm', b'o', b'v', b'e', b'd', // Reason String (31): "moved"
        0x1C, 0x00, 0x0A, b'o', b't', b'h', b'e', b'r', b':', b'1', b'8', b'8', b'3', // Server Reference (28): "other:1883"
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
    ],
    Packet::Disconnect(Disconnect {
        reason: DisconnectReasonCode::UseAnotherServer,
        properties: DisconnectProperties {
            session_expiry_interval: None,
            reason_string: Some("moved"),
            server_reference: Some("other:1883"),
            user_properties: vec![user("a", "1")].into(),
        },
    }),
}

alternative! {
    /// MQTT 5.0 §3.14.2.1, §3.14.2.2.1: Normal disconnection written out
    /// (remaining length 1).
    disconnect_v5_explicit_normal: V5,
    [
        0xE0, // DISCONNECT, flags 0000
        0x01, // remaining length 1
        0x00, // reason code 0x00: Normal disconnection
    ],
    Packet::Disconnect(Disconnect::default()),
}

alternative! {
    /// MQTT 5.0 §3.14.2.1, §3.14.2.2.1: Normal disconnection and a zero
    /// property length (remaining length 2).
    disconnect_v5_explicit_normal_empty_properties: V5,
    [
        0xE0, // DISCONNECT, flags 0000
        0x02, // remaining length 2
        0x00, // reason code 0x00: Normal disconnection
        0x00, // property length 0
    ],
    Packet::Disconnect(Disconnect::default()),
}

// ===========================================================================
// AUTH (MQTT 5.0 only)
// ===========================================================================

vector! {
    /// MQTT 5.0 §3.15.2.1: reason code and property length omitted for
    /// Success without properties (remaining length 0).
    auth_v5_success_empty: V5,
    [
        0xF0, // AUTH (type 15), flags 0000
        0x00, // remaining length 0
    ],
    Packet::Auth(Auth::default()),
}

vector! {
    /// MQTT 5.0 §3.15.2.1 (0x18 Continue authentication),
    /// §3.15.2.2.2–§3.15.2.2.3: Authentication Method and Data.
    auth_v5_continue: V5,
    [
        0xF0, // AUTH, flags 0000
        0x11, // remaining length 17
        0x18, // reason code 0x18: Continue authentication
        0x0F, // property length 15
        0x15, 0x00, 0x05, b'S', b'C', b'R', b'A', b'M', // Authentication Method (21): "SCRAM"
        0x16, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04, // Authentication Data (22): 01 02 03 04
    ],
    Packet::Auth(Auth {
        reason: AuthReasonCode::ContinueAuthentication,
        properties: AuthProperties {
            authentication_method: Some("SCRAM"),
            authentication_data: Some(&[0x01, 0x02, 0x03, 0x04]),
            ..AuthProperties::default()
        },
    }),
}

vector! {
    /// MQTT 5.0 §3.15.2.1 (0x19 Re-authenticate), §3.15.2.2.4–§3.15.2.2.5:
    /// Authentication Method, Reason String and a User Property.
    auth_v5_reauthenticate: V5,
    [
        0xF0, // AUTH, flags 0000
        0x19, // remaining length 25
        0x19, // reason code 0x19: Re-authenticate
        0x17, // property length 23
        0x15, 0x00, 0x05, b'S', b'C', b'R', b'A', b'M', // Authentication Method (21): "SCRAM"
        0x1F, 0x00, 0x05, b'r', b'e', b'n', b'e', b'w', // Reason String (31): "renew"
        0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'1', // User Property (38): "a" = "1"
    ],
    Packet::Auth(Auth {
        reason: AuthReasonCode::ReAuthenticate,
        properties: AuthProperties {
            authentication_method: Some("SCRAM"),
            authentication_data: None,
            reason_string: Some("renew"),
            user_properties: vec![user("a", "1")].into(),
        },
    }),
}

alternative! {
    /// MQTT 5.0 §3.15.2: Success and a zero property length written out
    /// (remaining length 2), the full form of the empty AUTH.
    auth_v5_explicit_success_empty_properties: V5,
    [
        0xF0, // AUTH, flags 0000
        0x02, // remaining length 2
        0x00, // reason code 0x00: Success
        0x00, // property length 0
    ],
    Packet::Auth(Auth::default()),
}
