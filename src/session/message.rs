//! Application messages as the session owns them: what the application
//! publishes, and what it receives.
//!
//! The codec's packets borrow; a session must keep outgoing messages until
//! they are acknowledged and hand incoming ones to the application, so here
//! they own their data. An incoming payload is copied out of the session's
//! receive buffer into its [`Message`]; the bytes reached that buffer by a
//! copy of their own (see [`Session::handle_bytes`](super::Session::handle_bytes)).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::codec::{
    PayloadFormat, Publish, PublishProperties, QoS, SubscriptionId, UserProperties, UserProperty,
};

/// An owned MQTT 5.0 user property.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OwnedUserProperty {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
}

impl OwnedUserProperty {
    /// A user property from a name and value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        OwnedUserProperty {
            name: name.into(),
            value: value.into(),
        }
    }

    /// A borrowed view for the codec.
    pub fn as_borrowed(&self) -> UserProperty<'_> {
        UserProperty::new(&self.name, &self.value)
    }
}

/// The codec's view of `properties`: one function for every packet that
/// carries user properties, rather than a `map` and `collect` at each,
/// each of which was code of its own in the npm package.
pub(crate) fn borrowed(properties: &[OwnedUserProperty]) -> UserProperties<'_> {
    let mut out = UserProperties::new();
    for u in properties {
        out.push(u.as_borrowed());
    }
    out
}

/// MQTT 5.0 properties of an application message (§3.3.2.3). Ignored, and
/// refused when set, on MQTT 3.x connections.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageProperties {
    /// Whether the payload is UTF-8 text.
    pub payload_format: Option<PayloadFormat>,
    /// Seconds until the message expires.
    pub message_expiry_interval: Option<u32>,
    /// The payload's MIME type or other description.
    pub content_type: Option<String>,
    /// Where a response should go (request/response, §4.10).
    pub response_topic: Option<String>,
    /// Pairs a response with its request.
    pub correlation_data: Option<Vec<u8>>,
    /// User properties, in order.
    pub user_properties: Vec<OwnedUserProperty>,
}

impl MessageProperties {
    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        // Field by field: comparing with a default set was code of its own
        // (the npm package tests it for every received message).
        self.payload_format.is_none()
            && self.message_expiry_interval.is_none()
            && self.content_type.is_none()
            && self.response_topic.is_none()
            && self.correlation_data.is_none()
            && self.user_properties.is_empty()
    }

    /// The codec's PUBLISH properties borrowing from these.
    pub fn to_publish_properties(&self) -> PublishProperties<'_> {
        PublishProperties {
            payload_format_indicator: self.payload_format,
            message_expiry_interval: self.message_expiry_interval,
            topic_alias: None,
            response_topic: self.response_topic.as_deref(),
            correlation_data: self.correlation_data.as_deref(),
            subscription_identifiers: Vec::new(),
            content_type: self.content_type.as_deref(),
            user_properties: borrowed(&self.user_properties),
        }
    }

    /// A received PUBLISH's properties, owned. Only a PUBLISH of MQTT
    /// 5.0 has any: those are copied in the npm package's 5.0 module
    /// (`super::split`).
    pub(crate) fn from_publish(p: &PublishProperties<'_>) -> Self {
        if p.is_empty() {
            return MessageProperties::default();
        }
        super::split::message_properties(p)
    }

    /// [`MessageProperties::from_publish`]'s copy, in the 5.0 module.
    pub(crate) fn from_publish_now(p: &PublishProperties<'_>) -> Self {
        // A loop rather than `map` and `collect`, whose iterator was code
        // of its own in the npm package.
        let mut user_properties = Vec::with_capacity(p.user_properties.len());
        for u in p.user_properties.iter() {
            user_properties.push(OwnedUserProperty::new(u.name, u.value));
        }
        MessageProperties {
            payload_format: p.payload_format_indicator,
            message_expiry_interval: p.message_expiry_interval,
            content_type: p.content_type.map(ToString::to_string),
            response_topic: p.response_topic.map(ToString::to_string),
            correlation_data: p.correlation_data.map(<[u8]>::to_vec),
            user_properties,
        }
    }
}

/// A message the application publishes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutgoingMessage {
    /// The topic name (no wildcards).
    pub topic: String,
    /// The payload.
    pub payload: Vec<u8>,
    /// The QoS.
    pub qos: QoS,
    /// Whether the server retains it.
    pub retain: bool,
    /// MQTT 5.0 properties.
    pub properties: MessageProperties,
}

impl OutgoingMessage {
    /// A message to `topic` with `payload` at `qos`, not retained.
    pub fn new(topic: impl Into<String>, payload: impl Into<Vec<u8>>, qos: QoS) -> Self {
        OutgoingMessage {
            topic: topic.into(),
            payload: payload.into(),
            qos,
            ..OutgoingMessage::default()
        }
    }

    /// Bytes the message holds, as counted against the queue limit.
    pub fn queued_size(&self) -> usize {
        self.topic.len() + self.payload.len()
    }
}

/// A message received from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The topic name (resolved from a topic alias where one was used).
    pub topic: String,
    /// The payload.
    pub payload: Vec<u8>,
    /// The QoS it was delivered with.
    pub qos: QoS,
    /// Whether it is a retained message sent because of a new subscription.
    pub retain: bool,
    /// Whether the server marked it as a possible redelivery.
    pub dup: bool,
    /// MQTT 5.0 properties.
    pub properties: MessageProperties,
    /// MQTT 5.0 subscription identifiers the server sent with it.
    pub subscription_identifiers: Vec<SubscriptionId>,
    /// The filters of this client's subscriptions that it matched: by
    /// subscription identifier where the server sent them, by topic
    /// matching otherwise.
    pub matched_filters: Vec<String>,
}

impl Message {
    /// The message of a received PUBLISH, whose subscription identifiers
    /// are taken out of it into the message rather than copied.
    pub(crate) fn from_publish(
        p: &mut Publish<'_>,
        topic: String,
        matched_filters: Vec<String>,
    ) -> Self {
        Message {
            topic,
            payload: p.payload.to_vec(),
            qos: p.qos,
            retain: p.retain,
            dup: p.dup,
            properties: MessageProperties::from_publish(&p.properties),
            subscription_identifiers: core::mem::take(&mut p.properties.subscription_identifiers),
            matched_filters,
        }
    }

    /// The payload as text, if it is UTF-8.
    pub fn payload_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.payload).ok()
    }
}
