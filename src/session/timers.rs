//! Timers as data: each kind of timer has one slot, and the next deadline is
//! the earliest slot that is set.

use super::time::Instant;

/// The kinds of timer a session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timer {
    /// Opening the transport and CONNACK must be done by then.
    Connect = 0,
    /// Send PINGREQ if nothing has been sent since (§3.1.2.10).
    KeepAlive = 1,
    /// PINGRESP must have arrived by then.
    PingResponse = 2,
    /// Start the next connection attempt.
    Reconnect = 3,
}

const COUNT: usize = 4;
const ALL: [Timer; COUNT] = [
    Timer::Connect,
    Timer::KeepAlive,
    Timer::PingResponse,
    Timer::Reconnect,
];

/// One optional deadline per [`Timer`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Timers([Option<Instant>; COUNT]);

impl Timers {
    pub(crate) fn set(&mut self, timer: Timer, at: Instant) {
        self.0[timer as usize] = Some(at);
    }

    pub(crate) fn stop(&mut self, timer: Timer) {
        self.0[timer as usize] = None;
    }

    pub(crate) fn get(&self, timer: Timer) -> Option<Instant> {
        self.0[timer as usize]
    }

    pub(crate) fn stop_all(&mut self) {
        self.0 = [None; COUNT];
    }

    /// The earliest deadline.
    pub(crate) fn next(&self) -> Option<Instant> {
        self.0.iter().flatten().min().copied()
    }

    /// The timers due at `now`, earliest first, each stopped.
    pub(crate) fn expire(&mut self, now: Instant) -> impl Iterator<Item = Timer> + use<> {
        let mut due: [Option<(Instant, Timer)>; COUNT] = [None; COUNT];
        for t in ALL {
            if let Some(at) = self.get(t)
                && at <= now
            {
                due[t as usize] = Some((at, t));
                self.stop(t);
            }
        }
        crate::small_sort::sort_by_key(&mut due, |d| d.map(|(at, _)| at));
        due.into_iter().flatten().map(|(_, t)| t)
    }
}
