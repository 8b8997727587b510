//! MQTT 5.0 features of the session engine against a real Mosquitto.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Duration;

use common::*;
use webmqtt::codec::*;
use webmqtt::session::*;

use ProtocolVersion::V5;

const SECOND: Duration = Duration::from_secs(1);

fn filter(f: &str, options: SubscriptionOptions) -> SubscribeRequest {
    SubscribeRequest {
        filters: vec![FilterRequest {
            filter: f.into(),
            options,
        }],
        ..Default::default()
    }
}

#[test]
fn session_expiry_ends_a_session() {
    if !mosquitto_running() {
        return;
    }
    let id = unique("expiring");
    let mut o = opts(V5, &id);
    o.session_expiry_interval = Some(1);
    let (mut c, _) = Client::connected(Listener::Tcp, o.clone());
    c.subscribe(&unique("test/expiry"), QoS::AtLeastOnce);
    c.end();
    o.clean_start = false;
    // Within the interval the session is there…
    let (c, present) = Client::connected(Listener::Tcp, o.clone());
    assert!(present);
    c.end();
    // …and after it, gone.
    std::thread::sleep(Duration::from_millis(2_500));
    let (_, present) = Client::connected(Listener::Tcp, o);
    assert!(!present);
}

#[test]
fn message_properties_arrive_intact() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/props");
    let (mut s, _) = Client::connected(Listener::Tcp, opts(V5, &unique("sub")));
    s.subscribe(&topic, QoS::AtLeastOnce);
    let (mut p, _) = Client::connected(Listener::Ws, opts(V5, &unique("pub")));
    let mut m = msg(&topic, "héllo".as_bytes(), QoS::AtLeastOnce);
    m.properties = MessageProperties {
        payload_format: Some(PayloadFormat::Utf8),
        message_expiry_interval: Some(3_600),
        content_type: Some("text/plain; charset=utf-8".into()),
        response_topic: Some(format!("{topic}/reply")),
        correlation_data: Some(vec![0, 1, 2, 255]),
        user_properties: vec![
            OwnedUserProperty::new("unit", "V"),
            OwnedUserProperty::new("unit", "volt"),
            OwnedUserProperty::new("sensor", "room1"),
        ],
    };
    p.publish_and_wait(m.clone()).unwrap();
    let got = s.message();
    assert_eq!(got.payload_str(), Some("héllo"));
    assert_eq!(got.properties.payload_format, Some(PayloadFormat::Utf8));
    assert_eq!(got.properties.content_type, m.properties.content_type);
    assert_eq!(got.properties.response_topic, m.properties.response_topic);
    assert_eq!(
        got.properties.correlation_data,
        m.properties.correlation_data
    );
    assert_eq!(
        got.properties.user_properties, m.properties.user_properties,
        "order kept"
    );
    let expiry = got.properties.message_expiry_interval.unwrap();
    assert!((3_590..=3_600).contains(&expiry), "{expiry}");
}

#[test]
fn an_expired_retained_message_is_not_delivered() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/msg-expiry");
    let (mut p, _) = Client::connected(Listener::Tcp, opts(V5, &unique("pub")));
    let mut m = msg(&topic, b"short-lived", QoS::AtLeastOnce);
    m.retain = true;
    m.properties.message_expiry_interval = Some(1);
    p.publish_and_wait(m).unwrap();
    std::thread::sleep(Duration::from_millis(2_200));
    let (mut s, _) = Client::connected(Listener::Tcp, opts(V5, &unique("sub")));
    s.subscribe(&topic, QoS::AtLeastOnce);
    assert!(s.messages_for(Duration::from_millis(500)).is_empty());
}

#[test]
fn subscription_options_no_local_retain_as_published_and_retain_handling() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/options");
    let (mut c, _) = Client::connected(Listener::Tcp, opts(V5, &unique("self")));
    // No Local: this client's own publications do not come back.
    c.subscribe_request(filter(
        &format!("{topic}/own"),
        SubscriptionOptions {
            qos: QoS::AtLeastOnce,
            no_local: true,
            ..Default::default()
        },
    ));
    c.publish_and_wait(msg(&format!("{topic}/own"), b"mine", QoS::AtLeastOnce))
        .unwrap();
    assert!(c.messages_for(Duration::from_millis(300)).is_empty());

    // A retained message for the other options.
    let mut r = msg(&format!("{topic}/kept"), b"r", QoS::AtLeastOnce);
    r.retain = true;
    c.publish_and_wait(r).unwrap();
    // Retain Handling 2: no retained messages at subscribe time.
    let (mut s, _) = Client::connected(Listener::Tcp, opts(V5, &unique("sub")));
    s.subscribe_request(filter(
        &format!("{topic}/kept"),
        SubscriptionOptions {
            qos: QoS::AtLeastOnce,
            retain_handling: RetainHandling::DoNotSend,
            ..Default::default()
        },
    ));
    assert!(s.messages_for(Duration::from_millis(300)).is_empty());
    // Retain As Published: a live retained publication keeps its flag; and
    // without it the flag is cleared on live delivery.
    let (mut rap, _) = Client::connected(Listener::Tcp, opts(V5, &unique("rap")));
    rap.subscribe_request(filter(
        &format!("{topic}/live"),
        SubscriptionOptions {
            qos: QoS::AtLeastOnce,
            retain_as_published: true,
            retain_handling: RetainHandling::DoNotSend,
            ..Default::default()
        },
    ));
    let (mut plain, _) = Client::connected(Listener::Tcp, opts(V5, &unique("plain")));
    plain.subscribe_request(filter(
        &format!("{topic}/live"),
        SubscriptionOptions {
            qos: QoS::AtLeastOnce,
            retain_handling: RetainHandling::DoNotSend,
            ..Default::default()
        },
    ));
    let mut live = msg(&format!("{topic}/live"), b"l", QoS::AtLeastOnce);
    live.retain = true;
    c.publish_and_wait(live).unwrap();
    assert!(rap.message().retain);
    assert!(!plain.message().retain);
    for t in ["kept", "live"] {
        let mut clear = msg(&format!("{topic}/{t}"), b"", QoS::AtLeastOnce);
        clear.retain = true;
        c.publish_and_wait(clear).unwrap();
    }
}

#[test]
fn subscription_identifiers_name_the_matching_subscription() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/subid");
    let (mut s, _) = Client::connected(Listener::Tcp, opts(V5, &unique("sub")));
    let mut a = filter(
        &format!("{topic}/+"),
        SubscriptionOptions {
            qos: QoS::AtLeastOnce,
            ..Default::default()
        },
    );
    a.subscription_identifier = SubscriptionId::new(4_000);
    s.subscribe_request(a);
    s.subscribe(&format!("{topic}/b"), QoS::AtLeastOnce); // identifier assigned by the engine
    let (mut p, _) = Client::connected(Listener::Tcp, opts(V5, &unique("pub")));
    p.publish_and_wait(msg(&format!("{topic}/a"), b"1", QoS::AtLeastOnce))
        .unwrap();
    let m = s.message();
    assert_eq!(
        m.subscription_identifiers,
        vec![SubscriptionId::new(4_000).unwrap()]
    );
    assert_eq!(m.matched_filters, vec![format!("{topic}/+")]);
    p.publish_and_wait(msg(&format!("{topic}/b"), b"2", QoS::AtLeastOnce))
        .unwrap();
    // Both subscriptions match: Mosquitto sends one copy per subscription,
    // each naming its own identifier, and each names its own filter.
    let copies = s.messages_for(Duration::from_millis(500));
    assert_eq!(copies.len(), 2, "{copies:?}");
    for m in &copies {
        assert_eq!(m.subscription_identifiers.len(), 1);
        assert_eq!(m.matched_filters.len(), 1);
    }
    let mut filters: Vec<String> = copies
        .iter()
        .flat_map(|m| m.matched_filters.clone())
        .collect();
    filters.sort();
    assert_eq!(filters, vec![format!("{topic}/+"), format!("{topic}/b")]);
}

#[test]
fn request_response_with_response_topic_and_correlation_data() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/rpc");
    let (mut server, _) = Client::connected(Listener::Tcp, opts(V5, &unique("responder")));
    server.subscribe(&format!("{topic}/request"), QoS::AtLeastOnce);
    let mut o = opts(V5, &unique("requester"));
    o.request_response_information = true;
    let (mut client, _) = Client::connected(Listener::Tcp, o);
    let reply_to = format!("{topic}/reply/{}", client.session.client_id());
    client.subscribe(&reply_to, QoS::AtLeastOnce);
    let mut request = msg(&format!("{topic}/request"), b"2+2", QoS::AtLeastOnce);
    request.properties.response_topic = Some(reply_to.clone());
    request.properties.correlation_data = Some(b"req-1".to_vec());
    client.publish_and_wait(request).unwrap();
    let req = server.message();
    let mut response = msg(
        req.properties.response_topic.as_deref().unwrap(),
        b"4",
        QoS::AtLeastOnce,
    );
    response.properties.correlation_data = req.properties.correlation_data.clone();
    server.publish_and_wait(response).unwrap();
    let reply = client.message();
    assert_eq!(reply.payload, b"4");
    assert_eq!(
        reply.properties.correlation_data.as_deref(),
        Some(&b"req-1"[..])
    );
}

#[test]
fn client_topic_aliases_are_used_within_the_servers_maximum() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/alias");
    let (mut s, _) = Client::connected(Listener::Tcp, opts(V5, &unique("sub")));
    s.subscribe(&format!("{topic}/#"), QoS::AtLeastOnce);
    let (mut p, _) = Client::connected(Listener::Tcp, opts(V5, &unique("pub")));
    let maximum = p.session.limits().topic_alias_maximum;
    assert!(maximum > 0, "Mosquitto announces a Topic Alias Maximum");
    // More topics than aliases, each used twice: aliases are assigned,
    // reused and replaced, and every message arrives with its full topic.
    let topics: Vec<String> = (0..usize::from(maximum) + 3)
        .map(|i| format!("{topic}/{i}"))
        .collect();
    for round in 0..2u8 {
        for t in &topics {
            p.publish_and_wait(msg(t, &[round], QoS::AtLeastOnce))
                .unwrap();
        }
    }
    let got: Vec<String> = (0..topics.len() * 2).map(|_| s.message().topic).collect();
    let want: Vec<String> = topics.iter().chain(&topics).cloned().collect();
    assert_eq!(got, want);
}

#[test]
fn the_clients_maximum_packet_size_is_respected_by_the_server() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/maxsize");
    let mut o = opts(V5, &unique("small"));
    o.max_packet_size = Some(128);
    let (mut s, _) = Client::connected(Listener::Tcp, o);
    s.subscribe(&topic, QoS::AtLeastOnce);
    let (mut p, _) = Client::connected(Listener::Tcp, opts(V5, &unique("pub")));
    p.publish_and_wait(msg(&topic, &[b'x'; 500], QoS::AtLeastOnce))
        .unwrap();
    p.publish_and_wait(msg(&topic, b"small", QoS::AtLeastOnce))
        .unwrap();
    let got = s.messages_for(Duration::from_millis(500));
    assert_eq!(
        got.iter().map(|m| m.payload.clone()).collect::<Vec<_>>(),
        vec![b"small".to_vec()]
    );
    assert_eq!(s.session.state(), State::Connected);
}

#[test]
fn server_keep_alive_overrides_the_clients() {
    if !mosquitto_running() {
        return;
    }
    let mut o = opts(V5, &unique("slow"));
    o.keep_alive = 600;
    let (c, _) = Client::connected(Listener::Tcp, o);
    // tests/broker/mosquitto.conf.in sets max_keepalive 120.
    assert_eq!(c.session.limits().server_keep_alive, Some(120));
}

#[test]
fn flow_control_with_receive_maximum() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/flow");
    let mut o = opts(V5, &unique("sub"));
    o.receive_maximum = 2;
    let (mut s, _) = Client::connected(Listener::Tcp, o);
    s.subscribe(&topic, QoS::ExactlyOnce);
    let (mut p, _) = Client::connected(Listener::Tcp, opts(V5, &unique("pub")));
    // Mosquitto announces its own Receive Maximum: the engine's window.
    let window = p.session.limits().receive_maximum;
    assert!(window.is_some());
    let ids: Vec<CommandId> = (0..50u8)
        .map(|i| p.publish(msg(&topic, &[i], QoS::ExactlyOnce)))
        .collect();
    for id in ids {
        let e = p.wait_for(
            5 * SECOND,
            |e| matches!(e, Event::Published { id: i, .. } if *i == id),
        );
        assert!(matches!(e, Event::Published { result: Ok(_), .. }), "{e:?}");
    }
    let got: Vec<u8> = (0..50).map(|_| s.message().payload[0]).collect();
    assert_eq!(got, (0..50).collect::<Vec<u8>>(), "in order, each once");
}

#[test]
fn will_delay_postpones_the_will() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/willdelay");
    let (mut watcher, _) = Client::connected(Listener::Tcp, opts(V5, &unique("watch")));
    watcher.subscribe(&topic, QoS::AtLeastOnce);
    let mut o = opts(V5, &unique("mortal"));
    o.session_expiry_interval = Some(10);
    o.will = Some(WillMessage {
        topic: topic.clone(),
        payload: b"delayed".to_vec(),
        qos: QoS::AtLeastOnce,
        delay_interval: Some(2),
        ..WillMessage::default()
    });
    let (mut mortal, _) = Client::connected(Listener::Tcp, o);
    let lost_at = std::time::Instant::now();
    mortal.kill_transport();
    drop(mortal);
    let m = match watcher.wait_for(10 * SECOND, |e| matches!(e, Event::Message(_))) {
        Event::Message(m) => m,
        _ => unreachable!(),
    };
    assert_eq!(m.payload, b"delayed");
    assert!(
        lost_at.elapsed() >= Duration::from_millis(1_900),
        "{:?}",
        lost_at.elapsed()
    );
}

#[test]
fn disconnect_with_will_message_publishes_the_will() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/willnow");
    let (mut watcher, _) = Client::connected(Listener::Tcp, opts(V5, &unique("watch")));
    watcher.subscribe(&topic, QoS::AtLeastOnce);
    let mut o = opts(V5, &unique("leaver"));
    o.will = Some(WillMessage {
        topic: topic.clone(),
        payload: b"bye".to_vec(),
        ..WillMessage::default()
    });
    let (mut c, _) = Client::connected(Listener::Tcp, o);
    c.session
        .end(
            c.now(),
            EndOptions {
                reason: DisconnectReasonCode::DisconnectWithWillMessage,
                ..EndOptions::default()
            },
        )
        .unwrap();
    c.wait_for(5 * SECOND, |e| matches!(e, Event::Ended));
    assert_eq!(watcher.message().payload, b"bye");
}

#[test]
fn shared_subscriptions_split_the_messages() {
    if !mosquitto_running() {
        return;
    }
    let topic = unique("test/shared");
    let group = format!("$share/workers/{topic}");
    let (mut a, _) = Client::connected(Listener::Tcp, opts(V5, &unique("a")));
    let (mut b, _) = Client::connected(Listener::Tcp, opts(V5, &unique("b")));
    a.subscribe(&group, QoS::AtLeastOnce);
    b.subscribe(&group, QoS::AtLeastOnce);
    let (mut p, _) = Client::connected(Listener::Tcp, opts(V5, &unique("pub")));
    for i in 0..20u8 {
        p.publish_and_wait(msg(&topic, &[i], QoS::AtLeastOnce))
            .unwrap();
    }
    let got_a = a.messages_for(Duration::from_millis(500));
    let got_b = b.messages_for(Duration::from_millis(100));
    let mut all: Vec<u8> = got_a.iter().chain(&got_b).map(|m| m.payload[0]).collect();
    all.sort();
    assert_eq!(
        all,
        (0..20).collect::<Vec<u8>>(),
        "each message to exactly one member"
    );
    assert!(
        !got_a.is_empty() && !got_b.is_empty(),
        "both members got some"
    );
    assert_eq!(got_a[0].matched_filters, vec![group.clone()]);
}
