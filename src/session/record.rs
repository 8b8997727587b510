//! The byte form of a [`StoredPublication`], for a driver that keeps
//! unfinished publications in storage that holds bytes (IndexedDB, a file).
//!
//! Layout, version 2:
//!
//! | bytes | what |
//! |---|---|
//! | 1 | format version (2) |
//! | 1 | stage: 0 queued, 1 sent, 2 released (PUBREC received) |
//! | 2 | packet identifier, big-endian (0 when queued) |
//! | 8 | when the client accepted the message: ms since the Unix epoch, big-endian |
//! | rest | the message as an MQTT 5.0 PUBLISH packet; nothing when released |
//!
//! Version 1, which earlier builds wrote, lacks the 8 bytes of the time; it
//! still reads back, with no time (see [`DatedPublication::accepted`]). The
//! time is what lets a restored message's Message Expiry Interval count the
//! time it spent stored (MQTT 5.0 §3.3.2.3.3).
//!
//! The message is written as a 5.0 PUBLISH whatever the connection's
//! version, because 5.0's PUBLISH carries every field an
//! [`OutgoingMessage`] has (MQTT 5.0 §3.3); the codec that writes and checks
//! packets writes and checks records too. A record that does not read back
//! is refused with a [`RecordError`] that names what is wrong, never taken
//! in part.

use alloc::vec::Vec;

use super::message::{MessageProperties, OutgoingMessage};
use super::persist::{StoredPublication, StoredStage};
use super::send::publish_packet;
use super::time::WallTime;
use crate::codec::{
    DecodeError, Encode, EncodeError, Packet, PacketBuffer, PacketId, PacketType, ProtocolVersion,
    QoS,
};
use crate::text::{Describe, Text, display_by_describe};

/// The format version this build writes.
const FORMAT: u8 = 2;
/// The format before records said when their message was accepted; read
/// still.
const FORMAT_UNDATED: u8 = 1;

/// A record read back: the publication, and when it was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedPublication {
    /// The publication.
    pub publication: StoredPublication,
    /// When the client accepted the message; `None` for a version 1
    /// record, which did not say.
    pub accepted: Option<WallTime>,
}

/// Why a record does not read back as a [`StoredPublication`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// Fewer bytes than the record's header (4 in version 1, 12 in 2).
    TooShort,
    /// A format version this build does not know (from a newer one).
    UnknownFormat(u8),
    /// A stage byte other than 0, 1 or 2.
    UnknownStage(u8),
    /// A sent or released record with packet identifier 0
    /// (MQTT 5.0 §2.2.1).
    NoPacketId,
    /// The message is not one whole, valid PUBLISH packet.
    Message(DecodeError),
    /// Bytes after the message, or a message where none belongs.
    TrailingBytes,
}

impl Describe for RecordError {
    fn describe(&self, t: &mut Text) {
        match self {
            RecordError::TooShort => t.s("a stored publication ends before its header does"),
            RecordError::UnknownFormat(v) => t
                .s("a stored publication has format version ")
                .n((*v).into())
                .s(", which this version does not read"),
            RecordError::UnknownStage(s) => t
                .s("a stored publication has unknown stage ")
                .n((*s).into()),
            RecordError::NoPacketId => {
                t.s("a stored publication that was sent has no packet identifier")
            }
            RecordError::Message(e) => t.s("a stored publication's message does not decode: ").d(e),
            RecordError::TrailingBytes => t.s("a stored publication has bytes after its end"),
        };
    }
}

display_by_describe!(RecordError);

impl core::error::Error for RecordError {}

impl StoredPublication {
    /// Appends the record of a publication at `stage`, whose message the
    /// client accepted at `accepted`, to `out`: a format version, the
    /// stage, the packet identifier, the time accepted, then the message
    /// as an MQTT 5.0 PUBLISH (the table is in `src/session/record.rs`).
    /// Fails only for a message no packet can carry (over the protocol's
    /// size limits), which the engine refuses when it is published.
    pub fn write_record(
        stage: StoredStage,
        message: &OutgoingMessage,
        accepted: WallTime,
        out: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        let (tag, packet_id) = match stage {
            StoredStage::Queued => (0, None),
            StoredStage::Sent(id) => (1, Some(id)),
            StoredStage::Released(id) => (2, Some(id)),
        };
        out.push(FORMAT);
        out.push(tag);
        out.extend_from_slice(&packet_id.map_or(0, PacketId::get).to_be_bytes());
        out.extend_from_slice(&accepted.as_millis().to_be_bytes());
        if tag == 2 {
            return Ok(());
        }
        // QoS 1 and 2 need an identifier in the packet; a queued one has
        // none yet, and any placeholder reads back the same.
        let id = (message.qos != QoS::AtMostOnce).then(|| packet_id.unwrap_or(PacketId::MIN));
        publish_packet(message, id, false)
            .encode(ProtocolVersion::V5, out)
            .map(drop)
    }

    /// Reads the publication of a record written by
    /// [`write_record`](Self::write_record) (or by an earlier build, in
    /// format version 1), without its time; see
    /// [`read_record`](Self::read_record).
    pub fn from_record(record: &[u8]) -> Result<StoredPublication, RecordError> {
        Self::read_record(record).map(|d| d.publication)
    }

    /// Reads a record written by [`write_record`](Self::write_record), or
    /// by an earlier build in format version 1 (then with no time).
    pub fn read_record(record: &[u8]) -> Result<DatedPublication, RecordError> {
        let [format, tag, hi, lo, rest @ ..] = record else {
            return Err(RecordError::TooShort);
        };
        let (accepted, rest) = match *format {
            FORMAT_UNDATED => (None, rest),
            FORMAT => {
                let Some((time, rest)) = rest.split_first_chunk::<8>() else {
                    return Err(RecordError::TooShort);
                };
                (Some(WallTime::from_millis(u64::from_be_bytes(*time))), rest)
            }
            other => return Err(RecordError::UnknownFormat(other)),
        };
        let publication = Self::read_publication(*tag, [*hi, *lo], rest)?;
        Ok(DatedPublication {
            publication,
            accepted,
        })
    }

    /// The stage, identifier and message of a record: the same in every
    /// format version.
    fn read_publication(
        tag: u8,
        packet_id: [u8; 2],
        rest: &[u8],
    ) -> Result<StoredPublication, RecordError> {
        let packet_id = PacketId::new(u16::from_be_bytes(packet_id));
        let stage = match (tag, packet_id) {
            (0, _) => StoredStage::Queued,
            (1, Some(id)) => StoredStage::Sent(id),
            (2, Some(id)) => StoredStage::Released(id),
            (1 | 2, None) => return Err(RecordError::NoPacketId),
            (t, _) => return Err(RecordError::UnknownStage(t)),
        };
        if matches!(stage, StoredStage::Released(_)) {
            return match rest {
                [] => Ok(StoredPublication {
                    message: OutgoingMessage::default(),
                    stage,
                }),
                _ => Err(RecordError::TrailingBytes),
            };
        }
        let mut buffer = PacketBuffer::from_server(ProtocolVersion::V5, u32::MAX);
        buffer.push(rest);
        // Matched by reference and dropped whole at the end of the block,
        // not taken apart: each arm dropped what it left, and the packet
        // was copied out of the result.
        let message = {
            let next = buffer.take_packet();
            match &next {
                Some(Ok(Packet::Publish(p))) => OutgoingMessage {
                    topic: p.topic.into(),
                    payload: p.payload.to_vec(),
                    qos: p.qos,
                    retain: p.retain,
                    properties: MessageProperties::from_publish(&p.properties),
                },
                Some(Ok(other)) => {
                    let packet = other.packet_type();
                    return Err(RecordError::Message(DecodeError::WrongDirection { packet }));
                }
                None => {
                    let packet = PacketType::Publish;
                    let field = "stored message";
                    return Err(RecordError::Message(DecodeError::Truncated {
                        packet,
                        field,
                    }));
                }
                Some(Err(e)) => return Err(RecordError::Message(*e)),
            }
        };
        if buffer.buffered() != 0 {
            return Err(RecordError::TrailingBytes);
        }
        Ok(StoredPublication { message, stage })
    }

    /// This publication's record, accepted at `accepted` (see
    /// [`write_record`](Self::write_record)).
    pub fn to_record(&self, accepted: WallTime) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::new();
        Self::write_record(self.stage, &self.message, accepted, &mut out)?;
        Ok(out)
    }
}
