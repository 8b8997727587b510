//! MQTT 5.0 properties (§2.2.2): identifiers, value types, and one struct per
//! property set, so that a packet can only hold the properties it allows.
//!
//! Decoding rejects unknown identifiers, properties the packet does not
//! allow, a second copy of any property but User Property (and, in PUBLISH,
//! Subscription Identifier), and values outside their range. User properties
//! keep the order they were sent in (§3.1.2.11.8: "the order … MUST be
//! maintained").

use alloc::vec::Vec;
use core::num::{NonZeroU16, NonZeroU32};

use super::error::{DecodeError, EncodeError};
use super::qos::QoS;
use super::reader::Reader;
use super::split::{SetMut, SetRef, WriteOp, read_properties, write_properties};
use super::varint::VarInt;
use super::version::ProtocolVersion;
use super::writer::{binary_len, length_varint, string_len, write_binary, write_string};

macro_rules! property_ids {
    ($( $(#[$m:meta])* $name:ident = $id:literal => $text:literal, )*) => {
        /// A property identifier (MQTT 5.0 §2.2.2.2, Table 2-4).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum PropertyId {
            $( $(#[$m])* #[doc = concat!("`", stringify!($id), "` ", $text, ".")] $name = $id, )*
        }

        impl PropertyId {
            /// The property for an identifier, or `None` when MQTT 5.0 does
            /// not define it.
            pub const fn from_id(id: u32) -> Option<PropertyId> {
                match id {
                    $( $id => Some(PropertyId::$name), )*
                    _ => None,
                }
            }

            /// The property's name as the specification writes it.
            ///
            /// Picked from one string by the identifier's place: a `match`
            /// was a table of a pointer and a length per name in the wasm.
            pub const fn name(self) -> &'static str {
                const NAMES: &str = concat!($( $text, "\n", )*);
                const CODES: &[u8] = &[$( $id, )*];
                crate::text::pick_code(NAMES, CODES, self as u8)
            }
        }
    };
}

impl crate::text::Describe for PropertyId {
    fn describe(&self, t: &mut crate::text::Text) {
        t.s(self.name());
    }
}

impl core::fmt::Display for PropertyId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

property_ids! {
    PayloadFormatIndicator = 0x01 => "Payload Format Indicator",
    MessageExpiryInterval = 0x02 => "Message Expiry Interval",
    ContentType = 0x03 => "Content Type",
    ResponseTopic = 0x08 => "Response Topic",
    CorrelationData = 0x09 => "Correlation Data",
    SubscriptionIdentifier = 0x0B => "Subscription Identifier",
    SessionExpiryInterval = 0x11 => "Session Expiry Interval",
    AssignedClientIdentifier = 0x12 => "Assigned Client Identifier",
    ServerKeepAlive = 0x13 => "Server Keep Alive",
    AuthenticationMethod = 0x15 => "Authentication Method",
    AuthenticationData = 0x16 => "Authentication Data",
    RequestProblemInformation = 0x17 => "Request Problem Information",
    WillDelayInterval = 0x18 => "Will Delay Interval",
    RequestResponseInformation = 0x19 => "Request Response Information",
    ResponseInformation = 0x1A => "Response Information",
    ServerReference = 0x1C => "Server Reference",
    ReasonString = 0x1F => "Reason String",
    ReceiveMaximum = 0x21 => "Receive Maximum",
    TopicAliasMaximum = 0x22 => "Topic Alias Maximum",
    TopicAlias = 0x23 => "Topic Alias",
    MaximumQoS = 0x24 => "Maximum QoS",
    RetainAvailable = 0x25 => "Retain Available",
    UserProperty = 0x26 => "User Property",
    MaximumPacketSize = 0x27 => "Maximum Packet Size",
    WildcardSubscriptionAvailable = 0x28 => "Wildcard Subscription Available",
    SubscriptionIdentifierAvailable = 0x29 => "Subscription Identifier Available",
    SharedSubscriptionAvailable = 0x2A => "Shared Subscription Available",
}

/// A User Property: a name and value pair of UTF-8 strings
/// (MQTT 5.0 §3.1.2.11.8). The same name may appear more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserProperty<'a> {
    /// The name.
    pub name: &'a str,
    /// The value.
    pub value: &'a str,
}

impl<'a> UserProperty<'a> {
    /// A user property from a name and a value.
    pub const fn new(name: &'a str, value: &'a str) -> Self {
        UserProperty { name, value }
    }
}

/// The User Properties of one packet, in the order sent.
///
/// One property is held without allocating — the common case of a unit or a
/// trace identifier on every message — so decoding such an MQTT 5.0 PUBLISH
/// allocates nothing. It reads as a slice of [`UserProperty`].
#[derive(Clone, Default)]
pub struct UserProperties<'a>(Inline<'a>);

#[derive(Clone, Default)]
enum Inline<'a> {
    #[default]
    Empty,
    One(UserProperty<'a>),
    Many(Vec<UserProperty<'a>>),
}

impl<'a> UserProperties<'a> {
    /// No user properties.
    pub const fn new() -> Self {
        UserProperties(Inline::Empty)
    }

    /// Appends a property.
    pub fn push(&mut self, p: UserProperty<'a>) {
        // In place: taking the enum out and putting it back moved the
        // whole of it twice.
        match &mut self.0 {
            Inline::Empty => self.0 = Inline::One(p),
            Inline::One(first) => self.0 = Inline::Many(alloc::vec![*first, p]),
            Inline::Many(v) => v.push(p),
        }
    }
}

impl<'a> core::ops::Deref for UserProperties<'a> {
    type Target = [UserProperty<'a>];
    fn deref(&self) -> &[UserProperty<'a>] {
        match &self.0 {
            Inline::Empty => &[],
            Inline::One(p) => core::slice::from_ref(p),
            Inline::Many(v) => v,
        }
    }
}

impl<'a, 'b> IntoIterator for &'b UserProperties<'a> {
    type Item = &'b UserProperty<'a>;
    type IntoIter = core::slice::Iter<'b, UserProperty<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> From<Vec<UserProperty<'a>>> for UserProperties<'a> {
    fn from(v: Vec<UserProperty<'a>>) -> Self {
        v.into_iter().collect()
    }
}

impl<'a> FromIterator<UserProperty<'a>> for UserProperties<'a> {
    fn from_iter<I: IntoIterator<Item = UserProperty<'a>>>(iter: I) -> Self {
        let mut out = UserProperties::new();
        for p in iter {
            out.push(p);
        }
        out
    }
}

impl PartialEq for UserProperties<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for UserProperties<'_> {}

impl core::fmt::Debug for UserProperties<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The Payload Format Indicator (MQTT 5.0 §3.3.2.3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PayloadFormat {
    /// 0: unspecified bytes.
    Unspecified = 0,
    /// 1: UTF-8 encoded character data.
    Utf8 = 1,
}

/// A Subscription Identifier: 1 to 268,435,455 (MQTT 5.0 §3.8.2.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubscriptionId(NonZeroU32);

impl SubscriptionId {
    /// The largest identifier, 268,435,455.
    pub const MAX: u32 = VarInt::MAX.get();

    /// The identifier `value`, or `None` for 0 or above [`Self::MAX`].
    pub const fn new(value: u32) -> Option<SubscriptionId> {
        if value > Self::MAX {
            return None;
        }
        match NonZeroU32::new(value) {
            Some(v) => Some(SubscriptionId(v)),
            None => None,
        }
    }

    /// The identifier's value.
    pub const fn get(self) -> u32 {
        self.0.get()
    }
}

// Every property set is read, sized and written by the three functions
// below, [`read_set`], [`set_len`] and [`write_set`], driven by the set's
// table of identifiers ([`PropertySlots`], [`PropertyValues`]). Each set only maps an
// identifier to its field. Generic code per set and per value type was a
// copy of the whole walk for each of the nine sets in the wasm.

/// A property's field in a set, to be filled by [`read_set`]: the variant
/// is the value's type (MQTT 5.0 §2.2.2.2 gives each property's type).
pub(crate) enum Slot<'s, 'a> {
    /// A byte whose only values are 0 and 1.
    Bool(&'s mut Option<bool>),
    /// Payload Format Indicator: 0 or 1.
    Format(&'s mut Option<PayloadFormat>),
    /// Maximum QoS: 0 or 1 only; a server that supports QoS 2 omits it
    /// (MQTT 5.0 §3.2.2.3.4).
    Qos(&'s mut Option<QoS>),
    U16(&'s mut Option<u16>),
    /// Receive Maximum and Topic Alias, where 0 is a protocol error.
    NonZeroU16(&'s mut Option<NonZeroU16>),
    U32(&'s mut Option<u32>),
    /// Maximum Packet Size, where 0 is a protocol error.
    NonZeroU32(&'s mut Option<NonZeroU32>),
    /// A Subscription Identifier that may appear once.
    SubscriptionId(&'s mut Option<SubscriptionId>),
    /// Subscription Identifiers that may repeat (PUBLISH).
    SubscriptionIds(&'s mut Vec<SubscriptionId>),
    Str(&'s mut Option<&'a str>),
    Binary(&'s mut Option<&'a [u8]>),
    User(&'s mut UserProperties<'a>),
}

/// A property's value in a set, to be sized and written; `None` from
/// [`PropertyValues::value`] when it is not set.
#[derive(Clone, Copy)]
pub(crate) enum Value<'s, 'a> {
    /// A one-byte value: a boolean or the Payload Format Indicator.
    Byte(u8),
    /// Maximum QoS, which cannot be 2.
    Qos(QoS),
    U16(u16),
    U32(u32),
    /// Subscription Identifiers, each a Variable Byte Integer.
    SubscriptionIds(&'s [SubscriptionId]),
    Str(&'a str),
    Binary(&'a [u8]),
    User(&'s [UserProperty<'a>]),
}

/// A field's type: how [`read_set`] fills it and [`set_len`] sees it.
trait Field<'a> {
    fn slot(&mut self) -> Slot<'_, 'a>;
    fn value(&self) -> Option<Value<'_, 'a>>;
}

macro_rules! field {
    ($ty:ty, $slot:ident, |$v:ident| $value:expr) => {
        impl<'a> Field<'a> for Option<$ty> {
            fn slot(&mut self) -> Slot<'_, 'a> {
                Slot::$slot(self)
            }
            fn value(&self) -> Option<Value<'_, 'a>> {
                self.map(|$v| $value)
            }
        }
    };
}

field!(bool, Bool, |v| Value::Byte(u8::from(v)));
field!(PayloadFormat, Format, |v| Value::Byte(v as u8));
field!(QoS, Qos, |v| Value::Qos(v));
field!(u16, U16, |v| Value::U16(v));
field!(NonZeroU16, NonZeroU16, |v| Value::U16(v.get()));
field!(u32, U32, |v| Value::U32(v));
field!(NonZeroU32, NonZeroU32, |v| Value::U32(v.get()));
field!(&'a str, Str, |v| Value::Str(v));
field!(&'a [u8], Binary, |v| Value::Binary(v));

impl<'a> Field<'a> for Option<SubscriptionId> {
    fn slot(&mut self) -> Slot<'_, 'a> {
        Slot::SubscriptionId(self)
    }
    fn value(&self) -> Option<Value<'_, 'a>> {
        Some(Value::SubscriptionIds(self.as_slice()))
    }
}

impl<'a> Field<'a> for Vec<SubscriptionId> {
    fn slot(&mut self) -> Slot<'_, 'a> {
        Slot::SubscriptionIds(self)
    }
    fn value(&self) -> Option<Value<'_, 'a>> {
        Some(Value::SubscriptionIds(self))
    }
}

impl<'a> Field<'a> for UserProperties<'a> {
    fn slot(&mut self) -> Slot<'_, 'a> {
        Slot::User(self)
    }
    fn value(&self) -> Option<Value<'_, 'a>> {
        Some(Value::User(self))
    }
}

/// A property set as read: the field of each identifier. Apart from
/// [`PropertyValues`] so that each `dyn` table holds only what its walk
/// uses, and a client that never reads a CONNECT (or never writes a
/// CONNACK) does not carry the other half.
pub(crate) trait PropertySlots<'a> {
    /// The field of `id`, or `None` when the set does not hold it.
    fn slot(&mut self, id: PropertyId) -> Option<Slot<'_, 'a>>;
}

/// A property set as written: the value of each of its identifiers.
pub(crate) trait PropertyValues<'a> {
    /// The value of `id`, or `None` when it is not set.
    fn value(&self, id: PropertyId) -> Option<Value<'_, 'a>>;
}

/// [`read_properties`](super::split::read_properties)'s work, in the npm
/// package's 5.0 module: `set` becomes its table here, so that no caller
/// in the main module refers to a set's table.
pub(crate) fn read_split<'a>(
    r: &mut Reader<'a>,
    set: &mut SetMut<'_, 'a>,
) -> Result<(), DecodeError> {
    let set: &mut dyn PropertySlots<'a> = match set {
        // PUBLISH's User Properties skip the table: its 5.0 decode took
        // 97 -> 103 ns through it (`cargo bench --bench codec --
        // publish_`); the other properties still take it.
        SetMut::PublishProperties(p) => {
            return read_section(r, |r, id| {
                if id == PropertyId::UserProperty {
                    return read_user(r, &mut p.user_properties);
                }
                read_one(r, id, *p)
            });
        }
        SetMut::ConnectProperties(s) => *s,
        SetMut::WillProperties(s) => *s,
        SetMut::ConnAckProperties(s) => *s,
        SetMut::AckProperties(s) => *s,
        SetMut::SubscribeProperties(s) => *s,
        SetMut::UnsubscribeProperties(s) => *s,
        SetMut::DisconnectProperties(s) => *s,
        SetMut::AuthProperties(s) => *s,
    };
    read_set(r, set)
}

/// [`write_properties`](super::split::write_properties)'s work, in the
/// npm package's 5.0 module: `set` becomes its table here, as in
/// [`read_split`]. Returns the content's length for [`WriteOp::Len`], else 0.
pub(crate) fn write_split(set: SetRef<'_, '_>, op: WriteOp<'_>) -> Result<usize, EncodeError> {
    let (values, ids): (&dyn PropertyValues<'_>, &[PropertyId]) = match set {
        // PUBLISH's User Properties alone skip the table when sized and
        // appended (its packet's measure and write; a put takes the
        // table): its 5.0 encode took 33 -> 88 ns through it (`cargo
        // bench --bench codec -- publish_`).
        SetRef::PublishProperties(s) if s.only_user() && !matches!(op, WriteOp::Put(_)) => {
            return Ok(match op {
                WriteOp::Append(out, len) => {
                    length_varint(len).unwrap_or(VarInt::MAX).write(out);
                    write_user(out, &s.user_properties);
                    0
                }
                _ => user_len(&s.user_properties)?,
            });
        }
        SetRef::PublishProperties(s) => (s, PublishProperties::IDS),
        SetRef::ConnectProperties(s) => (s, ConnectProperties::IDS),
        SetRef::WillProperties(s) => (s, WillProperties::IDS),
        SetRef::ConnAckProperties(s) => (s, ConnAckProperties::IDS),
        SetRef::AckProperties(s) => (s, AckProperties::IDS),
        SetRef::SubscribeProperties(s) => (s, SubscribeProperties::IDS),
        SetRef::UnsubscribeProperties(s) => (s, UnsubscribeProperties::IDS),
        SetRef::DisconnectProperties(s) => (s, DisconnectProperties::IDS),
        SetRef::AuthProperties(s) => (s, AuthProperties::IDS),
    };
    match op {
        WriteOp::Len => set_len(values, ids),
        WriteOp::Put(out) => put_set(values, ids, out).map(|()| 0),
        WriteOp::Append(out, len) => {
            write_set(values, ids, out, len);
            Ok(0)
        }
    }
}

/// Reads a property section into `set`, rejecting properties the set does
/// not hold, repeats of those that may appear once, and values out of
/// their range.
pub(crate) fn read_set<'a>(
    r: &mut Reader<'a>,
    set: &mut dyn PropertySlots<'a>,
) -> Result<(), DecodeError> {
    read_section(r, |r, id| read_one(r, id, set))
}

/// Reads a User Property's name and value and appends it to `user`:
/// returned to the caller to push, the property was copied out of the
/// result at each of the two callers.
fn read_user<'a>(r: &mut Reader<'a>, user: &mut UserProperties<'a>) -> Result<(), DecodeError> {
    let name = r.string("User Property name")?;
    let value = r.string("User Property value")?;
    user.push(UserProperty { name, value });
    Ok(())
}

impl Slot<'_, '_> {
    /// Whether the field of a property that may appear once is already
    /// set; repeatable properties never are.
    fn is_set(&self) -> bool {
        match self {
            Slot::Bool(f) => f.is_some(),
            Slot::Format(f) => f.is_some(),
            Slot::Qos(f) => f.is_some(),
            Slot::U16(f) => f.is_some(),
            Slot::NonZeroU16(f) => f.is_some(),
            Slot::U32(f) => f.is_some(),
            Slot::NonZeroU32(f) => f.is_some(),
            Slot::SubscriptionId(f) => f.is_some(),
            Slot::Str(f) => f.is_some(),
            Slot::Binary(f) => f.is_some(),
            Slot::SubscriptionIds(_) | Slot::User(_) => false,
        }
    }
}

/// `e`, an error of a read in [`read_one`], naming property `id` as its
/// field where the read named none (a User Property's reads name theirs):
/// the reads of other values are handed no name, as picking it from
/// [`PropertyId::name`]'s list for every property read would cost more
/// than the read.
#[cold]
fn named(mut e: DecodeError, id: PropertyId) -> DecodeError {
    if let DecodeError::Truncated { field, .. }
    | DecodeError::InvalidUtf8 { field }
    | DecodeError::NullCharacter { field } = &mut e
        && field.is_empty()
    {
        *field = id.name();
    }
    e
}

/// Reads the value of property `id` into its field of `set`.
///
/// A repeat is refused once, before the match. Every number is read by
/// one call, as big-endian bytes of its width or a Variable Byte Integer,
/// and then range-checked and stored: a read per arm, each copying its
/// error out, was most of this function's size in the wasm.
#[inline(never)]
fn read_one<'a>(
    r: &mut Reader<'a>,
    id: PropertyId,
    set: &mut dyn PropertySlots<'a>,
) -> Result<(), DecodeError> {
    let Some(slot) = set.slot(id) else {
        return Err(DecodeError::PropertyNotAllowed {
            packet: r.packet(),
            property: id,
        });
    };
    if slot.is_set() {
        return Err(DecodeError::DuplicateProperty(id));
    }
    read_value(r, id, slot).map_err(|e| named(e, id))
}

/// Reads the value of property `id` into `slot`; the reads of the value
/// name no field (see [`named`]).
#[inline]
fn read_value<'a>(
    r: &mut Reader<'a>,
    id: PropertyId,
    slot: Slot<'_, 'a>,
) -> Result<(), DecodeError> {
    // The number's width in bytes, by the property's type (MQTT 5.0
    // §2.2.2.2): a Byte, a big-endian Two or Four Byte Integer (§1.5.2,
    // §1.5.3), or 0 for a Variable Byte Integer (§1.5.5).
    let width = match slot {
        Slot::Str(f) => return r.string("").map(|v| *f = Some(v)),
        Slot::Binary(f) => return r.binary("").map(|v| *f = Some(v)),
        Slot::Bool(_) | Slot::Format(_) | Slot::Qos(_) => 1,
        Slot::U16(_) | Slot::NonZeroU16(_) => 2,
        Slot::U32(_) | Slot::NonZeroU32(_) => 4,
        Slot::SubscriptionId(_) | Slot::SubscriptionIds(_) => 0,
        Slot::User(u) => return read_user(r, u),
    };
    let v = if width == 0 {
        r.varint(ProtocolVersion::V5, "").map(VarInt::get)
    } else {
        r.take(width, "")
            .map(|b| b.iter().fold(0, |v, &b| (v << 8) | u32::from(b)))
    }?;
    // A byte whose only values are 0 and 1.
    let flag = v <= 1;
    let valid = match slot {
        Slot::Bool(f) => {
            *f = Some(v == 1);
            flag
        }
        Slot::Format(f) => {
            *f = Some(if v == 1 {
                PayloadFormat::Utf8
            } else {
                PayloadFormat::Unspecified
            });
            flag
        }
        Slot::Qos(f) => {
            *f = Some(if v == 1 {
                QoS::AtLeastOnce
            } else {
                QoS::AtMostOnce
            });
            flag
        }
        // Two bytes were read: `v` fits.
        Slot::U16(f) => {
            *f = Some(v as u16);
            true
        }
        Slot::NonZeroU16(f) => {
            *f = NonZeroU16::new(v as u16);
            f.is_some()
        }
        Slot::U32(f) => {
            *f = Some(v);
            true
        }
        Slot::NonZeroU32(f) => {
            *f = NonZeroU32::new(v);
            f.is_some()
        }
        Slot::SubscriptionId(f) => {
            *f = SubscriptionId::new(v);
            f.is_some()
        }
        Slot::SubscriptionIds(ids) => match SubscriptionId::new(v) {
            Some(s) => {
                ids.push(s);
                true
            }
            None => false,
        },
        // Read above.
        Slot::Str(_) | Slot::Binary(_) | Slot::User(_) => true,
    };
    if valid {
        Ok(())
    } else {
        Err(DecodeError::InvalidPropertyValue {
            property: id,
            value: v,
        })
    }
}

/// The size of the user properties, without the length prefix.
#[inline]
fn user_len(user: &[UserProperty<'_>]) -> Result<usize, EncodeError> {
    let mut len = 0;
    for p in user {
        len += 1
            + string_len("User Property name", p.name)?
            + string_len("User Property value", p.value)?;
    }
    Ok(len)
}

fn subscription_id_varint(id: SubscriptionId) -> VarInt {
    VarInt::new(id.get()).unwrap_or(VarInt::MAX)
}

/// The size of a set's properties without the length prefix, checking
/// every value.
pub(crate) fn set_len(
    set: &dyn PropertyValues<'_>,
    ids: &[PropertyId],
) -> Result<usize, EncodeError> {
    let mut len = 0;
    for &id in ids {
        len += match set.value(id) {
            None => 0,
            Some(Value::Byte(_)) => 2,
            Some(Value::Qos(q)) => {
                if q == QoS::ExactlyOnce {
                    return Err(EncodeError::InvalidValue { field: id.name() });
                }
                2
            }
            Some(Value::U16(_)) => 3,
            Some(Value::U32(_)) => 5,
            Some(Value::SubscriptionIds(ids)) => ids
                .iter()
                .map(|&v| 1 + subscription_id_varint(v).encoded_len())
                .sum(),
            Some(Value::Str(s)) => 1 + string_len(id.name(), s)?,
            Some(Value::Binary(b)) => 1 + binary_len(id.name(), b)?,
            Some(Value::User(u)) => user_len(u)?,
        };
    }
    Ok(len)
}

#[inline]
fn write_user(out: &mut Vec<u8>, user: &[UserProperty<'_>]) {
    for p in user {
        out.push(PropertyId::UserProperty as u8);
        write_string(out, p.name);
        write_string(out, p.value);
    }
}

/// Writes a set's property section; `content_len` is what [`set_len`]
/// returned.
pub(crate) fn write_set(
    set: &dyn PropertyValues<'_>,
    ids: &[PropertyId],
    out: &mut Vec<u8>,
    content_len: usize,
) {
    length_varint(content_len).unwrap_or(VarInt::MAX).write(out);
    for &id in ids {
        let value = match set.value(id) {
            None => continue,
            Some(Value::SubscriptionIds(ids)) => {
                for &v in ids {
                    out.push(id as u8);
                    subscription_id_varint(v).write(out);
                }
                continue;
            }
            Some(Value::User(u)) => {
                write_user(out, u);
                continue;
            }
            Some(v) => v,
        };
        out.push(id as u8);
        match value {
            Value::Byte(b) => out.push(b),
            Value::Qos(q) => out.push(q.as_u8()),
            Value::U16(v) => out.extend_from_slice(&v.to_be_bytes()),
            Value::U32(v) => out.extend_from_slice(&v.to_be_bytes()),
            Value::Str(s) => write_string(out, s),
            Value::Binary(b) => write_binary(out, b),
            // Written above.
            Value::SubscriptionIds(_) | Value::User(_) => {}
        }
    }
}

/// Checks a set's property section and appends it: one function for
/// every set but PUBLISH's (whose packet sizes it first), not a copy of
/// the steps in each packet's encoder.
fn put_set(
    set: &dyn PropertyValues<'_>,
    ids: &[PropertyId],
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    let len = set_len(set, ids)?;
    section_len(len)?;
    write_set(set, ids, out, len);
    Ok(())
}

/// Reads a property section: its Variable Byte Integer length, then
/// identifier and value pairs, each handed to `accept`.
pub(crate) fn read_section<'a>(
    r: &mut Reader<'a>,
    mut accept: impl FnMut(&mut Reader<'a>, PropertyId) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let len = r.varint(ProtocolVersion::V5, "Property Length")?;
    let len = usize::try_from(len.get()).unwrap_or(usize::MAX);
    let mut section = r.sub(len, "properties")?;
    while !section.is_empty() {
        let id = section
            .varint(ProtocolVersion::V5, "property identifier")?
            .get();
        let id = PropertyId::from_id(id).ok_or(DecodeError::UnknownProperty(id))?;
        accept(&mut section, id)?;
    }
    Ok(())
}

/// The size of a property section: its length prefix plus `content`.
pub(crate) fn section_len(content: usize) -> Result<usize, EncodeError> {
    Ok(length_varint(content)?.encoded_len() + content)
}

macro_rules! property_set {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : Option<$ty:ty> = $id:ident, )*
        }
        $( repeated { $( $(#[$rmeta:meta])* $rfield:ident : Vec<$rty:ty> = $rid:ident, )* } )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name<'a> {
            $( $(#[$fmeta])* pub $field: Option<$ty>, )*
            $( $( $(#[$rmeta])* pub $rfield: Vec<$rty>, )* )?
            /// User Properties, in the order sent (MQTT 5.0 §2.2.2.2).
            pub user_properties: UserProperties<'a>,
        }

        impl<'a> $name<'a> {
            /// Whether no property is set.
            pub fn is_empty(&self) -> bool {
                self.only_user() && self.user_properties.is_empty()
            }

            /// Reads a property section into this set, rejecting
            /// properties it does not hold and repeats of those that may
            /// appear once. The set is empty, made by its packet's
            /// decoder: the decoder builds the set in place once,
            /// whether or not the version has properties (a set returned
            /// by value was built twice and moved; 75,877 -> 75,198 bytes
            /// gzip for the npm package with the client's decoders).
            #[inline]
            pub(crate) fn read_into(&mut self, r: &mut Reader<'a>) -> Result<(), DecodeError> {
                read_properties(r, &mut SetMut::$name(self))
            }

            /// The size of the properties without the length prefix,
            /// checking every value (for PUBLISH's measure; the other sets
            /// are put in one call).
            #[allow(dead_code)]
            pub(crate) fn content_len(&self) -> Result<usize, EncodeError> {
                write_properties(SetRef::$name(self), WriteOp::Len)
            }

            /// Checks the section and appends it (PUBLISH's set is instead
            /// sized by its packet's measure and written after).
            #[allow(dead_code)]
            pub(crate) fn put(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
                write_properties(SetRef::$name(self), WriteOp::Put(out)).map(drop)
            }

            /// Writes the section; `content_len` is what
            /// [`Self::content_len`] returned.
            #[allow(dead_code)]
            pub(crate) fn write(&self, out: &mut Vec<u8>, content_len: usize) {
                // Nothing to check: sized by `content_len` before.
                let _ = write_properties(SetRef::$name(self), WriteOp::Append(out, content_len));
            }

            /// The identifiers of the set, in the order they are written;
            /// User Property last. A constant handed to the walks, not a
            /// method of [`PropertyValues`]: that was a function and a
            /// table entry per set.
            const IDS: &'static [PropertyId] = &[
                $( PropertyId::$id, )*
                $( $( PropertyId::$rid, )* )?
                PropertyId::UserProperty,
            ];

            /// Whether no property but User Property is set.
            #[inline]
            fn only_user(&self) -> bool {
                true $( && self.$field.is_none() )* $( $( && self.$rfield.is_empty() )* )?
            }
        }

        impl<'a> PropertyValues<'a> for $name<'a> {
            fn value(&self, id: PropertyId) -> Option<Value<'_, 'a>> {
                match id {
                    $( PropertyId::$id => Field::value(&self.$field), )*
                    $( $( PropertyId::$rid => Field::value(&self.$rfield), )* )?
                    PropertyId::UserProperty => Field::value(&self.user_properties),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }

        impl<'a> PropertySlots<'a> for $name<'a> {
            fn slot(&mut self, id: PropertyId) -> Option<Slot<'_, 'a>> {
                Some(match id {
                    $( PropertyId::$id => Field::slot(&mut self.$field), )*
                    $( $( PropertyId::$rid => Field::slot(&mut self.$rfield), )* )?
                    PropertyId::UserProperty => Field::slot(&mut self.user_properties),
                    #[allow(unreachable_patterns)]
                    _ => return None,
                })
            }
        }
    };
}

property_set! {
    /// CONNECT properties (MQTT 5.0 §3.1.2.11).
    pub struct ConnectProperties {
        /// Seconds the session outlives the connection; 0xFFFFFFFF never
        /// expires (§3.1.2.11.2).
        session_expiry_interval: Option<u32> = SessionExpiryInterval,
        /// QoS 1 and 2 publications the client will process at once
        /// (§3.1.2.11.3).
        receive_maximum: Option<NonZeroU16> = ReceiveMaximum,
        /// The largest packet the client accepts (§3.1.2.11.4).
        maximum_packet_size: Option<NonZeroU32> = MaximumPacketSize,
        /// The highest topic alias the client accepts (§3.1.2.11.5).
        topic_alias_maximum: Option<u16> = TopicAliasMaximum,
        /// Ask for Response Information in CONNACK (§3.1.2.11.6).
        request_response_information: Option<bool> = RequestResponseInformation,
        /// Whether reason strings and user properties may be sent on
        /// failures (§3.1.2.11.7).
        request_problem_information: Option<bool> = RequestProblemInformation,
        /// Extended authentication method (§3.1.2.11.9).
        authentication_method: Option<&'a str> = AuthenticationMethod,
        /// Extended authentication data (§3.1.2.11.10).
        authentication_data: Option<&'a [u8]> = AuthenticationData,
    }
}

property_set! {
    /// Will properties, in the CONNECT payload (MQTT 5.0 §3.1.3.2).
    pub struct WillProperties {
        /// Seconds to wait before publishing the will (§3.1.3.2.2).
        will_delay_interval: Option<u32> = WillDelayInterval,
        /// Whether the will payload is UTF-8 (§3.1.3.2.3).
        payload_format_indicator: Option<PayloadFormat> = PayloadFormatIndicator,
        /// Lifetime of the will message in seconds (§3.1.3.2.4).
        message_expiry_interval: Option<u32> = MessageExpiryInterval,
        /// The will payload's content type (§3.1.3.2.5).
        content_type: Option<&'a str> = ContentType,
        /// Topic for a response to the will (§3.1.3.2.6).
        response_topic: Option<&'a str> = ResponseTopic,
        /// Data to pair a response with the will (§3.1.3.2.7).
        correlation_data: Option<&'a [u8]> = CorrelationData,
    }
}

property_set! {
    /// CONNACK properties (MQTT 5.0 §3.2.2.3).
    pub struct ConnAckProperties {
        /// The session expiry the server uses instead of the client's
        /// (§3.2.2.3.2).
        session_expiry_interval: Option<u32> = SessionExpiryInterval,
        /// QoS 1 and 2 publications the server will process at once
        /// (§3.2.2.3.3).
        receive_maximum: Option<NonZeroU16> = ReceiveMaximum,
        /// The highest QoS the server supports, 0 or 1; absent means 2
        /// (§3.2.2.3.4).
        maximum_qos: Option<QoS> = MaximumQoS,
        /// Whether the server supports retained messages (§3.2.2.3.5).
        retain_available: Option<bool> = RetainAvailable,
        /// The largest packet the server accepts (§3.2.2.3.6).
        maximum_packet_size: Option<NonZeroU32> = MaximumPacketSize,
        /// The client identifier the server assigned (§3.2.2.3.7).
        assigned_client_identifier: Option<&'a str> = AssignedClientIdentifier,
        /// The highest topic alias the server accepts (§3.2.2.3.8).
        topic_alias_maximum: Option<u16> = TopicAliasMaximum,
        /// Human-readable diagnostics (§3.2.2.3.9).
        reason_string: Option<&'a str> = ReasonString,
        /// Whether wildcard subscriptions are supported (§3.2.2.3.11).
        wildcard_subscription_available: Option<bool> = WildcardSubscriptionAvailable,
        /// Whether subscription identifiers are supported (§3.2.2.3.12).
        subscription_identifiers_available: Option<bool> = SubscriptionIdentifierAvailable,
        /// Whether shared subscriptions are supported (§3.2.2.3.13).
        shared_subscription_available: Option<bool> = SharedSubscriptionAvailable,
        /// The keep alive the client must use (§3.2.2.3.14).
        server_keep_alive: Option<u16> = ServerKeepAlive,
        /// Basis for a response topic (§3.2.2.3.15).
        response_information: Option<&'a str> = ResponseInformation,
        /// Another server to use (§3.2.2.3.16).
        server_reference: Option<&'a str> = ServerReference,
        /// Extended authentication method (§3.2.2.3.17).
        authentication_method: Option<&'a str> = AuthenticationMethod,
        /// Extended authentication data (§3.2.2.3.18).
        authentication_data: Option<&'a [u8]> = AuthenticationData,
    }
}

property_set! {
    /// PUBLISH properties (MQTT 5.0 §3.3.2.3).
    pub struct PublishProperties {
        /// Whether the payload is UTF-8 (§3.3.2.3.2).
        payload_format_indicator: Option<PayloadFormat> = PayloadFormatIndicator,
        /// Lifetime of the message in seconds (§3.3.2.3.3).
        message_expiry_interval: Option<u32> = MessageExpiryInterval,
        /// A number that stands for the topic (§3.3.2.3.4).
        topic_alias: Option<NonZeroU16> = TopicAlias,
        /// Topic for a response (§3.3.2.3.5).
        response_topic: Option<&'a str> = ResponseTopic,
        /// Data to pair a response with its request (§3.3.2.3.6).
        correlation_data: Option<&'a [u8]> = CorrelationData,
        /// The payload's content type (§3.3.2.3.9).
        content_type: Option<&'a str> = ContentType,
    }
    repeated {
        /// Identifiers of the subscriptions that matched; sent by the server
        /// only (§3.3.2.3.8).
        subscription_identifiers: Vec<SubscriptionId> = SubscriptionIdentifier,
    }
}

property_set! {
    /// Properties of PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK and UNSUBACK
    /// (MQTT 5.0 §3.4.2.2 and the like): a reason string and user properties.
    pub struct AckProperties {
        /// Human-readable diagnostics.
        reason_string: Option<&'a str> = ReasonString,
    }
}

property_set! {
    /// SUBSCRIBE properties (MQTT 5.0 §3.8.2.1).
    pub struct SubscribeProperties {
        /// An identifier the server returns with every matching message
        /// (§3.8.2.1.2).
        subscription_identifier: Option<SubscriptionId> = SubscriptionIdentifier,
    }
}

property_set! {
    /// UNSUBSCRIBE properties (MQTT 5.0 §3.10.2.1): user properties only.
    pub struct UnsubscribeProperties {
    }
}

property_set! {
    /// DISCONNECT properties (MQTT 5.0 §3.14.2.2).
    pub struct DisconnectProperties {
        /// A new session expiry, from the client only (§3.14.2.2.2).
        session_expiry_interval: Option<u32> = SessionExpiryInterval,
        /// Human-readable diagnostics (§3.14.2.2.3).
        reason_string: Option<&'a str> = ReasonString,
        /// Another server to use (§3.14.2.2.5).
        server_reference: Option<&'a str> = ServerReference,
    }
}

property_set! {
    /// AUTH properties (MQTT 5.0 §3.15.2.2).
    pub struct AuthProperties {
        /// Extended authentication method (§3.15.2.2.2).
        authentication_method: Option<&'a str> = AuthenticationMethod,
        /// Extended authentication data (§3.15.2.2.3).
        authentication_data: Option<&'a [u8]> = AuthenticationData,
        /// Human-readable diagnostics (§3.15.2.2.4).
        reason_string: Option<&'a str> = ReasonString,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::packet_type::PacketType;

    fn read(bytes: &[u8]) -> Result<(), DecodeError> {
        let mut set = ConnAckProperties::default();
        read_set(&mut Reader::new(bytes, PacketType::ConnAck), &mut set)
    }

    #[test]
    fn a_failed_read_names_its_property_or_its_part() {
        let truncated = |field| {
            Err(DecodeError::Truncated {
                packet: PacketType::ConnAck,
                field,
            })
        };
        // Reason String of 5 bytes with 1 sent.
        assert_eq!(read(&[4, 0x1F, 0, 5, b'a']), truncated("Reason String"));
        // Receive Maximum with one of its two bytes.
        assert_eq!(read(&[2, 0x21, 1]), truncated("Receive Maximum"));
        // A string holding U+0000.
        assert_eq!(
            read(&[4, 0x1F, 0, 1, 0]),
            Err(DecodeError::NullCharacter {
                field: "Reason String"
            })
        );
        assert_eq!(
            read(&[4, 0x1F, 0, 1, 0xFF]),
            Err(DecodeError::InvalidUtf8 {
                field: "Reason String"
            })
        );
        // A User Property's reads name the part that failed.
        assert_eq!(
            read(&[5, 0x26, 0, 1, b'n', 0]),
            truncated("User Property value")
        );
    }
}
