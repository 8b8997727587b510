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

/// A JS `Error` named `MqttError` with `code` (and `reasonCode` where the
/// server gave one).
pub(crate) fn mqtt_error(code: &str, message: &str, reason_code: Option<u8>) -> JsValue {
    // Made in JavaScript: one call rather than one per property.
    super::glue::new_mqtt_error(code, message, reason_code)
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
        "INVALID_ARGUMENT",
        &cat(&[parent, key, ": ", problem]),
        None,
    )
}

pub(crate) fn command_error(e: &CommandError) -> JsValue {
    let (code, rc) = match e {
        CommandError::InvalidTopic { .. } => ("INVALID_TOPIC", None),
        CommandError::Encode(_) => ("INVALID_PACKET", None),
        CommandError::QoSNotSupported { .. } => ("QOS_NOT_SUPPORTED", None),
        CommandError::RetainNotSupported => ("RETAIN_NOT_SUPPORTED", None),
        CommandError::WildcardSubscriptionsNotSupported => ("WILDCARD_NOT_SUPPORTED", None),
        CommandError::SubscriptionIdentifiersNotSupported => {
            ("SUBSCRIPTION_ID_NOT_SUPPORTED", None)
        }
        CommandError::SharedSubscriptionsNotSupported => ("SHARED_NOT_SUPPORTED", None),
        CommandError::PacketTooLarge { .. } => ("PACKET_TOO_LARGE", None),
        CommandError::QueueFull { .. } => ("QUEUE_FULL", None),
        CommandError::OutboxFull { .. } => ("OUTBOX_FULL", None),
        CommandError::Refused(c) => ("REFUSED", Some(c.code())),
        CommandError::ReleaseFailed(c) => ("REFUSED", Some(c.code())),
        CommandError::MalformedResponse(_) => ("MALFORMED_PACKET", None),
        CommandError::ProtocolViolation(v) => ("PROTOCOL_ERROR", Some(v.reason_code().code())),
        CommandError::ConnectionRefused(c) => ("CONNECTION_REFUSED", Some(c.code())),
        CommandError::Cancelled => ("CANCELLED", None),
        CommandError::ConnectionLost => ("CONNECTION_LOST", None),
        CommandError::Ended => ("CLIENT_ENDED", None),
    };
    mqtt_error(code, &e.text(), rc)
}

pub(crate) fn connection_error(e: &ConnectionError) -> JsValue {
    let (code, rc) = match e {
        ConnectionError::Refused(c) => ("CONNECTION_REFUSED", Some(c.code())),
        ConnectionError::ConnectTimeout => ("CONNECT_TIMEOUT", None),
        ConnectionError::KeepAliveTimeout => ("KEEPALIVE_TIMEOUT", None),
        ConnectionError::MalformedPacket(_) => ("MALFORMED_PACKET", None),
        ConnectionError::PacketTooLarge { .. } => ("PACKET_TOO_LARGE", None),
        ConnectionError::Encode(_) => ("INVALID_PACKET", None),
        ConnectionError::ProtocolViolation(v) => ("PROTOCOL_ERROR", Some(v.reason_code().code())),
        ConnectionError::ServerDisconnect { reason, .. } => {
            ("SERVER_DISCONNECT", Some(reason.code()))
        }
        ConnectionError::Authentication(_) => ("AUTHENTICATION_FAILED", None),
        ConnectionError::Transport(_) => ("TRANSPORT", None),
    };
    mqtt_error(code, &e.text(), rc)
}
