//! The session engine against a real Mosquitto on loopback, over TCP and
//! WebSocket, for MQTT 3.1.1 and 5.0. The broker is the one `scripts/test.sh`
//! starts, or one this binary starts itself with `scripts/broker.sh`
//! (`tests/broker/mosquitto.conf.in`); without Mosquitto installed, each
//! test prints one `skipped:` line.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Duration;

use common::*;
use webmqtt::codec::*;
use webmqtt::session::*;

use ProtocolVersion::{V3_1, V3_1_1, V5};

const BOTH: [ProtocolVersion; 2] = [V3_1_1, V5];
const SECOND: Duration = Duration::from_secs(1);

fn sub_opts(qos: QoS) -> SubscriptionOptions {
    SubscriptionOptions {
        qos,
        ..Default::default()
    }
}

#[test]
fn publish_and_subscribe_at_every_qos_over_tcp_and_websocket() {
    if !mosquitto_running() {
        return;
    }
    for version in [V3_1, V3_1_1, V5] {
        for listener in [Listener::Tcp, Listener::Ws] {
            let topic = unique("test/basic");
            let (mut sub, _) = Client::connected(listener, opts(version, &unique("sub")));
            let (mut publ, _) = Client::connected(listener, opts(version, &unique("pub")));
            for qos in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
                let granted = sub.subscribe(&format!("{topic}/{}", qos.as_u8()), qos);
                assert_eq!(
                    granted[0].granted_qos(),
                    Some(qos),
                    "{version} {listener:?}"
                );
                let payload = format!("payload at qos {}", qos.as_u8());
                let result = publ.publish_and_wait(msg(
                    &format!("{topic}/{}", qos.as_u8()),
                    payload.as_bytes(),
                    qos,
                ));
                assert!(result.is_ok(), "{version} {listener:?} {qos:?}: {result:?}");
                let m = sub.message();
                assert_eq!(
                    (m.payload_str(), m.qos),
                    (Some(payload.as_str()), qos),
                    "{version} {listener:?}"
                );
                assert_eq!(m.topic, format!("{topic}/{}", qos.as_u8()));
            }
            sub.end();
            publ.end();
        }
    }
}

#[test]
fn the_voltage_exchange_users_start_from() {
    if !mosquitto_running() {
        return;
    }
    // A sensor with a random id and username/password publishes JSON; a
    // dashboard, subscribed as soon as its connection is acknowledged,
    // receives it through its message handler.
    let topic = unique("sensors/room1");
    for listener in [Listener::Auth, Listener::WsAuth] {
        let mut o = opts(V5, "");
        o.client_id = generate_client_id(rand_seed());
        o.username = Some(USER.into());
        o.password = Some(PASSWORD.into());
        let (mut dashboard, _) = Client::connected(listener, o.clone());
        dashboard.subscribe(&format!("{topic}/#"), QoS::AtLeastOnce);
        o.client_id = generate_client_id(rand_seed());
        let (mut sensor, _) = Client::connected(listener, o);
        let mut m = msg(
            &format!("{topic}/voltage"),
            br#"{"voltage": 120}"#,
            QoS::AtLeastOnce,
        );
        m.properties.content_type = Some("application/json".into());
        sensor.publish_and_wait(m).unwrap();
        let got = dashboard.message();
        assert_eq!(got.payload_str(), Some(r#"{"voltage": 120}"#));
        assert_eq!(
            got.properties.content_type.as_deref(),
            Some("application/json")
        );
        assert_eq!(got.matched_filters, vec![format!("{topic}/#")]);
        sensor.end();
        dashboard.end();
    }
}

fn rand_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(std::process::id() as u64);
    h.finish()
}

#[test]
fn wrong_password_is_refused_with_a_clear_error() {
    if !mosquitto_running() {
        return;
    }
    for (version, expected) in [
        (V3_1_1, ConnectReasonCode::NotAuthorized),
        // Mosquitto 2.0.11 answers a bad password with "not authorized" in
        // both versions (return code 5, reason code 0x87).
        (V5, ConnectReasonCode::NotAuthorized),
    ] {
        let mut o = opts(version, &unique("bad"));
        o.username = Some(USER.into());
        o.password = Some(b"wrong".to_vec());
        o.reconnect.enabled = false;
        let mut c = Client::new(Listener::Auth, o);
        c.session.connect(c.now());
        match c.wait_for(5 * SECOND, |e| matches!(e, Event::ConnectionLost { .. })) {
            Event::ConnectionLost {
                error,
                reconnect_in: None,
            } => {
                assert_eq!(error, ConnectionError::Refused(expected), "{version}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_broker_that_is_not_there_is_a_transport_error() {
    if !mosquitto_running() {
        return;
    }
    let mut o = opts(V5, &unique("nowhere"));
    o.reconnect.enabled = false;
    let mut c = Client::new(Listener::Nowhere, o);
    c.session.connect(c.now());
    match c.wait_for(5 * SECOND, |e| matches!(e, Event::ConnectionLost { .. })) {
        Event::ConnectionLost {
            error: ConnectionError::Transport(_),
            reconnect_in: None,
        } => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn retained_messages_reach_new_subscribers() {
    if !mosquitto_running() {
        return;
    }
    for version in BOTH {
        let topic = unique("test/retained");
        let (mut p, _) = Client::connected(Listener::Tcp, opts(version, &unique("pub")));
        let mut m = msg(&topic, b"kept", QoS::AtLeastOnce);
        m.retain = true;
        p.publish_and_wait(m).unwrap();
        let (mut s, _) = Client::connected(Listener::Tcp, opts(version, &unique("sub")));
        s.subscribe(&topic, QoS::AtLeastOnce);
        let got = s.message();
        assert!(got.retain, "{version}");
        assert_eq!(got.payload, b"kept");
        // Clear it.
        let mut clear = msg(&topic, b"", QoS::AtLeastOnce);
        clear.retain = true;
        p.publish_and_wait(clear).unwrap();
    }
}

#[test]
fn zero_length_client_id() {
    if !mosquitto_running() {
        return;
    }
    // 3.1.1 accepts it with a clean session.
    let (c, _) = Client::connected(Listener::Tcp, opts(V3_1_1, ""));
    c.end();
    // 5.0 assigns one.
    let (c, _) = Client::connected(Listener::Tcp, opts(V5, ""));
    let assigned = c.session.limits().assigned_client_identifier.clone();
    assert!(
        assigned.as_deref().is_some_and(|id| !id.is_empty()),
        "{assigned:?}"
    );
    assert_eq!(c.session.client_id(), assigned.unwrap());
    c.end();
}

#[test]
fn a_persistent_session_queues_messages_while_offline() {
    if !mosquitto_running() {
        return;
    }
    for version in BOTH {
        let topic = unique("test/offline");
        let id = unique("persistent");
        let mut o = opts(version, &id);
        o.clean_start = false;
        o.session_expiry_interval = Some(60);
        let (mut s, _) = Client::connected(Listener::Tcp, o.clone());
        s.subscribe(&topic, QoS::AtLeastOnce);
        s.end();
        let (mut p, _) = Client::connected(Listener::Tcp, opts(version, &unique("pub")));
        for i in 0..5u8 {
            p.publish_and_wait(msg(&topic, &[i], QoS::AtLeastOnce))
                .unwrap();
        }
        let (mut s, present) = Client::connected(Listener::Tcp, o);
        assert!(present, "{version}: session present");
        let got: Vec<u8> = (0..5).map(|_| s.message().payload[0]).collect();
        assert_eq!(got, vec![0, 1, 2, 3, 4], "{version}");
        // Clean up the session.
        let mut o = opts(version, &id);
        o.clean_start = true;
        Client::connected(Listener::Tcp, o).0.end();
    }
}

#[test]
fn overlapping_subscriptions_report_every_matching_filter() {
    if !mosquitto_running() {
        return;
    }
    for version in BOTH {
        let topic = unique("test/overlap");
        let (mut s, _) = Client::connected(Listener::Tcp, opts(version, &unique("sub")));
        s.subscribe(&format!("{topic}/#"), QoS::AtLeastOnce);
        s.subscribe(&format!("{topic}/+/temp"), QoS::AtMostOnce);
        let (mut p, _) = Client::connected(Listener::Tcp, opts(version, &unique("pub")));
        p.publish_and_wait(msg(&format!("{topic}/room/temp"), b"21", QoS::AtLeastOnce))
            .unwrap();
        let messages = s.messages_for(SECOND);
        assert!(!messages.is_empty(), "{version}");
        let mut filters: Vec<String> = messages
            .iter()
            .flat_map(|m| m.matched_filters.clone())
            .collect();
        filters.sort();
        filters.dedup();
        assert_eq!(
            filters,
            vec![format!("{topic}/#"), format!("{topic}/+/temp")],
            "{version}"
        );
        if version == V5 {
            // With subscription identifiers each copy names exactly the
            // subscriptions it was sent for.
            for m in &messages {
                assert_eq!(
                    m.matched_filters.len(),
                    m.subscription_identifiers.len().max(1)
                );
            }
        }
    }
}

#[test]
fn a_silent_client_is_disconnected_and_its_will_published() {
    if !mosquitto_running() {
        return;
    }
    for version in BOTH {
        let will_topic = unique("test/will");
        let (mut watcher, _) = Client::connected(Listener::Tcp, opts(version, &unique("watch")));
        watcher.subscribe(&will_topic, QoS::AtLeastOnce);
        let id = unique("silent");
        let _silent = Raw::connect(&Connect {
            protocol: version,
            keep_alive: 1,
            client_id: &id,
            will: Some(Will {
                topic: &will_topic,
                payload: b"gone",
                qos: QoS::AtLeastOnce,
                ..Will::default()
            }),
            ..Connect::default()
        });
        // Mosquitto allows 1.5 keep alive periods of silence, and checks
        // keep alive in its main loop: allow it some seconds more.
        let started = std::time::Instant::now();
        let m = match watcher.wait_for(20 * SECOND, |e| matches!(e, Event::Message(_))) {
            Event::Message(m) => m,
            _ => unreachable!(),
        };
        eprintln!("{version}: will after {:?}", started.elapsed());
        assert_eq!(m.payload, b"gone", "{version}");
    }
}

#[test]
fn the_engine_keeps_a_short_keep_alive_connection_up() {
    if !mosquitto_running() {
        return;
    }
    let mut o = opts(V5, &unique("pinger"));
    o.keep_alive = 1;
    let (mut c, _) = Client::connected(Listener::Tcp, o);
    c.run_for(4 * SECOND);
    assert!(
        !c.events
            .iter()
            .any(|e| matches!(e, Event::ConnectionLost { .. })),
        "{:?}",
        c.events
    );
    assert_eq!(c.session.state(), State::Connected);
}

#[test]
fn an_unacknowledged_message_is_redelivered_after_reconnect() {
    if !mosquitto_running() {
        return;
    }
    for version in BOTH {
        let topic = unique("test/redeliver");
        let id = unique("flaky");
        // A raw subscriber that receives a QoS 1 message and never
        // acknowledges it.
        // A session that outlives the connection: Clean Session off in
        // 3.1.1, a Session Expiry Interval in 5.0.
        let mut raw = Raw::connect(&Connect {
            protocol: version,
            clean_start: version == V5,
            client_id: &id,
            properties: ConnectProperties {
                session_expiry_interval: (version == V5).then_some(60),
                ..Default::default()
            },
            ..Connect::default()
        });
        raw.send(&Packet::Subscribe(Subscribe {
            packet_id: PacketId::new(1).unwrap(),
            properties: SubscribeProperties::default(),
            subscriptions: vec![Subscription {
                filter: &topic,
                options: sub_opts(QoS::AtLeastOnce),
            }],
        }));
        raw.recv_packet_type(PacketType::SubAck);
        let (mut p, _) = Client::connected(Listener::Tcp, opts(version, &unique("pub")));
        p.publish_and_wait(msg(&topic, b"again", QoS::AtLeastOnce))
            .unwrap();
        raw.recv_packet_type(PacketType::Publish);
        drop(raw);
        // The engine takes over the session and gets it again, DUP set.
        let mut o = opts(version, &id);
        o.clean_start = false;
        o.session_expiry_interval = Some(0);
        let (mut s, present) = Client::connected(Listener::Tcp, o);
        assert!(present, "{version}");
        let m = s.message();
        assert_eq!(
            (m.payload.as_slice(), m.dup),
            (&b"again"[..], true),
            "{version}"
        );
    }
}

#[test]
fn the_engine_resends_its_own_unacknowledged_publish_with_dup() {
    if !mosquitto_running() {
        return;
    }
    for version in BOTH {
        let topic = unique("test/resend");
        let (mut s, _) = Client::connected(Listener::Tcp, opts(version, &unique("sub")));
        s.subscribe(&topic, QoS::AtLeastOnce);
        let mut o = opts(version, &unique("resender"));
        o.clean_start = false;
        o.session_expiry_interval = Some(60);
        let (mut p, _) = Client::connected(Listener::Tcp, o);
        // The PUBLISH is lost with the connection.
        p.black_hole = true;
        let id = p.publish(msg(&topic, b"resent", QoS::AtLeastOnce));
        p.kill_transport();
        p.black_hole = false;
        let done = p.wait_for(
            5 * SECOND,
            |e| matches!(e, Event::Published { id: i, .. } if *i == id),
        );
        assert!(
            matches!(done, Event::Published { result: Ok(_), .. }),
            "{version}: {done:?}"
        );
        let m = s.message();
        assert_eq!(m.payload, b"resent", "{version}");
    }
}

#[test]
fn acl_denied_topics_are_granted_but_never_delivered() {
    if !mosquitto_running() {
        return;
    }
    // Mosquitto 2.0.11 answers a SUBSCRIBE its ACL denies with the granted
    // QoS and filters delivery instead (SUBACK failures are covered against
    // a scripted peer in tests/session_engine.rs).
    for version in BOTH {
        let mut o = opts(version, &unique("acl"));
        o.username = Some(USER.into());
        o.password = Some(PASSWORD.into());
        let (mut c, _) = Client::connected(Listener::Auth, o.clone());
        let codes = c.subscribe_request(SubscribeRequest {
            filters: vec![
                FilterRequest::new("sensors/acl", QoS::AtLeastOnce),
                FilterRequest::new("secret/x", QoS::AtLeastOnce),
            ],
            ..Default::default()
        });
        assert_eq!(codes.len(), 2, "{version}");
        o.client_id = unique("acl-pub");
        let (mut p, _) = Client::connected(Listener::Auth, o);
        p.publish_and_wait(msg("secret/x", b"hidden", QoS::AtLeastOnce))
            .ok();
        p.publish_and_wait(msg("sensors/acl", b"visible", QoS::AtLeastOnce))
            .unwrap();
        let got: Vec<Vec<u8>> = c
            .messages_for(Duration::from_millis(500))
            .into_iter()
            .map(|m| m.payload)
            .collect();
        assert_eq!(got, vec![b"visible".to_vec()], "{version}");
    }
}

#[test]
fn dollar_topics_are_not_matched_by_wildcards() {
    if !mosquitto_running() {
        return;
    }
    for version in BOTH {
        let (mut c, _) = Client::connected(Listener::Tcp, opts(version, &unique("sys")));
        c.subscribe("#", QoS::AtMostOnce);
        c.subscribe("$SYS/broker/uptime", QoS::AtMostOnce);
        let messages = c.messages_for(Duration::from_millis(2_500));
        let sys: Vec<&Message> = messages
            .iter()
            .filter(|m| m.topic.starts_with('$'))
            .collect();
        assert!(
            !sys.is_empty(),
            "{version}: $SYS/broker/uptime arrives every second"
        );
        for m in sys {
            assert_eq!(
                m.matched_filters,
                vec!["$SYS/broker/uptime".to_string()],
                "{version}"
            );
        }
    }
}

#[test]
fn unsubscribe_stops_messages() {
    if !mosquitto_running() {
        return;
    }
    for version in BOTH {
        let topic = unique("test/unsub");
        let (mut s, _) = Client::connected(Listener::Tcp, opts(version, &unique("sub")));
        s.subscribe(&topic, QoS::AtLeastOnce);
        let (mut p, _) = Client::connected(Listener::Tcp, opts(version, &unique("pub")));
        p.publish_and_wait(msg(&topic, b"1", QoS::AtLeastOnce))
            .unwrap();
        assert_eq!(s.message().payload, b"1");
        let codes = s.unsubscribe(&topic);
        assert_eq!(codes, vec![UnsubAckReasonCode::Success], "{version}");
        p.publish_and_wait(msg(&topic, b"2", QoS::AtLeastOnce))
            .unwrap();
        assert!(
            s.messages_for(Duration::from_millis(300)).is_empty(),
            "{version}"
        );
        if version == V5 {
            assert_eq!(
                s.unsubscribe(&topic),
                vec![UnsubAckReasonCode::NoSubscriptionExisted]
            );
        }
    }
}
