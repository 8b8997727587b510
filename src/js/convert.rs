//! Values between JavaScript and Rust: reading option fields with errors
//! that name the field, payloads, and messages as plain JS objects.

use crate::std_prelude::*;

use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::JsValue;

use super::error::{cat, invalid_at};
use super::glue::{
    bytes_of, field_of, publish_packet, set_field, user_properties_object, user_property_list,
};
use super::strings::{Key, key, key_name, recent};
use crate::codec::{PayloadFormat, QoS};
use crate::session::{Message, MessageProperties, OwnedUserProperty};

/// A field of `obj`, `None` when missing, `undefined` or `null`. The key
/// is passed as its place (see [`Key`]): a JS string made per call was a
/// `TextDecoder` call per option per `publish()`.
pub(crate) fn field(obj: &JsValue, k: Key) -> Option<JsValue> {
    // One call: the tests for an object and for null were a call each.
    let v = field_of(obj, k.0);
    (!v.is_undefined()).then_some(v)
}

/// The field `properties` of `obj` (MQTT 5.0 properties), undefined
/// when missing or `null`: read from undefined, every property is
/// missing.
pub(crate) fn properties(obj: &JsValue) -> JsValue {
    field_of(obj, key!("properties").0)
}

/// Reads option fields and keeps the first error: a reader that finds a
/// bad value notes why and returns `None` (or the default), the caller
/// reads on, and [`Fields::done`] hands back the first error, the one a
/// `?` per read would have returned. Each read is then a call with no
/// error path of its own: with a `?` per read, the branches and the drops
/// of what was read so far at each one were most of `connect`'s code.
///
/// The readers take the field's `key` in `obj`; `at` is the name of the
/// object it is in (`""` for the options themselves, `will.` for the
/// will), set by the caller before it reads that object's fields: an
/// error names `at` + `key`. Kept here rather than passed to every read,
/// which was two more arguments at each of some eighty calls.
#[derive(Default)]
pub(crate) struct Fields<'a> {
    first: Option<JsValue>,
    pub(crate) at: &'a str,
}

impl<'a> Fields<'a> {
    /// Fields with no error yet, of the object at `at`.
    pub(crate) fn new(at: &'a str) -> Self {
        Fields { first: None, at }
    }

    /// Notes that the field `key` at `self.at` is wrong, unless an earlier
    /// field was.
    pub(crate) fn fail(&mut self, key: &str, problem: &str) {
        self.fail_at(self.at, key, problem);
    }

    /// [`Fields::fail`] for a field of the object at `parent`.
    fn fail_at(&mut self, parent: &str, key: &str, problem: &str) {
        if self.first.is_none() {
            self.first = Some(invalid_at(parent, key, problem));
        }
    }

    /// Notes the first error of `other`, which read after what was read
    /// here so far, unless an earlier field was wrong.
    pub(crate) fn add(&mut self, other: Fields) {
        if self.first.is_none() {
            self.first = other.first;
        }
    }

    /// The first error noted, if any. Not generic over what was read (as
    /// `Result<T, JsValue>`, it was an instance per reader, each moving
    /// what it read): the caller keeps its value.
    pub(crate) fn done(self) -> Result<(), JsValue> {
        match self.first {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }

    pub(crate) fn string(&mut self, obj: &JsValue, key: Key) -> Option<String> {
        let s = field(obj, key)?.as_string();
        if s.is_none() {
            self.fail(key_name(key), "must be a string");
        }
        s
    }

    pub(crate) fn bool(&mut self, obj: &JsValue, key: Key) -> Option<bool> {
        let b = field(obj, key)?.as_bool();
        if b.is_none() {
            self.fail(key_name(key), "must be true or false");
        }
        b
    }

    /// A whole number in `0..=max`.
    pub(crate) fn uint(&mut self, obj: &JsValue, key: Key, max: u32) -> Option<u32> {
        let Some(n) = field(obj, key)?.as_f64() else {
            self.fail(key_name(key), "must be a number");
            return None;
        };
        if n.fract() != 0.0 || n < 0.0 || n > f64::from(max) {
            let problem = cat(&[
                "must be a whole number from 0 to ",
                &crate::text::decimal(max.into()),
            ]);
            self.fail(key_name(key), &problem);
            return None;
        }
        Some(n as u32)
    }

    /// A QoS, `default` when missing (or wrong).
    pub(crate) fn qos(&mut self, obj: &JsValue, key: Key, default: QoS) -> QoS {
        match self.uint(obj, key, u32::MAX) {
            None => default,
            Some(v) => u8::try_from(v)
                .ok()
                .and_then(|b| QoS::try_from(b).ok())
                .unwrap_or_else(|| {
                    self.fail(key_name(key), "must be 0, 1 or 2");
                    QoS::AtMostOnce
                }),
        }
    }

    /// Bytes from a string (UTF-8), a `Uint8Array` or other typed array
    /// view, or an `ArrayBuffer`; empty when `v` is none of these.
    pub(crate) fn bytes(&mut self, v: &JsValue, key: Key) -> Vec<u8> {
        if let Some(s) = v.as_string() {
            return s.into_bytes();
        }
        // The view is found in JavaScript, one call rather than one per
        // test and per field of a view.
        if let Some(a) = bytes_of(v) {
            return a.to_vec();
        }
        self.fail(
            key_name(key),
            "must be a string, Uint8Array, ArrayBuffer or ArrayBuffer view (\"\" for no bytes)",
        );
        Vec::new()
    }

    pub(crate) fn opt_bytes(&mut self, obj: &JsValue, key: Key) -> Option<Vec<u8>> {
        field(obj, key).map(|v| self.bytes(&v, key))
    }

    /// User properties from `{ name: value | value[] }` (MQTT.js's form),
    /// the field `userProperties` of `obj`, which is at `self.at`.
    pub(crate) fn user_properties(&mut self, obj: &JsValue) -> Vec<OwnedUserProperty> {
        let mut out = Vec::new();
        let Some(v) = field(obj, key!("userProperties")) else {
            return out;
        };
        // Flattened in JavaScript (see `userPropertyList`): one call, not
        // one per entry and per value.
        let Some(flat) = user_property_list(&v) else {
            self.fail("userProperties", "must be an object of strings");
            return out;
        };
        // A loop of its own, not `step_by`, whose iterator was code of
        // its own.
        let mut i = 0;
        while i < flat.length() {
            let key = flat.get_unchecked(i).as_string().unwrap_or_default();
            match flat.get_unchecked(i + 1).as_string() {
                Some(value) => out.push(OwnedUserProperty::new(key, value)),
                None => self.fail_at(
                    &cat(&[self.at, "userProperties."]),
                    &key,
                    "must be a string",
                ),
            }
            i += 2;
        }
        out
    }

    /// MQTT 5.0 message properties from MQTT.js's publish `properties`,
    /// the field `properties` of `obj`; `self.at` names that field, with
    /// `properties.` (`will.properties.`).
    pub(crate) fn message_properties(&mut self, obj: &JsValue) -> MessageProperties {
        let Some(p) = field(obj, key!("properties")) else {
            return MessageProperties::default();
        };
        MessageProperties {
            payload_format: self.bool(&p, key!("payloadFormatIndicator")).map(|utf8| {
                if utf8 {
                    PayloadFormat::Utf8
                } else {
                    PayloadFormat::Unspecified
                }
            }),
            message_expiry_interval: self.uint(&p, key!("messageExpiryInterval"), u32::MAX),
            content_type: self.string(&p, key!("contentType")),
            response_topic: self.string(&p, key!("responseTopic")),
            correlation_data: self.opt_bytes(&p, key!("correlationData")),
            user_properties: self.user_properties(&p),
        }
    }
}

/// Sets the field `k` of `obj` (named by its place, see [`Key`]).
pub(crate) fn put(obj: &Object, k: Key, value: JsValue) {
    set_field(obj, k.0, &value);
}

/// MQTT.js's `properties` of a received message, `None` when it has none
/// (the caller tests that first, to stay out of the 5.0 module, see
/// `js::split`). The object is made with the first property found.
pub(super) fn properties_object(
    p: &MessageProperties,
    subscription_ids: &[crate::codec::SubscriptionId],
) -> Option<Object> {
    let mut o: Option<Object> = None;
    let mut set = |k: Key, v: JsValue| put(o.get_or_insert_with(Object::new), k, v);
    if let Some(f) = p.payload_format {
        set(
            key!("payloadFormatIndicator"),
            (f == PayloadFormat::Utf8).into(),
        );
    }
    if let Some(e) = p.message_expiry_interval {
        set(key!("messageExpiryInterval"), e.into());
    }
    if let Some(c) = &p.content_type {
        set(key!("contentType"), c.as_str().into());
    }
    if let Some(r) = &p.response_topic {
        set(key!("responseTopic"), r.as_str().into());
    }
    if let Some(c) = &p.correlation_data {
        // An array of its own, as MQTT.js's Buffer is: the payload pool's
        // view of a shared block would keep the block alive, and the
        // shared worker would post it whole. Not `Uint8Array::from`: the
        // outbox's module uses it and the main module does not, so
        // wasm-split-cli would put it in a third module for the two.
        let data = Uint8Array::new_with_length(c.len() as u32);
        data.copy_from(c);
        set(key!("correlationData"), data.into());
    }
    if !p.user_properties.is_empty() {
        let flat = Array::new();
        for up in &p.user_properties {
            flat.push(&JsValue::from_str(&up.name));
            flat.push(&JsValue::from_str(&up.value));
        }
        set(key!("userProperties"), user_properties_object(&flat));
    }
    if !subscription_ids.is_empty() {
        // Pushed, not collected: `collect` made an `extend` per element type.
        let ids = Array::new();
        for i in subscription_ids {
            ids.push(&JsValue::from(i.get()));
        }
        set(key!("subscriptionIdentifier"), ids.into());
    }
    o
}

/// A received message as MQTT.js's `packet` argument; `topic` is
/// `m.topic` as a JS string.
pub(crate) fn message_packet(m: &Message, topic: &JsValue, payload: &Uint8Array) -> Object {
    // Only a message of MQTT 5.0 has any: their object is made in the 5.0
    // module (`js::split`).
    let properties = if m.properties.is_empty() && m.subscription_identifiers.is_empty() {
        None
    } else {
        super::split::properties_object(&m.properties, &m.subscription_identifiers)
    };
    let filters = match m.matched_filters.as_slice() {
        [one] => recent(one),
        all => {
            let list = Array::new();
            for f in all {
                list.push(&recent(f));
            }
            list.into()
        }
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
