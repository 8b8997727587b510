//! Unfinished publications kept across a restart (src/session/persist.rs):
//! one session's state written out as a driver would, and a new session of
//! the same client taking it back, against a scripted server that kept the
//! session (Session Present) or lost it.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/peer.rs"]
mod peer;

use std::collections::BTreeMap;
use std::time::Duration;

use peer::*;
use webmqtt::codec::*;
use webmqtt::session::*;

/// A wall-clock time, as a driver reads it; records say when their
/// message was accepted.
const T0: WallTime = WallTime::from_millis(1_700_000_000_000);

/// `ms` milliseconds after [`T0`].
fn wall(ms: u64) -> WallTime {
    T0 + Duration::from_millis(ms)
}

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
        let record = k.to_record(T0).unwrap();
        assert_eq!(StoredPublication::from_record(&record).as_ref(), Ok(k));
        let dated = StoredPublication::read_record(&record).unwrap();
        assert_eq!((&dated.publication, dated.accepted), (k, Some(T0)));
    }
}

#[test]
fn a_record_that_does_not_read_back_is_refused_with_what_is_wrong() {
    let queued = StoredPublication {
        message: OutgoingMessage::new("t", b"x".to_vec(), QoS::AtLeastOnce),
        stage: StoredStage::Queued,
    };
    let good = queued.to_record(T0).unwrap();
    let with = |at: usize, byte: u8| {
        let mut r = good.clone();
        r[at] = byte;
        r
    };
    let cases: Vec<(Vec<u8>, RecordError)> = vec![
        (vec![1, 0, 0], RecordError::TooShort),
        (with(0, 3), RecordError::UnknownFormat(3)),
        // Version 2 with its time cut short.
        (good[..11].to_vec(), RecordError::TooShort),
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

/// Kept publications of `payloads` to `q` at QoS 1, queued.
fn queued(payloads: &[&str]) -> Vec<StoredPublication> {
    payloads
        .iter()
        .map(|p| StoredPublication {
            message: OutgoingMessage::new("q", p.as_bytes().to_vec(), QoS::AtLeastOnce),
            stage: StoredStage::Queued,
        })
        .collect()
}

#[test]
fn publications_issued_while_the_store_is_read_go_after_the_restored_ones() {
    let kept = queued(&["1", "2"]);
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

#[test]
fn the_queue_limit_counts_restored_publications_without_those_issued_meanwhile() {
    let kept = queued(&["1", "2"]);
    let mut p = Peer::new(Options {
        queue: QueueLimits {
            max_messages: 2,
            ..QueueLimits::default()
        },
        ..kept_session(ProtocolVersion::V3_1_1)
    });
    p.publish("q", b"3", QoS::AtLeastOnce).unwrap();
    p.s.restore_publications(kept).expect("before connect");
    // Both restored ones fit the limit of 2: the newer one, issued while
    // the store was read, was queued already and stays.
    assert!(!p.events().iter().any(|e| matches!(
        e,
        Event::Published {
            result: Err(CommandError::QueueFull { .. }),
            ..
        }
    )));
    p.connect_with(ConnAck::default());
    p.expect_sent(&[
        publish("q", b"1", QoS::AtLeastOnce, Some(1)),
        publish("q", b"2", QoS::AtLeastOnce, Some(2)),
        publish("q", b"3", QoS::AtLeastOnce, Some(3)),
    ]);
}

/// Records by key, as IndexedDB keeps them.
type Store = BTreeMap<u64, Vec<u8>>;

fn write(store: &mut Store, changes: Vec<StoreChange>) {
    for c in changes {
        match c {
            StoreChange::Put { key, record } => drop(store.insert(key, record)),
            StoreChange::Delete { key } => assert!(store.remove(&key).is_some(), "unknown {key}"),
        }
    }
}

/// The store's records, each read back with its time.
fn dated(store: &Store) -> Vec<DatedPublication> {
    store
        .values()
        .map(|r| StoredPublication::read_record(r).unwrap())
        .collect()
}

/// A page of a 5.0 client whose server keeps the session, started at
/// wall-clock `now` from `store` through the persistent outbox's journal.
fn reload(store: &Store, now: WallTime) -> (Peer, OutboxJournal, Restored) {
    let mut p = Peer::new(kept_session(ProtocolVersion::V5));
    let mut j = OutboxJournal::new(OutboxOptions::default());
    let kept = store
        .iter()
        .map(|(&key, record)| KeptRecord {
            key,
            record: record.clone(),
        })
        .collect();
    let restored = j.restore(&mut p.s, kept, now).expect("before connect");
    (p, j, restored)
}

/// A QoS 1 or 2 message to `topic` that expires after `interval` seconds.
fn expiring(topic: &str, qos: QoS, interval: Option<u32>) -> OutgoingMessage {
    let mut m = OutgoingMessage::new(topic, b"v".to_vec(), qos);
    m.properties.message_expiry_interval = interval;
    m
}

/// The PUBLISH a restored message goes as.
fn sent_as(topic: &str, qos: QoS, id: u16, dup: bool, interval: Option<u32>) -> Vec<u8> {
    let properties = PublishProperties {
        message_expiry_interval: interval,
        ..PublishProperties::default()
    };
    enc(
        ProtocolVersion::V5,
        Packet::Publish(Publish {
            dup,
            qos,
            topic,
            payload: b"v",
            packet_id: Some(pid(id)),
            properties,
            ..Publish::default()
        }),
    )
}

/// MQTT 5.0 §3.3.2.3.3: a message that waited goes with its interval less
/// the time it waited. The time a record spent stored counts, in whole
/// seconds, and counts once: a record written again after a restore
/// carries the reduced interval and a time moved on by what was taken off.
#[test]
fn a_restored_message_goes_with_the_seconds_it_was_stored_taken_off_its_expiry() {
    let mut store = Store::new();
    let (mut p, mut j, _) = reload(&store, T0);
    // Offline: both wait in the queue and are stored at T0.
    p.s.publish(t(0), expiring("m/expiring", QoS::AtLeastOnce, Some(60)))
        .unwrap();
    p.s.publish(t(0), expiring("m/plain", QoS::AtLeastOnce, None))
        .unwrap();
    write(&mut store, j.changes(&p.s, T0));
    assert!(dated(&store).iter().all(|d| d.accepted == Some(T0)));

    // Reloaded 25.9 s later: 25 whole seconds come off.
    let (mut p, mut j, restored) = reload(&store, wall(25_900));
    assert_eq!(restored, Restored::default());
    p.connect_with(ConnAck {
        session_present: true,
        ..ConnAck::default()
    });
    let sent = p.sent();
    let want = [
        sent_as("m/expiring", QoS::AtLeastOnce, 1, false, Some(35)),
        sent_as("m/plain", QoS::AtLeastOnce, 2, false, None),
    ]
    .concat();
    assert_eq!(
        sent, want,
        "35 s left of 60, and no interval where none was set"
    );
    write(&mut store, j.changes(&p.s, wall(26_000)));
    let records = dated(&store);
    assert_eq!(records[0].accepted, Some(wall(25_000)), "moved on by 25 s");
    assert_eq!(
        records[0]
            .publication
            .message
            .properties
            .message_expiry_interval,
        Some(35)
    );
    assert_eq!(records[1].accepted, Some(T0), "no interval: untouched");

    // Neither acknowledged; reloaded at 40.5 s: 15 more seconds come off
    // the 35, not 40 off the 60 again.
    let (mut p, _, restored) = reload(&store, wall(40_500));
    assert_eq!(restored, Restored::default());
    p.connect_with(ConnAck {
        session_present: true,
        ..ConnAck::default()
    });
    let want = [
        sent_as("m/expiring", QoS::AtLeastOnce, 1, true, Some(20)),
        sent_as("m/plain", QoS::AtLeastOnce, 2, true, None),
    ]
    .concat();
    assert_eq!(p.sent(), want);
}

/// A message whose interval ran out while stored is not sent: its record
/// is deleted and it is reported, with what it was and how long it was
/// stored. One sent at QoS 2 without PUBREC gets its PUBREL instead, so
/// that the server frees the identifier it may hold (MQTT 5.0 §4.3.3).
#[test]
fn a_message_whose_expiry_ran_out_in_the_store_is_not_sent_and_is_reported() {
    let mut store = Store::new();
    let (mut p, mut j, _) = reload(&store, T0);
    p.connect();
    p.s.publish(t(0), expiring("m/q2", QoS::ExactlyOnce, Some(10)))
        .unwrap();
    p.sent();
    p.s.handle_transport_closed(t(1), TransportError::new("gone"));
    p.s.publish(t(1), expiring("m/q1", QoS::AtLeastOnce, Some(10)))
        .unwrap();
    p.s.publish(t(1), expiring("m/later", QoS::AtLeastOnce, Some(11)))
        .unwrap();
    write(&mut store, j.changes(&p.s, T0));
    let keys: Vec<u64> = store.keys().copied().collect();
    assert_eq!(keys.len(), 3);

    // Reloaded 10.5 s later: ten seconds were all of two intervals.
    let (mut p, mut j, restored) = reload(&store, wall(10_500));
    let gone = |key, topic: &str, qos, released| ExpiredPublication {
        key,
        topic: topic.into(),
        qos,
        interval: 10,
        stored_for: Duration::from_millis(10_500),
        released,
    };
    assert_eq!(
        restored,
        Restored {
            unreadable: vec![],
            expired: vec![
                gone(keys[0], "m/q2", QoS::ExactlyOnce, true),
                gone(keys[1], "m/q1", QoS::AtLeastOnce, false),
            ],
        }
    );
    write(&mut store, j.changes(&p.s, wall(10_500)));
    let stages: Vec<StoredStage> = dated(&store).iter().map(|d| d.publication.stage).collect();
    assert_eq!(
        stages,
        [StoredStage::Released(pid(1)), StoredStage::Queued],
        "the expired QoS 1 record is deleted, the QoS 2 one released"
    );
    p.connect_with(ConnAck {
        session_present: true,
        ..ConnAck::default()
    });
    let pubrel = [0x62, 0x02, 0x00, 0x01];
    let later = sent_as("m/later", QoS::AtLeastOnce, 2, false, Some(1));
    assert_eq!(p.sent(), [&pubrel[..], &later].concat());
    p.recv(&[0x70, 0x02, 0x00, 0x01]); // PUBCOMP
    p.recv(&[0x40, 0x02, 0x00, 0x02]); // PUBACK
    for e in p.events() {
        if let Event::Published { id, result } = e {
            j.completed(id, &result);
        }
    }
    write(&mut store, j.changes(&p.s, wall(11_000)));
    assert!(store.is_empty(), "{store:?}");
}

/// Records from before they were dated (format version 1) still read back,
/// and count as accepted when they are restored: nothing comes off.
#[test]
fn an_undated_record_reads_back_and_keeps_its_whole_interval() {
    let queued = StoredPublication {
        message: expiring("m/old", QoS::AtLeastOnce, Some(30)),
        stage: StoredStage::Queued,
    };
    let v2 = queued.to_record(T0).unwrap();
    let v1 = [&[1][..], &v2[1..4], &v2[12..]].concat();
    let back = StoredPublication::read_record(&v1).unwrap();
    assert_eq!((&back.publication, back.accepted), (&queued, None));

    let store = Store::from([(5, v1)]);
    let (mut p, mut j, restored) = reload(&store, wall(3_600_000));
    assert_eq!(restored, Restored::default());
    p.connect_with(ConnAck::default());
    assert_eq!(
        p.sent(),
        sent_as("m/old", QoS::AtLeastOnce, 1, false, Some(30))
    );
    // Written again as version 2, dated from the restore.
    let mut store = store;
    write(&mut store, j.changes(&p.s, wall(3_600_001)));
    let records = dated(&store);
    assert_eq!(records[0].accepted, Some(wall(3_600_000)));
}
