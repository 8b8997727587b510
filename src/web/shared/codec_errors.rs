//! The byte form of the codec's errors that a command's failure or a lost
//! connection carries (see [`super::session_errors`]).

use super::values::Wire;
use super::wire::{Reader, Writer};
use crate::codec::{DecodeError, EncodeError};
use crate::topic::TopicError;

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
                w.name(field);
                w.usize(len);
            }
            NullCharacter { field } => {
                w.u8(1);
                w.name(field);
            }
            PacketTooLarge { size, max } => {
                w.u8(2).u64(size).u32(max);
            }
            InvalidTopic { field, error } => {
                w.u8(3);
                w.name(field);
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
                w.name(what);
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
                w.name(field);
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
                field: r.name()?,
                len: r.usize()?,
            },
            1 => NullCharacter { field: r.name()? },
            2 => PacketTooLarge {
                size: r.u64()?,
                max: r.u32()?,
            },
            3 => InvalidTopic {
                field: r.name()?,
                error: Wire::get(r)?,
            },
            4 => PacketIdMismatch,
            5 => DupWithQoS0,
            6 => EmptyTopicWithoutAlias,
            7 => EmptyPayload {
                packet: Wire::get(r)?,
            },
            8 => NotInVersion {
                what: r.name()?,
                version: Wire::get(r)?,
            },
            9 => PasswordWithoutUsername,
            10 => EmptyClientIdWithoutCleanSession,
            11 => InvalidValue { field: r.name()? },
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
                w.name(field);
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
                w.name(field);
            }
            NullCharacter { field } => {
                w.u8(10);
                w.name(field);
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
                w.name(field);
            }
            InvalidQoS { field } => {
                w.u8(14);
                w.name(field);
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
                w.name(field);
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
                field: r.name()?,
            },
            7 => TrailingBytes {
                packet: Wire::get(r)?,
                count: r.usize()?,
            },
            8 => InvalidRemainingLength {
                packet: Wire::get(r)?,
                length: r.u32()?,
            },
            9 => InvalidUtf8 { field: r.name()? },
            10 => NullCharacter { field: r.name()? },
            11 => InvalidProtocolName,
            12 => UnsupportedProtocolLevel(r.u8()?),
            13 => ReservedBitSet {
                packet: Wire::get(r)?,
                field: r.name()?,
            },
            14 => InvalidQoS { field: r.name()? },
            15 => DupWithQoS0,
            16 => WillFlagsWithoutWill,
            17 => PasswordWithoutUsername,
            18 => SessionPresentOnRefusal,
            19 => ZeroPacketId {
                packet: Wire::get(r)?,
            },
            20 => InvalidTopic {
                field: r.name()?,
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
