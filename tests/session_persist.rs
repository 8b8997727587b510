//! Unfinished publications kept across a restart (src/session/persist.rs):
//! one session's state written out as a driver would, and a new session of
//! the same client taking it back, against a scripted server that kept the
//! session (Session Present) or lost it.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/peer.rs"]
mod peer;

use peer::*;
use webmqtt::codec::*;
use webmqtt::session::*;

/// Options of a client whose session the server keeps.
fn kept_session(version: ProtocolVersion) -> Options {
    Options {
        clean_start: false,
        session_expiry_interval: version.is_v5().then_some(3600),
        ..options(version)
    }
}

/// A new session of the same client with `kept` restored, connected, with
/// the server saying whether it kept the session; the commands of the
/// restored publications, and the events after CONNECT but `Connected`.
fn restart(
    version: ProtocolVersion,
    kept: Vec<StoredPublication>,
    session_present: bool,
) -> (Peer, Vec<CommandId>, Vec<Event>) {
    let mut p = Peer::new(kept_session(version));
    let ids =
        p.s.restore_publications(kept)
            .expect("restorable before connect");
    let mut events = p.connect_with(ConnAck {
        session_present,
        ..ConnAck::default()
    });
    let connected = events
        .iter()
        .position(|e| matches!(e, Event::Connected { .. }))
        .expect("connected");
    events.remove(connected);
    (p, ids, events)
}

fn stored(p: &Peer) -> Vec<StoredPublication> {
    p.s.unfinished_publications()
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

#[test]
fn a_qos2_publication_whose_pubrec_arrived_sends_only_pubrel_after_the_restart() {
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        let mut p = Peer::new(kept_session(version));
        p.connect();
        p.publish("plant/valve", b"open", QoS::ExactlyOnce).unwrap();
        p.sent();
        p.recv(&[0x50, 0x02, 0x00, 0x01]); // PUBREC
        assert_eq!(p.sent(), [0x62, 0x02, 0x00, 0x01]); // PUBREL
        let kept = stored(&p);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].stage, StoredStage::Released(pid(1)));
        assert!(
            kept[0].message.payload.is_empty(),
            "the server owns the message"
        );

        // The page reloads; the server kept the session.
        let (mut p, ids, events) = restart(version, kept, true);
        assert!(events.is_empty());
        assert_eq!(
            p.sent(),
            [0x62, 0x02, 0x00, 0x01],
            "{version}: PUBREL, never the PUBLISH again"
        );
        p.recv(&[0x70, 0x02, 0x00, 0x01]); // PUBCOMP
        assert_eq!(
            p.events(),
            vec![Event::Published {
                id: ids[0],
                result: Ok(PubAckReasonCode::Success)
            }]
        );
        assert!(p.s.unfinished_publications().is_empty());
    }
}

#[test]
fn a_publication_sent_and_not_acknowledged_goes_again_with_dup_under_its_identifier() {
    let mut p = Peer::new(kept_session(ProtocolVersion::V3_1_1));
    p.connect();
    p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    p.publish("b", b"2", QoS::ExactlyOnce).unwrap();
    p.sent();
    let kept = stored(&p);
    assert_eq!(
        kept.iter().map(|k| k.stage).collect::<Vec<_>>(),
        [StoredStage::Sent(pid(1)), StoredStage::Sent(pid(2))]
    );

    let (mut p, ids, events) = restart(ProtocolVersion::V3_1_1, kept, true);
    assert!(events.is_empty());
    let mut a = publish("a", b"1", QoS::AtLeastOnce, Some(1));
    let mut b = publish("b", b"2", QoS::ExactlyOnce, Some(2));
    for packet in [&mut a, &mut b] {
        if let Packet::Publish(p) = packet {
            p.dup = true;
        }
    }
    p.expect_sent(&[a, b]);
    p.recv(&[0x40, 0x02, 0x00, 0x01]); // PUBACK 1
    p.recv(&[0x50, 0x02, 0x00, 0x02]); // PUBREC 2
    assert_eq!(p.sent(), [0x62, 0x02, 0x00, 0x02]);
    p.recv(&[0x70, 0x02, 0x00, 0x02]); // PUBCOMP 2
    let done: Vec<CommandId> = p
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Published { id, result: Ok(_) } => Some(id),
            _ => None,
        })
        .collect();
    assert_eq!(done, ids, "each restored command completes once, in order");
}

#[test]
fn publications_queued_offline_go_out_in_order_after_the_restart() {
    let mut p = Peer::new(kept_session(ProtocolVersion::V5));
    for i in 0..5u8 {
        p.publish("q", &[i], QoS::AtLeastOnce).unwrap();
    }
    let kept = stored(&p);
    assert!(kept.iter().all(|k| k.stage == StoredStage::Queued));

    let (mut p, ids, events) = restart(ProtocolVersion::V5, kept, false);
    assert!(events.is_empty());
    assert_eq!(ids.len(), 5);
    let payloads: Vec<[u8; 1]> = (0..5u8).map(|i| [i]).collect();
    let expected: Vec<Packet<'_>> = payloads
        .iter()
        .zip(1u16..)
        .map(|(payload, id)| publish("q", payload, QoS::AtLeastOnce, Some(id)))
        .collect();
    p.expect_sent(&expected);
}

#[test]
fn without_the_session_a_released_publication_is_complete_and_a_sent_one_goes_as_new() {
    let kept = vec![
        StoredPublication {
            message: OutgoingMessage::default(),
            stage: StoredStage::Released(pid(3)),
        },
        StoredPublication {
            message: OutgoingMessage::new("a", b"x".to_vec(), QoS::AtLeastOnce),
            stage: StoredStage::Sent(pid(4)),
        },
    ];
    let (mut p, ids, events) = restart(ProtocolVersion::V3_1_1, kept, false);
    // New to this server: no DUP [MQTT-3.3.1-1].
    p.expect_sent(&[publish("a", b"x", QoS::AtLeastOnce, Some(4))]);
    // The server had taken the QoS 2 message (PUBREC): it is complete.
    assert_eq!(
        events,
        vec![Event::Published {
            id: ids[0],
            result: Ok(PubAckReasonCode::Success)
        }]
    );
}

#[test]
fn the_version_moves_with_every_change_and_only_then() {
    let mut p = Peer::new(kept_session(ProtocolVersion::V3_1_1));
    let v0 = p.s.publications_version();
    p.connect();
    assert_eq!(
        p.s.publications_version(),
        v0,
        "connecting changes nothing kept"
    );
    p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    let v1 = p.s.publications_version();
    assert_ne!(v1, v0);
    p.sent();
    p.advance(60_000); // a ping and its answer
    assert_eq!(p.sent(), [0xc0, 0x00]);
    p.recv(&[0xd0, 0x00]);
    assert_eq!(
        p.s.publications_version(),
        v1,
        "a ping changes nothing kept"
    );
    p.recv(&[0x40, 0x02, 0x00, 0x01]);
    assert_ne!(p.s.publications_version(), v1);
    assert!(p.s.unfinished_publications().is_empty());
}

#[test]
fn restoring_after_connect_takes_nothing_and_bad_entries_do_not_break_the_session() {
    let mut p = Peer::new(kept_session(ProtocolVersion::V3_1_1));
    p.connect();
    assert_eq!(p.s.restore_publications(Vec::new()), None);

    // The same identifier twice, and a QoS 0 message marked sent: the
    // second and third are queued as new rather than clash.
    let m = |payload: &[u8], qos| OutgoingMessage::new("t", payload.to_vec(), qos);
    let kept = vec![
        StoredPublication {
            message: m(b"1", QoS::AtLeastOnce),
            stage: StoredStage::Sent(pid(9)),
        },
        StoredPublication {
            message: m(b"2", QoS::AtLeastOnce),
            stage: StoredStage::Sent(pid(9)),
        },
        StoredPublication {
            message: m(b"3", QoS::AtMostOnce),
            stage: StoredStage::Sent(pid(10)),
        },
    ];
    let (mut p, ids, events) = restart(ProtocolVersion::V3_1_1, kept, true);
    // The QoS 0 one completes once written.
    assert_eq!(
        events,
        vec![Event::Published {
            id: ids[2],
            result: Ok(PubAckReasonCode::Success)
        }]
    );
    let mut first = publish("t", b"1", QoS::AtLeastOnce, Some(9));
    if let Packet::Publish(p) = &mut first {
        p.dup = true;
    }
    p.expect_sent(&[
        first,
        publish("t", b"2", QoS::AtLeastOnce, Some(1)),
        publish("t", b"3", QoS::AtMostOnce, None),
    ]);
}

/// Every stored publication of a session that went through each stage,
/// written as records and read back, is what it was.
#[test]
fn records_read_back_as_the_publications_they_were_written_from() {
    let mut p = Peer::new(kept_session(ProtocolVersion::V5));
    p.connect();
    let mut full = OutgoingMessage::new("plant/valve", b"open".to_vec(), QoS::ExactlyOnce);
    full.retain = true;
    full.properties = MessageProperties {
        payload_format: Some(PayloadFormat::Utf8),
        message_expiry_interval: Some(60),
        content_type: Some("text/plain".into()),
        response_topic: Some("plant/replies".into()),
        correlation_data: Some(vec![0, 1, 2]),
        user_properties: vec![OwnedUserProperty::new("site", "north")],
    };
    p.s.publish(t(0), full.clone()).unwrap();
    p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    p.sent();
    p.recv(&[0x50, 0x03, 0x00, 0x01, 0x00]); // PUBREC 1: released
    p.sent();
    p.publish("b", b"", QoS::AtMostOnce).unwrap();
    p.publish("c", &[0xff; 300], QoS::AtLeastOnce).unwrap();
    // Offline: the last two wait in the queue.
    p.s.handle_transport_closed(t(1), TransportError::new("gone"));
    p.publish("d", b"queued", QoS::ExactlyOnce).unwrap();
    p.publish("e", b"queued", QoS::AtMostOnce).unwrap();
    let kept = stored(&p);
    assert_eq!(
        kept.iter().map(|k| k.stage).collect::<Vec<_>>(),
        [
            StoredStage::Released(pid(1)),
            StoredStage::Sent(pid(2)),
            StoredStage::Sent(pid(3)),
            StoredStage::Queued,
            StoredStage::Queued,
        ]
    );
    for k in &kept {
        let record = k.to_record().unwrap();
        assert_eq!(StoredPublication::from_record(&record).as_ref(), Ok(k));
    }
}

#[test]
fn a_record_that_does_not_read_back_is_refused_with_what_is_wrong() {
    let queued = StoredPublication {
        message: OutgoingMessage::new("t", b"x".to_vec(), QoS::AtLeastOnce),
        stage: StoredStage::Queued,
    };
    let good = queued.to_record().unwrap();
    let with = |at: usize, byte: u8| {
        let mut r = good.clone();
        r[at] = byte;
        r
    };
    let cases: Vec<(Vec<u8>, RecordError)> = vec![
        (vec![1, 0, 0], RecordError::TooShort),
        (with(0, 2), RecordError::UnknownFormat(2)),
        (with(1, 7), RecordError::UnknownStage(7)),
        (with(1, 1), RecordError::NoPacketId),
        (vec![1, 2, 0, 0], RecordError::NoPacketId),
        (vec![1, 2, 0, 5, 0], RecordError::TrailingBytes),
        (
            [good.as_slice(), &[0x30]].concat(),
            RecordError::TrailingBytes,
        ),
    ];
    for (record, error) in cases {
        let got = StoredPublication::from_record(&record);
        assert_eq!(got, Err(error.clone()), "{record:?}");
        assert!(!error.to_string().is_empty());
    }
    // A message cut short, and one with a wildcard in its topic.
    let cut = StoredPublication::from_record(&good[..good.len() - 1]);
    assert!(matches!(cut, Err(RecordError::Message(_))), "{cut:?}");
    let mut wildcard = good.clone();
    let plus = wildcard.iter().rposition(|&b| b == b't').unwrap();
    wildcard[plus] = b'+';
    let got = StoredPublication::from_record(&wildcard);
    assert!(matches!(got, Err(RecordError::Message(_))), "{got:?}");
    assert!(
        got.unwrap_err()
            .to_string()
            .starts_with("a stored publication's message does not decode")
    );
}

#[test]
fn publications_issued_while_the_store_is_read_go_after_the_restored_ones() {
    let kept: Vec<StoredPublication> = ["1", "2"]
        .iter()
        .map(|p| StoredPublication {
            message: OutgoingMessage::new("q", p.as_bytes().to_vec(), QoS::AtLeastOnce),
            stage: StoredStage::Queued,
        })
        .collect();
    let mut p = Peer::new(kept_session(ProtocolVersion::V3_1_1));
    let newer = p.publish("q", b"3", QoS::AtLeastOnce).unwrap();
    let ids = p.s.restore_publications(kept).expect("before connect");
    assert!(ids.iter().all(|&id| id != newer));
    p.connect_with(ConnAck::default());
    p.expect_sent(&[
        publish("q", b"1", QoS::AtLeastOnce, Some(1)),
        publish("q", b"2", QoS::AtLeastOnce, Some(2)),
        publish("q", b"3", QoS::AtLeastOnce, Some(3)),
    ]);
}
