//! The in-flight window: QoS 1 and 2 publications holding a packet
//! identifier until acknowledged, how many the server lets us have at once,
//! and which of them still wait to be resent after a reconnect.
//!
//! The count of publications waiting for a resend decides how much room
//! the window has, so it must follow every mark set or cleared; keeping it
//! beside the entries, behind methods that move both, is what keeps the two
//! from drifting apart.

use alloc::vec::Vec;

use super::event::CommandId;
use super::id_map::IdMap;
use super::message::OutgoingMessage;
use crate::codec::PacketId;

/// Which acknowledgment an outgoing QoS 1 or 2 publication awaits
/// (MQTT 5.0 §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    clippy::enum_variant_names,
    reason = "each variant names the packet awaited"
)]
pub(crate) enum Stage {
    /// QoS 1 sent, PUBACK not yet received.
    PubAck,
    /// QoS 2 sent, PUBREC not yet received.
    PubRec,
    /// PUBREL sent, PUBCOMP not yet received.
    PubComp,
}

/// Whether an in-flight publication still has to go out again on this
/// connection. After a reconnect, resent publications count against the
/// server's Receive Maximum like new ones [MQTT-4.9.0-2], so those beyond
/// the window wait here until acknowledgements free room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resend {
    /// Nothing to resend: sent on this connection, or not due for a resend.
    No,
    /// Held back by the window; goes out with this DUP flag once there is
    /// room (set when the server may have seen it before [MQTT-3.3.1-1]).
    Waiting {
        /// The DUP flag to send it with.
        dup: bool,
    },
}

impl Resend {
    /// Whether the window holds it back.
    fn is_waiting(self) -> bool {
        matches!(self, Resend::Waiting { .. })
    }

    /// Takes the mark, leaving [`Resend::No`]: the resend is done (or no
    /// longer wanted).
    fn take(&mut self) -> Resend {
        core::mem::replace(self, Resend::No)
    }
}

/// A publication with a packet identifier, not yet acknowledged.
#[derive(Debug, Clone)]
pub(crate) struct InFlight {
    command: CommandId,
    message: OutgoingMessage,
    stage: Stage,
    /// Held back after a reconnect by the window, until resent.
    resend: Resend,
}

impl InFlight {
    /// A publication not yet sent, as the queue of unsent ones
    /// (`outbox.rs`) keeps it: the window's element type, so that the npm
    /// package links one deque's code for both. Its stage is set when it
    /// is sent ([`InFlightWindow::insert`]).
    pub(crate) fn queued(command: CommandId, message: OutgoingMessage) -> Self {
        InFlight {
            command,
            message,
            stage: Stage::PubAck,
            resend: Resend::No,
        }
    }

    /// The command and the message, taken out.
    pub(crate) fn into_parts(self) -> (CommandId, OutgoingMessage) {
        (self.command, self.message)
    }

    /// The command that waits for it.
    pub(crate) fn command(&self) -> CommandId {
        self.command
    }

    pub(crate) fn stage(&self) -> Stage {
        self.stage
    }

    /// The publication as sent; after PUBREC without its payload, which
    /// only a resent PUBLISH would need and none may follow
    /// [MQTT-4.3.3-5].
    pub(crate) fn message(&self) -> &OutgoingMessage {
        &self.message
    }
}

/// QoS 1 and 2 publications sent and not yet acknowledged, in send order
/// (which is the resend order, MQTT 5.0 §4.6), and the window they share.
#[derive(Debug, Clone)]
pub(crate) struct InFlightWindow {
    entries: IdMap<InFlight>,
    /// Entries marked [`Resend::Waiting`]: they hold an identifier but have
    /// not been sent on this connection, so they take no room in the
    /// window.
    waiting: usize,
    /// How many may be unacknowledged at once: the server's Receive
    /// Maximum (MQTT 5.0 §3.2.2.3.3), or a stand-in for MQTT 3.x.
    size: usize,
    /// Moves on every entry added, removed or acknowledged, for drivers
    /// that keep the window
    /// ([`Session::publications_version`](super::Session::publications_version)).
    changes: u64,
}

impl InFlightWindow {
    /// An empty window of `size` publications (at least 1).
    pub(crate) fn new(size: usize) -> Self {
        InFlightWindow {
            entries: IdMap::default(),
            waiting: 0,
            size,
            changes: 0,
        }
    }

    /// The window's size, from the connection's CONNACK.
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    pub(crate) fn set_size(&mut self, size: usize) {
        self.size = size;
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// How many changes the window has seen.
    pub(crate) fn changes(&self) -> u64 {
        self.changes
    }

    /// The publication `i`-th in send order. Walks go by index, as
    /// [`IdMap::at`] explains.
    pub(crate) fn at(&self, i: usize) -> Option<(PacketId, &InFlight)> {
        self.entries.at(i)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether a new QoS 1 or 2 publication may be sent now. Publications
    /// waiting for a resend count here too: they were sent first.
    pub(crate) fn has_room(&self) -> bool {
        self.entries.len() < self.size
    }

    pub(crate) fn contains(&self, id: PacketId) -> bool {
        self.entries.get(id).is_some()
    }

    pub(crate) fn get(&self, id: PacketId) -> Option<&InFlight> {
        self.entries.get(id)
    }

    /// Adds a publication just sent under `id`.
    pub(crate) fn insert(
        &mut self,
        id: PacketId,
        command: CommandId,
        message: OutgoingMessage,
        stage: Stage,
    ) {
        self.changes += 1;
        self.entries.push(
            id,
            InFlight {
                command,
                message,
                stage,
                resend: Resend::No,
            },
        );
    }

    /// Removes the publication under `id`, returning the command that
    /// waits for it.
    pub(crate) fn remove(&mut self, id: PacketId) -> Option<CommandId> {
        let f = self.entries.remove(id)?;
        self.changes += 1;
        if f.resend.is_waiting() {
            self.waiting -= 1;
        }
        Some(f.command)
    }

    /// Drops every publication, read first by [`at`](Self::at): dropped
    /// whole, where a consuming loop was an iterator and a drop of its own.
    pub(crate) fn clear(&mut self) {
        self.changes += 1;
        self.waiting = 0;
        self.entries = IdMap::default();
    }

    /// PUBREC arrived for `id`: PUBREL goes out next. The server owns the
    /// message now, so only the identifier is kept for PUBREL, and the
    /// PUBLISH must never go out again, even if the window held it back
    /// [MQTT-4.3.3-5].
    pub(crate) fn mark_received(&mut self, id: PacketId) {
        if let Some(f) = self.entries.get_mut(id) {
            self.changes += 1;
            f.stage = Stage::PubComp;
            f.message.payload = Vec::new();
            if f.resend.take().is_waiting() {
                self.waiting -= 1;
            }
        }
    }

    /// Takes the message of `id` out, for a resend that writes it, which
    /// then puts it back ([`put_message`](Self::put_message)): no copy of
    /// it is made.
    pub(crate) fn take_message(&mut self, id: PacketId) -> Option<OutgoingMessage> {
        self.entries
            .get_mut(id)
            .map(|f| core::mem::take(&mut f.message))
    }

    /// Puts back the message [`take_message`](Self::take_message) took.
    pub(crate) fn put_message(&mut self, id: PacketId, message: OutgoingMessage) {
        if let Some(f) = self.entries.get_mut(id) {
            f.message = message;
        }
    }

    /// Forgets every resend mark: after a reconnect each resend is decided
    /// afresh, and marks left by an earlier connection would hold room
    /// that is not taken.
    pub(crate) fn clear_waiting(&mut self) {
        let mut i = 0;
        while let Some((_, f)) = self.entries.at_mut(i) {
            f.resend = Resend::No;
            i += 1;
        }
        self.waiting = 0;
    }

    /// Holds `id` back until the window has room for its resend, which
    /// goes out with `dup`.
    pub(crate) fn mark_waiting(&mut self, id: PacketId, dup: bool) {
        if let Some(f) = self.entries.get_mut(id) {
            if !f.resend.is_waiting() {
                self.waiting += 1;
            }
            f.resend = Resend::Waiting { dup };
        }
    }

    /// The first publication held back for a resend, its mark taken, with
    /// the DUP flag to send it with; `None` when none waits or the
    /// publications sent on this connection fill the window.
    pub(crate) fn take_waiting(&mut self) -> Option<(PacketId, bool)> {
        if self.waiting == 0 || self.entries.len() - self.waiting >= self.size {
            return None;
        }
        let mut i = 0;
        while let Some((id, f)) = self.entries.at_mut(i) {
            if let Resend::Waiting { dup } = f.resend.take() {
                self.waiting -= 1;
                return Some((id, dup));
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::QoS;

    fn id(v: u16) -> PacketId {
        PacketId::new(v).unwrap()
    }

    fn window_of(size: usize, n: u16) -> InFlightWindow {
        let mut w = InFlightWindow::new(size);
        for v in 1..=n {
            let m = OutgoingMessage::new("t", "p", QoS::AtLeastOnce);
            w.insert(id(v), CommandId(v.into()), m, Stage::PubAck);
        }
        w
    }

    #[test]
    fn waiting_resends_take_no_room_until_resent() {
        let mut w = window_of(2, 3);
        assert!(!w.has_room());
        w.mark_waiting(id(1), true);
        w.mark_waiting(id(2), false);
        w.mark_waiting(id(2), true);
        // Of three, two wait: one sent on this connection leaves room for
        // one resend.
        assert_eq!(w.take_waiting(), Some((id(1), true)));
        assert_eq!(w.take_waiting(), None);
        assert_eq!(w.remove(id(3)), Some(CommandId(3)));
        assert_eq!(w.take_waiting(), Some((id(2), true)));
        assert_eq!(w.take_waiting(), None);
    }

    #[test]
    fn removing_or_receiving_clears_the_mark() {
        let mut w = window_of(1, 3);
        w.mark_waiting(id(1), true);
        w.mark_waiting(id(2), true);
        w.mark_waiting(id(3), true);
        w.remove(id(1));
        w.mark_received(id(2));
        assert_eq!(w.get(id(2)).map(InFlight::stage), Some(Stage::PubComp));
        // Only 3 waits; two entries, one of them sent: no room.
        assert_eq!(w.take_waiting(), None);
        w.clear_waiting();
        assert_eq!(w.len(), 2);
        w.clear();
        assert!(w.is_empty());
        assert_eq!(w.take_waiting(), None);
    }
}
