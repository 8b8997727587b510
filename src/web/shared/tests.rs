//! The tab ↔ worker messages read back as what was written, every field
//! and error variant that carries data included; bytes that are not one
//! whole message are refused.

use crate::std_prelude::*;

use core::time::Duration;

use super::protocol::{Reply, Request, ToTab, connection_key};
use crate::codec::{
    DecodeError, DisconnectReasonCode, EncodeError, PacketType, PayloadFormat, PropertyId,
    ProtocolVersion, PubAckReasonCode, QoS, RetainHandling, SubAckReasonCode, SubscriptionId,
    UnsubAckReasonCode,
};
use crate::session::{
    CommandError, ConfigError, ConnectionError, EndOptions, Event, FilterRequest, Message,
    MessageProperties, Options, OutgoingMessage, OwnedUserProperty, ProtocolViolation,
    ServerLimits, SubscribeRequest, TransportError, UnsubscribeRequest, WillMessage,
};
use crate::topic::TopicError;

fn properties() -> MessageProperties {
    MessageProperties {
        payload_format: Some(PayloadFormat::Utf8),
        message_expiry_interval: Some(60),
        content_type: Some("text/plain".into()),
        response_topic: Some("reply/here".into()),
        correlation_data: Some(vec![0, 1, 255]),
        user_properties: vec![OwnedUserProperty::new("k", "v")],
    }
}

/// Options with every field away from its default.
fn options() -> Options {
    let mut o = Options {
        version: ProtocolVersion::V5,
        client_id: "tab".into(),
        clean_start: false,
        keep_alive: 17,
        ping_interval: Some(Duration::from_millis(1500)),
        ping_timeout: Some(Duration::from_secs(3)),
        connect_timeout: Duration::from_secs(9),
        session_expiry_interval: Some(3600),
        username: Some("user".into()),
        password: Some(vec![1, 2, 3]),
        will: Some(WillMessage {
            topic: "will".into(),
            payload: vec![9],
            qos: QoS::ExactlyOnce,
            retain: true,
            delay_interval: Some(5),
            properties: properties(),
        }),
        connect_user_properties: vec![OwnedUserProperty::new("a", "b")],
        request_response_information: true,
        receive_maximum: 10,
        enforce_receive_maximum: true,
        max_packet_size: Some(4096),
        topic_alias_maximum: 3,
        auto_topic_alias: false,
        default_send_window: 7,
        restore_subscriptions: false,
        random_seed: 42,
        ..Options::default()
    };
    o.queue.max_messages = 11;
    o.queue.max_bytes = 12_345;
    o.reconnect.enabled = false;
    o.reconnect.min_delay = Duration::from_millis(250);
    o.reconnect.max_delay = Duration::from_secs(40);
    o.reconnect.stable_after = Duration::from_secs(8);
    o.reconnect.retry_refused_login = true;
    o
}

fn round_trip_request(r: Request) {
    let bytes = r.encode(7);
    assert_eq!(Request::decode(&bytes), Some((7, r)));
    // Cut short anywhere, or with a byte more, it is refused.
    for n in 0..bytes.len() {
        assert_eq!(Request::decode(&bytes[..n]), None, "cut at {n}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(Request::decode(&longer), None);
}

fn round_trip(m: ToTab) {
    let bytes = m.encode();
    assert_eq!(ToTab::decode(&bytes), Some(m));
    for n in 0..bytes.len() {
        assert_eq!(ToTab::decode(&bytes[..n]), None, "cut at {n}");
    }
}

#[test]
fn requests_read_back() {
    round_trip_request(Request::Open {
        urls: vec!["ws://a/mqtt".into(), "wss://b/mqtt".into()],
        options: Box::new(options()),
        lock: "webmqtt-tab-1".into(),
    });
    round_trip_request(Request::Open {
        urls: vec!["ws://a/mqtt".into()],
        options: Box::default(),
        lock: String::new(),
    });
    round_trip_request(Request::Publish(OutgoingMessage {
        topic: "t/1".into(),
        payload: vec![0, 159, 146, 150],
        qos: QoS::AtLeastOnce,
        retain: true,
        properties: properties(),
    }));
    round_trip_request(Request::Subscribe(SubscribeRequest {
        filters: vec![
            FilterRequest::new("a/#", QoS::ExactlyOnce),
            FilterRequest {
                filter: "$share/g/b".into(),
                options: crate::codec::SubscriptionOptions {
                    qos: QoS::AtMostOnce,
                    no_local: true,
                    retain_as_published: true,
                    retain_handling: RetainHandling::DoNotSend,
                },
            },
        ],
        subscription_identifier: SubscriptionId::new(77),
        user_properties: vec![OwnedUserProperty::new("x", "y")],
    }));
    round_trip_request(Request::Unsubscribe(UnsubscribeRequest {
        filters: vec!["a/#".into()],
        user_properties: vec![OwnedUserProperty::new("x", "y")],
    }));
    round_trip_request(Request::End(EndOptions {
        force: true,
        reason: DisconnectReasonCode::DisconnectWithWillMessage,
        session_expiry_interval: Some(0),
    }));
}

#[test]
fn replies_read_back_with_typed_errors() {
    let errors = vec![
        CommandError::InvalidTopic {
            topic: "a/+".into(),
            error: TopicError::WildcardInName,
        },
        CommandError::Encode(EncodeError::FieldTooLong {
            field: "content type",
            len: 70_000,
        }),
        CommandError::Encode(EncodeError::NotInVersion {
            what: "user properties",
            version: ProtocolVersion::V3_1_1,
        }),
        CommandError::QoSNotSupported {
            requested: QoS::ExactlyOnce,
            maximum: QoS::AtLeastOnce,
        },
        CommandError::PacketTooLarge {
            size: 1 << 20,
            max: 1024,
        },
        CommandError::QueueFull {
            messages: 3,
            bytes: 4,
        },
        CommandError::Refused(PubAckReasonCode::NotAuthorized),
        CommandError::MalformedResponse(DecodeError::PropertyNotAllowed {
            packet: PacketType::PubAck,
            property: PropertyId::ContentType,
        }),
        CommandError::MalformedResponse(DecodeError::Truncated {
            packet: PacketType::SubAck,
            field: "reason codes",
        }),
        CommandError::ProtocolViolation(ProtocolViolation::ReasonCountMismatch {
            packet: PacketType::SubAck,
            expected: 2,
            got: 1,
        }),
        CommandError::ConnectionLost,
        CommandError::Ended,
    ];
    for e in errors {
        round_trip(ToTab::Reply {
            id: 3,
            reply: Reply::Published(Err(e.clone())),
        });
        round_trip(ToTab::Reply {
            id: 4,
            reply: Reply::Subscribed(Err(e)),
        });
    }
    round_trip(ToTab::Reply {
        id: 1,
        reply: Reply::Subscribed(Ok(vec![
            SubAckReasonCode::GrantedQoS1,
            SubAckReasonCode::NotAuthorized,
        ])),
    });
    round_trip(ToTab::Reply {
        id: 2,
        reply: Reply::Unsubscribed(Ok(vec![UnsubAckReasonCode::NoSubscriptionExisted])),
    });
    round_trip(ToTab::Reply {
        id: 0,
        reply: Reply::OpenFailed(ConfigError::TooShort {
            option: "ping interval",
        }),
    });
    round_trip(ToTab::Reply {
        id: 0,
        reply: Reply::Opened {
            client_id: "webmqtt-0123".into(),
            worker_lock: "webmqtt-worker-4f1c".into(),
        },
    });
    round_trip(ToTab::Reply {
        id: 9,
        reply: Reply::Left,
    });
}

#[test]
fn events_read_back() {
    let limits = ServerLimits {
        receive_maximum: Some(5),
        maximum_qos: QoS::AtLeastOnce,
        retain_available: false,
        assigned_client_identifier: Some("server-made".into()),
        ..ServerLimits::default()
    };
    round_trip(ToTab::Event(Event::Connected {
        session_present: true,
        limits,
    }));
    round_trip(ToTab::Event(Event::ConnectionLost {
        error: ConnectionError::ServerDisconnect {
            reason: DisconnectReasonCode::ServerShuttingDown,
            reason_string: Some("bye".into()),
            server_reference: None,
        },
        reconnect_in: Some(Duration::from_millis(1234)),
    }));
    round_trip(ToTab::Event(Event::ConnectionLost {
        error: ConnectionError::Transport(TransportError {
            code: Some(1006),
            reason: "gone".into(),
        }),
        reconnect_in: None,
    }));
    round_trip(ToTab::Event(Event::Message(Message {
        topic: "a/b".into(),
        payload: b"hello".to_vec(),
        qos: QoS::ExactlyOnce,
        retain: true,
        dup: true,
        properties: properties(),
        subscription_identifiers: vec![SubscriptionId::new(3).unwrap()],
        matched_filters: vec!["a/#".into(), "a/+".into()],
    })));
    round_trip(ToTab::Event(Event::SubscriptionLost {
        filter: "a/#".into(),
        reason: Ok(SubAckReasonCode::QuotaExceeded),
    }));
    round_trip(ToTab::Event(Event::Reconnecting { attempt: 4 }));
    round_trip(ToTab::Event(Event::Ended));
}

#[test]
fn tabs_share_a_connection_whatever_their_random_seed() {
    let urls = vec![String::from("ws://a/mqtt")];
    let mut a = options();
    let mut b = options();
    a.random_seed = 1;
    b.random_seed = 2;
    assert_eq!(connection_key(&urls, &a), connection_key(&urls, &b));
    b.client_id = "other".into();
    assert_ne!(connection_key(&urls, &a), connection_key(&urls, &b));
    assert_ne!(
        connection_key(&urls, &a),
        connection_key(&[String::from("ws://b/mqtt")], &a)
    );
}
