//! A PUBLISH checked once and encoded many times: for a message built once
//! and sent again and again (a sensor's reading topic, a resend), the topic
//! rules, string lengths and property rules are checked when it is built,
//! and each encode only writes.

use alloc::vec::Vec;

use super::error::EncodeError;
use super::packet_id::PacketId;
use super::publish::Publish;
use super::qos::QoS;
use super::version::ProtocolVersion;
use super::writer::{length_varint, write_string};

/// A [`Publish`] whose every field was checked for one protocol version
/// (as [`Encode::encode`](super::Encode::encode) checks them), with its
/// sizes worked out: [`encode`](Self::encode) cannot fail and only copies.
/// The packet identifier and the DUP flag may change between encodes, as
/// a resend or the next message under the same topic needs; they do not
/// change the size.
#[derive(Debug, Clone)]
pub struct CheckedPublish<'a> {
    publish: Publish<'a>,
    /// What comes between the first byte and the packet identifier, written
    /// once: the remaining length and the topic name.
    head: Vec<u8>,
    /// The property section (MQTT 5.0), written once; empty in 3.x.
    properties: Vec<u8>,
    /// The whole packet's size.
    len: usize,
}

impl<'a> Publish<'a> {
    /// Checks every field for `version` once, for encoding many times
    /// (see [`CheckedPublish`]). Fails as [`Encode::encode`](super::Encode::encode)
    /// would.
    pub fn check(self, version: ProtocolVersion) -> Result<CheckedPublish<'a>, EncodeError> {
        let sizes = self.measure(version)?;
        let mut head = Vec::new();
        length_varint(sizes.body)?.write(&mut head);
        write_string(&mut head, self.topic);
        let mut properties = Vec::new();
        if version.is_v5() {
            self.properties.write(&mut properties, sizes.props);
        }
        // The first byte, the remaining length, and the body it counts.
        let len = 1 + head.len() - (2 + self.topic.len()) + sizes.body;
        Ok(CheckedPublish {
            publish: self,
            head,
            properties,
            len,
        })
    }
}

impl<'a> CheckedPublish<'a> {
    /// The packet as checked.
    pub fn publish(&self) -> &Publish<'a> {
        &self.publish
    }

    /// The exact number of bytes [`encode`](Self::encode) appends.
    pub fn encoded_len(&self) -> usize {
        self.len
    }

    /// Sets the packet identifier of a QoS 1 or 2 message (§3.3.2.2); at
    /// QoS 0, which has none, [`EncodeError::PacketIdMismatch`].
    pub fn set_packet_id(&mut self, id: PacketId) -> Result<(), EncodeError> {
        if self.publish.qos == QoS::AtMostOnce {
            return Err(EncodeError::PacketIdMismatch);
        }
        self.publish.packet_id = Some(id);
        Ok(())
    }

    /// Sets the DUP flag of a QoS 1 or 2 message (§3.3.1.1); at QoS 0
    /// [`EncodeError::DupWithQoS0`].
    pub fn set_dup(&mut self, dup: bool) -> Result<(), EncodeError> {
        if dup && self.publish.qos == QoS::AtMostOnce {
            return Err(EncodeError::DupWithQoS0);
        }
        self.publish.dup = dup;
        Ok(())
    }

    /// Appends the packet to `out` and returns the number of bytes written.
    #[inline]
    pub fn encode(&self, out: &mut Vec<u8>) -> usize {
        let len = self.encoded_len();
        out.reserve(len);
        out.push(self.publish.first_byte());
        out.extend_from_slice(&self.head);
        if let Some(id) = self.publish.packet_id {
            out.extend_from_slice(&id.get().to_be_bytes());
        }
        out.extend_from_slice(&self.properties);
        out.extend_from_slice(self.publish.payload);
        len
    }
}
