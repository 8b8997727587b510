//! The byte form of the commands' and events' data: options, messages,
//! subscription requests, server limits, reason codes (see [`Wire`]).

use crate::std_prelude::*;

use core::time::Duration;

use super::wire::{Reader, Writer};
use crate::codec::{
    ConnectReasonCode, DisconnectReasonCode, PacketType, PayloadFormat, PropertyId,
    ProtocolVersion, PubAckReasonCode, PubRelReasonCode, QoS, RetainHandling, SubAckReasonCode,
    SubscriptionId, SubscriptionOptions, UnsubAckReasonCode,
};
use crate::session::{
    EndOptions, FilterRequest, Message, MessageProperties, Options, OutgoingMessage,
    OwnedUserProperty, QueueLimits, ReconnectPolicy, ServerLimits, SubscribeRequest,
    UnsubscribeRequest, WillMessage,
};

/// A value that crosses between a tab and the worker.
pub(super) trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> Option<Self>;
}

impl Wire for bool {
    fn put(&self, w: &mut Writer) {
        w.bool(*self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.bool()
    }
}

impl Wire for u16 {
    fn put(&self, w: &mut Writer) {
        w.u16(*self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.u16()
    }
}

impl Wire for u32 {
    fn put(&self, w: &mut Writer) {
        w.u32(*self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.u32()
    }
}

impl Wire for u64 {
    fn put(&self, w: &mut Writer) {
        w.u64(*self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.u64()
    }
}

impl Wire for usize {
    fn put(&self, w: &mut Writer) {
        w.usize(*self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.usize()
    }
}

impl Wire for String {
    fn put(&self, w: &mut Writer) {
        w.str(self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.str()
    }
}

impl Wire for Duration {
    fn put(&self, w: &mut Writer) {
        w.duration(*self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.duration()
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, w: &mut Writer) {
        w.opt(self.as_ref(), |w, v| v.put(w));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.opt(T::get)
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.list(self, |w, v| v.put(w));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.list(T::get)
    }
}

/// Byte strings (payloads, passwords, correlation data): not `Vec<u8>`,
/// whose `Wire` would be a list of one-byte items.
pub(super) struct Bytes;

impl Bytes {
    pub(super) fn put_opt(w: &mut Writer, v: &Option<Vec<u8>>) {
        w.opt(v.as_deref(), |w, b| {
            w.bytes(b);
        });
    }
    pub(super) fn get_opt(r: &mut Reader<'_>) -> Option<Option<Vec<u8>>> {
        r.opt(Reader::bytes)
    }
}

/// Enums that are one byte on the wire: their code, and the value for it.
macro_rules! by_code {
    ($($t:ty: $to:expr, $from:expr;)*) => {$(
        impl Wire for $t {
            fn put(&self, w: &mut Writer) {
                w.u8($to(*self));
            }
            fn get(r: &mut Reader<'_>) -> Option<Self> {
                $from(r.u8()?)
            }
        }
    )*};
}

by_code! {
    QoS: QoS::as_u8, |v| QoS::try_from(v).ok();
    RetainHandling: |v| v as u8, |v| RetainHandling::try_from(v).ok();
    PacketType: |v| v as u8, PacketType::from_nibble;
    PropertyId: |v| v as u8, |v| PropertyId::from_id(u32::from(v));
    ConnectReasonCode: ConnectReasonCode::code, ConnectReasonCode::from_code;
    DisconnectReasonCode: DisconnectReasonCode::code, DisconnectReasonCode::from_code;
    PubAckReasonCode: PubAckReasonCode::code, PubAckReasonCode::from_code;
    PubRelReasonCode: PubRelReasonCode::code, PubRelReasonCode::from_code;
    SubAckReasonCode: SubAckReasonCode::code, SubAckReasonCode::from_code;
    UnsubAckReasonCode: UnsubAckReasonCode::code, UnsubAckReasonCode::from_code;
    PayloadFormat: |v| v as u8, |v| match v {
        0 => Some(PayloadFormat::Unspecified),
        1 => Some(PayloadFormat::Utf8),
        _ => None,
    };
    ProtocolVersion: ProtocolVersion::level, |v| match v {
        3 => Some(ProtocolVersion::V3_1),
        4 => Some(ProtocolVersion::V3_1_1),
        5 => Some(ProtocolVersion::V5),
        _ => None,
    };
}

impl Wire for SubscriptionId {
    fn put(&self, w: &mut Writer) {
        w.u32(self.get());
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        SubscriptionId::new(r.u32()?)
    }
}

impl Wire for OwnedUserProperty {
    fn put(&self, w: &mut Writer) {
        w.str(&self.name).str(&self.value);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(OwnedUserProperty {
            name: r.str()?,
            value: r.str()?,
        })
    }
}

impl Wire for MessageProperties {
    fn put(&self, w: &mut Writer) {
        self.payload_format.put(w);
        self.message_expiry_interval.put(w);
        self.content_type.put(w);
        self.response_topic.put(w);
        Bytes::put_opt(w, &self.correlation_data);
        self.user_properties.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(MessageProperties {
            payload_format: Wire::get(r)?,
            message_expiry_interval: Wire::get(r)?,
            content_type: Wire::get(r)?,
            response_topic: Wire::get(r)?,
            correlation_data: Bytes::get_opt(r)?,
            user_properties: Wire::get(r)?,
        })
    }
}

impl Wire for OutgoingMessage {
    fn put(&self, w: &mut Writer) {
        w.str(&self.topic).bytes(&self.payload);
        self.qos.put(w);
        w.bool(self.retain);
        self.properties.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(OutgoingMessage {
            topic: r.str()?,
            payload: r.bytes()?,
            qos: Wire::get(r)?,
            retain: r.bool()?,
            properties: Wire::get(r)?,
        })
    }
}

impl Wire for Message {
    fn put(&self, w: &mut Writer) {
        w.str(&self.topic).bytes(&self.payload);
        self.qos.put(w);
        w.bool(self.retain).bool(self.dup);
        self.properties.put(w);
        self.subscription_identifiers.put(w);
        self.matched_filters.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(Message {
            topic: r.str()?,
            payload: r.bytes()?,
            qos: Wire::get(r)?,
            retain: r.bool()?,
            dup: r.bool()?,
            properties: Wire::get(r)?,
            subscription_identifiers: Wire::get(r)?,
            matched_filters: Wire::get(r)?,
        })
    }
}

impl Wire for FilterRequest {
    fn put(&self, w: &mut Writer) {
        w.str(&self.filter);
        let o = &self.options;
        o.qos.put(w);
        w.bool(o.no_local).bool(o.retain_as_published);
        o.retain_handling.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(FilterRequest {
            filter: r.str()?,
            options: SubscriptionOptions {
                qos: Wire::get(r)?,
                no_local: r.bool()?,
                retain_as_published: r.bool()?,
                retain_handling: Wire::get(r)?,
            },
        })
    }
}

impl Wire for SubscribeRequest {
    fn put(&self, w: &mut Writer) {
        self.filters.put(w);
        self.subscription_identifier.put(w);
        self.user_properties.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(SubscribeRequest {
            filters: Wire::get(r)?,
            subscription_identifier: Wire::get(r)?,
            user_properties: Wire::get(r)?,
        })
    }
}

impl Wire for UnsubscribeRequest {
    fn put(&self, w: &mut Writer) {
        self.filters.put(w);
        self.user_properties.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(UnsubscribeRequest {
            filters: Wire::get(r)?,
            user_properties: Wire::get(r)?,
        })
    }
}

impl Wire for EndOptions {
    fn put(&self, w: &mut Writer) {
        w.bool(self.force);
        self.reason.put(w);
        self.session_expiry_interval.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(EndOptions {
            force: r.bool()?,
            reason: Wire::get(r)?,
            session_expiry_interval: Wire::get(r)?,
        })
    }
}

impl Wire for WillMessage {
    fn put(&self, w: &mut Writer) {
        w.str(&self.topic).bytes(&self.payload);
        self.qos.put(w);
        w.bool(self.retain);
        self.delay_interval.put(w);
        self.properties.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(WillMessage {
            topic: r.str()?,
            payload: r.bytes()?,
            qos: Wire::get(r)?,
            retain: r.bool()?,
            delay_interval: Wire::get(r)?,
            properties: Wire::get(r)?,
        })
    }
}

impl Wire for Options {
    fn put(&self, w: &mut Writer) {
        self.version.put(w);
        w.str(&self.client_id)
            .bool(self.clean_start)
            .u16(self.keep_alive);
        self.ping_interval.put(w);
        self.ping_timeout.put(w);
        w.duration(self.connect_timeout);
        self.session_expiry_interval.put(w);
        self.username.put(w);
        Bytes::put_opt(w, &self.password);
        self.will.put(w);
        self.connect_user_properties.put(w);
        w.bool(self.request_response_information)
            .u16(self.receive_maximum)
            .bool(self.enforce_receive_maximum);
        self.max_packet_size.put(w);
        w.u16(self.topic_alias_maximum)
            .bool(self.auto_topic_alias)
            .u16(self.default_send_window)
            .usize(self.queue.max_messages)
            .usize(self.queue.max_bytes);
        let p = &self.reconnect;
        w.bool(p.enabled)
            .duration(p.min_delay)
            .duration(p.max_delay)
            .duration(p.stable_after)
            .bool(p.retry_refused_login)
            .bool(self.restore_subscriptions)
            .u64(self.random_seed);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(Options {
            version: Wire::get(r)?,
            client_id: r.str()?,
            clean_start: r.bool()?,
            keep_alive: r.u16()?,
            ping_interval: Wire::get(r)?,
            ping_timeout: Wire::get(r)?,
            connect_timeout: r.duration()?,
            session_expiry_interval: Wire::get(r)?,
            username: Wire::get(r)?,
            password: Bytes::get_opt(r)?,
            will: Wire::get(r)?,
            connect_user_properties: Wire::get(r)?,
            request_response_information: r.bool()?,
            receive_maximum: r.u16()?,
            enforce_receive_maximum: r.bool()?,
            max_packet_size: Wire::get(r)?,
            topic_alias_maximum: r.u16()?,
            auto_topic_alias: r.bool()?,
            default_send_window: r.u16()?,
            queue: QueueLimits {
                max_messages: r.usize()?,
                max_bytes: r.usize()?,
            },
            reconnect: ReconnectPolicy {
                enabled: r.bool()?,
                min_delay: r.duration()?,
                max_delay: r.duration()?,
                stable_after: r.duration()?,
                retry_refused_login: r.bool()?,
            },
            restore_subscriptions: r.bool()?,
            random_seed: r.u64()?,
        })
    }
}

impl Wire for ServerLimits {
    fn put(&self, w: &mut Writer) {
        self.receive_maximum.put(w);
        self.maximum_packet_size.put(w);
        w.u16(self.topic_alias_maximum);
        self.maximum_qos.put(w);
        w.bool(self.retain_available)
            .bool(self.wildcard_subscriptions)
            .bool(self.subscription_identifiers)
            .bool(self.shared_subscriptions);
        self.server_keep_alive.put(w);
        self.session_expiry_interval.put(w);
        self.assigned_client_identifier.put(w);
        self.response_information.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(ServerLimits {
            receive_maximum: Wire::get(r)?,
            maximum_packet_size: Wire::get(r)?,
            topic_alias_maximum: r.u16()?,
            maximum_qos: Wire::get(r)?,
            retain_available: r.bool()?,
            wildcard_subscriptions: r.bool()?,
            subscription_identifiers: r.bool()?,
            shared_subscriptions: r.bool()?,
            server_keep_alive: Wire::get(r)?,
            session_expiry_interval: Wire::get(r)?,
            assigned_client_identifier: Wire::get(r)?,
            response_information: Wire::get(r)?,
        })
    }
}
