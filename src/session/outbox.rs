//! The queue of publications not yet sent, and the bytes it holds.
//!
//! The byte count is what [`QueueLimits::max_bytes`] is checked against, so
//! it must follow every message in and out; keeping it beside the queue,
//! behind methods that move both, is what keeps the two from drifting
//! apart.

use alloc::collections::VecDeque;

use super::error::CommandError;
use super::event::CommandId;
use super::in_flight::InFlight;
use super::message::OutgoingMessage;
use super::options::QueueLimits;
use crate::codec::PacketId;

/// Publications waiting for the connection, the window or a free packet
/// identifier, oldest first, with the bytes they hold
/// ([`OutgoingMessage::queued_size`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Outbox {
    /// Each as the in-flight window keeps its entries, under a
    /// placeholder identifier ([`PacketId::MIN`], never read): one element
    /// type for both, as each costs its own deque code in the npm package.
    entries: VecDeque<(PacketId, InFlight)>,
    bytes: usize,
    /// Moves on every change, for drivers that keep the queue
    /// ([`Session::publications_version`](super::Session::publications_version)).
    changes: u64,
}

impl Outbox {
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Bytes held, as counted against [`QueueLimits::max_bytes`].
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Fails with [`CommandError::QueueFull`] when `message` would take the
    /// queue past `limits`: the caller then queues nothing, so a full queue
    /// never drops what it already holds.
    pub(crate) fn check_room(
        &self,
        message: &OutgoingMessage,
        limits: &QueueLimits,
    ) -> Result<(), CommandError> {
        self.check_room_besides(message, limits, (0, 0))
    }

    /// [`check_room`](Self::check_room) as if `held` publications and
    /// bytes of the queue were not in it.
    pub(crate) fn check_room_besides(
        &self,
        message: &OutgoingMessage,
        limits: &QueueLimits,
        held: (usize, usize),
    ) -> Result<(), CommandError> {
        // Saturating: a queue that shrank below what is held counts as
        // empty rather than wrapping into a refusal of everything.
        let messages = self.len().saturating_sub(held.0);
        let bytes = self.bytes().saturating_sub(held.1);
        if messages >= limits.max_messages
            || bytes.saturating_add(message.queued_size()) > limits.max_bytes
        {
            return Err(CommandError::QueueFull { messages, bytes });
        }
        Ok(())
    }

    /// How many changes the queue has seen.
    pub(crate) fn changes(&self) -> u64 {
        self.changes
    }

    /// The publication `i`-th from the oldest. Walks go by index, as
    /// [`IdMap::at`](super::id_map::IdMap::at) explains.
    pub(crate) fn at(&self, i: usize) -> Option<(CommandId, &OutgoingMessage)> {
        self.entries.get(i).map(|(_, f)| (f.command(), f.message()))
    }

    /// Queues a publication behind the others.
    pub(crate) fn push_back(&mut self, id: CommandId, message: OutgoingMessage) {
        self.changes += 1;
        self.bytes += message.queued_size();
        self.entries
            .push_back((PacketId::MIN, InFlight::queued(id, message)));
    }

    /// Puts a publication back at the head: it was taken to be sent, and
    /// could not be yet; it keeps its place ahead of later ones.
    pub(crate) fn push_front(&mut self, id: CommandId, message: OutgoingMessage) {
        self.changes += 1;
        self.bytes += message.queued_size();
        self.entries
            .push_front((PacketId::MIN, InFlight::queued(id, message)));
    }

    /// The publication next in line, left in place.
    pub(crate) fn front(&self) -> Option<(CommandId, &OutgoingMessage)> {
        self.entries
            .front()
            .map(|(_, f)| (f.command(), f.message()))
    }

    /// Takes the publication next in line.
    pub(crate) fn pop_front(&mut self) -> Option<(CommandId, OutgoingMessage)> {
        let (id, message) = self.entries.pop_front()?.1.into_parts();
        self.changes += 1;
        self.bytes -= message.queued_size();
        Some((id, message))
    }

    /// Moves the first `n` publications behind the others, in their order.
    pub(crate) fn rotate_front_to_back(&mut self, n: usize) {
        self.changes += 1;
        // One by one through `pop_front` and `push_back`, which the npm
        // package links anyway (`rotate_left` was two functions of its
        // own); it runs once per restore.
        for _ in 0..n {
            if let Some(entry) = self.entries.pop_front() {
                self.entries.push_back(entry);
            }
        }
    }

    /// Drops every publication, read first by [`at`](Self::at), as
    /// [`InFlightWindow::clear`](super::in_flight::InFlightWindow::clear)
    /// does.
    pub(crate) fn clear(&mut self) {
        self.changes += 1;
        self.bytes = 0;
        self.entries = VecDeque::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::QoS;

    fn message(payload: &str) -> OutgoingMessage {
        OutgoingMessage::new("t", payload, QoS::AtLeastOnce)
    }

    #[test]
    fn counts_bytes_in_and_out() {
        let mut o = Outbox::default();
        o.push_back(CommandId(1), message("abc"));
        o.push_front(CommandId(2), message("de"));
        assert_eq!((o.len(), o.bytes()), (2, 4 + 3));
        assert_eq!(o.front().map(|(id, _)| id), Some(CommandId(2)));
        assert_eq!(o.pop_front().map(|(id, _)| id), Some(CommandId(2)));
        assert_eq!(o.bytes(), 4);
        assert_eq!(o.len(), 1);
        o.clear();
        assert_eq!((o.len(), o.bytes()), (0, 0));
    }

    #[test]
    fn refuses_what_would_overflow() {
        let mut o = Outbox::default();
        let limits = QueueLimits {
            max_messages: 2,
            max_bytes: 8,
        };
        assert!(o.check_room(&message("1234567"), &limits).is_ok());
        assert!(o.check_room(&message("12345678"), &limits).is_err());
        o.push_back(CommandId(1), message("1"));
        o.push_back(CommandId(2), message("2"));
        assert!(matches!(
            o.check_room(&message(""), &limits),
            Err(CommandError::QueueFull {
                messages: 2,
                bytes: 4
            })
        ));
    }
}
