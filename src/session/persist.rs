//! Unfinished outgoing publications as plain data, for a driver that keeps
//! them across restarts: a page reload, a closed browser.
//!
//! The client's side of a session includes the QoS 1 and 2 messages sent
//! and not completely acknowledged, and those waiting to be sent (MQTT 5.0
//! §4.1, 3.1.1 §4.1). The engine keeps them in memory; a driver that wants
//! them to outlive the page writes [`Session::unfinished_publications`]
//! whenever [`Session::publications_version`] moves, and hands what it kept
//! to [`Session::restore_publications`] before the next [`Session::connect`]
//! with the same client identifier.
//!
//! Exactly once holds across the restart only if the server keeps the
//! session too: Clean Session 0 in 3.1.1, or Clean Start 0 and a Session
//! Expiry Interval in 5.0. Then, after a CONNACK with Session Present, a
//! publication sent and not acknowledged goes again with DUP under its
//! identifier [MQTT-4.4.0-1], and one whose PUBREC arrived gets only its
//! PUBREL, never its PUBLISH again [MQTT-4.3.3-5]. Without the session the
//! server has forgotten them, and the engine treats them as after any
//! reconnect that lost the session (see `resend_in_flight`).

use alloc::vec::Vec;

use super::engine::{Session, State};
use super::event::{CommandId, Event};
use super::in_flight::Stage;
use super::message::OutgoingMessage;
use crate::codec::{PacketId, PubAckReasonCode, QoS};

/// Where a kept publication stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredStage {
    /// Accepted and not yet sent: goes out after CONNACK, in order.
    Queued,
    /// Sent under this identifier (QoS 1 or 2) and not yet acknowledged
    /// (PUBACK, or PUBREC for QoS 2).
    Sent(PacketId),
    /// A QoS 2 publication whose PUBREC arrived: the server owns the
    /// message, and only PUBREL under this identifier is left to send.
    Released(PacketId),
}

/// An unfinished outgoing publication, as a driver keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPublication {
    /// The message. Empty for [`StoredStage::Released`]: nothing of it is
    /// sent again.
    pub message: OutgoingMessage,
    /// Where it stands.
    pub stage: StoredStage,
}

impl Session {
    /// Every unfinished outgoing publication, in the order it goes (again)
    /// out: those sent, in send order, then the queue. Each with the
    /// command whose [`Event::Published`] ends it.
    pub fn unfinished_publications(&self) -> Vec<(CommandId, StoredPublication)> {
        let mut all = Vec::new();
        self.for_each_unfinished(|command, stage, message| {
            let message = message.clone();
            all.push((command, StoredPublication { message, stage }));
        });
        all
    }

    /// Calls `f` for every unfinished outgoing publication, in the order of
    /// [`unfinished_publications`](Session::unfinished_publications),
    /// without copying the messages: for a driver that writes only what
    /// changed. A released publication's message is empty.
    pub fn for_each_unfinished(&self, mut f: impl FnMut(CommandId, StoredStage, &OutgoingMessage)) {
        // Nothing of a released message is sent again [MQTT-4.3.3-5].
        let released = OutgoingMessage::default();
        // By index, as `IdMap::at` explains.
        let mut i = 0;
        while let Some((packet_id, entry)) = self.in_flight.at(i) {
            i += 1;
            match entry.stage() {
                Stage::PubComp => f(entry.command(), StoredStage::Released(packet_id), &released),
                Stage::PubAck | Stage::PubRec => f(
                    entry.command(),
                    StoredStage::Sent(packet_id),
                    entry.message(),
                ),
            }
        }
        let mut i = 0;
        while let Some((command, message)) = self.outbox.at(i) {
            i += 1;
            f(command, StoredStage::Queued, message);
        }
    }

    /// A number that moves whenever [`unfinished_publications`] may have
    /// changed: a publication accepted, sent, acknowledged or completed.
    ///
    /// [`unfinished_publications`]: Session::unfinished_publications
    pub fn publications_version(&self) -> u64 {
        self.outbox.changes() + self.in_flight.changes()
    }

    /// Takes back publications an earlier session of this client left
    /// unfinished, in the order given (that of
    /// [`unfinished_publications`](Session::unfinished_publications)), and
    /// returns the command of each: each ends with one
    /// [`Event::Published`] like any other.
    ///
    /// Publications issued before this call (while the driver read its
    /// storage) stay queued, after the restored ones.
    ///
    /// Only before the first [`connect`](Session::connect): afterwards the
    /// server's view of the identifiers is this session's, and `None` says
    /// that nothing was taken. A kept entry that cannot stand as it is (an
    /// identifier given twice, a QoS 0 message marked sent) is queued as
    /// new instead, or, for a second PUBREL under one identifier, completed:
    /// the server already owns that message. Queued ones beyond
    /// [`QueueLimits`](super::QueueLimits) end at once with
    /// [`CommandError::QueueFull`](super::CommandError::QueueFull), counted
    /// without the publications issued before this call: those were
    /// accepted already and stay, so the queue may stay over its limits
    /// until it drains, and the error's counts leave them out. Sent
    /// ones may be more than the window holds: the surplus waits for room
    /// after the reconnect, as resends do (MQTT 5.0 §4.9).
    pub fn restore_publications(
        &mut self,
        kept: impl IntoIterator<Item = StoredPublication>,
    ) -> Option<Vec<CommandId>> {
        let restore = self.start_restore()?;
        let mut commands = Vec::new();
        for publication in kept {
            commands.push(self.restore_one(restore, publication));
        }
        self.finish_restore(restore);
        Some(commands)
    }

    /// Starts a [`restore_publications`](Self::restore_publications), in
    /// steps for a caller that reads each publication as it goes (the
    /// persistent outbox: no vector of them, nor of their commands):
    /// `None` if the session no longer takes them, otherwise what
    /// [`restore_one`](Self::restore_one) and
    /// [`finish_restore`](Self::finish_restore) need.
    pub(crate) fn start_restore(&self) -> Option<Restore> {
        if self.state() != State::Idle || self.has_connected {
            return None;
        }
        // Publications issued while the driver read its storage go after
        // the restored ones, which are older: the queue is turned once the
        // restored ones are behind them (no vector of its entries' type).
        Some(Restore {
            issued_meanwhile: (self.outbox.len(), self.outbox.bytes()),
        })
    }

    /// Takes back one publication of a restore; returns its command.
    pub(crate) fn restore_one(
        &mut self,
        restore: Restore,
        StoredPublication { message, stage }: StoredPublication,
    ) -> CommandId {
        let command = self.next_command_id();
        match stage {
            StoredStage::Sent(packet_id)
                if message.qos != QoS::AtMostOnce && !self.ids.is_used(packet_id) =>
            {
                self.ids.mark(packet_id);
                let stage = if message.qos == QoS::AtLeastOnce {
                    Stage::PubAck
                } else {
                    Stage::PubRec
                };
                self.in_flight.insert(packet_id, command, message, stage);
            }
            StoredStage::Released(packet_id) if !self.ids.is_used(packet_id) => {
                self.ids.mark(packet_id);
                let message = OutgoingMessage {
                    qos: QoS::ExactlyOnce,
                    ..message
                };
                self.in_flight
                    .insert(packet_id, command, message, Stage::PubComp);
            }
            StoredStage::Released(_) => self.emit(Event::Published {
                id: command,
                result: Ok(PubAckReasonCode::Success),
            }),
            StoredStage::Queued | StoredStage::Sent(_) => {
                // The queue's limits hold for what comes back too; one
                // that does not fit ends now, with the reason.
                // Checked as if those issued meanwhile were not
                // queued yet: they come after.
                let room = self.outbox.check_room_besides(
                    &message,
                    &self.options.queue,
                    restore.issued_meanwhile,
                );
                match room {
                    Ok(()) => self.outbox.push_back(command, message),
                    Err(e) => self.emit(Event::Published {
                        id: command,
                        result: Err(e),
                    }),
                }
            }
        }
        command
    }

    /// Ends a restore: the publications issued meanwhile go behind the
    /// restored ones.
    pub(crate) fn finish_restore(&mut self, restore: Restore) {
        self.outbox.rotate_front_to_back(restore.issued_meanwhile.0);
    }
}

/// A restore under way ([`Session::start_restore`]).
#[derive(Clone, Copy)]
pub(crate) struct Restore {
    /// The queue's publications and bytes issued before the restore.
    issued_meanwhile: (usize, usize),
}
