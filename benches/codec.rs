//! Codec benchmarks: webmqtt against rumqttc's `mqttbytes`, side by side.
//!
//! Every case builds the *same* packet in both libraries, checks once
//! (outside any timing) that both encode it to identical bytes and that both
//! decode those bytes back, and then times webmqtt and rumqttc in one
//! criterion group named after the case, e.g.
//! `publish_decode/v311_qos1_64B/webmqtt` and
//! `publish_decode/v311_qos1_64B/rumqttc`. Throughput is the packet's length
//! on the wire, so criterion also reports bytes per second.
//!
//! Cases:
//! - PUBLISH to `sensors/room1/voltage`, payload 64 B and 1 KiB, QoS 0 and 1,
//!   MQTT 3.1.1 and 5.0 (the 5.0 packets carry the user property
//!   `("unit", "V")`); encoded as a whole (`publish_encode`), and checked
//!   once with `Publish::check` then encoded (`publish_encode_checked`);
//! - CONNECT with client id, user name, password and keep alive 60;
//! - SUBSCRIBE with three filters;
//!
//! each decoded and encoded.
//!
//! # Fairness
//!
//! **Decode.** rumqttc's `Packet::read` takes `&mut BytesMut` and consumes
//! the packet from it (`split_to`), so its input cannot be reused between
//! iterations. Both libraries therefore use `iter_batched_ref` with
//! `BatchSize::SmallInput`: the setup closure, which criterion does not time,
//! gives every iteration a fresh heap copy of the same wire bytes (a
//! `Vec<u8>` for webmqtt, a `BytesMut` for rumqttc; the same allocation and
//! copy, so both start from equally warm memory). The timed routine is the
//! library's whole-packet entry point — fixed header, size limit and body:
//! `webmqtt::codec::decode` and `rumqttc::…::Packet::read`, both with the
//! same size limit — and the decoded packet is passed through `black_box`
//! and *dropped inside the routine*, so each library pays for what its
//! decoded value owns (rumqttc: `String`s and a shared `Bytes` handle;
//! webmqtt: borrowed slices, plus a `Vec` for user properties or
//! subscriptions). Only the emptied input buffer is dropped untimed, for
//! both.
//!
//! **Encode.** Both write into one buffer per benchmark, allocated once with
//! room to spare and `clear()`ed (length reset, capacity kept) before every
//! write, so neither pays for growth: webmqtt `Encode::encode` into a
//! `Vec<u8>`, rumqttc `write` into a `BytesMut`. The packet is read through
//! `black_box` so its fields cannot be constant-folded, and the output
//! buffer is passed through `black_box` afterwards.

use std::hint::black_box;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rumqttc::mqttbytes as r4q;
use rumqttc::mqttbytes::v4 as r4;
use rumqttc::v5::mqttbytes as r5q;
use rumqttc::v5::mqttbytes::v5 as r5;
use webmqtt::codec::{
    Connect, Encode, PacketId, ProtocolVersion, Publish, PublishProperties, QoS, Status, Subscribe,
    SubscribeProperties, Subscription, SubscriptionOptions, UserProperty, decode,
};

/// The size limit both decoders are given: far above every case.
const MAX_PACKET: u32 = 1 << 20;

const TOPIC: &str = "sensors/room1/voltage";
const PACKET_ID: u16 = 42;
const CLIENT_ID: &str = "webmqtt-bench-client";
const USERNAME: &str = "sensor-user";
const PASSWORD: &str = "s3cret-passw0rd";
const KEEP_ALIVE: u16 = 60;
const USER_PROPERTY: (&str, &str) = ("unit", "V");
/// The SUBSCRIBE filters with their QoS (0, 1 or 2).
const FILTERS: [(&str, u8); 3] = [
    ("sensors/+/voltage", 1),
    ("sensors/room1/#", 0),
    ("alerts/critical", 2),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Version {
    V311,
    V5,
}

impl Version {
    fn label(self) -> &'static str {
        match self {
            Version::V311 => "v311",
            Version::V5 => "v5",
        }
    }

    fn webmqtt(self) -> ProtocolVersion {
        match self {
            Version::V311 => ProtocolVersion::V3_1_1,
            Version::V5 => ProtocolVersion::V5,
        }
    }
}

fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn size_label(len: usize) -> String {
    if len.is_multiple_of(1024) {
        format!("{}KiB", len / 1024)
    } else {
        format!("{len}B")
    }
}

fn webmqtt_qos(q: u8) -> QoS {
    QoS::from_bits(q).expect("QoS 0, 1 or 2")
}

fn r4_qos(q: u8) -> r4q::QoS {
    match q {
        0 => r4q::QoS::AtMostOnce,
        1 => r4q::QoS::AtLeastOnce,
        _ => r4q::QoS::ExactlyOnce,
    }
}

fn r5_qos(q: u8) -> r5q::QoS {
    r5q::qos(q).expect("QoS 0, 1 or 2")
}

/// Times `decode` of `wire` by both libraries in the group `group`.
fn bench_decode(c: &mut Criterion, group: &str, version: Version, wire: &[u8]) {
    let v = version.webmqtt();

    // Once, untimed: both libraries decode the whole packet successfully.
    match decode(wire, v, MAX_PACKET) {
        Ok(Status::Complete((_, used))) => assert_eq!(used, wire.len(), "{group}: webmqtt"),
        other => panic!("{group}: webmqtt decode failed: {other:?}"),
    }
    let mut probe = BytesMut::from(wire);
    match version {
        Version::V311 => {
            r4::Packet::read(&mut probe, MAX_PACKET as usize).expect("rumqttc v4 decode");
        }
        Version::V5 => {
            r5::Packet::read(&mut probe, Some(MAX_PACKET)).expect("rumqttc v5 decode");
        }
    }
    assert!(probe.is_empty(), "{group}: rumqttc left bytes unread");

    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("webmqtt", |b| {
        b.iter_batched_ref(
            || wire.to_vec(),
            |buf| {
                drop(black_box(decode(black_box(buf.as_slice()), v, MAX_PACKET)));
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("rumqttc", |b| match version {
        Version::V311 => b.iter_batched_ref(
            || BytesMut::from(wire),
            |buf| {
                drop(black_box(r4::Packet::read(
                    black_box(buf),
                    MAX_PACKET as usize,
                )));
            },
            BatchSize::SmallInput,
        ),
        Version::V5 => b.iter_batched_ref(
            || BytesMut::from(wire),
            |buf| {
                drop(black_box(r5::Packet::read(
                    black_box(buf),
                    Some(MAX_PACKET),
                )));
            },
            BatchSize::SmallInput,
        ),
    });
    g.finish();
}

/// Times `{packet}_encode/{case}` (rumqttc writing with `v4` for 3.1.1 and
/// `v5` for 5.0), then `{packet}_decode/{case}` on the bytes both wrote.
fn encode_and_decode(
    c: &mut Criterion,
    packet: &str,
    case: &str,
    version: Version,
    webmqtt: impl FnMut(&mut Vec<u8>),
    mut v4: impl FnMut(&mut BytesMut),
    mut v5: impl FnMut(&mut BytesMut),
) {
    let wire = bench_encode(
        c,
        &format!("{packet}_encode/{case}"),
        webmqtt,
        |out| match version {
            Version::V311 => v4(out),
            Version::V5 => v5(out),
        },
    );
    bench_decode(c, &format!("{packet}_decode/{case}"), version, &wire);
}

/// Times encoding by both libraries in the group `group`. Each closure
/// appends one packet to the (cleared) buffer it is given. Returns the
/// encoded bytes, after checking that both libraries produce the same.
fn bench_encode(
    c: &mut Criterion,
    group: &str,
    mut webmqtt: impl FnMut(&mut Vec<u8>),
    mut rumqttc: impl FnMut(&mut BytesMut),
) -> Vec<u8> {
    // Once, untimed: both produce identical bytes.
    let mut w = Vec::new();
    webmqtt(&mut w);
    let mut r = BytesMut::new();
    rumqttc(&mut r);
    assert_eq!(
        w,
        r.as_ref(),
        "{group}: webmqtt and rumqttc encode differently"
    );

    let capacity = 2 * w.len() + 64;
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(w.len() as u64));
    g.bench_function("webmqtt", |b| {
        let mut out = Vec::with_capacity(capacity);
        b.iter(|| {
            out.clear();
            webmqtt(&mut out);
            black_box(&out);
        })
    });
    g.bench_function("rumqttc", |b| {
        let mut out = BytesMut::with_capacity(capacity);
        b.iter(|| {
            out.clear();
            rumqttc(&mut out);
            black_box(&out);
        })
    });
    g.finish();
    w
}

fn publish(c: &mut Criterion) {
    for version in [Version::V311, Version::V5] {
        for qos in [0u8, 1] {
            for len in [64usize, 1024] {
                let case = format!("{}_qos{qos}_{}", version.label(), size_label(len));
                let body = payload(len);
                let v = version.webmqtt();

                let ours = Publish {
                    qos: webmqtt_qos(qos),
                    topic: TOPIC,
                    packet_id: (qos > 0).then(|| PacketId::new(PACKET_ID).expect("non-zero")),
                    properties: if version == Version::V5 {
                        PublishProperties {
                            user_properties: vec![UserProperty::new(
                                USER_PROPERTY.0,
                                USER_PROPERTY.1,
                            )]
                            .into(),
                            ..PublishProperties::default()
                        }
                    } else {
                        PublishProperties::default()
                    },
                    payload: &body,
                    ..Publish::default()
                };
                let pkid = if qos > 0 { PACKET_ID } else { 0 };
                let theirs_v4 = r4::Publish {
                    dup: false,
                    qos: r4_qos(qos),
                    retain: false,
                    topic: TOPIC.to_owned(),
                    pkid,
                    payload: Bytes::from(body.clone()),
                };
                let theirs_v5 = r5::Publish {
                    dup: false,
                    qos: r5_qos(qos),
                    retain: false,
                    topic: Bytes::from_static(TOPIC.as_bytes()),
                    pkid,
                    payload: Bytes::from(body.clone()),
                    properties: Some(r5::PublishProperties {
                        user_properties: vec![(
                            USER_PROPERTY.0.to_owned(),
                            USER_PROPERTY.1.to_owned(),
                        )],
                        ..r5::PublishProperties::default()
                    }),
                };

                encode_and_decode(
                    c,
                    "publish",
                    &case,
                    version,
                    |out| {
                        black_box(black_box(&ours).encode(v, out)).expect("webmqtt encode");
                    },
                    |out| {
                        black_box(black_box(&theirs_v4).write(out)).expect("rumqttc encode");
                    },
                    |out| {
                        black_box(black_box(&theirs_v5).write(out)).expect("rumqttc encode");
                    },
                );
                // The same message checked once when built, then encoded:
                // every check still made, but not on every send.
                let checked = ours.clone().check(v).expect("webmqtt check");
                bench_encode(
                    c,
                    &format!("publish_encode_checked/{case}"),
                    |out| {
                        black_box(black_box(&checked).encode(out));
                    },
                    |out| match version {
                        Version::V311 => {
                            black_box(black_box(&theirs_v4).write(out)).expect("rumqttc encode");
                        }
                        Version::V5 => {
                            black_box(black_box(&theirs_v5).write(out)).expect("rumqttc encode");
                        }
                    },
                );
            }
        }
    }
}

fn connect(c: &mut Criterion) {
    for version in [Version::V311, Version::V5] {
        let case = version.label();
        let ours = Connect {
            protocol: version.webmqtt(),
            clean_start: true,
            keep_alive: KEEP_ALIVE,
            client_id: CLIENT_ID,
            username: Some(USERNAME),
            password: Some(PASSWORD.as_bytes()),
            ..Connect::default()
        };
        let theirs_v4 = r4::Connect {
            protocol: r4q::Protocol::V4,
            keep_alive: KEEP_ALIVE,
            client_id: CLIENT_ID.to_owned(),
            clean_session: true,
            last_will: None,
            login: Some(r4::Login::new(USERNAME, PASSWORD)),
        };
        let theirs_v5 = r5::Connect {
            keep_alive: KEEP_ALIVE,
            client_id: CLIENT_ID.to_owned(),
            clean_start: true,
            properties: None,
        };
        let will_v5: Option<r5::LastWill> = None;
        let login_v5 = Some(r5::Login::new(USERNAME, PASSWORD));

        encode_and_decode(
            c,
            "connect",
            case,
            version,
            |out| {
                // A CONNECT is encoded by its own `protocol`.
                black_box(black_box(&ours).encode(ProtocolVersion::V3_1_1, out))
                    .expect("webmqtt encode");
            },
            |out| {
                black_box(black_box(&theirs_v4).write(out)).expect("rumqttc encode");
            },
            |out| {
                black_box(black_box(&theirs_v5).write(
                    black_box(&will_v5),
                    black_box(&login_v5),
                    out,
                ))
                .expect("rumqttc encode");
            },
        );
    }
}

fn subscribe(c: &mut Criterion) {
    for version in [Version::V311, Version::V5] {
        let case = version.label();
        let v = version.webmqtt();
        let ours = Subscribe {
            packet_id: PacketId::new(PACKET_ID).expect("non-zero"),
            properties: SubscribeProperties::default(),
            subscriptions: FILTERS
                .iter()
                .map(|&(filter, qos)| Subscription {
                    filter,
                    options: SubscriptionOptions {
                        qos: webmqtt_qos(qos),
                        ..SubscriptionOptions::default()
                    },
                })
                .collect(),
        };
        let theirs_v4 = r4::Subscribe {
            pkid: PACKET_ID,
            filters: FILTERS
                .iter()
                .map(|&(filter, qos)| r4::SubscribeFilter::new(filter.to_owned(), r4_qos(qos)))
                .collect(),
        };
        let theirs_v5 = r5::Subscribe {
            pkid: PACKET_ID,
            filters: FILTERS
                .iter()
                .map(|&(filter, qos)| r5::Filter::new(filter, r5_qos(qos)))
                .collect(),
            properties: None,
        };

        encode_and_decode(
            c,
            "subscribe",
            case,
            version,
            |out| {
                black_box(black_box(&ours).encode(v, out)).expect("webmqtt encode");
            },
            |out| {
                black_box(black_box(&theirs_v4).write(out)).expect("rumqttc encode");
            },
            |out| {
                black_box(black_box(&theirs_v5).write(out)).expect("rumqttc encode");
            },
        );
    }
}

fn config() -> Criterion {
    // 48 benchmarks; about 3 s each (plus untimed batched setup for decode)
    // keeps a full `cargo bench --bench codec` within a few minutes on two
    // cores.
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = config();
    targets = publish, connect, subscribe
}
criterion_main!(benches);
