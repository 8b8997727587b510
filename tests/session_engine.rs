//! The session engine against a scripted peer, in virtual time: every byte
//! it sends is checked, and every event it reports.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/peer.rs"]
mod peer;

use std::time::Duration;

use peer::*;
use webmqtt::codec::*;
use webmqtt::session::*;

#[test]
fn connect_sends_the_exact_connect_and_reports_connected() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.s.connect(t(0));
    assert_eq!(p.actions(), vec![Action::Open]);
    assert_eq!(p.s.state(), State::Opening);
    p.s.handle_transport_open(t(0));
    // MQTT 3.1.1 §3.1: "MQTT" level 4, clean session, keep alive 60, "c1".
    assert_eq!(
        p.sent(),
        [
            0x10, 0x0e, 0, 4, b'M', b'Q', b'T', b'T', 4, 0x02, 0, 60, 0, 2, b'c', b'1'
        ]
    );
    p.recv(&[0x20, 0x02, 0x00, 0x00]);
    assert_eq!(p.s.state(), State::Connected);
    assert!(matches!(
        p.events().as_slice(),
        [Event::Connected {
            session_present: false,
            ..
        }]
    ));
}

#[test]
fn mqtt_3_1_connect_uses_mqisdp() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1));
    p.s.connect(t(0));
    p.s.handle_transport_open(t(0));
    let sent = p.sent();
    assert_eq!(&sent[2..11], &[0, 6, b'M', b'Q', b'I', b's', b'd', b'p', 3]);
}

#[test]
fn qos0_publish_is_written_and_completes() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let id = p.publish("a/b", b"hi", QoS::AtMostOnce).unwrap();
    assert_eq!(p.sent(), [0x30, 0x07, 0, 3, b'a', b'/', b'b', b'h', b'i']);
    assert_eq!(
        p.events(),
        vec![Event::Published {
            id,
            result: Ok(PubAckReasonCode::Success)
        }]
    );
}

#[test]
fn qos1_completes_on_puback() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let id = p.publish("a", b"x", QoS::AtLeastOnce).unwrap();
    p.expect_sent(&[publish("a", b"x", QoS::AtLeastOnce, Some(1))]);
    assert!(p.events().is_empty());
    assert_eq!(p.s.in_flight(), 1);
    p.recv(&[0x40, 0x02, 0x00, 0x01]);
    assert_eq!(
        p.events(),
        vec![Event::Published {
            id,
            result: Ok(PubAckReasonCode::Success)
        }]
    );
    assert_eq!(p.s.in_flight(), 0);
}

#[test]
fn qos2_goes_through_pubrec_pubrel_pubcomp() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let id = p.publish("a", b"x", QoS::ExactlyOnce).unwrap();
    p.expect_sent(&[publish("a", b"x", QoS::ExactlyOnce, Some(1))]);
    p.recv(&[0x50, 0x02, 0x00, 0x01]); // PUBREC
    assert_eq!(p.sent(), [0x62, 0x02, 0x00, 0x01]); // PUBREL
    assert!(p.events().is_empty());
    p.recv(&[0x70, 0x02, 0x00, 0x01]); // PUBCOMP
    assert_eq!(
        p.events(),
        vec![Event::Published {
            id,
            result: Ok(PubAckReasonCode::Success)
        }]
    );
}

#[test]
fn incoming_qos2_is_delivered_exactly_once() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    p.recv_packet(publish("t", b"1", QoS::ExactlyOnce, Some(7)));
    assert_eq!(p.sent(), [0x50, 0x02, 0x00, 0x07]); // PUBREC
    let events = p.events();
    assert!(
        matches!(events.as_slice(), [Event::Message(m)] if m.payload == b"1" && m.qos == QoS::ExactlyOnce)
    );
    // The server did not see our PUBREC and sends the message again.
    let mut again = publish("t", b"1", QoS::ExactlyOnce, Some(7));
    if let Packet::Publish(p) = &mut again {
        p.dup = true;
    }
    p.recv_packet(again);
    assert_eq!(p.sent(), [0x50, 0x02, 0x00, 0x07]);
    assert!(p.events().is_empty(), "a duplicate must not be delivered");
    p.recv(&[0x62, 0x02, 0x00, 0x07]); // PUBREL
    assert_eq!(p.sent(), [0x70, 0x02, 0x00, 0x07]); // PUBCOMP
    // After PUBREL the identifier is free: the same id is a new message.
    p.recv_packet(publish("t", b"2", QoS::ExactlyOnce, Some(7)));
    assert_eq!(p.events().len(), 1);
}

#[test]
fn incoming_qos1_is_acknowledged_and_matched_to_subscriptions() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let sub =
        p.s.subscribe(
            t(p.now),
            SubscribeRequest {
                filters: vec![
                    FilterRequest::new("a/+", QoS::AtLeastOnce),
                    FilterRequest::new("#", QoS::AtMostOnce),
                ],
                ..Default::default()
            },
        )
        .unwrap();
    p.expect_sent(&[Packet::Subscribe(Subscribe {
        packet_id: pid(1),
        properties: SubscribeProperties::default(),
        subscriptions: vec![
            Subscription {
                filter: "a/+",
                options: SubscriptionOptions {
                    qos: QoS::AtLeastOnce,
                    ..Default::default()
                },
            },
            Subscription {
                filter: "#",
                options: SubscriptionOptions::default(),
            },
        ],
    })]);
    p.recv(&[0x90, 0x04, 0x00, 0x01, 0x01, 0x00]);
    assert_eq!(
        p.events(),
        vec![Event::Subscribed {
            id: sub,
            result: Ok(vec![
                SubAckReasonCode::GrantedQoS1,
                SubAckReasonCode::GrantedQoS0
            ])
        }]
    );
    p.recv_packet(publish("a/b", b"v", QoS::AtLeastOnce, Some(3)));
    assert_eq!(p.sent(), [0x40, 0x02, 0x00, 0x03]);
    match p.events().as_slice() {
        [Event::Message(m)] => {
            assert_eq!(m.matched_filters, vec!["#".to_string(), "a/+".to_string()])
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn packet_identifiers_are_unique_while_in_flight_and_the_window_queues_the_rest() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.default_send_window = 2;
    let mut p = Peer::new(o);
    p.connect();
    let a = p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    let _b = p.publish("a", b"2", QoS::AtLeastOnce).unwrap();
    let _c = p.publish("a", b"3", QoS::AtLeastOnce).unwrap();
    p.expect_sent(&[
        publish("a", b"1", QoS::AtLeastOnce, Some(1)),
        publish("a", b"2", QoS::AtLeastOnce, Some(2)),
    ]);
    assert_eq!((p.s.in_flight(), p.s.queued()), (2, 1));
    p.recv(&[0x40, 0x02, 0x00, 0x01]);
    assert_eq!(
        p.events(),
        vec![Event::Published {
            id: a,
            result: Ok(PubAckReasonCode::Success)
        }]
    );
    // Identifier 1 is free again, but the cursor moves on to 3.
    p.expect_sent(&[publish("a", b"3", QoS::AtLeastOnce, Some(3))]);
}

#[test]
fn server_receive_maximum_sets_the_window() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    let mut ack = ConnAck::default();
    ack.properties.receive_maximum = std::num::NonZeroU16::new(1);
    p.connect_with(ack);
    p.publish("a", b"1", QoS::ExactlyOnce).unwrap();
    p.publish("a", b"2", QoS::ExactlyOnce).unwrap();
    assert_eq!((p.s.in_flight(), p.s.queued()), (1, 1));
}

#[test]
fn an_absent_server_receive_maximum_means_65535_in_5_0() {
    let mut o = options(ProtocolVersion::V5);
    o.default_send_window = 2;
    let mut p = Peer::new(o);
    p.connect();
    for _ in 0..100 {
        p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    }
    assert_eq!((p.s.in_flight(), p.s.queued()), (100, 0));
}

#[test]
fn a_full_queue_refuses_the_publish() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.queue = QueueLimits {
        max_messages: 2,
        max_bytes: 1_000,
    };
    let mut p = Peer::new(o);
    // Offline: everything waits.
    p.publish("a", b"1", QoS::AtMostOnce).unwrap();
    p.publish("a", b"2", QoS::AtLeastOnce).unwrap();
    assert_eq!(
        p.publish("a", b"3", QoS::AtMostOnce),
        Err(CommandError::QueueFull {
            messages: 2,
            bytes: 4
        })
    );
    let big = vec![0u8; 2_000];
    let mut o = options(ProtocolVersion::V3_1_1);
    o.queue = QueueLimits {
        max_messages: 10,
        max_bytes: 1_000,
    };
    let mut q = Peer::new(o);
    assert!(matches!(
        q.publish("a", &big, QoS::AtMostOnce),
        Err(CommandError::QueueFull { .. })
    ));
    // Once connected, the queue drains in order.
    p.connect_with(ConnAck::default());
    p.expect_sent(&[
        publish("a", b"1", QoS::AtMostOnce, None),
        publish("a", b"2", QoS::AtLeastOnce, Some(1)),
    ]);
}

#[test]
fn keep_alive_sends_pingreq_and_a_missing_pingresp_kills_the_link() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.keep_alive = 10;
    o.ping_timeout = Some(Duration::from_secs(5));
    let mut p = Peer::new(o);
    p.connect();
    p.advance(9_999);
    assert!(p.sent().is_empty());
    p.advance(1);
    assert_eq!(p.sent(), [0xc0, 0x00]);
    p.advance(2_000);
    p.recv(&[0xd0, 0x00]);
    p.advance(10_000);
    assert_eq!(
        p.sent(),
        [0xc0, 0x00],
        "next ping a keep alive after the last send"
    );
    p.advance(2_999);
    assert!(p.events().is_empty());
    p.advance(1);
    let events = p.events();
    assert!(
        matches!(
            events.as_slice(),
            [Event::ConnectionLost {
                error: ConnectionError::KeepAliveTimeout,
                reconnect_in: Some(_)
            }]
        ),
        "{events:?}"
    );
    assert_eq!(p.actions(), vec![Action::Close]);
    assert_eq!(p.s.state(), State::WaitingToReconnect);
}

#[test]
fn traffic_both_ways_postpones_the_ping() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.keep_alive = 10;
    let mut p = Peer::new(o);
    p.connect();
    p.advance(8_000);
    p.publish("a", b"", QoS::AtMostOnce).unwrap();
    p.recv_packet(publish("b", b"", QoS::AtMostOnce, None));
    p.sent();
    p.advance(9_000);
    assert!(p.sent().is_empty(), "traffic at 8 s both ways counts");
    p.advance(1_000);
    assert_eq!(p.sent(), [0xc0, 0x00]);
}

#[test]
fn a_client_that_only_sends_still_pings_a_silent_server() {
    // Sending QoS 0 proves nothing about the link: with nothing received
    // for a keep-alive period, the client pings anyway.
    let mut o = options(ProtocolVersion::V3_1_1);
    o.keep_alive = 10;
    let mut p = Peer::new(o);
    p.connect();
    for _ in 0..3 {
        p.advance(3_000);
        p.publish("a", b"", QoS::AtMostOnce).unwrap();
        assert_eq!(p.sent()[0], 0x30, "a PUBLISH, no ping yet");
    }
    p.advance(999);
    assert!(p.sent().is_empty());
    p.advance(1);
    assert_eq!(
        p.sent(),
        [0xc0, 0x00],
        "ten seconds without hearing the server"
    );
}

#[test]
fn connect_timeout_and_backoff() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.connect_timeout = Duration::from_secs(3);
    o.reconnect = ReconnectPolicy {
        enabled: true,
        min_delay: Duration::from_secs(1),
        max_delay: Duration::from_secs(4),
        stable_after: Duration::from_secs(10),
        retry_refused_login: false,
    };
    let mut p = Peer::new(o);
    p.s.connect(t(p.now));
    assert_eq!(p.actions(), vec![Action::Open]);
    p.s.handle_transport_open(t(p.now));
    p.sent();
    p.advance(3_000);
    let delays: Vec<Duration> = (0..6)
        .map(|attempt| {
            let events = p.events();
            let delay = match events.last() {
                Some(Event::ConnectionLost {
                    error: ConnectionError::ConnectTimeout,
                    reconnect_in: Some(d),
                }) => *d,
                other => panic!("attempt {attempt}: {other:?}"),
            };
            let cap = Duration::from_secs(1 << (attempt + 1).min(2));
            assert!(
                delay >= Duration::from_secs(1) && delay <= cap,
                "{delay:?} > {cap:?}"
            );
            p.actions();
            p.advance(delay.as_millis() as u64);
            assert!(matches!(
                p.events().as_slice(),
                [Event::Reconnecting { .. }]
            ));
            assert_eq!(p.actions(), vec![Action::Open]);
            p.advance(3_000);
            delay
        })
        .collect();
    assert!(delays.iter().any(|d| *d != delays[0]), "jitter: {delays:?}");
}

#[test]
fn coming_back_online_reconnects_at_once() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    p.s.handle_transport_closed(t(p.now), "network down");
    assert!(matches!(
        p.events().as_slice(),
        [Event::ConnectionLost {
            error: ConnectionError::Transport(_),
            reconnect_in: Some(_)
        }]
    ));
    p.actions();
    p.s.handle_online(t(p.now));
    p.advance(0);
    assert_eq!(p.actions(), vec![Action::Open]);
}

#[test]
fn session_resumption_resends_publishes_with_dup_and_pubrels() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.clean_start = false;
    let mut p = Peer::new(o);
    p.connect();
    p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    p.publish("b", b"2", QoS::ExactlyOnce).unwrap();
    p.publish("c", b"3", QoS::ExactlyOnce).unwrap();
    p.sent();
    p.recv(&[0x50, 0x02, 0x00, 0x03]); // PUBREC for "c"
    assert_eq!(p.sent(), [0x62, 0x02, 0x00, 0x03]);
    p.s.handle_transport_closed(t(p.now), "gone");
    p.reconnect();
    let connect = p.sent();
    assert_eq!(connect[9], 0x00, "clean session stays off");
    p.recv(&[0x20, 0x02, 0x01, 0x00]); // session present
    let dup = |topic, payload, qos, id| {
        Packet::Publish(Publish {
            dup: true,
            qos,
            topic,
            payload,
            packet_id: Some(pid(id)),
            ..Publish::default()
        })
    };
    p.expect_sent(&[
        dup("a", &b"1"[..], QoS::AtLeastOnce, 1),
        dup("b", &b"2"[..], QoS::ExactlyOnce, 2),
        Packet::PubRel(PubRel::new(pid(3))),
    ]);
}

#[test]
fn without_a_session_subscriptions_are_restored() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    p.subscribe("x/#", QoS::AtLeastOnce).unwrap();
    p.sent();
    p.recv(&[0x90, 0x03, 0x00, 0x01, 0x01]);
    p.events();
    p.s.handle_transport_closed(t(p.now), "gone");
    p.reconnect();
    p.sent();
    p.recv(&[0x20, 0x02, 0x00, 0x00]);
    p.expect_sent(&[Packet::Subscribe(Subscribe {
        packet_id: pid(2),
        properties: SubscribeProperties::default(),
        subscriptions: vec![Subscription {
            filter: "x/#",
            options: SubscriptionOptions {
                qos: QoS::AtLeastOnce,
                ..Default::default()
            },
        }],
    })]);
}

#[test]
fn a_refused_connection_names_the_reason() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    let events = p.connect_with(ConnAck {
        reason: ConnectReasonCode::BadUserNameOrPassword,
        ..ConnAck::default()
    });
    match events.as_slice() {
        [Event::ConnectionLost { error, .. }] => {
            assert_eq!(
                *error,
                ConnectionError::Refused(ConnectReasonCode::BadUserNameOrPassword)
            );
            assert_eq!(
                error.to_string(),
                "connection refused: Bad User Name or Password"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn server_limits_make_commands_fail_locally() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    let mut ack = ConnAck::default();
    ack.properties.maximum_qos = Some(QoS::AtLeastOnce);
    ack.properties.retain_available = Some(false);
    ack.properties.maximum_packet_size = std::num::NonZeroU32::new(64);
    ack.properties.wildcard_subscription_available = Some(false);
    ack.properties.shared_subscription_available = Some(false);
    p.connect_with(ack);
    assert_eq!(
        p.publish("a", b"", QoS::ExactlyOnce),
        Err(CommandError::QoSNotSupported {
            requested: QoS::ExactlyOnce,
            maximum: QoS::AtLeastOnce
        })
    );
    let mut m = OutgoingMessage::new("a", b"".to_vec(), QoS::AtMostOnce);
    m.retain = true;
    assert_eq!(
        p.s.publish(t(p.now), m),
        Err(CommandError::RetainNotSupported)
    );
    assert!(matches!(
        p.publish("a", &[0; 100], QoS::AtMostOnce),
        Err(CommandError::PacketTooLarge { max: 64, .. })
    ));
    assert_eq!(
        p.subscribe("a/#", QoS::AtMostOnce),
        Err(CommandError::WildcardSubscriptionsNotSupported)
    );
    assert_eq!(
        p.subscribe("$share/g/a", QoS::AtMostOnce),
        Err(CommandError::SharedSubscriptionsNotSupported)
    );
    assert!(matches!(
        p.publish("a/+", b"", QoS::AtMostOnce),
        Err(CommandError::InvalidTopic { .. })
    ));
    assert!(p.sent().is_empty(), "nothing was sent for refused commands");
}

#[test]
fn outgoing_topic_aliases_are_assigned_then_reused() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    let mut ack = ConnAck::default();
    ack.properties.topic_alias_maximum = Some(1);
    p.connect_with(ack);
    p.publish("sensors/voltage", b"1", QoS::AtMostOnce).unwrap();
    p.publish("sensors/voltage", b"2", QoS::AtMostOnce).unwrap();
    let with_alias = |topic, payload| {
        let properties = PublishProperties {
            topic_alias: std::num::NonZeroU16::new(1),
            ..Default::default()
        };
        Packet::Publish(Publish {
            topic,
            payload,
            properties,
            ..Publish::default()
        })
    };
    p.expect_sent(&[
        with_alias("sensors/voltage", &b"1"[..]),
        with_alias("", &b"2"[..]),
    ]);
}

#[test]
fn an_invalid_incoming_alias_closes_with_0x94() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let properties = PublishProperties {
        topic_alias: std::num::NonZeroU16::new(1),
        ..Default::default()
    };
    p.recv_packet(Packet::Publish(Publish {
        topic: "",
        properties,
        payload: b"x",
        ..Publish::default()
    }));
    assert_eq!(p.actions(), vec![Action::Close]);
    assert_eq!(p.sent(), [0xe0, 0x01, 0x94]);
    assert!(matches!(
        p.events().as_slice(),
        [Event::ConnectionLost {
            error: ConnectionError::ProtocolViolation(ProtocolViolation::TopicAliasInvalid),
            ..
        }]
    ));
}

#[test]
fn malformed_bytes_close_with_0x81_in_v5() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    p.recv(&[0x36, 0x02, 0x00, 0x00]); // PUBLISH QoS 3
    assert_eq!(p.sent(), [0xe0, 0x01, 0x81]);
    assert!(matches!(
        p.events().as_slice(),
        [Event::ConnectionLost {
            error: ConnectionError::MalformedPacket(DecodeError::InvalidQoS { .. }),
            ..
        }]
    ));
}

#[test]
fn server_disconnect_is_reported_with_its_reason() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let mut d = Disconnect::new(DisconnectReasonCode::SessionTakenOver);
    d.properties.reason_string = Some("another client");
    p.recv_packet(Packet::Disconnect(d));
    match p.events().as_slice() {
        [
            Event::ConnectionLost {
                error,
                reconnect_in: Some(_),
            },
        ] => {
            assert_eq!(
                *error,
                ConnectionError::ServerDisconnect {
                    reason: DisconnectReasonCode::SessionTakenOver,
                    reason_string: Some("another client".into()),
                    server_reference: None,
                }
            );
            assert_eq!(
                error.to_string(),
                "the server disconnected: Session taken over (another client)"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn graceful_end_waits_for_acknowledgments_then_disconnects() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let id = p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    p.sent();
    p.s.end(t(p.now), EndOptions::default()).unwrap();
    assert_eq!(p.s.state(), State::Ending);
    assert!(p.sent().is_empty());
    assert_eq!(
        p.publish("a", b"2", QoS::AtMostOnce),
        Err(CommandError::Ended)
    );
    p.recv(&[0x40, 0x02, 0x00, 0x01]);
    assert_eq!(p.sent(), [0xe0, 0x00]);
    assert_eq!(p.actions(), vec![Action::Close]);
    assert_eq!(
        p.events(),
        vec![
            Event::Published {
                id,
                result: Ok(PubAckReasonCode::Success)
            },
            Event::Ended
        ]
    );
}

/// MQTT 5.0 §3.14.2.2.2: a non-zero Session Expiry Interval at
/// DISCONNECT after a zero one at CONNECT is a Protocol Error, so `end`
/// refuses it and the client goes on; zero, or after a non-zero CONNECT,
/// is sent.
#[test]
fn end_refuses_a_session_expiry_the_connect_did_not_have() {
    let with_expiry = |s: u32| EndOptions {
        session_expiry_interval: Some(s),
        ..EndOptions::default()
    };
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    assert_eq!(
        p.s.end(t(p.now), with_expiry(60)),
        Err(EndError::SessionExpiryWasZero)
    );
    assert_eq!(
        EndError::SessionExpiryWasZero.to_string(),
        "a nonzero session expiry interval at DISCONNECT needs a nonzero one at CONNECT (MQTT 5.0 §3.14.2.2.2)"
    );
    assert_eq!(p.s.state(), State::Connected);
    assert!(p.sent().is_empty());
    assert!(p.events().is_empty());
    // The refusal left the client working.
    p.publish("a", b"1", QoS::AtMostOnce).unwrap();
    assert_eq!(p.sent()[0], 0x30);
    p.events();
    // Zero is what the CONNECT had: allowed, and sent.
    p.s.end(t(p.now), with_expiry(0)).unwrap();
    assert_eq!(p.sent(), [0xe0, 0x07, 0x00, 0x05, 0x11, 0, 0, 0, 0]);
    assert_eq!(p.events(), vec![Event::Ended]);

    let mut o = options(ProtocolVersion::V5);
    o.session_expiry_interval = Some(10);
    let mut p = Peer::new(o);
    p.connect();
    p.s.end(t(p.now), with_expiry(60)).unwrap();
    assert_eq!(p.sent(), [0xe0, 0x07, 0x00, 0x05, 0x11, 0, 0, 0, 60]);

    // Before MQTT 5.0 DISCONNECT carries no properties: nothing to refuse.
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    p.s.end(t(p.now), with_expiry(60)).unwrap();
    assert_eq!(p.sent(), [0xe0, 0x00]);
}

#[test]
fn every_command_completes_exactly_once_on_a_forced_end() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let a = p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    let s = p.subscribe("x", QoS::AtMostOnce).unwrap();
    p.s.set_paused(t(p.now), true);
    let b = p.publish("a", b"2", QoS::AtMostOnce).unwrap();
    p.s.end(
        t(p.now),
        EndOptions {
            force: true,
            ..EndOptions::default()
        },
    )
    .unwrap();
    let events = p.events();
    let completed: Vec<CommandId> = events
        .iter()
        .filter_map(|e| match e {
            Event::Published {
                id,
                result: Err(CommandError::Cancelled),
            } => Some(*id),
            Event::Subscribed {
                id,
                result: Err(CommandError::Cancelled),
            } => Some(*id),
            _ => None,
        })
        .collect();
    let mut want = vec![a, b, s];
    want.sort();
    let mut got = completed.clone();
    got.sort();
    assert_eq!(got, want, "{events:?}");
    assert_eq!(events.last(), Some(&Event::Ended));
}

#[test]
fn without_reconnect_a_lost_connection_fails_every_command() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.reconnect.enabled = false;
    let mut p = Peer::new(o);
    p.connect();
    let a = p.publish("a", b"1", QoS::ExactlyOnce).unwrap();
    p.s.handle_transport_closed(t(p.now), "reset");
    let events = p.events();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.contains(&Event::Published {
        id: a,
        result: Err(CommandError::ConnectionLost)
    }));
    assert_eq!(p.s.state(), State::Idle);
    assert_eq!(
        p.s.poll_timeout(),
        None,
        "no timer left: nothing waits forever"
    );
}

struct Scram(u32);

impl Authenticator for Scram {
    fn method(&self) -> &str {
        "TOY"
    }
    fn initial_data(&mut self) -> Option<Vec<u8>> {
        None
    }
    fn challenge(&mut self, data: Option<&[u8]>) -> Result<Option<Vec<u8>>, String> {
        self.0 += 1;
        match data {
            Some(b"nonce") => Ok(Some(b"proof".to_vec())),
            _ => Err("unexpected challenge".into()),
        }
    }
}

#[test]
fn enhanced_authentication_answers_challenges() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.s.set_authenticator(Box::new(Scram(0)));
    p.s.connect(t(0));
    p.s.handle_transport_open(t(0));
    let connect = p.sent();
    let Ok(Status::Complete((Packet::Connect(c), _))) =
        decode(&connect, ProtocolVersion::V5, MAX_PACKET_SIZE)
    else {
        panic!()
    };
    assert_eq!(c.properties.authentication_method, Some("TOY"));
    let mut challenge = Auth::new(AuthReasonCode::ContinueAuthentication);
    challenge.properties.authentication_method = Some("TOY");
    challenge.properties.authentication_data = Some(b"nonce");
    p.recv_packet(Packet::Auth(challenge));
    let mut answer = Auth::new(AuthReasonCode::ContinueAuthentication);
    answer.properties.authentication_method = Some("TOY");
    answer.properties.authentication_data = Some(b"proof");
    p.expect_sent(&[Packet::Auth(answer)]);
    let mut ack = ConnAck::default();
    ack.properties.authentication_method = Some("TOY");
    p.recv_packet(Packet::ConnAck(ack));
    assert!(matches!(p.events().as_slice(), [Event::Connected { .. }]));
}

#[test]
fn v5_assigned_client_identifier_is_kept() {
    let mut o = options(ProtocolVersion::V5);
    o.client_id = String::new();
    let mut p = Peer::new(o);
    let mut ack = ConnAck::default();
    ack.properties.assigned_client_identifier = Some("auto-123");
    p.connect_with(ack);
    assert_eq!(p.s.client_id(), "auto-123");
}

#[test]
fn generated_client_ids_fit_mqtt_3_1() {
    let id = generate_client_id(0x0123_4567_89ab_cdef);
    assert_eq!(id, "webmqtt-456789abcdef");
    assert!(id.len() <= 23);
}

#[test]
fn split_and_coalesced_bytes_give_the_same_events() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let mut stream = Vec::new();
    for i in 0..5u8 {
        stream.extend(enc(
            ProtocolVersion::V3_1_1,
            publish("t", &[i], QoS::AtMostOnce, None),
        ));
    }
    for b in &stream {
        p.recv(std::slice::from_ref(b));
    }
    let one_by_one = p.events();
    p.recv(&stream);
    assert_eq!(p.events(), one_by_one);
    assert_eq!(one_by_one.len(), 5);
}

#[test]
fn a_failed_subscription_is_reported_and_not_matched() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let id =
        p.s.subscribe(
            t(p.now),
            SubscribeRequest {
                filters: vec![
                    FilterRequest::new("ok/#", QoS::AtMostOnce),
                    FilterRequest::new("denied/#", QoS::AtMostOnce),
                ],
                ..Default::default()
            },
        )
        .unwrap();
    p.sent();
    let mut ack = SubAck {
        packet_id: pid(1),
        properties: AckProperties::default(),
        reasons: vec![
            SubAckReasonCode::GrantedQoS0,
            SubAckReasonCode::NotAuthorized,
        ],
    };
    ack.properties.reason_string = Some("ACL");
    p.recv_packet(Packet::SubAck(ack));
    assert_eq!(
        p.events(),
        vec![Event::Subscribed {
            id,
            result: Ok(vec![
                SubAckReasonCode::GrantedQoS0,
                SubAckReasonCode::NotAuthorized
            ])
        }]
    );
    p.recv_packet(publish("denied/x", b"", QoS::AtMostOnce, None));
    match p.events().as_slice() {
        [Event::Message(m)] => assert!(m.matched_filters.is_empty()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn receive_maximum_is_enforced_when_asked() {
    let mut o = options(ProtocolVersion::V5);
    o.receive_maximum = 1;
    o.enforce_receive_maximum = true;
    let mut p = Peer::new(o);
    p.connect();
    p.recv_packet(publish("t", b"1", QoS::ExactlyOnce, Some(1)));
    p.sent();
    p.recv_packet(publish("t", b"2", QoS::ExactlyOnce, Some(2)));
    assert_eq!(p.sent(), [0xe0, 0x01, 0x93]);
    assert!(p.events().iter().any(|e| matches!(
        e,
        Event::ConnectionLost {
            error: ConnectionError::ProtocolViolation(ProtocolViolation::ReceiveMaximumExceeded),
            ..
        }
    )));
}

#[test]
fn incoming_topic_aliases_resolve_to_their_topic() {
    // Mosquitto never assigns aliases towards clients, so this is the
    // scripted peer's job (MQTT 5.0 §3.3.2.3.4).
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let with_alias = |topic, payload| {
        Packet::Publish(Publish {
            topic,
            payload,
            properties: PublishProperties {
                topic_alias: std::num::NonZeroU16::new(3),
                ..Default::default()
            },
            ..Publish::default()
        })
    };
    p.recv_packet(with_alias("sensors/room1/voltage", &b"1"[..]));
    p.recv_packet(with_alias("", &b"2"[..]));
    let topics: Vec<(String, Vec<u8>)> = p
        .events()
        .into_iter()
        .map(|e| match e {
            Event::Message(m) => (m.topic, m.payload),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        topics,
        vec![
            ("sensors/room1/voltage".to_string(), b"1".to_vec()),
            ("sensors/room1/voltage".to_string(), b"2".to_vec())
        ]
    );
}

#[test]
fn running_out_of_packet_identifiers_queues_instead_of_hanging() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    let mut ack = ConnAck::default();
    ack.properties.receive_maximum = std::num::NonZeroU16::new(u16::MAX);
    p.connect_with(ack);
    for _ in 0..u16::MAX {
        p.publish("a", b"", QoS::AtLeastOnce).unwrap();
    }
    p.sent();
    assert_eq!(p.s.in_flight(), 65_535);
    let sub = p.subscribe("x", QoS::AtMostOnce).unwrap();
    p.recv(&[0xd0, 0x00]); // any input runs the queue; it must return
    assert!(p.sent().is_empty());
    p.recv(&[0x40, 0x02, 0x00, 0x07]); // PUBACK frees identifier 7
    let sent = p.sent();
    assert_eq!(
        (sent[0], &sent[2..4]),
        (0x82, &[0x00, 0x07][..]),
        "SUBSCRIBE takes identifier 7"
    );
    p.recv(&[0x90, 0x04, 0x00, 0x07, 0x00, 0x00]);
    assert!(
        p.events()
            .iter()
            .any(|e| matches!(e, Event::Subscribed { id, result: Ok(_) } if *id == sub))
    );
}

#[test]
fn resends_after_reconnect_respect_the_new_window() {
    let mut o = options(ProtocolVersion::V5);
    o.session_expiry_interval = Some(60);
    let mut p = Peer::new(o);
    p.connect();
    for i in 0..5u8 {
        p.publish("a", &[i], QoS::AtLeastOnce).unwrap();
    }
    p.sent();
    p.s.handle_transport_closed(t(p.now), "gone");
    p.reconnect();
    p.sent();
    let mut ack = ConnAck {
        session_present: true,
        ..ConnAck::default()
    };
    ack.properties.receive_maximum = std::num::NonZeroU16::new(2);
    p.recv_packet(Packet::ConnAck(ack));
    let dup = |i: u8, id: u16| {
        Packet::Publish(Publish {
            dup: true,
            qos: QoS::AtLeastOnce,
            topic: "a",
            payload: std::slice::from_ref(Box::leak(Box::new(i))),
            packet_id: Some(pid(id)),
            ..Publish::default()
        })
    };
    p.expect_sent(&[dup(0, 1), dup(1, 2)]);
    p.recv(&[0x40, 0x02, 0x00, 0x01]);
    p.expect_sent(&[dup(2, 3)]);
}

struct Token;

impl Authenticator for Token {
    fn method(&self) -> &str {
        "TOKEN"
    }
    fn initial_data(&mut self) -> Option<Vec<u8>> {
        Some(b"secret-token".to_vec())
    }
    fn challenge(&mut self, _: Option<&[u8]>) -> Result<Option<Vec<u8>>, String> {
        Err("no challenges expected".into())
    }
}

#[test]
fn enhanced_authentication_sends_initial_data_in_connect() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.s.set_authenticator(Box::new(Token));
    p.s.connect(t(0));
    p.s.handle_transport_open(t(0));
    let connect = p.sent();
    let Ok(Status::Complete((Packet::Connect(c), _))) =
        decode(&connect, ProtocolVersion::V5, MAX_PACKET_SIZE)
    else {
        panic!()
    };
    assert_eq!(c.properties.authentication_method, Some("TOKEN"));
    assert_eq!(c.properties.authentication_data, Some(&b"secret-token"[..]));
}

#[test]
fn after_forgetting_its_state_the_client_starts_clean() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.clean_start = false;
    o.reconnect.enabled = false;
    let mut p = Peer::new(o);
    p.connect();
    p.publish("a", b"1", QoS::ExactlyOnce).unwrap();
    p.sent();
    p.s.handle_transport_closed(t(p.now), "gone");
    p.events();
    // The QoS 2 state is gone: reusing the server's session could clash
    // with identifiers it still holds, so the next CONNECT is clean.
    p.s.connect(t(p.now));
    assert_eq!(p.actions(), vec![Action::Close, Action::Open]);
    p.s.handle_transport_open(t(p.now));
    assert_eq!(p.sent()[9], 0x02, "Clean Session set");
}

#[test]
fn a_ping_interval_pings_earlier_than_the_keep_alive() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.keep_alive = 60;
    o.ping_interval = Some(Duration::from_secs(30));
    let mut p = Peer::new(o);
    p.connect();
    p.advance(29_999);
    assert!(p.sent().is_empty());
    p.advance(1);
    assert_eq!(p.sent(), [0xc0, 0x00]);
    p.recv(&[0xd0, 0x00]);
    p.advance(30_000);
    assert_eq!(p.sent(), [0xc0, 0x00], "every 30 s of silence");
}

#[test]
fn a_packet_only_clients_send_is_a_protocol_error() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    p.recv(&[0xc0, 0x00]); // PINGREQ from the server
    assert_eq!(p.sent(), [0xe0, 0x01, 0x82]);
    assert!(matches!(
        p.events().as_slice(),
        [Event::ConnectionLost {
            error: ConnectionError::MalformedPacket(DecodeError::WrongDirection {
                packet: PacketType::PingReq
            }),
            ..
        }]
    ));
}

#[test]
fn options_the_protocol_forbids_are_refused_up_front() {
    let mut o = options(ProtocolVersion::V5);
    o.receive_maximum = 0;
    assert_eq!(Session::new(o).err(), Some(ConfigError::ReceiveMaximumZero));
    let mut o = options(ProtocolVersion::V5);
    o.max_packet_size = Some(0);
    assert_eq!(Session::new(o).err(), Some(ConfigError::MaxPacketSizeZero));
    let mut o = options(ProtocolVersion::V3_1_1);
    o.password = Some(b"p".to_vec());
    assert_eq!(
        Session::new(o).err(),
        Some(ConfigError::Connect(EncodeError::PasswordWithoutUsername))
    );
}

#[test]
fn timer_durations_under_a_millisecond_are_refused_up_front() {
    // A connect timeout of 0 would end every attempt as it starts, and a
    // ping interval of half a millisecond would make the timer due again at
    // once: a driver would spin.
    let mut o = options(ProtocolVersion::V3_1_1);
    o.connect_timeout = Duration::ZERO;
    let e = Session::new(o).expect_err("refused");
    assert_eq!(
        e,
        ConfigError::TooShort {
            option: "connect_timeout"
        }
    );
    assert_eq!(e.to_string(), "connect_timeout must be at least 1 ms");
    let mut o = options(ProtocolVersion::V3_1_1);
    o.ping_interval = Some(Duration::from_micros(500));
    assert_eq!(
        Session::new(o).err(),
        Some(ConfigError::TooShort {
            option: "ping_interval"
        })
    );
    // Zero means "not set": the keep alive decides.
    let mut o = options(ProtocolVersion::V3_1_1);
    o.ping_interval = Some(Duration::ZERO);
    assert!(Session::new(o).is_ok());
}

#[test]
fn v5_subscription_identifiers_only_where_filters_overlap_and_each_copy_names_its_filter() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let subscribe = |p: &mut Peer, filter: &str| p.subscribe(filter, QoS::AtMostOnce).unwrap();
    let subscribe_packet = |id: u16, filter: &'static str, sub_id: Option<u32>| {
        Packet::Subscribe(Subscribe {
            packet_id: pid(id),
            properties: SubscribeProperties {
                subscription_identifier: sub_id.and_then(SubscriptionId::new),
                ..Default::default()
            },
            subscriptions: vec![Subscription {
                filter,
                options: SubscriptionOptions::default(),
            }],
        })
    };
    // Alone, a filter goes without an identifier: Mosquitto then shares one
    // encoding of each message among its subscribers.
    subscribe(&mut p, "a/b");
    p.expect_sent(&[subscribe_packet(1, "a/b", None)]);
    p.recv(&[0x90, 0x04, 0x00, 0x01, 0x00, 0x00]);
    // Disjoint from it: none either.
    subscribe(&mut p, "x/+");
    p.expect_sent(&[subscribe_packet(2, "x/+", None)]);
    p.recv(&[0x90, 0x04, 0x00, 0x02, 0x00, 0x00]);
    // Overlapping "a/b": an identifier, so the two copies can be told apart.
    subscribe(&mut p, "a/+");
    p.expect_sent(&[subscribe_packet(3, "a/+", Some(1))]);
    p.recv(&[0x90, 0x04, 0x00, 0x03, 0x00, 0x00]);
    p.events();

    let mut with_id = Publish {
        topic: "a/b",
        payload: b"v",
        ..Publish::default()
    };
    with_id.properties.subscription_identifiers = vec![SubscriptionId::new(1).unwrap()];
    for (copy, want) in [
        (publish("a/b", b"v", QoS::AtMostOnce, None), "a/b"),
        (Packet::Publish(with_id), "a/+"),
    ] {
        p.recv_packet(copy);
        match p.events().as_slice() {
            [Event::Message(m)] => assert_eq!(m.matched_filters, vec![want.to_string()]),
            other => panic!("{other:?}"),
        }
    }
}

/// A 3.1.1 CONNACK carries no properties, so the server's limits are the
/// defaults (MQTT 3.1.1 §3.2); one that carries a 5.0 property section is
/// malformed, and its properties are not read.
#[test]
fn a_3_1_1_connack_gives_the_default_limits_and_its_properties_are_not_read() {
    let open = |p: &mut Peer| {
        p.s.connect(t(p.now));
        assert_eq!(p.s.poll_action(), Some(Action::Open));
        p.s.handle_transport_open(t(p.now));
        p.sent();
    };
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    open(&mut p);
    p.recv(&[0x20, 2, 0, 0]);
    let events = p.events();
    assert!(
        matches!(&events[..], [Event::Connected { limits, .. }] if *limits == ServerLimits::default()),
        "{events:?}"
    );
    assert_eq!(*p.s.limits(), ServerLimits::default());

    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    open(&mut p);
    // Maximum QoS 0 in a property section a 3.1.1 CONNACK does not have.
    p.recv(&[0x20, 5, 0, 0, 2, 0x24, 0]);
    let lost = p.events().into_iter().find_map(|e| match e {
        Event::ConnectionLost { error, .. } => Some(error),
        _ => None,
    });
    assert!(
        matches!(lost, Some(ConnectionError::MalformedPacket(_))),
        "{lost:?}"
    );
    assert_eq!(*p.s.limits(), ServerLimits::default());
}
