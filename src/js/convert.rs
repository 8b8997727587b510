//! Values between JavaScript and Rust: reading option fields with errors
//! that name the field, payloads, and messages as plain JS objects.

use crate::std_prelude::*;

use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::JsValue;

use super::error::{cat, invalid, invalid_at};
use super::glue::{
    bytes_of, field_of, publish_packet, set_field, user_properties_object, user_property_list,
};
use super::strings::{key, recent};
use crate::codec::{PayloadFormat, QoS};
use crate::session::{Message, MessageProperties, OwnedUserProperty};

/// A field of `obj`, `None` when missing, `undefined` or `null`. The
/// key's JS string is made once (see [`key`]): made per call, it was a
/// `TextDecoder` call per option per `publish()`.
pub(crate) fn field(obj: &JsValue, k: &'static str) -> Option<JsValue> {
    // One call: the tests for an object and for null were a call each.
    let v = field_of(obj, &key(k));
    (!v.is_undefined()).then_some(v)
}

// The readers below take the field's `key` in `obj` and the name of the
// object it is in, `parent` (`""` for the options themselves, `will.` for
// the will): an error names `parent` + `key`.

pub(crate) fn opt_string(
    obj: &JsValue,
    parent: &str,
    key: &'static str,
) -> Result<Option<String>, JsValue> {
    match field(obj, key) {
        None => Ok(None),
        Some(v) => v
            .as_string()
            .map(Some)
            .ok_or_else(|| invalid_at(parent, key, "must be a string")),
    }
}

pub(crate) fn opt_bool(
    obj: &JsValue,
    parent: &str,
    key: &'static str,
) -> Result<Option<bool>, JsValue> {
    match field(obj, key) {
        None => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| invalid_at(parent, key, "must be true or false")),
    }
}

/// A whole number in `0..=max`.
pub(crate) fn opt_uint(
    obj: &JsValue,
    parent: &str,
    key: &'static str,
    max: u32,
) -> Result<Option<u32>, JsValue> {
    match field(obj, key) {
        None => Ok(None),
        Some(v) => {
            let n = v
                .as_f64()
                .ok_or_else(|| invalid_at(parent, key, "must be a number"))?;
            if n.fract() != 0.0 || n < 0.0 || n > f64::from(max) {
                return Err(invalid_at(
                    parent,
                    key,
                    &cat(&[
                        "must be a whole number from 0 to ",
                        &crate::text::decimal(max.into()),
                    ]),
                ));
            }
            Ok(Some(n as u32))
        }
    }
}

pub(crate) fn qos(obj: &JsValue, parent: &str, key: &'static str) -> Result<QoS, JsValue> {
    match opt_uint(obj, parent, key, u32::MAX)? {
        None => Ok(QoS::AtMostOnce),
        Some(v) => u8::try_from(v)
            .ok()
            .and_then(|b| QoS::try_from(b).ok())
            .ok_or_else(|| invalid_at(parent, key, "must be 0, 1 or 2")),
    }
}

/// Bytes from a string (UTF-8), a `Uint8Array` or other typed array view,
/// or an `ArrayBuffer`.
pub(crate) fn bytes(v: &JsValue, parent: &str, key: &'static str) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    // The view is found in JavaScript, one call rather than one per test
    // and per field of a view.
    if let Some(a) = bytes_of(v) {
        return Ok(a.to_vec());
    }
    Err(invalid_at(
        parent,
        key,
        "must be a string, Uint8Array, ArrayBuffer or ArrayBuffer view (\"\" for no bytes)",
    ))
}

pub(crate) fn opt_bytes(
    obj: &JsValue,
    parent: &str,
    key: &'static str,
) -> Result<Option<Vec<u8>>, JsValue> {
    field(obj, key).map(|v| bytes(&v, parent, key)).transpose()
}

/// User properties from `{ name: value | value[] }` (MQTT.js's form), the
/// field `userProperties` of `obj`, which is at `parent`.
pub(crate) fn user_properties(
    obj: &JsValue,
    parent: &str,
) -> Result<Vec<OwnedUserProperty>, JsValue> {
    let Some(v) = field(obj, "userProperties") else {
        return Ok(Vec::new());
    };
    // Flattened in JavaScript (see `userPropertyList`): one call, not
    // one per entry and per value.
    let flat = user_property_list(&v)
        .ok_or_else(|| invalid_at(parent, "userProperties", "must be an object of strings"))?;
    let mut out = Vec::new();
    for i in (0..flat.length()).step_by(2) {
        let key = flat.get_unchecked(i).as_string().unwrap_or_default();
        let value = flat
            .get_unchecked(i + 1)
            .as_string()
            .ok_or_else(|| invalid(&cat(&[parent, "userProperties.", &key]), "must be a string"))?;
        out.push(OwnedUserProperty::new(key, value));
    }
    Ok(out)
}

/// MQTT 5.0 message properties from MQTT.js's publish `properties`, the
/// field `properties` of `obj`; `parent` is where that field is, with
/// `properties.` (`will.properties.`).
pub(crate) fn message_properties(
    obj: &JsValue,
    parent: &str,
) -> Result<MessageProperties, JsValue> {
    let Some(p) = field(obj, "properties") else {
        return Ok(MessageProperties::default());
    };
    Ok(MessageProperties {
        payload_format: opt_bool(&p, parent, "payloadFormatIndicator")?.map(|utf8| {
            if utf8 {
                PayloadFormat::Utf8
            } else {
                PayloadFormat::Unspecified
            }
        }),
        message_expiry_interval: opt_uint(&p, parent, "messageExpiryInterval", u32::MAX)?,
        content_type: opt_string(&p, parent, "contentType")?,
        response_topic: opt_string(&p, parent, "responseTopic")?,
        correlation_data: opt_bytes(&p, parent, "correlationData")?,
        user_properties: user_properties(&p, parent)?,
    })
}

/// Sets the field `k` of `obj` (its JS string made once, see [`key`]).
pub(crate) fn put(obj: &Object, k: &'static str, value: JsValue) {
    set_field(obj, &key(k), &value);
}

/// MQTT.js's `properties` of a received message, `None` when it has none.
/// The object is made with the first property found, so no emptiness test
/// (a comparison with a default set, field by field) comes before.
fn properties_object(
    p: &MessageProperties,
    subscription_ids: &[crate::codec::SubscriptionId],
) -> Option<Object> {
    let mut o: Option<Object> = None;
    let mut set = |k: &'static str, v: JsValue| put(o.get_or_insert_with(Object::new), k, v);
    if let Some(f) = p.payload_format {
        set("payloadFormatIndicator", (f == PayloadFormat::Utf8).into());
    }
    if let Some(e) = p.message_expiry_interval {
        set("messageExpiryInterval", e.into());
    }
    if let Some(c) = &p.content_type {
        set("contentType", c.as_str().into());
    }
    if let Some(r) = &p.response_topic {
        set("responseTopic", r.as_str().into());
    }
    if let Some(c) = &p.correlation_data {
        set("correlationData", Uint8Array::from(c.as_slice()).into());
    }
    if !p.user_properties.is_empty() {
        let flat = Array::new();
        for up in &p.user_properties {
            flat.push(&JsValue::from_str(&up.name));
            flat.push(&JsValue::from_str(&up.value));
        }
        set("userProperties", user_properties_object(&flat));
    }
    if !subscription_ids.is_empty() {
        let ids: Array = subscription_ids
            .iter()
            .map(|i| JsValue::from(i.get()))
            .collect();
        set("subscriptionIdentifier", ids.into());
    }
    o
}

/// A received message as MQTT.js's `packet` argument; `topic` is
/// `m.topic` as a JS string.
pub(crate) fn message_packet(m: &Message, topic: &JsValue, payload: &Uint8Array) -> Object {
    let properties = properties_object(&m.properties, &m.subscription_identifiers);
    let filters = match m.matched_filters.as_slice() {
        [one] => recent(one),
        all => all.iter().map(|f| recent(f)).collect::<Array>().into(),
    };
    publish_packet(
        topic,
        payload,
        m.qos.as_u8(),
        m.retain,
        m.dup,
        properties,
        &filters,
    )
}

pub(crate) fn object() -> Object {
    Object::new()
}
