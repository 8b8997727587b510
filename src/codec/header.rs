//! The fixed header (MQTT 5.0 §2.1), and a receive buffer that frames a byte
//! stream into packets.

use alloc::vec::Vec;

use super::Status;
use super::error::DecodeError;
use super::packet::{Packet, decode_body, decode_server_body};
use super::packet_type::PacketType;
use super::varint::VarInt;
use super::version::ProtocolVersion;

/// A parsed fixed header: packet type, flag bits and remaining length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedHeader {
    /// The packet type.
    pub packet_type: PacketType,
    /// The low four bits of the first byte.
    pub flags: u8,
    /// The number of bytes after the fixed header.
    pub remaining_length: u32,
    /// The fixed header's own size: 2 to 5 bytes.
    pub header_len: usize,
}

impl FixedHeader {
    /// The whole packet's size: fixed header plus remaining length.
    pub fn packet_len(&self) -> usize {
        self.header_len + usize::try_from(self.remaining_length).unwrap_or(usize::MAX)
    }
}

/// Parses a fixed header from the start of `buf`.
///
/// Checks the packet type (reserved 0; AUTH only in MQTT 5.0), the flag bits
/// every type but PUBLISH fixes (MQTT 5.0 §2.1.3), the remaining length's
/// encoding, and the packet's total size against `max_packet_size` — all
/// before a single body byte is needed. Returns [`Status::Partial`] while the
/// header itself is incomplete.
pub fn parse_header(
    buf: &[u8],
    version: ProtocolVersion,
    max_packet_size: u32,
) -> Result<Status<FixedHeader>, DecodeError> {
    let Some(&first) = buf.first() else {
        return Ok(Status::Partial);
    };
    let nibble = first >> 4;
    let flags = first & 0x0f;
    // AUTH is reserved before MQTT 5.0: one error for both.
    let packet_type = PacketType::from_nibble(nibble)
        .filter(|t| *t != PacketType::Auth || version.is_v5())
        .ok_or(DecodeError::ReservedPacketType(nibble))?;
    if let Some(required) = packet_type.required_flags() {
        // MQTT 3.1 §2.1 sets DUP on a re-delivered PUBREL, SUBSCRIBE or
        // UNSUBSCRIBE; MQTT 3.1.1 fixed those flags at 0010 [MQTT-3.6.1-1].
        let dup_allowed = version == ProtocolVersion::V3_1 && required == 0b0010;
        let flags_seen = if dup_allowed { flags & !0b1000 } else { flags };
        if flags_seen != required {
            return Err(DecodeError::InvalidHeaderFlags {
                packet: packet_type,
                flags,
            });
        }
    }
    let (remaining, used) = match VarInt::read(&buf[1..], version)? {
        Status::Complete(v) => v,
        Status::Partial => return Ok(Status::Partial),
    };
    let header_len = 1 + used;
    let size = u64::from(remaining.get()) + u64::try_from(header_len).unwrap_or(5);
    if size > u64::from(max_packet_size) {
        return Err(DecodeError::PacketTooLarge {
            size,
            max: max_packet_size,
        });
    }
    Ok(Status::Complete(FixedHeader {
        packet_type,
        flags,
        remaining_length: remaining.get(),
        header_len,
    }))
}

/// A body decoder: every packet type, or only those a server sends.
type BodyDecoder =
    for<'a> fn(&FixedHeader, &'a [u8], ProtocolVersion) -> Result<Packet<'a>, DecodeError>;

/// A receive buffer that turns a byte stream into packets.
///
/// Push bytes as they arrive (one WebSocket frame may hold part of a packet
/// or several packets, MQTT 5.0 §6.0 [MQTT-6.0.0-2]), then take packets until
/// it has none complete. The fixed header is parsed once and cached, and its
/// size limit is checked before the body is buffered: a peer that announces
/// a packet over the limit gets an error after at most five bytes.
///
/// ```
/// use webmqtt::codec::{PacketBuffer, Packet, ProtocolVersion};
/// let mut rx = PacketBuffer::new(ProtocolVersion::V3_1_1, 1024);
/// rx.push(&[0xd0]); // first byte of PINGRESP
/// assert_eq!(rx.next_packet(), Ok(None));
/// rx.push(&[0x00, 0xd0, 0x00]); // rest of it, and a second one
/// assert_eq!(rx.next_packet(), Ok(Some(Packet::PingResp)));
/// assert_eq!(rx.next_packet(), Ok(Some(Packet::PingResp)));
/// assert_eq!(rx.next_packet(), Ok(None));
/// ```
#[derive(Debug)]
pub struct PacketBuffer {
    buf: Vec<u8>,
    /// Where unread bytes start in `buf`.
    start: usize,
    /// The header of the packet at `start`, once parsed.
    header: Option<FixedHeader>,
    version: ProtocolVersion,
    max_packet_size: u32,
    decode: BodyDecoder,
}

impl PacketBuffer {
    /// An empty buffer for a connection of `version` that accepts packets
    /// of at most `max_packet_size` bytes, of every type.
    pub fn new(version: ProtocolVersion, max_packet_size: u32) -> Self {
        PacketBuffer {
            buf: Vec::new(),
            start: 0,
            header: None,
            version,
            max_packet_size,
            decode: decode_body,
        }
    }

    /// A buffer for a client: packets only clients send (CONNECT,
    /// SUBSCRIBE, UNSUBSCRIBE, PINGREQ) are [`DecodeError::WrongDirection`].
    pub fn from_server(version: ProtocolVersion, max_packet_size: u32) -> Self {
        PacketBuffer {
            decode: decode_server_body,
            ..PacketBuffer::new(version, max_packet_size)
        }
    }

    /// Changes the protocol version, for example after CONNACK.
    pub fn set_version(&mut self, version: ProtocolVersion) {
        self.version = version;
    }

    /// Changes the size limit for packets not yet framed.
    pub fn set_max_packet_size(&mut self, max: u32) {
        self.max_packet_size = max;
    }

    /// Forgets every buffered byte, for a new connection.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.start = 0;
        self.header = None;
    }

    /// How many received bytes are not yet returned as packets.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    /// The header and body of the packet at the front of the buffer, once
    /// all of it has arrived. After [`next_packet`](Self::next_packet)
    /// failed on a body, this is the packet that did not decode, so a
    /// client can tell which of its commands a bad answer was for.
    pub fn unread_packet(&self) -> Option<(FixedHeader, &[u8])> {
        let header = self.header?;
        let start = self.start + header.header_len;
        let body = self.buf.get(start..self.start + header.packet_len())?;
        Some((header, body))
    }

    /// Appends received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        // Compact first so the buffer stays within one packet plus a frame.
        // Moved down by `copy_within` (one memmove), not by `drain`, whose
        // drop guard was code of its own for this buffer alone; a byte
        // loop was smaller still, but what is left can be most of a
        // 16 KB frame, moved a byte at a time with a bounds check each.
        let gap = self.start;
        if gap > 0 {
            let len = self.buf.len();
            self.buf.copy_within(gap.., 0);
            self.buf.truncate(len - gap);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete packet, `None` when more bytes are needed, or the
    /// error that makes the stream unusable. After an error the buffer
    /// keeps returning it: a malformed stream cannot be resynchronised.
    pub fn next_packet(&mut self) -> Result<Option<Packet<'_>>, DecodeError> {
        self.take_packet().transpose()
    }

    /// [`next_packet`](Self::next_packet) as an `Option` of the decoder's
    /// own `Result`: that result is handed back as it is, where mapping it
    /// into a `Result` of an `Option` copied the whole packet once more.
    pub(crate) fn take_packet(&mut self) -> Option<Result<Packet<'_>, DecodeError>> {
        let unread = &self.buf[self.start..];
        let header = match self.header {
            Some(h) => h,
            None => match parse_header(unread, self.version, self.max_packet_size) {
                Ok(Status::Complete(h)) => {
                    self.header = Some(h);
                    h
                }
                Ok(Status::Partial) => return None,
                Err(e) => return Some(Err(e)),
            },
        };
        let len = header.packet_len();
        // `None` until the whole packet has arrived.
        let body = unread.get(header.header_len..len)?;
        let packet = (self.decode)(&header, body, self.version);
        if packet.is_ok() {
            self.start += len;
            self.header = None;
        }
        Some(packet)
    }
}
