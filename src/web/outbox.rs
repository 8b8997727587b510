//! The persistent outbox in the browser client: the engine's
//! [`OutboxJournal`] wired to a store the application (or the npm
//! package's `outbox.js`, over IndexedDB) provides.
//!
//! Writes are batched per turn of the event loop: a microtask after the
//! session moved computes the puts and deletes and hands them to the store
//! in one call, which the IndexedDB store makes one transaction. IndexedDB
//! runs a store's read-write transactions in the order they were created,
//! so the records follow the publications in order.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::codec::PubAckReasonCode;
use crate::session::{
    CommandError, CommandId, OutboxJournal, OutboxOptions, OutboxRoom, Session, StoreChange,
    WallTime,
};

/// Where a client keeps its unfinished publications: records by key (see
/// [`OutboxJournal`]). Given to [`MqttClient::open_outbox`](super::MqttClient::open_outbox).
pub trait PublicationStore {
    /// Applies `changes` in order. Called from a microtask; a store that
    /// writes asynchronously must keep the order of the calls.
    fn write(&mut self, changes: Vec<StoreChange>);
}

/// Why [`MqttClient::open_outbox`](super::MqttClient::open_outbox) took
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenOutboxError {
    /// The client was connected without [`ConnectOptions::outbox`](super::ConnectOptions::outbox).
    NotConfigured,
    /// The outbox was opened already, or the client has ended.
    AlreadyOpen,
}

/// The journal and its store once the outbox is open, behind a vtable: the
/// driver calls them only through it, so that in the npm package all of
/// their code (and the restore that makes them) is in the outbox's wasm
/// module of its own (see `src/js/split.rs`), which clients without an
/// outbox never load.
pub(crate) trait Journal {
    /// See [`OutboxJournal::completed`].
    fn completed(&mut self, command: CommandId, result: &Result<PubAckReasonCode, CommandError>);
    /// See [`OutboxJournal::is_behind`].
    fn is_behind(&self, session: &Session) -> bool;
    /// Computes the writes that bring the store up to date with `session`
    /// ([`OutboxJournal::changes`]) and keeps them for
    /// [`flush`](Self::flush); returns the publications and bytes stored
    /// then ([`OutboxJournal::stored`]).
    fn prepare(&mut self, session: &Session, now: WallTime) -> (usize, usize);
    /// Hands the writes [`prepare`](Self::prepare) kept, if any, to the
    /// store: called with the driver released.
    fn flush(&mut self);
}

/// The driver's part: the limits and counts, which publishing checks, and
/// the journal once the outbox is open.
pub(crate) struct Outbox {
    /// Publications accepted before the outbox opened count too.
    pub(crate) room: OutboxRoom,
    /// The journal and its store ([`StoredJournal`]): `None` until the
    /// outbox opens, and while [`flush`](Journal::flush) runs with the
    /// driver released (the driver takes it out).
    pub(crate) journal: Option<Box<dyn Journal>>,
    /// A microtask will write what changed.
    pub(crate) write_scheduled: bool,
}

impl Outbox {
    pub(crate) fn new(options: OutboxOptions) -> Self {
        Outbox {
            room: OutboxRoom::new(options),
            journal: None,
            write_scheduled: false,
        }
    }

    /// Whether a write should be scheduled now.
    pub(crate) fn wants_write(&self, session: &Session) -> bool {
        !self.write_scheduled && self.journal.as_ref().is_some_and(|j| j.is_behind(session))
    }
}

/// The journal and the store it writes to, behind [`Journal`].
pub(crate) struct StoredJournal {
    /// What the store holds, and the changes that bring it up to date.
    pub(crate) journal: OutboxJournal,
    /// Where those changes are written.
    pub(crate) store: Box<dyn PublicationStore>,
    /// What [`Journal::prepare`] computed for [`Journal::flush`].
    pub(crate) pending: Vec<StoreChange>,
}

impl Journal for StoredJournal {
    fn completed(&mut self, command: CommandId, result: &Result<PubAckReasonCode, CommandError>) {
        self.journal.completed(command, result)
    }

    fn is_behind(&self, session: &Session) -> bool {
        self.journal.is_behind(session)
    }

    fn prepare(&mut self, session: &Session, now: WallTime) -> (usize, usize) {
        self.pending = self.journal.changes(session, now);
        self.journal.stored()
    }

    fn flush(&mut self) {
        let changes = core::mem::take(&mut self.pending);
        if !changes.is_empty() {
            self.store.write(changes);
        }
    }
}
