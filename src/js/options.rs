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
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use super::convert::{
    bytes, field, message_properties, opt_bool, opt_bytes, opt_string, opt_uint, qos,
    user_properties,
};
use super::error::{cat, invalid, invalid_at};
use super::glue::{list_of, topics_of};
use crate::codec::{ProtocolVersion, QoS, RetainHandling, SubscriptionOptions};
use crate::session::{
    ConfigError, FilterRequest, MessageProperties, Options, OutboxOptions, OutgoingMessage,
    QueueLimits, WillMessage,
};
use crate::web::{ConnectOptions, ConnectTarget, Provide, from_js};

/// Broker URLs from a string or an array of strings; each must be `ws://`
/// or `wss://`.
pub(crate) fn urls(v: &JsValue) -> Result<Vec<String>, JsValue> {
    let mut out = Vec::new();
    for u in list_of(v).iter() {
        let s = u
            .as_string()
            .ok_or_else(|| invalid("url", "must be a string or an array of strings"))?;
        if !(s.starts_with("ws://") || s.starts_with("wss://")) {
            return Err(invalid(
                "url",
                &cat(&["\"", &s, "\" is not a ws:// or wss:// URL"]),
            ));
        }
        out.push(s);
    }
    if out.is_empty() {
        return Err(invalid("url", "at least one broker URL is needed"));
    }
    Ok(out)
}

fn version(o: &JsValue) -> Result<ProtocolVersion, JsValue> {
    match opt_uint(o, "", "protocolVersion", 255)? {
        None | Some(4) => Ok(ProtocolVersion::V3_1_1),
        Some(3) => Ok(ProtocolVersion::V3_1),
        Some(5) => Ok(ProtocolVersion::V5),
        Some(_) => Err(invalid("protocolVersion", "must be 3, 4 or 5")),
    }
}

fn will(o: &JsValue) -> Result<Option<WillMessage>, JsValue> {
    let Some(w) = field(o, "will") else {
        return Ok(None);
    };
    let topic =
        opt_string(&w, "will.", "topic")?.ok_or_else(|| invalid("will.topic", "is required"))?;
    let payload = opt_bytes(&w, "will.", "payload")?.unwrap_or_default();
    let props = field(&w, "properties");
    let delay = match &props {
        Some(p) => opt_uint(p, "will.properties.", "willDelayInterval", u32::MAX)?,
        None => None,
    };
    Ok(Some(WillMessage {
        topic,
        payload,
        qos: qos(&w, "will.", "qos")?,
        retain: opt_bool(&w, "will.", "retain")?.unwrap_or(false),
        delay_interval: delay,
        properties: message_properties(&w, "will.properties.")?,
    }))
}

/// The text of an error the option readers made (an `MqttError`).
fn error_text(e: JsValue) -> String {
    field(&e, "message")
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

/// Calls the user's async credentials function before each attempt (read
/// apart from the other options: the driver takes it as a callback, not as
/// a future).
pub(crate) fn credentials(o: &JsValue) -> Result<Option<Provide>, JsValue> {
    let Some(f) = field(o, "credentials") else {
        return Ok(None);
    };
    let f: Function = f
        .dyn_into()
        .map_err(|_| invalid("credentials", "must be a function"))?;
    Ok(Some(from_js(f, target)))
}

/// What the credentials function returned (or its promise resolved with),
/// or why it failed: what it threw or rejected with (`failed`), or an
/// invalid field.
fn target(value: JsValue, failed: bool) -> Result<ConnectTarget, String> {
    if failed {
        // `provide` made the text of what was thrown or rejected.
        return Err(value.as_string().unwrap_or_default());
    }
    let read = || {
        Ok(ConnectTarget {
            url: opt_string(&value, "credentials().", "url")?,
            username: opt_string(&value, "credentials().", "username")?,
            password: opt_bytes(&value, "credentials().", "password")?,
        })
    };
    read().map_err(error_text)
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
fn maximum_packet_size(o: &JsValue, parent: &str) -> Result<Option<u32>, JsValue> {
    let key = "maximumPacketSize";
    match opt_uint(o, parent, key, crate::codec::MAX_PACKET_SIZE)? {
        Some(0) => Err(invalid_at(parent, key, "must be at least 1")),
        m => Ok(m),
    }
}

/// The client's options from MQTT.js-style `options`.
pub(crate) fn connect_options(urls: Vec<String>, o: &JsValue) -> Result<ConnectOptions, JsValue> {
    if !o.is_undefined() && !o.is_null() && !o.is_object() {
        return Err(invalid("options", "must be an object"));
    }
    let mut s = Options {
        version: version(o)?,
        ..Options::default()
    };
    if let Some(id) = opt_string(o, "", "clientId")? {
        s.client_id = id;
    }
    if let Some(clean) = opt_bool(o, "", "clean")? {
        s.clean_start = clean;
    }
    if let Some(k) = opt_uint(o, "", "keepalive", u32::from(u16::MAX))? {
        s.keep_alive = k as u16;
    }
    s.username = opt_string(o, "", "username")?;
    s.password = opt_bytes(o, "", "password")?;
    if let Some(ms) = opt_uint(o, "", "connectTimeout", u32::MAX)? {
        // 0 would end every attempt as it starts (the engine refuses it too).
        if ms == 0 {
            return Err(invalid("connectTimeout", "must be at least 1 millisecond"));
        }
        s.connect_timeout = Duration::from_millis(u64::from(ms));
    }
    if let Some(ms) = opt_uint(o, "", "pingTimeout", u32::MAX)? {
        if ms == 0 {
            return Err(invalid("pingTimeout", "must be at least 1 millisecond"));
        }
        s.ping_timeout = Some(Duration::from_millis(u64::from(ms)));
    }
    s.max_packet_size = maximum_packet_size(o, "")?;
    if let Some(w) = opt_uint(o, "", "maxInFlight", u32::from(u16::MAX))? {
        if w == 0 {
            return Err(invalid("maxInFlight", "must be at least 1"));
        }
        s.default_send_window = w as u16;
    }
    match opt_uint(o, "", "reconnectPeriod", u32::MAX)? {
        Some(0) => s.reconnect.enabled = false,
        Some(ms) => s.reconnect.min_delay = Duration::from_millis(u64::from(ms)),
        None => {}
    }
    if let Some(ms) = opt_uint(o, "", "maxReconnectPeriod", u32::MAX)? {
        s.reconnect.max_delay = Duration::from_millis(u64::from(ms)).max(s.reconnect.min_delay);
    }
    if let Some(r) = opt_bool(o, "", "resubscribe")? {
        s.restore_subscriptions = r;
    }
    if let Some(q) = field(o, "queueLimit") {
        s.queue = QueueLimits {
            max_messages: opt_uint(&q, "queueLimit.", "messages", u32::MAX)?
                .map_or(s.queue.max_messages, |v| v as usize),
            max_bytes: opt_uint(&q, "queueLimit.", "bytes", u32::MAX)?
                .map_or(s.queue.max_bytes, |v| v as usize),
        };
    }
    s.will = will(o)?;
    if let Some(p) = field(o, "properties") {
        let at = "properties.";
        s.session_expiry_interval = opt_uint(&p, at, "sessionExpiryInterval", u32::MAX)?;
        if let Some(r) = opt_uint(&p, at, "receiveMaximum", u32::from(u16::MAX))? {
            if r == 0 {
                return Err(invalid_at(at, "receiveMaximum", "must be at least 1"));
            }
            s.receive_maximum = r as u16;
        }
        if let Some(m) = maximum_packet_size(&p, at)? {
            s.max_packet_size = Some(m);
        }
        if let Some(t) = opt_uint(&p, at, "topicAliasMaximum", u32::from(u16::MAX))? {
            s.topic_alias_maximum = t as u16;
        }
        s.request_response_information =
            opt_bool(&p, at, "requestResponseInformation")?.unwrap_or(false);
        s.connect_user_properties = user_properties(&p, at)?;
        if !s.version.is_v5() {
            return Err(invalid("properties", "need protocolVersion 5"));
        }
    }
    let outbox = outbox(o)?;
    if outbox.is_some() && s.client_id.is_empty() {
        return Err(invalid(
            "outbox",
            "needs a clientId: the stored messages belong to it",
        ));
    }
    Ok(ConnectOptions {
        urls,
        session: s,
        // Read apart by `credentials`: the driver takes the npm package's
        // provider as a callback (see `MqttClient::connect_without_events`).
        credentials: None,
        outbox,
    })
}

/// `outbox: true` or `{ messages, bytes, qos0 }` (`lockWait` is read by
/// outbox.js, which opens the store).
fn outbox(o: &JsValue) -> Result<Option<OutboxOptions>, JsValue> {
    let Some(v) = field(o, "outbox") else {
        return Ok(None);
    };
    let mut out = OutboxOptions::default();
    match v.as_bool() {
        Some(true) => return Ok(Some(out)),
        Some(false) => return Ok(None),
        None if !v.is_object() => return Err(invalid("outbox", "must be a boolean or an object")),
        None => {}
    }
    let at = "outbox.";
    if let Some(m) = opt_uint(&v, at, "messages", u32::MAX)? {
        out.max_messages = m as usize;
    }
    if let Some(b) = opt_uint(&v, at, "bytes", u32::MAX)? {
        out.max_bytes = b as usize;
    }
    out.qos0 = opt_bool(&v, at, "qos0")?.unwrap_or(false);
    // Checked here so that a bad value is refused with the others.
    opt_uint(&v, at, "lockWait", u32::MAX)?;
    Ok(Some(out))
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
/// (`publishShape`) holds the usual options already read.
pub(crate) fn outgoing(
    topic: String,
    payload: &JsValue,
    o: &JsValue,
    shape: u8,
) -> Result<OutgoingMessage, JsValue> {
    // null and undefined are refused, as the types say: "" is the empty
    // message, and a forgotten argument should not publish one.
    let payload = bytes(payload, "", "payload")?;
    let (qos, retain) = match shape & shape::INVALID {
        // Read again in Rust, for the error that names the option.
        0 => (
            QoS::from_bits(shape).unwrap_or_default(),
            shape & shape::RETAIN != 0,
        ),
        _ => (
            qos(o, "", "qos")?,
            opt_bool(o, "", "retain")?.unwrap_or(false),
        ),
    };
    let properties = match shape & (shape::PROPERTIES | shape::INVALID) {
        0 => MessageProperties::default(),
        _ => message_properties(o, "options.properties.")?,
    };
    Ok(OutgoingMessage {
        topic,
        payload,
        qos,
        retain,
        properties,
    })
}

/// Subscription options from `o`, which is at `parent` (`options.`).
fn subscription_options(
    o: &JsValue,
    parent: &str,
    defaults: SubscriptionOptions,
) -> Result<SubscriptionOptions, JsValue> {
    let retain_handling = match opt_uint(o, parent, "rh", 255)? {
        None => defaults.retain_handling,
        Some(v) => RetainHandling::try_from(v as u8)
            .map_err(|_| invalid_at(parent, "rh", "must be 0, 1 or 2"))?,
    };
    Ok(SubscriptionOptions {
        qos: if field(o, "qos").is_some() {
            qos(o, parent, "qos")?
        } else {
            defaults.qos
        },
        no_local: opt_bool(o, parent, "nl")?.unwrap_or(defaults.no_local),
        retain_as_published: opt_bool(o, parent, "rap")?.unwrap_or(defaults.retain_as_published),
        retain_handling,
    })
}

/// Filters from `subscribe(topic | topics | { topic: options }, options)`,
/// and the `[filter, options]` pairs they were read from.
pub(crate) fn filters(
    topics: &JsValue,
    o: &JsValue,
) -> Result<(Vec<FilterRequest>, js_sys::Array), JsValue> {
    let defaults = subscription_options(o, "options.", SubscriptionOptions::default())?;
    // One loop for the three forms, as [filter, options] pairs made in
    // JavaScript (see `topicsOf`); options only in the object form.
    let list = topics_of(topics).ok_or_else(|| {
        invalid(
            "topic",
            "must be a string, an array of strings or an object of options",
        )
    })?;
    let mut out = Vec::new();
    for item in list.iter() {
        let pair: js_sys::Array = item.unchecked_into();
        let filter = pair
            .get_unchecked(0)
            .as_string()
            .ok_or_else(|| invalid("topic", "must be a string"))?;
        let options = pair.get_unchecked(1);
        let options = if options.is_undefined() {
            defaults
        } else {
            subscription_options(&options, &cat(&["topic[\"", &filter, "\"]."]), defaults)?
        };
        out.push(FilterRequest { filter, options });
    }
    if out.is_empty() {
        return Err(invalid("topic", "at least one topic filter is needed"));
    }
    Ok((out, list))
}
