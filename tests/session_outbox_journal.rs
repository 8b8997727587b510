//! The persistent outbox's bookkeeping (src/session/journal.rs): the puts
//! and deletes a driver writes to its store as a session's publications
//! move, kept in a map standing in for IndexedDB, and a new session of the
//! same client started from that map.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/peer.rs"]
mod peer;

use std::collections::BTreeMap;

use peer::*;
use webmqtt::codec::*;
use webmqtt::session::*;

/// The wall clock of the tests that do not look at it.
const T0: WallTime = WallTime::from_millis(1_700_000_000_000);

fn kept_session() -> Options {
    Options {
        clean_start: false,
        ..options(ProtocolVersion::V3_1_1)
    }
}

/// A store: records by key, as IndexedDB keeps them.
#[derive(Default)]
struct Store(BTreeMap<u64, Vec<u8>>);

impl Store {
    fn write(&mut self, changes: Vec<StoreChange>) {
        for c in changes {
            match c {
                StoreChange::Put { key, record } => {
                    self.0.insert(key, record);
                }
                StoreChange::Delete { key } => {
                    assert!(self.0.remove(&key).is_some(), "delete of a key never put");
                }
            }
        }
    }

    fn stages(&self) -> Vec<StoredStage> {
        self.0
            .values()
            .map(|r| StoredPublication::from_record(r).unwrap().stage)
            .collect()
    }

    fn kept(&self) -> Vec<KeptRecord> {
        self.0
            .iter()
            .map(|(&key, record)| KeptRecord {
                key,
                record: record.clone(),
            })
            .collect()
    }
}

fn publish(
    p: &mut Peer,
    j: &mut OutboxJournal,
    payload: &str,
    qos: QoS,
) -> Result<CommandId, CommandError> {
    let m = OutgoingMessage::new("outbox/t", payload.as_bytes().to_vec(), qos);
    j.check_room(&m)?;
    let id = p.s.publish(t(0), m.clone())?;
    if j.keeps(&m) {
        j.accepted(m.queued_size());
    }
    Ok(id)
}

/// Drains the session's events into the journal, as the driver does.
fn settle(p: &mut Peer, j: &mut OutboxJournal) -> Vec<Event> {
    let events = p.events();
    for e in &events {
        if let Event::Published { id, result } = e {
            j.completed(*id, result);
        }
    }
    events
}

#[test]
fn records_follow_each_publication_from_accepted_to_complete() {
    let mut p = Peer::new(kept_session());
    let mut j = OutboxJournal::new(OutboxOptions::default());
    let mut store = Store::default();
    // Offline: queued.
    publish(&mut p, &mut j, "a", QoS::AtLeastOnce).unwrap();
    publish(&mut p, &mut j, "b", QoS::ExactlyOnce).unwrap();
    publish(&mut p, &mut j, "c", QoS::AtMostOnce).unwrap();
    store.write(j.changes(&p.s, T0));
    assert_eq!(
        store.stages(),
        [StoredStage::Queued, StoredStage::Queued],
        "QoS 0 is not kept by default"
    );
    assert_eq!(j.stored(), (2, 2 * "outbox/t".len() + 2));
    assert!(j.changes(&p.s, T0).is_empty(), "nothing moved");

    p.connect_with(ConnAck::default()); // the QoS 0 one goes and completes
    p.sent();
    store.write(j.changes(&p.s, T0));
    assert_eq!(
        store.stages(),
        [StoredStage::Sent(pid(1)), StoredStage::Sent(pid(2))]
    );
    p.recv(&[0x40, 0x02, 0x00, 0x01]); // PUBACK 1
    p.recv(&[0x50, 0x02, 0x00, 0x02]); // PUBREC 2
    settle(&mut p, &mut j);
    store.write(j.changes(&p.s, T0));
    assert_eq!(store.stages(), [StoredStage::Released(pid(2))]);
    let (_, bytes) = j.stored();
    assert_eq!(bytes, 0, "a released record holds no message");
    p.recv(&[0x70, 0x02, 0x00, 0x02]); // PUBCOMP 2
    settle(&mut p, &mut j);
    store.write(j.changes(&p.s, T0));
    assert!(store.0.is_empty(), "removed once complete");
    assert_eq!(j.stored(), (0, 0));
}

#[test]
fn a_new_session_from_the_store_sends_each_once_in_order_and_keys_keep_growing() {
    let mut p = Peer::new(kept_session());
    let mut j = OutboxJournal::new(OutboxOptions::default());
    let mut store = Store::default();
    p.connect();
    publish(&mut p, &mut j, "1", QoS::ExactlyOnce).unwrap();
    publish(&mut p, &mut j, "2", QoS::AtLeastOnce).unwrap();
    p.sent();
    p.recv(&[0x50, 0x02, 0x00, 0x01]); // PUBREC 1
    p.sent();
    p.s.handle_transport_closed(t(1), TransportError::new("offline"));
    publish(&mut p, &mut j, "3", QoS::AtLeastOnce).unwrap();
    store.write(j.changes(&p.s, T0));
    let first_keys: Vec<u64> = store.0.keys().copied().collect();

    // The page reloads: a new session, a new journal, the same store. A
    // publish issued while the store was read goes last.
    let mut p = Peer::new(kept_session());
    let mut j = OutboxJournal::new(OutboxOptions::default());
    publish(&mut p, &mut j, "4", QoS::AtLeastOnce).unwrap();
    assert_eq!(
        j.restore(&mut p.s, store.kept(), T0),
        Some(Restored::default())
    );
    store.write(j.changes(&p.s, T0));
    assert_eq!(store.0.len(), 4);
    assert!(
        store.0.keys().last() > first_keys.last(),
        "a new key above the kept ones"
    );
    p.connect_with(ConnAck {
        session_present: true,
        ..ConnAck::default()
    });
    let mut two = peer::publish("outbox/t", b"2", QoS::AtLeastOnce, Some(2));
    if let Packet::Publish(p) = &mut two {
        p.dup = true;
    }
    p.expect_sent(&[
        Packet::PubRel(PubRel::new(pid(1))),
        two,
        peer::publish("outbox/t", b"3", QoS::AtLeastOnce, Some(3)),
        peer::publish("outbox/t", b"4", QoS::AtLeastOnce, Some(4)),
    ]);
    p.recv(&[0x70, 0x02, 0x00, 0x01]); // PUBCOMP 1
    for id in 2..=4u8 {
        p.recv(&[0x40, 0x02, 0x00, id]);
    }
    settle(&mut p, &mut j);
    store.write(j.changes(&p.s, T0));
    assert!(store.0.is_empty());
}

#[test]
fn a_full_outbox_refuses_with_what_it_holds_and_qos0_counts_only_when_kept() {
    let mut p = Peer::new(kept_session());
    let limits = OutboxOptions {
        max_messages: 2,
        max_bytes: 1000,
        qos0: false,
    };
    let mut j = OutboxJournal::new(limits);
    publish(&mut p, &mut j, "a", QoS::AtLeastOnce).unwrap();
    publish(&mut p, &mut j, "b", QoS::AtLeastOnce).unwrap();
    publish(&mut p, &mut j, "not kept", QoS::AtMostOnce).unwrap();
    let full = publish(&mut p, &mut j, "c", QoS::ExactlyOnce).unwrap_err();
    let bytes = 2 * ("outbox/t".len() + 1);
    assert_eq!(full, CommandError::OutboxFull { messages: 2, bytes });
    assert_eq!(
        full.to_string(),
        format!("the outbox is full (2 messages, {bytes} bytes stored)")
    );

    let mut j = OutboxJournal::new(OutboxOptions {
        max_bytes: 20,
        qos0: true,
        ..limits
    });
    publish(&mut p, &mut j, "0123456789abc", QoS::AtMostOnce).unwrap_err();
    let mut store = Store::default();
    let mut j = OutboxJournal::new(OutboxOptions {
        qos0: true,
        ..limits
    });
    let mut p = Peer::new(kept_session());
    publish(&mut p, &mut j, "zero", QoS::AtMostOnce).unwrap();
    store.write(j.changes(&p.s, T0));
    assert_eq!(
        store.stages(),
        [StoredStage::Queued],
        "QoS 0 kept when asked"
    );
}

#[test]
fn a_stopped_client_keeps_its_records_and_unreadable_ones_stay_untouched() {
    let mut p = Peer::new(kept_session());
    let mut j = OutboxJournal::new(OutboxOptions::default());
    let mut store = Store::default();
    store.0.insert(7, vec![9, 9, 9, 9]);
    let restored = j.restore(&mut p.s, store.kept(), T0).unwrap();
    assert_eq!(restored.unreadable, [(7, RecordError::UnknownFormat(9))]);
    assert_eq!(restored.expired, []);
    publish(&mut p, &mut j, "a", QoS::AtLeastOnce).unwrap();
    store.write(j.changes(&p.s, T0));
    assert_eq!(store.0.keys().copied().collect::<Vec<_>>(), [7, 8]);

    // The client ends before the broker was ever reached: the publication
    // is cancelled, and its record waits for the next start.
    p.s.end(t(5), EndOptions::default()).unwrap();
    let events = settle(&mut p, &mut j);
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Published {
            result: Err(CommandError::Cancelled),
            ..
        }
    )));
    store.write(j.changes(&p.s, T0));
    assert_eq!(store.0.len(), 2);
}

#[test]
fn a_restore_the_session_refuses_leaves_the_journal_as_it_was() {
    let mut p = Peer::new(kept_session());
    let mut j = OutboxJournal::new(OutboxOptions::default());
    let mut store = Store::default();
    publish(&mut p, &mut j, "1", QoS::AtLeastOnce).unwrap();
    store.write(j.changes(&p.s, T0));

    // The new session connected before the store was read: it takes
    // nothing, and the journal counts and writes nothing of the records.
    let mut p = Peer::new(kept_session());
    let mut j = OutboxJournal::new(OutboxOptions::default());
    p.connect();
    assert_eq!(j.restore(&mut p.s, store.kept(), T0), None);
    assert_eq!(j.stored(), (0, 0));
    publish(&mut p, &mut j, "2", QoS::AtLeastOnce).unwrap();
    let changes = j.changes(&p.s, T0);
    assert_eq!(changes.len(), 1, "only the new publication: {changes:?}");
    assert!(matches!(changes[0], StoreChange::Put { .. }));
    assert_eq!(j.stored(), (1, "outbox/t".len() + 1));
}
