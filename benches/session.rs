//! The session engine's publish path, natively: a connected MQTT 3.1.1
//! session publishes a burst of 64 messages of 64 bytes to
//! `sensors/room1/voltage` and writes them out (`poll_transmit`), as the
//! browser driver does for a burst of publishes issued in one task. QoS 1
//! also takes the 64 PUBACKs back in one read and hands out the 64
//! completions. Every message is checked (topic, server limits, size)
//! and encoded; what this measures is what the engine adds to the codec.
//! The receive path: the same session subscribed to `sensors/#` takes 64
//! QoS 1 messages of 64 bytes in one read, acknowledges each (the PUBACKs
//! written out) and hands out the 64 messages with the filter they
//! matched.
//!
//! `cargo bench --bench session`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use webmqtt::codec::{
    ConnAck, Encode, Packet, PacketId, ProtocolVersion, Publish, QoS, SubAck, SubAckReasonCode,
};
use webmqtt::session::{
    Action, Event, Instant, Options, OutgoingMessage, Session, SubscribeRequest,
};

const BURST: u16 = 64;

fn connected() -> Session {
    let mut s = Session::new(Options {
        version: ProtocolVersion::V3_1_1,
        client_id: "bench".into(),
        // A window with room for the whole burst (3.1.1 has no Receive
        // Maximum to take one from).
        default_send_window: BURST,
        ..Options::default()
    })
    .unwrap();
    let now = Instant::from_millis(0);
    s.connect(now);
    assert_eq!(s.poll_action(), Some(Action::Open));
    s.handle_transport_open(now);
    s.poll_transmit(&mut Vec::new());
    let mut connack = Vec::new();
    Packet::ConnAck(ConnAck::default())
        .encode(ProtocolVersion::V3_1_1, &mut connack)
        .unwrap();
    s.handle_bytes(now, &connack);
    while s.poll_event().is_some() {}
    s
}

fn message(qos: QoS) -> OutgoingMessage {
    OutgoingMessage {
        topic: "sensors/room1/voltage".into(),
        payload: vec![0x61; 64],
        qos,
        retain: false,
        properties: Default::default(),
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("session_publish_burst");
    group.throughput(Throughput::Elements(u64::from(BURST)));
    let now = Instant::from_millis(1);

    let mut s = connected();
    let mut out = Vec::with_capacity(1 << 16);
    group.bench_function("v311_qos0_64x64B", |b| {
        b.iter(|| {
            for _ in 0..BURST {
                s.publish(now, message(QoS::AtMostOnce)).unwrap();
            }
            out.clear();
            s.poll_transmit(&mut out);
            while let Some(e) = s.poll_event() {
                black_box(e);
            }
            black_box(&out);
        })
    });

    let mut s = connected();
    // The PUBACKs for the burst, made from the identifiers it was sent
    // with: each PUBLISH here is 91 bytes (fixed header 2, topic 2 + 21,
    // packet identifier 2, payload 64).
    const PUBLISH_LEN: usize = 91;
    const ID_AT: usize = 2 + 2 + 21;
    let mut acks = Vec::with_capacity(4 * usize::from(BURST));
    group.bench_function("v311_qos1_64x64B_acked", |b| {
        b.iter(|| {
            for _ in 0..BURST {
                s.publish(now, message(QoS::AtLeastOnce)).unwrap();
            }
            out.clear();
            s.poll_transmit(&mut out);
            assert_eq!(out.len(), PUBLISH_LEN * usize::from(BURST));
            acks.clear();
            for publish in out.chunks(PUBLISH_LEN) {
                acks.extend_from_slice(&[0x40, 2, publish[ID_AT], publish[ID_AT + 1]]);
            }
            s.handle_bytes(now, &acks);
            while let Some(e) = s.poll_event() {
                black_box(e);
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("session_receive_burst");
    group.throughput(Throughput::Elements(u64::from(BURST)));
    let mut s = connected();
    s.subscribe(now, SubscribeRequest::new("sensors/#", QoS::AtLeastOnce))
        .unwrap();
    s.poll_transmit(&mut Vec::new());
    let mut suback = Vec::new();
    Packet::SubAck(SubAck {
        packet_id: PacketId::MIN,
        properties: Default::default(),
        reasons: vec![SubAckReasonCode::GrantedQoS1],
    })
    .encode(ProtocolVersion::V3_1_1, &mut suback)
    .unwrap();
    s.handle_bytes(now, &suback);
    assert!(matches!(
        s.poll_event(),
        Some(Event::Subscribed { result: Ok(_), .. })
    ));
    let mut publishes = Vec::new();
    for id in 1..=BURST {
        Packet::Publish(Publish {
            dup: false,
            qos: QoS::AtLeastOnce,
            retain: false,
            topic: "sensors/room1/voltage",
            packet_id: PacketId::new(id),
            properties: Default::default(),
            payload: &[0x61; 64],
        })
        .encode(ProtocolVersion::V3_1_1, &mut publishes)
        .unwrap();
    }
    group.bench_function("v311_qos1_64x64B_received", |b| {
        b.iter(|| {
            s.handle_bytes(now, &publishes);
            out.clear();
            s.poll_transmit(&mut out);
            assert_eq!(out.len(), 4 * usize::from(BURST));
            while let Some(e) = s.poll_event() {
                black_box(e);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
