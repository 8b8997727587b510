//! Decodes arbitrary bytes as a stream of MQTT packets. Whatever decodes
//! must re-encode, and the encoding must decode to the same packet with the
//! size `encoded_len` promised. The first byte picks the protocol version
//! and how the rest is cut into chunks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use webmqtt::codec::{
    Encode, EncodeError, MAX_PACKET_SIZE, Packet, PacketBuffer, ProtocolVersion, Status, decode,
};

fuzz_target!(|data: &[u8]| {
    let Some((&control, bytes)) = data.split_first() else {
        return;
    };
    let version = match control % 3 {
        0 => ProtocolVersion::V3_1,
        1 => ProtocolVersion::V3_1_1,
        _ => ProtocolVersion::V5,
    };
    let chunk = usize::from(control >> 2).max(1);

    // The one-shot decoder, packet after packet.
    let mut rest = bytes;
    let mut whole = Vec::new();
    while let Ok(Status::Complete((packet, used))) = decode(rest, version, MAX_PACKET_SIZE) {
        check_round_trip(&packet, version);
        whole.push(format!("{packet:?}"));
        rest = &rest[used..];
    }

    // The streaming buffer must see the same packets, however the bytes are
    // cut.
    let mut rx = PacketBuffer::new(version, MAX_PACKET_SIZE);
    let mut streamed = Vec::new();
    'feed: for piece in bytes.chunks(chunk) {
        rx.push(piece);
        loop {
            match rx.next_packet() {
                Ok(Some(p)) => streamed.push(format!("{p:?}")),
                Ok(None) => break,
                Err(_) => break 'feed,
            }
        }
    }
    assert_eq!(whole, streamed);
});

fn check_round_trip(packet: &Packet<'_>, version: ProtocolVersion) {
    let mut out = Vec::new();
    match packet.encode(version, &mut out) {
        Ok(n) => {
            assert_eq!(n, out.len());
            assert_eq!(packet.encoded_len(version), Ok(n));
            match decode(&out, version, MAX_PACKET_SIZE) {
                Ok(Status::Complete((again, used))) => {
                    assert_eq!(used, out.len());
                    assert_eq!(&again, packet);
                }
                other => panic!("re-encoded {packet:?} decodes as {other:?}"),
            }
        }
        // A CONNECT a server must answer with "identifier rejected"
        // [MQTT-3.1.3-8] decodes, but a client never sends one.
        Err(EncodeError::EmptyClientIdWithoutCleanSession) => {}
        Err(e) => panic!("decoded {packet:?} but cannot encode it: {e}"),
    }
}
