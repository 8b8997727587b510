//! `Publish::check` then `CheckedPublish::encode` writes exactly what
//! `Encode::encode` writes, refuses what it refuses, and keeps the packet
//! valid when its packet identifier or DUP flag changes.

use webmqtt::codec::*;

fn cases() -> Vec<(Publish<'static>, ProtocolVersion)> {
    let mut out = Vec::new();
    for version in [
        ProtocolVersion::V3_1,
        ProtocolVersion::V3_1_1,
        ProtocolVersion::V5,
    ] {
        for qos in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
            for payload in [&b""[..], &b"120"[..], &[7u8; 300][..]] {
                let mut p = Publish {
                    qos,
                    retain: qos == QoS::AtLeastOnce,
                    topic: "sensors/room1/voltage",
                    packet_id: (qos != QoS::AtMostOnce).then_some(PacketId::MIN),
                    payload,
                    ..Publish::default()
                };
                if version.is_v5() {
                    p.properties.content_type = Some("text/plain");
                    p.properties.user_properties = vec![UserProperty::new("unit", "V")].into();
                }
                out.push((p, version));
            }
        }
    }
    out
}

#[test]
fn encodes_exactly_what_encode_does() {
    for (p, version) in cases() {
        let mut expected = Vec::new();
        let n = p.encode(version, &mut expected).unwrap();
        let checked = p.clone().check(version).unwrap();
        assert_eq!(checked.encoded_len(), n);
        let mut out = vec![0xee]; // appends after what is there
        assert_eq!(checked.encode(&mut out), n);
        assert_eq!(&out[1..], expected.as_slice(), "{p:?} {version}");
        assert_eq!(checked.publish(), &p);
    }
}

#[test]
fn a_changed_packet_id_or_dup_is_written_as_a_fresh_encode_would() {
    let p = Publish {
        qos: QoS::ExactlyOnce,
        topic: "a/b",
        packet_id: Some(PacketId::MIN),
        payload: b"x",
        ..Publish::default()
    };
    let mut checked = p.clone().check(ProtocolVersion::V3_1_1).unwrap();
    let id = PacketId::new(0xabcd).unwrap();
    checked.set_packet_id(id).unwrap();
    checked.set_dup(true).unwrap();
    let mut expected = Vec::new();
    Publish {
        dup: true,
        packet_id: Some(id),
        ..p
    }
    .encode(ProtocolVersion::V3_1_1, &mut expected)
    .unwrap();
    let mut out = Vec::new();
    checked.encode(&mut out);
    assert_eq!(out, expected);

    let mut qos0 = Publish {
        topic: "a",
        ..Publish::default()
    }
    .check(ProtocolVersion::V5)
    .unwrap();
    assert_eq!(qos0.set_packet_id(id), Err(EncodeError::PacketIdMismatch));
    assert_eq!(qos0.set_dup(true), Err(EncodeError::DupWithQoS0));
    assert_eq!(qos0.set_dup(false), Ok(()));
}

#[test]
fn refuses_what_encode_refuses() {
    let bad = [
        Publish {
            topic: "a/+",
            ..Publish::default()
        },
        Publish {
            topic: "",
            ..Publish::default()
        },
        Publish {
            topic: "a",
            qos: QoS::AtLeastOnce,
            ..Publish::default()
        },
    ];
    for p in bad {
        let e = p.encode(ProtocolVersion::V5, &mut Vec::new()).unwrap_err();
        assert_eq!(p.check(ProtocolVersion::V5).unwrap_err(), e);
    }
    let with_props = Publish {
        topic: "a",
        properties: PublishProperties {
            content_type: Some("text/plain"),
            ..PublishProperties::default()
        },
        ..Publish::default()
    };
    assert!(matches!(
        with_props.check(ProtocolVersion::V3_1_1),
        Err(EncodeError::NotInVersion { .. })
    ));
}
