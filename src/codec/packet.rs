//! The [`Packet`] enum, the [`Encode`] trait, and [`decode`].

use alloc::vec::Vec;

use super::Status;
use super::ack::{PubAck, PubComp, PubRec, PubRel};
use super::connack::ConnAck;
use super::connect::Connect;
use super::disconnect::{Auth, Disconnect};
use super::error::{DecodeError, EncodeError};
use super::header::{FixedHeader, parse_header};
use super::packet_type::PacketType;
use super::publish::Publish;
use super::reader::Reader;
use super::subscribe::{SubAck, Subscribe};
use super::unsubscribe::{UnsubAck, Unsubscribe};
use super::version::ProtocolVersion;
use super::writer::length_varint;

/// Any MQTT control packet, borrowing its strings and payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packet<'a> {
    /// CONNECT (MQTT 5.0 §3.1).
    Connect(Connect<'a>),
    /// CONNACK (MQTT 5.0 §3.2).
    ConnAck(ConnAck<'a>),
    /// PUBLISH (MQTT 5.0 §3.3).
    Publish(Publish<'a>),
    /// PUBACK (MQTT 5.0 §3.4).
    PubAck(PubAck<'a>),
    /// PUBREC (MQTT 5.0 §3.5).
    PubRec(PubRec<'a>),
    /// PUBREL (MQTT 5.0 §3.6).
    PubRel(PubRel<'a>),
    /// PUBCOMP (MQTT 5.0 §3.7).
    PubComp(PubComp<'a>),
    /// SUBSCRIBE (MQTT 5.0 §3.8).
    Subscribe(Subscribe<'a>),
    /// SUBACK (MQTT 5.0 §3.9).
    SubAck(SubAck<'a>),
    /// UNSUBSCRIBE (MQTT 5.0 §3.10).
    Unsubscribe(Unsubscribe<'a>),
    /// UNSUBACK (MQTT 5.0 §3.11).
    UnsubAck(UnsubAck<'a>),
    /// PINGREQ (MQTT 5.0 §3.12).
    PingReq,
    /// PINGRESP (MQTT 5.0 §3.13).
    PingResp,
    /// DISCONNECT (MQTT 5.0 §3.14).
    Disconnect(Disconnect<'a>),
    /// AUTH, MQTT 5.0 only (MQTT 5.0 §3.15).
    Auth(Auth<'a>),
}

impl Packet<'_> {
    /// The packet's type.
    pub fn packet_type(&self) -> PacketType {
        match self {
            Packet::Connect(_) => PacketType::Connect,
            Packet::ConnAck(_) => PacketType::ConnAck,
            Packet::Publish(_) => PacketType::Publish,
            Packet::PubAck(_) => PacketType::PubAck,
            Packet::PubRec(_) => PacketType::PubRec,
            Packet::PubRel(_) => PacketType::PubRel,
            Packet::PubComp(_) => PacketType::PubComp,
            Packet::Subscribe(_) => PacketType::Subscribe,
            Packet::SubAck(_) => PacketType::SubAck,
            Packet::Unsubscribe(_) => PacketType::Unsubscribe,
            Packet::UnsubAck(_) => PacketType::UnsubAck,
            Packet::PingReq => PacketType::PingReq,
            Packet::PingResp => PacketType::PingResp,
            Packet::Disconnect(_) => PacketType::Disconnect,
            Packet::Auth(_) => PacketType::Auth,
        }
    }
}

/// Sizes computed while a PUBLISH is checked, kept so that writing does not
/// compute them again.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sizes {
    /// The remaining length.
    pub(crate) body: usize,
    /// The content length of the packet's property section.
    pub(crate) props: usize,
}

/// A packet's body: the part after the fixed header.
pub(crate) trait Body<'a> {
    /// Decodes the body into its variant of [`Packet`]; `flags` are the
    /// fixed header's low bits. The packet itself, not the type's struct
    /// for the caller to wrap: that was a copy of each struct in the
    /// decoders' dispatch.
    fn decode(
        flags: u8,
        r: Reader<'a>,
        version: ProtocolVersion,
    ) -> Result<Packet<'a>, DecodeError>;
}

/// A packet's body as encoded by [`encode_body`]: every packet type but
/// PUBLISH, whose encode is hot and is measured first and then written
/// into room reserved once (`Publish::measure`).
pub(crate) trait Put {
    /// The fixed header's first byte.
    fn first_byte(&self) -> u8;
    /// Checks every field and appends the body, in one walk; on an error
    /// the caller removes what was appended.
    fn put(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError>;
}

/// Encoding into a caller-owned buffer, with the exact size known first.
pub trait Encode {
    /// The exact number of bytes [`Encode::encode`] will append, after
    /// checking every field for `version`.
    fn encoded_len(&self, version: ProtocolVersion) -> Result<usize, EncodeError>;

    /// Appends the packet to `out` and returns the number of bytes written.
    /// On error nothing has been appended.
    fn encode(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<usize, EncodeError>;
}

fn total_len(body: usize) -> Result<usize, EncodeError> {
    Ok(1 + length_varint(body)?.encoded_len() + body)
}

/// [`Encode::encode`] for every packet type but PUBLISH, through `dyn`
/// (generic, it was one copy per packet type in the wasm), in one walk:
/// the body is checked and written after room for the longest fixed
/// header, then moved up to the remaining length written before it. As a
/// size pass and a write pass, the packet types' checks and writes were
/// two walks of the same fields.
fn encode_body(
    b: &dyn Put,
    version: ProtocolVersion,
    out: &mut Vec<u8>,
) -> Result<usize, EncodeError> {
    let start = out.len();
    out.extend_from_slice(&[b.first_byte(), 0, 0, 0, 0]);
    let body = start + 5;
    let len = match b
        .put(version, out)
        .and_then(|()| length_varint(out.len() - body))
    {
        Ok(len) => len,
        Err(e) => {
            out.truncate(start);
            return Err(e);
        }
    };
    let mut n = len.get();
    let mut at = start + 1;
    loop {
        // A Variable Byte Integer (MQTT 5.0 §1.5.5), as `VarInt::write`.
        let byte = (n % 128) as u8;
        n /= 128;
        out[at] = if n > 0 { byte | 0x80 } else { byte };
        at += 1;
        if n == 0 {
            break;
        }
    }
    // A byte loop, not `copy_within`, whose range checks were more code
    // than the loop; bodies here are small.
    let gap = body - at;
    for i in body..out.len() {
        out[i - gap] = out[i];
    }
    out.truncate(out.len() - gap);
    Ok(out.len() - start)
}

/// [`Encode::encoded_len`] for every packet type but PUBLISH: the packet
/// encoded into a scratch buffer (these are not sent per message).
fn body_len(b: &dyn Put, version: ProtocolVersion) -> Result<usize, EncodeError> {
    encode_body(b, version, &mut Vec::new())
}

impl Encode for Publish<'_> {
    #[inline]
    fn encoded_len(&self, version: ProtocolVersion) -> Result<usize, EncodeError> {
        total_len(self.measure(version)?.body)
    }

    /// Measured, then written, all inlined where it is hot: PUBLISH through
    /// `dyn` took 16 → 27 ns for a 64-byte 3.1.1 message (`cargo bench
    /// --bench codec -- publish_encode`), to save a few hundred bytes of
    /// wasm.
    #[inline]
    fn encode(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
        encode_publish(self, version, out)
    }
}

#[inline(always)]
fn encode_publish(
    p: &Publish<'_>,
    version: ProtocolVersion,
    out: &mut Vec<u8>,
) -> Result<usize, EncodeError> {
    {
        let sizes = p.measure(version)?;
        let len = total_len(sizes.body)?;
        out.reserve(len);
        out.push(p.first_byte());
        length_varint(sizes.body)?.write(out);
        p.write(version, &sizes, out);
        Ok(len)
    }
}

macro_rules! encode_via_body {
    ($($t:ident),*) => {$(
        impl Encode for $t<'_> {
            #[inline]
            fn encoded_len(&self, version: ProtocolVersion) -> Result<usize, EncodeError> {
                body_len(self, version)
            }

            #[inline]
            fn encode(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
                encode_body(self, version, out)
            }
        }
    )*};
}

encode_via_body!(
    Connect,
    ConnAck,
    PubAck,
    PubRec,
    PubRel,
    PubComp,
    Subscribe,
    SubAck,
    Unsubscribe,
    UnsubAck,
    Disconnect,
    Auth
);

/// A packet with no body: PINGREQ or PINGRESP.
fn empty_body(packet: PacketType, r: Reader<'_>) -> Result<(), DecodeError> {
    if r.is_empty() {
        Ok(())
    } else {
        Err(DecodeError::InvalidRemainingLength {
            packet,
            length: u32::try_from(r.remaining()).unwrap_or(u32::MAX),
        })
    }
}

impl Encode for Packet<'_> {
    fn encoded_len(&self, version: ProtocolVersion) -> Result<usize, EncodeError> {
        match self {
            Packet::Connect(p) => p.encoded_len(version),
            Packet::ConnAck(p) => p.encoded_len(version),
            Packet::Publish(p) => p.encoded_len(version),
            Packet::PubAck(p) => p.encoded_len(version),
            Packet::PubRec(p) => p.encoded_len(version),
            Packet::PubRel(p) => p.encoded_len(version),
            Packet::PubComp(p) => p.encoded_len(version),
            Packet::Subscribe(p) => p.encoded_len(version),
            Packet::SubAck(p) => p.encoded_len(version),
            Packet::Unsubscribe(p) => p.encoded_len(version),
            Packet::UnsubAck(p) => p.encoded_len(version),
            Packet::PingReq | Packet::PingResp => Ok(2),
            Packet::Disconnect(p) => p.encoded_len(version),
            Packet::Auth(p) => p.encoded_len(version),
        }
    }

    fn encode(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
        match self {
            Packet::Connect(p) => p.encode(version, out),
            Packet::ConnAck(p) => p.encode(version, out),
            Packet::Publish(p) => p.encode(version, out),
            Packet::PubAck(p) => p.encode(version, out),
            Packet::PubRec(p) => p.encode(version, out),
            Packet::PubRel(p) => p.encode(version, out),
            Packet::PubComp(p) => p.encode(version, out),
            Packet::Subscribe(p) => p.encode(version, out),
            Packet::SubAck(p) => p.encode(version, out),
            Packet::Unsubscribe(p) => p.encode(version, out),
            Packet::UnsubAck(p) => p.encode(version, out),
            Packet::PingReq | Packet::PingResp => {
                out.extend_from_slice(&[self.packet_type().header_byte(), 0]);
                Ok(2)
            }
            Packet::Disconnect(p) => p.encode(version, out),
            Packet::Auth(p) => p.encode(version, out),
        }
    }
}

/// Decodes the packet at the start of `buf`.
///
/// Returns the packet and the number of bytes it used, or
/// [`Status::Partial`] when `buf` ends before the packet does. A packet whose
/// fixed header declares more than `max_packet_size` bytes in all is an
/// error before its body arrives. `version` is the connection's protocol
/// version; a CONNECT is decoded by the version it declares itself.
pub fn decode(
    buf: &[u8],
    version: ProtocolVersion,
    max_packet_size: u32,
) -> Result<Status<(Packet<'_>, usize)>, DecodeError> {
    let header = match parse_header(buf, version, max_packet_size)? {
        Status::Complete(h) => h,
        Status::Partial => return Ok(Status::Partial),
    };
    let len = header.packet_len();
    let Some(body) = buf.get(header.header_len..len) else {
        return Ok(Status::Partial);
    };
    Ok(Status::Complete((
        decode_body(&header, body, version)?,
        len,
    )))
}

/// Decodes a packet a server sent to a client: the packet types only
/// clients send are refused without being decoded, and a client build
/// that decodes only through this function does not carry their decoders.
///
/// Each decoder returns the packet itself. Unwrapped here with `?` and
/// wrapped again, its struct was copied once more (74,985 -> 74,712 bytes
/// gzip for the npm package; PUBLISH decode 0.84-0.93x the time, `cargo
/// bench --bench codec -- publish_decode`); mapped into the packet here,
/// still once (55,789 -> 55,669).
pub(crate) fn decode_server_body<'a>(
    header: &FixedHeader,
    body: &'a [u8],
    version: ProtocolVersion,
) -> Result<Packet<'a>, DecodeError> {
    let t = header.packet_type;
    let r = Reader::new(body, t);
    let f = header.flags;
    match t {
        PacketType::ConnAck => ConnAck::decode(f, r, version),
        PacketType::Publish => Publish::decode(f, r, version),
        PacketType::PubAck => PubAck::decode(f, r, version),
        PacketType::PubRec => PubRec::decode(f, r, version),
        PacketType::PubRel => PubRel::decode(f, r, version),
        PacketType::PubComp => PubComp::decode(f, r, version),
        PacketType::SubAck => SubAck::decode(f, r, version),
        PacketType::UnsubAck => UnsubAck::decode(f, r, version),
        PacketType::PingResp => empty_body(t, r).map(|()| Packet::PingResp),
        PacketType::Disconnect => Disconnect::decode(f, r, version),
        PacketType::Auth => Auth::decode(f, r, version),
        PacketType::Connect
        | PacketType::Subscribe
        | PacketType::Unsubscribe
        | PacketType::PingReq => Err(DecodeError::WrongDirection { packet: t }),
    }
}

/// Decodes a packet body whose fixed header has been parsed.
pub(crate) fn decode_body<'a>(
    header: &FixedHeader,
    body: &'a [u8],
    version: ProtocolVersion,
) -> Result<Packet<'a>, DecodeError> {
    let t = header.packet_type;
    let r = Reader::new(body, t);
    let f = header.flags;
    match t {
        PacketType::Connect => Connect::decode(f, r, version),
        PacketType::Subscribe => Subscribe::decode(f, r, version),
        PacketType::Unsubscribe => Unsubscribe::decode(f, r, version),
        PacketType::PingReq => empty_body(t, r).map(|()| Packet::PingReq),
        // Everything a server sends is decoded the same way.
        _ => decode_server_body(header, body, version),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{PacketId, Subscription, SubscriptionOptions, Unsubscribe};
    use alloc::string::String;
    use alloc::vec;

    /// A packet checked as it is written is removed again when a later
    /// field fails, leaving what the buffer held before.
    #[test]
    fn a_failed_encode_appends_nothing() {
        let mut out = vec![1, 2, 3];
        let subscribe = Subscribe {
            packet_id: PacketId::MIN,
            properties: Default::default(),
            subscriptions: vec![
                Subscription {
                    filter: "a/b",
                    options: SubscriptionOptions::default(),
                },
                Subscription {
                    filter: "a/#/b",
                    options: SubscriptionOptions::default(),
                },
            ],
        };
        assert!(subscribe.encode(ProtocolVersion::V5, &mut out).is_err());
        assert!(subscribe.encoded_len(ProtocolVersion::V5).is_err());
        let long = vec![0u8; 70_000];
        let connect = Connect {
            username: Some("u"),
            password: Some(&long),
            ..Connect::default()
        };
        assert!(connect.encode(ProtocolVersion::V3_1_1, &mut out).is_err());
        assert_eq!(out, [1, 2, 3]);
    }

    /// The remaining length is written in as many bytes as it needs, the
    /// body moved up to it, and the length returned is what was appended.
    #[test]
    fn remaining_lengths_of_one_to_three_bytes() {
        let filters: Vec<String> = (0..3000).map(|i| alloc::format!("t/{i}")).collect();
        for n in [1, 20, 3000] {
            let unsubscribe = Unsubscribe {
                packet_id: PacketId::MIN,
                properties: Default::default(),
                filters: filters[..n].iter().map(String::as_str).collect(),
            };
            let mut out = vec![9];
            let len = unsubscribe
                .encode(ProtocolVersion::V3_1_1, &mut out)
                .unwrap();
            assert_eq!(len, out.len() - 1);
            assert_eq!(unsubscribe.encoded_len(ProtocolVersion::V3_1_1), Ok(len));
            let (packet, used) = match decode(&out[1..], ProtocolVersion::V3_1_1, u32::MAX) {
                Ok(Status::Complete(p)) => p,
                other => panic!("{other:?}"),
            };
            assert_eq!(used, len);
            assert_eq!(packet, Packet::Unsubscribe(unsubscribe));
        }
    }
}
