//! The body of the worker tests, shared by `web_worker.rs` (a dedicated
//! Worker) and `web_shared_worker.rs` (a SharedWorker).

use wasm_bindgen_test::*;
use webmqtt::codec::{ProtocolVersion, QoS};
use webmqtt::session::*;
use webmqtt::web::{ConnectOptions, MqttClient, next_event};

fn ws_url() -> String {
    let port = option_env!("WEBMQTT_WS_PORT").unwrap_or_else(|| {
        panic!("WEBMQTT_WS_PORT was not set at build time: run ./scripts/test.sh")
    });
    format!("ws://127.0.0.1:{port}/mqtt")
}

#[wasm_bindgen_test]
async fn publish_and_receive_inside_a_worker() {
    // There is no window here.
    assert!(
        js_sys::Reflect::get(&js_sys::global(), &"document".into())
            .unwrap()
            .is_undefined()
    );
    let mut o = ConnectOptions::new(ws_url());
    o.session.version = ProtocolVersion::V5;
    let (client, mut events) = MqttClient::connect(o).unwrap();
    loop {
        match next_event(&mut events).await.unwrap() {
            Event::Connected { .. } => break,
            Event::ConnectionLost { error, .. } => panic!("{error}"),
            _ => {}
        }
    }
    let topic = format!("test/worker-{:x}", (js_sys::Math::random() * 1e12) as u64);
    client
        .subscribe(SubscribeRequest::new(topic.clone(), QoS::AtLeastOnce))
        .await
        .unwrap();
    client
        .publish(OutgoingMessage::new(
            topic.clone(),
            "from a worker",
            QoS::ExactlyOnce,
        ))
        .await
        .unwrap();
    loop {
        if let Event::Message(m) = next_event(&mut events).await.unwrap() {
            assert_eq!(m.payload_str(), Some("from a worker"));
            break;
        }
    }
    client.end(EndOptions::default()).await.unwrap();
}
