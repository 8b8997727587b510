//! The byte form of the errors a tab receives from the worker, so that its
//! futures fail with the same typed [`CommandError`] or [`ConfigError`] a
//! direct client's would, and its events carry the same
//! [`ConnectionError`].

use super::values::Wire;
use super::wire::{Reader, Writer};
use crate::session::{
    CommandError, ConfigError, ConnectionError, ProtocolViolation, TransportError,
};

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
                w.name(option);
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
            5 => TooShort { option: r.name()? },
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
