//! Property tests: any valid packet of any version encodes to bytes that
//! decode back to the same packet, whole, split at every byte, and in a
//! stream with other packets.
#![cfg(not(target_arch = "wasm32"))]

use std::num::{NonZeroU16, NonZeroU32};

use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
use webmqtt::codec::*;

// Decoded packets borrow from their input; the strategies leak what they
// generate so that a packet can be `'static`. The leak is bounded by the
// number of cases.
fn leak_str(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
fn leak_bytes(b: Vec<u8>) -> &'static [u8] {
    Box::leak(b.into_boxed_slice())
}

fn string() -> impl Strategy<Value = &'static str> {
    "[a-zA-Z0-9 +#/é€😀]{0,12}".prop_map(leak_str)
}
fn bytes(max: usize) -> impl Strategy<Value = &'static [u8]> {
    vec(any::<u8>(), 0..max).prop_map(leak_bytes)
}
fn topic_name() -> impl Strategy<Value = &'static str> {
    "[a-z0-9 é$/_-]{1,24}".prop_map(leak_str)
}
fn topic_filter() -> impl Strategy<Value = &'static str> {
    (
        vec(prop_oneof!["[a-z0-9é]{0,6}", Just("+".to_string())], 1..5),
        any::<bool>(),
    )
        .prop_map(|(levels, hash)| {
            let mut f = levels.join("/");
            if hash {
                f.push_str(if f.is_empty() { "#" } else { "/#" });
            }
            if f.is_empty() {
                f.push('a');
            }
            leak_str(f)
        })
}
fn version() -> impl Strategy<Value = ProtocolVersion> {
    prop_oneof![
        Just(ProtocolVersion::V3_1),
        Just(ProtocolVersion::V3_1_1),
        Just(ProtocolVersion::V5)
    ]
}
fn qos() -> impl Strategy<Value = QoS> {
    prop_oneof![
        Just(QoS::AtMostOnce),
        Just(QoS::AtLeastOnce),
        Just(QoS::ExactlyOnce)
    ]
}
fn packet_id() -> impl Strategy<Value = PacketId> {
    (1u16..).prop_map(|v| PacketId::new(v).unwrap())
}
fn nz16() -> impl Strategy<Value = NonZeroU16> {
    (1u16..).prop_map(|v| NonZeroU16::new(v).unwrap())
}
fn nz32() -> impl Strategy<Value = NonZeroU32> {
    (1u32..).prop_map(|v| NonZeroU32::new(v).unwrap())
}
fn sub_id() -> impl Strategy<Value = SubscriptionId> {
    (1u32..=SubscriptionId::MAX).prop_map(|v| SubscriptionId::new(v).unwrap())
}
fn payload_format() -> impl Strategy<Value = PayloadFormat> {
    prop_oneof![Just(PayloadFormat::Unspecified), Just(PayloadFormat::Utf8)]
}
fn user_properties() -> impl Strategy<Value = Vec<UserProperty<'static>>> {
    vec(
        (string(), string()).prop_map(|(n, v)| UserProperty::new(n, v)),
        0..3,
    )
}
/// A code from a reason-code enum, chosen among the bytes it defines.
fn code<T: std::fmt::Debug + Clone + 'static>(
    from: fn(u8) -> Option<T>,
) -> impl Strategy<Value = T> {
    let all: Vec<T> = (0..=255u8).filter_map(from).collect();
    proptest::sample::select(all)
}

fn connect_properties() -> impl Strategy<Value = ConnectProperties<'static>> {
    (
        of(any::<u32>()),
        of(nz16()),
        of(nz32()),
        of(any::<u16>()),
        of(any::<bool>()),
        of(any::<bool>()),
        of(string()),
        of(bytes(8)),
        user_properties(),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, u)| ConnectProperties {
            session_expiry_interval: a,
            receive_maximum: b,
            maximum_packet_size: c,
            topic_alias_maximum: d,
            request_response_information: e,
            request_problem_information: f,
            authentication_method: g,
            authentication_data: h,
            user_properties: u.into(),
        })
}

fn will_properties() -> impl Strategy<Value = WillProperties<'static>> {
    (
        of(any::<u32>()),
        of(payload_format()),
        of(any::<u32>()),
        of(string()),
        of(topic_name()),
        of(bytes(8)),
        user_properties(),
    )
        .prop_map(|(a, b, c, d, e, f, u)| WillProperties {
            will_delay_interval: a,
            payload_format_indicator: b,
            message_expiry_interval: c,
            content_type: d,
            response_topic: e,
            correlation_data: f,
            user_properties: u.into(),
        })
}

fn connect(v: ProtocolVersion) -> impl Strategy<Value = Packet<'static>> {
    let v5 = v.is_v5();
    (
        any::<bool>(),
        any::<u16>(),
        connect_properties(),
        "[a-zA-Z0-9-]{0,23}",
        of((
            qos(),
            any::<bool>(),
            will_properties(),
            topic_name(),
            bytes(16),
        )),
        of(string()),
        of(bytes(8)),
    )
        .prop_map(move |(clean, keep_alive, props, id, will, user, pass)| {
            let mut id = id;
            if id.is_empty() && v != ProtocolVersion::V5 {
                id.push('c'); // 3.1 needs 1–23 characters; 3.1.1 a clean session
            }
            Packet::Connect(Connect {
                protocol: v,
                clean_start: clean,
                keep_alive,
                properties: if v5 { props } else { Default::default() },
                client_id: leak_str(id),
                will: will.map(|(qos, retain, properties, topic, payload)| Will {
                    qos,
                    retain,
                    properties: if v5 { properties } else { Default::default() },
                    topic,
                    payload,
                }),
                // Before 5.0 a password needs a user name.
                username: if !v5 && pass.is_some() {
                    Some(user.unwrap_or("u"))
                } else {
                    user
                },
                password: pass,
            })
        })
}

fn connack(v: ProtocolVersion) -> impl Strategy<Value = Packet<'static>> {
    let props_a = (
        of(any::<u32>()),
        of(nz16()),
        of(prop_oneof![Just(QoS::AtMostOnce), Just(QoS::AtLeastOnce)]),
        of(any::<bool>()),
        of(nz32()),
        of(string()),
        of(any::<u16>()),
        of(string()),
    );
    let props_b = (
        of(any::<bool>()),
        of(any::<bool>()),
        of(any::<bool>()),
        of(any::<u16>()),
        of(string()),
        of(string()),
        of(string()),
        of(bytes(8)),
        user_properties(),
    );
    let reason = if v.is_v5() {
        code(ConnectReasonCode::from_code).boxed()
    } else {
        code(ConnectReasonCode::from_v3).boxed()
    };
    (any::<bool>(), reason, props_a, props_b).prop_map(move |(sp, reason, a, b)| {
        let properties = ConnAckProperties {
            session_expiry_interval: a.0,
            receive_maximum: a.1,
            maximum_qos: a.2,
            retain_available: a.3,
            maximum_packet_size: a.4,
            assigned_client_identifier: a.5,
            topic_alias_maximum: a.6,
            reason_string: a.7,
            wildcard_subscription_available: b.0,
            subscription_identifiers_available: b.1,
            shared_subscription_available: b.2,
            server_keep_alive: b.3,
            response_information: b.4,
            server_reference: b.5,
            authentication_method: b.6,
            authentication_data: b.7,
            user_properties: b.8.into(),
        };
        Packet::ConnAck(ConnAck {
            session_present: sp
                && reason == ConnectReasonCode::Success
                && v != ProtocolVersion::V3_1,
            reason,
            properties: if v.is_v5() {
                properties
            } else {
                Default::default()
            },
        })
    })
}

fn publish(v: ProtocolVersion) -> impl Strategy<Value = Packet<'static>> {
    let props = (
        of(payload_format()),
        of(any::<u32>()),
        of(nz16()),
        of(topic_name()),
        of(bytes(8)),
        vec(sub_id(), 0..3),
        of(string()),
        user_properties(),
    )
        .prop_map(|(a, b, c, d, e, f, g, u)| PublishProperties {
            payload_format_indicator: a,
            message_expiry_interval: b,
            topic_alias: c,
            response_topic: d,
            correlation_data: e,
            subscription_identifiers: f,
            content_type: g,
            user_properties: u.into(),
        });
    (
        qos(),
        any::<bool>(),
        any::<bool>(),
        topic_name(),
        any::<bool>(),
        packet_id(),
        props,
        bytes(300),
    )
        .prop_map(
            move |(qos, dup, retain, topic, empty_topic, id, props, payload)| {
                let properties = if v.is_v5() { props } else { Default::default() };
                let topic = if empty_topic && properties.topic_alias.is_some() {
                    ""
                } else {
                    topic
                };
                Packet::Publish(Publish {
                    dup: dup && qos != QoS::AtMostOnce,
                    qos,
                    retain,
                    topic,
                    packet_id: (qos != QoS::AtMostOnce).then_some(id),
                    properties,
                    payload,
                })
            },
        )
}

fn ack_properties(v: ProtocolVersion) -> impl Strategy<Value = AckProperties<'static>> {
    (of(string()), user_properties()).prop_map(move |(reason_string, user_properties)| {
        if v.is_v5() {
            AckProperties {
                reason_string,
                user_properties: user_properties.into(),
            }
        } else {
            AckProperties::default()
        }
    })
}

fn acks(v: ProtocolVersion) -> impl Strategy<Value = Packet<'static>> {
    let v5 = v.is_v5();
    let pub_code = move || {
        if v5 {
            code(PubAckReasonCode::from_code).boxed()
        } else {
            Just(PubAckReasonCode::Success).boxed()
        }
    };
    let rel_code = move || {
        if v5 {
            code(PubRelReasonCode::from_code).boxed()
        } else {
            Just(PubRelReasonCode::Success).boxed()
        }
    };
    prop_oneof![
        (packet_id(), pub_code(), ack_properties(v)).prop_map(|(packet_id, reason, properties)| {
            Packet::PubAck(PubAck {
                packet_id,
                reason,
                properties,
            })
        }),
        (packet_id(), pub_code(), ack_properties(v)).prop_map(|(packet_id, reason, properties)| {
            Packet::PubRec(PubRec {
                packet_id,
                reason,
                properties,
            })
        }),
        (packet_id(), rel_code(), ack_properties(v)).prop_map(|(packet_id, reason, properties)| {
            Packet::PubRel(PubRel {
                packet_id,
                reason,
                properties,
            })
        }),
        (packet_id(), rel_code(), ack_properties(v)).prop_map(|(packet_id, reason, properties)| {
            Packet::PubComp(PubComp {
                packet_id,
                reason,
                properties,
            })
        }),
    ]
}

fn subscriptions(v: ProtocolVersion) -> impl Strategy<Value = Packet<'static>> {
    let v5 = v.is_v5();
    let options =
        (qos(), any::<bool>(), any::<bool>(), 0u8..3).prop_map(move |(qos, nl, rap, rh)| {
            if !v5 {
                return SubscriptionOptions {
                    qos,
                    ..Default::default()
                };
            }
            SubscriptionOptions {
                qos,
                no_local: nl,
                retain_as_published: rap,
                retain_handling: [
                    RetainHandling::SendAtSubscribe,
                    RetainHandling::SendIfNew,
                    RetainHandling::DoNotSend,
                ][usize::from(rh)],
            }
        });
    let filter = move || {
        if v5 {
            prop_oneof![
                3 => topic_filter(),
                1 => ("[a-z]{1,5}", topic_filter())
                    .prop_map(|(g, f)| leak_str(format!("$share/{g}/{f}"))),
            ]
            .boxed()
        } else {
            topic_filter().boxed()
        }
    };
    let sub_props = (of(sub_id()), user_properties()).prop_map(move |(id, u)| {
        if v5 {
            SubscribeProperties {
                subscription_identifier: id,
                user_properties: u.into(),
            }
        } else {
            SubscribeProperties::default()
        }
    });
    let unsub_props = user_properties().prop_map(move |u| UnsubscribeProperties {
        user_properties: if v5 { u.into() } else { UserProperties::new() },
    });
    let suback_code = move || {
        if v5 {
            code(SubAckReasonCode::from_code).boxed()
        } else {
            code(|c| SubAckReasonCode::from_code(c).filter(|r| r.in_v3())).boxed()
        }
    };
    prop_oneof![
        (packet_id(), sub_props, vec((filter(), options), 1..4)).prop_map(
            |(packet_id, properties, subs)| {
                Packet::Subscribe(Subscribe {
                    packet_id,
                    properties,
                    subscriptions: subs
                        .into_iter()
                        .map(|(filter, mut options)| {
                            if filter.starts_with("$share/") {
                                options.no_local = false;
                            }
                            Subscription { filter, options }
                        })
                        .collect(),
                })
            }
        ),
        (packet_id(), ack_properties(v), vec(suback_code(), 1..4)).prop_map(
            |(packet_id, properties, reasons)| {
                Packet::SubAck(SubAck {
                    packet_id,
                    properties,
                    reasons,
                })
            }
        ),
        (packet_id(), unsub_props, vec(filter(), 1..4)).prop_map(
            |(packet_id, properties, filters)| {
                Packet::Unsubscribe(Unsubscribe {
                    packet_id,
                    properties,
                    filters,
                })
            }
        ),
        (
            packet_id(),
            ack_properties(v),
            vec(code(UnsubAckReasonCode::from_code), 1..4)
        )
            .prop_map(move |(packet_id, properties, reasons)| {
                Packet::UnsubAck(UnsubAck {
                    packet_id,
                    properties,
                    reasons: if v5 { reasons } else { Vec::new() },
                })
            }),
    ]
}

fn others(v: ProtocolVersion) -> BoxedStrategy<Packet<'static>> {
    let simple = prop_oneof![Just(Packet::PingReq), Just(Packet::PingResp)];
    if !v.is_v5() {
        return prop_oneof![simple, Just(Packet::Disconnect(Disconnect::default()))].boxed();
    }
    let disconnect = (
        code(DisconnectReasonCode::from_code),
        of(any::<u32>()),
        of(string()),
        of(string()),
        user_properties(),
    )
        .prop_map(|(reason, a, b, c, u)| {
            Packet::Disconnect(Disconnect {
                reason,
                properties: DisconnectProperties {
                    session_expiry_interval: a,
                    reason_string: b,
                    server_reference: c,
                    user_properties: u.into(),
                },
            })
        });
    let auth = (
        code(AuthReasonCode::from_code),
        of(string()),
        of(bytes(8)),
        of(string()),
        user_properties(),
    )
        .prop_map(|(reason, a, b, c, u)| {
            Packet::Auth(Auth {
                reason,
                properties: AuthProperties {
                    authentication_method: a,
                    authentication_data: b,
                    reason_string: c,
                    user_properties: u.into(),
                },
            })
        });
    prop_oneof![simple, disconnect, auth].boxed()
}

fn packet_for(v: ProtocolVersion) -> BoxedStrategy<Packet<'static>> {
    prop_oneof![
        1 => connect(v).boxed(),
        1 => connack(v).boxed(),
        3 => publish(v).boxed(),
        1 => acks(v).boxed(),
        1 => subscriptions(v).boxed(),
        1 => others(v),
    ]
    .boxed()
}

fn any_packet() -> impl Strategy<Value = (ProtocolVersion, Packet<'static>)> {
    version().prop_flat_map(|v| packet_for(v).prop_map(move |p| (v, p)))
}

fn encode(v: ProtocolVersion, p: &Packet<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let n = p.encode(v, &mut out).expect("a valid packet encodes");
    assert_eq!(n, out.len());
    assert_eq!(p.encoded_len(v), Ok(n));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encode_then_decode_gives_the_same_packet((v, p) in any_packet()) {
        let bytes = encode(v, &p);
        prop_assert_eq!(decode(&bytes, v, MAX_PACKET_SIZE), Ok(Status::Complete((p.clone(), bytes.len()))));
        for cut in 0..bytes.len() {
            prop_assert_eq!(decode(&bytes[..cut], v, MAX_PACKET_SIZE), Ok(Status::Partial));
        }
    }

    #[test]
    fn decodes_identically_when_split_at_every_byte((v, p) in any_packet()) {
        let bytes = encode(v, &p);
        for cut in 0..=bytes.len() {
            let mut rx = PacketBuffer::new(v, MAX_PACKET_SIZE);
            rx.push(&bytes[..cut]);
            if cut < bytes.len() {
                prop_assert_eq!(rx.next_packet(), Ok(None));
            }
            rx.push(&bytes[cut..]);
            prop_assert_eq!(rx.next_packet(), Ok(Some(p.clone())));
            prop_assert_eq!(rx.next_packet(), Ok(None));
            prop_assert_eq!(rx.buffered(), 0);
        }
    }

    #[test]
    fn a_stream_of_packets_decodes_in_order(
        (v, packets) in version().prop_flat_map(|v| vec(packet_for(v), 1..6).prop_map(move |ps| (v, ps))),
        chunk in 1usize..64,
    ) {
        let mut stream = Vec::new();
        for p in &packets {
            stream.extend(encode(v, p));
        }
        let mut rx = PacketBuffer::new(v, MAX_PACKET_SIZE);
        let mut got = Vec::new();
        for piece in stream.chunks(chunk) {
            rx.push(piece);
            while let Some(p) = rx.next_packet().expect("valid stream") {
                got.push(format!("{p:?}"));
            }
        }
        let want: Vec<String> = packets.iter().map(|p| format!("{p:?}")).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn the_size_limit_applies_before_the_body((v, p) in any_packet()) {
        let bytes = encode(v, &p);
        let max = u32::try_from(bytes.len() - 1).unwrap();
        let header_end = bytes.iter().skip(1).position(|b| b & 0x80 == 0).unwrap() + 2;
        prop_assert_eq!(
            parse_header(&bytes[..header_end], v, max),
            Err(DecodeError::PacketTooLarge { size: bytes.len() as u64, max })
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic(v in version(), bytes in vec(any::<u8>(), 0..64)) {
        if let Ok(Status::Complete((p, n))) = decode(&bytes, v, MAX_PACKET_SIZE) {
            prop_assert!(n <= bytes.len());
            // What decodes, re-encodes and decodes to the same packet.
            let again = encode(v, &p);
            prop_assert_eq!(decode(&again, v, MAX_PACKET_SIZE), Ok(Status::Complete((p, again.len()))));
        }
    }
}
