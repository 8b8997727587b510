//! Reason codes (MQTT 5.0 §2.4), one enum per packet type so that each can
//! hold only the codes its packet defines.
//!
//! MQTT 3.1 and 3.1.1 CONNACK return codes map onto [`ConnectReasonCode`]
//! (see [`ConnectReasonCode::from_v3`]); their SUBACK return codes are a
//! subset of [`SubAckReasonCode`].

use super::error::DecodeError;
use super::packet_type::PacketType;

/// The name of every reason code but 0x00, which each packet type names
/// its own way (Success, Normal disconnection, Granted QoS 0): the other
/// codes mean the same in every packet that has them (MQTT 5.0 §2.4,
/// Table 2-6). One list for all the enums, not one each, which repeated
/// the codes they share.
const NAMES: &str = "Granted QoS 1\nGranted QoS 2\nDisconnect with Will Message\n\
    No matching subscribers\nNo subscription existed\nContinue authentication\n\
    Re-authenticate\nUnspecified error\nMalformed Packet\nProtocol Error\n\
    Implementation specific error\nUnsupported Protocol Version\n\
    Client Identifier not valid\nBad User Name or Password\nNot authorized\n\
    Server unavailable\nServer busy\nBanned\nServer shutting down\n\
    Bad authentication method\nKeep Alive timeout\nSession taken over\n\
    Topic Filter invalid\nTopic Name invalid\nPacket Identifier in use\n\
    Packet Identifier not found\nReceive Maximum exceeded\nTopic Alias invalid\n\
    Packet too large\nMessage rate too high\nQuota exceeded\nAdministrative action\n\
    Payload format invalid\nRetain not supported\nQoS not supported\n\
    Use another server\nServer moved\nShared Subscriptions not supported\n\
    Connection rate exceeded\nMaximum connect time\n\
    Subscription Identifiers not supported\nWildcard Subscriptions not supported\n";

/// The codes of [`NAMES`], in its order.
const CODES: &[u8] = &[
    0x01, 0x02, 0x04, 0x10, 0x11, 0x18, 0x19, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
    0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
    0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2,
];

/// The name of reason code `code` (not 0x00).
const fn name(code: u8) -> &'static str {
    crate::text::pick_code(NAMES, CODES, code)
}

macro_rules! reason_codes {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(#[$zmeta:meta])* $zero:ident = 0x00 => $zero_text:literal,
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum $name {
            $(#[$zmeta])* #[doc = concat!("`0x00` ", $zero_text, ".")] $zero = 0x00,
            $( $(#[$vmeta])* #[doc = concat!("`", stringify!($code), "` ", $text, ".")] $variant = $code, )*
        }

        impl $name {
            /// The code's byte value.
            pub const fn code(self) -> u8 {
                self as u8
            }

            /// Whether the code reports a failure: values of 0x80 and above
            /// (MQTT 5.0 §2.4).
            pub const fn is_error(self) -> bool {
                (self as u8) >= 0x80
            }

            /// The code's name as the specification writes it.
            pub const fn description(self) -> &'static str {
                match self {
                    $name::$zero => $zero_text,
                    _ => name(self as u8),
                }
            }

            /// The code for `code`, or `None` when this packet type does
            /// not define it.
            pub const fn from_code(code: u8) -> Option<$name> {
                match code {
                    0x00 => Some($name::$zero),
                    $( $code => Some($name::$variant), )*
                    _ => None,
                }
            }

            pub(crate) fn decode(code: u8, packet: PacketType) -> Result<$name, DecodeError> {
                $name::from_code(code).ok_or(DecodeError::InvalidReasonCode { packet, code })
            }
        }

        impl TryFrom<u8> for $name {
            type Error = u8;
            /// Fails with the value itself when the packet type does not
            /// define it.
            fn try_from(code: u8) -> Result<$name, u8> {
                $name::from_code(code).ok_or(code)
            }
        }

        impl crate::text::Describe for $name {
            fn describe(&self, t: &mut crate::text::Text) {
                t.s(self.description());
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.description())
            }
        }

        #[cfg(test)]
        impl $name {
            /// Each code but 0x00 with the name this enum gives it.
            const NAMED: &[(u8, &str)] = &[$( ($code, $text), )*];
        }
    };
}

reason_codes! {
    /// CONNACK reason codes (MQTT 5.0 §3.2.2.2).
    ConnectReasonCode {
        Success = 0x00 => "Success",
        UnspecifiedError = 0x80 => "Unspecified error",
        MalformedPacket = 0x81 => "Malformed Packet",
        ProtocolError = 0x82 => "Protocol Error",
        ImplementationSpecificError = 0x83 => "Implementation specific error",
        UnsupportedProtocolVersion = 0x84 => "Unsupported Protocol Version",
        ClientIdentifierNotValid = 0x85 => "Client Identifier not valid",
        BadUserNameOrPassword = 0x86 => "Bad User Name or Password",
        NotAuthorized = 0x87 => "Not authorized",
        ServerUnavailable = 0x88 => "Server unavailable",
        ServerBusy = 0x89 => "Server busy",
        Banned = 0x8A => "Banned",
        BadAuthenticationMethod = 0x8C => "Bad authentication method",
        TopicNameInvalid = 0x90 => "Topic Name invalid",
        PacketTooLarge = 0x95 => "Packet too large",
        QuotaExceeded = 0x97 => "Quota exceeded",
        PayloadFormatInvalid = 0x99 => "Payload format invalid",
        RetainNotSupported = 0x9A => "Retain not supported",
        QoSNotSupported = 0x9B => "QoS not supported",
        UseAnotherServer = 0x9C => "Use another server",
        ServerMoved = 0x9D => "Server moved",
        ConnectionRateExceeded = 0x9F => "Connection rate exceeded",
    }
}

impl ConnectReasonCode {
    /// Whether the server refused who the client is rather than how or
    /// when it connected: bad user name or password, not authorized,
    /// banned, bad authentication method (MQTT 5.0 §3.2.2.2; 3.1.1 return
    /// codes 4 and 5). The same login would be refused again.
    pub const fn is_login_refusal(self) -> bool {
        matches!(
            self,
            ConnectReasonCode::BadUserNameOrPassword
                | ConnectReasonCode::NotAuthorized
                | ConnectReasonCode::Banned
                | ConnectReasonCode::BadAuthenticationMethod
        )
    }

    /// The MQTT 5.0 code for an MQTT 3.1 / 3.1.1 CONNACK return code
    /// (MQTT 3.1.1 §3.2.2.3, Table 3.1), or `None` for 6 and above.
    ///
    /// The mapping is one to one, so a 3.1.1 CONNACK decodes and encodes
    /// back to the same byte.
    pub const fn from_v3(code: u8) -> Option<ConnectReasonCode> {
        use ConnectReasonCode::*;
        Some(match code {
            0 => Success,
            1 => UnsupportedProtocolVersion,
            2 => ClientIdentifierNotValid,
            3 => ServerUnavailable,
            4 => BadUserNameOrPassword,
            5 => NotAuthorized,
            _ => return None,
        })
    }

    /// The MQTT 3.1 / 3.1.1 return code for this code, or `None` when 3.1.1
    /// has no equivalent.
    pub const fn to_v3(self) -> Option<u8> {
        use ConnectReasonCode::*;
        Some(match self {
            Success => 0,
            UnsupportedProtocolVersion => 1,
            ClientIdentifierNotValid => 2,
            ServerUnavailable => 3,
            BadUserNameOrPassword => 4,
            NotAuthorized => 5,
            _ => return None,
        })
    }
}

reason_codes! {
    /// PUBACK and PUBREC reason codes (MQTT 5.0 §3.4.2.1, §3.5.2.1).
    PubAckReasonCode {
        Success = 0x00 => "Success",
        NoMatchingSubscribers = 0x10 => "No matching subscribers",
        UnspecifiedError = 0x80 => "Unspecified error",
        ImplementationSpecificError = 0x83 => "Implementation specific error",
        NotAuthorized = 0x87 => "Not authorized",
        TopicNameInvalid = 0x90 => "Topic Name invalid",
        PacketIdentifierInUse = 0x91 => "Packet Identifier in use",
        QuotaExceeded = 0x97 => "Quota exceeded",
        PayloadFormatInvalid = 0x99 => "Payload format invalid",
    }
}

reason_codes! {
    /// PUBREL and PUBCOMP reason codes (MQTT 5.0 §3.6.2.1, §3.7.2.1).
    PubRelReasonCode {
        Success = 0x00 => "Success",
        PacketIdentifierNotFound = 0x92 => "Packet Identifier not found",
    }
}

reason_codes! {
    /// SUBACK reason codes (MQTT 5.0 §3.9.3); MQTT 3.1.1 uses 0x00–0x02 and
    /// 0x80 only (MQTT 3.1.1 §3.9.3).
    SubAckReasonCode {
        GrantedQoS0 = 0x00 => "Granted QoS 0",
        GrantedQoS1 = 0x01 => "Granted QoS 1",
        GrantedQoS2 = 0x02 => "Granted QoS 2",
        UnspecifiedError = 0x80 => "Unspecified error",
        ImplementationSpecificError = 0x83 => "Implementation specific error",
        NotAuthorized = 0x87 => "Not authorized",
        TopicFilterInvalid = 0x8F => "Topic Filter invalid",
        PacketIdentifierInUse = 0x91 => "Packet Identifier in use",
        QuotaExceeded = 0x97 => "Quota exceeded",
        SharedSubscriptionsNotSupported = 0x9E => "Shared Subscriptions not supported",
        SubscriptionIdentifiersNotSupported = 0xA1 => "Subscription Identifiers not supported",
        WildcardSubscriptionsNotSupported = 0xA2 => "Wildcard Subscriptions not supported",
    }
}

impl SubAckReasonCode {
    /// The QoS granted, or `None` for a failure.
    pub const fn granted_qos(self) -> Option<super::QoS> {
        match self {
            SubAckReasonCode::GrantedQoS0 => Some(super::QoS::AtMostOnce),
            SubAckReasonCode::GrantedQoS1 => Some(super::QoS::AtLeastOnce),
            SubAckReasonCode::GrantedQoS2 => Some(super::QoS::ExactlyOnce),
            _ => None,
        }
    }

    /// Whether MQTT 3.1 and 3.1.1 define this return code.
    pub const fn in_v3(self) -> bool {
        (self as u8) <= 2 || (self as u8) == 0x80
    }
}

reason_codes! {
    /// UNSUBACK reason codes (MQTT 5.0 §3.11.3).
    UnsubAckReasonCode {
        Success = 0x00 => "Success",
        NoSubscriptionExisted = 0x11 => "No subscription existed",
        UnspecifiedError = 0x80 => "Unspecified error",
        ImplementationSpecificError = 0x83 => "Implementation specific error",
        NotAuthorized = 0x87 => "Not authorized",
        TopicFilterInvalid = 0x8F => "Topic Filter invalid",
        PacketIdentifierInUse = 0x91 => "Packet Identifier in use",
    }
}

reason_codes! {
    /// DISCONNECT reason codes (MQTT 5.0 §3.14.2.1).
    DisconnectReasonCode {
        NormalDisconnection = 0x00 => "Normal disconnection",
        DisconnectWithWillMessage = 0x04 => "Disconnect with Will Message",
        UnspecifiedError = 0x80 => "Unspecified error",
        MalformedPacket = 0x81 => "Malformed Packet",
        ProtocolError = 0x82 => "Protocol Error",
        ImplementationSpecificError = 0x83 => "Implementation specific error",
        NotAuthorized = 0x87 => "Not authorized",
        ServerBusy = 0x89 => "Server busy",
        ServerShuttingDown = 0x8B => "Server shutting down",
        KeepAliveTimeout = 0x8D => "Keep Alive timeout",
        SessionTakenOver = 0x8E => "Session taken over",
        TopicFilterInvalid = 0x8F => "Topic Filter invalid",
        TopicNameInvalid = 0x90 => "Topic Name invalid",
        ReceiveMaximumExceeded = 0x93 => "Receive Maximum exceeded",
        TopicAliasInvalid = 0x94 => "Topic Alias invalid",
        PacketTooLarge = 0x95 => "Packet too large",
        MessageRateTooHigh = 0x96 => "Message rate too high",
        QuotaExceeded = 0x97 => "Quota exceeded",
        AdministrativeAction = 0x98 => "Administrative action",
        PayloadFormatInvalid = 0x99 => "Payload format invalid",
        RetainNotSupported = 0x9A => "Retain not supported",
        QoSNotSupported = 0x9B => "QoS not supported",
        UseAnotherServer = 0x9C => "Use another server",
        ServerMoved = 0x9D => "Server moved",
        SharedSubscriptionsNotSupported = 0x9E => "Shared Subscriptions not supported",
        ConnectionRateExceeded = 0x9F => "Connection rate exceeded",
        MaximumConnectTime = 0xA0 => "Maximum connect time",
        SubscriptionIdentifiersNotSupported = 0xA1 => "Subscription Identifiers not supported",
        WildcardSubscriptionsNotSupported = 0xA2 => "Wildcard Subscriptions not supported",
    }
}

reason_codes! {
    /// AUTH reason codes (MQTT 5.0 §3.15.2.1).
    AuthReasonCode {
        Success = 0x00 => "Success",
        ContinueAuthentication = 0x18 => "Continue authentication",
        ReAuthenticate = 0x19 => "Re-authenticate",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_the_name_its_enum_gives_it() {
        for named in [
            ConnectReasonCode::NAMED,
            PubAckReasonCode::NAMED,
            PubRelReasonCode::NAMED,
            SubAckReasonCode::NAMED,
            UnsubAckReasonCode::NAMED,
            DisconnectReasonCode::NAMED,
            AuthReasonCode::NAMED,
        ] {
            for &(code, text) in named {
                assert_eq!(name(code), text, "{code:#04x}");
            }
        }
        assert_eq!(NAMES.lines().count(), CODES.len());
        assert_eq!(ConnectReasonCode::Success.description(), "Success");
        assert_eq!(
            DisconnectReasonCode::NormalDisconnection.description(),
            "Normal disconnection"
        );
        assert_eq!(SubAckReasonCode::GrantedQoS0.description(), "Granted QoS 0");
        assert_eq!(SubAckReasonCode::GrantedQoS2.description(), "Granted QoS 2");
        assert_eq!(
            DisconnectReasonCode::WildcardSubscriptionsNotSupported.description(),
            "Wildcard Subscriptions not supported"
        );
    }
}
