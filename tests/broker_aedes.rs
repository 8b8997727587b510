//! The session engine against a second real broker, aedes (npm `aedes`
//! 1.x, `tests/broker/aedes/`), over WebSocket with MQTT 3.1.1: the same
//! kinds of checks as `tests/broker_session.rs` runs against Mosquitto.
//! `scripts/test.sh` starts aedes through `scripts/aedes.sh` and exports
//! `WEBMQTT_AEDES_WS_PORT`; without it each test prints one `skipped:` line
//! and returns.
//!
//! Where aedes 1.2.0 behaves differently from Mosquitto 2.0.11:
//! - It speaks MQTT 3.1 and 3.1.1 only: a 5.0 CONNECT gets a 3.1.1 CONNACK
//!   with return code 1 (`mqtt_5_is_refused_with_the_3_1_1_return_code`).
//! - Its `$SYS` topics are `$SYS/<broker id>/...` (new/clients,
//!   new/subscribes, heartbeat once a minute), not `$SYS/broker/...`.
//!
//! Where they agree, and the tests check it: an empty retained PUBLISH is
//! forwarded to current subscribers as an empty message; a message that
//! matches a `+` subscription at QoS 1 and a `#` one at QoS 0 of one client
//! comes once, at QoS 0 rather than the highest (see the wildcard test).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Duration;

use common::*;
use webmqtt::codec::*;
use webmqtt::session::*;

use ProtocolVersion::V3_1_1;

const PAYLOAD: &[u8] = br#"{"voltage": 120}"#;
/// How long to listen for a message that must not come (a duplicate, a
/// non-matching topic). aedes delivers on loopback within milliseconds.
const QUIET: Duration = Duration::from_millis(500);

fn connect(listener: Listener, prefix: &str) -> Client {
    Client::connected(listener, opts(V3_1_1, &unique(prefix))).0
}

#[test]
fn publish_and_subscribe_at_every_qos_exactly_once() {
    if !aedes_running() {
        return;
    }
    for listener in [Listener::AedesWs, Listener::AedesTcp] {
        let topic = unique("aedes/qos");
        let mut sub = connect(listener, "sub");
        let mut publ = connect(listener, "pub");
        for qos in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
            let t = format!("{topic}/{}", qos.as_u8());
            let granted = sub.subscribe(&t, qos);
            assert_eq!(
                granted.iter().map(|c| c.granted_qos()).collect::<Vec<_>>(),
                vec![Some(qos)],
                "{listener:?} {qos:?}"
            );
            let result = publ.publish_and_wait(msg(&t, PAYLOAD, qos));
            assert!(result.is_ok(), "{listener:?} {qos:?}: {result:?}");
            let m = sub.message();
            assert_eq!(
                (
                    m.topic.as_str(),
                    m.payload.as_slice(),
                    m.qos,
                    m.retain,
                    m.dup
                ),
                (t.as_str(), PAYLOAD, qos, false, false),
                "{listener:?}"
            );
            assert_eq!(m.matched_filters, vec![t.clone()]);
            // Exactly once: nothing more arrives for this topic.
            let more = sub.messages_for(QUIET);
            assert!(more.is_empty(), "{listener:?} {qos:?}: again {more:?}");
        }
        sub.end();
        publ.end();
    }
}

#[test]
fn a_subscriber_to_its_own_topic_gets_each_qos_2_message_once() {
    // Publisher and subscriber on one connection: the PUBREC/PUBREL/PUBCOMP
    // of the outgoing flow and of the incoming flow interleave on one socket.
    if !aedes_running() {
        return;
    }
    let topic = unique("aedes/self");
    let mut c = connect(Listener::AedesWs, "self");
    c.subscribe(&topic, QoS::ExactlyOnce);
    let ids: Vec<CommandId> = (0..5u8)
        .map(|i| c.publish(msg(&topic, &[b'0' + i], QoS::ExactlyOnce)))
        .collect();
    for id in ids {
        match c.wait_for(
            Duration::from_secs(5),
            |e| matches!(e, Event::Published { id: i, .. } if *i == id),
        ) {
            Event::Published { result, .. } => assert!(result.is_ok(), "{result:?}"),
            _ => unreachable!(),
        }
    }
    let mut got: Vec<u8> = c
        .messages_for(QUIET)
        .iter()
        .inspect(|m| assert_eq!(m.qos, QoS::ExactlyOnce))
        .map(|m| m.payload[0])
        .collect();
    got.sort();
    assert_eq!(got, b"01234".to_vec());
    c.end();
}

#[test]
fn retained_message_reaches_new_subscribers() {
    if !aedes_running() {
        return;
    }
    let topic = unique("aedes/retained");
    let mut p = connect(Listener::AedesWs, "pub");
    let mut m = msg(&topic, PAYLOAD, QoS::AtLeastOnce);
    m.retain = true;
    p.publish_and_wait(m).unwrap();

    // A subscriber that arrives later gets it, flagged retained.
    let mut s = connect(Listener::AedesWs, "sub");
    s.subscribe(&topic, QoS::AtLeastOnce);
    let got = s.message();
    assert!(got.retain);
    assert_eq!(
        (got.topic.as_str(), got.payload.as_slice()),
        (topic.as_str(), PAYLOAD)
    );
    assert!(
        s.messages_for(QUIET).is_empty(),
        "the retained message came twice"
    );

    // A live message to a current subscriber is not flagged retained.
    let mut live = msg(&topic, b"live", QoS::AtLeastOnce);
    live.retain = true;
    p.publish_and_wait(live).unwrap();
    let got = s.message();
    assert_eq!((got.payload.as_slice(), got.retain), (&b"live"[..], false));

    // An empty retained publish clears it. Like Mosquitto, aedes forwards it
    // to current subscribers as an ordinary empty message (MQTT 3.1.1
    // §3.3.1.3: "processed as normal").
    let mut clear = msg(&topic, b"", QoS::AtLeastOnce);
    clear.retain = true;
    p.publish_and_wait(clear).unwrap();
    let got = s.message();
    assert_eq!((got.payload.as_slice(), got.retain), (&b""[..], false));

    // A new subscriber gets nothing, while a fresh message still flows.
    let mut late = connect(Listener::AedesWs, "late");
    late.subscribe(&topic, QoS::AtLeastOnce);
    let stale = late.messages_for(QUIET);
    assert!(stale.is_empty(), "retained message not cleared: {stale:?}");
    p.publish_and_wait(msg(&topic, b"after", QoS::AtLeastOnce))
        .unwrap();
    assert_eq!(late.message().payload, b"after");
    for c in [p, s, late] {
        c.end();
    }
}

#[test]
fn will_is_published_when_the_transport_drops_not_after_disconnect() {
    if !aedes_running() {
        return;
    }
    let will_topic = unique("aedes/will");
    let mut watcher = connect(Listener::AedesWs, "watch");
    watcher.subscribe(&format!("{will_topic}/+"), QoS::AtLeastOnce);
    let with_will = |name: &str| {
        let mut o = opts(V3_1_1, &unique(name));
        o.reconnect.enabled = false;
        o.will = Some(WillMessage {
            topic: format!("{will_topic}/{name}"),
            payload: PAYLOAD.to_vec(),
            qos: QoS::AtLeastOnce,
            ..WillMessage::default()
        });
        Client::connected(Listener::AedesWs, o).0
    };

    // A graceful end (DISCONNECT) discards the will.
    with_will("polite").end();
    let none = watcher.messages_for(QUIET);
    assert!(none.is_empty(), "will after DISCONNECT: {none:?}");

    // Dropping the connection without DISCONNECT (no WebSocket close frame
    // either) publishes it at once, well before any keep-alive timeout.
    let mut rude = with_will("rude");
    let started = std::time::Instant::now();
    rude.kill_transport();
    let m = watcher.message();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        (m.topic.as_str(), m.payload.as_slice(), m.qos, m.retain),
        (
            format!("{will_topic}/rude").as_str(),
            PAYLOAD,
            QoS::AtLeastOnce,
            false
        )
    );
    assert!(watcher.messages_for(QUIET).is_empty(), "will came twice");
    watcher.end();
}

#[test]
fn wildcard_subscriptions_match_the_right_topics() {
    if !aedes_running() {
        return;
    }
    let base = unique("aedes/wild");
    let plus = format!("{base}/+/voltage");
    let hash = format!("{base}/room1/#");
    let mut s_plus = connect(Listener::AedesWs, "plus");
    let mut s_hash = connect(Listener::AedesWs, "hash");
    let mut s_both = connect(Listener::AedesWs, "both");
    s_plus.subscribe(&plus, QoS::AtLeastOnce);
    s_hash.subscribe(&hash, QoS::AtLeastOnce);
    s_both.subscribe(&plus, QoS::AtLeastOnce);
    s_both.subscribe(&hash, QoS::AtMostOnce);

    let mut p = connect(Listener::AedesWs, "pub");
    let topics = [
        "room1/voltage",       // both filters
        "room2/voltage",       // `+` only
        "room1",               // `#` also matches its parent level
        "room1/a/b/c",         // `#` only
        "room1/voltage/extra", // `#` only: `+` is one level
        "room2/current",       // neither
        "voltage",             // neither: `+` needs a level
    ];
    for t in topics {
        p.publish_and_wait(msg(&format!("{base}/{t}"), PAYLOAD, QoS::AtLeastOnce))
            .unwrap();
    }
    // Also a sibling of the base that shares its prefix: matches nothing.
    p.publish_and_wait(msg(
        &format!("{base}x/room1/voltage"),
        PAYLOAD,
        QoS::AtLeastOnce,
    ))
    .unwrap();

    let received = |c: &mut Client| {
        let mut got: Vec<(String, Vec<String>)> = c
            .messages_for(QUIET)
            .into_iter()
            .map(|m| {
                assert_eq!(m.payload, PAYLOAD);
                let rest = m.topic.strip_prefix(&format!("{base}/")).unwrap();
                (rest.to_string(), m.matched_filters)
            })
            .collect();
        got.sort();
        got
    };
    let owned = |v: &[(&str, &[&String])]| -> Vec<(String, Vec<String>)> {
        v.iter()
            .map(|(t, f)| (t.to_string(), f.iter().map(|s| s.to_string()).collect()))
            .collect()
    };
    assert_eq!(
        received(&mut s_plus),
        owned(&[("room1/voltage", &[&plus]), ("room2/voltage", &[&plus])])
    );
    assert_eq!(
        received(&mut s_hash),
        owned(&[
            ("room1", &[&hash]),
            ("room1/a/b/c", &[&hash]),
            ("room1/voltage", &[&hash]),
            ("room1/voltage/extra", &[&hash]),
        ])
    );
    // Overlapping subscriptions of one client: aedes, like Mosquitto 2.0.11,
    // sends one copy, and the engine names every filter it matched. Both
    // send it at the QoS of the `#` subscription (0), not at the maximum of
    // the matching subscriptions (1) as MQTT 3.1.1 [MQTT-3.3.5-1] asks:
    // aedes keeps the first copy its matcher (qlobber, `#` before `+`)
    // finds and drops the rest.
    let both = s_both.messages_for(QUIET);
    let mut summary: Vec<(String, QoS, Vec<String>)> = both
        .into_iter()
        .map(|m| {
            let rest = m
                .topic
                .strip_prefix(&format!("{base}/"))
                .unwrap()
                .to_string();
            let mut f = m.matched_filters;
            f.sort();
            (rest, m.qos, f)
        })
        .collect();
    summary.sort();
    let mut both_filters = vec![hash.clone(), plus.clone()];
    both_filters.sort();
    assert_eq!(
        summary,
        vec![
            ("room1".to_string(), QoS::AtMostOnce, vec![hash.clone()]),
            (
                "room1/a/b/c".to_string(),
                QoS::AtMostOnce,
                vec![hash.clone()]
            ),
            ("room1/voltage".to_string(), QoS::AtMostOnce, both_filters),
            (
                "room1/voltage/extra".to_string(),
                QoS::AtMostOnce,
                vec![hash.clone()]
            ),
            (
                "room2/voltage".to_string(),
                QoS::AtLeastOnce,
                vec![plus.clone()]
            ),
        ]
    );
    for c in [s_plus, s_hash, s_both, p] {
        c.end();
    }
}

#[test]
fn mqtt_5_is_refused_with_the_3_1_1_return_code() {
    // aedes speaks 3.1 and 3.1.1 only. To a 5.0 CONNECT it answers with a
    // 3.1.1 CONNACK, return code 1 "unacceptable protocol version", and
    // closes. The engine reads that as 5.0's 0x84 and, reconnect on or
    // not, does not try again: this server will never speak 5.0.
    if !aedes_running() {
        return;
    }
    let o = opts(ProtocolVersion::V5, &unique("v5"));
    let mut c = Client::new(Listener::AedesWs, o);
    c.session.connect(c.now());
    match c.wait_for(Duration::from_secs(5), |e| {
        matches!(e, Event::Connected { .. } | Event::ConnectionLost { .. })
    }) {
        Event::ConnectionLost {
            reconnect_in: None,
            error: ConnectionError::Refused(ConnectReasonCode::UnsupportedProtocolVersion),
        } => {}
        other => panic!("{other:?}"),
    }
}
