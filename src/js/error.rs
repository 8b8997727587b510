//! Errors as JavaScript `Error` objects with a stable `code`, so callers can
//! branch on `err.code` and show `err.message`.

use crate::std_prelude::*;

use wasm_bindgen::JsValue;

use crate::session::{CommandError, ConnectionError};
use crate::text::Describe;

/// The pieces joined: messages are built this way rather than with
/// `format!`, which would link `core::fmt` into the package (see
/// `crate::text`).
pub(crate) fn cat(parts: &[&str]) -> String {
    // Grown as it goes: sizing it first was code of its own (a sum over
    // the parts), for error texts only.
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
    }
    s
}

/// The `code` of an `MqttError`, passed as its place in the list of codes
/// `mqttError` (`super::glue`) holds, in this order: a byte each, where
/// the texts were a pointer and a length at each use, and the glue
/// decoded each.
#[derive(Clone, Copy)]
pub(crate) enum Code {
    /// `INVALID_ARGUMENT`.
    InvalidArgument,
    /// `INVALID_TOPIC`.
    InvalidTopic,
    /// `INVALID_PACKET`.
    InvalidPacket,
    /// `QOS_NOT_SUPPORTED`.
    QosNotSupported,
    /// `RETAIN_NOT_SUPPORTED`.
    RetainNotSupported,
    /// `WILDCARD_NOT_SUPPORTED`.
    WildcardNotSupported,
    /// `SUBSCRIPTION_ID_NOT_SUPPORTED`.
    SubscriptionIdNotSupported,
    /// `SHARED_NOT_SUPPORTED`.
    SharedNotSupported,
    /// `PACKET_TOO_LARGE`.
    PacketTooLarge,
    /// `QUEUE_FULL`.
    QueueFull,
    /// `OUTBOX_FULL`.
    OutboxFull,
    /// `REFUSED`.
    Refused,
    /// `MALFORMED_PACKET`.
    MalformedPacket,
    /// `PROTOCOL_ERROR`.
    ProtocolError,
    /// `CONNECTION_REFUSED`.
    ConnectionRefused,
    /// `CANCELLED`.
    Cancelled,
    /// `CONNECTION_LOST`.
    ConnectionLost,
    /// `CLIENT_ENDED`.
    ClientEnded,
    /// `CONNECT_TIMEOUT`.
    ConnectTimeout,
    /// `KEEPALIVE_TIMEOUT`.
    KeepaliveTimeout,
    /// `SERVER_DISCONNECT`.
    ServerDisconnect,
    /// `AUTHENTICATION_FAILED`.
    AuthenticationFailed,
    /// `TRANSPORT`.
    Transport,
    /// `SUBSCRIPTION_LOST`.
    SubscriptionLost,
    /// `OUTBOX_UNREADABLE`.
    OutboxUnreadable,
    /// `OUTBOX_EXPIRED`.
    OutboxExpired,
}

/// A JS `Error` named `MqttError` with `code` (and `reasonCode` where the
/// server gave one).
pub(crate) fn mqtt_error(code: Code, message: &str, reason_code: Option<u8>) -> JsValue {
    // Made in JavaScript: one call rather than one per property.
    super::glue::new_mqtt_error(code as u8, message, reason_code)
}

/// An invalid option or argument: `code` is `INVALID_ARGUMENT` and the
/// message names the field.
pub(crate) fn invalid(field: &str, problem: &str) -> JsValue {
    invalid_at("", field, problem)
}

/// [`invalid`] for the field `key` of the object at `parent` (`will.` and
/// `qos` name `will.qos`). Option readers take the two parts and join them
/// only here: joined up front, every option read cost an allocation and
/// its own copy of the name in the package.
pub(crate) fn invalid_at(parent: &str, key: &str, problem: &str) -> JsValue {
    mqtt_error(
        Code::InvalidArgument,
        &cat(&[parent, key, ": ", problem]),
        None,
    )
}

pub(crate) fn command_error(e: &CommandError) -> JsValue {
    let (code, rc) = match e {
        CommandError::InvalidTopic { .. } => (Code::InvalidTopic, None),
        CommandError::Encode(_) => (Code::InvalidPacket, None),
        CommandError::QoSNotSupported { .. } => (Code::QosNotSupported, None),
        CommandError::RetainNotSupported => (Code::RetainNotSupported, None),
        CommandError::WildcardSubscriptionsNotSupported => (Code::WildcardNotSupported, None),
        CommandError::SubscriptionIdentifiersNotSupported => {
            (Code::SubscriptionIdNotSupported, None)
        }
        CommandError::SharedSubscriptionsNotSupported => (Code::SharedNotSupported, None),
        CommandError::PacketTooLarge { .. } => (Code::PacketTooLarge, None),
        CommandError::QueueFull { .. } => (Code::QueueFull, None),
        CommandError::OutboxFull { .. } => (Code::OutboxFull, None),
        CommandError::Refused(c) => (Code::Refused, Some(c.code())),
        CommandError::ReleaseFailed(c) => (Code::Refused, Some(c.code())),
        CommandError::MalformedResponse(_) => (Code::MalformedPacket, None),
        CommandError::ProtocolViolation(v) => (Code::ProtocolError, Some(v.reason_code().code())),
        CommandError::ConnectionRefused(c) => (Code::ConnectionRefused, Some(c.code())),
        CommandError::Cancelled => (Code::Cancelled, None),
        CommandError::ConnectionLost => (Code::ConnectionLost, None),
        CommandError::Ended => (Code::ClientEnded, None),
    };
    mqtt_error(code, &e.text(), rc)
}

pub(crate) fn connection_error(e: &ConnectionError) -> JsValue {
    let (code, rc) = match e {
        ConnectionError::Refused(c) => (Code::ConnectionRefused, Some(c.code())),
        ConnectionError::ConnectTimeout => (Code::ConnectTimeout, None),
        ConnectionError::KeepAliveTimeout => (Code::KeepaliveTimeout, None),
        ConnectionError::MalformedPacket(_) => (Code::MalformedPacket, None),
        ConnectionError::PacketTooLarge { .. } => (Code::PacketTooLarge, None),
        ConnectionError::Encode(_) => (Code::InvalidPacket, None),
        ConnectionError::ProtocolViolation(v) => {
            (Code::ProtocolError, Some(v.reason_code().code()))
        }
        ConnectionError::ServerDisconnect { reason, .. } => {
            (Code::ServerDisconnect, Some(reason.code()))
        }
        ConnectionError::Authentication(_) => (Code::AuthenticationFailed, None),
        ConnectionError::Transport(_) => (Code::Transport, None),
    };
    mqtt_error(code, &e.text(), rc)
}

#[cfg(test)]
mod tests {
    use super::Code;
    use crate::std_prelude::*;

    /// Each `Code` names the text at its place in `mqttError`'s `CODES`.
    #[test]
    fn codes_match_the_glue_list() {
        let glue = include_str!("glue.rs");
        let list = glue
            .split("const CODES = [")
            .nth(1)
            .and_then(|rest| rest.split("];").next())
            .expect("CODES in glue.rs");
        let texts: Vec<&str> = list.split(", ").map(|s| s.trim_matches('\'')).collect();
        let expected = [
            (Code::InvalidArgument, "INVALID_ARGUMENT"),
            (Code::InvalidTopic, "INVALID_TOPIC"),
            (Code::InvalidPacket, "INVALID_PACKET"),
            (Code::QosNotSupported, "QOS_NOT_SUPPORTED"),
            (Code::RetainNotSupported, "RETAIN_NOT_SUPPORTED"),
            (Code::WildcardNotSupported, "WILDCARD_NOT_SUPPORTED"),
            (
                Code::SubscriptionIdNotSupported,
                "SUBSCRIPTION_ID_NOT_SUPPORTED",
            ),
            (Code::SharedNotSupported, "SHARED_NOT_SUPPORTED"),
            (Code::PacketTooLarge, "PACKET_TOO_LARGE"),
            (Code::QueueFull, "QUEUE_FULL"),
            (Code::OutboxFull, "OUTBOX_FULL"),
            (Code::Refused, "REFUSED"),
            (Code::MalformedPacket, "MALFORMED_PACKET"),
            (Code::ProtocolError, "PROTOCOL_ERROR"),
            (Code::ConnectionRefused, "CONNECTION_REFUSED"),
            (Code::Cancelled, "CANCELLED"),
            (Code::ConnectionLost, "CONNECTION_LOST"),
            (Code::ClientEnded, "CLIENT_ENDED"),
            (Code::ConnectTimeout, "CONNECT_TIMEOUT"),
            (Code::KeepaliveTimeout, "KEEPALIVE_TIMEOUT"),
            (Code::ServerDisconnect, "SERVER_DISCONNECT"),
            (Code::AuthenticationFailed, "AUTHENTICATION_FAILED"),
            (Code::Transport, "TRANSPORT"),
            (Code::SubscriptionLost, "SUBSCRIPTION_LOST"),
            (Code::OutboxUnreadable, "OUTBOX_UNREADABLE"),
            (Code::OutboxExpired, "OUTBOX_EXPIRED"),
        ];
        assert_eq!(texts.len(), expected.len());
        for (code, text) in expected {
            assert_eq!(texts[code as usize], text);
        }
    }
}
