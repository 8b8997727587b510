//! MQTT.js-style options, validated field by field into the engine's.
//!
//! Field by field rather than `serde_wasm_bindgen::from_value` into a
//! derived struct: that made the npm package 24.8 KB gzip larger (88.1 →
//! 112.9 KB, 19 KB of it float formatting for serde's error texts), and its
//! errors name Rust types (`expected u16`) where these name the option and
//! carry `INVALID_ARGUMENT`. Options that take a string or bytes would need
//! this code anyway.

use crate::std_prelude::*;

use core::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

use super::convert::{Fields, field, properties};
use super::error::cat;
use super::glue::{list_of, topics_of};
use super::strings::key;
use crate::codec::{ProtocolVersion, QoS, RetainHandling, SubscriptionOptions};
use crate::session::{
    ConfigError, FilterRequest, MessageProperties, Options, OutboxOptions, OutgoingMessage,
    WillMessage,
};
use crate::web::{ConnectOptions, ConnectTarget, Provide, from_js};

/// Broker URLs from a string or an array of strings; each must be `ws://`
/// or `wss://`.
pub(crate) fn urls(r: &mut Fields, v: &JsValue) -> Vec<String> {
    let mut out = Vec::new();
    // By index, as the other lists: `iter()` was an iterator's code for
    // these two loops.
    let list = list_of(v);
    for i in 0..list.length() {
        let Some(s) = list.get_unchecked(i).as_string() else {
            r.fail("url", "must be a string or an array of strings");
            continue;
        };
        if !(s.starts_with("ws://") || s.starts_with("wss://")) {
            r.fail("url", &cat(&["\"", &s, "\" is not a ws:// or wss:// URL"]));
        }
        out.push(s);
    }
    if out.is_empty() {
        r.fail("url", "at least one broker URL is needed");
    }
    out
}

fn version(r: &mut Fields, o: &JsValue) -> ProtocolVersion {
    match r.uint(o, key!("protocolVersion"), 255) {
        Some(3) => ProtocolVersion::V3_1,
        Some(5) => ProtocolVersion::V5,
        None | Some(4) => ProtocolVersion::V3_1_1,
        Some(_) => {
            r.fail("protocolVersion", "must be 3, 4 or 5");
            ProtocolVersion::V3_1_1
        }
    }
}

fn will(r: &mut Fields, o: &JsValue) -> Option<WillMessage> {
    let w = field(o, key!("will"))?;
    r.at = "will.";
    let topic = r.string(&w, key!("topic"));
    if topic.is_none() {
        r.fail("topic", "is required");
    }
    let payload = r.opt_bytes(&w, key!("payload")).unwrap_or_default();
    let props = properties(&w);
    r.at = "will.properties.";
    let delay = r.uint(&props, key!("willDelayInterval"), u32::MAX);
    r.at = "will.";
    let qos = r.qos(&w, key!("qos"), QoS::AtMostOnce);
    let retain = r.bool(&w, key!("retain")).unwrap_or(false);
    r.at = "will.properties.";
    let properties = r.message_properties(&w);
    r.at = "";
    Some(WillMessage {
        topic: topic.unwrap_or_default(),
        payload,
        qos,
        retain,
        delay_interval: delay,
        properties,
    })
}

/// The text of an error the option readers made (an `MqttError`).
fn error_text(e: JsValue) -> String {
    field(&e, key!("message"))
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

/// Calls the user's async credentials function before each attempt (read
/// apart from the other options: the driver takes it as a callback, not as
/// a future).
pub(crate) fn credentials(r: &mut Fields, o: &JsValue) -> Option<Provide> {
    // Tested and cast, not `dyn_into`: its instance for `Function` was
    // code of its own for this one call.
    let f = field(o, key!("credentials"))?;
    if !f.is_function() {
        r.fail("credentials", "must be a function");
        return None;
    }
    Some(from_js(f.unchecked_into(), target))
}

/// What the credentials function returned (or its promise resolved with),
/// or why it failed: what it threw or rejected with (`failed`), or an
/// invalid field.
fn target(value: JsValue, failed: bool) -> Result<ConnectTarget, String> {
    if failed {
        // `provide` made the text of what was thrown or rejected.
        return Err(value.as_string().unwrap_or_default());
    }
    let mut r = Fields::new("credentials().");
    let target = ConnectTarget {
        url: r.string(&value, key!("url")),
        username: r.string(&value, key!("username")),
        password: r.opt_bytes(&value, key!("password")),
    };
    r.done().map_err(error_text)?;
    Ok(target)
}

/// The option a configuration error comes from, so the message names
/// what the caller wrote (`clientId`, not `options`).
pub(crate) fn option_name(e: &ConfigError) -> &'static str {
    use crate::codec::EncodeError as E;
    let e = match e {
        ConfigError::ReceiveMaximumZero => return "properties.receiveMaximum",
        ConfigError::MaxPacketSizeZero => return "maximumPacketSize",
        ConfigError::NoUrl | ConfigError::InvalidUrl(_) => return "url",
        ConfigError::TooShort {
            option: "connect_timeout",
        } => return "connectTimeout",
        ConfigError::TooShort { .. } => return "options",
        ConfigError::Connect(e) => e,
    };
    let field = match e {
        E::FieldTooLong { field, .. }
        | E::NullCharacter { field }
        | E::InvalidTopic { field, .. }
        | E::InvalidValue { field } => *field,
        E::PasswordWithoutUsername => "Password",
        E::EmptyClientIdWithoutCleanSession => "Client Identifier",
        _ => "",
    };
    match field {
        "Client Identifier" => "clientId",
        "User Name" => "username",
        "Password" => "password",
        "Will Topic" => "will.topic",
        "Will Payload" => "will.payload",
        f if f.starts_with("Will ") => "will.properties",
        "" => "options",
        _ => "properties",
    }
}

/// A Maximum Packet Size: at least 1, at most what the protocol can carry.
fn maximum_packet_size(r: &mut Fields, o: &JsValue) -> Option<u32> {
    let m = r.uint(o, key!("maximumPacketSize"), crate::codec::MAX_PACKET_SIZE);
    if m == Some(0) {
        r.fail("maximumPacketSize", "must be at least 1");
    }
    m
}

/// The client's options from MQTT.js-style `options` (the first wrong
/// one noted in `r`, whose `at` is `""` before and after).
// Not inlined into `connect`: there its reads and the options' moves
// made the function 67 B (gzip) larger.
#[inline(never)]
pub(crate) fn connect_options(r: &mut Fields, urls: Vec<String>, o: &JsValue) -> ConnectOptions {
    if !o.is_undefined() && !o.is_null() && !o.is_object() {
        r.fail("options", "must be an object");
    }
    let mut s = Options {
        version: version(r, o),
        ..Options::default()
    };
    if let Some(id) = r.string(o, key!("clientId")) {
        s.client_id = id;
    }
    if let Some(clean) = r.bool(o, key!("clean")) {
        s.clean_start = clean;
    }
    if let Some(k) = r.uint(o, key!("keepalive"), u32::from(u16::MAX)) {
        s.keep_alive = k as u16;
    }
    s.username = r.string(o, key!("username"));
    s.password = r.opt_bytes(o, key!("password"));
    if let Some(ms) = r.uint(o, key!("connectTimeout"), u32::MAX) {
        // 0 would end every attempt as it starts (the engine refuses it too).
        if ms == 0 {
            r.fail("connectTimeout", "must be at least 1 millisecond");
        }
        s.connect_timeout = Duration::from_millis(u64::from(ms));
    }
    if let Some(ms) = r.uint(o, key!("pingTimeout"), u32::MAX) {
        if ms == 0 {
            r.fail("pingTimeout", "must be at least 1 millisecond");
        }
        s.ping_timeout = Some(Duration::from_millis(u64::from(ms)));
    }
    s.max_packet_size = maximum_packet_size(r, o);
    if let Some(w) = r.uint(o, key!("maxInFlight"), u32::from(u16::MAX)) {
        if w == 0 {
            r.fail("maxInFlight", "must be at least 1");
        }
        s.default_send_window = w as u16;
    }
    match r.uint(o, key!("reconnectPeriod"), u32::MAX) {
        Some(0) => s.reconnect.enabled = false,
        Some(ms) => s.reconnect.min_delay = Duration::from_millis(u64::from(ms)),
        None => {}
    }
    if let Some(ms) = r.uint(o, key!("maxReconnectPeriod"), u32::MAX) {
        s.reconnect.max_delay = Duration::from_millis(u64::from(ms)).max(s.reconnect.min_delay);
    }
    if let Some(resubscribe) = r.bool(o, key!("resubscribe")) {
        s.restore_subscriptions = resubscribe;
    }
    if let Some(q) = field(o, key!("queueLimit")) {
        r.at = "queueLimit.";
        if let Some(m) = r.uint(&q, key!("messages"), u32::MAX) {
            s.queue.max_messages = m as usize;
        }
        if let Some(b) = r.uint(&q, key!("bytes"), u32::MAX) {
            s.queue.max_bytes = b as usize;
        }
        r.at = "";
    }
    s.will = will(r, o);
    if let Some(p) = field(o, key!("properties")) {
        r.at = "properties.";
        s.session_expiry_interval = r.uint(&p, key!("sessionExpiryInterval"), u32::MAX);
        if let Some(m) = r.uint(&p, key!("receiveMaximum"), u32::from(u16::MAX)) {
            if m == 0 {
                r.fail("receiveMaximum", "must be at least 1");
            }
            s.receive_maximum = m as u16;
        }
        if let Some(m) = maximum_packet_size(r, &p) {
            s.max_packet_size = Some(m);
        }
        if let Some(t) = r.uint(&p, key!("topicAliasMaximum"), u32::from(u16::MAX)) {
            s.topic_alias_maximum = t as u16;
        }
        s.request_response_information = r
            .bool(&p, key!("requestResponseInformation"))
            .unwrap_or(false);
        s.connect_user_properties = r.user_properties(&p);
        r.at = "";
        if !s.version.is_v5() {
            r.fail("properties", "need protocolVersion 5");
        }
    }
    let outbox = outbox(r, o);
    if outbox.is_some() && s.client_id.is_empty() {
        r.fail(
            "outbox",
            "needs a clientId: the stored messages belong to it",
        );
    }
    ConnectOptions {
        urls,
        session: s,
        // Read apart by `credentials`: the driver takes the npm package's
        // provider as a callback (see `MqttClient::connect_without_events`).
        credentials: None,
        outbox,
    }
}

/// `outbox: true` or `{ messages, bytes, qos0 }` (`lockWait` is read by
/// outbox.js, which opens the store).
fn outbox(r: &mut Fields, o: &JsValue) -> Option<OutboxOptions> {
    let v = field(o, key!("outbox"))?;
    let mut out = OutboxOptions::default();
    match v.as_bool() {
        Some(true) => return Some(out),
        Some(false) => return None,
        None if !v.is_object() => {
            r.fail("outbox", "must be a boolean or an object");
            return None;
        }
        None => {}
    }
    r.at = "outbox.";
    if let Some(m) = r.uint(&v, key!("messages"), u32::MAX) {
        out.max_messages = m as usize;
    }
    if let Some(b) = r.uint(&v, key!("bytes"), u32::MAX) {
        out.max_bytes = b as usize;
    }
    out.qos0 = r.bool(&v, key!("qos0")).unwrap_or(false);
    // Checked here so that a bad value is refused with the others.
    r.uint(&v, key!("lockWait"), u32::MAX);
    r.at = "";
    Some(out)
}

/// The bits of `publishShape` (see `super::glue::publish_shape`).
pub(crate) mod shape {
    pub(crate) const RETAIN: u8 = 4;
    pub(crate) const PROPERTIES: u8 = 8;
    pub(crate) const OPTIONS_ARE_CALLBACK: u8 = 16;
    pub(crate) const CALLBACK: u8 = 32;
    pub(crate) const INVALID: u8 = 128;
}

/// A publication from `publish(topic, payload, options)`, whose `shape`
/// (`publishShape`) holds the usual options already read (the first
/// wrong one noted in `r`, whose `at` is `""`).
pub(crate) fn outgoing(
    r: &mut Fields,
    topic: String,
    payload: &JsValue,
    o: &JsValue,
    shape: u8,
) -> OutgoingMessage {
    // null and undefined are refused, as the types say: "" is the empty
    // message, and a forgotten argument should not publish one.
    let payload = r.bytes(payload, key!("payload"));
    let (qos, retain) = match shape & shape::INVALID {
        // Read again in Rust, for the error that names the option.
        0 => (
            QoS::from_bits(shape).unwrap_or_default(),
            shape & shape::RETAIN != 0,
        ),
        _ => (
            r.qos(o, key!("qos"), QoS::AtMostOnce),
            r.bool(o, key!("retain")).unwrap_or(false),
        ),
    };
    let properties = match shape & (shape::PROPERTIES | shape::INVALID) {
        0 => MessageProperties::default(),
        _ => {
            r.at = "options.properties.";
            r.message_properties(o)
        }
    };
    OutgoingMessage {
        topic,
        payload,
        qos,
        retain,
        properties,
    }
}

/// Subscription options from `o`, which is at `r.at` (`options.`).
fn subscription_options(
    r: &mut Fields,
    o: &JsValue,
    defaults: SubscriptionOptions,
) -> SubscriptionOptions {
    let retain_handling = match r.uint(o, key!("rh"), 255) {
        None => defaults.retain_handling,
        Some(v) => RetainHandling::try_from(v as u8).unwrap_or_else(|_| {
            r.fail("rh", "must be 0, 1 or 2");
            defaults.retain_handling
        }),
    };
    SubscriptionOptions {
        qos: r.qos(o, key!("qos"), defaults.qos),
        no_local: r.bool(o, key!("nl")).unwrap_or(defaults.no_local),
        retain_as_published: r
            .bool(o, key!("rap"))
            .unwrap_or(defaults.retain_as_published),
        retain_handling,
    }
}

/// Filters from `subscribe(topic | topics | { topic: options }, options)`,
/// and the `[filter, options]` pairs they were read from (`r.at` is `""`
/// after).
pub(crate) fn filters(
    r: &mut Fields,
    topics: &JsValue,
    o: &JsValue,
) -> (Vec<FilterRequest>, JsValue) {
    r.at = "options.";
    let defaults = subscription_options(r, o, SubscriptionOptions::default());
    r.at = "";
    let mut out = Vec::new();
    // One loop for the three forms, as [filter, options] pairs made in
    // JavaScript (see `topicsOf`); options only in the object form.
    let Some(list) = topics_of(topics) else {
        r.fail(
            "topic",
            "must be a string, an array of strings or an object of options",
        );
        return (out, JsValue::UNDEFINED);
    };
    for i in 0..list.length() {
        let pair: js_sys::Array = list.get_unchecked(i).unchecked_into();
        let Some(filter) = pair.get_unchecked(0).as_string() else {
            r.fail("topic", "must be a string");
            continue;
        };
        let options = pair.get_unchecked(1);
        let options = if options.is_undefined() {
            defaults
        } else {
            // Read into a `Fields` of their own, at a place made here.
            let at = cat(&["topic[\"", &filter, "\"]."]);
            let mut here = Fields::new(&at);
            let options = subscription_options(&mut here, &options, defaults);
            r.add(here);
            options
        };
        out.push(FilterRequest { filter, options });
    }
    if out.is_empty() {
        r.fail("topic", "at least one topic filter is needed");
    }
    (out, list.into())
}
