//! A bounded reader over one packet's body.
//!
//! The fixed header's remaining length fixes the body; the reader cannot read
//! past it, and a length-prefixed section (properties) becomes a sub-reader of
//! its own. Reading past the end is a [`DecodeError::Truncated`] naming the
//! field — inside a complete body that is a malformed packet, never a request
//! for more bytes.

use super::error::DecodeError;
use super::packet_type::PacketType;
use super::varint::VarInt;
use super::{Status, version::ProtocolVersion};
use crate::topic::TopicError;

/// Reads fields from the front of a byte slice that holds one packet body.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    packet: PacketType,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8], packet: PacketType) -> Self {
        Reader { buf, packet }
    }

    pub(crate) fn packet(&self) -> PacketType {
        self.packet
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub(crate) fn remaining(&self) -> usize {
        self.buf.len()
    }

    fn truncated(&self, field: &'static str) -> DecodeError {
        DecodeError::Truncated {
            packet: self.packet,
            field,
        }
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], DecodeError> {
        if n > self.buf.len() {
            return Err(self.truncated(field));
        }
        let (head, tail) = self.buf.split_at(n);
        self.buf = tail;
        Ok(head)
    }

    /// Everything left.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        core::mem::take(&mut self.buf)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, DecodeError> {
        let (&b, tail) = self.buf.split_first().ok_or(self.truncated(field))?;
        self.buf = tail;
        Ok(b)
    }

    /// The next byte, or `None` at the end: for a field that may be left
    /// out, such as an acknowledgment's reason code, read without an
    /// error path that could not be taken.
    pub(crate) fn next_byte(&mut self) -> Option<u8> {
        let (&b, tail) = self.buf.split_first()?;
        self.buf = tail;
        Some(b)
    }

    /// A Two Byte Integer, big-endian (MQTT 5.0 §1.5.2).
    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, DecodeError> {
        let b = self.take(2, field)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// A Variable Byte Integer inside a body (MQTT 5.0 §1.5.5).
    pub(crate) fn varint(
        &mut self,
        version: ProtocolVersion,
        field: &'static str,
    ) -> Result<VarInt, DecodeError> {
        match VarInt::read(self.buf, version)? {
            Status::Complete((v, used)) => {
                self.buf = &self.buf[used..];
                Ok(v)
            }
            Status::Partial => Err(self.truncated(field)),
        }
    }

    /// Binary Data: a two-byte length and that many bytes (MQTT 5.0 §1.5.6).
    pub(crate) fn binary(&mut self, field: &'static str) -> Result<&'a [u8], DecodeError> {
        let len = self.u16(field)?;
        self.take(usize::from(len), field)
    }

    /// A UTF-8 Encoded String (MQTT 5.0 §1.5.4): well-formed UTF-8 with no
    /// U+0000 [MQTT-1.5.4-1], [MQTT-1.5.4-2]. U+FEFF is kept as it is
    /// [MQTT-1.5.4-3].
    pub(crate) fn string(&mut self, field: &'static str) -> Result<&'a str, DecodeError> {
        let s = self.utf8(field)?;
        if crate::topic::has_nul(s.as_bytes()) {
            return Err(DecodeError::NullCharacter { field });
        }
        Ok(s)
    }

    /// A UTF-8 Encoded String whose U+0000 the caller looks for itself,
    /// as a topic name's check does: one pass over the topic of every
    /// PUBLISH, not two.
    pub(crate) fn utf8(&mut self, field: &'static str) -> Result<&'a str, DecodeError> {
        let bytes = self.binary(field)?;
        super::utf8::str_of(bytes).ok_or(DecodeError::InvalidUtf8 { field })
    }

    /// A string that must be a valid topic name or filter.
    pub(crate) fn topic(
        &mut self,
        field: &'static str,
        check: fn(&str) -> Result<(), TopicError>,
    ) -> Result<&'a str, DecodeError> {
        let s = self.string(field)?;
        check(s).map_err(|error| DecodeError::InvalidTopic { field, error })?;
        Ok(s)
    }

    /// A sub-reader over the next `len` bytes.
    pub(crate) fn sub(
        &mut self,
        len: usize,
        field: &'static str,
    ) -> Result<Reader<'a>, DecodeError> {
        let buf = self.take(len, field)?;
        Ok(Reader {
            buf,
            packet: self.packet,
        })
    }

    /// Fails unless every byte has been read.
    pub(crate) fn finish(self) -> Result<(), DecodeError> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes {
                packet: self.packet,
                count: self.buf.len(),
            })
        }
    }
}
