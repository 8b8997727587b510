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

use crate::session::{OutboxJournal, OutboxOptions, Session, StoreChange};

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

/// The driver's part: the journal, and the store once it is open.
pub(crate) struct Outbox {
    pub(crate) journal: OutboxJournal,
    pub(crate) store: Option<Box<dyn PublicationStore>>,
    /// A microtask will write what changed.
    pub(crate) write_scheduled: bool,
}

impl Outbox {
    pub(crate) fn new(options: OutboxOptions) -> Self {
        Outbox {
            journal: OutboxJournal::new(options),
            store: None,
            write_scheduled: false,
        }
    }

    /// Whether a write should be scheduled now.
    pub(crate) fn wants_write(&self, session: &Session) -> bool {
        self.store.is_some() && !self.write_scheduled && self.journal.is_behind(session)
    }
}
