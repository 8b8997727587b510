//! The byte form of the errors a tab receives from the worker, so that its
//! futures fail with the same typed [`CommandError`] or [`ConfigError`] a
//! direct client's would, and its events carry the same
//! [`ConnectionError`].

use crate::std_prelude::*;

use core::cell::RefCell;

use super::values::Wire;
use super::wire::{Reader, Writer};
use crate::codec::{DecodeError, EncodeError};
use crate::session::{
    CommandError, ConfigError, ConnectionError, ProtocolViolation, TransportError,
};
use crate::topic::TopicError;

std::thread_local! {
    /// Field names read back, each kept once for the worker's life.
    static NAMES: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// The errors name fields with `&'static str`s of this build's code: a
/// name read back is kept for good, once per distinct name, so the set is
/// bounded by the names the code has.
fn put_name(w: &mut Writer, name: &'static str) {
    w.str(name);
}

fn get_name(r: &mut Reader<'_>) -> Option<&'static str> {
    let s = r.str()?;
    Some(NAMES.with(|n| {
        let mut n = n.borrow_mut();
        if let Some(kept) = n.iter().find(|k| **k == s) {
            return *kept;
        }
        let kept: &'static str = s.leak();
        n.push(kept);
        kept
    }))
}

impl Wire for TopicError {
    fn put(&self, w: &mut Writer) {
        use TopicError::*;
        match *self {
            Empty => w.u8(0),
            TooLong(n) => w.u8(1).usize(n),
            NullCharacter => w.u8(2),
            WildcardInName => w.u8(3),
            MisplacedMultiLevelWildcard => w.u8(4),
            MisplacedSingleLevelWildcard => w.u8(5),
            EmptyShareName => w.u8(6),
            WildcardInShareName => w.u8(7),
            EmptySharedFilter => w.u8(8),
        };
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        use TopicError::*;
        Some(match r.u8()? {
            0 => Empty,
            1 => TooLong(r.usize()?),
            2 => NullCharacter,
            3 => WildcardInName,
            4 => MisplacedMultiLevelWildcard,
            5 => MisplacedSingleLevelWildcard,
            6 => EmptyShareName,
            7 => WildcardInShareName,
            8 => EmptySharedFilter,
            _ => return None,
        })
    }
}

impl Wire for EncodeError {
    fn put(&self, w: &mut Writer) {
        use EncodeError::*;
        match *self {
            FieldTooLong { field, len } => {
                w.u8(0);
                put_name(w, field);
                w.usize(len);
            }
            NullCharacter { field } => {
                w.u8(1);
                put_name(w, field);
            }
            PacketTooLarge { size, max } => {
                w.u8(2).u64(size).u32(max);
            }
            InvalidTopic { field, error } => {
                w.u8(3);
                put_name(w, field);
                error.put(w);
            }
            PacketIdMismatch => {
                w.u8(4);
            }
            DupWithQoS0 => {
                w.u8(5);
            }
            EmptyTopicWithoutAlias => {
                w.u8(6);
            }
            EmptyPayload { packet } => {
                w.u8(7);
                packet.put(w);
            }
            NotInVersion { what, version } => {
                w.u8(8);
                put_name(w, what);
                version.put(w);
            }
            PasswordWithoutUsername => {
                w.u8(9);
            }
            EmptyClientIdWithoutCleanSession => {
                w.u8(10);
            }
            InvalidValue { field } => {
                w.u8(11);
                put_name(w, field);
            }
            NoLocalOnSharedSubscription => {
                w.u8(12);
            }
            SessionPresentOnRefusal => {
                w.u8(13);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        use EncodeError::*;
        Some(match r.u8()? {
            0 => FieldTooLong {
                field: get_name(r)?,
                len: r.usize()?,
            },
            1 => NullCharacter {
                field: get_name(r)?,
            },
            2 => PacketTooLarge {
                size: r.u64()?,
                max: r.u32()?,
            },
            3 => InvalidTopic {
                field: get_name(r)?,
                error: Wire::get(r)?,
            },
            4 => PacketIdMismatch,
            5 => DupWithQoS0,
            6 => EmptyTopicWithoutAlias,
            7 => EmptyPayload {
                packet: Wire::get(r)?,
            },
            8 => NotInVersion {
                what: get_name(r)?,
                version: Wire::get(r)?,
            },
            9 => PasswordWithoutUsername,
            10 => EmptyClientIdWithoutCleanSession,
            11 => InvalidValue {
                field: get_name(r)?,
            },
            12 => NoLocalOnSharedSubscription,
            13 => SessionPresentOnRefusal,
            _ => return None,
        })
    }
}

impl Wire for DecodeError {
    fn put(&self, w: &mut Writer) {
        use DecodeError::*;
        match *self {
            ReservedPacketType(p) => {
                w.u8(0).u8(p);
            }
            PacketNotInVersion { packet, version } => {
                w.u8(1);
                packet.put(w);
                version.put(w);
            }
            InvalidHeaderFlags { packet, flags } => {
                w.u8(2);
                packet.put(w);
                w.u8(flags);
            }
            VarIntTooLong => {
                w.u8(3);
            }
            VarIntNotMinimal => {
                w.u8(4);
            }
            PacketTooLarge { size, max } => {
                w.u8(5).u64(size).u32(max);
            }
            Truncated { packet, field } => {
                w.u8(6);
                packet.put(w);
                put_name(w, field);
            }
            TrailingBytes { packet, count } => {
                w.u8(7);
                packet.put(w);
                w.usize(count);
            }
            InvalidRemainingLength { packet, length } => {
                w.u8(8);
                packet.put(w);
                w.u32(length);
            }
            InvalidUtf8 { field } => {
                w.u8(9);
                put_name(w, field);
            }
            NullCharacter { field } => {
                w.u8(10);
                put_name(w, field);
            }
            InvalidProtocolName => {
                w.u8(11);
            }
            UnsupportedProtocolLevel(l) => {
                w.u8(12).u8(l);
            }
            ReservedBitSet { packet, field } => {
                w.u8(13);
                packet.put(w);
                put_name(w, field);
            }
            InvalidQoS { field } => {
                w.u8(14);
                put_name(w, field);
            }
            DupWithQoS0 => {
                w.u8(15);
            }
            WillFlagsWithoutWill => {
                w.u8(16);
            }
            PasswordWithoutUsername => {
                w.u8(17);
            }
            SessionPresentOnRefusal => {
                w.u8(18);
            }
            ZeroPacketId { packet } => {
                w.u8(19);
                packet.put(w);
            }
            InvalidTopic { field, error } => {
                w.u8(20);
                put_name(w, field);
                error.put(w);
            }
            EmptyTopicWithoutAlias => {
                w.u8(21);
            }
            EmptyPayload { packet } => {
                w.u8(22);
                packet.put(w);
            }
            InvalidReasonCode { packet, code } => {
                w.u8(23);
                packet.put(w);
                w.u8(code);
            }
            InvalidRetainHandling => {
                w.u8(24);
            }
            NoLocalOnSharedSubscription => {
                w.u8(25);
            }
            WrongDirection { packet } => {
                w.u8(26);
                packet.put(w);
            }
            UnknownProperty(p) => {
                w.u8(27).u32(p);
            }
            PropertyNotAllowed { packet, property } => {
                w.u8(28);
                packet.put(w);
                property.put(w);
            }
            DuplicateProperty(p) => {
                w.u8(29);
                p.put(w);
            }
            InvalidPropertyValue { property, value } => {
                w.u8(30);
                property.put(w);
                w.u32(value);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        use DecodeError::*;
        Some(match r.u8()? {
            0 => ReservedPacketType(r.u8()?),
            1 => PacketNotInVersion {
                packet: Wire::get(r)?,
                version: Wire::get(r)?,
            },
            2 => InvalidHeaderFlags {
                packet: Wire::get(r)?,
                flags: r.u8()?,
            },
            3 => VarIntTooLong,
            4 => VarIntNotMinimal,
            5 => PacketTooLarge {
                size: r.u64()?,
                max: r.u32()?,
            },
            6 => Truncated {
                packet: Wire::get(r)?,
                field: get_name(r)?,
            },
            7 => TrailingBytes {
                packet: Wire::get(r)?,
                count: r.usize()?,
            },
            8 => InvalidRemainingLength {
                packet: Wire::get(r)?,
                length: r.u32()?,
            },
            9 => InvalidUtf8 {
                field: get_name(r)?,
            },
            10 => NullCharacter {
                field: get_name(r)?,
            },
            11 => InvalidProtocolName,
            12 => UnsupportedProtocolLevel(r.u8()?),
            13 => ReservedBitSet {
                packet: Wire::get(r)?,
                field: get_name(r)?,
            },
            14 => InvalidQoS {
                field: get_name(r)?,
            },
            15 => DupWithQoS0,
            16 => WillFlagsWithoutWill,
            17 => PasswordWithoutUsername,
            18 => SessionPresentOnRefusal,
            19 => ZeroPacketId {
                packet: Wire::get(r)?,
            },
            20 => InvalidTopic {
                field: get_name(r)?,
                error: Wire::get(r)?,
            },
            21 => EmptyTopicWithoutAlias,
            22 => EmptyPayload {
                packet: Wire::get(r)?,
            },
            23 => InvalidReasonCode {
                packet: Wire::get(r)?,
                code: r.u8()?,
            },
            24 => InvalidRetainHandling,
            25 => NoLocalOnSharedSubscription,
            26 => WrongDirection {
                packet: Wire::get(r)?,
            },
            27 => UnknownProperty(r.u32()?),
            28 => PropertyNotAllowed {
                packet: Wire::get(r)?,
                property: Wire::get(r)?,
            },
            29 => DuplicateProperty(Wire::get(r)?),
            30 => InvalidPropertyValue {
                property: Wire::get(r)?,
                value: r.u32()?,
            },
            _ => return None,
        })
    }
}

impl Wire for ProtocolViolation {
    fn put(&self, w: &mut Writer) {
        use ProtocolViolation::*;
        match *self {
            UnexpectedPacket(p) => {
                w.u8(0);
                p.put(w);
            }
            NotConnected => {
                w.u8(1);
            }
            TopicAliasInvalid => {
                w.u8(2);
            }
            ReceiveMaximumExceeded => {
                w.u8(3);
            }
            AuthenticationMismatch => {
                w.u8(4);
            }
            UnknownPacketId(p) => {
                w.u8(5);
                p.put(w);
            }
            ReasonCountMismatch {
                packet,
                expected,
                got,
            } => {
                w.u8(6);
                packet.put(w);
                w.usize(expected).usize(got);
            }
            TextFrame => {
                w.u8(7);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        use ProtocolViolation::*;
        Some(match r.u8()? {
            0 => UnexpectedPacket(Wire::get(r)?),
            1 => NotConnected,
            2 => TopicAliasInvalid,
            3 => ReceiveMaximumExceeded,
            4 => AuthenticationMismatch,
            5 => UnknownPacketId(Wire::get(r)?),
            6 => ReasonCountMismatch {
                packet: Wire::get(r)?,
                expected: r.usize()?,
                got: r.usize()?,
            },
            7 => TextFrame,
            _ => return None,
        })
    }
}

impl Wire for CommandError {
    fn put(&self, w: &mut Writer) {
        use CommandError::*;
        match self {
            InvalidTopic { topic, error } => {
                w.u8(0).str(topic);
                error.put(w);
            }
            Encode(e) => {
                w.u8(1);
                e.put(w);
            }
            QoSNotSupported { requested, maximum } => {
                w.u8(2);
                requested.put(w);
                maximum.put(w);
            }
            RetainNotSupported => {
                w.u8(3);
            }
            WildcardSubscriptionsNotSupported => {
                w.u8(4);
            }
            SubscriptionIdentifiersNotSupported => {
                w.u8(5);
            }
            SharedSubscriptionsNotSupported => {
                w.u8(6);
            }
            PacketTooLarge { size, max } => {
                w.u8(7).usize(*size).u32(*max);
            }
            QueueFull { messages, bytes } => {
                w.u8(8).usize(*messages).usize(*bytes);
            }
            OutboxFull { messages, bytes } => {
                w.u8(9).usize(*messages).usize(*bytes);
            }
            Refused(c) => {
                w.u8(10);
                c.put(w);
            }
            ReleaseFailed(c) => {
                w.u8(11);
                c.put(w);
            }
            MalformedResponse(e) => {
                w.u8(12);
                e.put(w);
            }
            ProtocolViolation(v) => {
                w.u8(13);
                v.put(w);
            }
            ConnectionRefused(c) => {
                w.u8(14);
                c.put(w);
            }
            Cancelled => {
                w.u8(15);
            }
            ConnectionLost => {
                w.u8(16);
            }
            Ended => {
                w.u8(17);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        use CommandError::*;
        Some(match r.u8()? {
            0 => InvalidTopic {
                topic: r.str()?,
                error: Wire::get(r)?,
            },
            1 => Encode(Wire::get(r)?),
            2 => QoSNotSupported {
                requested: Wire::get(r)?,
                maximum: Wire::get(r)?,
            },
            3 => RetainNotSupported,
            4 => WildcardSubscriptionsNotSupported,
            5 => SubscriptionIdentifiersNotSupported,
            6 => SharedSubscriptionsNotSupported,
            7 => PacketTooLarge {
                size: r.usize()?,
                max: r.u32()?,
            },
            8 => QueueFull {
                messages: r.usize()?,
                bytes: r.usize()?,
            },
            9 => OutboxFull {
                messages: r.usize()?,
                bytes: r.usize()?,
            },
            10 => Refused(Wire::get(r)?),
            11 => ReleaseFailed(Wire::get(r)?),
            12 => MalformedResponse(Wire::get(r)?),
            13 => ProtocolViolation(Wire::get(r)?),
            14 => ConnectionRefused(Wire::get(r)?),
            15 => Cancelled,
            16 => ConnectionLost,
            17 => Ended,
            _ => return None,
        })
    }
}

impl Wire for ConfigError {
    fn put(&self, w: &mut Writer) {
        use ConfigError::*;
        match self {
            ReceiveMaximumZero => {
                w.u8(0);
            }
            MaxPacketSizeZero => {
                w.u8(1);
            }
            Connect(e) => {
                w.u8(2);
                e.put(w);
            }
            NoUrl => {
                w.u8(3);
            }
            InvalidUrl(u) => {
                w.u8(4).str(u);
            }
            TooShort { option } => {
                w.u8(5);
                put_name(w, option);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        use ConfigError::*;
        Some(match r.u8()? {
            0 => ReceiveMaximumZero,
            1 => MaxPacketSizeZero,
            2 => Connect(Wire::get(r)?),
            3 => NoUrl,
            4 => InvalidUrl(r.str()?),
            5 => TooShort {
                option: get_name(r)?,
            },
            _ => return None,
        })
    }
}

impl Wire for TransportError {
    fn put(&self, w: &mut Writer) {
        self.code.put(w);
        w.str(&self.reason);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(TransportError {
            code: Wire::get(r)?,
            reason: r.str()?,
        })
    }
}

impl Wire for ConnectionError {
    fn put(&self, w: &mut Writer) {
        use ConnectionError::*;
        match self {
            Refused(c) => {
                w.u8(0);
                c.put(w);
            }
            ConnectTimeout => {
                w.u8(1);
            }
            KeepAliveTimeout => {
                w.u8(2);
            }
            MalformedPacket(e) => {
                w.u8(3);
                e.put(w);
            }
            PacketTooLarge { size, max } => {
                w.u8(4).u64(*size).u32(*max);
            }
            Encode(e) => {
                w.u8(5);
                e.put(w);
            }
            ProtocolViolation(v) => {
                w.u8(6);
                v.put(w);
            }
            ServerDisconnect {
                reason,
                reason_string,
                server_reference,
            } => {
                w.u8(7);
                reason.put(w);
                reason_string.put(w);
                server_reference.put(w);
            }
            Authentication(s) => {
                w.u8(8).str(s);
            }
            Transport(t) => {
                w.u8(9);
                t.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        use ConnectionError::*;
        Some(match r.u8()? {
            0 => Refused(Wire::get(r)?),
            1 => ConnectTimeout,
            2 => KeepAliveTimeout,
            3 => MalformedPacket(Wire::get(r)?),
            4 => PacketTooLarge {
                size: r.u64()?,
                max: r.u32()?,
            },
            5 => Encode(Wire::get(r)?),
            6 => ProtocolViolation(Wire::get(r)?),
            7 => ServerDisconnect {
                reason: Wire::get(r)?,
                reason_string: Wire::get(r)?,
                server_reference: Wire::get(r)?,
            },
            8 => Authentication(r.str()?),
            9 => Transport(Wire::get(r)?),
            _ => return None,
        })
    }
}
