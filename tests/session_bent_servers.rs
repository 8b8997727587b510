//! The engine against servers that bend the specification, as real brokers
//! do (RabbitMQ answers QoS 2 with PUBACK, ejabberd sends 5.0 codes in a
//! 3.1.1 SUBACK), against refused logins, and against packets too large or
//! that cannot be sent. The rule everywhere: every command completes, no
//! request loops, and the reason reaches the application.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/peer.rs"]
mod peer;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Duration;

use peer::*;
use webmqtt::codec::*;
use webmqtt::session::*;

/// Counts the bytes each thread allocates, so a test can show that a
/// declared length is not allocated up front.
struct CountingAllocator;

thread_local! {
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed to `System` unchanged; the counter is a
// const-initialised thread-local `Cell`, which does not allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.with(|a| a.set(a.get() + layout.size()));
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.with(|a| a.set(a.get() + new_size));
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

fn published(events: &[Event]) -> Vec<Result<PubAckReasonCode, CommandError>> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Published { result, .. } => Some(result.clone()),
            _ => None,
        })
        .collect()
}

fn lost(events: &[Event]) -> Option<(ConnectionError, Option<Duration>)> {
    events.iter().find_map(|e| match e {
        Event::ConnectionLost {
            error,
            reconnect_in,
        } => Some((error.clone(), *reconnect_in)),
        _ => None,
    })
}

// ----- acknowledgements of the wrong kind ----------------------------------

#[test]
fn qos2_publishes_answered_with_puback_complete_and_free_the_window() {
    // RabbitMQ 3.10 takes QoS 2 as QoS 1 and answers PUBACK. With the
    // 3.1.1 window of 20, 25 such publishes and a QoS 1 one all complete.
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let ids: Vec<CommandId> = (0..25)
        .map(|_| p.publish("a", b"x", QoS::ExactlyOnce).unwrap())
        .collect();
    assert_eq!(p.s.in_flight(), 20, "the window holds 20");
    let mut done = Vec::new();
    for n in 1..=25u16 {
        p.sent();
        p.recv(&[0x40, 0x02, 0x00, n as u8]);
        done.extend(published(&p.events()));
    }
    assert_eq!(done.len(), ids.len());
    assert!(done.iter().all(|r| *r == Ok(PubAckReasonCode::Success)));
    assert_eq!(p.s.in_flight(), 0);
    p.publish("a", b"y", QoS::AtLeastOnce).unwrap();
    p.expect_sent(&[publish("a", b"y", QoS::AtLeastOnce, Some(26))]);
    assert_eq!(p.s.state(), State::Connected);
}

#[test]
fn a_qos1_publish_answered_with_pubrec_finishes_the_qos2_exchange() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    p.publish("a", b"x", QoS::AtLeastOnce).unwrap();
    p.sent();
    p.recv(&[0x50, 0x02, 0x00, 0x01]);
    p.expect_sent(&[Packet::PubRel(PubRel::new(pid(1)))]);
    assert!(published(&p.events()).is_empty());
    p.recv(&[0x70, 0x02, 0x00, 0x01]);
    assert_eq!(published(&p.events()), vec![Ok(PubAckReasonCode::Success)]);
    assert_eq!(p.s.in_flight(), 0);
}

#[test]
fn pubcomp_without_pubrec_completes_the_publish() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    p.publish("a", b"x", QoS::ExactlyOnce).unwrap();
    p.sent();
    p.recv(&[0x70, 0x02, 0x00, 0x01]);
    assert_eq!(published(&p.events()), vec![Ok(PubAckReasonCode::Success)]);
    assert!(p.sent().is_empty(), "no PUBREL for a finished exchange");
}

#[test]
fn an_acknowledgement_for_an_identifier_not_in_use_is_a_protocol_error() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let queued = p.publish("a", b"x", QoS::AtLeastOnce).unwrap();
    p.sent();
    p.recv(&[0x40, 0x02, 0x12, 0x34]);
    let events = p.events();
    assert_eq!(
        lost(&events).map(|l| l.0),
        Some(ConnectionError::ProtocolViolation(
            ProtocolViolation::UnknownPacketId(PacketType::PubAck)
        ))
    );
    assert_eq!(
        p.sent(),
        enc(
            ProtocolVersion::V5,
            Packet::Disconnect(Disconnect::new(DisconnectReasonCode::ProtocolError))
        ),
        "5.0 says why before closing (§4.13)"
    );
    assert_eq!(p.actions(), vec![Action::Close]);
    // The publication the server did not answer goes out again.
    assert!(published(&events).is_empty());
    p.reconnect();
    p.sent();
    p.recv_packet(Packet::ConnAck(ConnAck::default()));
    p.events();
    assert_eq!(p.sent()[0] & 0xf0, 0x30, "the PUBLISH is sent again");
    p.recv(&[0x40, 0x02, 0x00, 0x01]);
    assert!(
        p.events()
            .iter()
            .any(|e| matches!(e, Event::Published { id, result: Ok(_) } if *id == queued))
    );
}

#[test]
fn a_suback_for_a_publish_ends_that_publish() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let id = p.publish("a", b"x", QoS::AtLeastOnce).unwrap();
    p.sent();
    p.recv(&[0x90, 0x03, 0x00, 0x01, 0x00]);
    let events = p.events();
    let violation = ProtocolViolation::UnexpectedPacket(PacketType::SubAck);
    assert!(events.contains(&Event::Published {
        id,
        result: Err(CommandError::ProtocolViolation(violation))
    }));
    assert_eq!(
        lost(&events).map(|l| l.0),
        Some(ConnectionError::ProtocolViolation(violation))
    );
}

// ----- SUBACK ---------------------------------------------------------------

#[test]
fn a_v3_suback_with_a_v5_code_refuses_that_filter_only() {
    // ejabberd 23.01 sends 0x8F ("Topic Filter invalid") in 3.1.1.
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let request = SubscribeRequest {
        filters: vec![
            FilterRequest {
                filter: "good/#".into(),
                options: SubscriptionOptions {
                    qos: QoS::AtLeastOnce,
                    ..SubscriptionOptions::default()
                },
            },
            FilterRequest {
                filter: "bad".into(),
                options: SubscriptionOptions::default(),
            },
        ],
        ..SubscribeRequest::default()
    };
    let id = p.s.subscribe(t(p.now), request).unwrap();
    p.sent();
    p.recv(&[0x90, 0x04, 0x00, 0x01, 0x01, 0x8f]);
    assert_eq!(
        p.events(),
        vec![Event::Subscribed {
            id,
            result: Ok(vec![
                SubAckReasonCode::GrantedQoS1,
                SubAckReasonCode::UnspecifiedError
            ])
        }]
    );
    assert_eq!(p.s.state(), State::Connected);
    assert!(p.actions().is_empty(), "the connection stays up");
}

#[test]
fn a_suback_with_the_wrong_count_fails_the_request_which_is_not_sent_again() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    let id = p.subscribe("x", QoS::AtMostOnce).unwrap();
    p.sent();
    p.recv(&[0x90, 0x04, 0x00, 0x01, 0x00, 0x00]); // two codes for one filter
    let violation = ProtocolViolation::ReasonCountMismatch {
        packet: PacketType::SubAck,
        expected: 1,
        got: 2,
    };
    let events = p.events();
    assert!(events.contains(&Event::Subscribed {
        id,
        result: Err(CommandError::ProtocolViolation(violation))
    }));
    let (error, reconnect_in) = lost(&events).expect("the connection closes");
    assert_eq!(error, ConnectionError::ProtocolViolation(violation));
    assert_eq!(
        error.to_string(),
        "protocol violation: SUBACK with 2 reason codes for 1 topic filters"
    );
    assert!(reconnect_in.is_some());
    p.reconnect();
    p.sent();
    p.recv(&[0x20, 0x02, 0x00, 0x00]);
    p.events();
    assert!(p.sent().is_empty(), "no SUBSCRIBE goes out again");
}

#[test]
fn a_suback_that_does_not_decode_fails_its_request() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let id = p.subscribe("x", QoS::AtMostOnce).unwrap();
    p.sent();
    // Reason code 0x03 exists in no version.
    p.recv(&[0x90, 0x04, 0x00, 0x01, 0x00, 0x03]);
    let decode_error = DecodeError::InvalidReasonCode {
        packet: PacketType::SubAck,
        code: 3,
    };
    let events = p.events();
    assert!(events.contains(&Event::Subscribed {
        id,
        result: Err(CommandError::MalformedResponse(decode_error))
    }));
    assert_eq!(
        lost(&events).map(|l| l.0),
        Some(ConnectionError::MalformedPacket(decode_error))
    );
    assert_eq!(
        p.sent(),
        enc(
            ProtocolVersion::V5,
            Packet::Disconnect(Disconnect::new(DisconnectReasonCode::MalformedPacket))
        )
    );
    p.reconnect();
    p.sent();
    p.recv_packet(Packet::ConnAck(ConnAck::default()));
    p.events();
    assert!(p.sent().is_empty(), "no SUBSCRIBE goes out again");
}

// ----- refused logins -------------------------------------------------------

#[test]
fn a_refused_login_stops_and_fails_what_waits() {
    for (version, code) in [
        (ProtocolVersion::V3_1_1, ConnectReasonCode::NotAuthorized),
        (
            ProtocolVersion::V3_1_1,
            ConnectReasonCode::BadUserNameOrPassword,
        ),
        (ProtocolVersion::V5, ConnectReasonCode::Banned),
        (
            ProtocolVersion::V5,
            ConnectReasonCode::BadAuthenticationMethod,
        ),
    ] {
        let mut p = Peer::new(options(version));
        let queued = p.publish("a", b"x", QoS::AtLeastOnce).unwrap();
        let events = p.connect_with(ConnAck {
            reason: code,
            ..ConnAck::default()
        });
        assert_eq!(
            events,
            vec![
                Event::ConnectionLost {
                    error: ConnectionError::Refused(code),
                    reconnect_in: None,
                },
                Event::Published {
                    id: queued,
                    result: Err(CommandError::ConnectionRefused(code)),
                },
            ],
            "{version:?} {code}"
        );
        assert_eq!(p.s.state(), State::Idle);
        assert_eq!(p.actions(), vec![Action::Close]);
        assert_eq!(p.s.poll_timeout(), None, "no retry is scheduled");
        // New credentials, a new attempt: it goes through.
        p.s.set_credentials(Some("user".into()), Some(b"right".to_vec()));
        p.s.connect(t(p.now));
        assert_eq!(p.actions(), vec![Action::Open]);
    }
}

#[test]
fn a_refused_login_is_retried_when_new_credentials_may_come() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.reconnect.retry_refused_login = true;
    let mut p = Peer::new(o);
    let events = p.connect_with(ConnAck {
        reason: ConnectReasonCode::NotAuthorized,
        ..ConnAck::default()
    });
    assert!(matches!(
        lost(&events),
        Some((ConnectionError::Refused(_), Some(_)))
    ));
    assert_eq!(p.s.state(), State::WaitingToReconnect);
}

#[test]
fn a_v3_server_refusing_a_v5_connect_is_a_refusal_not_retried() {
    // aedes 1.2 answers a 5.0 CONNECT with a 3.1.1 CONNACK, return code 1.
    let mut p = Peer::new(options(ProtocolVersion::V5));
    let queued = p.publish("a", b"x", QoS::AtLeastOnce).unwrap();
    p.s.connect(t(p.now));
    p.actions();
    p.s.handle_transport_open(t(p.now));
    p.sent();
    p.recv(&[0x20, 0x02, 0x00, 0x01]);
    let code = ConnectReasonCode::UnsupportedProtocolVersion;
    assert_eq!(
        p.events(),
        vec![
            Event::ConnectionLost {
                error: ConnectionError::Refused(code),
                reconnect_in: None,
            },
            Event::Published {
                id: queued,
                result: Err(CommandError::ConnectionRefused(code)),
            },
        ]
    );
    assert!(p.sent().is_empty(), "no DISCONNECT for a refusal");
}

#[test]
fn other_refusals_are_retried() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    let events = p.connect_with(ConnAck {
        reason: ConnectReasonCode::ServerUnavailable,
        ..ConnAck::default()
    });
    assert!(matches!(
        lost(&events),
        Some((ConnectionError::Refused(_), Some(_)))
    ));
}

// ----- packets that cannot be sent ------------------------------------------

/// Answers every challenge with more than an MQTT binary field can hold.
struct Oversized;

impl Authenticator for Oversized {
    fn method(&self) -> &str {
        "BIG"
    }
    fn initial_data(&mut self) -> Option<Vec<u8>> {
        None
    }
    fn challenge(&mut self, _: Option<&[u8]>) -> Result<Option<Vec<u8>>, String> {
        Ok(Some(vec![0; 70_000]))
    }
}

#[test]
fn an_auth_answer_that_cannot_be_encoded_ends_the_connection() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.s.set_authenticator(Box::new(Oversized));
    p.s.connect(t(p.now));
    assert_eq!(p.actions(), vec![Action::Open]);
    p.s.handle_transport_open(t(p.now));
    p.sent();
    let mut challenge = Auth::new(AuthReasonCode::ContinueAuthentication);
    challenge.properties.authentication_method = Some("BIG");
    p.recv_packet(Packet::Auth(challenge));
    let events = p.events();
    let (error, _) = lost(&events).expect("reported, not dropped");
    assert!(
        matches!(
            error,
            ConnectionError::Encode(EncodeError::FieldTooLong { len: 70_000, .. })
        ),
        "{error:?}"
    );
    assert_eq!(p.actions(), vec![Action::Close]);
}

// ----- sizes ----------------------------------------------------------------

#[test]
fn by_default_no_maximum_is_announced_and_big_messages_arrive() {
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        let mut p = Peer::new(options(version));
        p.s.connect(t(p.now));
        p.actions();
        p.s.handle_transport_open(t(p.now));
        let connect = p.sent();
        let Ok(Status::Complete((Packet::Connect(c), _))) =
            decode(&connect, version, MAX_PACKET_SIZE)
        else {
            panic!("a CONNECT")
        };
        assert_eq!(c.properties.maximum_packet_size, None);
        p.recv(&enc(version, Packet::ConnAck(ConnAck::default())));
        p.events();
        for size in [1 << 20, 16 << 20] {
            let payload = vec![7u8; size];
            p.recv(&enc(
                version,
                publish("big", &payload, QoS::AtLeastOnce, Some(1)),
            ));
            match p.events().as_slice() {
                [Event::Message(m)] => assert_eq!(m.payload.len(), size),
                other => panic!("{version:?} {size}: {:?}", other.len()),
            }
            p.expect_sent(&[Packet::PubAck(PubAck::new(pid(1)))]);
        }
    }
}

#[test]
fn a_packet_over_the_users_maximum_is_packet_too_large() {
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        let mut o = options(version);
        o.max_packet_size = Some(1024);
        let mut p = Peer::new(o);
        p.connect();
        // Only the fixed header of a 2,000-byte PUBLISH has arrived.
        p.recv(&[0x32, 0xcd, 0x0f]);
        let events = p.events();
        let (error, _) = lost(&events).expect("the connection closes");
        assert_eq!(
            error,
            ConnectionError::PacketTooLarge {
                size: 2_000,
                max: 1024
            }
        );
        assert_eq!(
            error.to_string(),
            "the server sent a packet of 2000 bytes, over this client's maximum of 1024"
        );
        let said = p.sent();
        if version.is_v5() {
            assert_eq!(
                said,
                enc(
                    version,
                    Packet::Disconnect(Disconnect::new(DisconnectReasonCode::PacketTooLarge))
                )
            );
        } else {
            assert!(said.is_empty());
        }
    }
}

#[test]
fn a_declared_256_mib_packet_is_not_allocated() {
    let mut p = Peer::new(options(ProtocolVersion::V3_1_1));
    p.connect();
    // PUBLISH, remaining length 268,435,455, then ten bytes of it.
    let mut bytes = vec![0x30, 0xff, 0xff, 0xff, 0x7f];
    bytes.extend_from_slice(&[0, 1, b'a', 0, 0, 0, 0, 0, 0, 0]);
    let before = ALLOCATED.with(Cell::get);
    p.recv(&bytes);
    let allocated = ALLOCATED.with(Cell::get) - before;
    assert!(allocated < 64 * 1024, "{allocated} bytes allocated");
    assert_eq!(p.s.state(), State::Connected, "waiting for the rest");
}

// ----- dead links and broken frames -----------------------------------------

#[test]
fn the_ping_timeout_scales_with_the_keep_alive() {
    // Keep alive 2 with the browser's ping at half of it: a ping after 1 s
    // of silence, dead 2 s later.
    let mut o = options(ProtocolVersion::V3_1_1);
    o.keep_alive = 2;
    o.ping_interval = Some(Duration::from_secs(1));
    let mut p = Peer::new(o);
    p.connect();
    let start = p.now;
    p.advance(1_000);
    assert_eq!(p.sent(), [0xc0, 0x00]);
    p.advance(1_999);
    assert!(p.events().is_empty());
    p.advance(1);
    assert_eq!(
        lost(&p.events()).map(|l| l.0),
        Some(ConnectionError::KeepAliveTimeout)
    );
    assert_eq!(p.now - start, 3_000);

    // A long keep alive waits at most 10 s for PINGRESP.
    let mut o = options(ProtocolVersion::V3_1_1);
    o.keep_alive = 600;
    let mut p = Peer::new(o);
    p.connect();
    p.advance(600_000);
    assert_eq!(p.sent(), [0xc0, 0x00]);
    p.advance(9_999);
    assert!(p.events().is_empty());
    p.advance(1);
    assert!(lost(&p.events()).is_some());
}

#[test]
fn a_text_frame_closes_with_a_reason_in_v5() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    p.s.handle_protocol_violation(t(p.now), ProtocolViolation::TextFrame);
    assert_eq!(
        lost(&p.events()).map(|l| l.0),
        Some(ConnectionError::ProtocolViolation(
            ProtocolViolation::TextFrame
        ))
    );
    assert_eq!(
        p.sent(),
        enc(
            ProtocolVersion::V5,
            Packet::Disconnect(Disconnect::new(DisconnectReasonCode::ProtocolError))
        )
    );
    assert_eq!(p.actions(), vec![Action::Close]);
}
