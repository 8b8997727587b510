//! webmqtt's codec for the browser benchmark (never in the npm package):
//! decode and encode called from JavaScript one packet at a time, the way
//! mqtt-packet is, so the comparison includes crossing the JS–wasm
//! boundary.

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use webmqtt::codec::{
    Connect, Encode, MAX_PACKET_SIZE, Packet, PacketId, ProtocolVersion, Publish,
    PublishProperties, QoS, Status, Subscribe, SubscribeProperties, Subscription,
    SubscriptionOptions, UserProperty, decode,
};

// The npm package's way of handing bytes to JS (views into shared blocks),
// compiled from its source file rather than exported from webmqtt, so that
// "parse" costs what delivering a message costs there.
#[path = "../../../../src/js/payload_pool.rs"]
mod payload_pool;
use payload_pool::to_js;

fn version(v5: bool) -> ProtocolVersion {
    if v5 {
        ProtocolVersion::V5
    } else {
        ProtocolVersion::V3_1_1
    }
}

/// Decodes one packet from JS bytes (copied into wasm memory, as a received
/// frame is); returns the packet type, or 0 on an error.
#[wasm_bindgen(js_name = benchParse)]
pub fn bench_parse(bytes: &[u8], v5: bool) -> u8 {
    match decode(bytes, version(v5), MAX_PACKET_SIZE) {
        Ok(Status::Complete((p, _))) => p.packet_type() as u8,
        _ => 0,
    }
}

/// Decodes a PUBLISH and hands its topic and payload to JS, as a client
/// delivering a message does; returns the payload length.
#[wasm_bindgen(js_name = benchParseToJs)]
pub fn bench_parse_to_js(bytes: &[u8], v5: bool) -> Option<Uint8Array> {
    match decode(bytes, version(v5), MAX_PACKET_SIZE) {
        Ok(Status::Complete((Packet::Publish(p), _))) => Some(to_js(p.payload)),
        _ => None,
    }
}

/// Encodes a PUBLISH from JS values into a `Uint8Array` of its own bytes
/// (a view into a shared block, see `payload_pool`), as mqtt-packet's
/// `generate` returns a Buffer.
#[wasm_bindgen(js_name = benchGeneratePublish)]
pub fn bench_generate_publish(
    topic: &str,
    payload: &[u8],
    qos: u8,
    v5: bool,
    user_property: bool,
) -> Uint8Array {
    let qos = QoS::try_from(qos).unwrap_or(QoS::AtMostOnce);
    let mut properties = PublishProperties::default();
    if user_property {
        properties
            .user_properties
            .push(UserProperty::new("unit", "V"));
    }
    let p = Publish {
        qos,
        topic,
        payload,
        packet_id: (qos != QoS::AtMostOnce).then_some(PacketId::MIN),
        properties,
        ..Publish::default()
    };
    let mut out = Vec::new();
    let _ = p.encode(version(v5), &mut out);
    to_js(&out)
}

/// Encodes a CONNECT with a client id, user name and password.
#[wasm_bindgen(js_name = benchGenerateConnect)]
pub fn bench_generate_connect(
    client_id: &str,
    username: &str,
    password: &[u8],
    v5: bool,
) -> Uint8Array {
    let c = Connect {
        protocol: version(v5),
        client_id,
        username: Some(username),
        password: Some(password),
        ..Connect::default()
    };
    let mut out = Vec::new();
    let _ = c.encode(c.protocol, &mut out);
    to_js(&out)
}

/// Encodes a SUBSCRIBE to `filters` at QoS 1.
#[wasm_bindgen(js_name = benchGenerateSubscribe)]
pub fn bench_generate_subscribe(filters: Vec<String>, v5: bool) -> Uint8Array {
    let s = Subscribe {
        packet_id: PacketId::MIN,
        properties: SubscribeProperties::default(),
        subscriptions: filters
            .iter()
            .map(|f| Subscription {
                filter: f,
                options: SubscriptionOptions {
                    qos: QoS::AtLeastOnce,
                    ..Default::default()
                },
            })
            .collect(),
    };
    let mut out = Vec::new();
    let _ = s.encode(version(v5), &mut out);
    to_js(&out)
}
