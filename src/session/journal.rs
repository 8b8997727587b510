//! What a driver writes to its store so that unfinished publications
//! outlive the page: the persistent outbox's bookkeeping, without the
//! storage itself.
//!
//! The driver asks [`OutboxJournal::changes`] after the session moved and
//! writes the puts and deletes it returns, in order, to its store (one
//! IndexedDB transaction in the browser client). A record is put when a
//! publication is accepted, put again when its stage changes (sent under an
//! identifier, or released after PUBREC), and deleted only when its flow
//! completes. Records are keyed by a number that grows with each new
//! publication, so reading the store in key order gives the order in which
//! [`restore`](OutboxJournal::restore) hands them to the session.
//!
//! A publication that ends because the client stopped (ended, refused,
//! given up) has not completed: its record stays, and goes out on the next
//! start.
//!
//! Each record says when its message was accepted, by the wall clock the
//! driver passes in ([`WallTime`]), so that a restored message's Message
//! Expiry Interval counts the time it spent stored (see
//! [`restore`](OutboxJournal::restore)).

use alloc::vec::Vec;

use super::engine::Session;
use super::error::CommandError;
use super::event::CommandId;
use super::expiry::{Aged, ExpiredPublication, age};
use super::message::OutgoingMessage;
use super::persist::{StoredPublication, StoredStage};
use super::record::RecordError;
use super::time::WallTime;
use crate::codec::QoS;

/// What the persistent outbox holds at most, and which messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxOptions {
    /// The most publications stored at once.
    pub max_messages: usize,
    /// The most topic and payload bytes stored at once.
    pub max_bytes: usize,
    /// Whether QoS 0 publications waiting to be sent are stored too. QoS 1
    /// and 2 always are.
    pub qos0: bool,
}

impl Default for OutboxOptions {
    fn default() -> Self {
        OutboxOptions {
            max_messages: 10_000,
            max_bytes: 16 * 1024 * 1024,
            qos0: false,
        }
    }
}

/// A write to the store, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreChange {
    /// Store `record` under `key`, replacing what was there.
    Put {
        /// The record's key.
        key: u64,
        /// See [`StoredPublication::write_record`].
        record: Vec<u8>,
    },
    /// Remove the record under `key`: its flow completed.
    Delete {
        /// The record's key.
        key: u64,
    },
}

/// A record as the store gives it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRecord {
    /// Its key.
    pub key: u64,
    /// Its bytes.
    pub record: Vec<u8>,
}

/// What [`OutboxJournal::restore`] did not hand to the session.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Restored {
    /// Records that do not read back, with why: they stay in the store
    /// untouched.
    pub unreadable: Vec<(u64, RecordError)>,
    /// Publications whose Message Expiry Interval ran out while they were
    /// stored: not sent, and their records deleted by the next
    /// [`changes`](OutboxJournal::changes) (a QoS 2 one sent without
    /// PUBREC is kept as released until PUBCOMP; see
    /// [`ExpiredPublication::released`]).
    pub expired: Vec<ExpiredPublication>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    command: CommandId,
    key: u64,
    stage: StoredStage,
    bytes: usize,
    /// When the message was accepted, as its record says.
    accepted: WallTime,
    /// Seen in the session by the [`changes`](OutboxJournal::changes) under way.
    seen: bool,
}

/// The persistent outbox's limits and what counts against them: the
/// publications stored, and those accepted since. Kept by the
/// [`OutboxJournal`], and by a driver that holds the journal apart from the
/// hot path (the npm package's, whose journal lives in a wasm module of its
/// own): publishing checks only this.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutboxRoom {
    /// The limits (and whether QoS 0 publications are kept).
    pub(crate) options: OutboxOptions,
    /// Publications stored or accepted to be, against `max_messages`.
    pub(crate) messages: usize,
    /// Their topic and payload bytes
    /// ([`queued_size`](OutgoingMessage::queued_size)), against `max_bytes`.
    pub(crate) bytes: usize,
}

impl OutboxRoom {
    /// Nothing counted yet.
    pub(crate) fn new(options: OutboxOptions) -> Self {
        OutboxRoom {
            options,
            messages: 0,
            bytes: 0,
        }
    }

    /// See [`OutboxJournal::keeps`].
    pub(crate) fn keeps(&self, message: &OutgoingMessage) -> bool {
        message.qos != QoS::AtMostOnce || self.options.qos0
    }

    /// See [`OutboxJournal::check_room`]. Always inlined: with two
    /// callers (the journal's and the driver's) it stayed a function of its
    /// own in the npm package, whose publish path has it (41 B gzip).
    #[inline(always)]
    pub(crate) fn check_room(&self, message: &OutgoingMessage) -> Result<(), CommandError> {
        let full = self.messages + 1 > self.options.max_messages
            || self.bytes + message.queued_size() > self.options.max_bytes;
        if self.keeps(message) && full {
            return Err(CommandError::OutboxFull {
                messages: self.messages,
                bytes: self.bytes,
            });
        }
        Ok(())
    }

    /// See [`OutboxJournal::accepted`].
    pub(crate) fn accepted(&mut self, bytes: usize) {
        self.messages += 1;
        self.bytes += bytes;
    }

    /// See [`OutboxJournal::stored`].
    pub(crate) fn stored(&self) -> (usize, usize) {
        (self.messages, self.bytes)
    }
}

/// The persistent outbox's bookkeeping for one session.
#[derive(Debug)]
pub struct OutboxJournal {
    /// The limits, and the publications counted against them: those
    /// stored, and those accepted since.
    room: OutboxRoom,
    /// What the store holds, by command. A sorted vector, not a `BTreeMap`:
    /// the map's code was about 10 KB of the npm package's wasm.
    stored: Vec<Entry>,
    next_key: u64,
    /// The session's publications version at the last [`changes`](Self::changes).
    seen_version: Option<u64>,
    /// Commands that ended because the client stopped: their records stay.
    stopped: Vec<CommandId>,
    /// Keys of expired records the next [`changes`](Self::changes) deletes.
    expired: Vec<u64>,
}

impl OutboxJournal {
    /// A journal with nothing stored yet.
    pub fn new(options: OutboxOptions) -> Self {
        OutboxJournal {
            room: OutboxRoom::new(options),
            stored: Vec::new(),
            next_key: 1,
            seen_version: None,
            stopped: Vec::new(),
            expired: Vec::new(),
        }
    }

    /// Whether `message` is kept in the store.
    pub fn keeps(&self, message: &OutgoingMessage) -> bool {
        self.room.keeps(message)
    }

    /// Refuses a publication the store has no room for, with
    /// [`CommandError::OutboxFull`]; call before
    /// [`Session::publish`], then [`accepted`](Self::accepted) if it was.
    pub fn check_room(&self, message: &OutgoingMessage) -> Result<(), CommandError> {
        self.room.check_room(message)
    }

    /// Counts a publication the session accepted that the outbox
    /// [`keeps`](Self::keeps), of [`queued_size`](OutgoingMessage::queued_size)
    /// `bytes`, until the next [`changes`](Self::changes) counts it from
    /// the session.
    pub fn accepted(&mut self, bytes: usize) {
        self.room.accepted(bytes)
    }

    /// Publications and bytes stored or about to be.
    pub fn stored(&self) -> (usize, usize) {
        self.room.stored()
    }

    /// Hands the records a store kept to `session`, before its first
    /// connect, in key order, at wall-clock time `now`. Returns what was
    /// not handed over: records that do not read back, with why (they stay
    /// in the store untouched, and new keys go above theirs), and
    /// publications whose Message Expiry Interval ran out. `None` if the
    /// session no longer takes them (it connected).
    ///
    /// A message with a Message Expiry Interval goes with the interval
    /// less the whole seconds since it was accepted (MQTT 5.0 §3.3.2.3.3);
    /// once none is left it expires: it is not sent and its record is
    /// deleted. A record from before records were dated counts as accepted
    /// `now`.
    pub fn restore(
        &mut self,
        session: &mut Session,
        mut kept: Vec<KeptRecord>,
        now: WallTime,
    ) -> Option<Restored> {
        // Stores give records in key order (IndexedDB does), for which
        // insertion sort is linear; the standard sorts cost ~12 KB of wasm.
        crate::small_sort::sort_by_key(&mut kept, |k| k.key);
        let mut restored = Restored::default();
        // One walk: each readable record goes to the session as it is
        // read, and its entry straight into `stored` with its command
        // (restored commands are the newest, so the vector stays sorted).
        let restore = session.start_restore();
        for k in &kept {
            // Even when the session takes nothing: new keys go above the
            // kept ones.
            self.next_key = self.next_key.max(k.key.saturating_add(1));
            let Some(restore) = restore else {
                continue;
            };
            let dated = match StoredPublication::read_record(&k.record) {
                Ok(d) => d,
                Err(e) => {
                    restored.unreadable.push((k.key, e));
                    continue;
                }
            };
            let mut p = dated.publication;
            // The stage the record holds: one that aging released is
            // written again as released by the next `changes`.
            let stage = p.stage;
            let accepted = match age(k.key, &mut p, dated.accepted.unwrap_or(now), now) {
                Aged::Kept { accepted } => accepted,
                Aged::Expired(e) => {
                    let released = e.released;
                    restored.expired.push(e);
                    if !released {
                        self.expired.push(k.key);
                        continue;
                    }
                    now
                }
            };
            let bytes = p.message.queued_size();
            self.room.accepted(bytes);
            self.stored.push(Entry {
                command: session.restore_one(restore, p),
                key: k.key,
                stage,
                bytes,
                accepted,
                seen: false,
            });
        }
        session.finish_restore(restore?);
        Some(restored)
    }

    /// Notes how a publication ended: one that ended because the client
    /// stopped keeps its record.
    pub fn completed<T>(&mut self, command: CommandId, result: &Result<T, CommandError>) {
        if let Err(
            CommandError::Cancelled
            | CommandError::ConnectionLost
            | CommandError::ConnectionRefused(_),
        ) = result
        {
            self.stopped.push(command);
        }
    }

    /// Whether `session` moved since the last [`changes`](Self::changes),
    /// or expired records wait to be deleted.
    pub fn is_behind(&self, session: &Session) -> bool {
        self.seen_version != Some(session.publications_version()) || !self.expired.is_empty()
    }

    /// The writes that bring the store up to date with `session`, at
    /// wall-clock time `now` (the acceptance time of publications new
    /// since the last call); empty when nothing kept changed since then.
    pub fn changes(&mut self, session: &Session, now: WallTime) -> Vec<StoreChange> {
        let mut changes = Vec::new();
        // A loop by reference and a `clear`, not `collect` or `drain`:
        // the npm package pays for each.
        for &key in &self.expired {
            changes.push(StoreChange::Delete { key });
        }
        self.expired.clear();
        let version = session.publications_version();
        if self.seen_version == Some(version) {
            return changes;
        }
        self.seen_version = Some(version);
        let mut added = Vec::new();
        let keeps_qos0 = self.room.options.qos0;
        let next_key = &mut self.next_key;
        let stored = &mut self.stored;
        session.for_each_unfinished(|command, stage, message| {
            if message.qos == QoS::AtMostOnce && !keeps_qos0 && stage == StoredStage::Queued {
                return;
            }
            let known = stored.binary_search_by_key(&command, |e| e.command).ok();
            let entry = match known {
                Some(i) => &mut stored[i],
                None => {
                    *next_key += 1;
                    added.push(Entry {
                        command,
                        key: *next_key - 1,
                        stage,
                        bytes: message.queued_size(),
                        accepted: now,
                        seen: true,
                    });
                    added.last_mut().expect("just pushed")
                }
            };
            if known.is_none() || entry.stage != stage {
                entry.stage = stage;
                entry.bytes = message.queued_size();
                let mut record = Vec::new();
                // Fails only for what no packet carries, which the session
                // refused when it was published.
                if StoredPublication::write_record(stage, message, entry.accepted, &mut record)
                    .is_ok()
                {
                    changes.push(StoreChange::Put {
                        key: entry.key,
                        record,
                    });
                }
            }
            entry.seen = true;
        });
        // Rebuilt through `push`, which the npm package links anyway:
        // `retain_mut` was code of its own for the entry type.
        // New entries go through the same walk (they are seen): one
        // consuming loop for the entry type, not two.
        let capacity = self.stored.len() + added.len();
        let mut old = core::mem::replace(&mut self.stored, Vec::with_capacity(capacity));
        old.append(&mut added);
        for mut e in old {
            if core::mem::take(&mut e.seen) {
                self.stored.push(e);
                continue;
            }
            match self.stopped.iter().position(|&c| c == e.command) {
                Some(i) => drop(self.stopped.swap_remove(i)),
                None => changes.push(StoreChange::Delete { key: e.key }),
            }
        }
        // New commands are mostly newer than every stored one: then the
        // insertion sort only compares neighbours, where a search and
        // `Vec::insert` for each were code of their own for the entry type.
        crate::small_sort::sort_by_key(&mut self.stored, |e| e.command);
        let (messages, bytes) = self
            .stored
            .iter()
            .fold((0, 0), |(m, b), e| (m + 1, b + e.bytes));
        self.room.messages = messages;
        self.room.bytes = bytes;
        changes
    }
}
