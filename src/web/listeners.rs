//! The Rust API's listeners on a driver: its event streams and what `end`
//! waits on.
//!
//! The driver holds them as a trait object that only the Rust API's calls
//! make (`events`, `end`), so that a build whose clients take events
//! through a sink (the npm package) links neither the code that feeds
//! streams nor the drops of their senders.

use alloc::vec::Vec;

use super::channel::{OneshotSender, Sender};
use super::driver::Completion;
use crate::session::Event;

/// Event streams and end waiters; dropping them closes them all.
pub(crate) trait Listeners {
    /// Adds a stream of events.
    fn add_stream(&mut self, tx: Sender<Event>);

    /// Adds a waiter for the end: closed (dropped, never sent to) once the
    /// client has ended.
    fn add_end_waiter(&mut self, tx: OneshotSender<Completion>);

    /// Sends `event` to every stream still open, dropping the closed ones.
    /// A clone goes to every stream but the last, which takes the event
    /// itself, unless `keep` (a sink takes it too): then it is returned.
    fn fan_out(&mut self, event: Event, keep: bool) -> Option<Event>;
}

/// The listeners the Rust API adds.
#[derive(Default)]
pub(crate) struct Streams {
    streams: Vec<Sender<Event>>,
    /// Of the command futures' type, whose code is linked anyway, rather
    /// than a channel type of its own.
    end_waiters: Vec<OneshotSender<Completion>>,
}

impl Listeners for Streams {
    fn add_stream(&mut self, tx: Sender<Event>) {
        self.streams.push(tx);
    }

    fn add_end_waiter(&mut self, tx: OneshotSender<Completion>) {
        self.end_waiters.push(tx);
    }

    fn fan_out(&mut self, event: Event, keep: bool) -> Option<Event> {
        let last = match keep {
            true => usize::MAX,
            false => self.streams.len().saturating_sub(1),
        };
        let mut event = Some(event);
        let mut i = 0;
        self.streams.retain(|tx| {
            let e = if i == last {
                event.take()
            } else {
                event.clone()
            };
            i += 1;
            e.is_some_and(|e| tx.send(e))
        });
        event
    }
}
