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
        // A plain loop: the iterator chain was code of its own.
        let mut next: Option<Instant> = None;
        for slot in self.0 {
            if let Some(at) = slot
                && next.is_none_or(|n| at < n)
            {
                next = Some(at);
            }
        }
        next
    }

    /// The timers due at `now`, each stopped, to take earliest first with
    /// [`Due::pop`].
    pub(crate) fn expire(&mut self, now: Instant) -> Due {
        let mut due = Due([None; COUNT]);
        for t in ALL {
            if let Some(at) = self.get(t)
                && at <= now
            {
                due.0[t as usize] = Some(at);
                self.stop(t);
            }
        }
        due
    }
}

/// The timers [`Timers::expire`] found due, each with its deadline.
pub(crate) struct Due([Option<Instant>; COUNT]);

impl Due {
    /// Takes the earliest, the first kind of [`Timer`] among equal ones: a
    /// scan of four rather than a sort and an iterator over them, which
    /// were code of their own in the npm package.
    pub(crate) fn pop(&mut self) -> Option<Timer> {
        let mut first: Option<usize> = None;
        for i in 0..COUNT {
            if let Some(at) = self.0[i]
                && first.is_none_or(|f| self.0[f].is_some_and(|earliest| at < earliest))
            {
                first = Some(i);
            }
        }
        let i = first?;
        self.0[i] = None;
        Some(ALL[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_timers_come_earliest_first_and_stopped() {
        let mut timers = Timers::default();
        timers.set(Timer::Reconnect, Instant::from_millis(5));
        timers.set(Timer::Connect, Instant::from_millis(7));
        timers.set(Timer::KeepAlive, Instant::from_millis(5));
        timers.set(Timer::PingResponse, Instant::from_millis(9));
        let mut due = timers.expire(Instant::from_millis(8));
        let order: [Option<Timer>; 4] = core::array::from_fn(|_| due.pop());
        assert_eq!(
            order,
            [
                Some(Timer::KeepAlive),
                Some(Timer::Reconnect),
                Some(Timer::Connect),
                None
            ]
        );
        assert_eq!(timers.next(), Some(Instant::from_millis(9)));
    }
}
