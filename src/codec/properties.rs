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
            pub const fn name(self) -> &'static str {
                match self {
                    $( PropertyId::$name => $text, )*
                }
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
        self.0 = match core::mem::take(&mut self.0) {
            Inline::Empty => Inline::One(p),
            Inline::One(first) => Inline::Many(alloc::vec![first, p]),
            Inline::Many(mut v) => {
                v.push(p);
                Inline::Many(v)
            }
        };
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

/// A property value type: how it is read, sized and written
/// (MQTT 5.0 §2.2.2.2 gives each property's type).
pub(crate) trait PropertyValue<'a>: Sized + Copy {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError>;
    fn encoded_len(&self, id: PropertyId) -> Result<usize, EncodeError>;
    fn write(&self, out: &mut Vec<u8>);
}

fn invalid(property: PropertyId, value: u32) -> DecodeError {
    DecodeError::InvalidPropertyValue { property, value }
}

/// Byte properties whose only values are 0 and 1.
impl<'a> PropertyValue<'a> for bool {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        match r.u8(id.name())? {
            0 => Ok(false),
            1 => Ok(true),
            v => Err(invalid(id, u32::from(v))),
        }
    }
    fn encoded_len(&self, _: PropertyId) -> Result<usize, EncodeError> {
        Ok(1)
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
}

impl<'a> PropertyValue<'a> for PayloadFormat {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        match r.u8(id.name())? {
            0 => Ok(PayloadFormat::Unspecified),
            1 => Ok(PayloadFormat::Utf8),
            v => Err(invalid(id, u32::from(v))),
        }
    }
    fn encoded_len(&self, _: PropertyId) -> Result<usize, EncodeError> {
        Ok(1)
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.push(*self as u8);
    }
}

/// Maximum QoS: 0 or 1 only; a server that supports QoS 2 omits it
/// (MQTT 5.0 §3.2.2.3.4).
impl<'a> PropertyValue<'a> for QoS {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        match r.u8(id.name())? {
            0 => Ok(QoS::AtMostOnce),
            1 => Ok(QoS::AtLeastOnce),
            v => Err(invalid(id, u32::from(v))),
        }
    }
    fn encoded_len(&self, id: PropertyId) -> Result<usize, EncodeError> {
        if *self == QoS::ExactlyOnce {
            return Err(EncodeError::InvalidValue { field: id.name() });
        }
        Ok(1)
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.push(self.as_u8());
    }
}

impl<'a> PropertyValue<'a> for u16 {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        r.u16(id.name())
    }
    fn encoded_len(&self, _: PropertyId) -> Result<usize, EncodeError> {
        Ok(2)
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_be_bytes());
    }
}

/// Receive Maximum and Topic Alias, where 0 is a protocol error.
impl<'a> PropertyValue<'a> for NonZeroU16 {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        NonZeroU16::new(r.u16(id.name())?).ok_or(invalid(id, 0))
    }
    fn encoded_len(&self, _: PropertyId) -> Result<usize, EncodeError> {
        Ok(2)
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.get().to_be_bytes());
    }
}

impl<'a> PropertyValue<'a> for u32 {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        r.u32(id.name())
    }
    fn encoded_len(&self, _: PropertyId) -> Result<usize, EncodeError> {
        Ok(4)
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_be_bytes());
    }
}

/// Maximum Packet Size, where 0 is a protocol error.
impl<'a> PropertyValue<'a> for NonZeroU32 {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        NonZeroU32::new(r.u32(id.name())?).ok_or(invalid(id, 0))
    }
    fn encoded_len(&self, _: PropertyId) -> Result<usize, EncodeError> {
        Ok(4)
    }
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.get().to_be_bytes());
    }
}

/// Subscription Identifier: a Variable Byte Integer, 0 a protocol error.
impl<'a> PropertyValue<'a> for SubscriptionId {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        let v = r.varint(ProtocolVersion::V5, id.name())?.get();
        SubscriptionId::new(v).ok_or(invalid(id, v))
    }
    fn encoded_len(&self, _: PropertyId) -> Result<usize, EncodeError> {
        Ok(VarInt::new(self.get()).unwrap_or(VarInt::MAX).encoded_len())
    }
    fn write(&self, out: &mut Vec<u8>) {
        VarInt::new(self.get()).unwrap_or(VarInt::MAX).write(out);
    }
}

impl<'a> PropertyValue<'a> for &'a str {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        r.string(id.name())
    }
    fn encoded_len(&self, id: PropertyId) -> Result<usize, EncodeError> {
        string_len(id.name(), self)
    }
    fn write(&self, out: &mut Vec<u8>) {
        write_string(out, self);
    }
}

impl<'a> PropertyValue<'a> for &'a [u8] {
    fn read(r: &mut Reader<'a>, id: PropertyId) -> Result<Self, DecodeError> {
        r.binary(id.name())
    }
    fn encoded_len(&self, id: PropertyId) -> Result<usize, EncodeError> {
        binary_len(id.name(), self)
    }
    fn write(&self, out: &mut Vec<u8>) {
        write_binary(out, self);
    }
}

impl<'a> PropertyValue<'a> for UserProperty<'a> {
    fn read(r: &mut Reader<'a>, _: PropertyId) -> Result<Self, DecodeError> {
        Ok(UserProperty {
            name: r.string("User Property name")?,
            value: r.string("User Property value")?,
        })
    }
    fn encoded_len(&self, _: PropertyId) -> Result<usize, EncodeError> {
        Ok(string_len("User Property name", self.name)?
            + string_len("User Property value", self.value)?)
    }
    fn write(&self, out: &mut Vec<u8>) {
        write_string(out, self.name);
        write_string(out, self.value);
    }
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
                true $( && self.$field.is_none() )*
                    $( $( && self.$rfield.is_empty() )* )?
                    && self.user_properties.is_empty()
            }

            /// Reads a property section, rejecting properties this set
            /// does not hold and repeats of those that may appear once.
            pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
                let mut out = Self::default();
                let packet = r.packet();
                read_section(r, |r, id| {
                    match id {
                        $( PropertyId::$id => {
                            if out.$field.is_some() {
                                return Err(DecodeError::DuplicateProperty(id));
                            }
                            out.$field = Some(<$ty as PropertyValue<'a>>::read(r, id)?);
                        } )*
                        $( $( PropertyId::$rid => {
                            out.$rfield.push(<$rty as PropertyValue<'a>>::read(r, id)?);
                        } )* )?
                        PropertyId::UserProperty => {
                            out.user_properties.push(UserProperty::read(r, id)?);
                        }
                        #[allow(unreachable_patterns)]
                        property => return Err(DecodeError::PropertyNotAllowed { packet, property }),
                    }
                    Ok(())
                })?;
                Ok(out)
            }

            /// The size of the properties without the length prefix,
            /// checking every value.
            pub(crate) fn content_len(&self) -> Result<usize, EncodeError> {
                let mut len = 0usize;
                $( if let Some(v) = &self.$field {
                    len += 1 + PropertyValue::encoded_len(v, PropertyId::$id)?;
                } )*
                $( $( for v in &self.$rfield {
                    len += 1 + PropertyValue::encoded_len(v, PropertyId::$rid)?;
                } )* )?
                for v in &self.user_properties {
                    len += 1 + PropertyValue::encoded_len(v, PropertyId::UserProperty)?;
                }
                Ok(len)
            }

            /// Writes the section; `content_len` is what
            /// [`Self::content_len`] returned.
            pub(crate) fn write(&self, out: &mut Vec<u8>, content_len: usize) {
                length_varint(content_len).unwrap_or(VarInt::MAX).write(out);
                $( if let Some(v) = &self.$field {
                    out.push(PropertyId::$id as u8);
                    PropertyValue::write(v, out);
                } )*
                $( $( for v in &self.$rfield {
                    out.push(PropertyId::$rid as u8);
                    PropertyValue::write(v, out);
                } )* )?
                for v in &self.user_properties {
                    out.push(PropertyId::UserProperty as u8);
                    PropertyValue::write(v, out);
                }
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
