//! The browser client in real headless Chromium and Firefox
//! (wasm-bindgen-test), against the Mosquitto that `scripts/test.sh`
//! starts. Its ports are compiled in from the environment.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use wasm_bindgen_test::*;
use webmqtt::codec::{ConnectReasonCode, ProtocolVersion, QoS, SubAckReasonCode};
use webmqtt::session::*;
use webmqtt::web::{ConnectOptions, ConnectTarget, Events, MqttClient};

wasm_bindgen_test_configure!(run_in_browser);

fn port(name: &str, value: Option<&'static str>) -> u16 {
    value
        .unwrap_or_else(|| panic!("{name} was not set at build time: run ./scripts/test.sh"))
        .parse()
        .unwrap()
}

fn ws_url() -> String {
    format!(
        "ws://127.0.0.1:{}/mqtt",
        port("WEBMQTT_WS_PORT", option_env!("WEBMQTT_WS_PORT"))
    )
}
fn ws_auth_url() -> String {
    format!(
        "ws://127.0.0.1:{}/mqtt",
        port("WEBMQTT_WS_AUTH_PORT", option_env!("WEBMQTT_WS_AUTH_PORT"))
    )
}
fn wss_url() -> String {
    format!(
        "wss://127.0.0.1:{}/mqtt",
        port("WEBMQTT_WSS_PORT", option_env!("WEBMQTT_WSS_PORT"))
    )
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{:x}", (js_sys::Math::random() * 1e15) as u64)
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout = js_sys::Reflect::get(&global, &"setTimeout".into()).unwrap();
        let set_timeout: js_sys::Function = set_timeout.into();
        set_timeout.call2(&global, &resolve, &ms.into()).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The next event, or a panic after `timeout`.
async fn next_event(events: &mut Events, timeout: Duration) -> Event {
    struct Next<'a>(&'a mut Events);
    impl Future for Next<'_> {
        type Output = Option<Event>;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Event>> {
            Pin::new(&mut *self.0).poll_next(cx)
        }
    }
    let deadline = js_sys::Date::now() + timeout.as_millis() as f64;
    loop {
        // Poll once; if nothing is ready, wait a little and look again.
        let mut next = Next(events);
        let waker = futures_noop_waker();
        let mut cx = Context::from_waker(&waker);
        if let Poll::Ready(e) = Pin::new(&mut next).poll(&mut cx) {
            return e.expect("event stream ended");
        }
        assert!(
            js_sys::Date::now() < deadline,
            "no event within {timeout:?}"
        );
        sleep(5).await;
    }
}

fn futures_noop_waker() -> std::task::Waker {
    std::task::Waker::noop().clone()
}

async fn wait_for(events: &mut Events, want: impl Fn(&Event) -> bool) -> Event {
    loop {
        let e = next_event(events, Duration::from_secs(10)).await;
        if want(&e) {
            return e;
        }
    }
}

async fn connected(url: String, options: Options) -> (MqttClient, Events) {
    let mut o = ConnectOptions::new(url);
    o.session = options;
    let (client, mut events) = MqttClient::connect(o).expect("valid options");
    match wait_for(&mut events, |e| {
        matches!(e, Event::Connected { .. } | Event::ConnectionLost { .. })
    })
    .await
    {
        Event::Connected { .. } => (client, events),
        other => panic!("connect failed: {other:?}"),
    }
}

fn options(version: ProtocolVersion) -> Options {
    Options {
        version,
        ..Options::default()
    }
}

async fn next_message(events: &mut Events) -> Message {
    match wait_for(events, |e| matches!(e, Event::Message(_))).await {
        Event::Message(m) => m,
        _ => unreachable!(),
    }
}

#[wasm_bindgen_test]
async fn qos_0_1_2_both_ways_over_websocket() {
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        let topic = unique("test/browser");
        let (sub, mut sub_events) = connected(ws_url(), options(version)).await;
        let (publ, _) = connected(ws_url(), options(version)).await;
        for qos in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
            let t = format!("{topic}/{}", qos.as_u8());
            let granted = sub
                .subscribe(SubscribeRequest::new(t.clone(), qos))
                .await
                .unwrap();
            assert_eq!(granted[0].granted_qos(), Some(qos));
            publ.publish(OutgoingMessage::new(
                t.clone(),
                format!("q{}", qos.as_u8()),
                qos,
            ))
            .await
            .unwrap();
            let m = next_message(&mut sub_events).await;
            assert_eq!((m.topic.as_str(), m.qos), (t.as_str(), qos));
            // And back the other way.
            sub.publish(OutgoingMessage::new(format!("{t}/back"), "b", qos))
                .await
                .unwrap();
        }
        sub.end(EndOptions::default()).await.unwrap();
        publ.end(EndOptions::default()).await.unwrap();
    }
}

/// MQTT 5.0 §3.14.2.2.2: a session expiry at DISCONNECT needs one at
/// CONNECT; refused, the client is still connected and works.
#[wasm_bindgen_test]
async fn end_refuses_a_session_expiry_the_connect_did_not_have() {
    let (client, _events) = connected(ws_url(), options(ProtocolVersion::V5)).await;
    let lasting = EndOptions {
        session_expiry_interval: Some(60),
        ..EndOptions::default()
    };
    assert_eq!(
        client.end(lasting).await,
        Err(EndError::SessionExpiryWasZero)
    );
    let topic = unique("sensors/after-refused-end");
    client
        .publish(OutgoingMessage::new(topic, "still here", QoS::AtLeastOnce))
        .await
        .unwrap();
    client.end(EndOptions::default()).await.unwrap();
}

#[wasm_bindgen_test]
async fn password_protected_listener_accepts_the_right_password() {
    let mut o = options(ProtocolVersion::V5);
    o.username = Some("sensor".into());
    o.password = Some(b"sensor-password".to_vec());
    let (client, mut events) = connected(ws_auth_url(), o).await;
    let topic = unique("sensors/browser");
    client
        .subscribe(SubscribeRequest::new(topic.clone(), QoS::AtLeastOnce))
        .await
        .unwrap();
    client
        .publish(OutgoingMessage::new(
            topic.clone(),
            r#"{"voltage": 120}"#,
            QoS::AtLeastOnce,
        ))
        .await
        .unwrap();
    assert_eq!(
        next_message(&mut events).await.payload_str(),
        Some(r#"{"voltage": 120}"#)
    );
    client.end(EndOptions::default()).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_refused_once_and_not_retried() {
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        let mut o = options(version);
        o.username = Some("sensor".into());
        o.password = Some(b"wrong".to_vec());
        // Reconnecting stays on, as by default: a refused login still stops.
        o.reconnect.min_delay = Duration::from_millis(50);
        let mut c = ConnectOptions::new(ws_auth_url());
        c.session = o;
        let (client, mut events) = MqttClient::connect(c).unwrap();
        let waiting = client.publish(OutgoingMessage::new("a", "x", QoS::AtLeastOnce));
        match wait_for(&mut events, |e| matches!(e, Event::ConnectionLost { .. })).await {
            Event::ConnectionLost {
                error,
                reconnect_in: None,
            } => {
                assert_eq!(
                    error,
                    ConnectionError::Refused(ConnectReasonCode::NotAuthorized)
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            waiting.await,
            Err(CommandError::ConnectionRefused(
                ConnectReasonCode::NotAuthorized
            ))
        );
        // Nothing more happens: no second attempt.
        sleep(1_000).await;
        let mut more = Vec::new();
        while let Some(e) = poll_now(&mut events) {
            more.push(e);
        }
        assert!(more.is_empty(), "{version:?}: {more:?}");
        client.end(EndOptions::default()).await.unwrap();
    }
}

/// A credentials provider, called before the attempt, gives the URL (none
/// is configured) and the login; one that fails ends the attempt with its
/// reason.
#[wasm_bindgen_test]
async fn a_credentials_provider_gives_the_url_and_login_or_fails_the_attempt() {
    let asked = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = asked.clone();
    let mut c = ConnectOptions::new(ws_url());
    c.urls = Vec::new();
    c.session = options(ProtocolVersion::V5);
    c.credentials = Some(Box::new(move || {
        counter.set(counter.get() + 1);
        Box::pin(async {
            sleep(10).await;
            Ok(ConnectTarget {
                url: Some(ws_auth_url()),
                username: Some("sensor".into()),
                password: Some(b"sensor-password".to_vec()),
            })
        })
    }));
    let (client, mut events) = MqttClient::connect(c).unwrap();
    let e = wait_for(&mut events, |e| {
        matches!(e, Event::Connected { .. } | Event::ConnectionLost { .. })
    })
    .await;
    assert!(matches!(e, Event::Connected { .. }), "{e:?}");
    assert_eq!(asked.get(), 1);
    client.end(EndOptions::default()).await.unwrap();

    let mut o = options(ProtocolVersion::V3_1_1);
    o.reconnect.enabled = false;
    let mut c = ConnectOptions::new(ws_url());
    c.session = o;
    c.credentials = Some(Box::new(|| {
        Box::pin(async { Err(String::from("token service down")) })
    }));
    let (_client, mut events) = MqttClient::connect(c).unwrap();
    match wait_for(&mut events, |e| matches!(e, Event::ConnectionLost { .. })).await {
        Event::ConnectionLost {
            error: ConnectionError::Transport(t),
            reconnect_in: None,
        } => assert_eq!(t.reason, "credentials provider failed: token service down"),
        other => panic!("{other:?}"),
    }
}

/// The next event if one is waiting now.
fn poll_now(events: &mut Events) -> Option<Event> {
    let waker = futures_noop_waker();
    let mut cx = Context::from_waker(&waker);
    match Pin::new(events).poll_next(&mut cx) {
        Poll::Ready(e) => e,
        Poll::Pending => None,
    }
}

#[wasm_bindgen_test]
async fn messages_of_1_and_16_mib_go_both_ways() {
    // Through the proxy to Mosquitto's TCP listener: its own WebSocket
    // listener would take 25 s a MiB (see tests/ws-proxy).
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        let (c, mut events) = connected(proxy_url("tcp"), options(version)).await;
        let topic = unique("test/big");
        c.subscribe(SubscribeRequest::new(topic.clone(), QoS::AtLeastOnce))
            .await
            .unwrap();
        for size in [1 << 20, 16 << 20] {
            let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            c.publish(OutgoingMessage::new(
                topic.clone(),
                payload.clone(),
                QoS::AtLeastOnce,
            ))
            .await
            .unwrap_or_else(|e| panic!("{version:?} {size}: {e}"));
            let m = next_message(&mut events).await;
            assert_eq!(m.payload.len(), size, "{version:?}");
            assert!(m.payload == payload, "{version:?} {size}: bytes differ");
        }
        c.end(EndOptions::default()).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_message_over_the_users_maximum_is_packet_too_large() {
    // 3.1.1 cannot announce the limit: the message arrives and is refused.
    let mut o = options(ProtocolVersion::V3_1_1);
    o.max_packet_size = Some(1024);
    o.reconnect.enabled = false;
    let (c, mut events) = connected(ws_url(), o).await;
    let topic = unique("test/too-big");
    c.subscribe(SubscribeRequest::new(topic.clone(), QoS::AtMostOnce))
        .await
        .unwrap();
    let (p, _) = connected(ws_url(), options(ProtocolVersion::V3_1_1)).await;
    p.publish(OutgoingMessage::new(topic, vec![0; 2000], QoS::AtMostOnce))
        .await
        .unwrap();
    match wait_for(&mut events, |e| matches!(e, Event::ConnectionLost { .. })).await {
        Event::ConnectionLost {
            error: ConnectionError::PacketTooLarge { size, max: 1024 },
            ..
        } => assert!(size > 2000, "{size}"),
        other => panic!("{other:?}"),
    }
    p.end(EndOptions::default()).await.unwrap();
}

/// How the one attempt on `url` (reconnecting off) failed.
async fn first_attempt_fails(url: &str) -> TransportError {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.reconnect.enabled = false;
    let mut c = ConnectOptions::new(url);
    c.session = o;
    let (_client, mut events) = MqttClient::connect(c).unwrap();
    match wait_for(&mut events, |e| matches!(e, Event::ConnectionLost { .. })).await {
        Event::ConnectionLost {
            error: ConnectionError::Transport(t),
            reconnect_in: None,
        } => t,
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_broker_that_is_not_there_fails_with_a_close_code() {
    let t = first_attempt_fails("ws://127.0.0.1:9/mqtt").await;
    assert_eq!(t.code, Some(1006), "{t}");
}

/// A URL the browser's `WebSocket` constructor refuses (a port over
/// 65535): the attempt fails without a close code, with the browser's
/// reason.
#[wasm_bindgen_test]
async fn a_url_the_browser_refuses_fails_with_its_reason() {
    let t = first_attempt_fails("ws://127.0.0.1:99999/mqtt").await;
    assert_eq!(t.code, None, "{t}");
    assert!(!t.reason.is_empty(), "{t}");
}

#[wasm_bindgen_test]
async fn retained_messages_over_websocket() {
    let topic = unique("test/browser-retained");
    let (p, _) = connected(ws_url(), options(ProtocolVersion::V3_1_1)).await;
    let mut m = OutgoingMessage::new(topic.clone(), "kept", QoS::AtLeastOnce);
    m.retain = true;
    p.publish(m).await.unwrap();
    let (s, mut events) = connected(ws_url(), options(ProtocolVersion::V3_1_1)).await;
    s.subscribe(SubscribeRequest::new(topic.clone(), QoS::AtLeastOnce))
        .await
        .unwrap();
    let got = next_message(&mut events).await;
    assert!(got.retain);
    let mut clear = OutgoingMessage::new(topic, "", QoS::AtLeastOnce);
    clear.retain = true;
    p.publish(clear).await.unwrap();
}

fn is_firefox() -> bool {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap();
    let agent = js_sys::Reflect::get(&navigator, &"userAgent".into()).unwrap();
    agent.as_string().unwrap_or_default().contains("Firefox")
}

#[wasm_bindgen_test]
async fn wss_with_a_throwaway_certificate() {
    // Chromium accepts the test certificate through webdriver.json's
    // --ignore-certificate-errors. Headless Firefox driven by
    // wasm-bindgen-test-runner rejects it (neither acceptInsecureCerts nor
    // an enterprise-policy CA took effect here), so there the test checks
    // that the rejection surfaces as a transport error.
    if is_firefox() {
        let mut o = options(ProtocolVersion::V5);
        o.reconnect.enabled = false;
        let mut c = ConnectOptions::new(wss_url());
        c.session = o;
        let (_client, mut events) = MqttClient::connect(c).unwrap();
        match wait_for(&mut events, |e| matches!(e, Event::ConnectionLost { .. })).await {
            Event::ConnectionLost {
                error: ConnectionError::Transport(t),
                ..
            } => assert_eq!(t.code, Some(1006)),
            other => panic!("{other:?}"),
        }
        return;
    }
    let (c, mut events) = connected(wss_url(), options(ProtocolVersion::V5)).await;
    let topic = unique("test/wss");
    let codes = c
        .subscribe(SubscribeRequest::new(topic.clone(), QoS::ExactlyOnce))
        .await
        .unwrap();
    assert_eq!(codes, vec![SubAckReasonCode::GrantedQoS2]);
    c.publish(OutgoingMessage::new(topic, "secure", QoS::ExactlyOnce))
        .await
        .unwrap();
    assert_eq!(next_message(&mut events).await.payload, b"secure");
}

#[wasm_bindgen_test]
async fn invalid_input_fails_before_anything_is_sent() {
    let (c, _) = connected(ws_url(), options(ProtocolVersion::V5)).await;
    let err = c
        .publish(OutgoingMessage::new("a/+", "x", QoS::AtMostOnce))
        .await
        .unwrap_err();
    assert!(matches!(err, CommandError::InvalidTopic { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "topic \"a/+\": topic name contains a wildcard (+ or #)"
    );
}

/// The re-framing proxy of tests/ws-proxy in front of Mosquitto's
/// WebSocket listener, with a mode in the path.
fn proxy_url(mode: &str) -> String {
    format!(
        "ws://127.0.0.1:{}/{mode}",
        port("WEBMQTT_PROXY_PORT", option_env!("WEBMQTT_PROXY_PORT"))
    )
}

/// Asks the proxy to restart the broker, and waits until it is back.
async fn restart_broker() {
    let ws = web_sys::WebSocket::new_with_str(&proxy_url("restart"), "mqtt").unwrap();
    let closed = js_sys::Promise::new(&mut |resolve, _| {
        ws.set_onclose(Some(&resolve));
    });
    wasm_bindgen_futures::JsFuture::from(closed).await.unwrap();
}

async fn round_trip_through(mode: &str, count: u8) {
    let (c, mut events) = connected(proxy_url(mode), options(ProtocolVersion::V5)).await;
    let topic = unique("test/framing");
    c.subscribe(SubscribeRequest::new(
        format!("{topic}/#"),
        QoS::ExactlyOnce,
    ))
    .await
    .unwrap();
    // Publish without waiting, so the broker's answers pile up and share
    // frames in the coalescing mode.
    for i in 0..count {
        let qos = [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce][usize::from(i % 3)];
        c.publish_detached(OutgoingMessage::new(
            format!("{topic}/{i}"),
            vec![i; 100],
            qos,
        ))
        .unwrap();
    }
    let mut got = Vec::new();
    while got.len() < usize::from(count) {
        let m = next_message(&mut events).await;
        assert_eq!(m.payload.len(), 100);
        got.push(m.payload[0]);
    }
    got.sort();
    assert_eq!(got, (0..count).collect::<Vec<u8>>(), "{mode}");
    c.end(EndOptions::default()).await.unwrap();
}

#[wasm_bindgen_test]
async fn every_byte_in_its_own_frame() {
    round_trip_through("bytes", 12).await;
}

#[wasm_bindgen_test]
async fn several_packets_in_one_frame() {
    round_trip_through("coalesce", 60).await;
}

#[wasm_bindgen_test]
async fn a_text_frame_closes_the_connection() {
    let mut o = options(ProtocolVersion::V3_1_1);
    o.reconnect.enabled = false;
    let mut c = ConnectOptions::new(proxy_url("text"));
    c.session = o;
    let (_client, mut events) = MqttClient::connect(c).unwrap();
    match wait_for(&mut events, |e| matches!(e, Event::ConnectionLost { .. })).await {
        Event::ConnectionLost {
            error,
            reconnect_in: None,
        } => {
            assert_eq!(
                error,
                ConnectionError::ProtocolViolation(ProtocolViolation::TextFrame)
            );
            assert_eq!(
                error.to_string(),
                "protocol violation: a WebSocket text frame (MQTT needs binary frames)"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn nothing_is_lost_at_qos_1_and_2_across_a_broker_restart() {
    let mut o = options(ProtocolVersion::V5);
    o.client_id = unique("survivor");
    // A new client identifier, so Clean Start 0 starts a fresh session that
    // Mosquitto writes to its persistence file at shutdown.
    o.clean_start = false;
    o.session_expiry_interval = Some(300);
    // Prove the session itself survives: no re-subscribing.
    o.restore_subscriptions = false;
    o.reconnect.min_delay = Duration::from_millis(100);
    o.reconnect.max_delay = Duration::from_millis(400);
    let (c, mut events) = connected(ws_url(), o).await;
    let topic = unique("test/restart");
    c.subscribe(SubscribeRequest::new(
        format!("{topic}/#"),
        QoS::ExactlyOnce,
    ))
    .await
    .unwrap();
    restart_broker().await;
    // Published while the connection is down or coming back: queued by the
    // engine, sent after the reconnect.
    let publishes: Vec<_> = (0..20u8)
        .map(|i| {
            let qos = if i % 2 == 0 {
                QoS::AtLeastOnce
            } else {
                QoS::ExactlyOnce
            };
            c.publish(OutgoingMessage::new(format!("{topic}/{i}"), vec![i], qos))
        })
        .collect();
    let mut reconnected_with_session = None;
    let mut got = Vec::new();
    while got.len() < 20 {
        let e = next_event(&mut events, Duration::from_secs(15)).await;
        console_log!("event: {e:?}");
        match e {
            Event::Connected {
                session_present, ..
            } => reconnected_with_session = Some(session_present),
            Event::Message(m) => got.push(m.payload[0]),
            _ => {}
        }
    }
    for p in publishes {
        p.await.expect("every publish completes");
    }
    assert_eq!(reconnected_with_session, Some(true));
    got.sort();
    assert_eq!(got, (0..20).collect::<Vec<u8>>());
    c.end(EndOptions::default()).await.unwrap();
}
