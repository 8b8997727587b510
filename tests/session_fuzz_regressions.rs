//! Findings of the session fuzz target (fuzz/fuzz_targets/session.rs),
//! replayed as plain tests with the scripted peer.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/peer.rs"]
mod peer;

use std::num::NonZeroU16;

use peer::*;
use webmqtt::codec::*;
use webmqtt::session::*;

fn connack(session_present: bool, receive_maximum: Option<u16>) -> Packet<'static> {
    Packet::ConnAck(ConnAck {
        session_present,
        properties: ConnAckProperties {
            receive_maximum: receive_maximum.and_then(NonZeroU16::new),
            ..ConnAckProperties::default()
        },
        ..ConnAck::default()
    })
}

/// Loses the connection and reconnects, answering CONNECT with `connack`;
/// returns the events.
fn lose_and_reconnect(p: &mut Peer, connack: Packet<'_>) -> Vec<Event> {
    p.s.handle_transport_closed(t(p.now), "gone");
    p.events();
    p.reconnect();
    p.sent();
    p.recv_packet(connack);
    p.events()
}

fn published(events: &[Event]) -> Vec<(CommandId, bool)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Published { id, result } => Some((*id, result.is_ok())),
            _ => None,
        })
        .collect()
}

/// Found by the session fuzz target: a publication held back by a small
/// Receive Maximum after one reconnect keeps its "held back" mark when the
/// next reconnect resends it at once (the engine then zeroed its count of
/// held-back publications but not each entry's mark), so completing it
/// subtracted from a count of zero: "attempt to subtract with overflow" in
/// a debug build, a wrapped count in a release build. The count now lives
/// with the marks in `InFlightWindow` (src/session/in_flight.rs), which
/// moves both together.
#[test]
fn a_publication_held_back_by_the_window_then_resent_completes_once() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let first = p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    let second = p.publish("a", b"2", QoS::AtLeastOnce).unwrap();
    p.sent();

    // The server resumes the session with a window of one: the second
    // publication is held back.
    lose_and_reconnect(&mut p, connack(true, Some(1)));
    assert_eq!(p.s.in_flight(), 2);
    p.sent();

    // Before it is acknowledged, the connection drops again; this server
    // has room for both, so both are resent at once.
    lose_and_reconnect(&mut p, connack(true, None));
    p.sent();

    p.recv_packet(Packet::PubAck(PubAck::new(pid(1))));
    p.recv_packet(Packet::PubAck(PubAck::new(pid(2))));
    assert_eq!(published(&p.events()), vec![(first, true), (second, true)]);
    assert_eq!(p.s.in_flight(), 0);
}

/// The same mark, found by the fuzz target in this form: the held-back
/// publication fails when resent (the server's Maximum QoS is now 0), and
/// failing it subtracts from the zeroed count.
#[test]
fn a_held_back_publication_that_fails_on_resend_completes_once() {
    let mut p = Peer::new(options(ProtocolVersion::V5));
    p.connect();
    let first = p.publish("a", b"1", QoS::AtLeastOnce).unwrap();
    let second = p.publish("a", b"2", QoS::AtLeastOnce).unwrap();
    p.sent();

    lose_and_reconnect(&mut p, connack(false, Some(1)));
    p.sent();

    let events = lose_and_reconnect(
        &mut p,
        Packet::ConnAck(ConnAck {
            properties: ConnAckProperties {
                maximum_qos: Some(QoS::AtMostOnce),
                ..ConnAckProperties::default()
            },
            ..ConnAck::default()
        }),
    );
    assert_eq!(
        published(&events),
        vec![(first, false), (second, false)],
        "both fail: the server takes QoS 0 only"
    );
    assert_eq!(p.s.in_flight(), 0);
}

/// The packets in `bytes`, as the server decodes them.
fn decode_all(v: ProtocolVersion, bytes: &[u8]) -> Vec<Packet<'_>> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while let Ok(Status::Complete((p, used))) = decode(rest, v, MAX_PACKET_SIZE) {
        out.push(p);
        rest = &rest[used..];
    }
    assert!(rest.is_empty(), "undecodable bytes sent: {rest:02x?}");
    out
}

/// The same "held back" mark, seen while reading the code behind the
/// first finding (the fuzz target checks that no PUBLISH is resent once
/// its PUBREL has gone out, MQTT 5.0 §4.3.3): a QoS 2 publication the
/// window held back after a reconnect, which the server answers with
/// PUBREC anyway, gets its PUBREL, but stays marked as held back; when the
/// window frees, the PUBLISH is resent (DUP set) after the PUBREL, and with
/// an empty payload, since PUBREC dropped it. A server that has released
/// the identifier takes that for a new message.
#[test]
fn a_held_back_qos2_publication_answered_with_pubrec_is_not_resent() {
    let v = ProtocolVersion::V5;
    let mut p = Peer::new(options(v));
    p.connect();
    let first = p.publish("a", b"1", QoS::ExactlyOnce).unwrap();
    let second = p.publish("a", b"2", QoS::ExactlyOnce).unwrap();
    p.sent();

    // The session resumes with a window of one: PUBLISH 1 goes out again,
    // PUBLISH 2 waits.
    lose_and_reconnect(&mut p, connack(true, Some(1)));
    let resent = p.sent();
    assert!(matches!(
        decode_all(v, &resent).as_slice(),
        [Packet::Publish(Publish { packet_id: Some(id), dup: true, .. })] if id.get() == 1
    ));

    // The server answers the waiting one anyway: the client releases it.
    p.recv_packet(Packet::PubRec(PubRec::new(pid(2))));
    p.expect_sent(&[Packet::PubRel(PubRel::new(pid(2)))]);

    // The first completes, freeing the window: nothing more of the second
    // may be sent, since its PUBREL is out.
    p.recv_packet(Packet::PubRec(PubRec::new(pid(1))));
    p.expect_sent(&[Packet::PubRel(PubRel::new(pid(1)))]);
    p.recv_packet(Packet::PubComp(PubComp::new(pid(1))));
    let after = p.sent();
    assert_eq!(
        decode_all(v, &after),
        vec![],
        "PUBLISH resent after its PUBREL"
    );
    p.recv_packet(Packet::PubComp(PubComp::new(pid(2))));
    assert_eq!(published(&p.events()), vec![(first, true), (second, true)]);
    assert_eq!(p.s.in_flight(), 0);
}
